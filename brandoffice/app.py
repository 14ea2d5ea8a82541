"""Open the database the user asked for, migrated, as a ready service context."""

from __future__ import annotations

from brandoffice.db.engine import Database, resolve_url, sqlite_path
from brandoffice.db.migrate import upgrade
from brandoffice.safety.corruption import ensure_not_corrupt
from brandoffice.safety.readonly import beside_database, read_only_database
from brandoffice.safety.storage import (
    explain_db_error,
    is_database_error,
    translate_storage_errors,
)
from brandoffice.services.context import AppContext, Clock, system_clock
from brandoffice.workdays import HolidayData, defer_holiday_data


def open_context(
    path_or_url: str | None = None,
    *,
    clock: Clock = system_clock,
    account: str | None = None,
    read_only: bool = False,
    beside_window: bool = False,
) -> AppContext:
    """Resolve ``--db``/``BRANDOFFICE_DB``/default, migrate it, and return a context.

    An SQLite file is first checked with ``quick_check``; a damaged one is
    renamed aside and CorruptDatabaseError names the newest good backup. On the
    returned context, storage failures of any statement (disk full, read-only,
    locked, damaged) raise StorageError subclasses with a Chinese message.

    Args:
        path_or_url: File or URL; None for the environment or the default.
        clock: The services' clock.
        account: Who acts (written into the audit log).
        read_only: Open without migrating, every write refused (a second
            instance, a write-protected file).
        beside_window: A window has the SQLite file open (the command line's
            reading commands): no corruption check that could move the file, no
            migration, connections that never checkpoint nor delete the log.

    Raises:
        CorruptDatabaseError: The file is damaged (``.backup``, ``.moved_to``).
        StorageError: The database cannot be opened (read-only, locked, full …)
            or is too new.
    """
    url = resolve_url(path_or_url)
    path = sqlite_path(url)
    if path is not None and not read_only and not beside_window:
        ensure_not_corrupt(path, clock)
    try:
        if read_only:
            db = read_only_database(url)
        elif beside_window:
            db = beside_database(url)
        else:
            upgrade(url)
            db = Database(url)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise explain_db_error(exc) from exc
    db.on_engine(translate_storage_errors)
    ctx = AppContext(db=db, clock=clock)
    if account:
        ctx.account = account
    defer_holiday_data(lambda: _read_holidays(ctx))  # the calendar follows this database
    return ctx


def _read_holidays(ctx: AppContext) -> HolidayData:
    from brandoffice.services.holiday_plans import read_plans  # an SQLite file: no SQLAlchemy

    return read_plans(ctx)


def is_empty(ctx: AppContext) -> bool:
    """Tell whether the database has no organisations yet."""
    from sqlalchemy import func, select

    from brandoffice.model import Organisation

    with ctx.db.read() as s:
        return not s.scalar(select(func.count()).select_from(Organisation))
