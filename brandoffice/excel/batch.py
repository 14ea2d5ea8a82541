"""What an import did, kept in its ImportBatch so that it can be undone, and its summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table, bindparam, update
from sqlalchemy.orm import Session

from brandoffice.errors import KnownError
from brandoffice.excel.columns import EXCEL_KINDS

CHUNK = 2000
STALE = "导入期间有人修改了相关数据，本次导入已全部取消（数据库未改动），请重新导入"


class StaleImportError(KnownError):
    """A row changed between checking the file and writing it; the import is rolled back."""

    def __init__(self, message: str = STALE) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class ImportSummary:
    """How many rows an import added and changed, and its batch number.

    ``batch_id`` is None when the sheet matched the database and nothing was written.
    ``notes`` are lines shown under the summary: which columns were recognised and
    ignored, and what was derived or left blank.
    """

    kind: str
    inserted: int
    updated: int
    batch_id: int | None
    extra: str = ""
    notes: tuple[str, ...] = ()

    def report(self) -> str:
        """Return the summary followed by its notes, one per line."""
        return "\n".join((str(self), *self.notes))

    def __str__(self) -> str:
        label = EXCEL_KINDS.get(self.kind, self.kind)
        text = f"{label} 新增 {self.inserted} 条，更新 {self.updated} 条"
        if self.extra:
            text += f"，{self.extra}"
        if self.batch_id is None:
            return f"{text}（表中数据与数据库相同，未作改动）"
        return f"{text}（批次 {self.batch_id}）"


def to_json(value: Any) -> Any:
    """Return a value as JSON can store it (dates as ISO text)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def from_json(table: Table, column: str, value: Any) -> Any:
    """Turn a stored JSON value back into the column's Python type."""
    if isinstance(value, str):
        kind = table.c[column].type
        if isinstance(kind, DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
    return value


class BatchLog:
    """Collects the before images and counts of one import."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.images: list[dict[str, Any]] = []
        self.inserted = 0
        self.updated = 0
        self.extra: list[str] = []

    def inserted_ids(self, table: Table, ids: list[int]) -> None:
        """Remember rows of a table without ``import_batch_id`` that the import added."""
        if ids:
            self.images.append({"op": "insert", "table": table.name, "ids": list(ids)})

    def before(
        self, table: Table, row_id: int, values: Mapping[str, Any], version: int | None
    ) -> None:
        """Remember a row's values before the import changed it.

        Args:
            table: Its table.
            row_id: Its id.
            values: The columns the import writes, as they were.
            version: The row's version after the import (None for unversioned tables),
                so undo can tell whether someone changed it since.
        """
        self.images.append(
            {
                "op": "update",
                "table": table.name,
                "id": row_id,
                "version": version,
                "values": {k: to_json(v) for k, v in values.items()},
            }
        )

    def children(self, op: str, owner: int, rows: list[dict[str, Any]]) -> None:
        """Remember the child rows (carriers, targets) a row had before they were replaced."""
        self.images.append(
            {
                "op": op,
                "owner": owner,
                "rows": [{k: to_json(v) for k, v in r.items()} for r in rows],
            }
        )


def update_rows(
    session: Session, table: Table, changes: list[tuple[int, int | None, dict[str, Any]]]
) -> None:
    """Update rows by id, checking the version read while planning.

    Args:
        session: The import's write session.
        table: The table.
        changes: ``(id, version or None, new values)``; rows with the same columns are
            sent together as one executemany.

    Raises:
        StaleImportError: A row was changed or deleted since it was read.
    """
    groups: dict[tuple[str, ...], list[tuple[int, int | None, dict[str, Any]]]] = {}
    for change in changes:
        groups.setdefault(tuple(sorted(change[2])), []).append(change)
    versioned = "version" in table.c
    for columns, items in groups.items():
        stmt = update(table).where(table.c.id == bindparam("b_id"))
        if versioned:
            stmt = stmt.where(table.c.version == bindparam("b_version"))
            stmt = stmt.values(version=table.c.version + 1)
        stmt = stmt.values({c: bindparam(f"b_{c}") for c in columns})
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            params = [
                {"b_id": i, "b_version": v, **{f"b_{c}": vals[c] for c in columns}}
                for i, v, vals in chunk
            ]
            if not versioned:
                for p in params:
                    p.pop("b_version")
            result = session.execute(stmt, params)
            count = int(getattr(result, "rowcount", -1))
            if count >= 0 and count != len(params):
                raise StaleImportError()


@dataclass(frozen=True, slots=True)
class RowUpdate:
    """One row an import changes and, where the sheet gave them, its new child rows.

    Attributes:
        row_id: The row's id.
        version: Its version as read while planning.
        values: The columns to write (empty: only the child rows change).
        before: The same columns as they were.
        old_children: The child rows it had, kept for undo.
        children: The child rows that replace them, or None to leave them.
    """

    row_id: int
    version: int
    values: dict[str, Any]
    before: dict[str, Any]
    old_children: list[dict[str, Any]]
    children: list[dict[str, Any]] | None


def update_with_children(
    session: Session,
    table: Table,
    owner: Column[Any],
    op: str,
    updates: list[RowUpdate],
    log: BatchLog,
    tick: Callable[[], None],
) -> None:
    """Update rows, then log their before images and replace the child rows given.

    Args:
        session: The import's write session.
        table: The updated rows' table.
        owner: The child table's column naming the row (``CARRIER.c.brand_id``).
        op: How the log names the child rows (``carriers``, ``targets``).
        updates: The rows to change.
        log: The import's log.
        tick: Called once per row.
    """
    update_rows(session, table, [(u.row_id, u.version, u.values) for u in updates if u.values])
    children = owner.table
    for u in updates:
        log.before(table, u.row_id, u.before, u.version + 1 if u.values else u.version)
        if u.children is not None:
            log.children(op, u.row_id, u.old_children)
            session.execute(children.delete().where(owner == u.row_id))
            if u.children:
                session.execute(children.insert(), u.children)
        tick()
