"""What each imported data packet brought (issue 22): receipts and exchange baselines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from brandoffice.model.base import Base, utcnow


class PacketReceipt(Base):
    """One imported packet, kept so that newer-or-older can be told and the import undone."""

    __tablename__ = "packet_receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_uid: Mapped[str] = mapped_column(String(36), index=True)
    """The sending office's stable id."""
    office_name: Mapped[str] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(10))
    """``up`` (a street's packet at the district) or ``down`` (decisions coming back)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    """When the sender built the packet (orders packets of one office)."""
    digest: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undo: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Rows as they were before the import and uids it added (see packet.undo)."""
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PacketBaseline(Base):
    """A travelling record's content hash as last exchanged with one office."""

    __tablename__ = "packet_baselines"

    office_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
