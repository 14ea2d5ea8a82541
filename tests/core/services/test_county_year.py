"""Seed 004, a county clerk's year from an empty database: organiser, phases and rest days.

The county committee runs the seed-004 campaign over two towns and their villages. The
committee organises and is never late unless chosen to take part; moving a phase moves
its tasks; a deadline on a Saturday is flagged and moved to the next working day; 四找
completes 四找活动.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from brandoffice.maintenance import check
from brandoffice.model.base import new_uid
from brandoffice.services import campaign_edit as edit
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.calendar_view import late_items
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.deadlines import move_to_workdays, rest_day_deadlines
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.progress_stats import by_unit
from brandoffice.services.rows import TaskRow
from brandoffice.services.template_campaigns import create_campaign_from_template
from tests.conftest import FakeClock

D = dt.date
COUNTY = "青山县委"


def _county(ctx: AppContext) -> tuple[int, dict[str, int]]:
    """The county from init with the seed-004 campaign of 2026 over its whole tree."""
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name=COUNTY, kind="党委", level="区县")).id
    units = {COUNTY: root}
    for town, villages in (("东岭镇党委", ("东岭村党支部", "西岭村党支部")), ("南河镇党委", ())):
        units[town] = orgs.create(
            OrgDraft(name=town, kind="党委", level="街道乡镇", parent_id=root)
        ).id
        for village in villages:
            units[village] = orgs.create(
                OrgDraft(
                    name=village,
                    kind="党支部",
                    level="村社区",
                    parent_id=units[town],
                    sector="农村",
                )
            ).id
    made = create_campaign_from_template(ctx, "seed004_county", "2026年创先争优", 2026, root)
    return made.campaign.id, units


def _tasks(ctx: AppContext, campaign: int) -> dict[str, TaskRow]:
    return {t.name: t for t in CampaignService(ctx).tasks(campaign)}


def test_the_county_is_not_late_unless_it_takes_part(ctx: AppContext, clock: FakeClock) -> None:
    campaign, units = _county(ctx)
    clock.advance(days=12)  # 06-01: 召开动员大会 (05-15) and the plan (05-29) are past
    late = {(i.task_name, i.org_name) for i in late_items(ctx, campaign)}
    assert ("召开动员大会", "东岭镇党委") in late and ("召开动员大会", "西岭村党支部") in late
    assert not any(org == COUNTY for _task, org in late)
    assert COUNTY not in {u.label for u in by_unit(ctx, campaign)}
    row = CampaignService(ctx).campaign(campaign)
    _saved, result = edit.update_campaign(
        ctx, campaign, row.version, name=row.name, year=2026, scope_org_id=units[COUNTY],
        organiser_takes_part=True,
    )  # fmt: skip
    for_all = [t for t in _tasks(ctx, campaign).values() if t.scope == "全部"]
    assert result.added == len(for_all)  # the committee has no sector: 按领域 tasks skip it
    assert any(
        org == COUNTY for _t, org in {(i.task_name, i.org_name) for i in late_items(ctx, campaign)}
    )
    assert check(ctx).ok
    row = CampaignService(ctx).campaign(campaign)
    _saved, result = edit.update_campaign(
        ctx, campaign, row.version, name=row.name, year=2026, scope_org_id=units[COUNTY],
        organiser_takes_part=False,
    )  # fmt: skip
    assert result.removed == len(for_all)
    assert check(ctx).ok


def test_one_task_can_take_the_organiser_in(ctx: AppContext) -> None:
    campaign, units = _county(ctx)
    task = _tasks(ctx, campaign)["搞好总结"]
    draft = TaskDraft(
        phase_id=task.phase_id,
        name=task.name,
        due_on=task.due_on,
        evidence_kind=task.evidence_kind,
        organiser_takes_part=True,
    )
    saved, result = edit.update_task(ctx, task.id, task.version, draft)
    assert saved.organiser_takes_part and result.added == 1
    county_rows = [
        r.task_id for r in CampaignService(ctx).progress(campaign) if r.org_id == units[COUNTY]
    ]
    assert county_rows == [task.id]


def test_old_organiser_rows_are_found_and_retired_by_repair(ctx: AppContext) -> None:
    campaign, units = _county(ctx)
    tasks = _tasks(ctx, campaign)
    ctx.db.dispose()
    with ctx.db.write.begin() as s:  # as the program before issue 17 left them
        for name, status in (("召开动员大会", "未开始"), ("组织集中学习", "已完成")):
            s.execute(
                text(
                    "INSERT INTO task_progress (task_id, org_id, status, uid)"
                    " VALUES (:t, :o, :s, :u)"
                ),
                {"t": tasks[name].id, "o": units[COUNTY], "s": status, "u": new_uid()},
            )
    report = check(ctx)
    assert (
        "任务“召开动员大会”有 1 个已不参加的单位（如组织单位本身）仍有进度记录" in report.problems
    )
    fixed = check(ctx, repair=True)
    assert fixed.ok
    assert (
        "任务“组织集中学习”清理 1 个已不参加单位的进度记录（删除未开展的 0 条，1 条改为“不适用”）"
        in (fixed.repaired)
    )
    statuses = {
        r.task_id: r.status
        for r in CampaignService(ctx).progress(campaign)
        if r.org_id == units[COUNTY]
    }
    assert statuses == {tasks["组织集中学习"].id: "不适用"}


def test_moving_a_phase_moves_its_tasks(ctx: AppContext) -> None:
    campaign, _units = _county(ctx)
    phase = next(p for p in CampaignService(ctx).phases(campaign) if p.name.startswith("全面争创"))
    before = {t.name: t.due_on for t in _tasks(ctx, campaign).values() if t.phase_id == phase.id}
    other = {t.name: t.due_on for t in _tasks(ctx, campaign).values() if t.phase_id != phase.id}
    edit.update_phase(
        ctx, phase.id, name=phase.name, start_on=phase.start_on + dt.timedelta(days=14),
        end_on=phase.end_on + dt.timedelta(days=14), move_tasks=True,
    )  # fmt: skip
    after = _tasks(ctx, campaign)
    for name, due in before.items():
        assert after[name].due_on == due + dt.timedelta(days=14), name
    assert {n: after[n].due_on for n in other} == other  # other phases' tasks stay
    # moved back without the tasks: they stay where they are
    moved = next(p for p in CampaignService(ctx).phases(campaign) if p.id == phase.id)
    edit.update_phase(
        ctx, phase.id, name=phase.name, start_on=phase.start_on, end_on=moved.end_on,
    )  # fmt: skip
    assert _tasks(ctx, campaign)["党性教育"].due_on == before["党性教育"] + dt.timedelta(days=14)


def test_a_saturday_deadline_is_flagged_and_moved(ctx: AppContext) -> None:
    campaign, _units = _county(ctx)
    assert rest_day_deadlines(ctx, campaign) == []  # the template's deadlines were moved
    task = _tasks(ctx, campaign)["推荐表彰对象"]
    draft = TaskDraft(
        phase_id=task.phase_id,
        name=task.name,
        due_on=D(2026, 6, 27),  # a Saturday
        evidence_kind=task.evidence_kind,
    )
    edit.update_task(ctx, task.id, task.version, draft)
    (flagged,) = rest_day_deadlines(ctx, campaign)
    assert flagged.task == "推荐表彰对象" and "周六" in flagged.note
    assert flagged.next_workday == D(2026, 6, 29)
    (moved,) = move_to_workdays(ctx, [flagged.task_id])
    assert (moved.was, moved.now) == (D(2026, 6, 27), D(2026, 6, 29))
    assert _tasks(ctx, campaign)["推荐表彰对象"].due_on == D(2026, 6, 29)
    assert rest_day_deadlines(ctx, campaign) == []
    assert move_to_workdays(ctx, [flagged.task_id]) == []  # a working day stays


def test_a_holiday_deadline_moves_past_the_holiday(ctx: AppContext) -> None:
    campaign, _units = _county(ctx)
    task = _tasks(ctx, campaign)["树立先进典型"]
    draft = TaskDraft(
        phase_id=task.phase_id, name=task.name, due_on=D(2026, 10, 1), evidence_kind="文件"
    )
    edit.update_task(ctx, task.id, task.version, draft)
    (flagged,) = rest_day_deadlines(ctx, campaign)
    assert "国庆节" in flagged.note
    (moved,) = move_to_workdays(ctx, [task.id])
    assert moved.now == D(2026, 10, 8)  # 2026: 国庆节 10-01 … 10-07


def test_the_template_moved_weekend_deadlines_of_the_next_year_by_estimate(
    ctx: AppContext,
) -> None:
    root = OrgService(ctx).create(OrgDraft(name=COUNTY, kind="党委", level="区县"))
    made = create_campaign_from_template(ctx, "seed004_county", "2026年创先争优", 2026, root.id)
    moved = {m.task: m for m in made.moved}
    assert moved["推荐表彰对象"].now == D(2026, 6, 22)  # Saturday 06-20 → Monday
    assert moved["完善长效机制"].now == D(2027, 2, 26)  # Sunday 02-28 is the phase's end
    assert "按周末估算" in moved["完善长效机制"].why  # 2027 is not known to the data


def test_四找_completes_四找活动(ctx: AppContext) -> None:
    campaign, units = _county(ctx)
    task = _tasks(ctx, campaign)["四找活动"]
    BenchmarkService(ctx).create(BenchmarkDraft(units["南河镇党委"], 2026, units["东岭镇党委"]))
    cells = {r.org_id: r for r in CampaignService(ctx).progress(campaign) if r.task_id == task.id}
    assert cells[units["南河镇党委"]].status == "已完成"
    assert cells[units["南河镇党委"]].record_evidence == "四找（对标定位） 1 份"
    assert cells[units["东岭镇党委"]].status == "未开始"
