"""The numbers of the home page (工作台) as one frozen summary that reports can reuse."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from brandoffice.model.vocab import OVERDUE, BrandStatus, Grade, Sector
from brandoffice.paths import backup_dir
from brandoffice.services import home_sql
from brandoffice.services.context import AppContext
from brandoffice.services.coverage import Coverage, count_coverage
from brandoffice.services.home_sql import CONSTANTS, Query, as_date
from brandoffice.services.text_query import engine_query, file_query

NO_SECTOR = "未填领域"
NO_GRADE = "未评定"
TERM_HORIZON_MONTHS = 6
SERVER_BACKUP_HINT = "服务器数据库请用 pg_dump 备份"
DUE_LISTED = 200
"""The home page lists this many due items (the earliest); its counts cover them all."""


@dataclass(frozen=True, slots=True)
class DueItem:
    """One unit's unfinished task that is overdue or due this week."""

    org_id: int
    org_name: str
    task_id: int
    task_name: str
    phase_name: str
    due_on: dt.date
    status: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class TermItem:
    """A unit whose term (任期) ends soon or has ended: time for 换届."""

    org_id: int
    org_name: str
    secretary: str | None
    term_end: dt.date
    days_left: int

    @property
    def expired(self) -> bool:
        """True when the term has already ended."""
        return self.days_left < 0


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What the clerk sees at a glance.

    Attributes:
        today: The day the summary was taken (by the context's clock).
        week_end: The Sunday ending this week; tasks due up to it count as due this week.
        sectors: Row labels of the unit grid (sectors in use, then ``未填领域``).
        grades: Column labels of the unit grid (先进, 中间, 后进, 未评定).
        units: Unit counts, ``units[sector][grade]``.
        brand_counts: ``(status, count)`` for every brand status, in life-cycle order.
        due: Overdue items first, then items due this week, each by due date; at
            most :data:`DUE_LISTED` of them.
        overdue_count: How many unit tasks are overdue (listed or not).
        due_this_week_count: How many unit tasks fall due from today to Sunday.
        terms: Terms ending within six months (ended ones included), soonest first.
        coverage: Communities without a brand and the yearly brand quota of committees.
        last_backup: When the newest backup file was written, or None.
        backup_hint: Why there are no backup files to look at (server databases).
    """

    today: dt.date
    week_end: dt.date
    sectors: tuple[str, ...]
    grades: tuple[str, ...]
    units: tuple[tuple[int, ...], ...]
    brand_counts: tuple[tuple[str, int], ...]
    due: tuple[DueItem, ...]
    overdue_count: int
    due_this_week_count: int
    terms: tuple[TermItem, ...]
    coverage: Coverage
    last_backup: dt.datetime | None
    backup_hint: str | None

    @property
    def unit_total(self) -> int:
        """How many units there are."""
        return sum(sum(row) for row in self.units)

    def sector_total(self, row: int) -> int:
        """Return the number of units of one sector (a row of the grid)."""
        return sum(self.units[row])

    def grade_total(self, column: int) -> int:
        """Return the number of units of one grade (a column of the grid)."""
        return sum(row[column] for row in self.units)

    @property
    def brand_total(self) -> int:
        """How many brands there are in any status."""
        return sum(n for _, n in self.brand_counts)

    @property
    def due_unlisted(self) -> int:
        """How many due items are counted but not in :attr:`due`."""
        return self.overdue_count + self.due_this_week_count - len(self.due)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def last_backup_time(db_path: Path | None) -> dt.datetime | None:
    """Return when the newest backup of an SQLite database was written, or None."""
    if db_path is None:
        return None
    folder = backup_dir(db_path)
    times = [p.stat().st_mtime for p in folder.glob("*.sqlite3") if p.is_file()]
    return dt.datetime.fromtimestamp(max(times)) if times else None


def summary(ctx: AppContext) -> Dashboard:
    """Collect the home page's numbers through SQLAlchemy, on any database and any thread.

    One read transaction; the counts are the SQL texts of :mod:`brandoffice.services.home_sql`.

    Args:
        ctx: The service context; ``ctx.clock`` decides what is overdue and due.

    Returns:
        The frozen summary.
    """
    with engine_query(ctx) as query:
        return count_summary(ctx, query)


def home_summary(ctx: AppContext) -> Dashboard:
    """Collect the home page's numbers, on an SQLite file without SQLAlchemy.

    The file is read with a short read-only :mod:`sqlite3` connection running the same
    SQL texts as :func:`summary`, so the window's first count does not wait for
    SQLAlchemy and the ORM model to load. A server database is counted by :func:`summary`.

    Args:
        ctx: The service context; ``ctx.clock`` decides what is overdue and due.

    Returns:
        The frozen summary, equal to :func:`summary`'s.
    """
    path = ctx.db.path
    if path is None:
        return summary(ctx)
    with file_query(path) as query:
        return count_summary(ctx, query)


def count_summary(ctx: AppContext, query: Query) -> Dashboard:
    """Collect the home page's numbers with ``query`` (see :mod:`brandoffice.services.text_query`).

    Args:
        ctx: The service context: its clock, and its database's file for the last backup.
        query: Runs the SQL texts of :mod:`brandoffice.services.home_sql`.

    Returns:
        The frozen summary.
    """
    today = ctx.today()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    params = {
        **CONSTANTS,
        "today": today,
        "week_end": week_end,
        "horizon": add_months(today, TERM_HORIZON_MONTHS),
        "listed": DUE_LISTED,
    }
    cells = query(home_sql.UNIT_CELLS, params)
    sector_order = [s.value for s in Sector]
    used = {sector for sector, _, _ in cells}
    sectors = [s for s in sector_order if s in used]
    sectors += sorted(s for s in used if s is not None and s not in sector_order)
    if None in used:
        sectors.append(NO_SECTOR)
    grades = [g.value for g in Grade] + [NO_GRADE]
    grid = [[0] * len(grades) for _ in sectors]
    for sector, grade, n in cells:
        row = sectors.index(sector or NO_SECTOR)
        column = grades.index(grade) if grade in grades else len(grades) - 1
        grid[row][column] += int(n)

    counts = {str(k): int(v) for k, v in query(home_sql.BRAND_COUNTS, params)}
    known = [s.value for s in BrandStatus]
    brand_counts = [(s, counts.get(s, 0)) for s in known]
    brand_counts += sorted((k, v) for k, v in counts.items() if k not in known)

    ((overdue, this_week),) = query(home_sql.DUE_COUNTS, params)
    return Dashboard(
        today=today,
        week_end=week_end,
        sectors=tuple(sectors),
        grades=tuple(grades),
        units=tuple(tuple(row) for row in grid),
        brand_counts=tuple(brand_counts),
        due=tuple(_due_items(query, params, today)),
        overdue_count=int(overdue or 0),
        due_this_week_count=int(this_week or 0),
        terms=tuple(_terms(query, params, today)),
        coverage=count_coverage(query, today.year),
        last_backup=last_backup_time(ctx.db.path),
        backup_hint=None if ctx.db.is_sqlite else SERVER_BACKUP_HINT,
    )


def _due_items(query: Query, params: dict[str, object], today: dt.date) -> list[DueItem]:
    """The first :data:`DUE_LISTED` due items: overdue first, then by due date."""
    items = []
    for org_id, org_name, task_id, task_name, phase_name, due, status in query(
        home_sql.DUE_ITEMS, params
    ):
        due_on = as_date(due)
        items.append(
            DueItem(
                org_id=org_id,
                org_name=org_name,
                task_id=task_id,
                task_name=task_name,
                phase_name=phase_name,
                due_on=due_on,
                status=OVERDUE if due_on < today else status,
                overdue=due_on < today,
            )
        )
    return items


def _terms(query: Query, params: dict[str, object], today: dt.date) -> list[TermItem]:
    """Units whose term ends within :data:`TERM_HORIZON_MONTHS` (or has ended), soonest first."""
    items = []
    for org_id, name, secretary, end in query(home_sql.TERMS, params):
        term_end = as_date(end)
        items.append(
            TermItem(
                org_id=org_id,
                org_name=name,
                secretary=secretary,
                term_end=term_end,
                days_left=(term_end - today).days,
            )
        )
    items.sort(key=lambda t: (t.term_end, t.org_name))
    return items
