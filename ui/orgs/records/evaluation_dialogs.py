"""Forms of the 党员评议 tab: open an evaluation, enter a member's scores, nominate."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import CommendationKind, EvaluationSource, MemberStandard
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_nominations import NominationService
from brandoffice.services.evaluation_results import (
    DEFAULT_MASS_WEIGHT,
    DEFAULT_SELF_WEIGHT,
    Candidate,
    EvalCriterionRow,
    EvaluationPlanRow,
    MemberResult,
)
from brandoffice.services.rows import CampaignRow
from ui import messages
from ui.home_models import RIGHT, Column
from ui.orgs.records.checks_model import ChecksModel
from ui.orgs.records.common import RecordDialog, make_view, number, optional, text_box
from ui.orgs.widgets import ErrorLabel
from ui.widgets import dialog_layout, spin_box

EXCELLENT = CommendationKind.EXCELLENT_MEMBER.value


class PlanDialog(RecordDialog):
    """Open a campaign's member evaluation: standard (五带头/五个模范) and weights."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, campaigns: list[CampaignRow]
    ) -> None:
        super().__init__(parent, "设置党员评议")
        self.service = EvaluationService(ctx)
        self.campaign_combo = QComboBox(self)
        for campaign in campaigns:
            self.campaign_combo.addItem(f"{campaign.name}（{campaign.year}）", campaign.id)
        self.standard_combo = QComboBox(self)
        for standard in (MemberStandard.FIVE_LEADS, MemberStandard.FIVE_MODELS):
            self.standard_combo.addItem(standard.value, standard.value)
        self.self_weight = _weight(self, DEFAULT_SELF_WEIGHT)
        self.mass_weight = _weight(self, DEFAULT_MASS_WEIGHT)
        self.note_edit = text_box(self, lines=2)
        self.add_row("创建活动", self.campaign_combo, "campaign_id")
        self.add_row("评议标准", self.standard_combo, "standard", "criteria")
        self.add_row("自评权重", self.self_weight, "self_weight")
        self.add_row("群众评议权重", self.mass_weight, "mass_weight")
        self.add_row("备注", self.note_edit, "note")
        self.finish()

    def save(self) -> EvaluationPlanRow:
        """Create the evaluation."""
        campaign = self.campaign_combo.currentData()
        if campaign is None:
            raise KnownError("所有创建活动都已设置党员评议")
        return self.service.create_plan(
            int(campaign),
            str(self.standard_combo.currentData()),
            self_weight=self.self_weight.value(),
            mass_weight=self.mass_weight.value(),
            note=optional(self.note_edit.toPlainText()),
        )


