"""Organisations (基层党组织), their members and leading groups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from brandoffice.model.base import Base, HasUid, Versioned, indexed_fk


class Organisation(HasUid, Versioned, Base):
    """A party organisation; ``parent_id`` forms the tree."""

    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        Index("ix_organisations_initials", "initials"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = indexed_fk("organisations", "RESTRICT")
    name: Mapped[str] = mapped_column(String(100), index=True)
    initials: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    secretary: Mapped[str | None] = mapped_column(String(50))
    contact: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    grade: Mapped[str | None] = mapped_column(String(10))
    is_demo_point: Mapped[bool] = mapped_column(Boolean, default=False)
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = indexed_fk("import_batches", "SET NULL")


class Member(HasUid, Versioned, Base):
    """A party member (党员) of one organisation."""

    __tablename__ = "members"
    __table_args__ = (Index("ix_members_initials", "initials"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "RESTRICT")
    name: Mapped[str] = mapped_column(String(50), index=True)
    initials: Mapped[str] = mapped_column(String(50), default="")
    gender: Mapped[str | None] = mapped_column(String(2))
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(20))
    join_date: Mapped[dt.date | None] = mapped_column(Date)
    posts: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = indexed_fk("import_batches", "SET NULL")


class LeadingGroupSeat(Base):
    """A seat in a unit's leading group (领导小组): 组长, 副组长 or 组员."""

    __tablename__ = "leading_group_seats"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    role: Mapped[str] = mapped_column(String(10))
    person_name: Mapped[str] = mapped_column(String(50))
    title: Mapped[str | None] = mapped_column(String(100))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)
