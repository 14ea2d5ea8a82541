"""Progress statistics agree with hand counts and move with the clock."""

from __future__ import annotations

import datetime as dt

from brandoffice.services import progress_stats as stats
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock

D = dt.date


def _campaign(ctx: AppContext) -> tuple[int, list[int], list[int]]:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    units = [
        orgs.create(
            OrgDraft(name=name, kind="党委", level="村社区", parent_id=root.id, sector=sector)
        ).id
        for name, sector in (
            ("甲社区党委", "社区"),
            ("乙社区党委", "社区"),
            ("街道机关党支部", "机关"),
        )
    ]
    svc = CampaignService(ctx)
    campaign = svc.create_campaign("2026年品牌创建", 2026, scope_org_id=root.id)
    p1 = svc.add_phase(campaign.id, "动员部署", D(2026, 3, 1), D(2026, 5, 31))
    p2 = svc.add_phase(campaign.id, "具体实施", D(2026, 5, 1), D(2026, 8, 31))
    t1 = svc.add_task(
        TaskDraft(
            phase_id=p1.id,
            name="成立领导小组",
            due_on=D(2026, 3, 31),
            scope="按领域",
            scope_values=["社区"],
        )
    )
    t2 = svc.add_task(TaskDraft(phase_id=p2.id, name="党性教育", due_on=D(2026, 5, 25)))
    return campaign.id, units, [t1.id, t2.id]


def test_counts_by_phase_unit_and_sector(ctx: AppContext, clock: FakeClock) -> None:
    campaign, units, (t1, t2) = _campaign(ctx)
    svc = CampaignService(ctx)
    svc.set_progress([(t1, units[0])], "已完成", done_on=D(2026, 3, 20))
    svc.set_progress([(t2, units[0]), (t2, units[1])], "进行中")
    phases = stats.by_phase(ctx, campaign)
    assert [(p.label, p.done, p.overdue, p.in_progress, p.not_started) for p in phases] == [
        ("动员部署", 1, 1, 0, 0),  # 乙社区 missed the March deadline
        ("具体实施", 0, 0, 2, 1),  # the organ is 未开始, not yet due; the street organises
    ]
    sectors = {s.label: s for s in stats.by_sector(ctx, campaign)}
    assert sectors["社区"].total == 4 and sectors["社区"].done == 1
    units_rows = stats.by_unit(ctx, campaign)
    assert units_rows[0].label == "甲社区党委" and units_rows[0].rate == 0.5
    late_now = stats.late(ctx, campaign)
    assert {(i.org_name, i.overdue) for i in late_now} == {
        ("乙社区党委", True),
        ("乙社区党委", False),
        ("甲社区党委", False),
        ("街道机关党支部", False),
    }
    clock.advance(days=10)
    assert all(i.overdue for i in stats.late(ctx, campaign))
    assert stats.by_phase(ctx, campaign)[1].overdue == 3


def test_over_time_tracks_plan(ctx: AppContext) -> None:
    campaign, units, (t1, _t2) = _campaign(ctx)
    CampaignService(ctx).set_progress([(t1, units[0])], "已完成", done_on=D(2026, 3, 20))
    points = {p.day: p for p in stats.over_time(ctx, campaign)}
    assert points[D(2026, 3, 20)].actual == 1 / 5  # 2 + 3 cells: the street organises
    assert points[D(2026, 3, 31)].planned == 2 / 5
    assert points[D(2026, 5, 25)].actual is None and points[D(2026, 5, 25)].planned == 1.0
