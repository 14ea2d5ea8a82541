"""Text that cannot break a document or an export, nor pass for another name.

Two halves. Where text enters (the services, the window and Excel all go through
:func:`brandoffice.services.validate.text`), :func:`check_entry` refuses control
characters with a Chinese message and drops invisible characters (zero-width
spaces, bidi controls) that make look-alike names. Where text leaves,
:func:`printable` cleans whatever an older database may hold, so Word (lxml) and
Excel (openpyxl) writers never meet a character XML forbids, and
:func:`neutralise` keeps text that looks like a formula from becoming one.
"""

from __future__ import annotations

import re
from typing import Any

from brandoffice.errors import ValidationError

LINE_MAX = 255
"""Fields allowing more characters than this are free text: line breaks and tabs allowed."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What makes a spreadsheet program read a cell as a formula (or a DDE payload)."""

# Invisible characters that change how a name looks or sorts but not what it shows:
# soft hyphen, combining grapheme joiner, Arabic letter mark, Mongolian vowel separator,
# zero-width space/joiners, LRM/RLM, bidi embeddings and overrides, word joiner and
# invisible operators, bidi isolates, deprecated format controls, BOM, annotation marks,
# and the tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# Characters no text field may hold: C0 controls, DEL, C1 controls, lone surrogates
# (they cannot be stored as UTF-8) and the noncharacters XML refuses.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UNPRINTABLE = re.compile(f"{_LINE_CONTROL.pattern}|{_INVISIBLE.pattern}")


def strip_invisible(value: str) -> str:
    """Drop zero-width and bidi control characters."""
    return _INVISIBLE.sub("", value)


def _describe(value: str, position: int) -> str:
    return f"第{position + 1}个字符是控制字符 U+{ord(value[position]):04X}"


def check_entry(value: str, label: str, field: str, *, multiline: bool) -> str:
    """Return text fit to store: invisible characters dropped, controls refused.

    Args:
        value: The text as typed, pasted or read from a cell.
        label: The field's Chinese name, for the message.
        field: The field's identifier, for the message.
        multiline: Line breaks and tabs are allowed (free text such as 备注).

    Returns:
        The text without invisible characters; Windows line ends become ``\\n``.

    Raises:
        ValidationError: The text holds a control character (or, in a one-line field,
            a line break or tab); the message says which and where.
    """
    cleaned = strip_invisible(value)
    if multiline:
        cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
        found = _LINE_CONTROL.search(cleaned)
    else:
        found = _CONTROL.search(cleaned)
    if found is None:
        return cleaned
    if found.group() in "\t\n\r":
        raise ValidationError(f"{label}只能写一行，不能含换行或制表符", field)
    raise ValidationError(
        f"{label}含有不可见的控制字符（{_describe(cleaned, found.start())}），请删除后重新填写",
        field,
    )


def printable(value: str) -> str:
    """Return stored text safe for Word and Excel: no XML-illegal, control or invisible characters.

    Tabs and line breaks stay (``\\r\\n`` and ``\\r`` become ``\\n``).
    """
    if value.isprintable():  # the common case, fast
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNPRINTABLE.sub("", text)


def one_line(value: str) -> str:
    """Return stored text for a one-line label (a chart's): printable, tabs and breaks as spaces."""
    return " ".join(printable(value).split()) if not value.isprintable() else value


def printable_optional(value: str | None) -> str | None:
    """Like :func:`printable`, keeping None."""
    return None if value is None else printable(value)


def looks_like_formula(value: object) -> bool:
    """Tell whether a spreadsheet program could take this text for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise(cell: Any) -> None:
    """Keep an openpyxl cell's text as text: never a formula, also after editing in Excel.

    The value is unchanged (an export still imports back as it was); the cell is a
    string cell with Excel's own quote prefix, as when a clerk types ``'=…``.
    """
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet: Any, values: list[Any]) -> None:
    """Append a row to an openpyxl sheet with every text printable and no formula."""
    cleaned = [printable(v) if isinstance(v, str) else v for v in values]
    sheet.append(cleaned)
    row = sheet.max_row
    for column, value in enumerate(cleaned, start=1):
        if looks_like_formula(value):
            neutralise(sheet.cell(row=row, column=column))


def visible(value: str) -> str:
    """Return text for a message: each control or invisible character shown as ``�``.

    A problem line echoes what the clerk's cell held; raw controls would garble the
    terminal (an escape sequence) or hide where the problem is.
    """
    return _UNPRINTABLE.sub("\ufffd", value)
