"""The append-only audit log, each entry signed together with the one before.

An entry's ``hash`` is the HMAC-SHA256 of its fields, its number in the log, the
signing key's fingerprint and the previous entry's ``hash``, under a key kept
outside the database (:mod:`brandoffice.safety.auditkey`). Entries of older
programs carry a plain SHA-256 instead (:func:`entry_hash`) and no key.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from brandoffice.model import AuditEntry
from brandoffice.safety.auditkey import (
    Anchor,
    AuditKey,
    database_identity,
    known_anchor,
    remember,
    writing_key,
)
from brandoffice.safety.masking import mask_optional
from brandoffice.services.context import AppContext
from brandoffice.text_safety import printable, printable_optional

GENESIS = "0" * 64
_PENDING = "audit_anchor"


def entry_hash(prev_hash: str, fields: dict[str, object]) -> str:
    """Hash an entry's fields together with the previous entry's hash (older entries)."""
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def entry_mac(key: AuditKey, prev_hash: str, seq: int, fields: dict[str, object]) -> str:
    """Sign an entry's fields, number and key together with the previous entry's hash."""
    return key.mac({**fields, "seq": seq, "key": key.id, "prev": prev_hash})


def fields_of(entry: Any) -> dict[str, object]:
    """Return the chained fields of an entry (an ORM object or a row)."""
    return {
        "at": entry.at.replace(microsecond=0).isoformat(),
        "account": entry.account,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_name": entry.object_name,
        "result": entry.result,
        "detail": entry.detail,
    }


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        remember(*pending)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _still_there(session: Session, known: Anchor) -> bool:
    """Tell whether the entry this install saw last is still in the log (or was pruned)."""
    mac = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == known.id))
    if mac is not None:
        return bool(mac == known.mac)
    first = session.scalar(select(func.min(AuditEntry.id)))
    return first is not None and known.id < first


def _remember_after_commit(session: Session, key: AuditKey, anchor: Anchor) -> None:
    """Keep the anchor in this install's anchors file once the transaction commits.

    When the entry this install saw last is gone or different, the old anchor is
    kept as the evidence ``check`` reports (only a restore replaces it).
    """
    identity = database_identity(session.get_bind().engine.url)
    known = known_anchor(identity)
    if known is not None and known.key == key.id and not _still_there(session, known):
        return
    if not session.info.get("audit_listens"):
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_rollback", _after_rollback)
        session.info["audit_listens"] = True
    session.info[_PENDING] = (identity, anchor)


def record(
    session: Session,
    ctx: AppContext,
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    object_name: str | None = None,
    result: str = "成功",
    detail: str | None = None,
) -> None:
    """Append an audit entry inside the caller's transaction.

    Args:
        session: The open write session of the operation being audited.
        ctx: Supplies the account and the clock.
        action: What was done (新增组织, 导入, 导出 …).
        object_type: Kind of record touched.
        object_id: Its id.
        object_name: Its name (never an ID or phone number).
        result: 成功 or 失败.
        detail: Free text; callers mask personal data before passing it.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers of the chain; SQLite's BEGIN IMMEDIATE already does.
        session.execute(text("SELECT pg_advisory_xact_lock(7700101)"))
    # Personal numbers and unprintable characters (a user name typed at the sign-in,
    # a name from an old database) never reach the log, whatever the caller passed.
    object_name = mask_optional(printable_optional(object_name))
    detail = mask_optional(printable_optional(detail))
    account = printable(ctx.account)
    key = writing_key()
    prev = session.execute(
        select(AuditEntry.hash, AuditEntry.seq).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_hash = prev.hash if prev is not None else GENESIS
    if prev is not None and prev.seq is not None:
        seq = int(prev.seq) + 1
    else:  # the first entry, or the first signed one after an older program's
        seq = int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0) + 1
    entry = AuditEntry(
        at=ctx.clock().replace(microsecond=0),
        account=account,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_name=object_name,
        result=result,
        detail=detail,
        prev_hash=prev_hash,
        key_id=key.id,
        seq=seq,
    )
    entry.hash = entry_mac(key, prev_hash, seq, fields_of(entry))
    session.add(entry)
    session.flush()
    _remember_after_commit(session, key, Anchor(entry.id, seq, entry.hash, key.id).signed(key))


class Named(Protocol):
    """A row with an id and a name: a unit, a member, a brand, an account."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


def record_about(
    session: Session,
    ctx: AppContext,
    action: str,
    object_type: str,
    row: Named,
    detail: str | None = None,
) -> None:
    """Append an audit entry about one named row inside the caller's transaction."""
    record(
        session,
        ctx,
        action,
        object_type=object_type,
        object_id=row.id,
        object_name=row.name,
        detail=detail,
    )
