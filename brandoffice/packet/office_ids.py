"""This office's stable id and packet numbering, kept in the settings table."""

from __future__ import annotations

from sqlalchemy.orm import Session

from brandoffice.model import new_uid
from brandoffice.setting_rows import store, stored

OFFICE_UID = "office_uid"
PACKET_SEQUENCE = "packet_sequence"


def own_office_uid(session: Session) -> str:
    """Return this office's stable id, giving it one the first time (inside the caller's write)."""
    found = stored(session, OFFICE_UID)
    if found:
        return found
    uid = new_uid()
    store(session, OFFICE_UID, uid)
    return uid


def next_sequence(session: Session) -> int:
    """Return the number of the packet being built (1, 2, …): later packets have higher ones."""
    current = stored(session, PACKET_SEQUENCE)
    number = (int(current) if current and current.isdigit() else 0) + 1
    store(session, PACKET_SEQUENCE, str(number))
    return number
