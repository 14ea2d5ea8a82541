"""Verified copies of an SQLite database: copy to a temporary name, check, rename."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from brandoffice.errors import StorageError


def integrity_ok(path: Path) -> bool:
    """Run ``PRAGMA integrity_check`` on a file; True when it answers ``ok``."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def copy_database(src: Path, dest: Path) -> Path:
    """Copy an SQLite database to ``dest`` safely.

    The copy is written with ``Connection.backup()`` to a temporary name beside
    ``dest``, verified with ``integrity_check``, and only then renamed; a failure
    leaves no partial file.

    Args:
        src: The live database file.
        dest: Where the copy goes.

    Returns:
        ``dest``.

    Raises:
        StorageError: The copy could not be written or did not verify.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target, pages=-1)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            source.close()
        if not integrity_ok(tmp):
            raise StorageError(f"备份文件校验失败：{dest.name}")
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(f"无法写入备份 {dest}：{exc}") from exc
    return dest


def backup_name(reason: str, now: dt.datetime | None = None) -> str:
    """Return a file name for a backup taken now for ``reason``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return f"brandoffice-{stamp}-{reason}.sqlite3"