def _weight(parent: QWidget, value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setRange(0, 1)
    spin.setSingleStep(0.1)
    spin.setDecimals(2)
    spin.setValue(value)
    return spin


class ScoreDialog(RecordDialog):
    """Enter a member's scores from one source (自评, or the mean of the masses' sheets)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        plan: EvaluationPlanRow,
        criteria: list[EvalCriterionRow],
        member: MemberResult,
    ) -> None:
        super().__init__(parent, f"登记评分：{member.name}")
        self.service = EvaluationService(ctx)
        self.plan, self.member = plan, member
        self.source_combo = QComboBox(self)
        for source in EvaluationSource:
            self.source_combo.addItem(source.value, source.value)
        self.count_spin = spin_box(self, 1, 9999, suffix=" 人")
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.add_row("党员", QLabel(f"{member.name}（{member.unit_name}）", self))
        self.add_row("评分来源", self.source_combo, "source")
        self.add_row("参评人数", self.count_spin, "evaluator_count")
        for criterion in criteria:
            spin = QDoubleSpinBox(self)
            spin.setRange(0, criterion.max_score)
            spin.setDecimals(1)
            spin.setSuffix(f" / {number(criterion.max_score)}")
            self.spins[criterion.name] = spin
            self.form.addRow(f"{criterion.name}（权重{number(criterion.weight * 100)}%）", spin)
        self.scores_error = ErrorLabel(self)
        self.form.addRow("", self.scores_error)
        self.errors["scores"] = self.scores_error
        self.by_id = {c.id: c.name for c in criteria}
        self.source_combo.currentIndexChanged.connect(lambda _i: self._fill())
        self.finish(480)
        self._fill()

    def source(self) -> str:
        """Return the chosen source."""
        return str(self.source_combo.currentData())

    def _fill(self) -> None:
        """Show the scores already given from the chosen source."""
        own = self.source() == EvaluationSource.SELF.value
        self.count_spin.setEnabled(not own)
        given = [
            s
            for s in self.service.scores(self.plan.id, self.member.member_id)
            if s.source == self.source()
        ]
        values = {
            self.by_id[s.criterion_id]: s.score for s in given if s.criterion_id in self.by_id
        }
        for name, spin in self.spins.items():
            spin.setValue(values.get(name, 0.0))
        self.count_spin.setValue(1 if own else max([s.evaluator_count for s in given] or [1]))

    def save(self) -> Any:
        """Store the scores of the chosen source."""
        return self.service.set_scores(
            self.plan.id,
            self.member.member_id,
            self.source(),
            {name: spin.value() for name, spin in self.spins.items()},
            evaluator_count=self.count_spin.value() if self.count_spin.isEnabled() else 1,
        )


class NominateDialog(QDialog):
    """Propose 优秀共产党员 from the results, let the clerk untick, confirm, commend.

    After ``accepted``, :attr:`made` holds the commendations stored.
    """

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, plan: EvaluationPlanRow, org_id: int
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"推荐{EXCELLENT}")
        self.service = NominationService(ctx)
        self.ctx, self.plan, self.org_id = ctx, plan, org_id
        self.made: list[Any] = []
        self.top_box = QCheckBox("每个单位前", self)
        self.top_box.setChecked(True)
        self.top_spin = spin_box(self, 1, 99, 1, " 名")
        self.line_box = QCheckBox("综合得分不低于", self)
        self.line_spin = QDoubleSpinBox(self)
        self.line_spin.setRange(0, 100)
        self.line_spin.setValue(85)
        self.line_spin.setSuffix(" 分")
        find = QPushButton("查找人选", self)
        find.clicked.connect(self.find_candidates)
        rules = QHBoxLayout()
        for widget in (self.top_box, self.top_spin, self.line_box, self.line_spin, find):
            rules.addWidget(widget)
        rules.addStretch(1)
        self.model: ChecksModel[Candidate] = ChecksModel(
            ["推荐"],
            [
                Column("党员", lambda c: c.result.name),
                Column("所在单位", lambda c: c.result.unit_name),
                Column(
                    "综合得分",
                    lambda c: c.result.combined,
                    lambda c: number(c.result.combined),
                    RIGHT,
                ),
                Column("单位排名", lambda c: c.result.unit_rank, align=RIGHT),
                Column(
                    "说明",
                    lambda c: f"已有{plan.year}年度推荐或表彰" if c.already_commended else "",
                ),
            ],
            lambda c: c.result.member_id,
            enabled=lambda c: not c.already_commended,
            parent=self,
        )
        self.view = make_view(self.model, self)  # type: ignore[arg-type]
        self.view.setColumnWidth(0, 50)
        self.count = QLabel(self)
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("评议", QLabel(f"{plan.campaign_name}（{plan.year}年度）", self))
        dialog_layout(
            self, form, rules, (self.view, 1), self.count, self.error,
            ok_text="推荐…", on_ok=self.confirm,
        )  # fmt: skip
        self.resize(620, 460)
        self.find_candidates()

    def find_candidates(self) -> None:
        """List the members the rules pick, ticked unless already commended."""
        self.error.set_message(None)
        try:
            found = self.service.candidates(
                self.plan.id,
                top_n=self.top_spin.value() if self.top_box.isChecked() else None,
                threshold=self.line_spin.value() if self.line_box.isChecked() else None,
                org_id=self.org_id,
            )
        except KnownError as exc:
            self.error.set_message(str(exc))
            found = []
        ticked = {c.result.member_id: 0 for c in found if not c.already_commended}
        self.model.set_rows(found, ticked)
        self.count.setText(f"符合条件 {len(found)} 人" if found else "没有符合条件的党员")

    def confirm(self) -> None:
        """Ask before nominating the ticked members."""
        chosen = self.model.marked(0)
        if not chosen:
            self.error.set_message("请勾选要推荐的党员")
            return
        names = "、".join(c.result.name for c in chosen)
        messages.ask(
            self,
            f"推荐{EXCELLENT}",
            f"确定推荐 {names}（共 {len(chosen)} 人）为{self.plan.year}年度“{EXCELLENT}”人选吗？"
            "推荐后在“表彰”中登记表彰机关的决定。",
            ["推荐", "取消"],
            lambda choice: self._nominate(chosen) if choice == 0 else None,
            default=1,
        )

    def _nominate(self, chosen: list[Candidate]) -> None:
        try:
            self.made = self.service.nominate(
                self.plan.id, [c.result.member_id for c in chosen], nominated_on=self.ctx.today()
            )
        except KnownError as exc:
            self.error.set_message(str(exc))
            return
        self.accept()
