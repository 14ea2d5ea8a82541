"""Working days in mainland China: public holidays and 调休 make-up days via chinese-calendar."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import chinese_calendar

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
"""chinese-calendar's English holiday names in Chinese; unknown names pass through."""

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """Working days in a date range, and whether the official calendar covered it.

    Attributes:
        days: Number of working days.
        exact: True when every year of the range is in chinese-calendar's data;
            otherwise the unknown years were counted as Monday to Friday.
        unknown_years: Years counted by weekdays only, ascending.
    """

    days: int
    exact: bool
    unknown_years: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What kind of day a date is.

    Attributes:
        day: The date.
        workday: True on a working day (including a 调休 Saturday or Sunday).
        holiday: Chinese name of the public holiday the day belongs to, else None.
        makeup_workday: True on a weekend day worked in exchange for a holiday (调休上班).
        exact: False when the year is outside chinese-calendar's data and only the
            weekday was considered.
    """

    day: dt.date
    workday: bool
    holiday: str | None
    makeup_workday: bool
    exact: bool


@functools.cache
def calendar_knows(year: int) -> bool:
    """Return whether chinese-calendar has the official holiday plan of ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def day_info(day: dt.date) -> DayInfo:
    """Describe ``day``: working day or not, holiday name, 调休 make-up working day.

    Args:
        day: A date (a ``datetime`` counts by its date).

    Returns:
        The description; ``exact`` is False for years the calendar does not know.
    """
    day = _as_date(day)
    weekend = day.weekday() >= 5
    if not calendar_knows(day.year):
        return DayInfo(day, not weekend, None, False, exact=False)
    is_holiday, name = chinese_calendar.get_holiday_detail(day)
    # The detail names a festival on its days off and on its make-up working days too.
    holiday = _chinese_name(name) if is_holiday and name else None
    return DayInfo(day, not is_holiday, holiday, weekend and not is_holiday, exact=True)


def is_workday(day: dt.date) -> bool:
    """Return whether ``day`` is a working day (Monday to Friday for unknown years)."""
    return day_info(day).workday


def holiday_name(day: dt.date) -> str | None:
    """Return the Chinese name of the public holiday ``day`` falls in, such as 国庆节.

    Returns None on working days (a 调休 Saturday included), on ordinary weekends
    and in years the calendar does not know.
    """
    return day_info(day).holiday


def is_holiday_due(day: dt.date) -> bool:
    """Return whether a due date falls on a day off: a holiday or an ordinary weekend.

    A 调休 Saturday or Sunday is a working day and is not flagged.
    """
    return not day_info(day).workday


def due_date_note(day: dt.date) -> str | None:
    """Return a warning for a due date that is not a working day, or None.

    Args:
        day: The due date.

    Returns:
        E.g. "截止日期是国庆节假期" or "截止日期是周六（休息日）"; for years the
        calendar does not know, the note says holidays were not checked.
    """
    info = day_info(day)
    if info.workday and info.exact:
        return None
    if info.holiday:
        return f"截止日期是{info.holiday}假期"
    if not info.workday:
        note = f"截止日期是{WEEKDAY_NAMES[info.day.weekday()]}（休息日）"
        return note if info.exact else f"{note}；{info.day.year}年的节假日安排未知"
    return f"{info.day.year}年的节假日安排未知，未核对节假日"


def next_workday(day: dt.date) -> dt.date:
    """Return ``day`` if it is a working day, else the first working day after it."""
    day = _as_date(day)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def working_days_between(start: dt.date, end: dt.date) -> WorkdayCount:
    """Count working days from ``start`` to ``end``, both included.

    Both ends count, as in chinese-calendar's ``get_workdays`` and as a clerk counts
    "from 10月8日 to 10月12日". An ``end`` before ``start`` gives 0 days.

    Args:
        start: First day counted.
        end: Last day counted.

    Returns:
        The count; ``exact`` is False if some year in the range is unknown to the
        calendar, and those years were counted as Monday to Friday.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return WorkdayCount(0, exact=True)
    unknown = tuple(y for y in range(start.year, end.year + 1) if not calendar_knows(y))
    days = 0
    day = start
    while day <= end:
        days += is_workday(day)
        day += dt.timedelta(days=1)
    return WorkdayCount(days, exact=not unknown, unknown_years=unknown)


def _chinese_name(name: str) -> str:
    return HOLIDAY_NAMES.get(name, name)


def _as_date(day: dt.date) -> dt.date:
    return day.date() if isinstance(day, dt.datetime) else day
