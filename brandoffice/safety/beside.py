"""The command line beside an open window: writing refused, reading without touching the log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from brandoffice.app import open_context
from brandoffice.db.engine import resolve_url, sqlite_path
from brandoffice.errors import StorageError
from brandoffice.safety.instance_lock import LockHolder, held_elsewhere, read_holder
from brandoffice.services.context import AppContext, Clock, system_clock

WINDOW_OPEN = (
    "数据库正由 BrandOffice 窗口使用（计算机“{host}”，{since} 打开），命令行不能修改它。"
    "请在窗口中操作，或关闭窗口后重试；查看、导出、报告、图表、检查和备份可以照常运行。"
)


class WindowOpenError(StorageError):
    """A window has the SQLite file open: the command line may only read.

    Attributes:
        holder: The window's process, computer and opening time.
    """

    def __init__(self, message: str, holder: LockHolder) -> None:
        super().__init__(message)
        self.holder = holder


def _since(text: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(text):%Y-%m-%d %H:%M}"
    except ValueError:
        return text or "时间不详"


def window_holder(path: Path | None) -> LockHolder | None:
    """Return who holds the window's instance lock on an SQLite file, or None when nobody does."""
    if path is None or not path.exists() or not held_elsewhere(path):
        return None
    return read_holder(path) or LockHolder(0, "不详", "")


def window_open_message(holder: LockHolder) -> str:
    """Return the Chinese refusal naming the computer and when the window opened the file."""
    return WINDOW_OPEN.format(host=holder.hostname, since=_since(holder.since))


def command_context(
    path_or_url: str | None, *, writes: bool, clock: Clock = system_clock
) -> AppContext:
    """Open the database for a command, honouring a window that has it open.

    Without a window the database opens as usual (checked, migrated). With one,
    a writing command is refused; a reading one gets connections that can
    neither checkpoint nor delete the window's ``-wal``/``-shm`` (its audit entry
    is still written, as one short transaction).

    Args:
        path_or_url: ``--db`` value, or None for ``BRANDOFFICE_DB``/the default.
        writes: The command changes data (init, demo, import, restore, repair,
            accounts).
        clock: The services' clock.

    Raises:
        WindowOpenError: ``writes`` and a window has the file open.
    """
    url = resolve_url(path_or_url)
    holder = window_holder(sqlite_path(url))
    if holder is None:
        return open_context(url, clock=clock)
    if writes:
        raise WindowOpenError(window_open_message(holder), holder)
    return open_context(url, clock=clock, beside_window=True)
