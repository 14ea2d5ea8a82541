"""Rows built from fetched tuples only when read: the calendar's 100,000 cells."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from brandoffice.services.lazy_rows import LazyRows
from brandoffice.services.plain_read import field_names


@dataclass(frozen=True, slots=True)
class Cell:
    task_id: int
    org_id: int
    status: str
    done_on: dt.date | None


def test_a_row_is_built_once_when_read_and_a_field_is_read_without_it() -> None:
    built: list[tuple[object, ...]] = []

    def make(task_id: int, org_id: int, status: str, done_on: str | None) -> Cell:
        built.append((task_id, org_id))
        return Cell(task_id, org_id, status, dt.date.fromisoformat(done_on) if done_on else None)

    cells = LazyRows(
        {(1, 10): (1, 10, "已完成", "2026-05-01"), (1, 11): (1, 11, "逾期", None)},
        make,
        field_names(Cell),
        {3: dt.date.fromisoformat},
    )
    assert cells.value((1, 10), "done_on") == dt.date(2026, 5, 1)  # converted, nothing built
    assert cells.value((1, 11), "done_on") is None
    assert cells.value((2, 10), "status", "") == ""
    assert built == [] and len(cells) == 2 and (1, 11) in cells and (2, 11) not in cells
    first = cells[(1, 10)]
    assert cells[(1, 10)] is first and built == [(1, 10)]
    assert first == Cell(1, 10, "已完成", dt.date(2026, 5, 1))
    assert cells.value((1, 10), "status") == "已完成"  # from the built row now
    cells[(1, 11)] = Cell(1, 11, "已完成", dt.date(2026, 6, 3))
    assert cells.value((1, 11), "status") == "已完成"
    del cells[(1, 10)]
    assert list(cells) == [(1, 11)] and repr(cells) == "LazyRows(1 rows)"
    assert cells == {(1, 11): Cell(1, 11, "已完成", dt.date(2026, 6, 3))}
