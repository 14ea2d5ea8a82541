"""The audit log signed with a key outside the database (issue 20, item 4).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 08:00:00

New columns ``audit_log.key_id`` (the signing key's fingerprint) and ``audit_log.seq``
(the entry's number in the log). Entries written before stay as they are and keep
verifying by their plain SHA-256 chain; the first signed entry's MAC covers the last
of their hashes, so the old part cannot be rewritten either. The setting
``audit_keyed_from`` keeps the newest id written before this revision (absent when
the log was empty): an entry without a signature after it is a forgery. Columns are
added with ALTER TABLE, so the append-only triggers of revision 0003 stay in place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYED_FROM = "audit_keyed_from"


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("audit_log", sa.Column("key_id", sa.String(length=16), nullable=True))
    op.add_column("audit_log", sa.Column("seq", sa.Integer(), nullable=True))
    bind = op.get_bind()
    newest = bind.execute(sa.text("SELECT max(id) FROM audit_log")).scalar() or 0
    bind.execute(sa.text("DELETE FROM settings WHERE key = :k"), {"k": KEYED_FROM})
    if not newest:  # a new or empty log: every entry must be signed (the default)
        return
    bind.execute(
        sa.text("INSERT INTO settings (key, value) VALUES (:k, :v)"),
        {"k": KEYED_FROM, "v": str(int(newest))},
    )


def downgrade() -> None:
    """Revert this revision (signed entries stay; older programs report them as broken)."""
    op.execute(f"DELETE FROM settings WHERE key = '{KEYED_FROM}'")
    op.execute("ALTER TABLE audit_log DROP COLUMN seq")
    op.execute("ALTER TABLE audit_log DROP COLUMN key_id")
