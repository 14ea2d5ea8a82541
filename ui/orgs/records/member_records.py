"""The selected member's campaign records under the member list: scores, report, commitments…"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from brandoffice.services.campaigns import CampaignService
from brandoffice.services.commitments import CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.honours import HonourService
from brandoffice.services.models_deeds import ModelService
from brandoffice.services.orgs import OrgService
from brandoffice.services.party_spirit import REQUIRED_CATEGORIES, PartySpiritService
from brandoffice.services.rows import MemberRow
from brandoffice.services.training import TrainingService
from ui import messages
from ui.home_models import CENTER, Column
from ui.orgs.records.common import HintedTable, RowsModel, number
from ui.orgs.records.evaluation_tab import missing_text
from ui.orgs.runner import Runner
from ui.widgets import day_text, stack

MISSING = QColor("#c0392b")


@dataclass(frozen=True, slots=True)
class MemberFact:
    """One line of a member's records: what, which year, about what, how it stands."""

    kind: str
    year: int | None
    subject: str
    state: str
    attention: bool = False


def _evaluation(ctx: AppContext, member: MemberRow) -> list[MemberFact]:
    service, campaigns = EvaluationService(ctx), CampaignService(ctx)
    facts = []
    for plan in service.plans():
        scope = campaigns.campaign(plan.campaign_id).scope_org_id
        if scope is not None and member.org_id not in OrgService(ctx).subtree(scope):
            continue
        results = service.results(plan.id, member.org_id)
        mine = next((r for r in results.members if r.member_id == member.id), None)
        if mine is None:
            continue
        if mine.complete:
            state = (
                f"自评 {number(mine.self_total)}，群众评议 {number(mine.mass_total)}"
                f"（{mine.mass_evaluators}人），综合 {number(mine.combined)}，"
                f"本单位第 {mine.unit_rank} 名"
            )
        elif len(mine.missing) >= 2 * len(results.criteria):
            state = "尚未评分"
        else:
            state = "尚缺：" + missing_text(mine, len(results.criteria))
        facts.append(
            MemberFact("党员评议", plan.year, plan.campaign_name, state, not mine.complete)
        )
    return facts


def member_facts(ctx: AppContext, member: MemberRow, year: int) -> list[MemberFact]:
    """Read a member's evaluation scores, party-spirit report, commitments, deeds, training."""
    facts = _evaluation(ctx, member)
    reports = PartySpiritService(ctx).reports(year, member_id=member.id)
    required = member.category in {c.value for c in REQUIRED_CATEGORIES}
    for report in reports:
        if report.submitted:
            file = f"，文件：{report.filename}" if report.filename else ""
            state = f"已提交（{day_text(report.submitted_on)}）{file}"
        else:
            state = "未提交"
        facts.append(MemberFact("党性分析报告", year, f"{year}年度", state, not report.submitted))
    if not reports and required:
        facts.append(
            MemberFact("党性分析报告", year, f"{year}年度", "未登记（在职党员须提交）", True)
        )
    for c in CommitmentService(ctx).commitments(member_id=member.id):
        state = f"{day_text(c.made_on)} 承诺；{c.fulfilment or '年终未检查'}"
        facts.append(MemberFact("公开承诺", c.year, " ".join(c.content.split()), state))
    for d in ModelService(ctx).deeds(member_id=member.id):
        honour = f"；{d.commendation}" if d.commendation else ""
        state = f"{day_text(d.deed_on)}，材料 {d.material_count} 份{honour}"
        facts.append(MemberFact("先进典型", d.deed_on.year, d.title, state))
    hours = TrainingService(ctx).member_hours(year, member.org_id)
    mine = next((h for h in hours if h.member_id == member.id), None)
    if mine is not None:
        state = f"参训 {mine.sessions} 次，共 {number(mine.hours)} 学时"
        facts.append(MemberFact("培训", year, f"{year}年度培训", state, mine.sessions == 0))
    for h in HonourService(ctx).commendations():
        if h.member_id == member.id:
            body = f"，{h.awarded_by}" if h.awarded_by and h.decided else ""
            state = f"{h.status}{body}" + (f"；{h.note}" if h.note else "")
            facts.append(MemberFact("表彰", h.year, h.kind, state))
    return facts


class MemberRecordsPanel(QWidget):
    """The records of the member selected in the 党员 tab."""

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.member: MemberRow | None = None
        self._token = 0
        self.title = QLabel("<b>党员创建活动记录</b>", self)
        self.model: RowsModel[MemberFact] = RowsModel(
            [
                Column("项目", lambda f: f.kind),
                Column("年度", lambda f: f.year, lambda f: str(f.year or ""), CENTER),
                Column("内容", lambda f: f.subject),
                Column("情况", lambda f: f.state),
            ],
            foreground=lambda f: MISSING if f.attention else None,
            tooltip=lambda f: f"{f.subject}\n{f.state}",
            parent=self,
        )
        self.table = HintedTable(
            self.model, "选择一名党员，查看其评议得分、党性分析报告、承诺、事迹和培训学时。", self
        )
        self.table.set_widths([90, 50, 230])
        stack(self, self.title, (self.table, 1), flush=True)

    def set_member(self, member: MemberRow | None) -> None:
        """Show a member's records (read off the UI thread), or the hint for None."""
        self.member = member
        self._token += 1
        token = self._token
        self.model.set_rows([])
        if member is None:
            self.title.setText("<b>党员创建活动记录</b>")
            self.table.set_hint(
                "选择一名党员，查看其评议得分、党性分析报告、承诺、事迹和培训学时。"
            )
            return
        year = self.ctx.today().year
        self.title.setText(f"<b>{member.name}</b> 的创建活动记录（{member.category}）")
        self.table.set_hint("正在读取…")
        self.runner.run(
            lambda: member_facts(self.ctx, member, year),
            lambda facts: self._show(token, facts),
            on_error=lambda exc: self._failed(token, exc),
            title="读取党员记录",
        )

    def _show(self, token: int, facts: list[MemberFact]) -> None:
        if token != self._token:
            return
        self.model.set_rows(facts)
        self.table.set_hint("该党员尚无评议、党性分析报告、承诺、事迹或培训记录。")

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self.table.set_hint(f"无法读取：{messages.text_of(exc)}")
