"""The order people read a tree of units in: depth first, parents before children."""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol, TypeVar


class TreeRow(Protocol):
    """What a unit row needs to be placed in the tree."""

    @property
    def id(self) -> int: ...

    @property
    def parent_id(self) -> int | None: ...

    @property
    def sort_order(self) -> int: ...


RowT = TypeVar("RowT", bound=TreeRow)


def tree_order(rows: list[RowT]) -> list[tuple[int, RowT]]:
    """Return ``(depth, row)`` depth first, parents before children, siblings in sort order.

    A unit whose parent is missing (a broken link) is listed at the top level, and so is
    the first unit of a parent loop met in sort order, so no unit is ever left out.
    """
    ids = {r.id for r in rows}
    children: defaultdict[int | None, list[RowT]] = defaultdict(list)
    for row in rows:
        children[row.parent_id if row.parent_id in ids else None].append(row)
    for siblings in children.values():
        siblings.sort(key=lambda r: (r.sort_order, r.id))
    out: list[tuple[int, RowT]] = []
    done: set[int] = set()
    roots = children[None] + sorted(rows, key=lambda r: (r.sort_order, r.id))
    for root in roots:
        stack = [(0, root)]
        while stack:
            depth, row = stack.pop()
            if row.id in done:
                continue
            done.add(row.id)
            out.append((depth, row))
            stack.extend((depth + 1, c) for c in reversed(children[row.id]))
    return out


def tree_places(rows: list[RowT]) -> dict[int, int]:
    """Return each unit's place in :func:`tree_order`, for lists of units printed for people."""
    return {row.id: i for i, (_depth, row) in enumerate(tree_order(rows))}
