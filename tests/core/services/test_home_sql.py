"""The home page's SQL texts run two ways: sqlite3 on the file, and SQLAlchemy on any engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.demo import build_demo
from brandoffice.model.vocab import BrandStatus, Grade
from brandoffice.services.context import AppContext
from brandoffice.services.coverage import Coverage, coverage
from brandoffice.services.dashboard import NO_GRADE, Dashboard, home_summary, summary
from brandoffice.services.holiday_plans import read_plans
from brandoffice.services.holidays import import_notice, read_holidays
from brandoffice.services.home_sql import as_date
from tests.conftest import FakeClock, printed_by_python
from tests.databases import opened

NOTICE = Path(__file__).parents[1] / "data" / "holidays" / "2027-plausible.txt"


def test_both_ways_count_the_demo_alike_day_after_day(
    demo_ctx: AppContext, clock: FakeClock
) -> None:
    for days in (0, 5, 40, 200, 400):  # due lists and terms come and go, the year turns
        clock.now = dt.datetime(2026, 5, 20, 9) + dt.timedelta(days=days)
        board = summary(demo_ctx)
        assert home_summary(demo_ctx) == board, clock.now
    first = _demo_board(demo_ctx, clock)
    # equal over something: every part of the page has figures, dates read as dates
    assert first.unit_total > 20 and first.brand_total > 0
    assert first.overdue_count > 0 and first.due and first.terms
    assert isinstance(first.due[0].due_on, dt.date) and isinstance(first.terms[0].term_end, dt.date)
    assert first.coverage.communities > 0 and first.coverage.quotas


def test_both_ways_count_an_empty_database_alike(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "new.sqlite3"
    assert not path.exists()
    ctx = open_context(str(path), clock=clock)  # as ``brandoffice init`` makes it
    try:
        board = home_summary(ctx)
        assert board == summary(ctx)
    finally:
        ctx.db.dispose()
    assert board == Dashboard(
        today=dt.date(2026, 5, 20),
        week_end=dt.date(2026, 5, 24),
        sectors=(),
        grades=(*(g.value for g in Grade), NO_GRADE),
        units=(),
        brand_counts=tuple((s.value, 0) for s in BrandStatus),
        due=(),
        overdue_count=0,
        due_this_week_count=0,
        terms=(),
        coverage=Coverage(2026, 0, (), ()),
        last_backup=None,
        backup_hint=None,
    )


CHILD = """
import datetime as dt, json, sys
from brandoffice.db.engine import Database, resolve_url
from brandoffice.services.context import AppContext
from brandoffice.services.dashboard import home_summary
ctx = AppContext(Database(resolve_url(sys.argv[1])), clock=lambda: dt.datetime(2026, 5, 20, 9))
board = home_summary(ctx)
print(json.dumps({"board": repr(board), "sqlalchemy": "sqlalchemy" in sys.modules}))
"""


def test_the_file_is_counted_without_sqlalchemy(demo_ctx: AppContext) -> None:
    assert demo_ctx.db.path is not None
    code = f"import sys; sys.argv[1:] = [{str(demo_ctx.db.path)!r}]\n{CHILD}"
    seen = json.loads(printed_by_python(code))
    assert seen == {"board": repr(summary(demo_ctx)), "sqlalchemy": False}


@pytest.fixture
def pg_demo(pg_url: str, clock: FakeClock) -> Iterator[AppContext]:
    """The demo street on PostgreSQL, built as the SQLite template is."""
    for context in opened(pg_url, clock):
        build_demo(context, today=dt.date(2026, 5, 20))
        yield context


@pytest.mark.postgres
def test_postgres_counts_the_demo_as_sqlite_does(
    pg_demo: AppContext, demo_ctx: AppContext, clock: FakeClock
) -> None:
    for days in (0, 40, 400):
        clock.now = dt.datetime(2026, 5, 20, 9) + dt.timedelta(days=days)
        on_server = summary(pg_demo)
        assert home_summary(pg_demo) == on_server
        assert on_server.backup_hint and on_server.last_backup is None
        on_file = dataclasses.replace(home_summary(demo_ctx), backup_hint=on_server.backup_hint)
        assert on_server == on_file, clock.now
    assert coverage(pg_demo, 2025) == coverage(demo_ctx, 2025)
    assert _demo_board(pg_demo, clock).due


def test_holiday_plans_read_alike_both_ways(ctx: AppContext) -> None:
    import_notice(ctx, NOTICE.read_text(encoding="utf-8"))
    plans = read_plans(ctx)
    assert plans == read_holidays(ctx)
    assert plans.years == {2027} and dt.date(2027, 1, 1) in plans.days


def test_dates_are_read_as_sqlalchemy_reads_them_on_sqlite() -> None:
    day = dt.date(2026, 5, 1)
    assert as_date(day) is day  # PostgreSQL gives dates
    assert as_date("2026-05-01") == as_date("2026-5-1") == as_date("2026-05-01 00:00:00") == day
    with pytest.raises(ValueError, match="not a date"):
        as_date("5/1/2026")


def _demo_board(ctx: AppContext, clock: FakeClock) -> Dashboard:
    clock.now = dt.datetime(2026, 5, 20, 9)
    return summary(ctx)
