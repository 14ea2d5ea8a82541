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
OTHER_NOTE = "标识与本库不同、按名称等找到已有记录（保留本库的标识）"


def row_uid(row: CheckedRow) -> str | None:
    """Return a row's identity, if its sheet has the column and the cell is filled."""
    value = row.values.get(FIELD)
    return value if isinstance(value, str) else None


def refuse_repeated(job: Job, rows: Iterable[CheckedRow]) -> None:
    """Refuse a second row carrying the same identity (a copied row, say)."""
    seen: dict[str, int] = {}
    for row in rows:
        uid = row_uid(row)
        if uid is None:
            continue
        first = seen.setdefault(uid, row.number)
        if first != row.number:
            job.problems.add(row, FIELD, f"与第 {first} 行的标识相同：新增的记录请把标识留空")


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
