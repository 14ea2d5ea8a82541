"""Brands (党建品牌): register, carriers, yearly plans, history and inspections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from brandoffice.model.base import Base, HasUid, Versioned, indexed_fk, utcnow


class Brand(HasUid, Versioned, Base):
    """A party-building brand owned by one organisation."""

    __tablename__ = "brands"
    __table_args__ = (Index("ix_brands_initials", "initials"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "RESTRICT")
    name: Mapped[str] = mapped_column(String(20), index=True)
    initials: Mapped[str] = mapped_column(String(20), default="")
    logo_text: Mapped[str | None] = mapped_column(String(200))
    logo_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL")
    )
    theme: Mapped[str | None] = mapped_column(Text)
    slogan: Mapped[str | None] = mapped_column(String(200))
    connotation: Mapped[str | None] = mapped_column(Text)
    concept: Mapped[str | None] = mapped_column(Text)
    role_played: Mapped[str | None] = mapped_column(Text)
    service_site: Mapped[str | None] = mapped_column(String(200))
    service_items: Mapped[list[str]] = mapped_column(JSON, default=list)
    objectives: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True)
    level: Mapped[str | None] = mapped_column(String(10), index=True)
    naming_body: Mapped[str | None] = mapped_column(String(100))
    named_on: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = indexed_fk("import_batches", "SET NULL")


class BrandCarrier(HasUid, Base):
    """A carrier (创建载体) of a brand: a named sub-project."""

    __tablename__ = "brand_carriers"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = indexed_fk("brands", "CASCADE")
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class BrandYearPlan(HasUid, Base):
    """Goals and measures a named brand files at the start of a year."""

    __tablename__ = "brand_year_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = indexed_fk("brands", "CASCADE")
    year: Mapped[int] = mapped_column(Integer)
    goals: Mapped[str] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)


class BrandStatusChange(HasUid, Base):
    """One step of a brand's life cycle, kept as its history."""

    __tablename__ = "brand_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = indexed_fk("brands", "CASCADE")
    changed_on: Mapped[dt.date] = mapped_column(Date)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    level: Mapped[str | None] = mapped_column(String(10))
    actor: Mapped[str | None] = mapped_column(String(50))
    via_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    naming_body: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    applied_level: Mapped[str | None] = mapped_column(String(10))
    """The level applied for (申报 steps)."""
    exception_reason: Mapped[str | None] = mapped_column(Text)
    """Why the district let this step skip a level (逐级申报的例外)."""
    prior_state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The brand's status, level, naming date and body before the step (for undo)."""
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(50))
    undo_reason: Mapped[str | None] = mapped_column(Text)


class BrandInspection(HasUid, Base):
    """Yearly re-inspection (年度复查验收) of a named brand."""

    __tablename__ = "brand_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = indexed_fk("brands", "CASCADE")
    year: Mapped[int] = mapped_column(Integer)
    inspected_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(10))
    score: Mapped[float | None]
    inspector: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
