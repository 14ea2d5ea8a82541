"""Verified copies of an SQLite database: copy to a temporary name, check, rename."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from brandoffice.errors import StorageError
from brandoffice.progress import Progress
from brandoffice.safety.storage import DiskFullError, ReadOnlyStorageError, storage_error_of

PART_SUFFIX = ".part"
STALE_PART_SECONDS = 3600
# ``x.sqlite3.1234.part``, its ``-journal``/``-wal``/``-shm``; legacy ``x.sqlite3.part``.
_PART = re.compile(r"(?:\.(\d+))?\.part(?:-journal|-wal|-shm)?$")
BACKUP_SUFFIX = ".sqlite3"
STEP_PAGES = 2048
"""Pages copied between two progress reports (8 MB with SQLite's 4 KB pages)."""
_NAME = re.compile(r"^brandoffice-(\d{8}-\d{6}-\d{6})-([A-Za-z0-9_-]+)\.sqlite3$")


def readonly_uri(path: Path) -> str:
    """Return an SQLite URI opening ``path`` read-only (safe for any characters in it)."""
    return Path(os.path.abspath(path)).as_uri() + "?mode=ro"


def integrity_ok(path: Path, *, quick: bool = False) -> bool:
    """Run ``PRAGMA integrity_check`` on a file; True when it answers ``ok``.

    Args:
        path: The database file.
        quick: Run ``quick_check`` (skips comparing indexes with their tables).
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return rows == [("ok",)]


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk; nothing to do on Windows."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_database(
    src: Path,
    dest: Path,
    *,
    source: sqlite3.Connection | None = None,
    prepare: Callable[[sqlite3.Connection], object] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Copy an SQLite database to ``dest`` safely.

    The copy is written with ``Connection.backup()`` to ``dest.<pid>.part``,
    verified with ``integrity_check``, and only then renamed; a failure (disk
    full, read-only folder, a damaged source) leaves neither the ``.part`` file
    nor ``dest`` behind, and one killed midway is removed by the next start
    (:func:`remove_interrupted`).

    Args:
        src: The live database file.
        dest: Where the copy goes.
        source: Copy through this open connection instead of a new read-only one
            (it sees what it sees even when the log was deleted under it).
        prepare: Called with the copy before it is verified (a backup writes the
            audit log's anchor into it).
        progress: Told the pages copied as ``progress(done, total)``; may cancel.

    Returns:
        ``dest``.

    Raises:
        StorageError: The copy could not be written or did not verify; disk full
            and read-only folders raise the matching subclass.
    """
    tmp = part_path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        reader = source or sqlite3.connect(readonly_uri(src), uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:
                _copy_pages(reader, target, progress)
                target.execute("PRAGMA journal_mode = DELETE")
                if prepare is not None:
                    prepare(target)
            finally:
                target.close()
        finally:
            if source is None:
                reader.close()
        if not integrity_ok(tmp):
            raise StorageError(f"备份文件校验失败（源数据库可能已损坏）：{dest.name}")
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except (sqlite3.Error, OSError) as exc:
        remove_quietly(tmp)
        raise backup_failure(exc, dest) from exc
    except BaseException:  # StorageError, Cancelled, KeyboardInterrupt
        remove_quietly(tmp)
        raise
    return dest


def _copy_pages(
    reader: sqlite3.Connection, target: sqlite3.Connection, progress: Progress | None
) -> None:
    """Copy every page in one step, or in steps reporting ``progress`` between them."""
    if progress is None:
        reader.backup(target, pages=-1)
        return

    def report(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    reader.backup(target, pages=STEP_PAGES, progress=report)


def backup_failure(exc: BaseException, dest: Path) -> StorageError:
    """Return the error to raise for a failed copy, of the storage failure's own class."""
    known = storage_error_of(exc)
    cls = type(known) if known is not None else StorageError
    reasons: dict[type[StorageError], str] = {
        DiskFullError: "磁盘空间已满。请清理磁盘，或把备份存到别的磁盘后重试",
        ReadOnlyStorageError: "备份文件夹不可写。请检查文件夹权限，或换一个文件夹",
    }
    reason = reasons.get(cls, f"写入备份文件时出错（磁盘可能已满或有故障）：{exc}")
    return cls(f"备份失败：{reason}。数据库没有改动，也没有留下不完整的备份文件（{dest.name}）。")


def part_path(dest: Path) -> Path:
    """Return the temporary name a copy to ``dest`` is written under (``.<pid>.part``)."""
    return dest.with_name(f"{dest.name}.{os.getpid()}{PART_SUFFIX}")


def remove_interrupted(
    folder: Path, prefix: str = "", *, stale_seconds: float = STALE_PART_SECONDS
) -> list[Path]:
    """Delete what killed copies left in ``folder``: ``.part`` files and their journals.

    A part file names the process writing it; one of a process still running (a
    backup under way in the window or a terminal) is kept unless it is older than
    ``stale_seconds``. Legacy names without a process id are always removed.
    Only names starting with ``prefix`` are looked at.

    Returns:
        The deleted files.
    """
    from brandoffice.safety.instance_lock import pid_alive  # imports storage, which is light

    deleted: list[Path] = []
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(prefix) and _PART.search(p.name)]
    except OSError:
        return deleted
    cutoff = time.time() - stale_seconds
    for path in names:
        match = _PART.search(path.name)
        pid = int(match.group(1)) if match and match.group(1) else 0
        try:
            fresh = path.stat().st_mtime >= cutoff
        except OSError:
            continue
        if pid and fresh and (pid == os.getpid() or pid_alive(pid)):
            continue
        try:
            os.unlink(path)
        except OSError:
            continue
        deleted.append(path)
    return deleted


def remove_quietly(path: Path) -> None:
    """Delete a file if it exists (temporary files on failure paths)."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def backup_name(reason: str, now: dt.datetime | None = None) -> str:
    """Return a file name for a backup taken now for ``reason``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return f"brandoffice-{stamp}-{reason}{BACKUP_SUFFIX}"


def parse_backup_name(name: str) -> tuple[dt.datetime, str] | None:
    """Return (time, reason) of a file named by :func:`backup_name`, or None."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        when = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None
    return when, match.group(2)
