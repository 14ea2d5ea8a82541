"""Qt-free data of the phase calendar: one campaign loaded once, filtered and summarised."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, select

from brandoffice.model import Organisation, TaskProgress, table_of
from brandoffice.model.vocab import OVERDUE, ProgressStatus
from brandoffice.services import progress_stats
from brandoffice.services.campaign_evidence import evidence_counts
from brandoffice.services.campaigns import PROGRESS_STORED, CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.lazy_rows import LazyRows
from brandoffice.services.plain_read import field_names, plain_index, plain_tuples, row_maker
from brandoffice.services.rows import CampaignRow, PhaseRow, ProgressRow, TaskRow, build
from brandoffice.workdays import (
    DayInfo,
    WorkdayCount,
    day_info,
    due_date_note,
    working_days_between,
)

ORG, PROGRESS = table_of(Organisation), table_of(TaskProgress)
_ORG_OF_CELL = itemgetter(1)

DONE, IN_PROGRESS = ProgressStatus.DONE.value, ProgressStatus.IN_PROGRESS.value
NOT_STARTED, NOT_APPLICABLE = ProgressStatus.NOT_STARTED.value, ProgressStatus.NOT_APPLICABLE.value
SHOWN_STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, OVERDUE, NOT_APPLICABLE)
"""Every status a progress cell can show, in the order of the legend."""

ESTIMATE_NOTE = "该年度节假日安排未公布，按周末估算"
"""Said wherever a working-day count covers a year chinese-calendar does not know."""


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A unit as the calendar needs it."""

    id: int
    name: str
    parent_id: int | None
    sector: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class UnitFilter:
    """Which units the views reflect: a subtree (None for all) and a sector (None for all)."""

    root_id: int | None = None
    sector: str | None = None


