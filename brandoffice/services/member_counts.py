"""党员人数: the roster's count, or a larger figure typed for members not on the roster.

The model: a unit's 党员人数 is the number of its members on the roster, unless the
clerk typed a larger figure (a unit keeps only part of its members on the roster,
or none). The typed figure is stored in ``organisations.member_count``; a figure
not above the roster counts for nothing and is stored as 0. So

- entering members (the window, a roster import) fills the typed figure up before
  raising the count: a unit typed as 78 shows 78 until its roster passes 78;
- a member who leaves (deleted, or moved to another unit) lowers a typed figure by
  one, so the members not on the roster stay counted; a member who joins by a move
  raises it by one where the unit has members not on the roster;
- undoing an import of members gives back the count from before it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from brandoffice.model import Member, Organisation, table_of

ORG = table_of(Organisation)
MEMBER = table_of(Member)
_IN_CHUNK = 500


def roster_count() -> ColumnElement[int]:
    """Return the number of members on a unit's roster, correlated to ``organisations``."""
    return select(func.count(MEMBER.c.id)).where(MEMBER.c.org_id == ORG.c.id).scalar_subquery()


class _Greatest(FunctionElement[int]):
    """The larger of two numbers: ``greatest`` on servers, two-argument ``max`` on SQLite."""

    name = "greatest"
    type = Integer()
    inherit_cache = True


@compiles(_Greatest)
def _greatest(element: _Greatest, compiler: Any, **kw: Any) -> str:
    return f"greatest({compiler.process(element.clauses, **kw)})"


@compiles(_Greatest, "sqlite")
def _sqlite_greatest(element: _Greatest, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


def shown_count() -> ColumnElement[int]:
    """Return the 党员人数 to show: the roster's count, or the typed figure when larger.

    The roster is counted once per unit (a ``CASE`` would count it twice).
    """
    return _Greatest(ORG.c.member_count, roster_count()).label("member_count")


def shown_counts(session: Session, org_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Return unit id → 党员人数 as shown (every unit when ``org_ids`` is None)."""
    query = select(ORG.c.id, shown_count())
    if org_ids is None:
        return {int(i): int(n) for i, n in session.execute(query)}
    ids = sorted(set(org_ids))
    found: dict[int, int] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = query.where(ORG.c.id.in_(ids[start : start + _IN_CHUNK]))
        found.update({int(i): int(n) for i, n in session.execute(chunk)})
    return found


def roster_counts(session: Session) -> dict[int, int]:
    """Return unit id → members on its roster, for units that have any."""
    query = select(MEMBER.c.org_id, func.count()).group_by(MEMBER.c.org_id)
    return {int(o): int(n) for o, n in session.execute(query)}


def typed_figure(session: Session, org_id: int | None, figure: int) -> int:
    """Return what to store for a 党员人数 typed for a unit: the figure, or 0 if not above the roster."""
    if org_id is None or figure <= 0:
        return max(figure, 0)
    roster = int(
        session.scalar(select(func.count()).select_from(MEMBER).where(MEMBER.c.org_id == org_id))
        or 0
    )
    return figure if figure > roster else 0


def drop_figures_within_roster(session: Session, org_ids: Iterable[int]) -> None:
    """Store 0 for units whose typed figure is not above their roster (it counts for nothing)."""
    ids = sorted(set(org_ids))
    for start in range(0, len(ids), _IN_CHUNK):
        session.execute(
            update(ORG)
            .where(
                ORG.c.id.in_(ids[start : start + _IN_CHUNK]),
                ORG.c.member_count > 0,
                ORG.c.member_count <= roster_count(),
            )
            .values(member_count=0)
        )


def members_moved(session: Session, moves: Iterable[tuple[int, int]]) -> None:
    """Keep 党员人数 after members left or joined units; call after the rows changed.

    Args:
        session: The caller's write session.
        moves: One ``(old unit, new unit)`` per member; ``new unit`` is 0 for a
            member deleted. Pairs with the same unit on both sides are ignored.

    A unit that lost members lowers its typed figure by as many; a unit that gained
    members by a move raises it by as many where it has members not on the roster.
    Both get a new version, so a form of the unit opened before cannot save a stale
    figure.
    """
    left: Counter[int] = Counter()
    joined: Counter[int] = Counter()
    for old, new in moves:
        if old == new:
            continue
        left[old] += 1
        if new:
            joined[new] += 1
    for org_id, n in left.items():
        session.execute(
            update(ORG)
            .where(ORG.c.id == org_id)
            .values(
                member_count=case((ORG.c.member_count > n, ORG.c.member_count - n), else_=0),
                version=ORG.c.version + 1,
            )
        )
    for org_id, n in joined.items():
        # the roster already holds the newcomers: it had ``roster - n`` before
        session.execute(
            update(ORG)
            .where(ORG.c.id == org_id)
            .values(
                member_count=case(
                    (ORG.c.member_count > roster_count() - n, ORG.c.member_count + n), else_=0
                ),
                version=ORG.c.version + 1,
            )
        )
