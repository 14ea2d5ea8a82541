"""What every service is given: the database, the clock and who is acting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brandoffice.db.engine import Database

if TYPE_CHECKING:
    from brandoffice.safety.gate import Gate
    from brandoffice.safety.permissions import Action

Clock = Callable[[], dt.datetime]

LOCAL_ACCOUNT = "本机用户"


def system_clock() -> dt.datetime:
    """Return the local wall-clock time."""
    return dt.datetime.now()


@dataclass
class AppContext:
    """The injected dependencies of the services.

    Attributes:
        db: The database (read and write session factories).
        clock: Returns "now"; tests inject a fixed or moving clock.
        account: Who acts, written into the audit log and brand history
            (本机用户 with sign-in off, else the signed-in account).

    Who is signed in and the role's rights live in the database's :attr:`gate`,
    shared by every context on the same database.
    """

    db: Database
    clock: Clock = field(default=system_clock)
    account: str = LOCAL_ACCOUNT

    def today(self) -> dt.date:
        """Return today's date by the injected clock."""
        return self.clock().date()

    @property
    def gate(self) -> Gate:
        """The sign-in state and permission checks of this database."""
        from brandoffice.safety.gate import gate_of

        return gate_of(self.db)

    @property
    def role(self) -> str | None:
        """The signed-in role; None with sign-in off, ``""`` before a sign-in."""
        return self.gate.effective_role

    def require(self, action: Action) -> None:
        """Raise PermissionDeniedError unless the signed-in role may do ``action``."""
        self.gate.require(action)

    def sign_in(self, account: str, role: str) -> None:
        """Act as ``account`` (audited under its name) with ``role``'s rights."""
        self.account = account
        self.gate.sign_in(account, role)


class Service:
    """The base of the services: each serves one context, kept as ``ctx``."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
