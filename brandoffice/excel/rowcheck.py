"""Checking every cell of a sheet and collecting the problems, row by row."""

from __future__ import annotations

import gc
import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from brandoffice.errors import CellProblem, ImportRejected, ValidationError
from brandoffice.excel.cells import LIST_KINDS, as_text, convert, example_cell, shown
from brandoffice.excel.column_report import kept_columns
from brandoffice.excel.columns import ColType, Column, SheetSpec
from brandoffice.excel.reader import SheetData

Progress = Callable[[int, int], None]
LISTED = 200
"""Problems listed to the clerk; the others are counted."""
T = TypeVar("T")
SERVICE_FIELDS = {
    "org_id": "org",
    "member_id": "member",
    "model_org_id": "model",
    "campaign_id": "campaign",
}
"""The services' field names that a sheet calls otherwise (a unit is named, not numbered)."""
EXAMPLE_ROW = "这是模板中的示例行，请删除或改成真实数据后再导入"


@dataclass(slots=True)
class CheckedRow:
    """A data row with its converted values; ``ok`` when every cell passed."""

    number: int
    raw: dict[str, object]
    values: dict[str, Any]
    ok: bool = True
    bad: AbstractSet[str] = frozenset()  # a set of its own once a cell is marked

    def good(self, name: str) -> bool:
        """Tell whether the cell of ``name`` passed its checks."""
        return name not in self.bad

    def mark(self, name: str) -> None:
        """Mark the cell of ``name`` bad, and with it the row."""
        self.ok = False
        if not isinstance(self.bad, set):
            self.bad = set()
        self.bad.add(name)


class Problems:
    """The problems of one sheet, named by Excel row and column header.

    Every problem is counted, but only the first :data:`LISTED` by row and column are
    kept: a file bad on every row would otherwise fill memory and the screen.
    """

    def __init__(self, spec: SheetSpec, initial: Iterable[CellProblem] = ()) -> None:
        self.spec = spec
        self.count = 0
        self._headers = {c.field: c.header for c in spec.columns}
        self._order = {c.header: i for i, c in enumerate(spec.columns)}
        self._kept: list[tuple[tuple[int, int, int], CellProblem]] = []  # a max-heap
        self._per_row = array("I")
        for problem in initial:
            self.append(problem)

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, row: CheckedRow, field: str, reason: str, value: object = None) -> None:
        """Record a problem of ``row`` in the column of ``field`` and mark the row bad."""
        row.mark(field)
        if len(self._kept) >= LISTED and -row.number < self._kept[0][0][0]:
            self._count(row.number)  # later than every listed row: counting is enough
            return
        shown_value = shown(row.raw.get(field) if value is None else value)
        self.append(CellProblem(row.number, self._headers.get(field, field), shown_value, reason))

    def append(self, problem: CellProblem) -> None:
        """Count a problem and keep it when it is among the first by row and column."""
        self._count(problem.row)
        key = (-problem.row, -self._order.get(problem.column, -1), -self.count)
        if len(self._kept) < LISTED:
            heapq.heappush(self._kept, (key, problem))
        elif key > self._kept[0][0]:
            heapq.heapreplace(self._kept, (key, problem))

    def _count(self, row: int) -> None:
        self.count += 1
        if row >= len(self._per_row):
            self._per_row.extend(bytes(4 * (row + 1 - len(self._per_row))))
        self._per_row[row] += 1

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
        """Return the problems kept, by row, then in column order."""
        return [p for _key, p in sorted(self._kept, reverse=True)]

    def rejected(self) -> ImportRejected:
        """Return the refusal that lists the problems kept and counts the others."""
        listed = self.sorted()
        left = self._per_row[:]
        for problem in listed:
            left[problem.row] -= 1
        more_rows = sum(1 for n in left if n)
        return ImportRejected(listed, self.count, more_rows)


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


RELEASE_CHUNK = 2000


def release(*holders: object) -> None:
    """Empty the lists held by ``holders`` (their attributes), a chunk at a time.

    Freeing 50,000 rows when the import returns is one long C call that holds every
    thread (the window's event loop too) for a tenth of a second; freed in chunks,
    other threads run between them.
    """
    for holder in holders:
        for value in getattr(holder, "__dict__", {}).values():
            if isinstance(value, list):
                while value:
                    del value[-RELEASE_CHUNK:]


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


REPEATING = frozenset(ColType) - {ColType.ID_NUMBER, ColType.PHONE, ColType.UID, *LIST_KINDS}
"""Column types whose cells repeat down a sheet (a unit, a category, a date) and whose
values are immutable: each distinct cell is converted once per sheet."""


class CellReader:
    """Converts the cells of one column; a repeating column's distinct cells once each.

    A 50,000-member sheet names a few hundred units and five categories: the unit path's
    name rule ran 50,000 times for as many distinct values. The memo keys on the cell's
    type as well as its value (``1``, ``1.0`` and ``True`` are equal in a dict, not in a
    sheet) and holds the problem text of a bad cell as well as the value of a good one.
    """

    def __init__(self, column: Column) -> None:
        self.column = column
        self.memo: dict[tuple[type, object], tuple[Any, str | None]] | None = (
            {} if column.kind in REPEATING else None
        )

    def read(self, cell: object) -> tuple[Any, str | None]:
        """Return the cell's value and None, or the blank value and the problem's text."""
        memo = self.memo
        if memo is None:
            return self._convert(cell)
        key = (type(cell), cell)
        try:
            return memo[key]
        except KeyError:
            memo[key] = found = self._convert(cell)
            return found
        except TypeError:  # not hashable: a cell type calamine does not give
            return self._convert(cell)

    def _convert(self, cell: object) -> tuple[Any, str | None]:
        try:
            return convert(self.column, cell), None
        except ValidationError as exc:
            blank: list[Any] | None = [] if self.column.kind in LIST_KINDS else None
            return blank, str(exc)


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
    present = kept_columns(sheet.present)
    examples = {c.field: as_text(example_cell(c)) for c in present if c.example is not None}
    absent = [c for c in spec.columns if c not in present]
    first_example = next(iter(examples), "")  # most rows differ from the example here
    readers = [(column, CellReader(column)) for column in present]
    rows = []
    for sheet_row in sheet.rows:
        row = CheckedRow(sheet_row.number, sheet_row.cells, {})
        for column, reader in readers:
            value, problem = reader.read(sheet_row.cells.get(column.field))
            row.values[column.field] = value
            if problem is not None:
                problems.add(row, column.field, problem)
        for column in absent:
            row.values[column.field] = [] if column.kind in LIST_KINDS else None
        if (
            examples
            and as_text(sheet_row.cells.get(first_example)) == examples[first_example]
            and all(as_text(sheet_row.cells.get(f)) == text for f, text in examples.items())
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
        notes: What the planner derived or left blank, for the import's result
            (``组织层级按上级组织推断：3 个``).
    """

    rows: list[CheckedRow]
    problems: Problems
    present: frozenset[str]
    ticker: Ticker
    notes: list[str] = field(default_factory=list)

    def note(self, count: int, text: str, unit: str = "条") -> None:
        """Add ``text：count unit`` to the result when ``count`` is not zero."""
        if count:
            self.notes.append(f"{text}：{count} {unit}")

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
