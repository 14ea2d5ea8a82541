"""Benchmark cases of issue 21: the home page count on the district set, memory, the paper report.

The home page's numbers (:func:`brandoffice.services.dashboard.summary`) are timed in
this process against grouped SQL on a bare connection giving the same figures (checked
equal once before timing), and the window's start to a counted home page is timed on a
copy of the district set as on the demo.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from brandoffice.model.vocab import BrandStatus, OrgKind, ProgressStatus, Sector
from brandoffice.services.context import AppContext
from brandoffice.services.dashboard import DUE_LISTED, TERM_HORIZON_MONTHS, add_months, summary
from tests.bench.cases import Case

OPEN = (ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value)
UP = """
WITH RECURSIVE up(brand, org, status, year) AS (
    SELECT id, org_id, status, year FROM brands
    UNION ALL
    SELECT up.brand, o.parent_id, up.status, up.year
    FROM up JOIN organisations o ON o.id = up.org WHERE o.parent_id IS NOT NULL
)
"""


def issue21_cases(
    ctx: AppContext, raw: sqlite3.Connection, work: Path, scale: float
) -> Iterator[Case]:
    """Yield issue 21's new cases (for ``cases.all_cases``)."""
    from tests.bench.memory_case import district_copy, memory_case
    from tests.bench.paper_case import paper_cases
    from tests.bench.ui_case import BARE_WINDOW, START_WINDOW, _seconds_to

    yield home_count_case(ctx, raw)
    copy = district_copy(raw, work)
    settings, pycache = str(work / "district_ui.ini"), work / "pycache"
    yield Case(
        "start to home page counted (district)",
        lambda: _seconds_to("filled", START_WINDOW, str(copy), settings, pycache=pycache),
        lambda: _seconds_to("filled", BARE_WINDOW, pycache=pycache),
        goal=1.5,
        self_timed=True,
    )
    yield memory_case(copy, work)
    yield from paper_cases(ctx, raw, work)


def home_count_case(ctx: AppContext, raw: sqlite3.Connection) -> Case:
    """The home page's numbers on the district set against the same figures in SQL."""
    today = ctx.today()
    board = summary(ctx)
    figures = floor_home(raw, today)
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
        lambda: floor_home(raw, today),
        goal=1.5,
    )


def floor_home(raw: sqlite3.Connection, today: dt.date) -> dict[str, Any]:
    """Count what the home page shows with grouped SQL, returning the rows as tuples."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    horizon = add_months(today, TERM_HORIZON_MONTHS)
    day, end = today.isoformat(), week_end.isoformat()
    grid = raw.execute(
        "SELECT sector, grade, count(*) FROM organisations GROUP BY sector, grade"
    ).fetchall()
    brands = raw.execute("SELECT status, count(*) FROM brands GROUP BY status").fetchall()
    open_ = f"p.status IN ('{OPEN[0]}', '{OPEN[1]}')"
    overdue, this_week = raw.execute(
        "SELECT count(*) FILTER (WHERE t.due_on < ?), count(*) FILTER (WHERE t.due_on >= ?)"
        f" FROM task_progress p JOIN tasks t ON t.id = p.task_id WHERE {open_} AND t.due_on <= ?",
        (day, day, end),
    ).fetchone()
    due = raw.execute(
        "SELECT o.id, o.name, t.id, t.name, ph.name, t.due_on, p.status FROM task_progress p"
        " JOIN tasks t ON t.id = p.task_id JOIN phases ph ON ph.id = t.phase_id"
        f" JOIN organisations o ON o.id = p.org_id WHERE {open_} AND t.due_on <= ?"
        " ORDER BY t.due_on >= ?, t.due_on, t.id, o.name LIMIT ?",
        (end, day, DUE_LISTED),
    ).fetchall()
    terms = raw.execute(
        "SELECT id, name, secretary, term_end FROM organisations"
        " WHERE term_end IS NOT NULL AND term_end <= ? ORDER BY term_end, name",
        (horizon.isoformat(),),
    ).fetchall()
    community = Sector.COMMUNITY.value
    uncovered = raw.execute(
        UP + "SELECT c.id, c.name, c.secretary FROM organisations c"
        " LEFT JOIN organisations p ON p.id = c.parent_id"
        " WHERE c.sector = ? AND (p.sector IS NULL OR p.sector != ?)"
        " AND c.id NOT IN (SELECT org FROM up WHERE status != ?)",
        (community, community, BrandStatus.WITHDRAWN.value),
    ).fetchall()
    quotas = raw.execute(
        UP + "SELECT o.id, o.name, count(up.brand) FROM organisations o"
        " LEFT JOIN up ON up.org = o.id AND up.year = ?"
        " WHERE o.kind = ? OR o.parent_id IS NULL GROUP BY o.id",
        (today.year, OrgKind.WORKING_COMMITTEE.value),
    ).fetchall()
    check = (
        sum(n for *_, n in grid),
        sum(n for _, n in brands),
        overdue,
        this_week,
        len(due),
        len(terms),
        len(uncovered),
        sum(n for *_, n in quotas),
    )
    return {"grid": grid, "brands": brands, "due": due, "terms": terms, "check": check}
