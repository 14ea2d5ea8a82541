"""Open the database the user asked for, migrated, as a ready service context."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from brandoffice.db.engine import Database, resolve_url
from brandoffice.db.migrate import upgrade
from brandoffice.errors import StorageError
from brandoffice.model import Organisation
from brandoffice.services.context import AppContext, Clock, system_clock


def open_context(
    path_or_url: str | None = None, *, clock: Clock = system_clock, account: str | None = None
) -> AppContext:
    """Resolve ``--db``/``BRANDOFFICE_DB``/default, migrate it, and return a context.

    Raises:
        StorageError: The database cannot be opened, is corrupt, or is too new.
    """
    url = resolve_url(path_or_url)
    try:
        upgrade(url)
        db = Database(url)
    except OperationalError as exc:
        raise StorageError(f"无法打开数据库：{exc.orig}") from exc
    ctx = AppContext(db=db, clock=clock)
    if account:
        ctx.account = account
    return ctx


def is_empty(ctx: AppContext) -> bool:
    """Tell whether the database has no organisations yet."""
    with ctx.db.read() as s:
        return not s.scalar(select(func.count()).select_from(Organisation))
