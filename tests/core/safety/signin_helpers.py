"""Helpers of the permission tests: accounts of every role and a whole-database snapshot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from brandoffice.model import Base
from brandoffice.model.vocab import Role
from brandoffice.services.context import AppContext

PASSWORDS = {"boss": "Chief-Key-71!", "zhang": "Clerk-Key-72!", "li": "Reader-Key-73!"}
ROLES = {"boss": Role.ADMIN.value, "zhang": Role.CLERK.value, "li": Role.LEADER.value}


def make_accounts(ctx: AppContext) -> None:
    """Create boss (管理员), zhang (组织员) and li (领导) on a database without sign-in."""
    from brandoffice.safety.accounts import create_account

    for name, role in ROLES.items():
        create_account(ctx, name, role, PASSWORDS[name])


def everything(ctx: AppContext) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every table, the audit log and the accounts included."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ctx.db.read() as s:
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(r) for r in s.execute(query)]
    return out
