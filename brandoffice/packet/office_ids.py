"""This office's stable id and packet numbering, kept in the settings table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.model import Setting, new_uid

OFFICE_UID = "office_uid"
PACKET_SEQUENCE = "packet_sequence"


def _get(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def own_office_uid(session: Session) -> str:
    """Return this office's stable id, giving it one the first time (inside the caller's write)."""
    found = _get(session, OFFICE_UID)
    if found:
        return found
    uid = new_uid()
    _put(session, OFFICE_UID, uid)
    return uid


def next_sequence(session: Session) -> int:
    """Return the number of the packet being built (1, 2, …): later packets have higher ones."""
    current = _get(session, PACKET_SEQUENCE)
    number = (int(current) if current and current.isdigit() else 0) + 1
    _put(session, PACKET_SEQUENCE, str(number))
    return number
