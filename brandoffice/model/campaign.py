"""Campaigns (创建活动) with phases, tasks and each unit's progress."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from brandoffice.model.base import Base, HasUid, Versioned, indexed_fk


class Campaign(HasUid, Versioned, Base):
    """A yearly brand campaign run over an organisation subtree."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    year: Mapped[int] = mapped_column(Integer)
    scope_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    start_on: Mapped[dt.date | None] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    template: Mapped[str | None] = mapped_column(String(50))
    description: Mapped[str | None] = mapped_column(Text)
    organiser_takes_part: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    """The scope unit itself takes part in every task (else only where a task says so)."""


class Phase(HasUid, Base):
    """A phase (阶段) of a campaign with its date range."""

    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = indexed_fk("campaigns", "CASCADE")
    name: Mapped[str] = mapped_column(String(50))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str | None] = mapped_column(Text)


class Task(HasUid, Versioned, Base):
    """A task of a phase that applying units must finish by a date, with evidence."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("phase_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = indexed_fk("phases", "CASCADE")
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(10))
    scope_values: Mapped[list[str]] = mapped_column(JSON, default=list)
    evidence_kind: Mapped[str] = mapped_column(String(10))
    evidence_note: Mapped[str | None] = mapped_column(String(200))
    target_count: Mapped[int | None] = mapped_column(Integer)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    record_kind: Mapped[str | None] = mapped_column(String(30))
    """The kind of record (``spirit-reports`` …) whose entry completes the task for a unit."""
    organiser_takes_part: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    """The campaign's scope unit itself takes part in this task."""


class TaskTarget(Base):
    """A unit picked by hand for a task whose scope is 指定单位."""

    __tablename__ = "task_targets"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )


class TaskProgress(HasUid, Versioned, Base):
    """Where one unit stands on one task."""

    __tablename__ = "task_progress"
    __table_args__ = (UniqueConstraint("task_id", "org_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = indexed_fk("tasks", "CASCADE")
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    status: Mapped[str] = mapped_column(String(10))
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    count_value: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = indexed_fk("import_batches", "SET NULL")
    record_evidence: Mapped[str | None] = mapped_column(String(200))
    """What completed the cell when a record did (党性分析报告 3 份 …); None when set by hand."""


class ProgressEvidence(HasUid, Base):
    """An evidence file attached to a unit's task progress."""

    __tablename__ = "progress_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = indexed_fk("task_progress", "CASCADE")
    attachment_id: Mapped[int] = indexed_fk("attachments", "RESTRICT")
    filename: Mapped[str] = mapped_column(String(255))
