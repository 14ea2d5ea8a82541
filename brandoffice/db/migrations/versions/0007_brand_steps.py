"""Brand life cycle by seed 002: applied level, level exceptions and undo of a step.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00

Six nullable columns on brand_status_changes; existing rows keep their meaning (no
applied level, no exception, not undone; an undo of an old step derives the prior state).
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("applied_level", sa.String(length=10)),
    ("exception_reason", sa.Text()),
    ("prior_state", sa.JSON()),
    ("undone_at", sa.DateTime()),
    ("undone_by", sa.String(length=50)),
    ("undo_reason", sa.Text()),
)


def upgrade() -> None:
    """Apply this revision."""
    for name, kind in COLUMNS:
        op.add_column("brand_status_changes", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("brand_status_changes") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
