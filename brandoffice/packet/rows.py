"""Reading database rows as packet records and writing records back, keyed by uid."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from brandoffice.errors import ValidationError
from brandoffice.model import Attachment, table_of
from brandoffice.packet.kinds import (
    BY_NAME,
    FILES,
    Kind,
    Record,
    from_json_value,
    to_json_value,
)

ATTACHMENT = table_of(Attachment)


class UidIndex:
    """Local key ↔ uid of every travelling table, read once and kept up to date."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._ids: dict[str, dict[str, int]] = {}
        self._uids: dict[str, dict[int, str]] = {}

    def _load(self, kind: str) -> None:
        if kind not in self._ids:
            if kind == FILES:
                query = select(ATTACHMENT.c.id, ATTACHMENT.c.sha256)
            else:
                table = BY_NAME[kind].table
                query = select(table.c.id, table.c.uid)
            pairs = list(self.conn.execute(query))
            self._ids[kind] = {uid: key for key, uid in pairs}
            self._uids[kind] = {key: uid for key, uid in pairs}  # noqa: C416 - rows, not pairs

    def id_of(self, kind: str, uid: str | None) -> int | None:
        """Return the local key of a uid, or None."""
        if uid is None:
            return None
        self._load(kind)
        return self._ids[kind].get(uid)

    def uid_of(self, kind: str, key: int | None) -> str | None:
        """Return the uid of a local key, or None."""
        if key is None:
            return None
        self._load(kind)
        return self._uids[kind].get(key)

    def add(self, kind: str, uid: str, key: int) -> None:
        """Remember a row just inserted."""
        self._load(kind)
        self._ids[kind][uid] = key
        self._uids[kind][key] = uid

    def forget(self, kind: str, uid: str) -> None:
        """Forget a row just deleted."""
        self._load(kind)
        key = self._ids[kind].pop(uid, None)
        if key is not None:
            self._uids[kind].pop(key, None)


def to_record(kind: Kind, row: Any, index: UidIndex) -> Record:
    """Return one row (with ``id`` and ``uid``) as a packet record."""
    mapping = row._mapping
    record: Record = {"uid": mapping["uid"]}
    for column in kind.fields:
        value = mapping[column.name]
        if column.name in kind.refs:
            record[column.name] = index.uid_of(kind.refs[column.name], value)
        else:
            record[column.name] = to_json_value(column, value)
    return record


def read_records(
    conn: Connection, kind: Kind, index: UidIndex, keys: Iterable[int] | None = None
) -> list[Record]:
    """Return the rows of one kind as records (all, or those with the given keys)."""
    table = kind.table
    query = select(table).order_by(table.c.id)
    if keys is not None:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        query = query.where(table.c.id.in_(wanted))
    return [to_record(kind, row, index) for row in conn.execute(query)]


def values_of(kind: Kind, record: Record, index: UidIndex) -> dict[str, Any]:
    """Return the column values of a record for this database (uids resolved to keys).

    Raises:
        ValidationError: A required reference points at a record this database lacks.
    """
    values: dict[str, Any] = {}
    for column in kind.fields:
        raw = record.get(column.name)
        if column.name in kind.refs:
            target = kind.refs[column.name]
            key = index.id_of(target, raw)
            if raw is not None and key is None and not column.nullable:
                label = "文件" if target == FILES else BY_NAME[target].label
                raise ValidationError(
                    f"{kind.label}“{record['uid']}”引用的{label}（{raw}）在本数据库和数据包中都不存在"
                )
            values[column.name] = key
        else:
            values[column.name] = from_json_value(column, raw)
    return values


def write_record(
    conn: Connection,
    kind: Kind,
    record: Record,
    index: UidIndex,
) -> str:
    """Insert or update one record by uid; return ``added`` or ``changed``."""
    table = kind.table
    values = values_of(kind, record, index)
    key = index.id_of(kind.name, record["uid"])
    if key is None:
        result = conn.execute(table.insert().values(uid=record["uid"], **values))
        new_key = result.inserted_primary_key
        assert new_key is not None
        index.add(kind.name, record["uid"], int(new_key[0]))
        return "added"
    if "version" in table.c:
        values["version"] = table.c.version + 1
    conn.execute(table.update().where(table.c.id == key).values(**values))
    return "changed"


def delete_record(conn: Connection, kind: Kind, uid: str, index: UidIndex) -> None:
    """Delete one record by uid (its children go first: callers delete in reverse kind order)."""
    key = index.id_of(kind.name, uid)
    if key is not None:
        conn.execute(kind.table.delete().where(kind.table.c.id == key))
        index.forget(kind.name, uid)
