"""The 党员评议 tab: the unit's members' results in a campaign's evaluation, scores, nominations."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_results import (
    EvalCriterionRow,
    EvaluationPlanRow,
    EvaluationResults,
    MemberResult,
)
from brandoffice.services.record_helpers import percent, rate
from brandoffice.services.rows import CampaignRow, OrgRow
from ui import messages
from ui.home_models import CENTER, RIGHT, Column
from ui.orgs.records.common import HintedTable, RecordTab, RowsModel, button_bar, number
from ui.orgs.records.evaluation_dialogs import EXCELLENT, NominateDialog, PlanDialog, ScoreDialog
from ui.orgs.runner import Runner
from ui.readonly import enable
from ui.widgets import stack

GREY = QColor("#8a8a8a")


@dataclass(frozen=True)
class EvaluationData:
    """What the tab shows: every evaluation, the chosen one's results, campaigns without one."""

    plans: list[EvaluationPlanRow]
    results: EvaluationResults | None
    open_campaigns: list[CampaignRow]

    @property
    def criteria(self) -> list[EvalCriterionRow]:
        """Return the chosen evaluation's criteria."""
        return list(self.results.criteria) if self.results else []


def load_evaluation(ctx: AppContext, org_id: int, year: int, wanted: int | None) -> EvaluationData:
    """Read the evaluations and the results of the wanted one (or the year's) for a unit."""
    service = EvaluationService(ctx)
    plans = service.plans()
    with_plan = {p.campaign_id for p in plans}
    campaigns = [c for c in CampaignService(ctx).campaigns() if c.id not in with_plan]
    ids = [p.id for p in plans]
    chosen = wanted if wanted in ids else None
    if chosen is None and plans:
        chosen = next((p.id for p in plans if p.year == year), plans[0].id)
    results = service.results(chosen, org_id) if chosen is not None else None
    return EvaluationData(plans, results, campaigns)


def criteria_count(data: EvaluationData | None) -> int:
    """Return how many criteria the evaluation shown has."""
    return len(data.criteria) if data is not None else 0


def missing_text(row: MemberResult, criteria: int) -> str:
    """Return what is still to be scored, by source: ``群众评议（全部）；自评：自觉学习``."""
    by_source: dict[str, list[str]] = {}
    for item in row.missing:
        source, _sep, name = item.partition("：")
        by_source.setdefault(source, []).append(name)
    parts = [
        f"{source}（全部）" if len(names) >= criteria else f"{source}：{'、'.join(names)}"
        for source, names in by_source.items()
    ]
    return "；".join(parts)


def _colour(row: MemberResult) -> QColor | None:
    return None if row.complete else GREY


