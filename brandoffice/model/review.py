"""Review rounds (评审), their weighted criteria and reviewers' scores."""

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

from brandoffice.model.base import Base, HasUid, indexed_fk


class ReviewRound(HasUid, Base):
    """A round of scoring brands (or organisations on the 五个好)."""

    __tablename__ = "review_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(10))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    drop_extremes: Mapped[bool] = mapped_column(Boolean, default=False)
    thresholds: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)


class ReviewCriterion(HasUid, Base):
    """A weighted criterion of a round (社会评估, 专家评审, 党员群众满意 …)."""

    __tablename__ = "review_criteria"
    __table_args__ = (UniqueConstraint("round_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = indexed_fk("review_rounds", "CASCADE")
    name: Mapped[str] = mapped_column(String(50))
    weight: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float, default=100.0)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ReviewScore(HasUid, Base):
    """One reviewer's score of one subject on one criterion."""

    __tablename__ = "review_scores"
    __table_args__ = (
        UniqueConstraint("criterion_id", "brand_id", "org_id", "reviewer"),
        CheckConstraint("(brand_id IS NULL) <> (org_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = indexed_fk("review_rounds", "CASCADE")
    criterion_id: Mapped[int] = indexed_fk("review_criteria", "CASCADE")
    brand_id: Mapped[int | None] = indexed_fk("brands", "CASCADE")
    org_id: Mapped[int | None] = indexed_fk("organisations", "CASCADE")
    reviewer: Mapped[str] = mapped_column(String(50))
    score: Mapped[float] = mapped_column(Float)