@dataclass(frozen=True)
class CalendarData:
    """Everything the calendar views show of one campaign, read in one go.

    Attributes:
        campaign: The campaign.
        phases: Its phases in order.
        tasks: Its tasks by phase, then position.
        units: Units with a progress row in the campaign, by sort order.
        progress: ``{(task_id, org_id): row}``, each row built when first read.
        evidence: ``{(task_id, org_id): number of evidence files}``.
        parents: ``{org_id: parent_id}`` of every unit, for subtree filters.
        names: ``{org_id: name}`` of every unit.
        today: The day the shown statuses (逾期) were worked out for.
    """

    campaign: CampaignRow
    phases: tuple[PhaseRow, ...]
    tasks: tuple[TaskRow, ...]
    units: tuple[UnitInfo, ...]
    progress: LazyRows[tuple[int, int], ProgressRow]
    evidence: dict[tuple[int, int], int]
    parents: dict[int, int | None]
    names: dict[int, str]
    today: dt.date
    phase_of: dict[int, PhaseRow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_id = {p.id: p for p in self.phases}
        self.phase_of.update({t.id: by_id[t.phase_id] for t in self.tasks})

    def span(self) -> tuple[dt.date, dt.date]:
        """Return the first and last day of the campaign (phases and due dates included)."""
        days = [p.start_on for p in self.phases] + [p.end_on for p in self.phases]
        days += [t.due_on for t in self.tasks]
        days += [d for d in (self.campaign.start_on, self.campaign.end_on) if d is not None]
        if not days:
            year = self.campaign.year
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        return min(days), max(days)


@dataclass(frozen=True, slots=True)
class TaskSummary:
    """Shown statuses of one task over a set of units."""

    task: TaskRow
    phase: PhaseRow
    counts: dict[str, int]

    @property
    def applicable(self) -> int:
        """Cells that count: everything but 不适用."""
        return sum(n for s, n in self.counts.items() if s != NOT_APPLICABLE)

    @property
    def done(self) -> int:
        """Cells done."""
        return self.counts.get(DONE, 0)

    @property
    def state(self) -> str:
        """One status for the whole task: 逾期 if any unit is late, 已完成 when all are done."""
        if not self.applicable:
            return NOT_APPLICABLE
        if self.counts.get(OVERDUE, 0):
            return OVERDUE
        if self.done == self.applicable:
            return DONE
        if self.done or self.counts.get(IN_PROGRESS, 0):
            return IN_PROGRESS
        return NOT_STARTED

    def text(self) -> str:
        """Return ``完成 12/40，逾期 3`` for labels and tooltips."""
        if not self.applicable:
            return "所选单位均不适用"
        late = self.counts.get(OVERDUE, 0)
        extra = f"，逾期 {late}" if late else ""
        return f"完成 {self.done}/{self.applicable}{extra}"


@dataclass(frozen=True, slots=True)
class DueInfo:
    """A due date seen from today: a day-off flag and the working days left."""

    day: dt.date
    note: str | None
    off_day: bool
    left: WorkdayCount | None
    text: str


@dataclass(frozen=True, slots=True)
class DayCell:
    """One day of a month grid."""

    day: dt.date
    in_month: bool
    info: DayInfo
    phases: tuple[int, ...]
    tasks: tuple[TaskRow, ...]


def load_calendar(ctx: AppContext, campaign_id: int) -> CalendarData:
    """Read one campaign with its phases, tasks, units, progress and evidence counts."""
    service = CampaignService(ctx)
    campaign = service.campaign(campaign_id)
    phases = tuple(service.phases(campaign_id))
    tasks = tuple(service.tasks(campaign_id))
    progress = _progress(ctx, tasks)
    orgs = _plain_or_session(ctx, "calendar units", lambda _: UNITS_QUERY, None)
    taking_part = set(map(_ORG_OF_CELL, progress))
    make = row_maker(UnitInfo)
    units = tuple(make(*r) for r in orgs if r[0] in taking_part)
    return CalendarData(
        campaign,
        phases,
        tasks,
        units,
        progress,
        evidence_counts(ctx, campaign_id),
        {r[0]: r[2] for r in orgs},
        {r[0]: r[1] for r in orgs},
        ctx.today(),
    )


UNITS_QUERY = select(ORG.c.id, ORG.c.name, ORG.c.parent_id, ORG.c.sector, ORG.c.kind).order_by(
    ORG.c.sort_order, ORG.c.id
)


def _plain_or_session(
    ctx: AppContext, shape: str, query: Callable[[Any], Select[Any]], values: list[int] | None
) -> Sequence[Sequence[Any]]:
    """Run ``query(values)``: on SQLite plainly (:mod:`plain_read`), else in a read session."""
    rows = plain_tuples(
        ctx, shape, lambda: query(bindparam("values", expanding=True)), {"values": values}
    )
    if rows is not None:
        return rows
    with ctx.db.read() as s:
        return s.execute(query(values)).all()


def _progress(
    ctx: AppContext, tasks: tuple[TaskRow, ...]
) -> LazyRows[tuple[int, int], ProgressRow]:
    """Read the progress of the tasks with only the columns the views use.

    逾期 is worked out in the select (the late tasks are those due before today);
    on SQLite the rows are read plainly and indexed by :func:`plain_index`, about five
    times faster than through ``CampaignService.progress``.
    """
    today = ctx.today()
    task_ids = [t.id for t in tasks]
    late = [t.id for t in tasks if today > t.due_on]

    def query(task_ids: Any, late: Any) -> Select[Any]:
        shown = case(
            (
                and_(
                    PROGRESS.c.status.in_((NOT_STARTED, IN_PROGRESS)),
                    PROGRESS.c.task_id.in_(late),
                ),
                OVERDUE,
            ),
            else_=PROGRESS.c.status,
        )
        return select(*PROGRESS_STORED, shown, PROGRESS.c.record_evidence).where(
            PROGRESS.c.task_id.in_(task_ids)
        )

    cells = plain_index(
        ctx,
        ProgressRow,
        "calendar progress",
        lambda: query(bindparam("tasks", expanding=True), bindparam("late", expanding=True)),
        {"tasks": task_ids, "late": late},
        key=(1, 2),
    )
    if cells is not None:
        return cells
    with ctx.db.read() as s:
        rows = [build(ProgressRow, r) for r in s.execute(query(task_ids, late))]
    by_cell = {(r.task_id, r.org_id): r for r in rows}
    return LazyRows(by_cell, ProgressRow, field_names(ProgressRow))


def subtree(parents: dict[int, int | None], root_id: int) -> set[int]:
    """Return ``root_id`` and every unit below it, from a child → parent map."""
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, todo = {root_id}, [root_id]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def filtered_units(data: CalendarData, unit_filter: UnitFilter) -> list[UnitInfo]:
    """Return the units of the campaign inside the filter's subtree and sector."""
    inside = subtree(data.parents, unit_filter.root_id) if unit_filter.root_id else None
    return [
        u
        for u in data.units
        if (inside is None or u.id in inside)
        and (unit_filter.sector is None or u.sector == unit_filter.sector)
    ]


def task_summaries(data: CalendarData, org_ids: Iterable[int]) -> dict[int, TaskSummary]:
    """Return each task's shown-status counts over the given units."""
    wanted = set(org_ids)
    counters: dict[int, Counter[str]] = {t.id: Counter() for t in data.tasks}
    shown = data.progress.value
    for key in data.progress:
        if key[1] in wanted:
            counters[key[0]][shown(key, "shown_status")] += 1
    return {t.id: TaskSummary(t, data.phase_of[t.id], dict(counters[t.id])) for t in data.tasks}


def applying_tasks(data: CalendarData, org_ids: Iterable[int]) -> list[TaskRow]:
    """Return the tasks that apply to at least one of the units, in phase order."""
    summaries = task_summaries(data, org_ids)
    return [t for t in data.tasks if summaries[t.id].applicable]


def due_info(due_on: dt.date, today: dt.date) -> DueInfo:
    """Describe a due date: day-off warning and working days left from today (both counted).

    Args:
        due_on: The due date.
        today: The day counted from.

    Returns:
        ``left`` is None once the date has passed; ``text`` reads 还剩 N 个工作日,
        今天到期 or 已逾期 N 天, with the estimate note for unknown years.
    """
    note = due_date_note(due_on)
    off_day = not day_info(due_on).workday
    if due_on < today:
        return DueInfo(due_on, note, off_day, None, f"已逾期 {(today - due_on).days} 天")
    left = working_days_between(today, due_on)
    text = "今天到期" if due_on == today else f"还剩 {left.days} 个工作日"
    if not left.exact:
        text += f"（{ESTIMATE_NOTE}）"
    return DueInfo(due_on, note, off_day, left, text)


def task_due_text(due_on: dt.date, today: dt.date, summary: TaskSummary | None) -> str:
    """Return what a task's deadline says: 已逾期 only while some unit has not finished.

    A passed deadline that every unit met reads 已截止（全部完成）, not "已逾期 251 天".
    """
    facts = due_info(due_on, today)
    if facts.left is None and summary is not None and summary.state in (DONE, NOT_APPLICABLE):
        return "已截止（全部完成）" if summary.state == DONE else "已截止"
    return facts.text


def month_days(year: int, month: int) -> list[dt.date]:
    """Return the 42 days (six weeks from a Monday) shown for a month."""
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    return [start + dt.timedelta(days=i) for i in range(42)]


def month_cells(
    data: CalendarData, year: int, month: int, task_ids: set[int] | None = None
) -> list[DayCell]:
    """Return the day cells of a month: day kind, covering phases (indices) and tasks due.

    Args:
        data: The loaded campaign.
        year: Year shown.
        month: Month shown.
        task_ids: Tasks to place (None for all), e.g. those applying to the filtered units.
    """
    due: dict[dt.date, list[TaskRow]] = {}
    for task in data.tasks:
        if task_ids is None or task.id in task_ids:
            due.setdefault(task.due_on, []).append(task)
    cells = []
    for day in month_days(year, month):
        covering = tuple(i for i, p in enumerate(data.phases) if p.start_on <= day <= p.end_on)
        cells.append(
            DayCell(day, day.month == month, day_info(day), covering, tuple(due.get(day, ())))
        )
    return cells


def phase_months(phase: PhaseRow) -> str:
    """Return the months a phase runs, such as ``3月—5月`` or ``12月—次年1月``."""
    start, end = phase.start_on, phase.end_on
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.month}月"
    later = "次年" if end.year > start.year else ""
    return f"{start.month}月—{later}{end.month}月"


def late_items(
    ctx: AppContext, campaign_id: int | None, org_ids: Iterable[int] | None = None
) -> list[progress_stats.LateItem]:
    """Return overdue and due-within-seven-days items, limited to some units if given."""
    items = progress_stats.late(ctx, campaign_id)
    if org_ids is None:
        return items
    wanted = set(org_ids)
    return [i for i in items if i.org_id in wanted]


@dataclass(frozen=True, slots=True)
class LateTask:
    """Late items of one task put together, for the start-up notice."""

    task_id: int
    task_name: str
    phase_name: str
    due_on: dt.date
    overdue: bool
    units: tuple[str, ...]


def group_late(items: Iterable[progress_stats.LateItem]) -> list[LateTask]:
    """Group late items by task, keeping the most urgent first."""
    grouped: dict[int, list[progress_stats.LateItem]] = {}
    for item in items:
        grouped.setdefault(item.task_id, []).append(item)
    out = [
        LateTask(
            task_id,
            group[0].task_name,
            group[0].phase_name,
            group[0].due_on,
            group[0].overdue,
            tuple(i.org_name for i in group),
        )
        for task_id, group in grouped.items()
    ]
    return sorted(out, key=lambda t: (not t.overdue, t.due_on, t.task_name))
