"""Reading a database's records as packets carry them, for comparing two databases."""

from __future__ import annotations

from sqlalchemy import select

from brandoffice.packet.kinds import BY_NAME, Record
from brandoffice.packet.rows import UidIndex, read_records
from brandoffice.services.context import AppContext


def records(ctx: AppContext, kind: str) -> dict[str, Record]:
    """Return every record of a kind as a packet would carry it, by uid."""
    with ctx.db.read() as s:
        conn = s.connection()
        rows = read_records(conn, BY_NAME[kind], UidIndex(conn))
    return {r["uid"]: r for r in rows}


def root_of(ctx: AppContext, org_uid: str) -> str:
    """Return the uid of the top unit above a unit."""
    orgs = records(ctx, "orgs")
    current = orgs[org_uid]
    while current["parent_id"] is not None:
        current = orgs[current["parent_id"]]
    return str(current["uid"])


def uid_key(ctx: AppContext, kind: str, uid: str) -> int:
    """Return the local key of a record by uid."""
    table = BY_NAME[kind].table
    with ctx.db.read() as s:
        key = s.scalar(select(table.c.id).where(table.c.uid == uid))
    assert key is not None
    return int(key)
