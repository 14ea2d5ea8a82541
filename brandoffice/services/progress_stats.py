"""Progress statistics of a campaign: by phase, by unit or sector, over time, brands."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from brandoffice.model import Brand, Campaign, Organisation, Phase, Task, TaskProgress, table_of
from brandoffice.model.vocab import OVERDUE, ProgressStatus
from brandoffice.services.areas import load_areas
from brandoffice.services.campaigns import NAMED_CELL, PROGRESS_NAMED, shown_status
from brandoffice.services.context import AppContext

CAMPAIGN = table_of(Campaign)
ORG, PHASE, TASK, PROGRESS, BRAND = (
    table_of(m) for m in (Organisation, Phase, Task, TaskProgress, Brand)
)
SHOWN_ORDER = (
    ProgressStatus.DONE.value,
    ProgressStatus.IN_PROGRESS.value,
    ProgressStatus.NOT_STARTED.value,
    OVERDUE,
)


@dataclass(frozen=True)
class StatusCounts:
    """How many applicable cells are in each shown status (不适用 excluded)."""

    label: str
    done: int
    in_progress: int
    not_started: int
    overdue: int

    @property
    def total(self) -> int:
        """All applicable cells."""
        return self.done + self.in_progress + self.not_started + self.overdue

    @property
    def rate(self) -> float:
        """Share done, 0..1 (0 when nothing applies)."""
        return self.done / self.total if self.total else 0.0

    @classmethod
    def of(cls, label: str, counter: Counter[str]) -> StatusCounts:
        """Return the counts of a tally of shown statuses."""
        return cls(
            label,
            counter[ProgressStatus.DONE.value],
            counter[ProgressStatus.IN_PROGRESS.value],
            counter[ProgressStatus.NOT_STARTED.value],
            counter[OVERDUE],
        )


@dataclass(frozen=True)
class TimePoint:
    """Cumulative share done (None after today) and planned (due by then) on a date."""

    day: dt.date
    actual: float | None
    planned: float


@dataclass(frozen=True)
class LateItem:
    """An unfinished task of a unit, overdue or due soon."""

    org_id: int
    org_name: str
    task_id: int
    task_name: str
    phase_name: str
    due_on: dt.date
    overdue: bool


def ranked(counters: dict[str, Counter[str]]) -> list[StatusCounts]:
    """Return the counts of each tally, best completion rate first, then by label."""
    rows = [StatusCounts.of(label, counter) for label, counter in counters.items()]
    return sorted(rows, key=lambda r: (-r.rate, r.label))


def _cells(
    ctx: AppContext, campaign_id: int, org_ids: list[int] | None = None
) -> list[tuple[int, str, int, str, str, dt.date, str, dt.date | None, str | None]]:
    """Return (org_id, org_name, task_id, task_name, phase_name, due, shown, done_on, sector)."""
    today = ctx.today()
    query = (
        select(*NAMED_CELL, PROGRESS.c.done_on, ORG.c.sector)
        .select_from(PROGRESS_NAMED)
        .where(
            PHASE.c.campaign_id == campaign_id,
            PROGRESS.c.status != ProgressStatus.NOT_APPLICABLE.value,
        )
        .order_by(PHASE.c.position, TASK.c.position, ORG.c.id)
    )
    if org_ids is not None:
        query = query.where(PROGRESS.c.org_id.in_(org_ids))
    with ctx.db.read() as s:
        return [
            (r[0], r[1], r[2], r[3], r[4], r[5], shown_status(r[6], r[5], today), r[7], r[8])
            for r in s.execute(query)
        ]


def by_phase(ctx: AppContext, campaign_id: int) -> list[StatusCounts]:
    """Return the status counts of each phase, in phase order."""
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    for cell in _cells(ctx, campaign_id):
        counters[cell[4]][cell[6]] += 1
    return [StatusCounts.of(name, counter) for name, counter in counters.items()]


def by_unit(
    ctx: AppContext, campaign_id: int, org_ids: list[int] | None = None
) -> list[StatusCounts]:
    """Return the status counts of each unit, best completion rate first."""
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    for cell in _cells(ctx, campaign_id, org_ids):
        counters[cell[1]][cell[6]] += 1
    return ranked(counters)


def by_sector(ctx: AppContext, campaign_id: int) -> list[StatusCounts]:
    """Return the status counts of each sector, best completion rate first."""
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    for cell in _cells(ctx, campaign_id):
        counters[cell[8] or "其他"][cell[6]] += 1
    return ranked(counters)


def by_area(ctx: AppContext, campaign_id: int) -> list[StatusCounts]:
    """Return the status counts of each 党(工)委 of a district's campaign, best rate first.

    Empty for a campaign over one street or town (see :mod:`brandoffice.services.areas`).
    """
    with ctx.db.read() as s:
        scope = s.scalar(select(CAMPAIGN.c.scope_org_id).where(CAMPAIGN.c.id == campaign_id))
        area = load_areas(s, scope)
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    for cell in _cells(ctx, campaign_id):
        if cell[0] in area:
            counters[area[cell[0]][1]][cell[6]] += 1
    return ranked(counters)


def over_time(ctx: AppContext, campaign_id: int) -> list[TimePoint]:
    """Return cumulative done and planned shares on every date where either changes."""
    cells = _cells(ctx, campaign_id)
    done_on = Counter(c[7] for c in cells if c[6] == ProgressStatus.DONE.value and c[7])
    return timeline(Counter(c[5] for c in cells), done_on, ctx.today())


def timeline(
    due_on: Counter[dt.date], done_on: Counter[dt.date], today: dt.date
) -> list[TimePoint]:
    """Return the cumulative shares of cells by due date and by done date (none when empty)."""
    total = sum(due_on.values())
    if not total:
        return []
    points: list[TimePoint] = []
    done = due = 0
    for day in sorted(set(done_on) | set(due_on) | {today}):
        done += done_on.get(day, 0)
        due += due_on.get(day, 0)
        points.append(TimePoint(day, done / total if day <= today else None, due / total))
    return points


def late(ctx: AppContext, campaign_id: int | None = None, within_days: int = 7) -> list[LateItem]:
    """Return overdue items and items due within ``within_days``, most urgent first."""
    today = ctx.today()
    horizon = today + dt.timedelta(days=within_days)
    open_states = (ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value)
    query = (
        select(PROGRESS.c.org_id, ORG.c.name, TASK.c.id, TASK.c.name, PHASE.c.name, TASK.c.due_on)
        .join(TASK, TASK.c.id == PROGRESS.c.task_id)
        .join(PHASE, PHASE.c.id == TASK.c.phase_id)
        .join(ORG, ORG.c.id == PROGRESS.c.org_id)
        .where(PROGRESS.c.status.in_(open_states), TASK.c.due_on <= horizon)
        .order_by(TASK.c.due_on, ORG.c.id)
    )
    if campaign_id is not None:
        query = query.where(PHASE.c.campaign_id == campaign_id)
    with ctx.db.read() as s:
        return [
            LateItem(r[0], r[1], r[2], r[3], r[4], r[5], r[5] < today) for r in s.execute(query)
        ]


def brands_by_status_and_level(ctx: AppContext) -> dict[str, dict[str, int]]:
    """Return ``{status: {level or 未命名: count}}`` over the whole register."""
    with ctx.db.read() as s:
        rows = s.execute(
            select(BRAND.c.status, BRAND.c.level, func.count()).group_by(
                BRAND.c.status, BRAND.c.level
            )
        )
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for status, level, n in rows:
            out[str(status)][str(level or "未命名")] = int(n)
    return dict(out)
