"""The 新建创建活动 dialog: from a shipped template (seeds 000, 001, 004) or from scratch."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import CampaignRow
from brandoffice.services.template_campaigns import TemplateCampaign, create_campaign_from_template
from brandoffice.services.templates import TemplateInfo, list_templates
from ui import messages
from ui.calendar.feedback import error_handler
from ui.orgs.picker import UnitPicker, pick_unit
from ui.orgs.runner import Runner
from ui.orgs.widgets import ErrorLabel
from ui.widgets import dialog_layout, spin_box


class NewCampaignDialog(QDialog):
    """Create a campaign; ``created`` carries the new row. Open with ``open()``.

    Signals:
        created(object): The new ``CampaignRow``.
    """

    created = Signal(object)

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.setWindowTitle("新建创建活动")
        self.scope_org_id: int | None = None
        self.templates: list[TemplateInfo] = list_templates()
        self.from_template = QRadioButton("按模板创建（含各阶段和任务）", self)
        self.from_scratch = QRadioButton("创建空白活动（之后自己添加阶段和任务）", self)
        group = QButtonGroup(self)
        group.addButton(self.from_template)
        group.addButton(self.from_scratch)
        self.template = QComboBox(self)
        for info in self.templates:
            label = info.name if info.problem is None else f"{info.name}（模板有误）"
            self.template.addItem(label, info.key)
        self.template_info = QLabel(self)
        self.template_info.setWordWrap(True)
        self.name = QLineEdit(self)
        self.year = spin_box(self, 2000, 2100, ctx.today().year)
        self.scope_label = QLabel("全部单位", self)
        choose = QPushButton("选择…", self)
        choose.clicked.connect(self.choose_scope)
        everyone = QPushButton("全部单位", self)
        everyone.clicked.connect(lambda: self.set_scope(None))
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope_label, 1)
        scope_row.addWidget(choose)
        scope_row.addWidget(everyone)
        self.errors = {
            f: ErrorLabel(self) for f in ("template", "name", "year", "scope_org_id", "form")
        }
        form = QFormLayout()
        form.addRow(self.from_template)
        form.addRow("模板", self.template)
        form.addRow("", self.template_info)
        form.addRow("", self.errors["template"])
        form.addRow(self.from_scratch)
        form.addRow("活动名称", self.name)
        form.addRow("", self.errors["name"])
        form.addRow("年度", self.year)
        form.addRow("", self.errors["year"])
        form.addRow("参加范围", scope_row)
        form.addRow("", self.errors["scope_org_id"])
        dialog_layout(self, form, self.errors["form"], ok_text="创建", on_ok=self.create_campaign)
        self.from_template.toggled.connect(self._mode_changed)
        self.template.currentIndexChanged.connect(lambda _i: self._template_changed())
        self.year.valueChanged.connect(lambda _v: self._suggest_name())
        self.from_template.setChecked(bool(self.templates))
        self.from_scratch.setChecked(not self.templates)
        self._template_changed()
        self.resize(560, 0)

    def _info(self) -> TemplateInfo | None:
        key = self.template.currentData()
        return next((t for t in self.templates if t.key == key), None)

    def _mode_changed(self, templated: bool) -> None:
        self.template.setEnabled(templated)
        self.template_info.setEnabled(templated)
        self._suggest_name()

    def _template_changed(self) -> None:
        info = self._info()
        if info is None:
            self.template_info.setText("")
        elif info.problem:
            self.template_info.setText(f"<span style='color:#c0392b'>{info.problem}</span>")
        else:
            self.template_info.setText(
                f"{info.description}<br>共 {info.phase_count} 个阶段、{info.task_count} 项任务"
            )
        self._suggest_name()

    def _suggest_name(self) -> None:
        if self.name.isModified():
            return
        info = self._info()
        base = info.name if info and self.from_template.isChecked() else "党建品牌创建活动"
        self.name.setText(f"{self.year.value()}年{base}")

    def choose_scope(self) -> UnitPicker:
        """Pick the unit whose subtree takes part."""
        return pick_unit(
            self.ctx, self, "参加范围", "选择参加活动的组织（含其全部下级）：", self.set_scope
        )

    def set_scope(self, org_id: int | None) -> None:
        """Set the participating subtree (None: every unit)."""
        self.scope_org_id = org_id
        name = OrgService(self.ctx).get(org_id).name if org_id is not None else "全部单位"
        self.scope_label.setText(name if org_id is None else f"{name}及其下级")

    def create_campaign(self) -> None:
        """Check the fields, then create off the UI thread."""
        for label in self.errors.values():
            label.set_message(None)
        name, year, scope = self.name.text().strip(), self.year.value(), self.scope_org_id
        if not name:
            self.errors["name"].set_message("请填写活动名称")
            return
        ctx = self.ctx
        if self.from_template.isChecked():
            info = self._info()
            if info is None or info.problem:
                self.errors["template"].set_message(info.problem if info else "请选择模板")
                return
            key = info.key

            def work() -> CampaignRow | TemplateCampaign:
                return create_campaign_from_template(ctx, key, name, year, scope)
        else:

            def work() -> CampaignRow | TemplateCampaign:
                return CampaignService(ctx).create_campaign(name, year, scope_org_id=scope)

        on_error = error_handler(self.runner, self._show_error)
        self.runner.run(
            work,
            self._created,
            write=True,
            on_error=on_error,
            title="新建创建活动",
            label="正在创建活动…",
        )

    def _created(self, made: CampaignRow | TemplateCampaign) -> None:
        row = made.campaign if isinstance(made, TemplateCampaign) else made
        self.created.emit(row)
        self.accept()
        if isinstance(made, TemplateCampaign) and made.moved:
            messages.inform(self.parentWidget(), "截止日期已调整到工作日", made.message())

    def _show_error(self, field: str | None, text: str) -> None:
        self.errors.get(field or "form", self.errors["form"]).set_message(text)
