"""A last line behind the disabled buttons: the database refuses a 领导's edits."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from brandoffice.safety.permissions import (
    NOBODY,
    NOT_SIGNED_IN,
    Action,
    NotSignedInError,
    PermissionDeniedError,
    can,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from brandoffice.db.engine import Database

# What a role without 修改 still writes: its own audit entries (sign-in, reports,
# backups) and its account row (failure count, last sign-in, its own password).
ALLOWED = frozenset({("INSERT", "audit_log"), ("UPDATE", "accounts")})
# Nobody signed in yet also creates the first 管理员 (the account service checks that
# no active 管理员 exists before it does).
BEFORE_SIGN_IN = ALLOWED | {("INSERT", "accounts")}
_WRITE = re.compile(
    r"^\s*(?:WITH\b.*?\b)?(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b"
    r"(?:\s+OR\s+\w+)?(?:\s+(?:INTO|FROM|TABLE|INDEX|VIEW|TRIGGER))?\s+[\"`\[]?(\w+)",
    re.IGNORECASE | re.DOTALL,
)


def written_table(statement: str) -> tuple[str, str] | None:
    """Return ``(verb, table)`` of a writing SQL statement, or None for a read.

    Args:
        statement: The SQL text as sent to the driver.

    Returns:
        The upper-case verb and the table name, or None for SELECT, PRAGMA,
        BEGIN, SAVEPOINT and the like.
    """
    found = _WRITE.match(statement)
    if found is None:
        return None
    return found.group(1).upper(), found.group(2).lower()


class WriteGuard:
    """Refuses writing statements on a database's engine while the role may not edit.

    Attributes:
        role: The signed-in role; None (sign-in off) allows everything, ``NOBODY``
            (sign-in on, nobody signed in) only what a sign-in writes.
    """

    def __init__(self, db: Database) -> None:
        self.role: str | None = None
        self.engine: Engine | None = None
        self._removed = False
        db.on_engine(self._attach)  # now, or when the engine is first made

    def _attach(self, engine: Engine) -> None:
        from sqlalchemy import event

        if not self._removed:
            self.engine = engine
            event.listen(engine, "before_cursor_execute", self._check)

    def remove(self) -> None:
        """Stop guarding the engine."""
        self._removed = True
        if self.engine is not None:
            from sqlalchemy import event

            event.remove(self.engine, "before_cursor_execute", self._check)
            self.engine = None

    def _check(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        role = self.role
        if role is None or can(role, Action.EDIT):
            return
        written = written_table(statement)
        if written is None:
            return
        if role == NOBODY:
            if written not in BEFORE_SIGN_IN:
                raise NotSignedInError(NOT_SIGNED_IN)
        elif written not in ALLOWED:
            raise PermissionDeniedError(f"您的角色（{role}）只能查看和生成报表，不能修改数据")
