"""Read the State Council's yearly notice (关于XXXX年部分节假日安排的通知) into special days.

The notice lists, per holiday, one range of days off ("10月1日至8日放假调休，共8天") and
the weekend days worked in exchange ("9月28日（星期日）、10月11日（星期六）上班"). The
parser accepts the whole notice or only its items, full-width or half-width
punctuation, 周/星期 and 农历 annotations in brackets, ranges across months and years,
and checks what the text itself says: the weekday in brackets and "共N天".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from brandoffice.errors import ValidationError
from brandoffice.workdays import OFF, WEEKDAY_NAMES, WORK, SpecialDay

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
"""The holidays a notice names, in the order it lists them."""

_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(
    rf"(?:^|(?<=[\s。;]))(?:[{_NUMERALS}]+、\s*|\d+[.、]\s*)?"
    rf"((?:{'|'.join(FESTIVALS)})(?:[、和与](?:{'|'.join(FESTIVALS)}))*)\s*:"
)
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
_RANGE_JOIN = re.compile(r"^\s*(?:至|到|-|~|—|–|－)\s*$")
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|【([^【】]*)】")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_COUNT = re.compile(r"(?:共|放假)\s*(\d+)\s*天")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*(?:部分)?节假日")
_WEEKDAY_INDEX = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
_FIXED_DAYS = {(1, 1): "元旦", (5, 1): "劳动节", (10, 1): "国庆节"}
MAX_RANGE_DAYS = 15
"""No holiday of a notice is longer; a longer range is a misread."""


@dataclass(frozen=True)
class NoticeItem:
    """One holiday of a notice: its days off and make-up working days."""

    name: str
    start: dt.date
    end: dt.date
    workdays: tuple[dt.date, ...]

    @property
    def length(self) -> int:
        """Days off in the range, both ends counted."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class NoticePlan:
    """A year's holidays read from a notice."""

    year: int
    items: tuple[NoticeItem, ...]

    def days(self) -> list[SpecialDay]:
        """Return every special day: each day of each range off, each make-up day, by date."""
        out: dict[dt.date, SpecialDay] = {}
        for item in self.items:
            for i in range(item.length):
                day = item.start + dt.timedelta(days=i)
                out[day] = SpecialDay(day, OFF, item.name, self.year)
            for day in item.workdays:
                out[day] = SpecialDay(day, WORK, item.name, self.year)
        return [out[d] for d in sorted(out)]

    def preview(self) -> list[str]:
        """Return one line per holiday for the clerk to check before saving."""
        days = self.days()
        off = sum(d.kind == OFF for d in days)
        lines = [f"{self.year}年节假日安排：放假{off}天，调休上班{len(days) - off}天"]
        for item in self.items:
            span = _short(item.start, self.year)
            if item.end != item.start:
                span += f"至{_short(item.end, self.year)}"
            line = f"  {item.name}：{span}放假，共{item.length}天"
            if item.workdays:
                worked = "、".join(
                    f"{_short(d, self.year)}（{WEEKDAY_NAMES[d.weekday()]}）" for d in item.workdays
                )
                line += f"；{worked}上班"
            lines.append(line)
        return lines


class NoticeError(ValidationError):
    """The text is not a holiday notice that can be read; the message says where."""


def parse_notice(text: str, year: int | None = None) -> NoticePlan:
    """Read a notice's text into its year's days off and make-up working days.

    Args:
        text: The notice, whole or only its items, as pasted or saved to a file.
        year: The notice's year; required when the text names none (no title and
            no date with a year), checked against the title otherwise.

    Returns:
        The plan, items in the order of the text.

    Raises:
        NoticeError: Nothing readable, no year, a weekday in brackets that does not
            match the date, "共N天" that does not match the range, a make-up
            working day that is not a weekend, or days off claimed twice.
    """
    text = unicodedata.normalize("NFKC", text).replace("\r", "")
    text = text.replace("：", ":").replace("；", ";")
    plan_year = _year_of(text, year)
    sections = _sections(text)
    items: list[NoticeItem] = []
    for name, body in sections:
        items.extend(_items(name, body, plan_year))
    if not items:
        raise NoticeError(
            "未能从文本中读出放假安排：请粘贴国务院办公厅《关于XXXX年部分节假日安排的通知》的正文，"
            "例如“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。”"
        )
    _check_overlaps(items)
    return NoticePlan(plan_year, tuple(items))


def _year_of(text: str, year: int | None) -> int:
    titled = _TITLE_YEAR.search(text)
    if titled is not None:
        found = int(titled.group(1))
        if year is not None and year != found:
            raise NoticeError(f"通知标题是{found}年的安排，与指定的{year}年不符")
        return found
    if year is not None:
        return year
    explicit = [int(m.group(1)) for m in _DATE.finditer(text) if m.group(1)]
    if explicit:
        return max(explicit)
    raise NoticeError("文本中没有年份：请粘贴含标题的通知全文，或指定年份（--year）")


