"""The demo street's campaign records (issue 9): one or more of each, with sensible numbers."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import text

from brandoffice.demo import build_demo
from brandoffice.services.benchmarking import BenchmarkService
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.commitments import CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DemoPointService
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_results import FIVE_LEADS
from brandoffice.services.funds import FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.honours import HonourService
from brandoffice.services.models_deeds import ModelService
from brandoffice.services.orgs import OrgService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingService

EVALUATED = {"幸福驿站社区党委", "和平里社区党委", "街道机关第一党支部", "幸福街道中心小学党支部"}


def unit_ids(ctx: AppContext) -> dict[str, int]:
    return {o.name: o.id for o in OrgService(ctx).all_rows()}


def test_evaluation_results_and_nominations(demo_ctx: AppContext) -> None:
    (campaign,) = CampaignService(demo_ctx).campaigns()
    service = EvaluationService(demo_ctx)
    plan = service.plan_of_campaign(campaign.id)
    assert plan is not None and plan.standard == "五带头"
    assert [c.name for c in service.criteria(plan.id)] == list(FIVE_LEADS)
    results = service.results(plan.id)
    scored = [m for m in results.members if m.self_total is not None]
    assert {m.unit_name for m in scored} == EVALUATED
    assert results.evaluated == len(scored) - 2 == 64  # two still wait for the masses' sheets
    assert all(80 <= (m.combined or 0) <= 100 for m in scored if m.complete)
    units = {u.unit_name: u for u in results.units if u.evaluated}
    assert set(units) == EVALUATED
    assert units["幸福驿站社区党委"].rate == 1.0 and 0 < units["幸福街道中心小学党支部"].rate < 1

    nominated = HonourService(demo_ctx).commendations(year=2026, kind="优秀共产党员")
    assert 2 <= len(nominated) <= 3
    assert all("党员评议推荐" in (c.note or "") for c in nominated)
    best = sorted((m for m in scored if m.combined), key=lambda m: -(m.combined or 0))
    assert {c.member_id for c in nominated} <= {m.member_id for m in best if m.unit_rank == 1}
    assert best[0].member_id in {c.member_id for c in nominated}


def test_party_spirit_reports_part_complete_with_files(demo_ctx: AppContext) -> None:
    service = PartySpiritService(demo_ctx)
    rates = {r.unit_name: r.rate for r in service.completion(2026)}
    assert rates["幸福驿站社区党委"] == rates["街道机关第一党支部"] == 1.0
    partial = [u for u, r in rates.items() if r is not None and 0 < r < 1]
    assert len(partial) >= 5 and "东风社区党委" in partial
    assert any(r == 0 for r in rates.values())  # units that have not started
    reports = service.reports(2026)
    assert any(not r.submitted for r in reports)
    files = [r for r in reports if r.attachment_id]
    assert sorted(r.filename.rsplit(".", 1)[-1] for r in files if r.filename) == ["pdf", "txt"]
    contents = {
        name.rsplit(".", 1)[-1]: data for name, data in map(service.file, [r.id for r in files])
    }
    assert contents["pdf"].startswith(b"%PDF-1.4") and contents["pdf"].rstrip().endswith(b"%%EOF")
    assert "党性分析报告".encode() in contents["txt"]
    assert sum(1 for r in reports if r.reviewer and r.reviewer_comment) >= 10


def test_commitments_with_year_end_checks(demo_ctx: AppContext) -> None:
    service = CommitmentService(demo_ctx)
    done = service.commitments(2025)
    results = Counter(c.fulfilment for c in done)
    assert (
        results["已兑现"] > results["部分兑现"] >= 2
        and results["未兑现"] >= 1
        and not results[None]
    )
    assert all(c.check_note for c in done if c.fulfilment != "已兑现")
    assert all(c.checked_on and c.checked_on.month == 12 for c in done)
    open_ = service.commitments(2026)
    assert open_ and all(c.fulfilment is None for c in open_)
    for year in (2025, 2026):
        rows = service.commitments(year)
        assert any(c.org_id for c in rows) and any(c.member_id and c.post for c in rows)
        assert all(c.published_in for c in rows)
    counts = {c.unit_name: c for c in service.counts(2025)}
    assert counts["幸福驿站社区党委"].by_unit == 1 and counts["幸福驿站社区党委"].by_members == 2


def test_every_community_secretary_is_rated_with_points(demo_ctx: AppContext) -> None:
    orgs = OrgService(demo_ctx).all_rows()
    communities = {o.id for o in orgs if o.sector == "社区" and o.level == "村社区"}
    service = SecretaryReviewService(demo_ctx)
    reviews = service.reviews(2025)
    assert {r.org_id for r in reviews} == communities
    assert all(r.points and r.score is not None and r.rating for r in reviews)
    assert all(r.secretary == next(o.secretary for o in orgs if o.id == r.org_id) for r in reviews)
    ratings = service.rating_counts(2025)
    assert sum(ratings.values()) == len(communities) and ratings["好"] >= 1 and ratings["一般"] >= 1
    assert any(p.done and p.done_on for r in reviews for p in r.points)
    assert any(r.open_points for r in reviews)


def test_models_are_linked_to_commendations_with_materials(demo_ctx: AppContext) -> None:
    service = ModelService(demo_ctx)
    deeds = service.deeds()
    assert any(d.org_id for d in deeds) and any(d.member_id for d in deeds)
    linked = [d for d in deeds if d.commendation_id]
    assert {d.commendation for d in linked} == {"2025年度先进基层党组织", "2025年度优秀共产党员"}
    honours = {c.id: c for c in HonourService(demo_ctx).commendations(year=2025)}
    for deed in linked:
        honour = honours[deed.commendation_id or 0]
        assert (honour.org_id, honour.member_id) == (deed.org_id, deed.member_id)
        (material,) = service.materials(deed.id)
        name, data = service.material_file(material.id)
        assert data and name.endswith((".pdf", ".txt"))


def test_demonstration_points_meet_the_target_of_two(demo_ctx: AppContext) -> None:
    root = unit_ids(demo_ctx)["幸福街道党工委"]
    summary = DemoPointService(demo_ctx).summary(root, 2026)
    assert (summary.target, summary.target_set, summary.count, summary.reached) == (
        2,
        True,
        2,
        True,
    )
    assert all(p.notes_in_year >= 2 and p.last_note for p in summary.points)


def test_funds_balance_is_approved_minus_spent(demo_ctx: AppContext) -> None:
    service = FundService(demo_ctx)
    totals = {t.target_name: t for t in service.totals()}
    assert set(totals) == {"党情暖万家", "幸福驿站", "和平里社区党委"}
    assert sum(1 for t in totals.values() if t.brand_id) == 2
    for t in totals.values():
        assert t.balance_fen == t.approved_fen - t.spent_fen
        assert 0 < t.spent_fen <= t.approved_fen <= t.applied_fen
    assert totals["党情暖万家"].shown() == {
        "申请": "80000.00",
        "批准": "60000.00",
        "支出": "26450.50",
        "结余": "33549.50",
    }
    overall = service.overall()
    assert overall.balance_fen == sum(t.balance_fen for t in totals.values())
    assert service.totals(2026) != service.totals()  # 幸福驿站 also spent in 2025


def test_training_at_several_levels_with_coverage(demo_ctx: AppContext) -> None:
    service = TrainingService(demo_ctx)
    sessions = service.sessions(2026)
    assert len(sessions) >= 3 and len({s.level for s in sessions}) >= 3
    assert all(0 < s.attended < s.listed and s.hours > 0 for s in sessions)
    coverage = {c.unit_name: c for c in service.coverage(2026)}
    assert coverage["街道机关第一党支部"].rate is not None
    assert 0 < (coverage["街道机关第一党支部"].rate or 0) <= 1
    assert any(c.rate == 0 for c in coverage.values())
    assert any(c.rate is not None and 0 < c.rate < 1 for c in coverage.values())
    secretaries = next(s for s in sessions if s.level == "区级")
    assert secretaries.listed == len(coverage) - 1  # every unit below the street sent its secretary


def test_lagging_units_benchmark_and_climb(demo_ctx: AppContext) -> None:
    grades = GradeService(demo_ctx)
    paths = {p.unit_name: p for p in grades.paths()}
    for climber in ("幸福街道中心小学党支部", "幸福街道社区卫生服务中心党支部"):
        assert paths[climber].shown() == "后进(2024) → 中间(2025) → 先进(2026)"
        assert paths[climber].levels_gained == 2
    assert paths["建设社区党委"].shown() == "后进(2024) → 中间(2025)"
    movement = grades.movement(2025)
    assert movement.moved_up >= 3 and movement.stayed > movement.moved_up
    current = {o.name: o.grade for o in OrgService(demo_ctx).all_rows()}
    assert all(current[name] == p.steps[-1][1] for name, p in paths.items())

    benchmarks = BenchmarkService(demo_ctx).benchmarks()
    assert len(benchmarks) >= 5
    for b in benchmarks:
        before = dict(paths[b.unit_name].steps).get(b.year - 1)
        assert before == "后进", b.unit_name  # lagging when it picked its model
        assert current[b.model_name or ""] == "先进"
    assert sum(1 for b in benchmarks if b.missing) == 1


def test_the_summary_counts_the_records(demo_ctx: AppContext, ctx: AppContext) -> None:
    summary = build_demo(ctx)
    records = summary.records
    assert (records.evaluation_plans, records.evaluated_members) == (1, 64)
    assert records.evaluation_scores == 64 * 10 + 2 * 5
    assert records.training_sessions == 4 and records.trainees > 100
    assert records.secretary_reviews == 13 and records.fund_entries == 14
    shown = str(summary)
    assert "党员评议1项（评分650个，完成评议64名）" in shown
    assert f"党性分析报告{records.spirit_reports}份" in shown and "培训4期" in shown
    query = text("SELECT member_id, source, score FROM evaluation_scores ORDER BY id")
    with demo_ctx.db.read() as s, ctx.db.read() as t:
        assert s.execute(query).all() == t.execute(query).all()  # deterministic
    with ctx.db.write.begin() as s:  # the build's fast commits ended with it
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
