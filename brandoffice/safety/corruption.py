"""A damaged database on start: detect it, keep it aside, offer the newest good backup."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from brandoffice.backup import copy_database, readonly_uri
from brandoffice.errors import StorageError
from brandoffice.safety.auditcopies import adopt_copy
from brandoffice.safety.backups import BackupInfo, find_newest_good_backup
from brandoffice.safety.storage import CorruptDatabaseError, storage_error_of
from brandoffice.services.context import Clock, system_clock

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")


def damage_report(path: Path) -> list[str] | None:
    """Return what ``quick_check`` finds wrong with a database file, or None when it is fine.

    A missing or empty file is fine (it becomes a new database); a locked file is
    not judged (None). ``quick_check`` is ``integrity_check`` without comparing
    every index with its table, fast enough for every start; ``brandoffice check``
    runs the full one.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        con = sqlite3.connect(readonly_uri(path), uri=True, timeout=5)
        try:
            rows = [str(r[0]) for r in con.execute("PRAGMA quick_check").fetchall()]
        finally:
            con.close()
    except (sqlite3.Error, OSError) as exc:
        known = storage_error_of(exc)
        if isinstance(known, CorruptDatabaseError):
            return [str(exc)]
        return None
    return None if rows == ["ok"] else rows


def looks_like_sqlite(path: Path) -> bool:
    """Tell whether a file starts with the SQLite header."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def move_aside(path: Path, now: dt.datetime) -> Path:
    """Rename a damaged database (and its -wal/-shm files) to ``<name>.corrupt-<time>``.

    Nothing is deleted: the file stays for a specialist to rescue.

    Returns:
        The new path of the database file.
    """
    suffix = f".corrupt-{now:%Y%m%d-%H%M%S}"
    moved = path.with_name(path.name + suffix)
    try:
        os.replace(path, moved)
        for companion in COMPANIONS:
            extra = path.with_name(path.name + companion)
            if extra.exists():
                os.replace(extra, path.with_name(path.name + suffix + companion))
    except OSError as exc:
        raise storage_error_of(exc) or StorageError(f"无法移走损坏的数据库文件：{exc}") from exc
    return moved


def corrupt_message(
    moved: Path | None, backup: BackupInfo | None, head: str = "数据库文件已损坏。"
) -> str:
    """Return the Chinese message for a damaged database."""
    text = head
    if moved is not None:
        text += f"已将损坏的文件改名保留为“{moved.name}”。"
    if backup is not None:
        when = f"{backup.time:%Y-%m-%d %H:%M}"
        text += f"最新的完好备份是 {when}（{backup.reason_label}），可从该备份恢复。"
    else:
        text += "没有找到完好的备份。"
    return text


def ensure_not_corrupt(path: Path, clock: Clock = system_clock) -> None:
    """Check a database file before opening it; keep a damaged one aside.

    Raises:
        CorruptDatabaseError: The file is damaged. When it is an SQLite file it
            was renamed aside (``moved_to``); ``backup`` names the newest backup
            that passed ``integrity_check`` (or None). Restore with
            :func:`recover_from_backup`.
    """
    problems = damage_report(path)
    if problems is None:
        return
    moved = move_aside(path, clock()) if looks_like_sqlite(path) else None
    backup = find_newest_good_backup(path)
    head = "数据库文件已损坏。"
    if moved is None:
        head = f"“{path.name}”不是 BrandOffice 数据库文件（或文件头已损坏）。"
    message = corrupt_message(moved, backup, head)
    raise CorruptDatabaseError(message, backup=backup.path if backup else None, moved_to=moved)


def recover_from_backup(db_path: Path, backup: Path, clock: Clock = system_clock) -> Path:
    """Put a verified copy of ``backup`` where the damaged database was.

    A file still at ``db_path`` is first renamed aside, never deleted.

    Returns:
        ``db_path``, ready for :func:`brandoffice.app.open_context`.
    """
    if db_path.exists():
        move_aside(db_path, clock())
    for companion in COMPANIONS:
        stray = db_path.with_name(db_path.name + companion)
        if stray.exists():
            move_aside(stray, clock())
    restored = copy_database(backup, db_path)
    adopt_copy(restored)  # check compares later changes with the restored log
    return restored
