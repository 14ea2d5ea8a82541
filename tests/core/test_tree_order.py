"""The reading order of a tree of units, including broken links and parent loops."""

from __future__ import annotations

from dataclasses import dataclass

from brandoffice.tree_order import tree_order, tree_places


@dataclass(frozen=True)
class Unit:
    id: int
    parent_id: int | None
    sort_order: int = 0


def _names(rows: list[Unit]) -> list[tuple[int, int]]:
    return [(depth, row.id) for depth, row in tree_order(rows)]


def test_parents_come_before_children_and_siblings_follow_sort_order() -> None:
    rows = [Unit(1, None), Unit(2, 1, sort_order=2), Unit(3, 1, sort_order=1), Unit(4, 3)]
    assert _names(rows) == [(0, 1), (1, 3), (2, 4), (1, 2)]
    assert tree_places(rows) == {1: 0, 3: 1, 4: 2, 2: 3}


def test_a_missing_parent_puts_the_unit_at_the_top() -> None:
    assert _names([Unit(1, None), Unit(2, 99)]) == [(0, 1), (0, 2)]


def test_units_in_a_parent_loop_are_never_left_out() -> None:
    rows = [Unit(1, None), Unit(5, 6), Unit(6, 5), Unit(7, 6)]
    order = _names(rows)
    assert sorted(i for _d, i in order) == [1, 5, 6, 7]
    assert order[0] == (0, 1)
    assert order[1] == (0, 5)
