"""Who is signed in to a database, checked in the core for every caller.

One :class:`Gate` belongs to each :class:`~brandoffice.db.engine.Database`: the
window and the command line set it when someone signs in, the services ask it
before revealing personal data or managing accounts, and its write guard refuses
every writing statement the role may not make, whoever sent it.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING

from brandoffice.safety.permissions import NOBODY, Action, can, require
from brandoffice.safety.write_guard import WriteGuard

if TYPE_CHECKING:
    from brandoffice.db.engine import Database


class Gate:
    """The sign-in state of one database and the write guard on its engine.

    Attributes:
        login_on: Sign-in is enforced; off (one PC without login) allows everything.
        account: The signed-in account, or None.
        role: The signed-in account's role, or None.
    """

    def __init__(self, db: Database) -> None:
        self.login_on = False
        self.account: str | None = None
        self.role: str | None = None
        self._db = weakref.ref(db)  # the gate lives as long as its database, not longer
        self._guard: WriteGuard | None = None

    @property
    def effective_role(self) -> str | None:
        """The role the checks use: None with sign-in off, ``NOBODY`` before a sign-in."""
        if not self.login_on:
            return None
        return self.role or NOBODY

    def enforce(self, login_on: bool) -> None:
        """Turn the checks on (sign-in required) or off (one PC without login)."""
        self.login_on = login_on
        self._sync()

    def sign_in(self, account: str, role: str) -> None:
        """Act as ``account`` with ``role`` from now on."""
        self.account, self.role = account, role
        self._sync()

    def sign_out(self) -> None:
        """Forget the signed-in account (nothing is allowed until the next sign-in)."""
        self.account = self.role = None
        self._sync()

    def allows(self, action: Action) -> bool:
        """Tell whether the signed-in role (or sign-in off) allows ``action``."""
        role = self.effective_role
        return role is None or can(role, action)

    def require(self, action: Action) -> None:
        """Raise PermissionDeniedError (NotSignedInError before a sign-in) unless allowed."""
        role = self.effective_role
        if role is not None:
            require(role, action)

    def _sync(self) -> None:
        role = self.effective_role
        if self._guard is None:
            db = self._db()
            if role is None or db is None:
                return
            self._guard = WriteGuard(db)
        self._guard.role = role


_GATES: weakref.WeakKeyDictionary[Database, Gate] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def gate_of(db: Database) -> Gate:
    """Return the gate of a database, made (sign-in off) on first use."""
    with _LOCK:
        gate = _GATES.get(db)
        if gate is None:
            gate = _GATES[db] = Gate(db)
        return gate
