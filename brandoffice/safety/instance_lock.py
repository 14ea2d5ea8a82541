"""One program per SQLite file: a lock file beside the database held with an OS file lock."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from brandoffice.errors import StorageError
from brandoffice.safety.storage import READ_ONLY, ReadOnlyStorageError, storage_error_of

LOCK_SUFFIX = ".lock"
ANOTHER_INSTANCE = "另一个 BrandOffice 正在使用此数据库"

# Locks held by this process, by lock-file path: a second acquire in the same
# process would otherwise conflict with itself on Windows and with flock on Linux.
_held: dict[str, InstanceLock] = {}


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) a lock file, as written into it."""

    pid: int
    hostname: str
    since: str

    def describe(self) -> str:
        """Return a Chinese description for the message box."""
        return f"计算机“{self.hostname}”上的进程 {self.pid}（自 {self.since} 起）"


def lock_path(db_path: Path) -> Path:
    """Return the lock file of a database (``brandoffice.sqlite3.lock``)."""
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def read_holder(db_path: Path) -> LockHolder | None:
    """Return what the lock file says about its holder, or None when absent or unreadable."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockHolder(int(data["pid"]), str(data["hostname"]), str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    """Tell whether a process with ``pid`` runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFO
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        # Lock one byte far past the text so other programs can still read who holds it.
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 1 << 20, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """The lock of one database held by this process; release it when closing the database."""

    def __init__(self, db_path: Path, fd: int) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        """Tell whether this object still holds the lock."""
        return self._fd is not None

    def release(self) -> None:
        """Give up the lock and delete the lock file (safe to call twice)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            # Delete while still locked so that no newcomer locks a file we then remove.
            os.unlink(self.path)
        _unlock(self._fd)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None
        _held.pop(str(self.path), None)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _open_locked(path: Path) -> int | None:
    """Open and lock the lock file; None when another process holds it."""
    for _ in range(5):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return None
        # The holder we waited for may have deleted the file before we locked our
        # handle to it: only a lock on the file that is at ``path`` now counts.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except OSError:
            same = False
        if same:
            return fd
        _unlock(fd)
        os.close(fd)
    return None


def acquire_instance_lock(db_path: Path) -> InstanceLock | None:
    """Take the lock of an SQLite database for this program instance.

    The lock file ``<database>.lock`` holds the PID and computer name, and is
    locked with the operating system (``fcntl.flock`` on Linux, ``msvcrt.locking``
    on Windows), so a crashed program's lock vanishes with its process. A lock
    file left locked by a process that no longer exists on this computer (an
    inherited handle) is replaced.

    Args:
        db_path: The SQLite database file.

    Returns:
        The lock, or None when another instance holds it: then tell the clerk
        “另一个 BrandOffice 正在使用此数据库” and offer to open it read-only
        (:func:`brandoffice.safety.readonly.read_only_context`); :func:`read_holder`
        says who.

    Raises:
        ReadOnlyStorageError: The folder is read-only (the database cannot be
            written either: open it read-only).
    """
    path = lock_path(db_path)
    existing = _held.get(str(path))
    if existing is not None and existing.held:
        return existing
    try:
        fd = _open_locked(path)
        if fd is None:
            holder = read_holder(db_path)
            if holder is None or holder.hostname != socket.gethostname():
                return None
            if pid_alive(holder.pid):
                return None
            # The recorded holder is gone but the file is still locked: break it.
            with contextlib.suppress(OSError):
                os.unlink(path)
            fd = _open_locked(path)
            if fd is None:
                return None
        info = {
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"))
    except PermissionError as exc:
        raise ReadOnlyStorageError(READ_ONLY) from exc
    except OSError as exc:
        raise storage_error_of(exc) or StorageError(f"无法创建锁文件 {path.name}：{exc}") from exc
    lock = InstanceLock(db_path, fd)
    _held[str(path)] = lock
    return lock


def held_elsewhere(db_path: Path) -> bool:
    """Tell whether another process holds the database's lock right now."""
    path = lock_path(db_path)
    mine = _held.get(str(path))
    if mine is not None and mine.held:
        return False
    if not path.exists():
        return False
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)
