"""The files of an SQLite database that only SQLite may open in the program's process.

On Linux and macOS the locks SQLite takes are POSIX advisory locks: they belong to
the process, and closing *any* descriptor of the file in that process drops all of
them. Reading the database (or its ``-shm``) with anything but SQLite, even only to
look at its first bytes, therefore leaves the open connections unprotected.
"""

from __future__ import annotations

import os
from pathlib import Path

# The write-ahead log, the shared-memory index, a rollback journal and our lock file.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")
REFUSED = "“{name}”是正在使用的数据库文件，不能在这里选择。请选择别的文件；备份请用“备份”功能。"


def _key(path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(os.path.abspath(path)))


def database_files(db_path: Path) -> tuple[Path, ...]:
    """Return the database file and the side files SQLite and BrandOffice keep beside it."""
    return (db_path, *(db_path.with_name(db_path.name + s) for s in SIDE_SUFFIXES))


def database_file_names(db_path: Path) -> frozenset[str]:
    """Return the names of :func:`database_files` (to hide them in a folder listing)."""
    return frozenset(p.name for p in database_files(db_path))


def is_database_file(path: Path | str, db_path: Path | None) -> bool:
    """Tell whether ``path`` is the open database or one of its side files.

    Args:
        path: A file the clerk chose or the program is about to open.
        db_path: The open SQLite database, or None (a server: nothing to protect).
    """
    if db_path is None:
        return False
    key = _key(path)
    return any(key == _key(p) for p in database_files(db_path))


def refuse_message(path: Path | str) -> str:
    """Return the Chinese message for a chosen file that is part of the open database."""
    return REFUSED.format(name=Path(path).name)
