"""The clerk's holiday plans: a year in the database overrides the built-in data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from sqlalchemy import select

from brandoffice.app import open_context
from brandoffice.errors import ValidationError
from brandoffice.model import AuditEntry, Holiday
from brandoffice.services.calendar_view import due_info
from brandoffice.services.context import AppContext
from brandoffice.services.holidays import clear_year, import_notice, save_year, year_days
from brandoffice.workdays import (
    OFF,
    SOURCE_BUILTIN,
    SOURCE_DATABASE,
    WORK,
    SpecialDay,
    day_info,
    due_date_note,
    next_year_reminder,
    working_days_between,
    year_source,
)

D = dt.date
NOTICES = Path(__file__).parents[1] / "data" / "holidays"


def _notice(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def _count(ctx: AppContext) -> int:
    with ctx.db.read() as s:
        return len(s.execute(select(Holiday.id)).all())


def test_2027_is_estimated_until_its_notice_is_imported(ctx: AppContext) -> None:
    assert year_source(2027) is None
    before = working_days_between(D(2027, 1, 1), D(2027, 12, 31))
    assert not before.exact and before.unknown_years == (2027,)
    assert day_info(D(2027, 1, 1)).workday and not day_info(D(2027, 1, 1)).exact
    assert "按周末估算" in due_info(D(2027, 1, 8), D(2026, 12, 7)).text
    plan = import_notice(ctx, _notice("2027-plausible.txt"))
    assert plan.year == 2027 and year_source(2027) == SOURCE_DATABASE
    after = working_days_between(D(2027, 1, 1), D(2027, 12, 31))
    # 261 weekdays, 18 of them off (28 days off, 10 on weekends), 5 weekend days worked.
    assert after.exact and after.days == before.days - 18 + 5 == 248
    jan1 = day_info(D(2027, 1, 1))
    assert (jan1.workday, jan1.holiday, jan1.exact) == (False, "元旦", True)
    assert day_info(D(2027, 2, 20)).makeup_workday
    assert due_date_note(D(2027, 10, 4)) == "截止日期是国庆节假期"
    assert "按周末估算" not in due_info(D(2027, 1, 8), D(2026, 12, 7)).text


def test_the_plans_follow_the_database_that_is_opened(
    ctx: AppContext, db_path: Path, tmp_path: Path
) -> None:
    import_notice(ctx, _notice("2027-plausible.txt"))
    other = open_context(str(tmp_path / "other.sqlite3"))
    assert year_source(2027) is None  # another database, another calendar
    other.db.dispose()
    again = open_context(str(db_path))
    assert year_source(2027) == SOURCE_DATABASE and not day_info(D(2027, 1, 1)).workday
    again.db.dispose()


def test_an_imported_year_overrides_the_builtin_one_and_clearing_restores_it(
    ctx: AppContext,
) -> None:
    assert year_source(2026) == SOURCE_BUILTIN
    builtin = year_days(2026)
    # A local change: 12月31日 made a day off for the district (a 周四).
    save_year(ctx, 2026, [*builtin, SpecialDay(D(2026, 12, 31), OFF, "元旦", 2026)])
    assert year_source(2026) == SOURCE_DATABASE
    assert not day_info(D(2026, 12, 31)).workday
    assert day_info(D(2026, 10, 10)).makeup_workday  # the rest came along
    clear_year(ctx, 2026)
    assert year_source(2026) == SOURCE_BUILTIN and _count(ctx) == 0
    assert day_info(D(2026, 12, 31)).workday


def test_importing_a_published_notice_gives_the_library_s_working_days(ctx: AppContext) -> None:
    import_notice(ctx, _notice("2025.txt"))
    assert year_source(2025) == SOURCE_DATABASE
    for month in range(1, 13):
        start = D(2025, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        assert working_days_between(start, end).days == len(
            chinese_calendar.get_workdays(start, end)
        )


def test_a_plan_reaching_into_the_year_before_keeps_its_year(ctx: AppContext) -> None:
    import_notice(ctx, _notice("2023.txt"), 2023)
    assert D(2022, 12, 31) in {d.day for d in year_days(2023)}
    assert year_source(2022) == SOURCE_BUILTIN
    assert day_info(D(2022, 12, 31)).holiday == "元旦"
    with ctx.db.read() as s:
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
    assert entry is not None and entry.action == "导入节假日通知" and entry.object_name == "2023年"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (SpecialDay(D(2027, 3, 1), WORK, "春节", 2027), "调休上班日应是周六或周日"),
        (SpecialDay(D(2029, 3, 1), OFF, "春节", 2027), "不在2027年的安排范围内"),
        (SpecialDay(D(2027, 3, 1), "假", "春节", 2027), "类别应为"),
        (SpecialDay(D(2027, 3, 1), OFF, " ", 2027), "节日名称"),
    ],
)
def test_bad_days_are_refused_and_nothing_is_written(
    ctx: AppContext, day: SpecialDay, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        save_year(ctx, 2027, [SpecialDay(D(2027, 1, 1), OFF, "元旦", 2027), day])
    assert _count(ctx) == 0 and year_source(2027) is None


def test_december_reminds_of_next_year_until_it_has_data(ctx: AppContext) -> None:
    assert next_year_reminder(D(2026, 11, 30)) is None
    reminder = next_year_reminder(D(2026, 12, 7))
    assert reminder is not None and "2027年的节假日安排尚未导入" in reminder
    assert "按周末估算" in reminder
    import_notice(ctx, _notice("2027-plausible.txt"))
    assert next_year_reminder(D(2026, 12, 7)) is None
