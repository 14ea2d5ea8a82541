"""The clerk's holiday plans read with one SQL text, on an SQLite file without SQLAlchemy.

The home page's December note asks whether next year's plan is in the database, so
the window's first count reads the plans too: on an SQLite file with a short
read-only :mod:`sqlite3` connection, like the count itself
(:func:`brandoffice.services.dashboard.home_summary`); a server database through
SQLAlchemy, as :mod:`brandoffice.services.holidays` (which edits the plans) reads them.
"""

from __future__ import annotations

from brandoffice.services.context import AppContext
from brandoffice.services.home_sql import Query, as_date
from brandoffice.services.text_query import engine_query, file_query
from brandoffice.workdays import HolidayData, SpecialDay

HOLIDAY_PLANS = "SELECT day, kind, name, year FROM holidays"
"""Every special day of every plan: date, 休 or 班, holiday name, plan year."""


def holiday_plans(query: Query) -> HolidayData:
    """Return every plan of the database, read with ``query``."""
    days = {}
    years = set()
    for day, kind, name, year in query(HOLIDAY_PLANS, {}):
        special = SpecialDay(as_date(day), kind, name, int(year))
        days[special.day] = special
        years.add(special.year)
    return HolidayData(frozenset(years), days)


def read_plans(ctx: AppContext) -> HolidayData:
    """Return every plan of ``ctx``'s database: an SQLite file is read without SQLAlchemy."""
    path = ctx.db.path
    with file_query(path) if path is not None else engine_query(ctx) as query:
        return holiday_plans(query)
