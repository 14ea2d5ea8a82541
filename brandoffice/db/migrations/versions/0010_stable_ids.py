"""Stable identities (uid) on every record that travels in a data packet (issue 22).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 08:00:00

Every record a street sends up to the district, or the district sends back down, gets a
``uid`` (UUID4 text) besides its local key; existing rows are given one here and each
table gets a unique constraint on it. The names of brands, campaigns and review rounds
stop being unique in the database (a district holds several streets' registers, where
two streets may use the same name); the services still refuse a duplicate name within
an office. Two tables keep what each imported packet brought: ``packet_receipts`` (one
row per packet, with what undoing it needs) and ``packet_baselines`` (each travelling
record's content hash as last exchanged with an office, to tell conflicts).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UID_TABLES = (
    "organisations",
    "members",
    "brands",
    "brand_carriers",
    "brand_year_plans",
    "brand_status_changes",
    "brand_inspections",
    "campaigns",
    "phases",
    "tasks",
    "task_progress",
    "progress_evidence",
    "review_rounds",
    "review_criteria",
    "review_scores",
    "commendations",
    "evaluation_plans",
    "evaluation_criteria",
    "evaluation_scores",
    "party_spirit_reports",
    "commitments",
    "secretary_reviews",
    "secretary_review_points",
    "benchmarks",
    "grade_history",
    "member_posts",
)
NAMES_NO_LONGER_UNIQUE = ("brands", "campaigns", "review_rounds")


def _fill_uids(table: str) -> None:
    conn = op.get_bind()
    ids = [row[0] for row in conn.execute(sa.text(f"SELECT id FROM {table} WHERE uid IS NULL"))]
    if ids:
        conn.execute(
            sa.text(f"UPDATE {table} SET uid = :uid WHERE id = :id"),
            [{"uid": str(uuid.uuid4()), "id": key} for key in ids],
        )


def upgrade() -> None:
    """Apply this revision."""
    for table in UID_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
        _fill_uids(table)
        with op.batch_alter_table(table) as batch:
            batch.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
            batch.create_unique_constraint(op.f(f"uq_{table}_uid"), ["uid"])
    for table in NAMES_NO_LONGER_UNIQUE:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"uq_{table}_name"), type_="unique")
            batch.create_index(op.f(f"ix_{table}_name"), ["name"], unique=False)
    op.create_table(
        "packet_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_uid", sa.String(length=36), nullable=False),
        sa.Column("office_name", sa.String(length=100), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_packet_receipts")),
    )
    with op.batch_alter_table("packet_receipts") as batch:
        batch.create_index(op.f("ix_packet_receipts_office_uid"), ["office_uid"], unique=False)
    op.create_table(
        "packet_baselines",
        sa.Column("office_uid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("office_uid", "kind", "uid", name=op.f("pk_packet_baselines")),
    )


def downgrade() -> None:
    """Revert this revision (names become unique again: duplicates must be gone first)."""
    op.drop_table("packet_baselines")
    with op.batch_alter_table("packet_receipts") as batch:
        batch.drop_index(op.f("ix_packet_receipts_office_uid"))
    op.drop_table("packet_receipts")
    for table in NAMES_NO_LONGER_UNIQUE:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(op.f(f"ix_{table}_name"))
            batch.create_unique_constraint(op.f(f"uq_{table}_name"), ["name"])
    for table in UID_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"uq_{table}_uid"), type_="unique")
            batch.drop_column("uid")
