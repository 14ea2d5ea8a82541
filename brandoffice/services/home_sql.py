"""The home page's figures (and the coverage that reports use) as SQL text, written once.

Each text takes named ``:name`` parameters and runs as it is on a plain :mod:`sqlite3`
connection (which takes ``:name`` natively) and through SQLAlchemy's ``text()`` on any
engine, SQLite or PostgreSQL (:mod:`brandoffice.services.text_query` runs them either
way). This module imports only the standard library and the vocabularies, so that the
window's first count on an SQLite file needs neither SQLAlchemy nor the ORM model.

Kept portable: ``count(*) FILTER (WHERE ...)`` (SQLite 3.30 and later) and a recursive
query with ``UNION`` (not ``UNION ALL``), which stops when a loop in the tree brings back
a row it already has. Dates are bound as :class:`datetime.date` and come back as ISO
text on SQLite (see :func:`as_date`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from brandoffice.model.vocab import BrandStatus, OrgKind, OrgLevel, ProgressStatus, Sector

Query = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]
"""Runs one of these texts with its parameters and returns all its rows."""

CONSTANTS: Mapping[str, Any] = {
    "not_started": ProgressStatus.NOT_STARTED.value,
    "in_progress": ProgressStatus.IN_PROGRESS.value,
    "community": Sector.COMMUNITY.value,
    "withdrawn": BrandStatus.WITHDRAWN.value,
    "working_committee": OrgKind.WORKING_COMMITTEE.value,
    "committee": OrgKind.COMMITTEE.value,
    "street": OrgLevel.STREET.value,
}
"""The vocabulary the texts compare with, bound as parameters like the days."""

UNIT_CELLS = "SELECT sector, grade, count(*) FROM organisations GROUP BY sector, grade"
"""Units per (sector, grade); either may be NULL."""

BRAND_COUNTS = "SELECT status, count(*) FROM brands GROUP BY status"
"""Brands per status."""

_OPEN_DUE = """
FROM task_progress p
JOIN tasks t ON t.id = p.task_id
WHERE p.status IN (:not_started, :in_progress) AND t.due_on <= :week_end"""

DUE_COUNTS = (
    "SELECT count(*) FILTER (WHERE t.due_on < :today),"
    " count(*) FILTER (WHERE t.due_on >= :today)" + _OPEN_DUE
)
"""Unfinished unit tasks: how many are overdue and how many fall due from today to ``week_end``."""

DUE_ITEMS = """
SELECT p.org_id, o.name, t.id, t.name, ph.name, t.due_on, p.status
FROM task_progress p
JOIN tasks t ON t.id = p.task_id
JOIN phases ph ON ph.id = t.phase_id
JOIN organisations o ON o.id = p.org_id
WHERE p.status IN (:not_started, :in_progress) AND t.due_on <= :week_end
ORDER BY CASE WHEN t.due_on < :today THEN 0 ELSE 1 END, t.due_on, t.id, o.name
LIMIT :listed"""
"""The first ``listed`` unfinished unit tasks due by ``week_end``: overdue first, then by due date.

Columns: unit id and name, task id and name, phase name, due date, stored status.
"""

TERMS = """
SELECT id, name, secretary, term_end FROM organisations
WHERE term_end IS NOT NULL AND term_end <= :horizon"""
"""Units whose term ends by ``horizon`` (ended ones included), in no order."""

_BRANDS_UP = """
WITH RECURSIVE up(brand, org, status, year) AS (
    SELECT id, org_id, status, year FROM brands
    UNION
    SELECT up.brand, o.parent_id, up.status, up.year
    FROM up JOIN organisations o ON o.id = up.org
    WHERE o.parent_id IS NOT NULL
)"""
# Every (brand, unit at or above the brand's unit) pair with the brand's status and year:
# each brand climbs the tree once; UNION drops the rows a loop would bring back.

COMMUNITIES = (
    _BRANDS_UP
    + """
SELECT c.id, c.name, c.secretary, c.id IN (SELECT org FROM up WHERE status <> :withdrawn)
FROM organisations c
LEFT JOIN organisations parent ON parent.id = c.parent_id
WHERE c.sector = :community AND (parent.sector IS NULL OR parent.sector <> :community)
ORDER BY c.id"""
)
"""Communities and whether a live brand covers each: a 社区 unit whose parent is not itself
inside a community (grid branches are not), covered by a brand not withdrawn (摘牌) of its
own or of a unit below it.

Columns: unit id, name, secretary, covered (true, or false or NULL when not).
"""

QUOTAS = (
    _BRANDS_UP
    + """
SELECT o.id, o.name, count(up.brand)
FROM organisations o
LEFT JOIN up ON up.org = o.id AND up.year = :year
WHERE o.parent_id IS NULL
    OR o.kind = :working_committee
    OR (o.kind = :committee AND o.level = :street)
GROUP BY o.id, o.name
ORDER BY o.id"""
)
"""Units that owe a new brand a year (a 党(工)委 of a street or town, or the root of the
tree) and how many brands were registered in ``year`` anywhere in their subtree."""

_DATE = re.compile(r"(\d+)-(\d+)-(\d+)")


def as_date(value: dt.date | str) -> dt.date:
    """Return a date column's value as a date: PostgreSQL gives one, SQLite ISO text.

    Reads the text as SQLAlchemy's SQLite dialect does (``year-month-day`` at the start).

    Raises:
        ValueError: The text is not a date.
    """
    if isinstance(value, dt.date):
        return value
    found = _DATE.match(value)
    if found is None:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = map(int, found.groups())
    return dt.date(year, month, day)


def sqlite_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Return the parameters with dates as ISO text, the form SQLite stores them in."""
    return {k: v.isoformat() if type(v) is dt.date else v for k, v in params.items()}
