"""Campaign records: member evaluation, party-spirit reports, commitments, secretaries' reviews,
models and demonstration points, special funds, training, benchmarking and the grade history.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 16:51:31.403780

Sixteen new tables; no existing table changes, so no batch rebuild is needed.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "evaluation_plans",
    "evaluation_criteria",
    "evaluation_scores",
    "party_spirit_reports",
    "commitments",
    "secretary_reviews",
    "secretary_review_points",
    "model_deeds",
    "deed_materials",
    "demo_point_targets",
    "demo_point_notes",
    "fund_entries",
    "training_sessions",
    "training_attendance",
    "benchmarks",
    "grade_history",
]

ONE_SUBJECT = "(org_id IS NULL) <> (member_id IS NULL)"


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _int(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _str(name: str, length: int, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _text(name: str, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _date(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _float(name: str, nullable: bool = False) -> sa.Column[float]:
    return sa.Column(name, sa.Float(), nullable=nullable)


def _bool(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _versioned() -> list[sa.Column[Any]]:
    """The columns of the ``Versioned`` mixin."""
    now = sa.text("(CURRENT_TIMESTAMP)")
    return [
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=now, nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=now, nullable=False),
    ]


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _keys(
    table: str, *unique: tuple[str, ...], pk: tuple[str, ...] = ("id",)
) -> list[sa.schema.SchemaItem]:
    keys: list[sa.schema.SchemaItem] = [sa.PrimaryKeyConstraint(*pk, name=op.f(f"pk_{table}"))]
    keys += [
        sa.UniqueConstraint(*cols, name=op.f(f"uq_{table}_{'_'.join(cols)}")) for cols in unique
    ]
    return keys


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    """Apply this revision."""
    t = "evaluation_plans"
    op.create_table(
        t,
        _id(),
        _int("campaign_id"),
        _str("standard", 10),
        _float("self_weight"),
        _float("mass_weight"),
        _text("note"),
        *_versioned(),
        _check(t, "weights", "self_weight >= 0 AND mass_weight >= 0"),
        _fk(t, "campaign_id", "campaigns", "CASCADE"),
        *_keys(t, ("campaign_id",)),
    )
    t = "evaluation_criteria"
    op.create_table(
        t,
        _id(),
        _int("plan_id"),
        _str("name", 50),
        _float("weight"),
        _float("max_score"),
        _int("position"),
        _fk(t, "plan_id", "evaluation_plans", "CASCADE"),
        *_keys(t, ("plan_id", "name")),
    )
    _index(t, "plan_id")
    t = "evaluation_scores"
    op.create_table(
        t,
        _id(),
        _int("criterion_id"),
        _int("member_id"),
        _str("source", 10),
        _float("score"),
        _int("evaluator_count"),
        _check(t, "evaluators", "evaluator_count >= 1"),
        _fk(t, "criterion_id", "evaluation_criteria", "CASCADE"),
        _fk(t, "member_id", "members", "CASCADE"),
        *_keys(t, ("criterion_id", "member_id", "source")),
    )
    _index(t, "criterion_id", "member_id")
    t = "party_spirit_reports"
    op.create_table(
        t,
        _id(),
        _int("member_id"),
        _int("year"),
        _int("campaign_id", nullable=True),
        _bool("submitted"),
        _date("submitted_on", nullable=True),
        _int("attachment_id", nullable=True),
        _str("filename", 255, nullable=True),
        _str("reviewer", 50, nullable=True),
        _text("reviewer_comment"),
        *_versioned(),
        _fk(t, "attachment_id", "attachments", "RESTRICT"),
        _fk(t, "campaign_id", "campaigns", "SET NULL"),
        _fk(t, "member_id", "members", "CASCADE"),
        *_keys(t, ("member_id", "year")),
    )
    _index(t, "attachment_id", "campaign_id", "member_id", "year")
    t = "commitments"
    op.create_table(
        t,
        _id(),
        _int("org_id", nullable=True),
        _int("member_id", nullable=True),
        _int("year"),
        _text("content", nullable=False),
        _str("post", 100, nullable=True),
        _date("made_on"),
        sa.Column("published_in", sa.JSON(), nullable=False),
        _str("fulfilment", 10, nullable=True),
        _date("checked_on", nullable=True),
        _text("check_note"),
        *_versioned(),
        _check(t, "one_subject", ONE_SUBJECT),
        _fk(t, "member_id", "members", "CASCADE"),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t),
    )
    _index(t, "member_id", "org_id", "year")
    t = "secretary_reviews"
    op.create_table(
        t,
        _id(),
        _int("org_id"),
        _int("year"),
        _str("secretary", 50),
        _date("reported_on", nullable=True),
        _float("score", nullable=True),
        _str("rating", 10, nullable=True),
        _text("note"),
        *_versioned(),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t, ("org_id", "year")),
    )
    _index(t, "org_id", "year")
    t = "secretary_review_points"
    op.create_table(
        t,
        _id(),
        _int("review_id"),
        _text("issue", nullable=False),
        _text("rectification"),
        _bool("done"),
        _date("done_on", nullable=True),
        _int("position"),
        _fk(t, "review_id", "secretary_reviews", "CASCADE"),
        *_keys(t),
    )
    _index(t, "review_id")
    t = "model_deeds"
    op.create_table(
        t,
        _id(),
        _int("org_id", nullable=True),
        _int("member_id", nullable=True),
        _str("title", 100),
        _text("summary"),
        _date("deed_on"),
        _int("commendation_id", nullable=True),
        *_versioned(),
        _check(t, "one_subject", ONE_SUBJECT),
        _fk(t, "commendation_id", "commendations", "SET NULL"),
        _fk(t, "member_id", "members", "CASCADE"),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t),
    )
    _index(t, "commendation_id", "deed_on", "member_id", "org_id")
    t = "deed_materials"
    op.create_table(
        t,
        _id(),
        _int("deed_id"),
        _int("attachment_id"),
        _str("filename", 255),
        _fk(t, "attachment_id", "attachments", "RESTRICT"),
        _fk(t, "deed_id", "model_deeds", "CASCADE"),
        *_keys(t),
    )
    _index(t, "attachment_id", "deed_id")
    t = "demo_point_targets"
    op.create_table(
        t,
        _id(),
        _int("org_id"),
        _int("year"),
        _int("target"),
        _check(t, "target", "target >= 0"),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t, ("org_id", "year")),
    )
    t = "demo_point_notes"
    op.create_table(
        t,
        _id(),
        _int("org_id"),
        _date("noted_on"),
        _text("content", nullable=False),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t),
    )
    _index(t, "org_id")
    t = "fund_entries"
    op.create_table(
        t,
        _id(),
        _int("brand_id", nullable=True),
        _int("org_id", nullable=True),
        _str("kind", 10),
        _int("amount_fen"),
        _str("item", 100),
        _date("entry_on"),
        _text("note"),
        *_versioned(),
        _check(t, "one_target", "(brand_id IS NULL) <> (org_id IS NULL)"),
        _check(t, "amount", "amount_fen > 0"),
        _fk(t, "brand_id", "brands", "RESTRICT"),
        _fk(t, "org_id", "organisations", "RESTRICT"),
        *_keys(t),
    )
    _index(t, "brand_id", "entry_on", "org_id")
    t = "training_sessions"
    op.create_table(
        t,
        _id(),
        _int("org_id"),
        _int("campaign_id", nullable=True),
        _date("held_on"),
        _str("level", 10),
        _str("topic", 200),
        _str("trainer", 50, nullable=True),
        _float("hours"),
        _str("location", 200, nullable=True),
        _text("note"),
        *_versioned(),
        _check(t, "hours", "hours > 0"),
        _fk(t, "campaign_id", "campaigns", "SET NULL"),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t),
    )
    _index(t, "campaign_id", "held_on", "org_id")
    t = "training_attendance"
    op.create_table(
        t,
        _int("session_id"),
        _int("member_id"),
        _bool("attended"),
        _fk(t, "member_id", "members", "CASCADE"),
        _fk(t, "session_id", "training_sessions", "CASCADE"),
        *_keys(t, pk=("session_id", "member_id")),
    )
    _index(t, "member_id")
    t = "benchmarks"
    op.create_table(
        t,
        _id(),
        _int("org_id"),
        _int("year"),
        _int("model_org_id", nullable=True),
        _text("model_reason"),
        _text("gaps"),
        _text("direction"),
        _text("measures"),
        *_versioned(),
        _check(t, "not_self", "model_org_id IS NULL OR model_org_id <> org_id"),
        _fk(t, "model_org_id", "organisations", "SET NULL"),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t, ("org_id", "year")),
    )
    _index(t, "model_org_id", "org_id", "year")
    t = "grade_history"
    op.create_table(
        t,
        _id(),
        _int("org_id"),
        _int("year"),
        _str("grade", 10),
        _str("source", 100, nullable=True),
        _text("note"),
        _fk(t, "org_id", "organisations", "CASCADE"),
        *_keys(t, ("org_id", "year")),
    )
    _index(t, "org_id", "year")


def downgrade() -> None:
    """Revert this revision."""
    for table in reversed(TABLES):
        op.drop_table(table)
