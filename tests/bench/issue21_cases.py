"""Benchmark cases of issue 21: the home page count on the district set, memory, the paper report.

The home page's numbers (:func:`brandoffice.services.dashboard.summary`) are timed in
this process against grouped SQL on a bare connection giving the same figures (checked
equal once before timing). The window's start to a counted home page is timed on a
copy of the district set against a bare window that then counts the same figures in
SQL: the demo case's floor, a bare window alone, skips the counting, which on the
district set is most of the work.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from brandoffice.model.vocab import BrandStatus, OrgKind, ProgressStatus, Sector
from brandoffice.services.context import AppContext
from brandoffice.services.dashboard import DUE_LISTED, TERM_HORIZON_MONTHS, add_months, summary
from tests.bench.cases import Case
from tests.bench.home_sql import home_figures

# A bare window, then the home page's figures counted in SQL (tests/bench/home_sql.py,
# standard library only): the program's start to a counted home page does that work too.
BARE_COUNTED = """
import json, sqlite3, sys
import sqlalchemy
from PySide6.QtWidgets import QApplication, QMainWindow
from tests.bench.home_sql import home_figures
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
print("interactive", flush=True)
home_figures(sqlite3.connect(sys.argv[1]), json.loads(sys.argv[2]))
print("filled", flush=True)
"""

# The honest floor: the same, after the damage check every start must make before it opens
# a file (issue 10: ``PRAGMA quick_check``, a tenth of a second or more on the district set).
CHECKED_COUNTED = """
import sqlite3, sys
sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("PRAGMA quick_check").fetchall()
""" + BARE_COUNTED.replace("import json, sqlite3, sys", "import json")


def home_params(today: dt.date) -> dict[str, Any]:
    """The days and the program's constants the SQL floor counts with."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    return {
        "today": today.isoformat(),
        "week_end": week_end.isoformat(),
        "horizon": add_months(today, TERM_HORIZON_MONTHS).isoformat(),
        "listed": DUE_LISTED,
        "open": [ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value],
        "community": Sector.COMMUNITY.value,
        "withdrawn": BrandStatus.WITHDRAWN.value,
        "committee": OrgKind.WORKING_COMMITTEE.value,
    }


def issue21_cases(
    ctx: AppContext, raw: sqlite3.Connection, work: Path, scale: float
) -> Iterator[Case]:
    """Yield issue 21's new cases (for ``cases.all_cases``)."""
    from tests.bench.memory_case import district_copy, memory_case
    from tests.bench.paper_case import paper_cases
    from tests.bench.ui_case import START_WINDOW, _seconds_to

    yield home_count_case(ctx, raw)
    copy = district_copy(raw, work)
    settings, pycache = str(work / "district_ui.ini"), work / "pycache"
    counted = (str(copy), json.dumps(home_params(ctx.today())))
    _seconds_to("filled", START_WINDOW, str(copy), settings, pycache=pycache)  # warm
    yield Case(
        "start to home page counted (district; floor counts in SQL)",
        lambda: _seconds_to("filled", START_WINDOW, str(copy), settings, pycache=pycache),
        lambda: _seconds_to("filled", BARE_COUNTED, *counted, pycache=pycache),
        goal=1.5,
        self_timed=True,
        honest=lambda: _seconds_to("filled", CHECKED_COUNTED, *counted, pycache=pycache),
        unfair="it opens the file unchecked; every start of the program first runs SQLite's"
        " quick_check on it, so that a damaged file is put aside before it is used (issue"
        " 10); the honest floor runs the same check first",
    )
    yield memory_case(copy, work)
    yield from paper_cases(ctx, raw, work)


def home_count_case(ctx: AppContext, raw: sqlite3.Connection) -> Case:
    """The home page's numbers on the district set against the same figures in SQL."""
    today = ctx.today()
    board = summary(ctx)
    params = home_params(today)
    figures = home_figures(raw, params)
    program = (
        board.unit_total,
        board.brand_total,
        board.overdue_count,
        board.due_this_week_count,
        len(board.due),
        len(board.terms),
        len(board.coverage.uncovered),
        sum(q.new_brands for q in board.coverage.quotas),
    )
    assert program == figures["check"], f"the floor counts {figures['check']}, not {program}"
    return Case(
        "home page count (district)",
        lambda: summary(ctx),
        lambda: home_figures(raw, params),
        goal=1.5,
    )
