"""The date parser accepts the forms clerks type and refuses the rest in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.excel.dates import parse_date

MAY_1 = dt.date(2023, 5, 1)


@pytest.mark.parametrize(
    "value",
    [
        "2023-5-1",
        "2023-05-01",
        "2023/05/01",
        "2023/5/1",
        "2023.5.1",
        "2023年5月1日",
        "2023年05月01日",
        "2023年5月1号",
        "2023 年 5 月 1 日",
        "２０２３年５月１日",
        "20230501",
        " 2023-05-01 ",
        "2023-05-01 00:00:00",
        "2023-05-01T08:30",
        20230501,
        20230501.0,
        45047,
        45047.75,
        MAY_1,
        dt.datetime(2023, 5, 1, 14, 30),
    ],
)
def test_accepts_the_forms_clerks_type(value: object) -> None:
    assert parse_date(value) == MAY_1


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (36526, dt.date(2000, 1, 1)),
    ],
)
def test_excel_serials_skip_the_fake_leap_day(serial: int, expected: dt.date) -> None:
    assert parse_date(serial) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2023-2-30", "不存在"),
        ("2023-13-01", "不存在"),
        ("20230230", "不存在"),
        ("5/1/2023", "无法识别"),
        ("2023-5", "无法识别"),
        ("2023-5/1", "无法识别"),
        ("23-5-1", "无法识别"),
        ("明天", "无法识别"),
        ("", "无法识别"),
        ("1800-01-01", "超出合理范围"),
        (True, "不是日期"),
        (0, "不是日期"),
        (-3, "不是日期"),
        (60, "不存在"),
        (float("nan"), "不是日期"),
        (float("inf"), "不是日期"),
        (123456789, "不是日期"),
        (dt.time(8, 30), "不是日期"),
    ],
)
def test_refuses_what_is_not_a_date(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as info:
        parse_date(value)
    assert "2023年5月1日" in str(info.value) or reason != "无法识别"
