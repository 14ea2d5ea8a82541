"""The demo street office: its shape, rules obeyed, real histories, determinism and refusal."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from brandoffice.demo import build_demo
from brandoffice.errors import KnownError
from brandoffice.idcard import gender, id_number_problem
from brandoffice.model import Attachment, Member, TaskProgress
from brandoffice.model.vocab import TWO_NEW_SECTORS, BrandStatus, OrgKind
from brandoffice.safety.auditchain import first_break
from brandoffice.services.brands import BrandService, checklist
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService
from brandoffice.services.lifecycle import TRANSITIONS
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.reviews import ReviewService
from tests.conftest import FakeClock

D = dt.date
BRAND_FIELDS = ("logo_text", "theme", "slogan", "connotation", "concept", "role_played",
                "service_site", "objectives", "measures")  # fmt: skip
FIVE_ACTIVITIES = {"党性教育", "岗位奉献", "服务群众", "亮牌示范", "组织创新"}
ENTERPRISES = ("国有企业", "非公企业")


def test_the_tree_has_the_units_of_a_street(demo_ctx: AppContext) -> None:
    orgs = OrgService(demo_ctx).all_rows()
    roots = [o for o in orgs if o.parent_id is None]
    assert [(r.name, r.kind, r.level, r.sector) for r in roots] == [
        ("幸福街道党工委", "党工委", "街道乡镇", "街道")
    ]
    communities = [o for o in orgs if o.sector == "社区" and o.level == "村社区"]
    assert len(communities) >= 12
    assert "幸福驿站社区党委" in {c.name for c in communities}
    assert all(o.kind in ("党委", "党总支") for o in communities)
    below = {o.parent_id for o in orgs if o.sector == "社区" and o.level == "基层单位"}
    assert len(below & {c.id for c in communities}) >= 3  # grid branches under some communities
    assert sum(o.sector == "机关" for o in orgs) == 3
    assert sum(o.sector == "学校" for o in orgs) == 2
    assert sum(o.sector in ENTERPRISES and o.kind != "联合党支部" for o in orgs) == 5
    assert {o.sector for o in orgs if o.sector in ENTERPRISES} == set(ENTERPRISES)
    assert sum(o.kind == "联合党支部" and o.sector in TWO_NEW_SECTORS for o in orgs) == 2
    assert {o.grade for o in orgs if o.parent_id} == {"先进", "中间", "后进"}
    assert any(o.is_demo_point for o in orgs)
    assert all(o.secretary and o.contact and o.phone and o.founded_on for o in orgs)
    assert all(o.term_start and o.term_end and o.term_start < o.term_end for o in orgs)
    for day in (D(2026, 5, 20), D(2026, 11, 22)):
        assert any(o.term_end and day <= o.term_end <= day + dt.timedelta(days=183) for o in orgs)


def test_member_counts_ids_and_leading_groups(demo_ctx: AppContext) -> None:
    with demo_ctx.db.read() as s:
        members = s.execute(select(Member.org_id, Member.id_number, Member.gender)).all()
    assert 400 <= len(members) <= 800
    counts = Counter(m.org_id for m in members)
    orgs = OrgService(demo_ctx).all_rows()
    assert all(o.member_count == counts[o.id] for o in orgs)
    assert len({m.id_number for m in members}) == len(members)
    assert all(id_number_problem(m.id_number) is None for m in members)
    assert all(gender(m.id_number) == m.gender for m in members)
    assert {m.id_number[:4] for m in members} == {"2204"}  # one city
    sample = MemberService(demo_ctx).page(None, 0, 800)
    assert {m.category for m in sample} == {
        "在职党员",
        "流动党员",
        "外来党员",
        "村民党员",
        "离退休党员",
    }
    assert any("党员示范岗" in m.posts for m in sample)
    for org in orgs:
        group = OrgService(demo_ctx).leading_group(org.id)
        assert group[0].role == "组长" and group[0].person_name == org.secretary
        assert [s.role for s in group[1:2]] == ["副组长"]


def test_the_two_seed_brands_are_complete(demo_ctx: AppContext) -> None:
    service = BrandService(demo_ctx)
    street = service.by_name("党情暖万家")
    community = service.by_name("幸福驿站")
    owners = {o.id: o.name for o in OrgService(demo_ctx).all_rows()}
    assert owners[street.org_id] == "幸福街道党工委"
    assert owners[community.org_id] == "幸福驿站社区党委"
    for brand in (street, community):
        assert all(getattr(brand, f) for f in BRAND_FIELDS), brand.name
        assert brand.service_items and all(r.met for r in checklist(brand))
        carriers = service.carriers(brand.id)
        assert len(carriers) >= 3 and all(c.name and c.description for c in carriers)
    assert {"为民服务", "扶贫解困", "纠纷调解", "政策咨询"} <= set(community.service_items)
    assert {c.name for c in service.carriers(community.id)} >= {"幸福驿站", "幸福热线"}
    with demo_ctx.db.read() as s:
        logo = s.get(Attachment, community.logo_attachment_id)
        assert logo is not None and logo.mime == "image/png"
        assert logo.content.startswith(b"\x89PNG")


def test_brand_statuses_spread_with_real_histories(demo_ctx: AppContext) -> None:
    service = BrandService(demo_ctx)
    brands = service.all_rows()
    assert 8 <= len(brands) <= 12
    assert all(4 <= len(b.name) <= 8 for b in brands)
    assert {b.status for b in brands} == {s.value for s in BrandStatus}
    assert {b.level for b in brands if b.status == "命名"} == {"街道级", "区级", "市级"}
    for brand in brands:
        history = service.history(brand.id)
        assert (history[0].from_status, history[0].to_status) == (None, "培育")
        assert history[-1].to_status == brand.status
        for step in history[1:]:
            allowed = TRANSITIONS[BrandStatus(step.from_status or "")]
            assert BrandStatus(step.to_status) in allowed, brand.name
        assert [h.changed_on for h in history] == sorted(h.changed_on for h in history)


def test_campaign_progress_is_part_done_part_late(demo_ctx: AppContext, clock: FakeClock) -> None:
    service = CampaignService(demo_ctx)
    (campaign,) = service.campaigns()
    assert campaign.year == 2026 and campaign.template == "seed000_street"
    assert [p.name for p in service.phases(campaign.id)] == [
        "动员部署",
        "具体实施",
        "全面提升",
        "总结完善",
    ]
    assert {t.name for t in service.tasks(campaign.id)} >= FIVE_ACTIVITIES
    may = Counter(p.shown_status for p in service.progress(campaign.id))
    assert may["已完成"] > 0 and may["逾期"] > 0 and may["未开始"] > 0
    clock.now = dt.datetime(2026, 11, 22, 9, 0)
    november = service.progress(campaign.id)
    assert Counter(p.shown_status for p in november)["逾期"] > may["逾期"]
    due = {t.id: t.due_on for t in service.tasks(campaign.id)}
    still_open = [p for p in november if p.shown_status == "未开始" and due[p.task_id].month == 12]
    assert still_open  # late-2026 tasks not yet due
    with demo_ctx.db.read() as s:
        done_on = [d for d in s.scalars(select(TaskProgress.done_on)) if d]
    assert max(done_on) < D(2026, 5, 20)


def test_reviews_pairings_and_commendations(demo_ctx: AppContext) -> None:
    reviews = ReviewService(demo_ctx)
    rounds = {r.subject: r for r in reviews.rounds()}
    brand_results = reviews.results(rounds["品牌"].id)
    assert len(brand_results.subjects) >= 4
    assert all(r.reviewer_count == 3 and r.complete for r in brand_results.subjects)
    assert {r.outcome for r in brand_results.subjects} == {"建议命名", "退回培育"}
    org_results = reviews.results(rounds["组织"].id)
    grades = {o.id: o.grade for o in OrgService(demo_ctx).all_rows()}
    assert all(grades[r.subject_id] == r.outcome for r in org_results.subjects)
    assert {r.outcome for r in org_results.subjects} == {"先进", "中间", "后进"}

    honours = HonourService(demo_ctx)
    pairings = honours.pairings()
    assert any(p.is_open for p in pairings) and any(p.improved for p in pairings)
    assert all(p.action_count > 0 and p.grade_before == "后进" for p in pairings)
    assert {c.kind for c in honours.commendations(year=2025)} == {
        "先进基层党组织", "优秀共产党员", "优秀党务工作者",
    }  # fmt: skip


def test_the_audit_chain_is_intact(demo_ctx: AppContext) -> None:
    with demo_ctx.db.read() as s:
        assert first_break(s) is None


def test_build_refuses_a_database_with_data(demo_ctx: AppContext) -> None:
    with pytest.raises(KnownError, match="演示数据只能生成到空数据库中"):
        build_demo(demo_ctx)


def test_build_is_deterministic_reports_progress_and_counts(
    ctx: AppContext, demo_ctx: AppContext
) -> None:
    calls: list[tuple[int, int]] = []
    summary = build_demo(ctx, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (100, 100) and calls == sorted(calls)
    for service in (OrgService, BrandService):
        assert [r.name for r in service(ctx).all_rows()] == [
            r.name for r in service(demo_ctx).all_rows()
        ]
    first = MemberService(ctx).page(None, 0, 1000)
    again = MemberService(demo_ctx).page(None, 0, 1000)
    assert [(m.name, m.id_number, m.phone) for m in first] == [
        (m.name, m.id_number, m.phone) for m in again
    ]
    assert summary.members == len(first) and summary.communities >= 12
    assert summary.overdue > 0  # speed lives in the benchmark, not in a timed test
    assert str(summary).startswith("演示数据已生成：组织") and "党员" in str(summary)
    assert OrgKind.WORKING_COMMITTEE.value in {o.kind for o in OrgService(ctx).all_rows()}
