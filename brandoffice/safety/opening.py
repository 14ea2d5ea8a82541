"""Opening the database for the window: instance lock, corruption, network-share warning."""

from __future__ import annotations

from dataclasses import dataclass, field

from brandoffice.app import open_context
from brandoffice.db.engine import resolve_url, sqlite_path
from brandoffice.errors import StorageError
from brandoffice.safety.backups import clean_interrupted_backups
from brandoffice.safety.instance_lock import (
    ANOTHER_INSTANCE,
    InstanceLock,
    LockHolder,
    acquire_instance_lock,
    read_holder,
)
from brandoffice.safety.login_settings import login_required
from brandoffice.safety.storage import network_share_warning
from brandoffice.services.context import AppContext, Clock, system_clock


class InstanceBusyError(StorageError):
    """Another BrandOffice has the SQLite file open; it may be opened read-only.

    Attributes:
        holder: Who holds the lock (PID, computer), when the lock file says so.
    """

    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass
class OpenedDatabase:
    """An open database as the window holds it.

    Attributes:
        ctx: The service context.
        lock: The instance lock (None on a server or when opened read-only).
        read_only: Every write is refused.
        warnings: Messages to show once (a database on a network share).
    """

    ctx: AppContext
    lock: InstanceLock | None = None
    read_only: bool = False
    warnings: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Close the connections and give up the lock."""
        self.ctx.db.dispose()
        if self.lock is not None:
            self.lock.release()


def open_database(
    path_or_url: str | None = None, *, clock: Clock = system_clock, read_only: bool = False
) -> OpenedDatabase:
    """Open a database for the window, taking the instance lock of an SQLite file.

    Args:
        path_or_url: ``--db`` value, or None for ``BRANDOFFICE_DB``/the default.
        clock: The services' clock.
        read_only: Open without the lock and without migrating; writes are refused.

    Returns:
        The opened database; call ``close()`` when the window closes. With sign-in
        on, its context refuses every write until someone signs in
        (:meth:`AppContext.sign_in`).

    Raises:
        InstanceBusyError: Another instance has the file: ask whether to open it
            read-only, then call again with ``read_only=True``.
        CorruptDatabaseError: The file is damaged and was put aside: offer
            ``recover_from_backup(path, err.backup)``, then call again.
        StorageError: Anything else that keeps the database from opening.
    """
    url = resolve_url(path_or_url)
    path = sqlite_path(url)
    clean_interrupted_backups(path)
    lock = None
    if path is not None and not read_only:
        lock = acquire_instance_lock(path)
        if lock is None:
            holder = read_holder(path)
            who = f"（{holder.describe()}）" if holder else ""
            raise InstanceBusyError(
                f"{ANOTHER_INSTANCE}{who}。可以以只读方式打开，或关闭另一个后重试。", holder
            )
    try:
        ctx = open_context(url, clock=clock, read_only=read_only)
        ctx.gate.enforce(login_required(ctx))  # nothing is written before a sign-in
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    warning = network_share_warning(path)
    return OpenedDatabase(ctx, lock, read_only, [warning] if warning else [])
