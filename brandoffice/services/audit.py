"""The append-only audit log, each entry hashed together with the one before."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from brandoffice.model import AuditEntry
from brandoffice.safety.masking import mask_optional
from brandoffice.services.context import AppContext
from brandoffice.text_safety import printable, printable_optional

GENESIS = "0" * 64


def entry_hash(prev_hash: str, fields: dict[str, object]) -> str:
    """Hash an entry's fields together with the previous entry's hash."""
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


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
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    prev_hash = prev or GENESIS
    at = ctx.clock().replace(microsecond=0)
    fields: dict[str, object] = {
        "at": at.isoformat(),
        "account": account,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_name": object_name,
        "result": result,
        "detail": detail,
    }
    session.add(
        AuditEntry(
            at=at,
            account=account,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_name=object_name,
            result=result,
            detail=detail,
            prev_hash=prev_hash,
            hash=entry_hash(prev_hash, fields),
        )
    )
    session.flush()


def verify_chain(session: Session) -> int | None:
    """Return the id of the first entry whose hash does not match, or None if intact."""
    prev_hash = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        fields: dict[str, object] = {
            "at": entry.at.replace(microsecond=0).isoformat(),
            "account": entry.account,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object_name": entry.object_name,
            "result": entry.result,
            "detail": entry.detail,
        }
        if entry.prev_hash != prev_hash or entry.hash != entry_hash(prev_hash, fields):
            return entry.id
        prev_hash = entry.hash
    return None
