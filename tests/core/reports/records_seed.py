"""Campaign records for the report tests: each kind the campaign's year lacks is added."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from brandoffice.model import Member, table_of
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_results import FIVE_LEADS
from brandoffice.services.funds import FundDraft, FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.orgs import OrgService, subtree_ids
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.rows import CampaignRow
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingDraft, TrainingService

MEMBER = table_of(Member)
SERVING = "在职党员"
D = dt.date


def ensure_records(ctx: AppContext, campaign: CampaignRow) -> None:
    """Add, within the campaign's scope and year, an example of every kind it has none of.

    The campaign needs at least two units with serving members, one unit graded 先进 and
    one 后进 (the demo street and ``records_fixtures.build_street`` both have them).
    """
    year, scope = campaign.year, campaign.scope_org_id
    with ctx.db.read() as s:
        inside = None if scope is None else set(subtree_ids(s, scope))
        query = select(MEMBER.c.id, MEMBER.c.org_id, MEMBER.c.category).order_by(MEMBER.c.id)
        every = list(s.execute(query))
    units = [o for o in OrgService(ctx).all_rows() if inside is None or o.id in inside]
    units.sort(key=lambda o: o.id)
    members = [m for m in every if m.org_id in {u.id for u in units}]
    serving = [m for m in members if m.category == SERVING]
    first_unit = serving[0].org_id
    evaluation = EvaluationService(ctx)
    if evaluation.plan_of_campaign(campaign.id) is None:
        plan = evaluation.create_plan(campaign.id, "五带头")
        for i, m in enumerate(m for m in serving if m.org_id == first_unit):
            own, mass = dict.fromkeys(FIVE_LEADS, 90 - i), dict.fromkeys(FIVE_LEADS, 85 - 2 * i)
            evaluation.set_scores(plan.id, m.id, "自评", own)
            evaluation.set_scores(plan.id, m.id, "群众评议", mass, evaluator_count=10)
    spirit = PartySpiritService(ctx)
    if not spirit.reports(year, org_id=scope):
        for m in serving[:-1]:
            spirit.record(m.id, year, submitted_on=D(year, 4, 30))
    commitments = CommitmentService(ctx)
    if not commitments.counts(year, scope):
        made = commitments.create(
            CommitmentDraft("每月开展一次便民服务日", D(year, 3, 5), first_unit)
        )
        commitments.check(made.id, made.version, "已兑现", checked_on=D(year, 5, 10))
        commitments.create(
            CommitmentDraft("包联3户困难群众", D(year, 3, 6), member_id=serving[0].id)
        )
    reviews = SecretaryReviewService(ctx)
    if not [r for r in reviews.reviews(None, scope) if r.year <= year]:
        with_members = list(dict.fromkeys(m.org_id for m in serving))
        for org, score in zip(with_members, (95, 85, 55), strict=False):
            review = reviews.create(org, year - 1, reported_on=D(year, 1, 15), score=score)
            if score < 60:
                reviews.add_point(review.id, "“三会一课”记录不全", "补齐记录并按月检查")
    deeds = ModelService(ctx)
    if not deeds.deeds(year, org_id=scope):
        deeds.create_deed(DeedDraft("红色驿站服务群众", D(year, 4, 8), org_id=first_unit))
        deeds.create_deed(DeedDraft("扎根社区的调解员", D(year, 4, 9), member_id=serving[0].id))
    points = [u for u in units if u.is_demo_point]
    funds = FundService(ctx)
    if points and not funds.totals(year):
        for kind, amount, day in (
            ("申请", "10000", 1),
            ("批准", "8000.50", 10),
            ("支出", "1234.56", 20),
        ):
            funds.add(FundDraft(kind, amount, "阵地建设", D(year, 3, day), org_id=points[0].id))
    training = TrainingService(ctx)
    if not training.sessions(year, org_id=scope):
        session = training.create(
            TrainingDraft(units[0].id, D(year, 4, 2), "街道级", "党章党规", 3)
        )
        training.set_attendees(session.id, [m.id for m in members[:3]], absent=[members[3].id])
        branch = training.create(
            TrainingDraft(first_unit, D(year, 5, 6), "支部级", "三会一课", 1.5)
        )
        training.set_attendees(branch.id, [m.id for m in serving if m.org_id == first_unit])
    benchmarks = BenchmarkService(ctx)
    if not benchmarks.benchmarks(year, scope):
        model = next(u for u in units if u.grade == "先进")
        lagging = next(u for u in units if u.grade == "后进")
        grades = GradeService(ctx)
        grades.record(lagging.id, year - 1, "后进", source="年度考核")
        grades.record(lagging.id, year, "中间", source="年度考核")
        benchmarks.create(BenchmarkDraft(lagging.id, year, model.id, gaps="活动阵地不足"))
