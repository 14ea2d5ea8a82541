"""Tasks tied to a kind of record, and the organising unit taking part only when chosen (issue 17).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10 10:00:00

New columns: ``tasks.record_kind`` (the kind of record whose entry completes the task),
``tasks.organiser_takes_part`` and ``campaigns.organiser_takes_part`` (the scope unit
itself takes part; off by default), ``task_progress.record_evidence`` (set when a record
completed the cell). The scope unit's progress rows are retired as the program retires
the rows of a unit a task no longer applies to: untouched rows are deleted, rows holding
work become 不适用.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORGANISER_ROWS = (
    "SELECT p.id FROM task_progress p"
    " JOIN tasks t ON t.id = p.task_id"
    " JOIN phases ph ON ph.id = t.phase_id"
    " JOIN campaigns c ON c.id = ph.campaign_id"
    " WHERE p.org_id = c.scope_org_id"
)
_UNTOUCHED = (
    "p.status = '未开始' AND (p.note IS NULL OR p.note = '') AND p.count_value IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM progress_evidence e WHERE e.progress_id = p.id)"
)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("record_kind", sa.String(length=30), nullable=True))
        batch.add_column(
            sa.Column(
                "organiser_takes_part", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(
            sa.Column(
                "organiser_takes_part", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    with op.batch_alter_table("task_progress") as batch:
        batch.add_column(sa.Column("record_evidence", sa.String(length=200), nullable=True))
    op.execute(f"DELETE FROM task_progress WHERE id IN ({_ORGANISER_ROWS} AND {_UNTOUCHED})")
    op.execute(
        "UPDATE task_progress SET status = '不适用', version = version + 1"
        f" WHERE id IN ({_ORGANISER_ROWS} AND p.status <> '不适用')"
    )


def downgrade() -> None:
    """Revert this revision (retired rows stay retired)."""
    with op.batch_alter_table("task_progress") as batch:
        batch.drop_column("record_evidence")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("organiser_takes_part")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("record_kind")
        batch.drop_column("organiser_takes_part")
