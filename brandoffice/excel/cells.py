"""Turning one sheet cell into a checked Python value, and values back into cells."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import uuid
from typing import Any

from brandoffice.errors import ValidationError
from brandoffice.excel.columns import ColType, Column
from brandoffice.excel.dates import parse_date
from brandoffice.services import validate
from brandoffice.services.rows import CarrierRow
from brandoffice.text_safety import visible

MASKED_ID = "身份证号已遮蔽，请使用 --reveal 导出的文件或填写完整的身份证号"
MASKED_PHONE = "电话号码已遮蔽，请使用 --reveal 导出的文件或填写完整的电话号码"
ID_AS_NUMBER = "身份证号被 Excel 存成了数字，末几位可能已丢失：请把该列设为“文本”格式后重新填写"
_LIST_SPLIT = re.compile(r"[、;；,，]")
_CARRIER_SPLIT = re.compile(r"[;；]")
_LIST_SEPARATORS = frozenset("、;；,，\n")
_INT = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_FLOAT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")
_MAX_INT = 2_000_000_000
_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "对"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "不是"})
SHOWN_MAX = 60
LIST_KINDS = (ColType.LIST, ColType.CARRIERS, ColType.LINES)
"""Column types whose value is a list (an empty one for a blank cell)."""


def is_blank(value: object) -> bool:
    """Tell whether a cell is empty (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: object) -> str:
    """Return a cell's value as the text a clerk would see in it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def shown(value: object) -> str:
    """Return a cell's text for a problem line, shortened when long."""
    text = visible(as_text(value).replace("\n", " "))
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def convert(column: Column, value: object) -> Any:
    """Return the checked value of one cell.

    Blank cells give None (an empty list for list columns), or are refused when the
    column is required.

    Args:
        column: The column the cell is in.
        value: The raw cell value as read from the workbook.

    Returns:
        The value for the column's field.

    Raises:
        ValidationError: The cell cannot be used; the message says why, in Chinese.
    """
    if is_blank(value):
        if column.required:
            raise ValidationError(f"{column.header}不能为空", column.field)
        return [] if column.kind in LIST_KINDS else None
    converter = _CONVERTERS[column.kind]
    return converter(column, value)


def _text(column: Column, value: object) -> str:
    return validate.text(as_text(value), column.header, column.field, max_len=column.max_len)


def _name(column: Column, value: object) -> str:
    """Read a name (a person's, a unit's or a unit's path) by the services' name rule:
    spaces between Chinese characters are dropped."""
    return validate.name(as_text(value), column.header, column.field, max_len=column.max_len)


def _int(column: Column, value: object) -> int:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        number = float(text) if _INT.match(text) else None
    if number is None or not math.isfinite(number) or number != int(number):
        raise ValidationError(f"{column.header}应为整数，“{shown(value)}”不是", column.field)
    if abs(number) > _MAX_INT:
        raise ValidationError(f"{column.header}“{shown(value)}”太大", column.field)
    return int(number)


def _float(column: Column, value: object) -> float:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        number = float(text) if _FLOAT.match(text) else None
    if number is None or not math.isfinite(number) or abs(number) > _MAX_INT:
        raise ValidationError(f"{column.header}应为数字，“{shown(value)}”不是", column.field)
    return number


def _date(column: Column, value: object) -> dt.date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValidationError(str(exc), column.field) from None


def _bool(column: Column, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"{column.header}应填“是”或“否”，“{shown(value)}”不是", column.field)


def _choice(column: Column, value: object) -> str:
    assert column.choices is not None
    return validate.choice(as_text(value), column.choices, column.header, column.field).value


def split_list(text: str) -> list[str]:
    """Split a list cell: by lines when it has several, else by 、 ; ； , or ，."""
    parts = text.splitlines() if "\n" in text else _LIST_SPLIT.split(text)
    items = [p.strip() for p in parts if p.strip()]
    return list(dict.fromkeys(items))


