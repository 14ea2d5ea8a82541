"""The campaign-record services' summaries on PostgreSQL (SQL that differs between dialects)."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.app import open_context
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.demo_points import DemoPointService
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_nominations import NominationService
from brandoffice.services.evaluation_results import FIVE_LEADS
from brandoffice.services.funds import FundDraft, FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.services.records_fixtures import build_street

D = dt.date


@pytest.mark.postgres
def test_record_summaries_on_postgres(pg_url: str) -> None:
    ctx = open_context(pg_url, clock=lambda: dt.datetime(2026, 5, 20, 9))
    street = build_street(ctx)
    m = street.members

    evaluation = EvaluationService(ctx)
    plan = evaluation.create_plan(street.campaign)
    evaluation.set_scores(plan.id, m["张伟"], "自评", dict.fromkeys(FIVE_LEADS, 90))
    evaluation.set_scores(
        plan.id, m["张伟"], "群众评议", dict.fromkeys(FIVE_LEADS, 80), evaluator_count=5
    )
    assert {u.unit_name: u.mean for u in evaluation.results(plan.id).units}[
        "幸福驿站社区党委"
    ] == 83
    honour = NominationService(ctx).nominate(plan.id, [m["张伟"]])[0]

    PartySpiritService(ctx).record(m["张伟"], 2026, filename="a.docx", data=b"report")
    spirit = {r.unit_name: r for r in PartySpiritService(ctx).completion(2026)}
    assert (spirit["幸福驿站社区党委"].required, spirit["幸福驿站社区党委"].submitted) == (2, 1)

    commitments = CommitmentService(ctx)
    row = commitments.create(
        CommitmentDraft("走访群众", D(2026, 3, 1), member_id=m["张伟"], published_in=["公示栏"])
    )
    commitments.check(row.id, row.version, "已兑现")
    counted = commitments.counts(2026)[0]
    assert (counted.unit_name, counted.by_members, counted.fulfilled) == ("幸福驿站社区党委", 1, 1)

    SecretaryReviewService(ctx).create(street.xingfu, 2025, score=88)
    assert SecretaryReviewService(ctx).rating_counts(2025)["较好"] == 1

    deed = ModelService(ctx).create_deed(
        DeedDraft("好党员", D(2026, 5, 1), member_id=m["张伟"], commendation_id=honour.id)
    )
    assert deed.commendation == "2026年度优秀共产党员"
    assert [d.title for d in ModelService(ctx).deeds(2026, org_id=street.root)] == ["好党员"]
    DemoPointService(ctx).add_note(street.guangming, D(2026, 4, 1), "阵地改造")
    summary = DemoPointService(ctx).summary(street.root, 2026)
    assert (summary.count, summary.points[0].notes_in_year) == (1, 1)

    brand = BrandService(ctx).create(BrandDraft(org_id=street.xingfu, name="幸福驿站", year=2026))
    funds = FundService(ctx)
    funds.add(FundDraft("批准", "100.10", "标识", D(2026, 3, 1), brand_id=brand.id))
    funds.add(FundDraft("支出", "0.10", "标识", D(2026, 3, 2), brand_id=brand.id))
    assert funds.overall(2026).shown()["结余"] == "100.00"

    training = TrainingService(ctx)
    session = training.create(TrainingDraft(street.root, D(2026, 4, 1), "街道级", "党课", 2.5))
    training.set_attendees(session.id, [m["张伟"], m["刘洋"]])
    cover = {c.unit_name: c for c in training.coverage(2026)}
    assert (cover["东风社区党委"].trained, cover["东风社区党委"].hours) == (1, 2.5)
    assert [h.hours for h in training.member_hours(2026, street.dongfeng)] == [2.5, 0]

    grades = GradeService(ctx)
    grades.record(street.dongfeng, 2025, "后进")
    grades.record(street.dongfeng, 2026, "中间")
    assert grades.movement(2026).moved_up == 1
    ctx.db.dispose()
