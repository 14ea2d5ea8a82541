"""The home page's figures in grouped SQL on a bare sqlite3 connection: the floor.

Only the standard library, so that a child process timing a bare window plus these
counts loads nothing of the program; the caller passes the program's constants.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

UP = """
WITH RECURSIVE up(brand, org, status, year) AS (
    SELECT id, org_id, status, year FROM brands
    UNION ALL
    SELECT up.brand, o.parent_id, up.status, up.year
    FROM up JOIN organisations o ON o.id = up.org WHERE o.parent_id IS NOT NULL
)
"""


def home_figures(raw: sqlite3.Connection, p: dict[str, Any]) -> dict[str, Any]:
    """Count what the home page shows; ``p`` holds the days and the program's constants.

    Keys of ``p``: ``today``, ``week_end``, ``horizon`` (ISO dates), ``listed``,
    ``open`` (two statuses), ``community``, ``withdrawn``, ``committee``.
    """
    day, end = p["today"], p["week_end"]
    grid = raw.execute(
        "SELECT sector, grade, count(*) FROM organisations GROUP BY sector, grade"
    ).fetchall()
    brands = raw.execute("SELECT status, count(*) FROM brands GROUP BY status").fetchall()
    open_ = "p.status IN (?, ?)"
    overdue, this_week = raw.execute(
        "SELECT count(*) FILTER (WHERE t.due_on < ?), count(*) FILTER (WHERE t.due_on >= ?)"
        f" FROM task_progress p JOIN tasks t ON t.id = p.task_id WHERE {open_} AND t.due_on <= ?",
        (day, day, *p["open"], end),
    ).fetchone()
    due = raw.execute(
        "SELECT o.id, o.name, t.id, t.name, ph.name, t.due_on, p.status FROM task_progress p"
        " JOIN tasks t ON t.id = p.task_id JOIN phases ph ON ph.id = t.phase_id"
        f" JOIN organisations o ON o.id = p.org_id WHERE {open_} AND t.due_on <= ?"
        " ORDER BY t.due_on >= ?, t.due_on, t.id, o.name LIMIT ?",
        (*p["open"], end, day, p["listed"]),
    ).fetchall()
    terms = raw.execute(
        "SELECT id, name, secretary, term_end FROM organisations"
        " WHERE term_end IS NOT NULL AND term_end <= ? ORDER BY term_end, name",
        (p["horizon"],),
    ).fetchall()
    uncovered = raw.execute(
        UP + "SELECT c.id, c.name, c.secretary FROM organisations c"
        " LEFT JOIN organisations p ON p.id = c.parent_id"
        " WHERE c.sector = ? AND (p.sector IS NULL OR p.sector != ?)"
        " AND c.id NOT IN (SELECT org FROM up WHERE status != ?)",
        (p["community"], p["community"], p["withdrawn"]),
    ).fetchall()
    quotas = raw.execute(
        UP + "SELECT o.id, o.name, count(up.brand) FROM organisations o"
        " LEFT JOIN up ON up.org = o.id AND up.year = ?"
        " WHERE o.kind = ? OR o.parent_id IS NULL GROUP BY o.id",
        (dt.date.fromisoformat(day).year, p["committee"]),
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