class EvaluationTab(RecordTab):
    """党员评议 of the unit and the units below it."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.wanted: int | None = None
        self.plan_combo = QComboBox(self)
        self.plan_combo.setMinimumContentsLength(24)
        self.plan_combo.activated.connect(self._plan_chosen)
        self.model: RowsModel[MemberResult] = RowsModel(
            [
                Column("党员", lambda r: r.name),
                Column("所在单位", lambda r: r.unit_name),
                Column("类别", lambda r: r.category),
                Column("自评", lambda r: r.self_total, lambda r: number(r.self_total), RIGHT),
                Column("群众评议", lambda r: r.mass_total, lambda r: number(r.mass_total), RIGHT),
                Column("参评人数", lambda r: r.mass_evaluators, align=RIGHT),
                Column("综合得分", lambda r: r.combined, lambda r: number(r.combined), RIGHT),
                Column(
                    "单位排名", lambda r: r.unit_rank, lambda r: str(r.unit_rank or "—"), CENTER
                ),
                Column("尚缺评分", lambda r: missing_text(r, criteria_count(self.data))),
            ],
            foreground=_colour,
            tooltip=lambda r: ("尚缺：" + "、".join(r.missing)) if r.missing else None,
            parent=self,
        )
        self.table = HintedTable(self.model, "", self)
        self.table.set_widths([70, 150, 80, 60, 70, 64, 70, 64])
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["登记评分"].click())
        bar, self.buttons = button_bar(
            self,
            ("登记评分…", self.enter_scores),
            (f"推荐{EXCELLENT}…", self.nominate),
            ("设置党员评议…", self.new_plan),
        )
        top = QHBoxLayout()
        top.addWidget(QLabel("评议：", self))
        top.addWidget(self.plan_combo, 1)
        top.addLayout(bar)
        stack(self, top, self.note, (self.table, 1), flush=True)

    def fetch(self, org: OrgRow, year: int) -> EvaluationData:
        """Read the evaluations and the chosen one's results of the unit's subtree."""
        return load_evaluation(self.ctx, org.id, year, self.wanted)

    def present(self, data: EvaluationData) -> None:
        """Fill the evaluation list, the results and the summary line."""
        self.plan_combo.clear()
        for plan in data.plans:
            self.plan_combo.addItem(
                f"{plan.campaign_name}（{plan.year}年度，{plan.standard}）", plan.id
            )
        results = data.results
        enable(self.buttons["设置党员评议"], bool(data.open_campaigns))
        for key in ("登记评分", f"推荐{EXCELLENT}"):
            enable(self.buttons[key], results is not None)
        if results is None:
            self.model.set_rows([])
            self.note.setText("")
            self.table.set_hint(
                "尚未设置党员评议。\n点击“设置党员评议…”，为创建活动选择“五带头”或“五个模范”标准。"
                if data.open_campaigns
                else "尚未设置党员评议，请先在“阶段日历”中新建创建活动。"
            )
            return
        plan = results.plan
        self.wanted = plan.id
        self.plan_combo.setCurrentIndex(self.plan_combo.findData(plan.id))
        self.model.set_rows(results.members)
        self.table.set_hint("本单位及下级组织没有党员。")
        self.note.setText(evaluation_summary(results))

    def _plan_chosen(self, index: int) -> None:
        self.wanted = self.plan_combo.itemData(index)
        self.refresh()

    def selected(self) -> MemberResult | None:
        """Return the member selected in the results."""
        found = self.table.current()
        return found if isinstance(found, MemberResult) else None

    def enter_scores(self) -> ScoreDialog | None:
        """Open the score form of the selected member."""
        data: EvaluationData | None = self.data
        member = self.selected()
        if data is None or data.results is None:
            return None
        if member is None:
            messages.inform(self, "登记评分", "请先在列表中选择一名党员。")
            return None
        return self.open_dialog(
            ScoreDialog(self.ctx, self, data.results.plan, data.criteria, member),
            lambda _saved: self._rescored(member.member_id),
        )

    def _rescored(self, member_id: int) -> None:
        self.refresh(lambda r: r.member_id == member_id)

    def nominate(self) -> NominateDialog | None:
        """Open the nomination of 优秀共产党员 from the results."""
        data: EvaluationData | None = self.data
        if data is None or data.results is None or self.org is None:
            return None
        dialog = NominateDialog(self.ctx, self, data.results.plan, self.org.id)
        return self.open_dialog(dialog, lambda _saved: self._nominated(dialog))

    def _nominated(self, dialog: NominateDialog) -> None:
        names = "、".join(c.recipient for c in dialog.made)
        year = dialog.plan.year
        messages.inform(
            self,
            f"推荐{EXCELLENT}",
            f"已推荐 {names} 为{year}年度“{EXCELLENT}”人选，表彰机关决定后在“表彰”中登记结果。",
        )
        self.refresh()

    def new_plan(self) -> PlanDialog | None:
        """Open the form that sets up a campaign's evaluation."""
        data: EvaluationData | None = self.data
        if data is None:
            return None
        return self.open_dialog(PlanDialog(self.ctx, self, data.open_campaigns), self._plan_made)

    def _plan_made(self, plan: EvaluationPlanRow | None) -> None:
        if plan is not None:
            self.wanted = plan.id
        self.refresh()


def evaluation_summary(results: EvaluationResults) -> str:
    """Return the line over the results: standard, weights, evaluated members, mean score."""
    plan = results.plan
    members = len(results.members)
    done = [m.combined for m in results.members if m.combined is not None]
    mean = number(round(sum(done) / len(done), 2)) if done else "—"
    total = plan.self_weight + plan.mass_weight
    own, mass = (round(w / total * 100, 1) for w in (plan.self_weight, plan.mass_weight))
    weights = f"自评{number(own)}%、群众评议{number(mass)}%"
    return (
        f"{plan.standard}标准（{weights}）。本单位及下级党员 <b>{members}</b> 人，"
        f"已完成评议 <b>{len(done)}</b> 人（{percent(rate(len(done), members))}），"
        f"平均综合得分 <b>{mean}</b>。"
    )
