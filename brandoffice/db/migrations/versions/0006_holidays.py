"""节假日安排: the holidays table, the clerk's own holiday plans (issue 19).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 10:00:00

One new table; no existing table changes. It starts empty: years it does not hold
fall back to chinese-calendar's built-in data (2004–2026 with 1.11).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_holidays"),
        sa.UniqueConstraint("day", name="uq_holidays_day"),
    )
    op.create_index("ix_holidays_year", "holidays", ["year"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("holidays")
