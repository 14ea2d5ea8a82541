"""The members' and units' campaign records: evaluation, reports, commitments, funds, training."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from brandoffice.model.base import Base, HasUid, Versioned, indexed_fk

ONE_OF_ORG_OR_MEMBER = "(org_id IS NULL) <> (member_id IS NULL)"
"""Exactly one of a unit and a member (CHECK, named ``one_subject``)."""


class EvaluationPlan(HasUid, Versioned, Base):
    """A campaign's member evaluation (党员评议): its criteria set and how sources are weighted."""

    __tablename__ = "evaluation_plans"
    __table_args__ = (CheckConstraint("self_weight >= 0 AND mass_weight >= 0", name="weights"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True
    )
    standard: Mapped[str] = mapped_column(String(10))
    self_weight: Mapped[float] = mapped_column(Float)
    mass_weight: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)


class EvaluationCriterion(HasUid, Base):
    """One weighted criterion of a member evaluation (带头学习提高, 自觉学习 …)."""

    __tablename__ = "evaluation_criteria"
    __table_args__ = (UniqueConstraint("plan_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = indexed_fk("evaluation_plans", "CASCADE")
    name: Mapped[str] = mapped_column(String(50))
    weight: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)


class EvaluationScore(HasUid, Base):
    """A member's score on one criterion from one source: the mean of ``evaluator_count`` sheets."""

    __tablename__ = "evaluation_scores"
    __table_args__ = (
        UniqueConstraint("criterion_id", "member_id", "source"),
        CheckConstraint("evaluator_count >= 1", name="evaluators"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = indexed_fk("evaluation_criteria", "CASCADE")
    member_id: Mapped[int] = indexed_fk("members", "CASCADE")
    source: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    evaluator_count: Mapped[int] = mapped_column(Integer, default=1)


class PartySpiritReport(HasUid, Versioned, Base):
    """A member's party-spirit analysis report (党性分析报告) of one year."""

    __tablename__ = "party_spirit_reports"
    __table_args__ = (UniqueConstraint("member_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = indexed_fk("members", "CASCADE")
    year: Mapped[int] = mapped_column(Integer, index=True)
    campaign_id: Mapped[int | None] = indexed_fk("campaigns", "SET NULL")
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    attachment_id: Mapped[int | None] = indexed_fk("attachments", "RESTRICT")
    filename: Mapped[str | None] = mapped_column(String(255))
    reviewer: Mapped[str | None] = mapped_column(String(50))
    reviewer_comment: Mapped[str | None] = mapped_column(Text)


class Commitment(HasUid, Versioned, Base):
    """A public commitment (公开承诺 / 设岗定责) of a unit or a member, with its year-end check."""

    __tablename__ = "commitments"
    __table_args__ = (CheckConstraint(ONE_OF_ORG_OR_MEMBER, name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = indexed_fk("organisations", "CASCADE")
    member_id: Mapped[int | None] = indexed_fk("members", "CASCADE")
    year: Mapped[int] = mapped_column(Integer, index=True)
    content: Mapped[str] = mapped_column(Text)
    post: Mapped[str | None] = mapped_column(String(100))
    made_on: Mapped[dt.date] = mapped_column(Date)
    published_in: Mapped[list[str]] = mapped_column(JSON, default=list)
    fulfilment: Mapped[str | None] = mapped_column(String(10))
    checked_on: Mapped[dt.date | None] = mapped_column(Date)
    check_note: Mapped[str | None] = mapped_column(Text)


class SecretaryReview(HasUid, Versioned, Base):
    """A unit secretary's yearly report on party building and its rating (书记抓党建述职评议)."""

    __tablename__ = "secretary_reviews"
    __table_args__ = (UniqueConstraint("org_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    year: Mapped[int] = mapped_column(Integer, index=True)
    secretary: Mapped[str] = mapped_column(String(50))
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    rating: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)


class SecretaryReviewPoint(HasUid, Base):
    """A point raised in a secretary's review, with its rectification."""

    __tablename__ = "secretary_review_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = indexed_fk("secretary_reviews", "CASCADE")
    issue: Mapped[str] = mapped_column(Text)
    rectification: Mapped[str | None] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ModelDeed(Versioned, Base):
    """The deeds (事迹) of a model (先进典型), a unit or a member, optionally commended."""

    __tablename__ = "model_deeds"
    __table_args__ = (CheckConstraint(ONE_OF_ORG_OR_MEMBER, name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = indexed_fk("organisations", "CASCADE")
    member_id: Mapped[int | None] = indexed_fk("members", "CASCADE")
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str | None] = mapped_column(Text)
    deed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    commendation_id: Mapped[int | None] = indexed_fk("commendations", "SET NULL")


class DeedMaterial(Base):
    """A file of a model's deeds (photos, write-up), stored by hash."""

    __tablename__ = "deed_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    deed_id: Mapped[int] = indexed_fk("model_deeds", "CASCADE")
    attachment_id: Mapped[int] = indexed_fk("attachments", "RESTRICT")
    filename: Mapped[str] = mapped_column(String(255))


class DemoPointTarget(Base):
    """How many demonstration points (示范点) a town or street aims at in a year (seed 003: 2)."""

    __tablename__ = "demo_point_targets"
    __table_args__ = (
        UniqueConstraint("org_id", "year"),
        CheckConstraint("target >= 0", name="target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    target: Mapped[int] = mapped_column(Integer)


class DemoPointNote(Base):
    """A dated progress note of a demonstration point."""

    __tablename__ = "demo_point_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    noted_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)


class FundEntry(Versioned, Base):
    """A special-fund (专项经费) entry of a brand or a demonstration point, in fen (分)."""

    __tablename__ = "fund_entries"
    __table_args__ = (
        CheckConstraint("(brand_id IS NULL) <> (org_id IS NULL)", name="one_target"),
        CheckConstraint("amount_fen > 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int | None] = indexed_fk("brands", "RESTRICT")
    org_id: Mapped[int | None] = indexed_fk("organisations", "RESTRICT")
    kind: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(100))
    entry_on: Mapped[dt.date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)


class TrainingSession(Versioned, Base):
    """A training session (分级分批培训) run by a unit for members of its subtree."""

    __tablename__ = "training_sessions"
    __table_args__ = (CheckConstraint("hours > 0", name="hours"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    campaign_id: Mapped[int | None] = indexed_fk("campaigns", "SET NULL")
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    level: Mapped[str] = mapped_column(String(10))
    topic: Mapped[str] = mapped_column(String(200))
    trainer: Mapped[str | None] = mapped_column(String(50))
    hours: Mapped[float] = mapped_column(Float)
    location: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class TrainingAttendance(Base):
    """A member on a session's list; ``attended`` is False for an absence."""

    __tablename__ = "training_attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = indexed_fk("members", "CASCADE", primary_key=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=True)


class Benchmark(HasUid, Versioned, Base):
    """A unit's 四找 of a year: the model it measures itself against, gaps, direction, measures."""

    __tablename__ = "benchmarks"
    __table_args__ = (
        UniqueConstraint("org_id", "year"),
        CheckConstraint("model_org_id IS NULL OR model_org_id <> org_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    year: Mapped[int] = mapped_column(Integer, index=True)
    model_org_id: Mapped[int | None] = indexed_fk("organisations", "SET NULL")
    model_reason: Mapped[str | None] = mapped_column(Text)
    gaps: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)


class GradeRecord(HasUid, Base):
    """A unit's grade (先进/中间/后进) in one year: the history 晋档升级 is read from."""

    __tablename__ = "grade_history"
    __table_args__ = (UniqueConstraint("org_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    year: Mapped[int] = mapped_column(Integer, index=True)
    grade: Mapped[str] = mapped_column(String(10))
    source: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class MemberPost(HasUid, Versioned, Base):
    """A 党员示范岗 (亮牌示范): a post a member of a unit holds, set up on a day."""

    __tablename__ = "member_posts"
    __table_args__ = (UniqueConstraint("member_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = indexed_fk("organisations", "CASCADE")
    member_id: Mapped[int] = indexed_fk("members", "CASCADE")
    name: Mapped[str] = mapped_column(String(100))
    set_up_on: Mapped[dt.date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)
