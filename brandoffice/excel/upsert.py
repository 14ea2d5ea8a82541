"""Rows of a record table matched by a natural key: decide inserts and updates, then write them."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import CHUNK, BatchLog, update_rows
from brandoffice.excel.refs import chunked_rows
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.uids import count_notes, drop_copied, load_by_uid, row_uid
from brandoffice.model.base import new_uid

Key = tuple[Hashable, ...]
Finish = Callable[[CheckedRow, dict[str, Any], dict[str, Any] | None], None]
"""Completes a row's values once its stored record (or None) is known; may add problems."""


@dataclass(frozen=True)
class Keyed:
    """How a sheet's rows map onto a table.

    Attributes:
        table: The table written.
        key: The columns that identify a record (a unit and a year …).
        fields: The columns a row writes (the key's included).
        load_by: A non-null key column to load the stored records by.
        derived: Stored fields computed from a sheet field (``org_id`` from ``org``).
        duplicate: The field a second row with the same key is reported under.
        what: The key in words, for that report (同一组织同一年度).
    """

    table: Table
    key: tuple[str, ...]
    fields: tuple[str, ...]
    load_by: str
    derived: dict[str, str] = field(default_factory=dict)
    duplicate: str = "org"
    what: str = "同一记录"


@dataclass
class Upserts:
    """Rows to add to a table and rows to change, with what the changed rows held.

    Attributes:
        table: The table.
        inserts: New rows, every written field given.
        updates: ``(id, version or None, values before, values after)``; both empty when only
            a record's child list changes (the version then stays as read).
        rows: The first sheet row of each key.
        current: The stored record of each key that has one.
    """

    table: Table
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, int | None, dict[str, Any], dict[str, Any]]] = field(
        default_factory=list
    )
    rows: dict[Key, CheckedRow] = field(default_factory=dict)
    current: dict[Key, dict[str, Any]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Rows to write."""
        return len(self.inserts) + len(self.updates)


def plan_keyed(
    session: Session,
    job: Job,
    spec: Keyed,
    cleaned: list[tuple[CheckedRow, dict[str, Any]]],
    finish: Finish | None = None,
) -> Upserts:
    """Refuse rows repeating a key, load the stored records, and plan each row.

    A row whose 标识 names a stored record updates it even when its key changed; an
    identity not stored here goes with the record the row adds.

    Args:
        session: The planning session.
        job: The import; only the sheet's columns change stored records.
        spec: The table and its key.
        cleaned: Good rows with their values (every field of ``spec.fields``).
        finish: Called for each row with its stored record before it is compared.
    """
    result = Upserts(spec.table)
    keyed: list[tuple[CheckedRow, Key, dict[str, Any]]] = []
    for row, values in cleaned:
        key = tuple(values[k] for k in spec.key)
        first = result.rows.setdefault(key, row)
        if first is not row:
            job.problems.add(row, spec.duplicate, f"与第 {first.number} 行重复：{spec.what}")
            continue
        keyed.append((row, key, values))
    table = spec.table
    versioned = "version" in table.c
    columns = [table.c.id, *(table.c[f] for f in spec.fields)]
    if versioned:
        columns.append(table.c.version)
    stored = chunked_rows(
        session, select(*columns), table.c[spec.load_by], (v[spec.load_by] for _r, _k, v in keyed)
    )
    for r in stored:
        record = dict(r._mapping)
        key = tuple(record[k] for k in spec.key)
        if key in result.rows:
            result.current[key] = record
    by_uid = _by_uid(session, job, spec, keyed, columns[1:])
    claimed: dict[int, int] = {}
    foreign = other = 0
    for row, key, values in keyed:
        current = result.current.get(key)
        uid = row_uid(row) if by_uid is not None else None
        if by_uid is not None and uid is not None:
            mine = by_uid.get(uid)
            if mine is not None and current is not None and current["id"] != mine["id"]:
                job.problems.add(
                    row,
                    spec.duplicate,
                    f"数据库中已有{spec.what}的另一条记录，按标识本行是别的记录，不能改成相同",
                )
                continue
            if mine is not None:
                current = result.current[key] = mine
            elif current is None:
                values["uid"] = uid  # not stored here: the record keeps it
                foreign += 1
            else:
                other += 1
        if current is not None:
            taken = claimed.setdefault(current["id"], row.number)
            if taken != row.number:
                job.problems.add(row, spec.duplicate, f"与第 {taken} 行对应同一条记录")
                continue
        if finish is not None:
            finish(row, values, current)
        if not row.ok:
            continue
        if current is None:
            result.inserts.append(values)
            continue
        changed = job.changes(current, values, spec.derived)
        if changed:
            before = {k: current[k] for k in changed}
            result.updates.append((current["id"], current.get("version"), before, changed))
    count_notes(job, foreign, other)
    return result


def _by_uid(
    session: Session,
    job: Job,
    spec: Keyed,
    keyed: list[tuple[CheckedRow, Key, dict[str, Any]]],
    columns: list[Any],
) -> dict[str, dict[str, Any]] | None:
    """Return the stored records the rows' identities name (None: the table keeps none)."""
    if "uid" not in spec.table.c:
        return None
    rows = [row for row, _key, _values in keyed]
    drop_copied(job, rows)
    return load_by_uid(session, spec.table, rows, *columns)


def insert_returning(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows with executemany and return their new ids, in order."""
    ids: list[int] = []
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    for start in range(0, len(rows), CHUNK):
        ids.extend(int(i) for i in session.execute(stmt, rows[start : start + CHUNK]).scalars())
    return ids


def apply_upserts(session: Session, plan: Upserts, log: BatchLog, job: Job) -> list[int]:
    """Write planned inserts and updates, keeping what undo needs; return the new ids."""
    table = plan.table
    inserts = plan.inserts
    if "uid" in table.c:  # every row names its uid: one statement for all
        inserts = [{**v, "uid": v.get("uid") or new_uid()} for v in inserts]
    ids = insert_returning(session, table, inserts)
    log.inserted_ids(table, ids)
    update_rows(session, table, [(i, v, after) for i, v, _b, after in plan.updates if after])
    for row_id, version, before, after in plan.updates:
        bumped = version + 1 if version is not None and after else version
        log.before(table, row_id, before, bumped)
    log.inserted += len(plan.inserts)
    log.updated += len(plan.updates)
    job.ticker.tick(plan.size)
    return ids


def replace_children(
    session: Session,
    log: BatchLog,
    op: str,
    child: Table,
    owner_column: str,
    changes: dict[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]],
) -> None:
    """Replace the child rows of records, remembering the old rows for undo.

    Args:
        session: The write session.
        log: The batch; gets one ``op`` image per owner.
        op: The image's name (``points``, ``attendance``), known to undo.
        child: The child table.
        owner_column: Its column naming the owner.
        changes: Owner id → (old rows, new rows), rows as full dicts of the child table.
    """
    for owner, (old, new) in changes.items():
        log.children(op, owner, old)
        session.execute(child.delete().where(child.c[owner_column] == owner))
        if new:
            session.execute(child.insert(), new)