def join_list(items: list[str]) -> str:
    """Join list items with 、, or one per line when an item holds a separator."""
    if any(_LIST_SEPARATORS.intersection(item) for item in items):
        return "\n".join(items)
    return "、".join(items)


def _list(column: Column, value: object) -> list[str]:
    items = split_list(as_text(value))
    if column.choices is not None:
        return [
            validate.choice(i, column.choices, column.header, column.field).value for i in items
        ]
    return [validate.text(i, column.header, column.field, max_len=column.max_len) for i in items]


def _carriers(column: Column, value: object) -> list[CarrierRow]:
    text = as_text(value)
    parts = text.splitlines() if "\n" in text else _CARRIER_SPLIT.split(text)
    carriers = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        name, _colon, description = part.replace(":", "：").partition("：")
        cleaned = validate.text(name, "载体名称", column.field, max_len=column.max_len)
        carriers.append(CarrierRow(cleaned, description.strip() or None))
    return carriers


def carriers_text(carriers: list[CarrierRow]) -> str:
    """Write carriers one per line as ``名称：说明``."""
    lines = []
    for carrier in carriers:
        description = (carrier.description or "").replace("\n", " ").strip()
        lines.append(f"{carrier.name}：{description}" if description else carrier.name)
    return "\n".join(lines)


def _lines(column: Column, value: object) -> list[str]:
    """Split a cell by lines only: the items are sentences that may hold commas."""
    items = [line.strip() for line in as_text(value).splitlines() if line.strip()]
    unique = list(dict.fromkeys(items))
    return [validate.text(i, column.header, column.field, max_len=column.max_len) for i in unique]


def _money(column: Column, value: object) -> int:
    """Read an amount in yuan (up to two decimals) as whole fen."""
    from brandoffice.services.funds import to_fen

    if isinstance(value, bool):
        raise ValidationError(f"{column.header}应为金额，“{shown(value)}”不是", column.field)
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
    if not isinstance(value, int | float | str):
        raise ValidationError(f"{column.header}应为金额，“{shown(value)}”不是", column.field)
    return to_fen(value, column.header)


def money_value(fen: int) -> int | float:
    """Return fen as the number of yuan a cell shows (whole yuan as an integer)."""
    whole, cents = divmod(fen, 100)
    return whole if cents == 0 else fen / 100


def example_cell(column: Column) -> object:
    """Return a column's example as the template's cell holds it."""
    if column.kind is ColType.MONEY and isinstance(column.example, int):
        return money_value(column.example)
    return column.example


def _id_number(column: Column, value: object) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValidationError(ID_AS_NUMBER, column.field)
    text = as_text(value)
    if "*" in text:
        raise ValidationError(MASKED_ID, column.field)
    return validate.id_number(text, column.field)


def _phone(column: Column, value: object) -> str | None:
    text = as_text(value)
    if "*" in text:
        raise ValidationError(MASKED_PHONE, column.field)
    return validate.phone(text, column.field)


def _uid(column: Column, value: object) -> str:
    """Read a stable identity as exports write it (a UUID; any case, braces tolerated)."""
    text = as_text(value)
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        parsed = None
    if parsed is None or len(text.strip("{}")) != 36:
        raise ValidationError(
            f"{column.header}“{shown(value)}”不是有效的记录标识：应为导出时写入的36位标识"
            "（请勿修改；新记录留空）",
            column.field,
        )
    return str(parsed)


_CONVERTERS = {
    ColType.TEXT: _text,
    ColType.NAME: _name,
    ColType.ORG: _name,
    ColType.INT: _int,
    ColType.FLOAT: _float,
    ColType.DATE: _date,
    ColType.BOOL: _bool,
    ColType.CHOICE: _choice,
    ColType.LIST: _list,
    ColType.CARRIERS: _carriers,
    ColType.ID_NUMBER: _id_number,
    ColType.PHONE: _phone,
    ColType.MONEY: _money,
    ColType.LINES: _lines,
    ColType.UID: _uid,
}
