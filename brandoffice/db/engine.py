"""Engines for SQLite and server databases, with the connection pragmas set."""

from __future__ import annotations

import os
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from brandoffice.paths import DB_ENV, default_db_path

BUSY_TIMEOUT_MS = 10_000

if TYPE_CHECKING:  # the ORM is imported on first use: the window's start-up does without it
    from sqlalchemy.orm import Session, sessionmaker

    SessionFactory = sessionmaker[Session]


def resolve_url(path_or_url: str | None = None) -> str:
    """Turn ``--db`` / ``BRANDOFFICE_DB`` / the default into an SQLAlchemy URL."""
    value = path_or_url or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def is_sqlite(url: str) -> bool:
    """Tell whether a URL names an SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """Return the file of an SQLite URL, or None for memory and server databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _on_sqlite_connect(foreign_keys: bool) -> Any:
    def connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Autocommit at the driver level: SQLAlchemy's "begin" event issues BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA secure_delete = ON")
        cur.close()

    return connect


def make_engine(url: str, *, foreign_keys: bool = True, echo: bool = False) -> Engine:
    """Create an engine; on SQLite every connection gets the safety pragmas.

    Args:
        url: SQLAlchemy URL.
        foreign_keys: Enforce foreign keys (off only while migrating).
        echo: Log SQL.

    Returns:
        The engine. On SQLite every transaction starts with ``BEGIN IMMEDIATE``.
    """
    if not is_sqlite(url):
        return create_engine(url, echo=echo, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_sqlite_connect(foreign_keys))

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
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)

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
        """Close every pooled connection."""
        self.engine.dispose()
