"""The clerk's holiday plans: read into the working-day calendar, imported, edited.

A plan year kept here overrides chinese-calendar's built-in data for that year; a
year neither has is estimated from the weekends. The plans are read on first use
after a context opens (:func:`brandoffice.services.holiday_plans.read_plans`, the same
text ``read_holidays`` runs), ``load_holidays`` after every change, so
``brandoffice.workdays`` answers for the database in use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, insert, or_

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.holiday_notice import NoticePlan, parse_notice
from brandoffice.model import Holiday, table_of
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.holiday_plans import holiday_plans
from brandoffice.services.text_query import engine_query
from brandoffice.workdays import (
    OFF,
    WEEKDAY_NAMES,
    WORK,
    HolidayData,
    SpecialDay,
    set_holiday_data,
    special_days,
)

HOLIDAY = table_of(Holiday)
NAME_MAX = 40


def load_holidays(ctx: AppContext) -> HolidayData:
    """Read every plan of the database and make it the process-wide calendar."""
    data = read_holidays(ctx)
    set_holiday_data(data)
    return data


def read_holidays(ctx: AppContext) -> HolidayData:
    """Return every plan of the database (through SQLAlchemy, on any database)."""
    with engine_query(ctx) as query:
        return holiday_plans(query)


def check_days(year: int, days: Sequence[SpecialDay]) -> list[SpecialDay]:
    """Return a year's special days sorted by date, after checking them.

    Raises:
        ValidationError: A day outside the year (a few days either side are
            allowed), listed twice, a kind other than 休/班, an empty or too long
            name, or a make-up working day that is not a weekend — naming the day.
    """
    if not 1900 < year < 2200:
        raise ValidationError(f"年份“{year}”不合理", field="年份")
    seen: set[dt.date] = set()
    for d in days:
        where = f"{d.day.isoformat()}："
        if not dt.date(year - 1, 12, 1) <= d.day <= dt.date(year + 1, 1, 31):
            raise ValidationError(f"{where}不在{year}年的安排范围内", field="日期")
        if d.day in seen:
            raise ValidationError(f"{where}重复列出", field="日期")
        if d.kind not in (OFF, WORK):
            raise ValidationError(f"{where}类别应为“{OFF}”或“{WORK}”，不是“{d.kind}”", field="类别")
        if not d.name.strip() or len(d.name.strip()) > NAME_MAX:
            raise ValidationError(f"{where}节日名称应为1到{NAME_MAX}个字", field="名称")
        if d.kind == WORK and d.day.weekday() < 5:
            weekday = WEEKDAY_NAMES[d.day.weekday()]
            raise ValidationError(f"{where}是{weekday}，调休上班日应是周六或周日", field="日期")
        seen.add(d.day)
    return sorted(
        (SpecialDay(d.day, d.kind, d.name.strip(), year) for d in days), key=lambda d: d.day
    )


@retry_conflicts
def save_year(
    ctx: AppContext, year: int, days: Sequence[SpecialDay], *, action: str = "修改节假日安排"
) -> list[SpecialDay]:
    """Replace ``year``'s plan in the database by ``days`` (checked, audited, reloaded).

    A day another year's plan also lists moves to this one. An empty list keeps
    nothing for the year: it falls back to the built-in data (see ``clear_year``).

    Returns:
        The days saved.
    """
    checked = check_days(year, days)
    with ctx.db.write.begin() as s:
        s.execute(
            delete(HOLIDAY).where(
                or_(HOLIDAY.c.year == year, HOLIDAY.c.day.in_([d.day for d in checked]))
            )
        )
        if checked:
            s.execute(
                insert(HOLIDAY),
                [{"year": year, "day": d.day, "kind": d.kind, "name": d.name} for d in checked],
            )
        off = sum(d.kind == OFF for d in checked)
        audit.record(
            s,
            ctx,
            action,
            object_type="节假日安排",
            object_name=f"{year}年",
            detail=f"放假{off}天，调休上班{len(checked) - off}天",
        )
    load_holidays(ctx)
    return checked


def clear_year(ctx: AppContext, year: int) -> None:
    """Delete ``year``'s plan: the year goes back to the built-in data, or the estimate."""
    save_year(ctx, year, [], action="删除节假日安排")


def import_notice(ctx: AppContext, text: str, year: int | None = None) -> NoticePlan:
    """Read a State Council notice and save its year's plan in place of the old one.

    Raises:
        NoticeError: The text cannot be read (nothing is saved).
    """
    plan = parse_notice(text, year)
    save_year(ctx, plan.year, plan.days(), action="导入节假日通知")
    return plan


def year_days(year: int) -> list[SpecialDay]:
    """Return ``year``'s special days as the calendar uses them (database, else built-in)."""
    return special_days(year)
