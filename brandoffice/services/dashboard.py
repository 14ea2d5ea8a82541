"""The numbers of the home page (工作台) as one frozen summary that reports can reuse."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import case, func, select

from brandoffice.model.vocab import OVERDUE, BrandStatus, Grade, ProgressStatus, Sector
from brandoffice.paths import backup_dir
from brandoffice.services.brands import BrandService
from brandoffice.services.campaigns import NAMED_CELL, ORG, PROGRESS, PROGRESS_NAMED, TASK
from brandoffice.services.context import AppContext
from brandoffice.services.coverage import Coverage, coverage

NO_SECTOR = "未填领域"
NO_GRADE = "未评定"
TERM_HORIZON_MONTHS = 6
SERVER_BACKUP_HINT = "服务器数据库请用 pg_dump 备份"
_OPEN = (ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value)
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
    """Collect the home page's numbers (one read per service, on any thread).

    Args:
        ctx: The service context; ``ctx.clock`` decides what is overdue and due.

    Returns:
        The frozen summary.
    """
    today = ctx.today()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    with ctx.db.read_engine.connect() as conn:
        cells = conn.execute(
            select(ORG.c.sector, ORG.c.grade, func.count()).group_by(ORG.c.sector, ORG.c.grade)
        ).all()

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
        grid[row][column] += n

    counts = BrandService(ctx).counts_by_status()
    known = [s.value for s in BrandStatus]
    brand_counts = [(s, counts.get(s, 0)) for s in known]
    brand_counts += sorted((k, v) for k, v in counts.items() if k not in known)

    overdue, this_week = _due_counts(ctx, today, week_end)
    return Dashboard(
        today=today,
        week_end=week_end,
        sectors=tuple(sectors),
        grades=tuple(grades),
        units=tuple(tuple(row) for row in grid),
        brand_counts=tuple(brand_counts),
        due=tuple(_due_items(ctx, today, week_end)),
        overdue_count=overdue,
        due_this_week_count=this_week,
        terms=tuple(_terms(ctx, today)),
        coverage=coverage(ctx, today.year),
        last_backup=last_backup_time(ctx.db.path),
        backup_hint=None if ctx.db.is_sqlite else SERVER_BACKUP_HINT,
    )


def _due_counts(ctx: AppContext, today: dt.date, week_end: dt.date) -> tuple[int, int]:
    """Count unfinished unit tasks: overdue, and due from today to Sunday."""
    query = (
        select(
            func.count().filter(TASK.c.due_on < today),
            func.count().filter(TASK.c.due_on >= today),
        )
        .select_from(PROGRESS.join(TASK, TASK.c.id == PROGRESS.c.task_id))
        .where(PROGRESS.c.status.in_(_OPEN), TASK.c.due_on <= week_end)
    )
    with ctx.db.read_engine.connect() as conn:
        overdue, this_week = conn.execute(query).one()
    return int(overdue or 0), int(this_week or 0)


def _due_items(ctx: AppContext, today: dt.date, week_end: dt.date) -> list[DueItem]:
    """The first :data:`DUE_LISTED` due items: overdue first, then by due date."""
    late = TASK.c.due_on < today
    query = (
        select(*NAMED_CELL)
        .select_from(PROGRESS_NAMED)
        .where(PROGRESS.c.status.in_(_OPEN), TASK.c.due_on <= week_end)
        .order_by(case((late, 0), else_=1), TASK.c.due_on, TASK.c.id, ORG.c.name)
        .limit(DUE_LISTED)
    )
    with ctx.db.read_engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
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
        for org_id, org_name, task_id, task_name, phase_name, due_on, status in rows
    ]


def _terms(ctx: AppContext, today: dt.date) -> list[TermItem]:
    """Units whose term ends within :data:`TERM_HORIZON_MONTHS` (or has ended), soonest first."""
    horizon = add_months(today, TERM_HORIZON_MONTHS)
    query = select(ORG.c.id, ORG.c.name, ORG.c.secretary, ORG.c.term_end).where(
        ORG.c.term_end.is_not(None), ORG.c.term_end <= horizon
    )
    with ctx.db.read_engine.connect() as conn:
        rows = conn.execute(query).all()
    items = [
        TermItem(
            org_id=org_id,
            org_name=name,
            secretary=secretary,
            term_end=term_end,
            days_left=(term_end - today).days,
        )
        for org_id, name, secretary, term_end in rows
    ]
    items.sort(key=lambda t: (t.term_end, t.org_name))
    return items
