"""Working days in mainland China: public holidays and 调休 make-up working days.

A year's plan comes from the database when the clerk imported or edited one (see
``brandoffice.services.holidays``, which loads it into this module when a context opens),
else from chinese-calendar's built-in data; a year neither knows is estimated from the
weekends (按周末估算) and every count and note over it says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

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

OFF, WORK = "休", "班"
"""The two kinds of special day: a day off and a 调休 make-up working day."""

ESTIMATE = "按周末估算"
"""Said wherever a day or a count falls in a year without holiday data."""

SOURCE_DATABASE, SOURCE_BUILTIN = "本机数据", "内置数据"
"""Where a year's plan comes from: imported or edited by the clerk, or chinese-calendar."""


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A day that is not an ordinary weekday or weekend: 休 (day off) or 班 (make-up day).

    Attributes:
        day: The date.
        kind: 休 or 班.
        name: The holiday it belongs to, such as 春节.
        year: The plan (notice) year, which can differ from ``day.year`` (the 2023
            notice gives 2022-12-31 off).
    """

    day: dt.date
    kind: str
    name: str
    year: int


@dataclass(frozen=True)
class HolidayData:
    """The plans the clerk keeps in the database, by plan year.

    Attributes:
        years: Plan years the database holds (each overrides chinese-calendar).
        days: Every special day of those plans by date (a plan may reach into the
            year before, e.g. 2022-12-31 in the 2023 notice).
    """

    years: frozenset[int] = frozenset()
    days: dict[dt.date, SpecialDay] = field(default_factory=dict)


_data = HolidayData()
_loader: Callable[[], HolidayData] | None = None
_lock = threading.Lock()
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """Working days in a date range, and whether the official calendar covered it.

    Attributes:
        days: Number of working days.
        exact: True when every year of the range has holiday data (database or
            built-in); otherwise the unknown years were counted as Monday to Friday.
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
        exact: False when the year has no holiday data and only the weekday was
            considered (按周末估算).
    """

    day: dt.date
    workday: bool
    holiday: str | None
    makeup_workday: bool
    exact: bool


def set_holiday_data(data: HolidayData) -> None:
    """Make ``data`` the process-wide plans (the database's; empty: built-in data only)."""
    global _data, _loader
    with _lock:
        _data, _loader = data, None


def defer_holiday_data(loader: Callable[[], HolidayData]) -> None:
    """Read the plans with ``loader`` on first use (the window paints before any query)."""
    global _data, _loader
    with _lock:
        _data, _loader = HolidayData(), loader


def holiday_data() -> HolidayData:
    """Return the process-wide plans, reading them first if a loader is pending."""
    global _data, _loader
    if _loader is not None:
        with _lock:
            loader, _loader = _loader, None
            if loader is not None:
                try:
                    _data = loader()
                except Exception:
                    # The built-in data still answers; the log says why the clerk's did not.
                    log.exception("holiday plans could not be read from the database")
    return _data


@functools.cache
def builtin_knows(year: int) -> bool:
    """Return whether chinese-calendar has the official holiday plan of ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def calendar_knows(year: int) -> bool:
    """Return whether ``year`` has holiday data: in the database or built in."""
    return year in holiday_data().years or builtin_knows(year)


def year_source(year: int) -> str | None:
    """Return where ``year``'s plan comes from (本机数据 or 内置数据), None without data."""
    if year in holiday_data().years:
        return SOURCE_DATABASE
    return SOURCE_BUILTIN if builtin_knows(year) else None


def builtin_plan(year: int) -> list[SpecialDay]:
    """Return chinese-calendar's special days of ``year``'s plan, by date ([] if unknown).

    Days off that fall on a weekend are kept when the library names them (inside a
    holiday); the 2024 plan's 元旦 weekend in December 2023 counts to 2023, as the
    library files it.
    """
    if not builtin_knows(year):
        return []
    days = [
        SpecialDay(day, OFF, _chinese_name(name), year)
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    days += [
        SpecialDay(day, WORK, _chinese_name(name), year)
        for day, name in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return sorted(days, key=lambda d: d.day)


def special_days(year: int) -> list[SpecialDay]:
    """Return the special days of ``year``'s plan from wherever it comes, by date."""
    data = holiday_data()
    if year in data.years:
        return sorted((d for d in data.days.values() if d.year == year), key=lambda d: d.day)
    return builtin_plan(year)


def day_info(day: dt.date) -> DayInfo:
    """Describe ``day``: working day or not, holiday name, 调休 make-up working day.

    Args:
        day: A date (a ``datetime`` counts by its date).

    Returns:
        The description; ``exact`` is False for years without holiday data.
    """
    day = _as_date(day)
    weekend = day.weekday() >= 5
    data = holiday_data()
    special = data.days.get(day)
    if special is not None:
        if special.kind == WORK:
            return DayInfo(day, True, None, weekend, exact=calendar_knows(day.year))
        return DayInfo(day, False, special.name, False, exact=calendar_knows(day.year))
    if day.year in data.years or not builtin_knows(day.year):
        return DayInfo(day, not weekend, None, False, exact=day.year in data.years)
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
        E.g. "截止日期是国庆节假期" or "截止日期是周六（休息日）"; for years
        without holiday data, the note says the days were estimated from the weekends.
    """
    info = day_info(day)
    if info.workday and info.exact:
        return None
    if info.holiday:
        return f"截止日期是{info.holiday}假期"
    if not info.workday:
        note = f"截止日期是{WEEKDAY_NAMES[info.day.weekday()]}（休息日）"
        return note if info.exact else f"{note}；{estimate_note(info.day.year)}"
    return estimate_note(info.day.year)


def estimate_note(*years: int) -> str:
    """Return ``2027年的节假日安排未知，按周末估算`` for years without holiday data."""
    named = "、".join(f"{y}年" for y in years)
    return f"{named}的节假日安排未知，{ESTIMATE}"


def next_year_reminder(today: dt.date) -> str | None:
    """Return the December reminder when next year has no holiday data yet, else None."""
    year = today.year + 1
    if today.month != 12 or calendar_knows(year):
        return None
    return (
        f"{year}年的节假日安排尚未导入，{year}年的工作日暂{ESTIMATE}。国务院办公厅发布"
        f"《关于{year}年部分节假日安排的通知》后，请在“工具 → 节假日安排”中粘贴通知全文导入。"
    )


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
        The count; ``exact`` is False if some year in the range has no holiday
        data, and those years were counted as Monday to Friday.
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
