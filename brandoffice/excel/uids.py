"""Stable identities in sheets: the optional 标识 column that exports write and imports follow.

A row whose identity is stored updates that record even when the clerk renamed it; an
identity this database does not know is kept by the record the row adds (a record moved
between databases through Excel keeps its identity); a row without one is matched by the
kind's natural key as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from brandoffice.excel.refs import chunked_rows
from brandoffice.excel.rowcheck import CheckedRow, Job

FIELD = "uid"
FOREIGN_NOTE = "新记录沿用表中的标识（来自其他数据库）"
COPIED_NOTE = "复制的行带有前面某行的标识，按各自的名称等处理（不沿用该标识）"
OTHER_NOTE = "标识与本库不同、按名称等找到已有记录（保留本库的标识）"


def row_uid(row: CheckedRow) -> str | None:
    """Return a row's identity, if its sheet has the column and the cell is filled."""
    value = row.values.get(FIELD)
    return value if isinstance(value, str) else None


def drop_copied(job: Job, rows: Iterable[CheckedRow]) -> None:
    """Treat later rows carrying an earlier row's identity as copies: new records, no identity.

    The column is hidden, so a clerk who copies a row to add a similar record cannot see
    that the copy took the original's identity; the first row keeps it.
    """
    seen: set[str] = set()
    copies = 0
    for row in rows:
        uid = row_uid(row)
        if uid is None:
            continue
        if uid in seen:
            row.values[FIELD] = None
            copies += 1
        seen.add(uid)
    job.note(copies, COPIED_NOTE, "行")


def load_by_uid(
    session: Session, table: Table, rows: Iterable[CheckedRow], *columns: ColumnElement[Any]
) -> dict[str, dict[str, Any]]:
    """Return the stored records the rows' identities name, keyed by identity.

    Args:
        session: The planning session.
        table: The kind's table.
        rows: The sheet's rows (those without an identity are skipped).
        *columns: The columns to load; the table's id and uid are always loaded.
    """
    wanted = [u for u in (row_uid(r) for r in rows) if u is not None]
    if not wanted:
        return {}
    query = select(table.c.id, table.c.uid, *columns)
    return {r.uid: dict(r._mapping) for r in chunked_rows(session, query, table.c.uid, wanted)}


def count_notes(job: Job, foreign: int, other: int) -> None:
    """Say how the rows' identities not stored here were used."""
    job.note(foreign, FOREIGN_NOTE)
    job.note(other, OTHER_NOTE)
