"""The campaign's own fields in the editor: name, year, participating subtree, description."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from brandoffice.services import campaign_edit as edit
from brandoffice.services.context import AppContext
from brandoffice.services.rows import CampaignRow
from ui import messages
from ui.calendar.feedback import error_handler
from ui.orgs.picker import UnitPicker, pick_unit
from ui.orgs.runner import Runner
from ui.orgs.widgets import ErrorLabel


class CampaignForm(QGroupBox):
    """Edit and save the campaign row; ``on_saved`` runs after a successful save."""

    def __init__(
        self,
        ctx: AppContext,
        runner: Runner,
        on_saved: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("活动", parent)
        self.ctx, self.runner, self._on_saved = ctx, runner, on_saved
        self.campaign: CampaignRow | None = None
        self._names: dict[int, str] = {}
        self._scope: int | None = None
        self.name, self.year, self.description = QLineEdit(self), QSpinBox(self), QLineEdit(self)
        self.year.setRange(2000, 2100)
        self.scope_label = QLabel(self)
        self.organiser = QCheckBox("组织单位本身也参加", self)
        self.organiser.setToolTip(
            "勾选后，参加范围所选的组织（如街道党工委）本身也要完成每项任务；"
            "不勾选时只有其下级单位参加（单项任务可在任务中单独勾选）"
        )
        choose = QPushButton("选择…", self)
        choose.clicked.connect(self.choose_scope)
        everyone = QPushButton("全部单位", self)
        everyone.clicked.connect(lambda: self.set_scope(None))
        self.errors = {f: ErrorLabel(self) for f in ("name", "year", "form")}
        save = QPushButton("保存活动信息", self)
        save.clicked.connect(self.save)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope_label, 1)
        scope_row.addWidget(choose)
        scope_row.addWidget(everyone)
        scope_row.addWidget(self.organiser)
        form = QFormLayout(self)
        form.addRow("活动名称", self.name)
        form.addRow("", self.errors["name"])
        form.addRow("年度", self.year)
        form.addRow("", self.errors["year"])
        form.addRow("参加范围", scope_row)
        form.addRow("说明", self.description)
        form.addRow(self.errors["form"], save)

    def load(self, campaign: CampaignRow, names: dict[int, str]) -> None:
        """Show a campaign's fields."""
        self.campaign, self._names = campaign, names
        self.name.setText(campaign.name)
        self.year.setValue(campaign.year)
        self.description.setText(campaign.description or "")
        self.set_scope(campaign.scope_org_id)
        self.organiser.setChecked(campaign.organiser_takes_part)
        for label in self.errors.values():
            label.set_message(None)

    def set_scope(self, org_id: int | None) -> None:
        """Set the participating subtree (None: every unit)."""
        self._scope = org_id
        if org_id is None:
            self.scope_label.setText("全部单位")
            self.organiser.setEnabled(False)
        else:
            self.organiser.setEnabled(True)
            self.scope_label.setText(f"{self._names.get(org_id, str(org_id))}及其下级")

    def choose_scope(self) -> UnitPicker:
        """Pick the participating subtree."""
        return pick_unit(
            self.ctx, self, "参加范围", "选择参加活动的组织（含其全部下级）：", self.set_scope
        )

    def save(self) -> None:
        """Save name, year, scope and description (a new scope re-applies every task)."""
        for label in self.errors.values():
            label.set_message(None)
        if self.campaign is None:
            return
        ctx, cid, version = self.ctx, self.campaign.id, self.campaign.version
        name, year, scope = self.name.text(), self.year.value(), self._scope
        organiser = self.organiser.isChecked()
        text = self.description.text().strip() or None

        def work() -> edit.ResyncResult:
            return edit.update_campaign(
                ctx,
                cid,
                version,
                name=name,
                year=year,
                scope_org_id=scope,
                description=text,
                organiser_takes_part=organiser,
            )[1]

        def show(field: str | None, message: str) -> None:
            self.errors.get(field or "form", self.errors["form"]).set_message(message)

        def done(result: edit.ResyncResult) -> None:
            self._on_saved()
            if result.added or result.removed or result.kept:
                messages.inform(
                    self,
                    "参加范围已更改",
                    f"新增 {result.added} 项任务进度，删除 {result.removed} 项未开展的，"
                    f"{result.kept} 项已有记录的改为“不适用”。",
                )

        self.runner.run(work, done, write=True, on_error=error_handler(self.runner, show))
