"""Small checks shared by the services, each raising a Chinese ValidationError."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.idcard import normalise, normalised_problem
from brandoffice.normalise import tidy_code, tidy_name, tidy_phone, tidy_text
from brandoffice.text_safety import LINE_MAX, check_entry

E = TypeVar("E", bound=StrEnum)


def text(
    value: str | None,
    label: str,
    field: str,
    *,
    max_len: int,
    required: bool = True,
    multiline: bool | None = None,
) -> str:
    """Return tidied text, refusing empty (when required), too long or unsafe values.

    The text is tidied first (see :func:`brandoffice.normalise.tidy_text`: widths,
    stray spaces); then zero-width and bidi characters are dropped and control
    characters refused (see :func:`brandoffice.text_safety.check_entry`). A field is
    one line unless ``multiline`` says otherwise; by default fields longer than
    :data:`~brandoffice.text_safety.LINE_MAX` characters are free text.
    """
    lines = max_len > LINE_MAX if multiline is None else multiline
    cleaned = check_entry(tidy_text(value), label, field, multiline=lines).strip()
    if required and not cleaned:
        raise ValidationError(f"{label}不能为空", field)
    if len(cleaned) > max_len:
        raise ValidationError(f"{label}不能超过{max_len}个字（现为{len(cleaned)}个）", field)
    return cleaned


def name(value: str | None, label: str, field: str, *, max_len: int) -> str:
    """Return a required one-line name without stray spaces between Chinese characters."""
    return text(tidy_name(value), label, field, max_len=max_len)


def optional_name(value: str | None, label: str, field: str, *, max_len: int) -> str | None:
    """Like :func:`name` but blank gives None."""
    return text(tidy_name(value), label, field, max_len=max_len, required=False) or None


def optional_text(
    value: str | None, label: str, field: str, *, max_len: int, multiline: bool | None = None
) -> str | None:
    """Return stripped text or None for blank."""
    cleaned = text(value, label, field, max_len=max_len, required=False, multiline=multiline)
    return cleaned or None


def choice(value: str | None, enum: type[E], label: str, field: str) -> E:
    """Return the enum member named by ``value`` (spaces and widths aside) or explain the
    allowed values."""
    cleaned = tidy_code(value)
    try:
        return enum(cleaned)
    except ValueError:
        allowed = "、".join(m.value for m in enum)
        shown = tidy_text(value) or "（空）"
        raise ValidationError(f"{label}“{shown}”无效，可选：{allowed}", field) from None


def optional_choice(value: str | None, enum: type[E], label: str, field: str) -> E | None:
    """Like :func:`choice` but blank gives None."""
    if not tidy_code(value):
        return None
    return choice(value, enum, label, field)


def id_number(value: str | None, field: str = "id_number") -> str | None:
    """Return a normalised valid ID number, None for blank, or raise.

    Full-width digits, spaces and a lower-case x are accepted (see
    :func:`brandoffice.idcard.normalise`).
    """
    cleaned = normalise(value or "")
    if not cleaned:
        return None
    problem = normalised_problem(cleaned)
    if problem:
        raise ValidationError(problem, field)
    return cleaned


def phone(value: str | None, field: str = "phone") -> str | None:
    """Return a mobile or landline number in its stored form, None for blank, or raise.

    Separators, full-width digits and ``+86`` are accepted (see
    :func:`brandoffice.normalise.tidy_phone`).
    """
    shown = tidy_text(value)
    if not shown:
        return None
    cleaned = tidy_phone(shown)
    if cleaned is None:
        raise ValidationError(
            f"电话号码“{shown}”格式不对：应为11位手机号，或区号加7–8位座机号（如 010-88886666）",
            field,
        )
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
