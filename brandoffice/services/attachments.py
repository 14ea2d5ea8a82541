"""Attachments: file content stored once per SHA-256 inside the database."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.model import Attachment

ATTACHMENT = Attachment.__table__


def store_attachment(session: Session, data: bytes, mime: str | None) -> int:
    """Store ``data`` inside the caller's transaction and return its attachment id.

    Content already stored (same SHA-256) is not stored twice; its id is returned.

    Args:
        session: An open write session.
        data: The file content.
        mime: Its MIME type, such as ``image/png``.
    """
    digest = hashlib.sha256(data).hexdigest()
    found = session.scalar(select(ATTACHMENT.c.id).where(ATTACHMENT.c.sha256 == digest))
    if found is not None:
        return int(found)
    attachment = Attachment(sha256=digest, size=len(data), mime=mime, content=data)
    session.add(attachment)
    session.flush()
    return attachment.id
