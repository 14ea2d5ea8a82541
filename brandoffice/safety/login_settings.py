"""The login settings, read without the ORM: the window reads them before it opens."""

from __future__ import annotations

from sqlalchemy import column, select, table

from brandoffice.services.context import AppContext

SETTINGS = table("settings", column("key"), column("value"))
LOGIN_SETTING = "login_required"
IDLE_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15


def read_setting(ctx: AppContext, key: str) -> str | None:
    """Return a value of the settings table, or None when it was never set."""
    query = select(SETTINGS.c.value).where(SETTINGS.c.key == key)
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
