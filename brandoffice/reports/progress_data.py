"""The numbers of a progress report, counted in SQL once (as progress_stats counts them)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from brandoffice.model import Organisation, Phase, Task, TaskProgress, table_of
from brandoffice.model.vocab import OVERDUE, ProgressStatus
from brandoffice.services import progress_stats as stats
from brandoffice.services.areas import load_areas
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.progress_stats import LateItem, StatusCounts, TimePoint
from brandoffice.services.rows import CampaignRow

ORG, PHASE, TASK, PROGRESS = (table_of(m) for m in (Organisation, Phase, Task, TaskProgress))
NO_SECTOR = "其他"
_OPEN = (ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class UnitLine:
    """One unit's counts with its sector, for the per-unit table."""

    org_id: int
    sector: str
    counts: StatusCounts


@dataclass(frozen=True)
class ProgressData:
    """Everything the progress report prints about one campaign.

    The lists agree with :mod:`brandoffice.services.progress_stats` (``by_phase``,
    ``by_sector``, ``by_unit``, ``over_time``, ``late``) but come from three grouped
    queries instead of four passes over every unit's task: a district has 100,000.

    Attributes:
        campaign: The campaign.
        today: The day the numbers were taken.
        task_count: Tasks of the campaign.
        phases: Counts per phase, in phase order.
        sectors: Counts per sector, best completion rate first.
        units: Counts per unit, best completion rate first.
        timeline: Cumulative done and planned shares.
        overdue: Overdue unfinished tasks, oldest due date first.
        brands: ``{status: {level: count}}`` of the whole register.
        areas: Counts per 党(工)委 of a district's campaign, best completion rate first;
            empty for a street's or town's campaign.
    """

    campaign: CampaignRow
    today: dt.date
    task_count: int
    phases: list[StatusCounts]
    sectors: list[StatusCounts]
    units: list[UnitLine]
    timeline: list[TimePoint]
    overdue: list[LateItem]
    brands: dict[str, dict[str, int]]
    areas: list[StatusCounts] = field(default_factory=list)

    @property
    def total(self) -> StatusCounts:
        """The campaign's counts over all units."""
        return StatusCounts(
            "合计",
            sum(p.done for p in self.phases),
            sum(p.in_progress for p in self.phases),
            sum(p.not_started for p in self.phases),
            sum(p.overdue for p in self.phases),
        )

    @property
    def overdue_units(self) -> int:
        """How many units have at least one overdue task."""
        return len({item.org_id for item in self.overdue})

    def planned_share(self, day: dt.date) -> float:
        """Share of all units' tasks due on or before ``day``."""
        shares = [p.planned for p in self.timeline if p.day <= day]
        return shares[-1] if shares else 0.0


def load_progress(ctx: AppContext, campaign_id: int) -> ProgressData:
    """Count a campaign's progress by phase, sector and unit, over time and overdue.

    Args:
        ctx: Services' context.
        campaign_id: The campaign.

    Returns:
        The numbers, as of ``ctx.today()``.
    """
    campaigns = CampaignService(ctx)
    campaign = campaigns.campaign(campaign_id)
    today = ctx.today()
    applicable = (PHASE.c.campaign_id == campaign_id) & (
        PROGRESS.c.status != ProgressStatus.NOT_APPLICABLE.value
    )
    joined = PROGRESS.join(TASK, TASK.c.id == PROGRESS.c.task_id).join(
        PHASE, PHASE.c.id == TASK.c.phase_id
    )
    past = (TASK.c.due_on < today).label("past")
    grouped = (
        select(PROGRESS.c.org_id, TASK.c.phase_id, PROGRESS.c.status, past, func.count())
        .select_from(joined)
        .where(applicable)
        .group_by(PROGRESS.c.org_id, TASK.c.phase_id, PROGRESS.c.status, past)
    )
    by_day = {
        column: select(column, func.count()).select_from(joined).where(applicable).group_by(column)
        for column in (TASK.c.due_on, PROGRESS.c.done_on)
    }
    with ctx.db.read() as s:
        cells = s.execute(grouped).all()
        org_ids = {r[0] for r in cells}
        names = {
            r[0]: (r[1], r[2] or NO_SECTOR)
            for r in s.execute(select(ORG.c.id, ORG.c.name, ORG.c.sector))
            if r[0] in org_ids
        }
        area = load_areas(s, campaign.scope_org_id)
        due_on = Counter({r[0]: int(r[1]) for r in s.execute(by_day[TASK.c.due_on])})
        done_on = Counter(
            {
                r[0]: int(r[1])
                for r in s.execute(
                    by_day[PROGRESS.c.done_on].where(
                        PROGRESS.c.status == ProgressStatus.DONE.value,
                        PROGRESS.c.done_on.is_not(None),
                    )
                )
            }
        )
    phase_names = {p.id: p.name for p in campaigns.phases(campaign_id)}
    used = {r[1] for r in cells}
    phases: dict[str, Counter[str]] = {}
    for phase_id, name in phase_names.items():
        if phase_id in used:
            phases.setdefault(name, Counter())
    sectors: dict[str, Counter[str]] = defaultdict(Counter)
    units: dict[int, Counter[str]] = defaultdict(Counter)
    areas: dict[str, Counter[str]] = defaultdict(Counter)
    for org_id, phase_id, status, was_due, n in cells:
        shown = OVERDUE if status in _OPEN and was_due else status
        phases[phase_names[phase_id]][shown] += n
        sectors[names[org_id][1]][shown] += n
        units[org_id][shown] += n
        if org_id in area:
            areas[area[org_id][1]][shown] += n
    lines = [UnitLine(i, names[i][1], StatusCounts.of(names[i][0], c)) for i, c in units.items()]
    lines.sort(key=lambda u: (-u.counts.rate, u.counts.label))
    return ProgressData(
        campaign=campaign,
        today=today,
        task_count=len(campaigns.tasks(campaign_id)),
        phases=[StatusCounts.of(name, counter) for name, counter in phases.items()],
        sectors=stats.ranked(sectors),
        units=lines,
        timeline=stats.timeline(due_on, done_on, today),
        overdue=[item for item in stats.late(ctx, campaign_id, within_days=0) if item.overdue],
        brands=stats.brands_by_status_and_level(ctx),
        areas=stats.ranked(areas),
    )
