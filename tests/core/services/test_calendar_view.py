"""The calendar's data: seed-000 phases and months, holidays, working days left, filters, late."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from brandoffice.charts.adapters import brand_tallies, phase_completions, progress_points
from brandoffice.services import calendar_view as cv
from brandoffice.services import progress_stats
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.workdays import calendar_knows
from tests.conftest import FakeClock
from tests.core.services.calendar_fixtures import seed000_campaign

D = dt.date
SEED_000_PHASES = [
    ("动员部署", "3月—5月"),
    ("具体实施", "5月—8月"),
    ("全面提升", "9月—12月"),
    ("总结完善", "12月"),
]


def _phases_in_month(data: cv.CalendarData, year: int, month: int) -> set[str]:
    return {
        data.phases[i].name
        for cell in cv.month_cells(data, year, month)
        if cell.in_month
        for i in cell.phases
    }


def test_seed000_template_gives_the_four_phases_and_their_months(ctx: AppContext) -> None:
    campaign, _root, units = seed000_campaign(ctx)
    data = cv.load_calendar(ctx, campaign)
    assert [(p.name, cv.phase_months(p)) for p in data.phases] == SEED_000_PHASES
    assert _phases_in_month(data, 2026, 3) == {"动员部署"}
    assert _phases_in_month(data, 2026, 5) == {"动员部署", "具体实施"}
    assert _phases_in_month(data, 2026, 7) == {"具体实施"}
    assert _phases_in_month(data, 2026, 10) == {"全面提升"}
    assert _phases_in_month(data, 2026, 12) == {"全面提升", "总结完善"}
    assert _phases_in_month(data, 2026, 2) == set()
    assert data.span() == (D(2026, 3, 1), D(2026, 12, 31))
    assert len(data.units) == len(units) + 1  # the street's own committee takes part too


def test_demo_street_has_the_seed000_campaign(demo_ctx: AppContext) -> None:
    campaigns = [c for c in CampaignService(demo_ctx).campaigns() if c.template == "seed000_street"]
    assert campaigns, "the demo street should run the seed-000 campaign"
    data = cv.load_calendar(demo_ctx, campaigns[0].id)
    assert [(p.name, cv.phase_months(p)) for p in data.phases] == SEED_000_PHASES
    assert data.units and data.progress


def test_a_task_due_on_a_public_holiday_is_flagged(ctx: AppContext) -> None:
    campaign, _root, _units = seed000_campaign(ctx)
    service = CampaignService(ctx)
    phase = next(p for p in service.phases(campaign) if p.name == "全面提升")
    service.add_task(TaskDraft(phase_id=phase.id, name="国庆走访", due_on=D(2026, 10, 1)))
    data = cv.load_calendar(ctx, campaign)
    national_day = next(c for c in cv.month_cells(data, 2026, 10) if c.day == D(2026, 10, 1))
    assert national_day.info.holiday == "国庆节" and not national_day.info.workday
    assert [t.name for t in national_day.tasks] == ["国庆走访"]
    info = cv.due_info(D(2026, 10, 1), D(2026, 9, 1))
    assert info.off_day and info.note == "截止日期是国庆节假期"
    labour = cv.due_info(D(2026, 5, 1), D(2026, 4, 1))
    assert labour.off_day and "劳动节" in (labour.note or "")
    assert not cv.due_info(D(2026, 10, 9), D(2026, 9, 1)).off_day


def test_makeup_working_days_are_marked(ctx: AppContext) -> None:
    campaign, _root, _units = seed000_campaign(ctx)
    data = cv.load_calendar(ctx, campaign)
    cells = [c for m in range(1, 13) for c in cv.month_cells(data, 2026, m) if c.in_month]
    makeup = {c.day for c in cells if c.info.makeup_workday}
    expected = {
        d for d in chinese_calendar.get_workdays(D(2026, 1, 1), D(2026, 12, 31)) if d.weekday() >= 5
    }
    assert makeup == expected and makeup


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (D(2026, 9, 20), D(2026, 10, 15)),  # across 国庆节 and its 调休 days
        (D(2026, 4, 20), D(2026, 5, 31)),  # across 劳动节
        (D(2026, 5, 20), D(2026, 5, 20)),
    ],
)
def test_working_days_left_match_chinese_calendar(today: dt.date, due: dt.date) -> None:
    info = cv.due_info(due, today)
    assert info.left is not None and info.left.exact
    assert info.left.days == len(chinese_calendar.get_workdays(today, due))
    assert cv.ESTIMATE_NOTE not in info.text


def test_unknown_year_counts_weekends_only_and_says_so() -> None:
    year = next(y for y in range(2027, 2100) if not calendar_knows(y))
    info = cv.due_info(D(year, 3, 31), D(year, 3, 2))
    assert info.left is not None and not info.left.exact
    assert cv.ESTIMATE_NOTE in info.text
    weekdays = sum(D(year, 3, d).weekday() < 5 for d in range(2, 32))
    assert info.left.days == weekdays


def test_filters_choose_units_and_the_tasks_that_apply(ctx: AppContext) -> None:
    campaign, root, units = seed000_campaign(ctx)
    data = cv.load_calendar(ctx, campaign)
    communities = cv.filtered_units(data, cv.UnitFilter(sector="社区"))
    assert sorted(u.name for u in communities) == ["丙社区党委", "乙社区党委", "甲社区党委"]
    names = {t.name for t in cv.applying_tasks(data, [u.id for u in communities])}
    assert "民情走访" in names and "争当品牌教师" not in names and "评选命名" not in names
    school = cv.filtered_units(data, cv.UnitFilter(root_id=units["幸福小学党支部"]))
    assert [u.name for u in school] == ["幸福小学党支部"]
    assert len(cv.filtered_units(data, cv.UnitFilter(root_id=root))) == len(units) + 1
    summary = cv.task_summaries(data, [u.id for u in communities])
    by_name = {s.task.name: s for s in summary.values()}
    assert by_name["宣传发动"].state == "逾期"  # due 03-31, clock at 05-20
    assert by_name["党性教育"].state == "未开始"
    assert by_name["争当品牌教师"].state == "不适用"


def test_late_items_move_with_the_clock(ctx: AppContext, clock: FakeClock) -> None:
    campaign, _root, units = seed000_campaign(ctx)
    before = cv.late_items(ctx, campaign)
    assert {i.task_name for i in before} == {
        "宣传发动",
        "成立领导小组",
        "制定实施方案并报街道组织科备案",
    }
    clock.advance(days=6)  # 05-26: 确定品牌 (05-31) is due within seven days
    soon = [i for i in cv.late_items(ctx, campaign) if not i.overdue]
    assert {i.task_name for i in soon} == {"确定品牌"}
    clock.advance(days=7)  # 06-02: now overdue
    later = cv.late_items(ctx, campaign)
    assert len(later) > len(before) and all(i.overdue for i in later)
    only_a = cv.late_items(ctx, campaign, [units["甲社区党委"]])
    assert {i.org_name for i in only_a} == {"甲社区党委"}
    grouped = cv.group_late(later)
    # the street itself organises and is not late (issue 17)
    assert grouped[0].overdue and len(grouped[0].units) == len(units)


def test_chart_adapters_are_the_one_translation(ctx: AppContext) -> None:
    campaign, _root, _units = seed000_campaign(ctx)
    phases = phase_completions(progress_stats.by_phase(ctx, campaign))
    assert [p.phase for p in phases] == [name for name, _months in SEED_000_PHASES]
    assert phases[0].overdue == 18 and phases[0].not_started == 6  # six units, not the street
    actual, planned = progress_points(progress_stats.over_time(ctx, campaign))
    assert planned[-1].percent == pytest.approx(100.0)
    assert all(p.day <= ctx.today() for p in actual)
    tallies = brand_tallies({"命名": {"区级": 2, "未命名": 1}})
    assert {(t.status, t.level, t.count) for t in tallies} == {
        ("命名", "区级", 2),
        ("命名", None, 1),
    }


def test_a_passed_deadline_reads_overdue_only_while_a_unit_is_open() -> None:
    """The timeline said 已逾期 251 天 on tasks every unit finished on time (issue 17)."""
    from brandoffice.services.rows import PhaseRow, TaskRow

    due, today = dt.date(2026, 3, 20), dt.date(2026, 11, 26)

    def summary(**counts: int) -> cv.TaskSummary:
        return cv.TaskSummary(TaskRow.__new__(TaskRow), PhaseRow.__new__(PhaseRow), counts)

    assert cv.task_due_text(due, today, summary(已完成=12)) == "已截止（全部完成）"
    assert cv.task_due_text(due, today, summary(不适用=3)) == "已截止"
    assert cv.task_due_text(due, today, summary(已完成=11, 逾期=1)) == "已逾期 251 天"
    assert cv.task_due_text(due, today, None) == "已逾期 251 天"
    assert cv.task_due_text(dt.date(2026, 11, 26), today, summary(已完成=12)) == "今天到期"
