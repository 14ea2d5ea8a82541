"""Small checks shared by the services, each raising a Chinese ValidationError."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.idcard import id_number_problem, normalise
from brandoffice.text_safety import LINE_MAX, check_entry

E = TypeVar("E", bound=StrEnum)

_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def text(
    value: str | None,
    label: str,
    field: str,
    *,
    max_len: int,
    required: bool = True,
    multiline: bool | None = None,
) -> str:
    """Return stripped text, refusing empty (when required), too long or unsafe values.

    Zero-width and bidi characters are dropped and control characters refused (see
    :func:`brandoffice.text_safety.check_entry`). A field is one line unless
    ``multiline`` says otherwise; by default fields longer than
    :data:`~brandoffice.text_safety.LINE_MAX` characters are free text.
    """
    lines = max_len > LINE_MAX if multiline is None else multiline
    cleaned = check_entry((value or "").strip(), label, field, multiline=lines).strip()
    if required and not cleaned:
        raise ValidationError(f"{label}不能为空", field)
    if len(cleaned) > max_len:
        raise ValidationError(f"{label}不能超过{max_len}个字（现为{len(cleaned)}个）", field)
    return cleaned


def optional_text(
    value: str | None, label: str, field: str, *, max_len: int, multiline: bool | None = None
) -> str | None:
    """Return stripped text or None for blank."""
    cleaned = text(value, label, field, max_len=max_len, required=False, multiline=multiline)
    return cleaned or None


def choice(value: str | None, enum: type[E], label: str, field: str) -> E:
    """Return the enum member named by ``value`` or explain the allowed values."""
    cleaned = (value or "").strip()
    try:
        return enum(cleaned)
    except ValueError:
        allowed = "、".join(m.value for m in enum)
        shown = cleaned or "（空）"
        raise ValidationError(f"{label}“{shown}”无效，可选：{allowed}", field) from None


def optional_choice(value: str | None, enum: type[E], label: str, field: str) -> E | None:
    """Like :func:`choice` but blank gives None."""
    if value is None or not str(value).strip():
        return None
    return choice(value, enum, label, field)


def id_number(value: str | None, field: str = "id_number") -> str | None:
    """Return a normalised valid ID number, None for blank, or raise."""
    if value is None or not value.strip():
        return None
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(problem, field)
    return normalise(value)


def phone(value: str | None, field: str = "phone") -> str | None:
    """Return a plausible mobile or landline number, None for blank, or raise."""
    if value is None or not value.strip():
        return None
    cleaned = value.strip().replace(" ", "")
    if not _PHONE.match(cleaned):
        raise ValidationError(f"电话号码“{cleaned}”格式不对：应为11位手机号或区号加座机号", field)
    return cleaned


def date_order(start: dt.date | None, end: dt.date | None, label: str, field: str) -> None:
    """Refuse an end date before its start date."""
    if start and end and end < start:
        raise ValidationError(f"{label}的结束日期早于开始日期", field)


def non_negative(value: int | None, label: str, field: str) -> int:
    """Return a count that is not negative."""
    number = int(value or 0)
    if number < 0:
        raise ValidationError(f"{label}不能为负数", field)
    return number


def flush_or_explain(session: Session, what: str) -> None:
    """Flush a delete; a record still referenced elsewhere is refused in Chinese.

    Foreign keys with ON DELETE RESTRICT (funds, evidence, …) guard records that must
    not vanish silently; this turns their refusal into a message the clerk can act on.
    """
    try:
        session.flush()
    except IntegrityError:
        raise ValidationError(
            f"{what}还有关联的记录（如经费、佐证材料、评议或培训记录），请先处理这些记录后再删除"
        ) from None
