"""The login settings, read without the ORM: the window reads them before it opens."""

from __future__ import annotations

from brandoffice.db.engine import sqlite_rows
from brandoffice.services.context import AppContext

LOGIN_SETTING = "login_required"
IDLE_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15


def read_setting(ctx: AppContext, key: str) -> str | None:
    """Return a value of the settings table, or None when it was never set.

    An SQLite file is read with :mod:`sqlite3`: the window asks before SQLAlchemy is loaded.
    """
    path = ctx.db.path
    if path is not None:
        found = sqlite_rows(path, "SELECT value FROM settings WHERE key = ?", (key,))
        value = found[0][0] if found else None
    else:
        from sqlalchemy import column, select, table

        settings = table("settings", column("key"), column("value"))
        query = select(settings.c.value).where(settings.c.key == key)
        with ctx.db.read_engine.connect() as conn:
            value = conn.execute(query).scalar()
    return None if value is None else str(value)


def login_required(ctx: AppContext) -> bool:
    """Tell whether the program must ask for a sign-in.

    Always on a server database (several clerks share it); on SQLite only when
    the ``login_required`` setting is ``1`` (off by default on one PC).
    """
    if not ctx.db.is_sqlite:
        return True
    return read_setting(ctx, LOGIN_SETTING) == "1"


def idle_lock_minutes(ctx: AppContext) -> int:
    """Minutes without input after which the window locks (0: never); default 15."""
    value = read_setting(ctx, IDLE_SETTING)
    try:
        return max(0, int(value)) if value is not None else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES
