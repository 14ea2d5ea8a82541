"""Search-as-you-type over units and members: statements built once, one read connection.

A keystroke runs at most two SQL statements on one plain connection (no ORM session):
the statements are built once per shape of query, so SQLAlchemy finds them in its
compiled cache, and rows come back as small frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, or_, select

from brandoffice.model import Member, Organisation, table_of
from brandoffice.services.context import AppContext
from brandoffice.textsearch import like_pattern

ORG = table_of(Organisation)
MEMBER = table_of(Member)
WILDCARDS = ("\\", "%", "_")


@dataclass(frozen=True, slots=True)
class UnitHit:
    """A unit found by name or pinyin initials."""

    id: int
    name: str
    kind: str
    sector: str | None


@dataclass(frozen=True, slots=True)
class MemberHit:
    """A member found; ``phone`` and ``id_number`` are raw: mask before showing."""

    id: int
    name: str
    phone: str | None
    id_number: str | None
    unit_name: str


@dataclass(frozen=True, slots=True)
class QueryShape:
    """Which columns a typed text is matched against.

    Attributes:
        initials: Members' pinyin initials (the text is ASCII letters only).
        numbers: Phone and ID numbers (three or more digits, maybe ending in X).
        escape: The text holds a LIKE wildcard, so the pattern needs ``ESCAPE``.
    """

    initials: bool
    numbers: bool
    escape: bool

    @classmethod
    def of(cls, text: str) -> QueryShape:
        """Return the shape of a stripped search text."""
        digits = text.upper()
        return cls(
            initials=text.isascii() and text.isalpha(),
            numbers=len(digits) >= 3 and digits.rstrip("X").isdigit(),
            escape=any(ch in text for ch in WILDCARDS),
        )


def search_params(text: str) -> dict[str, str]:
    """Return the LIKE patterns bound into the search statements for a stripped text."""
    return {
        "name": like_pattern(text),
        "initials": like_pattern(text.lower()),
        "digits": like_pattern(text.upper()),
    }


def _like(column: ColumnElement[Any], param: str, escape: bool) -> ColumnElement[bool]:
    # Without wildcards in the text the pattern holds no backslash, and SQLite matches
    # a LIKE without ESCAPE about a tenth faster.
    return column.like(bindparam(param), escape="\\" if escape else None)


@cache
def member_condition(shape: QueryShape) -> ColumnElement[bool]:
    """Return the member search condition of a shape, with bound parameters.

    Args:
        shape: What the text is matched against.

    Returns:
        A condition with the parameters ``name``, ``initials`` and ``digits`` of
        ``search_params`` (only those the shape uses).
    """
    conditions = [_like(MEMBER.c.name, "name", shape.escape)]
    if shape.initials:
        conditions.append(_like(MEMBER.c.initials, "initials", shape.escape))
    if shape.numbers:
        conditions.append(_like(MEMBER.c.phone, "digits", shape.escape))
        conditions.append(_like(MEMBER.c.id_number, "digits", shape.escape))
    return or_(*conditions)


@cache
def _unit_statement(escape: bool) -> Select[Any]:
    condition = or_(_like(ORG.c.name, "name", escape), _like(ORG.c.initials, "initials", escape))
    return (
        select(ORG.c.id, ORG.c.name, ORG.c.kind, ORG.c.sector)
        .where(condition)
        .order_by(func.length(ORG.c.name), ORG.c.id)
        .limit(bindparam("limit", type_=Integer))
    )


@cache
def _member_statement(shape: QueryShape) -> Select[Any]:
    # The unit's name comes from a join, not a second query after the first.
    columns = (MEMBER.c.id, MEMBER.c.name, MEMBER.c.phone, MEMBER.c.id_number, ORG.c.name)
    return (
        select(*columns)
        .join_from(MEMBER, ORG, MEMBER.c.org_id == ORG.c.id)
        .where(member_condition(shape))
        .order_by(MEMBER.c.id)
        .limit(bindparam("limit", type_=Integer))
    )


def quick_search(
    ctx: AppContext, text: str, *, members: bool = True, limit: int = 20
) -> tuple[list[UnitHit], list[MemberHit]]:
    """Search units (name, pinyin initials) and members (name, initials, phone or ID part).

    Args:
        ctx: The services' context.
        text: What the clerk typed.
        members: Also search members.
        limit: Results per kind.

    Returns:
        The units, shortest name first, and the members in the order they were added.
    """
    q = text.strip()
    if not q:
        return [], []
    shape = QueryShape.of(q)
    params: dict[str, Any] = {**search_params(q), "limit": limit}
    with ctx.db.read_engine.connect() as conn:  # BEGIN DEFERRED: never the write lock
        units = [UnitHit(*row) for row in conn.execute(_unit_statement(shape.escape), params)]
        if not members:
            return units, []
        found = [MemberHit(*row) for row in conn.execute(_member_statement(shape), params)]
    return units, found
