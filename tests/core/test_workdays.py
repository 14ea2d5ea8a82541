"""Tests of working-day counting with Chinese public holidays and 调休."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brandoffice import workdays
from brandoffice.workdays import WorkdayCount

D = dt.date


def _last_known_year() -> int:
    return max(y for y in range(2004, 2100) if workdays.calendar_knows(y))


def _weekdays(start: dt.date, end: dt.date) -> int:
    days = (end - start).days + 1
    return sum((start + dt.timedelta(days=i)).weekday() < 5 for i in range(days))


def test_october_2024_matches_chinese_calendar() -> None:
    expected = len(chinese_calendar.get_workdays(D(2024, 10, 1), D(2024, 10, 31)))
    result = workdays.working_days_between(D(2024, 10, 1), D(2024, 10, 31))
    assert result == WorkdayCount(expected, exact=True, unknown_years=())
    # 23 weekdays, minus 5 holiday weekdays (1-4, 7 Oct), plus the make-up Saturday 12 Oct.
    assert result.days == 19


def test_both_ends_are_counted() -> None:
    assert workdays.working_days_between(D(2024, 10, 8), D(2024, 10, 8)).days == 1
    # Tue 8 to Sat 12 October 2024: five working days, Saturday being a 调休 day.
    assert workdays.working_days_between(D(2024, 10, 8), D(2024, 10, 12)).days == 5


def test_end_before_start_is_zero() -> None:
    assert workdays.working_days_between(D(2024, 10, 9), D(2024, 10, 8)) == WorkdayCount(0, True)


def test_makeup_saturday_is_a_working_day() -> None:
    saturday = D(2024, 10, 12)
    assert saturday.weekday() == 5
    assert workdays.is_workday(saturday)
    assert workdays.holiday_name(saturday) is None
    assert not workdays.is_holiday_due(saturday)
    assert workdays.due_date_note(saturday) is None
    info = workdays.day_info(saturday)
    assert info.makeup_workday
    assert info.exact


def test_national_day_is_a_named_holiday() -> None:
    for day in (D(2024, 10, 1), D(2024, 10, 5), D(2024, 10, 7)):
        assert not workdays.is_workday(day)
        assert workdays.holiday_name(day) == "国庆节"
        assert workdays.is_holiday_due(day)
        assert workdays.due_date_note(day) == "截止日期是国庆节假期"
    assert workdays.holiday_name(D(2024, 2, 10)) == "春节"
    assert workdays.holiday_name(D(2024, 6, 10)) == "端午节"


def test_every_holiday_of_the_calendar_has_a_chinese_name() -> None:
    names = {holiday.value for holiday in chinese_calendar.Holiday}
    assert names <= set(workdays.HOLIDAY_NAMES)


def test_ordinary_weekend_and_weekday() -> None:
    saturday, monday = D(2024, 10, 19), D(2024, 10, 21)
    assert not workdays.is_workday(saturday)
    assert workdays.holiday_name(saturday) is None
    assert workdays.is_holiday_due(saturday)
    assert workdays.due_date_note(saturday) == "截止日期是周六（休息日）"
    assert workdays.is_workday(monday)
    assert not workdays.day_info(monday).makeup_workday
    assert workdays.due_date_note(monday) is None


def test_next_workday_skips_the_holiday() -> None:
    assert workdays.next_workday(D(2024, 10, 1)) == D(2024, 10, 8)
    assert workdays.next_workday(D(2024, 10, 12)) == D(2024, 10, 12)


def test_datetime_counts_by_its_date() -> None:
    assert workdays.is_workday(dt.datetime(2024, 10, 12, 18, 30))
    start, end = dt.datetime(2024, 10, 1, 9), dt.datetime(2024, 10, 31, 17)
    assert workdays.working_days_between(start, end).days == 19


def test_unknown_year_falls_back_to_weekdays() -> None:
    assert not workdays.calendar_knows(2099)
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2099, 1, 1))
    result = workdays.working_days_between(D(2099, 1, 1), D(2099, 12, 31))
    assert result == WorkdayCount(_weekdays(D(2099, 1, 1), D(2099, 12, 31)), False, (2099,))
    # 1 January 2099 is a Thursday: counted as a working day, with no holiday name.
    info = workdays.day_info(D(2099, 1, 1))
    assert (info.workday, info.holiday, info.exact) == (True, None, False)
    assert workdays.due_date_note(D(2099, 1, 1)) == "2099年的节假日安排未知，按周末估算"
    assert (
        workdays.due_date_note(D(2099, 1, 3))
        == "截止日期是周六（休息日）；2099年的节假日安排未知，按周末估算"
    )


def test_year_before_the_data_is_unknown() -> None:
    result = workdays.working_days_between(D(2000, 12, 25), D(2000, 12, 31))
    assert result == WorkdayCount(5, exact=False, unknown_years=(2000,))


def test_range_reaching_past_the_data_is_partly_exact() -> None:
    last = _last_known_year()
    start, end = D(last, 12, 20), D(last + 1, 1, 10)
    known = len(chinese_calendar.get_workdays(start, D(last, 12, 31)))
    guessed = _weekdays(D(last + 1, 1, 1), end)
    result = workdays.working_days_between(start, end)
    assert result == WorkdayCount(known + guessed, exact=False, unknown_years=(last + 1,))


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(D(2004, 1, 1), D(2024, 12, 31)),
    length=st.integers(0, 120),
)
def test_matches_chinese_calendar_on_known_years(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    expected = len(chinese_calendar.get_workdays(start, end))
    assert workdays.working_days_between(start, end) == WorkdayCount(expected, True, ())
