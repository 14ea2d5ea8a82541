"""Checking every cell of a sheet and collecting the problems, row by row."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from brandoffice.errors import CellProblem, ValidationError
from brandoffice.excel.cells import LIST_KINDS, as_text, convert, example_cell, shown
from brandoffice.excel.columns import SheetSpec
from brandoffice.excel.reader import SheetData

Progress = Callable[[int, int], None]
T = TypeVar("T")
SERVICE_FIELDS = {
    "org_id": "org",
    "member_id": "member",
    "model_org_id": "model",
    "campaign_id": "campaign",
}
"""The services' field names that a sheet calls otherwise (a unit is named, not numbered)."""
EXAMPLE_ROW = "这是模板中的示例行，请删除或改成真实数据后再导入"


@dataclass
class CheckedRow:
    """A data row with its converted values; ``ok`` when every cell passed."""

    number: int
    raw: dict[str, object]
    values: dict[str, Any]
    ok: bool = True
    bad: set[str] = field(default_factory=set)

    def good(self, name: str) -> bool:
        """Tell whether the cell of ``name`` passed its checks."""
        return name not in self.bad


class Problems:
    """The problems of one sheet, named by Excel row and column header."""

    def __init__(self, spec: SheetSpec, initial: Iterable[CellProblem] = ()) -> None:
        self.spec = spec
        self.items: list[CellProblem] = list(initial)
        self._headers = {c.field: c.header for c in spec.columns}

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, row: CheckedRow, field: str, reason: str, value: object = None) -> None:
        """Record a problem of ``row`` in the column of ``field`` and mark the row bad."""
        shown_value = shown(row.raw.get(field) if value is None else value)
        self.items.append(
            CellProblem(row.number, self._headers.get(field, field), shown_value, reason)
        )
        row.ok = False
        row.bad.add(field)

    def from_error(self, row: CheckedRow, exc: ValidationError, fallback: str) -> None:
        """Record a service's ValidationError under its field's column (or ``fallback``)."""
        field = exc.field if exc.field in self._headers else fallback
        self.add(row, field, str(exc))

    def by_rule(
        self,
        row: CheckedRow,
        rule: Callable[..., T],
        *args: Any,
        fields: Mapping[str, str] | None = None,
    ) -> T | None:
        """Run a service's rule on a row; its refusal becomes the row's problem, word for word.

        Args:
            row: The row the rule checks.
            rule: The service's rule (``clean`` …).
            *args: Its arguments, taken from the row.
            fields: The service's field names this sheet calls otherwise (``amount`` →
                ``amount_fen``), beyond :data:`SERVICE_FIELDS`.

        Returns:
            What the rule returned, or None when it refused (the row is then bad).
        """
        try:
            return rule(*args)
        except ValidationError as exc:
            name = exc.field or ""
            name = {**SERVICE_FIELDS, **(fields or {})}.get(name, name)
            if name not in self._headers:
                name = self.spec.columns[0].field
            if row.good(name):  # a cell the reader refused already is not named twice
                self.add(row, name, str(exc))
            row.ok = False
            return None

    def sorted(self) -> list[CellProblem]:
        """Return the problems by row, then in column order."""
        order = {c.header: i for i, c in enumerate(self.spec.columns)}
        return sorted(self.items, key=lambda p: (p.row, order.get(p.column, -1)))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many short-lived objects.

    A 50,000-row sheet makes millions of cells and dicts, none of them cyclic; the
    collector's full passes over them cost a third of the time of an export.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Ticker:
    """Reports ``progress(done, total)`` every so often over several stages."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        self._every = max(self.total // 100, 200)
        self._last = 0

    def tick(self, count: int = 1) -> None:
        """Count ``count`` units of work done."""
        self.done = min(self.done + count, self.total)
        if self.progress is not None and self.done - self._last >= self._every:
            self._last = self.done
            self.progress(self.done, self.total)

    def finish(self) -> None:
        """Report completion."""
        self.done = self.total
        if self.progress is not None:
            self.progress(self.total, self.total)


def check_cells(
    sheet: SheetData, spec: SheetSpec, ticker: Ticker
) -> tuple[list[CheckedRow], Problems]:
    """Convert every cell of every row; a bad cell gives one problem and marks its row.

    Args:
        sheet: The rows as read.
        spec: The kind's columns.
        ticker: Counts one unit of work per row.

    Returns:
        The rows (bad ones included, so later checks can still see their keys) and the
        problems found so far (the header's included).
    """
    problems = Problems(spec, sheet.problems)
    examples = {c.field: as_text(example_cell(c)) for c in sheet.present if c.example is not None}
    absent = [c for c in spec.columns if c not in sheet.present]
    rows = []
    for sheet_row in sheet.rows:
        row = CheckedRow(sheet_row.number, sheet_row.cells, {})
        for column in sheet.present:
            try:
                row.values[column.field] = convert(column, sheet_row.cells.get(column.field))
            except ValidationError as exc:
                problems.add(row, column.field, str(exc))
                row.values[column.field] = [] if column.kind in LIST_KINDS else None
        for column in absent:
            row.values[column.field] = [] if column.kind in LIST_KINDS else None
        if examples and all(
            as_text(sheet_row.cells.get(f)) == text for f, text in examples.items()
        ):
            problems.add(row, spec.columns[0].field, EXAMPLE_ROW)
        rows.append(row)
        ticker.tick()
    return rows, problems


@dataclass
class Job:
    """Everything a kind's planner gets.

    Attributes:
        rows: The checked rows, bad ones included.
        problems: The problems found so far; planners add theirs.
        present: The fields whose columns the sheet has; only those are changed on
            records that already exist.
        ticker: Progress, one unit per row planned and per row written.
    """

    rows: list[CheckedRow]
    problems: Problems
    present: frozenset[str]
    ticker: Ticker

    def changes(
        self, current: dict[str, Any], values: dict[str, Any], derived: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """Return the values that differ from ``current``, among the sheet's columns.

        Args:
            current: The record as stored.
            values: The record as the sheet has it.
            derived: Stored fields computed from a sheet field (``initials`` from
                ``name``), changed together with it.
        """
        sources = derived or {}
        return {
            k: v
            for k, v in values.items()
            if (k in self.present or sources.get(k) in self.present) and current.get(k) != v
        }
