"""Honours from nomination to decision: commendations of brands, with level, status and 文号.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 10:00:00

``commendations`` gains the brand nominee, the level, the status (推荐/表彰/未通过), who
nominated it and when, the document number, the review it came from and a version; one
nominee exactly (CHECK ``one_nominee``). Existing honours with a deciding body and a date
stay 表彰; those without (the member evaluation's 推荐, which stored them at once with the
body blank) become 推荐, their date kept as the nomination's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_NOMINEE = (
    "(CASE WHEN org_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN member_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN brand_id IS NULL THEN 0 ELSE 1 END) = 1"
)
NEW_COLUMNS = (
    "brand_id",
    "level",
    "status",
    "nominated_by",
    "nominated_on",
    "doc_number",
    "review_round_id",
    "version",
    "created_at",
    "updated_at",
)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("commendations") as batch:
        batch.add_column(sa.Column("brand_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("level", sa.String(length=10), nullable=True))
        batch.add_column(
            sa.Column("status", sa.String(length=10), server_default="推荐", nullable=False)
        )
        batch.add_column(sa.Column("nominated_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("nominated_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("doc_number", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("review_round_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(
            sa.Column(
                "created_at",
                sa.DateTime(),
                server_default=sa.func.current_timestamp(),
                nullable=False,
            )
        )
        batch.add_column(
            sa.Column(
                "updated_at",
                sa.DateTime(),
                server_default=sa.func.current_timestamp(),
                nullable=False,
            )
        )
        batch.create_foreign_key(
            "fk_commendations_brand_id_brands", "brands", ["brand_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_foreign_key(
            "fk_commendations_review_round_id_review_rounds",
            "review_rounds",
            ["review_round_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_commendations_brand_id", ["brand_id"])
        batch.create_index("ix_commendations_review_round_id", ["review_round_id"])
        batch.create_check_constraint("ck_commendations_one_nominee", ONE_NOMINEE)
    op.execute(
        "UPDATE commendations SET status = '表彰'"
        " WHERE awarded_by IS NOT NULL AND awarded_on IS NOT NULL"
    )
    op.execute(
        "UPDATE commendations SET nominated_on = awarded_on, awarded_on = NULL"
        " WHERE status = '推荐'"
    )


def downgrade() -> None:
    """Revert this revision (brand honours cannot be kept: they are deleted)."""
    op.execute("DELETE FROM commendations WHERE brand_id IS NOT NULL")
    op.execute(
        "UPDATE commendations SET awarded_on = nominated_on"
        " WHERE status = '推荐' AND awarded_on IS NULL"
    )
    with op.batch_alter_table("commendations") as batch:
        batch.drop_constraint("ck_commendations_one_nominee", type_="check")
        batch.drop_index("ix_commendations_review_round_id")
        batch.drop_index("ix_commendations_brand_id")
        batch.drop_constraint("fk_commendations_review_round_id_review_rounds", type_="foreignkey")
        batch.drop_constraint("fk_commendations_brand_id_brands", type_="foreignkey")
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column)
