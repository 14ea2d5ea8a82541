"""Signing in to a database opened read-only: the password is checked, nothing is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from brandoffice.safety import passwords
from brandoffice.safety.accounts import (
    ACCOUNT,
    LOCKOUT,
    MAX_FAILURES,
    WRONG,
    AccountRow,
    LoginError,
    get_account,
)
from brandoffice.services.context import AppContext


def _locked(until: dt.datetime) -> str:
    return f"账户已锁定，请于 {until:%H:%M} 后再试，或请管理员解除锁定"


@dataclass
class MemoryLockout:
    """Failures counted in this process, since a read-only database cannot count them.

    Attributes:
        failures: Wrong passwords in a row, by account name.
        locked: Until when an account is refused, by account name.
    """

    failures: dict[str, int] = field(default_factory=dict)
    locked: dict[str, dt.datetime] = field(default_factory=dict)


def read_only_authenticate(
    ctx: AppContext, name: str, password: str, lockout: MemoryLockout
) -> AccountRow:
    """Check a sign-in without writing: the same rules as ``authenticate``.

    The database's own lockout is honoured; failures are counted in ``lockout``
    (5 in a row lock the name for 15 minutes in this program). Nothing is audited:
    the read-only database refuses every write.

    Raises:
        LoginError: Wrong name or password, a locked or disabled account.
    """
    now = ctx.clock()
    name = name.strip()
    until = lockout.locked.get(name)
    if until is not None and until > now:
        raise LoginError(_locked(until))
    with ctx.db.read() as s:
        found = s.execute(
            select(ACCOUNT.c.password_hash, ACCOUNT.c.disabled, ACCOUNT.c.locked_until).where(
                ACCOUNT.c.name == name
            )
        ).first()
    if found is not None and found.disabled:
        raise LoginError("此账户已停用，请联系管理员")
    if found is not None and found.locked_until is not None and found.locked_until > now:
        raise LoginError(_locked(found.locked_until))
    stored = found.password_hash if found is not None else passwords.dummy_hash()
    if passwords.verify_password(stored, password) and found is not None:
        lockout.failures.pop(name, None)
        lockout.locked.pop(name, None)
        return get_account(ctx, name)
    count = lockout.failures.get(name, 0) + 1
    if count >= MAX_FAILURES:
        lockout.failures.pop(name, None)
        lockout.locked[name] = now + LOCKOUT
        raise LoginError(f"连续 {MAX_FAILURES} 次密码错误。" + _locked(now + LOCKOUT))
    lockout.failures[name] = count
    raise LoginError(WRONG)
