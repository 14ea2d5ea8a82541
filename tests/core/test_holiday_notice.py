"""Reading the State Council's holiday notice: every published year matches chinese-calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from brandoffice.holiday_notice import NoticeError, parse_notice
from brandoffice.workdays import HOLIDAY_NAMES, OFF, WORK, builtin_knows

D = dt.date
NOTICES = Path(__file__).parent / "data" / "holidays"
PUBLISHED = (2022, 2023, 2024, 2025, 2026)


def _kinds(text: str, year: int | None = None) -> dict[dt.date, str]:
    return {d.day: d.kind for d in parse_notice(text, year).days()}


@pytest.mark.parametrize("year", PUBLISHED)
def test_notice_reproduces_chinese_calendar_day_by_day(year: int) -> None:
    assert builtin_knows(year)
    text = (NOTICES / f"{year}.txt").read_text(encoding="utf-8")
    plan = parse_notice(text, year)
    assert plan.year == year
    kinds = {d.day: d.kind for d in plan.days()}
    first = min(min(kinds), D(year, 1, 1))
    day = first
    while day <= D(year, 12, 31):
        parsed = kinds.get(day) == WORK or (kinds.get(day) != OFF and day.weekday() < 5)
        assert parsed == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
    # The make-up days and the weekdays off are exactly the library's, names included.
    in_year = range((D(year, 12, 31) - first).days + 1)
    span = [first + dt.timedelta(days=i) for i in in_year]
    expected_work = {d for d in span if d in chinese_calendar.workdays}
    assert {d for d, k in kinds.items() if k == WORK} == expected_work
    expected_off = {d for d in span if d in chinese_calendar.holidays and d.weekday() < 5}
    assert {d for d, k in kinds.items() if k == OFF and d.weekday() < 5} == expected_off
    for special in plan.days():
        _on_holiday, english = chinese_calendar.get_holiday_detail(special.day)
        assert HOLIDAY_NAMES[english] in special.name, special


def test_the_short_forms_of_the_brief() -> None:
    assert _kinds("1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。", 2026) == {
        D(2026, 1, 1): OFF,
        D(2026, 1, 2): OFF,
        D(2026, 1, 3): OFF,
        D(2026, 1, 4): WORK,
    }
    kinds = _kinds("10月1日至8日放假调休，共8天。9月28日（星期日）、10月11日（星期六）上班。", 2025)
    assert sorted(d for d, k in kinds.items() if k == WORK) == [D(2025, 9, 28), D(2025, 10, 11)]
    assert len([k for k in kinds.values() if k == OFF]) == 8
    kinds = _kinds("2022年12月31日至2023年1月2日放假调休")
    assert kinds == {D(2022, 12, 31): OFF, D(2023, 1, 1): OFF, D(2023, 1, 2): OFF}
    assert _kinds("1月1日放假，与周末连休。", 2024) == {D(2024, 1, 1): OFF}
    kinds = _kinds("5月1日至5日放假调休，共5天。4月27日（周日）上班。", 2025)
    assert kinds[D(2025, 4, 27)] == WORK and kinds[D(2025, 5, 5)] == OFF


def test_half_width_ranges_across_months_and_unnamed_holidays() -> None:
    plan = parse_notice("5月31日(周六)~6月2日(周一)放假,共3天;10月1日放假。", 2025)
    assert [(i.name, i.start, i.end) for i in plan.items] == [
        ("节假日", D(2025, 5, 31), D(2025, 6, 2)),
        ("国庆节", D(2025, 10, 1), D(2025, 10, 1)),
    ]
    # A range written without the year of its end runs into the next year.
    plan = parse_notice("一、元旦：12月31日至1月2日放假调休，共3天。", 2023)
    assert (plan.items[0].start, plan.items[0].end) == (D(2023, 12, 31), D(2024, 1, 2))


def test_heading_names_the_days_and_notes_in_brackets_are_ignored() -> None:
    text = (
        "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。"
        "1月26日（周日）、2月8日（周六）上班。鼓励安排职工在除夕（1月27日）休息。"
        "六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。"
    )
    plan = parse_notice(text, 2025)
    assert [i.name for i in plan.items] == ["春节", "国庆节、中秋节"]
    assert plan.items[0].workdays == (D(2025, 1, 26), D(2025, 2, 8))
    assert D(2025, 1, 27) not in {d.day for d in plan.days()}


def test_the_title_gives_the_year_and_must_agree_with_the_one_given() -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    assert parse_notice(text).year == 2026
    with pytest.raises(NoticeError, match=r"2026年.*2027年"):
        parse_notice(text, 2027)


@pytest.mark.parametrize(
    ("text", "year", "message"),
    [
        ("今天天气很好。", 2027, "未能从文本中读出放假安排"),
        ("一、元旦：1月1日（周四）放假。", None, "没有年份"),
        ("一、元旦：1月1日（周五）至3日放假，共3天。", 2026, "2026年1月1日是周四，不是周五"),
        ("一、元旦：1月1日至3日放假，共4天。", 2026, "是3天，与“共4天”不符"),
        ("一、元旦：1月1日至3日放假。1月5日（周一）上班。", 2026, "调休上班日应是周六或周日"),
        ("一、元旦：2月30日放假。", 2026, "没有2月30日这一天"),
        ("一、元旦：1日至3日放假。", 2026, "缺少月份"),
        ("一、元旦：1月1日至3日放假。二、春节：1月3日至4日放假。", 2026, "同时列在"),
        ("1月4日（周日）上班。", 2026, "没有放假日期"),
        ("一、元旦：1月1日至2月28日放假。", 2026, "起止日期不合理"),
    ],
)
def test_a_text_that_does_not_read_is_refused_with_a_reason(
    text: str, year: int | None, message: str
) -> None:
    with pytest.raises(NoticeError, match=message):
        parse_notice(text, year)


def test_preview_lists_each_holiday_with_its_days() -> None:
    plan = parse_notice((NOTICES / "2027-plausible.txt").read_text(encoding="utf-8"))
    lines = plan.preview()
    assert lines[0] == "2027年节假日安排：放假28天，调休上班5天"
    assert "  端午节：6月9日放假，共1天" in lines
    assert "  劳动节：5月1日至5月5日放假，共5天；4月25日（周日）、5月8日（周六）上班" in lines
