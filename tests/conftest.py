"""Shared fixtures: offscreen Qt, a fresh temporary database per test, a movable clock."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from brandoffice.services.context import AppContext
from tests.databases import build_template, opened, opened_copy


class FakeClock:
    """A clock tests can set and move."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        """Move the clock forward by a timedelta's keyword arguments."""
        self.now += dt.timedelta(**kwargs)


ROOT = Path(__file__).resolve().parents[1]


def printed_by_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter at the repository's root; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture(scope="session", autouse=True)
def _session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Give what runs outside a test (the session's templates) a private data folder too.

    Session fixtures are set up before a test's own ``_isolated_data_dir``: without this,
    building a template wrote its audit key, anchors and log into the user's data folder.
    """
    data = tmp_path_factory.mktemp("session_data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANDOFFICE_DATA", str(data))
        patch.delenv("BRANDOFFICE_DB", raising=False)
        patch.setenv("XDG_CONFIG_HOME", str(data / "config"))
        yield


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test's data folder (default database, backups, settings) private."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("BRANDOFFICE_DATA", str(data))
    monkeypatch.delenv("BRANDOFFICE_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))


@pytest.fixture(autouse=True)
def _builtin_holidays() -> Iterator[None]:
    """Start and end every test with chinese-calendar's data only (no database's plans)."""
    from brandoffice.workdays import HolidayData, set_holiday_data

    set_holiday_data(HolidayData())
    yield
    set_holiday_data(HolidayData())


@pytest.fixture
def clock() -> FakeClock:
    """A clock fixed at 2026-05-20 09:00, inside the demo campaign."""
    return FakeClock(dt.datetime(2026, 5, 20, 9, 0))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of the test's own SQLite database file."""
    return tmp_path / "test.sqlite3"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database built once per session; ``ctx`` copies it.

    Migrating a new file takes about a second, copying the migrated one a hundredth of that.
    """
    path = tmp_path_factory.mktemp("empty") / "empty.sqlite3"
    return build_template(path, lambda _context: None)[0]


@pytest.fixture
def ctx(empty_template: Path, db_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A migrated, empty database with services' context (a private copy at ``db_path``)."""
    yield from opened_copy(empty_template, db_path, clock)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once per session; copy it with ``demo_ctx``."""
    from brandoffice.demo import build_demo

    build = partial(build_demo, today=dt.date(2026, 5, 20))  # the tests read the demo of this day
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    return build_template(path, build, FakeClock(dt.datetime(2026, 5, 20, 9, 0)))[0]


@pytest.fixture
def demo_ctx(demo_template: Path, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A private copy of the demo street database."""
    yield from opened_copy(demo_template, tmp_path / "demo.sqlite3", clock)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A real PostgreSQL server for the session; skipped only where none is installed."""
    from tests.pg_server import PgServer, find_bin

    bindir = find_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed but CI must test against it")
        pytest.skip("PostgreSQL server binaries not installed")
    server = PgServer(bindir)
    server.start()
    yield server
    server.stop()


def _pg_name(request: pytest.FixtureRequest) -> str:
    """The name of a test's own PostgreSQL database: the test's name and the worker's pid."""
    import re

    return "t_" + re.sub(r"\W", "_", request.node.name.lower())[:50] + f"_{os.getpid()}"


@pytest.fixture
def pg_url(pg_server: object, request: pytest.FixtureRequest) -> str:
    """URL of a fresh, empty PostgreSQL database for one test."""
    return pg_server.create_database(_pg_name(request))  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def pg_empty_template(pg_server: object) -> str:
    """Name of a migrated, empty PostgreSQL database made once per session, to copy.

    No connection to it stays open: PostgreSQL copies a template only when nobody uses it.
    """
    from brandoffice.app import open_context

    name = f"t_empty_template_{os.getpid()}"
    open_context(pg_server.create_database(name)).db.dispose()  # type: ignore[attr-defined]
    return name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def each_db_ctx(
    request: pytest.FixtureRequest, db_path: Path, clock: FakeClock
) -> Iterator[AppContext]:
    """A migrated, empty database on SQLite, then on PostgreSQL (the test runs twice).

    Either is a private copy of a template migrated once per session.
    """
    if request.param == "sqlite":
        yield from opened_copy(request.getfixturevalue("empty_template"), db_path, clock)
    else:
        server = request.getfixturevalue("pg_server")
        template = request.getfixturevalue("pg_empty_template")
        yield from opened(server.create_database(_pg_name(request), template=template), clock)