def _sections(text: str) -> list[tuple[str | None, str]]:
    """Split the text at holiday headings; text without headings is one unnamed section."""
    heads = list(_HEADING.finditer(text))
    if not heads:
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out.append((head.group(1), text[head.end() : end]))
    return out


def _items(name: str | None, body: str, year: int) -> list[NoticeItem]:
    """Read the ranges off and the make-up days of one section."""
    ranges: list[tuple[dt.date, dt.date]] = []
    work: list[dt.date] = []
    for sentence in re.split(r"[。;\n]", body):
        if "放假" in sentence:
            head = sentence[: sentence.index("放假")]
            days = _dates(head, year)
            if not days:
                continue
            start, end = _range(head, days)
            _check_count(sentence, start, end)
            ranges.append((start, end))
        elif "上班" in sentence:
            for day in _dates(sentence[: sentence.rindex("上班")], year):
                if day.weekday() < 5:
                    raise NoticeError(
                        f"“{sentence.strip()}”：{_day(day)}是{WEEKDAY_NAMES[day.weekday()]}，"
                        "调休上班日应是周六或周日"
                    )
                work.append(day)
    if not ranges:
        if work:
            raise NoticeError(f"“{body.strip()[:40]}”：有上班日期，却没有放假日期")
        return []
    items = []
    for i, (start, end) in enumerate(ranges):
        label = name or _FIXED_DAYS.get((start.month, start.day), "节假日")
        items.append(NoticeItem(label, start, end, tuple(sorted(work)) if i == 0 else ()))
    return items


def _dates(fragment: str, year: int) -> list[dt.date]:
    """Return the dates of a fragment; a date without month or year takes the one before it."""
    out: list[dt.date] = []
    month: int | None = None
    current = year
    for match in _DATE.finditer(fragment):
        y, m, d = match.groups()
        if y:
            current = int(y)
        if m:
            month = int(m)
        elif month is None:
            raise NoticeError(f"“{fragment.strip()}”：日期“{match.group(0)}”缺少月份")
        try:
            day = dt.date(current, month, int(d))
        except ValueError as exc:
            raise NoticeError(f"“{fragment.strip()}”：没有{match.group(0)}这一天") from exc
        if out and day < out[-1] and not y:
            day = day.replace(year=day.year + 1)  # 12月31日至1月2日: the range runs into next year
        _check_weekday(fragment, match, day)
        out.append(day)
    return out


def _check_weekday(fragment: str, match: re.Match[str], day: dt.date) -> None:
    """Refuse a date whose bracket names another weekday (a wrong year or a typo)."""
    after = _BRACKETS.match(fragment, match.end())
    if after is None:
        return
    note = next(g for g in after.groups() if g is not None)
    named = _WEEKDAY.search(note)
    if named is not None and _WEEKDAY_INDEX[named.group(1)] != day.weekday():
        raise NoticeError(
            f"“{match.group(0)}（{note}）”：{_day(day)}是{WEEKDAY_NAMES[day.weekday()]}，"
            f"不是{named.group(0)}；请核对年份（{day.year}年）和日期"
        )


def _range(head: str, days: list[dt.date]) -> tuple[dt.date, dt.date]:
    """Return the range a 放假 clause names: one day, or two dates joined by 至."""
    if len(days) == 1:
        return days[0], days[0]
    matches = list(_DATE.finditer(head))
    between = _BRACKETS.sub("", head[matches[0].end() : matches[1].start()])
    if len(days) != 2 or not _RANGE_JOIN.match(between):
        raise NoticeError(f"“{head.strip()}放假”：读不出放假的起止日期（应为“X月X日至X日”）")
    start, end = days
    if not start <= end or (end - start).days >= MAX_RANGE_DAYS:
        raise NoticeError(f"“{head.strip()}放假”：起止日期不合理（{_day(start)}至{_day(end)}）")
    return start, end


def _check_count(sentence: str, start: dt.date, end: dt.date) -> None:
    count = _COUNT.search(_BRACKETS.sub("", sentence))
    days = (end - start).days + 1
    if count is not None and int(count.group(1)) != days:
        raise NoticeError(
            f"“{sentence.strip()}”：{_day(start)}至{_day(end)}是{days}天，与“共{count.group(1)}天”不符"
        )


def _check_overlaps(items: list[NoticeItem]) -> None:
    seen: dict[dt.date, str] = {}
    for item in items:
        for i in range(item.length):
            day = item.start + dt.timedelta(days=i)
            if day in seen:
                raise NoticeError(f"{_day(day)}同时列在{seen[day]}和{item.name}的放假日期中")
            seen[day] = item.name
        for day in item.workdays:
            if day in seen:
                raise NoticeError(f"{_day(day)}既是放假日又是上班日")


def _short(day: dt.date, year: int) -> str:
    """Return ``5月1日``, with the year only when it is not the plan's."""
    return f"{day.month}月{day.day}日" if day.year == year else _day(day)


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
