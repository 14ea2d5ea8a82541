"""The reads of the organisation tree view: one level at a time, with its brand names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, func, literal, or_, select
from sqlalchemy.orm import Session

from brandoffice.model import Brand, table_of
from brandoffice.model.vocab import BrandStatus
from brandoffice.services.context import Service
from brandoffice.services.orgs import ORG, ORG_COLUMNS
from brandoffice.services.rows import OrgRow, build

_CHILD = ORG.alias("child")
_BRAND = table_of(Brand)
_PARENTS: BindParameter[int] = bindparam("parents", expanding=True)

# Whether a unit has children is one index probe; counting them would walk every
# grandchild of the level (10,000 index entries under a district's streets).
_HAS_CHILDREN = select(literal(1)).where(_CHILD.c.parent_id == ORG.c.id).exists()
_CHILD_COUNT = (
    select(func.count()).select_from(_CHILD).where(_CHILD.c.parent_id == ORG.c.id)
).scalar_subquery()
_ROOTS = (
    select(*ORG_COLUMNS, _CHILD_COUNT)
    .where(ORG.c.parent_id.is_(None))
    .order_by(ORG.c.sort_order, ORG.c.id)
)
_CHILDREN = (
    select(*ORG_COLUMNS, _HAS_CHILDREN)
    .where(ORG.c.parent_id.in_(_PARENTS))
    .order_by(ORG.c.parent_id, ORG.c.sort_order, ORG.c.id)
)


def _brand_names(top: bool) -> Select[Any]:
    below = ORG.c.parent_id.in_(_PARENTS)
    return (
        select(_BRAND.c.org_id, _BRAND.c.name)
        .join(ORG, ORG.c.id == _BRAND.c.org_id)
        .where(
            or_(ORG.c.parent_id.is_(None), below) if top else below,
            _BRAND.c.status != BrandStatus.WITHDRAWN.value,
        )
        .order_by(_BRAND.c.id)
    )


_TOP_BRANDS = _brand_names(top=True)
_CHILD_BRANDS = _brand_names(top=False)
_UNIT = select(*ORG_COLUMNS, _HAS_CHILDREN).where(ORG.c.id == bindparam("org_id"))
_UNIT_BRANDS = (
    select(_BRAND.c.org_id, _BRAND.c.name)
    .where(
        _BRAND.c.org_id == bindparam("org_id"),
        _BRAND.c.status != BrandStatus.WITHDRAWN.value,
    )
    .order_by(_BRAND.c.id)
)


@dataclass(frozen=True, slots=True)
class TreeRow:
    """A unit as the organisation tree lists it.

    Attributes:
        org: The unit.
        has_children: It has at least one child unit.
        brands: The names of its brands that are not withdrawn (摘牌), oldest first.
    """

    org: OrgRow
    has_children: bool
    brands: tuple[str, ...]


@dataclass(frozen=True)
class TreeTop:
    """What the tree shows when it opens.

    Attributes:
        roots: The top-level units.
        children: The children of the roots opened at once, by root id.
    """

    roots: list[TreeRow]
    children: dict[int, list[TreeRow]] = field(default_factory=dict)


class OrgTreeService(Service):
    """Reads the organisation tree level by level, for a lazy tree view."""

    def top(self, open_roots: int = 0, open_limit: int = 0) -> TreeTop:
        """Return the top-level units and the children of those opened at once.

        One session and three queries. The roots are opened when there are at
        most ``open_roots`` of them, each root with at most ``open_limit``
        children: a unit with thousands of direct children waits to be expanded.

        Args:
            open_roots: Open the roots only when there are at most this many.
            open_limit: Open a root only when it has at most this many children.
        """
        with self.ctx.db.read() as s:
            roots = s.execute(_ROOTS).all()
            opened: list[int] = []
            if len(roots) <= open_roots:
                opened = [r[0] for r in roots if 0 < r[-1] <= open_limit]
            children = s.execute(_CHILDREN, {"parents": opened}).all() if opened else []
            brands = _names(s, _TOP_BRANDS, opened)
        below: dict[int, list[TreeRow]] = {org_id: [] for org_id in opened}
        for row in children:
            below[row.parent_id].append(_tree_row(row, brands))
        return TreeTop([_tree_row(r, brands) for r in roots], below)

    def level(self, parent_id: int | None) -> list[TreeRow]:
        """Return the children of a unit (the roots for None), in two queries."""
        if parent_id is None:
            return self.top().roots
        with self.ctx.db.read() as s:
            rows = s.execute(_CHILDREN, {"parents": [parent_id]}).all()
            brands = _names(s, _CHILD_BRANDS, [parent_id])
        return [_tree_row(r, brands) for r in rows]

    def unit(self, org_id: int) -> TreeRow | None:
        """Return one unit as the tree lists it (None when it does not exist)."""
        params = {"org_id": org_id}
        with self.ctx.db.read() as s:
            row = s.execute(_UNIT, params).first()
            names = [name for _id, name in s.execute(_UNIT_BRANDS, params)]
        return None if row is None else _tree_row(row, {org_id: names})

    def child_count(self, org_id: int) -> int:
        """Return how many direct children a unit has."""
        with self.ctx.db.read() as s:
            count = s.scalar(select(func.count()).where(ORG.c.parent_id == org_id))
        return int(count or 0)


def _names(session: Session, query: Select[Any], parents: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for org_id, name in session.execute(query, {"parents": parents}):
        names.setdefault(org_id, []).append(name)
    return names


def _tree_row(row: Any, brands: dict[int, list[str]]) -> TreeRow:
    org = build(OrgRow, row[:-1])
    return TreeRow(org, bool(row[-1]), tuple(brands.get(org.id, ())))
