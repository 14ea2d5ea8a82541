"""Two ways to run the same SQL text (:mod:`brandoffice.services.home_sql`) and get its rows.

:func:`file_query` reads an SQLite file with a short read-only :mod:`sqlite3`
connection, without SQLAlchemy: the window's first count uses it while SQLAlchemy is
not loaded yet. :func:`engine_query` runs the text through SQLAlchemy's ``text()`` on
the context's read engine, on SQLite and PostgreSQL alike. Either way the reads of one
``with`` block see one snapshot of the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from brandoffice.db.engine import sqlite_reader
from brandoffice.services.context import AppContext
from brandoffice.services.home_sql import Query, sqlite_params


@contextmanager
def file_query(path: Path) -> Iterator[Query]:
    """Yield a query reading the SQLite file ``path`` in one read transaction.

    The connection is read-only (it can neither write nor checkpoint the log) and is
    closed when the block ends. Dates are bound as ISO text, as SQLAlchemy stores them.

    Raises:
        sqlite3.OperationalError: The file is missing or cannot be read.
    """
    with closing(sqlite_reader(path)) as connection:
        connection.execute("BEGIN")

        def run(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
            return connection.execute(sql, sqlite_params(params)).fetchall()

        yield run


@contextmanager
def engine_query(ctx: AppContext) -> Iterator[Query]:
    """Yield a query running the text through SQLAlchemy on ``ctx``'s read engine (any database).

    One connection serves the block (``BEGIN DEFERRED`` on SQLite: it never blocks a
    writer). On SQLite dates are bound as ISO text, as SQLAlchemy's ``Date`` stores them;
    PostgreSQL takes them as dates.
    """
    from sqlalchemy import text

    with ctx.db.read_engine.connect() as conn:
        on_sqlite = conn.dialect.name == "sqlite"

        def run(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
            bound = sqlite_params(params) if on_sqlite else dict(params)
            return conn.execute(text(sql), bound).all()

        yield run
