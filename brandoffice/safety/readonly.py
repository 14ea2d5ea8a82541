"""Opening a database read-only, for a second instance or a write-protected file."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from brandoffice.db.engine import Database, is_sqlite, sqlite_path
from brandoffice.db.migrate import HEAD_REVISION, current_revision
from brandoffice.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _query_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.execute("PRAGMA query_only = ON")


def _read_only_session(dbapi_conn: Any, _record: object) -> None:
    # psycopg: every transaction of this connection is READ ONLY.
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    dbapi_conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    dbapi_conn.autocommit = autocommit


def _require_head(url: str) -> None:
    revision = current_revision(url)
    if revision != HEAD_REVISION:
        raise StorageError(
            "此数据库需要先升级（或由更新的程序写入），不能以只读方式打开；"
            "请关闭另一个 BrandOffice 后正常打开。"
        )


def beside_database(url: str) -> Database:
    """Return the Database a command uses while a window has the SQLite file open.

    Nothing is migrated; see :class:`Database` (``beside``) for why its
    connections can neither checkpoint nor delete the window's log.

    Raises:
        StorageError: The file does not exist or is not at this program's version.
    """
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise StorageError(f"找不到数据库文件：{path}")
    _require_head(url)
    return Database(url, beside=True)


def read_only_database(url: str) -> Database:
    """Return a Database whose every connection refuses writes.

    SQLite connections get ``PRAGMA query_only = ON`` and the write sessions
    begin DEFERRED (so they never take the write lock another instance needs);
    PostgreSQL sessions are ``READ ONLY``. A write raises an error that
    :func:`brandoffice.safety.storage.storage_error_of` turns into
    ReadOnlyStorageError. No migration runs.

    Raises:
        StorageError: The file does not exist, or the database is not at this
            program's schema version
            (it must be opened for writing once to be upgraded).
    """
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise StorageError(f"找不到数据库文件：{path}")
    _require_head(url)
    db = Database(url, beside=True)
    sqlite = is_sqlite(url)

    def refuse_writes(engine: Engine) -> None:
        from sqlalchemy import event

        event.listen(engine, "connect", _query_only if sqlite else _read_only_session)

    db.on_engine(refuse_writes)
    if sqlite:
        db.write = db.read
    return db
