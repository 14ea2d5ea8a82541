"""URLs read without SQLAlchemy, the engine made on first use, and reads with sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from brandoffice.app import open_context
from brandoffice.db.engine import (
    Database,
    is_sqlite,
    resolve_url,
    sqlite_has_table,
    sqlite_path,
    sqlite_rows,
)

URLS = [
    "sqlite:///relative.sqlite3",
    "sqlite:////abs/folder/street.sqlite3",
    "sqlite:///C:\\Users\\书记\\BrandOffice\\brandoffice.sqlite3",
    "sqlite:////abs/with space/党建.sqlite3",
    "sqlite:////abs/odd%20name.sqlite3",
    "sqlite:///file.sqlite3?mode=ro&uri=true",
    "sqlite+pysqlite:////abs/driver.sqlite3",
    "SQLite:////abs/upper.sqlite3",
    "sqlite://",
    "sqlite:///:memory:",
    "postgresql+psycopg://clerk:secret@server/brandoffice",
    "postgresql://server/sqlite",
]


@pytest.mark.parametrize("url", URLS)
def test_urls_are_read_as_sqlalchemy_reads_them(url: str) -> None:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    assert is_sqlite(url) == (backend == "sqlite")
    expected = parsed.database if backend == "sqlite" else None
    if expected in ("", ":memory:"):
        expected = None
    assert sqlite_path(url) == (Path(expected) if expected else None)


def test_a_path_becomes_a_file_url(tmp_path: Path) -> None:
    url = resolve_url(str(tmp_path / "街道.sqlite3"))
    assert url.startswith("sqlite:///") and sqlite_path(url) == tmp_path / "街道.sqlite3"


def test_the_engine_is_made_on_first_use_with_its_hooks(tmp_path: Path) -> None:
    db = Database(resolve_url(str(tmp_path / "lazy.sqlite3")))
    seen: list[Engine] = []
    db.on_engine(seen.append)
    db.dispose()  # nothing to close yet, and nothing is made
    assert seen == [] and not (tmp_path / "lazy.sqlite3").exists()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    assert seen == [db.engine]
    db.on_engine(seen.append)  # the engine exists: at once
    assert seen == [db.engine, db.engine]
    db.dispose()


def test_sqlite_reads_are_read_only_and_make_no_file(tmp_path: Path) -> None:
    path = tmp_path / "street.sqlite3"
    with pytest.raises(sqlite3.OperationalError):
        sqlite_rows(path, "SELECT 1")
    assert not path.exists()
    ctx = open_context(str(path))
    try:
        assert sqlite_has_table(path, "settings") and not sqlite_has_table(path, "nothing")
        assert sqlite_rows(path, "SELECT count(*) FROM organisations") == [(0,)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            sqlite_rows(path, "DELETE FROM organisations")
    finally:
        ctx.db.dispose()
