"""Engines for SQLite and server databases, with the connection pragmas set.

SQLAlchemy is imported when the first engine is made: the window opens an SQLite
file (lock, checks, settings) with :mod:`sqlite3` and shows itself first.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandoffice.paths import DB_ENV, default_db_path

BUSY_TIMEOUT_MS = 10_000
SQLITE_FILE_PREFIX = "sqlite:///"

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    SessionFactory = sessionmaker[Session]
    EngineHook = Callable[[Engine], None]


def resolve_url(path_or_url: str | None = None) -> str:
    """Turn ``--db`` / ``BRANDOFFICE_DB`` / the default into an SQLAlchemy URL."""
    value = path_or_url or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        if is_sqlite(value):
            return value
        from brandoffice.db.connection import check_server_url

        return check_server_url(value)
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def is_sqlite(url: str) -> bool:
    """Tell whether a URL names an SQLite database (``sqlite``, ``sqlite+driver``)."""
    scheme = url.partition(":")[0]
    return scheme.partition("+")[0] == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """Return the file of an SQLite URL, or None for memory and server databases."""
    if not is_sqlite(url):
        return None
    database = url[len(SQLITE_FILE_PREFIX) :]
    if not url.startswith(SQLITE_FILE_PREFIX) or any(c in database for c in "?%"):
        from sqlalchemy.engine import make_url  # a URL with options or escapes

        database = make_url(url).database or ""
    if not database or database == ":memory:":
        return None
    return Path(database)


def sqlite_reader(path: Path) -> sqlite3.Connection:
    """Open a short read-only :mod:`sqlite3` connection to an SQLite file; close it after use.

    For reads that need neither an engine nor SQLAlchemy (the checks made before the
    window opens, the window's first count). It waits for locks as the engine's
    connections do and is in autocommit mode: ``BEGIN`` keeps several reads in one
    snapshot. A missing file raises ``sqlite3.OperationalError`` (it is not made).
    """
    from brandoffice.backup import readonly_uri

    return sqlite3.connect(
        readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )


def sqlite_rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one read on an SQLite file with a short read-only :mod:`sqlite3` connection.

    For the checks made before the window opens (see :func:`sqlite_reader`).
    """
    with closing(sqlite_reader(path)) as connection:
        return connection.execute(sql, params).fetchall()


def sqlite_has_table(path: Path, table: str) -> bool:
    """Tell whether an SQLite file has ``table`` (read with :func:`sqlite_rows`)."""
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return bool(sqlite_rows(path, query, (table,)))


def _on_sqlite_connect(foreign_keys: bool, beside: bool = False) -> Any:
    def connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Autocommit at the driver level: SQLAlchemy's "begin" event issues BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        if beside:  # checkpoints are the window's business
            cur.execute("PRAGMA wal_autocheckpoint = 0")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA secure_delete = ON")
        cur.close()

    return connect


def make_engine(
    url: str, *, foreign_keys: bool = True, echo: bool = False, beside: bool = False
) -> Engine:
    """Create an engine; on SQLite every connection gets the safety pragmas.

    Args:
        url: SQLAlchemy URL.
        foreign_keys: Enforce foreign keys (off only while migrating).
        echo: Log SQL.
        beside: The SQLite file is open in a window: no pooled connections kept,
            no automatic checkpoints (see :class:`Database`).

    Returns:
        The engine. On SQLite every transaction starts with ``BEGIN IMMEDIATE``.
    """
    from sqlalchemy import create_engine, event

    if not is_sqlite(url):
        return create_engine(url, echo=echo, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
    if beside:
        from sqlalchemy.pool import NullPool

        options["poolclass"] = NullPool
    engine = create_engine(url, echo=echo, **options)
    event.listen(engine, "connect", _on_sqlite_connect(foreign_keys, beside))

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


BEGIN_OPTION = "brandoffice_sqlite_begin"


class Database:
    """One database: its URL, engine and the two session factories services use.

    ``write`` sessions begin IMMEDIATE on SQLite so two writers queue instead of
    failing on upgrade; ``read`` sessions begin DEFERRED and never block a writer.
    The engine (and SQLAlchemy with it) is made on first use; :meth:`on_engine`
    adds listeners to it whenever that is.

    ``beside=True`` is for a program working beside a window that has the SQLite
    file open (the command line). SQLite lets the last connection to close
    checkpoint and delete ``-wal``/``-shm``; if the window ever lost its locks, that
    would be us, deleting the log the window still writes into. So a read-only
    "keeper" connection is opened first and closed last: while it is open no other
    connection of this process can be the last one (SQLite counts the process's
    shared locks), and a read-only connection can neither checkpoint nor delete
    the log. The other connections never checkpoint automatically and are not
    pooled, so none outlives the keeper.
    """

    def __init__(self, url: str, *, echo: bool = False, beside: bool = False) -> None:
        self.url = url
        self._echo = echo
        self._beside = beside and sqlite_path(url) is not None
        self._keeper: sqlite3.Connection | None = None
        self._hooks: list[EngineHook] = []
        self._made: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The engine, made (with every :meth:`on_engine` hook applied) on first use."""
        with self._lock:  # two worker threads may ask first at once
            if self._made is None:
                if self._beside and self._keeper is None:
                    self._keeper = _keeper(sqlite_path(self.url))
                engine = make_engine(self.url, echo=self._echo, beside=self._beside)
                for hook in self._hooks:
                    hook(engine)
                self._made = engine
            return self._made

    def on_engine(self, hook: EngineHook) -> None:
        """Call ``hook(engine)`` once the engine exists: now, or when it is made."""
        with self._lock:
            made = self._made
            if made is None:
                self._hooks.append(hook)
        if made is not None:
            hook(made)

    @cached_property
    def write(self) -> SessionFactory:
        """Sessions that write (``BEGIN IMMEDIATE`` on SQLite)."""
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @cached_property
    def read_engine(self) -> Engine:
        """The engine for reading: ``BEGIN DEFERRED`` on SQLite, so it never blocks a writer."""
        return self.engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})

    @cached_property
    def read(self) -> SessionFactory:
        """Sessions that only read (on :attr:`read_engine`)."""
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        """Tell whether this is an SQLite database."""
        return is_sqlite(self.url)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None."""
        return sqlite_path(self.url)

    def dispose(self) -> None:
        """Close every pooled connection (nothing to do before the engine exists)."""
        if self._made is not None:
            self._made.dispose()
        if self._keeper is not None:
            self._keeper.close()  # last, and read-only: it never deletes the log
            self._keeper = None


def _keeper(path: Path | None) -> sqlite3.Connection:
    """Open a read-only connection holding a shared lock on ``path`` (see :class:`Database`)."""
    from brandoffice.backup import readonly_uri

    assert path is not None
    keeper = sqlite3.connect(
        readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()
    return keeper
