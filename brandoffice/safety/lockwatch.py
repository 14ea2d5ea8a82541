"""Notice when the window's SQLite file lost its locks or its log, and save what it holds.

POSIX locks belong to the process: a descriptor of the database opened and closed
outside SQLite (a library sniffing a file type, a copy, a hash) drops them all. Then
another program may act as the last connection, checkpoint and delete ``-wal`` and
``-shm`` while our connections still write into the deleted files. Only Linux
shows this through ``/proc``; on Windows locks belong to handles and
:func:`files_problem` always answers None.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandoffice.backup import backup_name, copy_database
from brandoffice.errors import StorageError
from brandoffice.paths import backup_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from brandoffice.db.engine import Database

LOG_DELETED = "数据库的日志文件（-wal/-shm）已被别的程序删除"
LOCK_LOST = "本程序对数据库文件的锁已丢失"
RESTART = (
    "为防止数据丢失，已停止保存新的改动。请关闭 BrandOffice 后重新打开；"
    "重新打开前不要在命令行或其他程序中使用此数据库。"
)
DELETED = " (deleted)"
RECHECK_SECONDS = (0.05, 0.2)  # a connection being opened holds its file before its lock


class DatabaseFilesLostError(StorageError):
    """The database lost its locks or its log: writes are refused until a restart."""


def _fd_targets() -> list[str]:
    folder = "/proc/self/fd"
    targets = []
    for name in os.listdir(folder):
        try:
            targets.append(os.readlink(f"{folder}/{name}"))
        except OSError:
            continue  # closed meanwhile (listdir's own descriptor, another thread)
    return targets


def _locked_inodes(pid: int, locks_text: str) -> set[int]:
    inodes = set()
    for line in locks_text.splitlines():
        fields = line.split()
        if len(fields) > 1 and fields[1] == "->":
            continue  # a waiter, not a held lock
        if len(fields) < 6 or fields[1] != "POSIX" or fields[4] != str(pid):
            continue
        inodes.add(int(fields[5].rsplit(":", 1)[-1]))
    return inodes


def _problem_now(db_path: Path) -> str | None:
    real = os.path.realpath(db_path)
    names = {real: "db", real + "-wal": "wal", real + "-shm": "shm"}
    held: dict[str, bool] = {}
    for target in _fd_targets():
        if target.endswith(DELETED) and target[: -len(DELETED)] in names:
            return LOG_DELETED
        kind = names.get(target)
        if kind in ("db", "shm"):
            held[target] = True
    if not held:
        return None  # no SQLite connection open in this process: nothing to lose
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            locked = _locked_inodes(os.getpid(), fh.read())
    except OSError:
        return None
    for path in held:
        try:
            inode = os.stat(path).st_ino
        except OSError:
            return LOG_DELETED
        if inode not in locked:
            return LOCK_LOST
    return None


def files_problem(db_path: Path) -> str | None:
    """Return why the open SQLite file is no longer safe to write, or None when it is.

    Looks at this process's descriptors (``/proc/self/fd``): one pointing at a
    deleted database, ``-wal`` or ``-shm`` means another program removed them; and
    at ``/proc/locks``: a database or ``-shm`` file open here without a POSIX lock
    of this process means the locks were dropped. A suspicion is checked twice more
    a moment later, since a connection being opened holds its file before its lock.
    Costs well under a millisecond; on other systems than Linux it answers None.
    """
    if not sys.platform.startswith("linux") or not os.path.isdir("/proc/self/fd"):
        return None
    problem = _problem_now(db_path)
    for pause in RECHECK_SECONDS:
        if problem is None:
            return None
        time.sleep(pause)
        problem = _problem_now(db_path)
    return problem


def emergency_backup(db: Database, now: dt.datetime | None = None) -> Path:
    """Copy what the window's live connection sees into a verified backup.

    A new connection would see the old state once the log was deleted; a pooled
    connection still has the deleted log open and sees every committed change.
    Nothing is written to the database (no audit entry).

    Returns:
        The backup file in the ``backups`` folder.
    """
    path = db.path
    if path is None:
        raise StorageError("服务器数据库不需要此备份")
    dest = backup_dir(path) / backup_name("emergency", now)
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy_database(path, dest, source=source)
    finally:
        raw.close()
    return dest


class FileWatch:
    """Watches one SQLite file for the window; once broken it stays broken.

    :meth:`guard` makes every write transaction check first and refuse with
    DatabaseFilesLostError; the window calls :meth:`check` on a timer.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.problem: str | None = None
        self._lock = threading.Lock()

    def check(self) -> str | None:
        """Return the problem (found now or before), or None while all is well."""
        with self._lock:
            if self.problem is None:
                self.problem = files_problem(self.db_path)
            return self.problem

    def message(self) -> str:
        """Return the Chinese message for the clerk."""
        return f"{self.problem or LOCK_LOST}。{RESTART}"

    def guard(self, engine: Engine) -> None:
        """Make each write transaction on ``engine`` refuse once the files are unsafe."""
        from sqlalchemy import event

        from brandoffice.db.engine import BEGIN_OPTION

        def before_begin(conn: Any) -> None:
            if conn.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE") != "IMMEDIATE":
                return
            if self.check() is not None:
                raise DatabaseFilesLostError(self.message())

        event.listen(engine, "begin", before_begin, insert=True)
