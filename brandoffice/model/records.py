"""Commendations, pairings, attachments, settings, import batches and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from brandoffice.model.base import Base, HasUid, Versioned, indexed_fk, utcnow

ONE_NOMINEE = (
    "(CASE WHEN org_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN member_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN brand_id IS NULL THEN 0 ELSE 1 END) = 1"
)
"""Exactly one nominee: a unit, a member or a brand (CHECK, named ``one_nominee``)."""


class Commendation(HasUid, Versioned, Base):
    """An honour (表彰) of a unit, a member or a brand, from nomination (推荐) to decision."""

    __tablename__ = "commendations"
    __table_args__ = (CheckConstraint(ONE_NOMINEE, name="one_nominee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int | None] = indexed_fk("organisations", "CASCADE")
    member_id: Mapped[int | None] = indexed_fk("members", "CASCADE")
    brand_id: Mapped[int | None] = indexed_fk("brands", "CASCADE")
    level: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="推荐", server_default="推荐")
    nominated_by: Mapped[str | None] = mapped_column(String(100))
    nominated_on: Mapped[dt.date | None] = mapped_column(Date)
    awarded_by: Mapped[str | None] = mapped_column(String(100))
    awarded_on: Mapped[dt.date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    review_round_id: Mapped[int | None] = indexed_fk("review_rounds", "SET NULL")
    note: Mapped[str | None] = mapped_column(Text)


class Pairing(Base):
    """A 共建对子: a brand unit helping a lagging unit."""

    __tablename__ = "pairings"

    id: Mapped[int] = mapped_column(primary_key=True)
    helper_org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id", ondelete="SET NULL"))
    lagging_org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    grade_before: Mapped[str | None] = mapped_column(String(10))
    grade_after: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)


class PairingAction(Base):
    """Something done within a pairing, with its date."""

    __tablename__ = "pairing_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = indexed_fk("pairings", "CASCADE")
    acted_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)


class Attachment(Base):
    """File content stored once per SHA-256, inside the database."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    """A key/value setting of the office (name, fonts, …)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImportBatch(Base):
    """One Excel import, kept so that it can be undone."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    before_images: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """An append-only audit record, chained by its MAC to the one before."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    account: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str | None] = mapped_column(String(50))
    object_id: Mapped[int | None] = mapped_column(Integer)
    object_name: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The signing key's fingerprint and the entry's number in the whole log; None on
    # entries of older programs, chained by plain SHA-256 (migration 0011).
    key_id: Mapped[str | None] = mapped_column(String(16))
    seq: Mapped[int | None] = mapped_column(Integer)
