"""Dates as clerks type them into Excel: 2023-5-1, 2023/05/01, 2023.5.1, 2023年5月1日, 20230501."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MIN_YEAR, MAX_YEAR = 1900, 2200
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FAKE_LEAP_DAY = 60  # Excel's serial 60 is 1900-02-29, a day that never was
_MAX_SERIAL = (dt.date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_SEPARATED = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME + "$")
_CHINESE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
HOW_TO_WRITE = "请写成 2023-5-1、2023/05/01、2023.5.1、2023年5月1日 或 20230501"


def parse_date(value: object) -> dt.date:
    """Return the date a cell holds.

    Args:
        value: A cell value as read from the sheet: a ``date``/``datetime``, an Excel
            serial number or an eight-digit number (``20230501``), or text.

    Returns:
        The date.

    Raises:
        ValueError: The value is not a date; the message is Chinese and says how to write one.
    """
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), str(value))
    if isinstance(value, dt.date):
        return _in_range(value, value.isoformat())
    if isinstance(value, bool):
        raise ValueError(f"“{'是' if value else '否'}”不是日期，{HOW_TO_WRITE}")
    if isinstance(value, int | float):
        return _from_number(value)
    if isinstance(value, str):
        return _from_text(value)
    raise ValueError(f"“{value}”不是日期，{HOW_TO_WRITE}")


def _from_number(number: float) -> dt.date:
    if number != number or number in (float("inf"), float("-inf")):  # NaN or infinite
        raise ValueError(f"“{number}”不是日期，{HOW_TO_WRITE}")
    whole = int(number)
    shown = str(whole) if whole == number else str(number)
    if 10_000_000 <= whole <= 99_999_999 and whole == number:
        return _from_text(str(whole))
    if 1 <= whole <= _MAX_SERIAL:
        if whole == _FAKE_LEAP_DAY:
            raise ValueError("日期“1900-2-29”不存在")
        offset = whole if whole > _FAKE_LEAP_DAY else whole + 1
        return _in_range(_EXCEL_EPOCH + dt.timedelta(days=offset), shown)
    raise ValueError(f"“{shown}”不是日期，{HOW_TO_WRITE}")


def _from_text(text: str) -> dt.date:
    shown = text.strip()
    normalised = unicodedata.normalize("NFKC", shown).strip()
    squeezed = normalised.replace(" ", "")
    match = (
        _SEPARATED.match(normalised)
        or _SEPARATED.match(squeezed)
        or _CHINESE.match(squeezed)
        or _COMPACT.match(squeezed)
    )
    if match is None:
        raise ValueError(f"日期“{shown}”无法识别，{HOW_TO_WRITE}")
    year, month, day = (int(g) for g in match.groups() if g not in ("-", "/", "."))
    try:
        found = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期“{shown}”不存在") from None
    return _in_range(found, shown)


def _in_range(found: dt.date, shown: str) -> dt.date:
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise ValueError(f"日期“{shown}”超出合理范围（{MIN_YEAR}–{MAX_YEAR}年）")
    return found
