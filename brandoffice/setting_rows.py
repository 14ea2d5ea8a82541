"""The settings table (key → text), read and written inside the caller's session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.model import Setting


def stored(session: Session, key: str) -> str | None:
    """Return a setting's value, or None when it was never set."""
    return session.scalar(select(Setting.value).where(Setting.key == key))


def store(session: Session, key: str, value: str) -> None:
    """Set a setting, adding its row the first time, and flush (not audited: the caller's part)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()
