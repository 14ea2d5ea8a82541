"""The 党(工)委 under a district: which street, town or organs' committee each unit is in.

A district's campaign covers several streets and towns; its leaders read progress by
党(工)委 (seed 002 各党(工)委). A campaign over one street has no such areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.model import Organisation, table_of
from brandoffice.model.vocab import OrgKind, OrgLevel

ORG = table_of(Organisation)
AREA_KINDS = (OrgKind.WORKING_COMMITTEE.value, OrgKind.COMMITTEE.value)
AREA_LEVELS = (OrgLevel.STREET.value, OrgLevel.DISTRICT.value)
AREA_HEADING = "党（工）委"
"""How reports and charts name the areas: 各党（工）委."""


def is_area(kind: str, level: str | None) -> bool:
    """Tell whether a unit directly under a district is one of its 党(工)委."""
    return kind in AREA_KINDS and level in AREA_LEVELS


def areas_of(units: Iterable[Any], scope_id: int | None) -> dict[int, tuple[int, str]]:
    """Map each unit at or below an area to ``(area id, area name)``.

    Args:
        units: Rows with ``id``, ``parent_id``, ``name``, ``kind`` and ``level``.
        scope_id: The campaign's scope; None means the tree's only root.

    Returns:
        Empty unless the scope has at least two 党(工)委 directly under it.
    """
    rows = list(units)
    if scope_id is None:
        roots = [u.id for u in rows if u.parent_id is None]
        if len(roots) != 1:
            return {}
        scope_id = roots[0]
    tops = {u.id: u.name for u in rows if u.parent_id == scope_id and is_area(u.kind, u.level)}
    if len(tops) < 2:
        return {}
    parent = {u.id: u.parent_id for u in rows}
    found: dict[int, tuple[int, str]] = {}
    for u in rows:
        current: int | None = u.id
        seen: set[int] = set()
        while current is not None and current not in tops and current not in seen:
            seen.add(current)
            current = parent.get(current)
        if current is not None and current in tops:
            found[u.id] = (current, tops[current])
    return found


def load_areas(session: Session, scope_id: int | None) -> dict[int, tuple[int, str]]:
    """Read the tree and return :func:`areas_of` for ``scope_id``."""
    query = select(ORG.c.id, ORG.c.parent_id, ORG.c.name, ORG.c.kind, ORG.c.level)
    return areas_of(session.execute(query).all(), scope_id)
