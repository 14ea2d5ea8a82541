"""The demo's 2026 campaign from the street template, with each unit's progress so far."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from functools import partial

from brandoffice.demo.data import ROOT
from brandoffice.demo.orgs import Roster
from brandoffice.demo.people import SERVING
from brandoffice.demo.schedule import StoryDates, Timeline
from brandoffice.model.vocab import Grade, OrgKind, ProgressStatus
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.rows import TaskRow
from brandoffice.services.template_campaigns import create_from_template

TEMPLATE = "seed000_street"
CAMPAIGN_NAME = "2026年“党情暖万家”党建品牌创建活动"
CAMPAIGN_YEAR = 2026
CREATED_ON = dt.date(2026, 2, 20)
IN_PROGRESS_ON = dt.date(2026, 5, 15)
DONE = ProgressStatus.DONE.value
STARTED = ProgressStatus.IN_PROGRESS.value
NOT_APPLICABLE = ProgressStatus.NOT_APPLICABLE.value

PROFILES: dict[str, tuple[int, int, int]] = {
    "宣传发动": (90, 5, 5),
    "成立领导小组": (92, 0, 8),
    "制定实施方案并报街道组织科备案": (76, 12, 12),
    "确定品牌": (45, 35, 20),
    "党性教育": (10, 50, 40),
    "岗位奉献": (15, 40, 45),
    "服务群众": (5, 55, 40),
    "亮牌示范": (25, 30, 45),
    "组织创新": (0, 30, 70),
    "讲党性、重品行、作表率": (0, 60, 40),
    "民情走访": (0, 70, 30),
    "争当品牌教师": (50, 50, 0),
    "我是党员、我带头、我奉献": (20, 40, 40),
    "树立典型": (0, 10, 90),
}
"""Per task: weights of done / in progress / not started by the demo day."""

GRADE_BIAS = {Grade.ADVANCED: 1.4, Grade.MIDDLE: 1.0, Grade.LAGGING: 0.35}


def schedule_campaign(
    ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster
) -> None:
    """Create the campaign on its day, then record progress on the days it happened."""
    timeline.at(CREATED_ON, partial(_create, ctx, timeline, rng, roster))


def campaign_id(ctx: AppContext) -> int:
    """Return the id of the demo's campaign (once it has been created on the timeline)."""
    (campaign,) = CampaignService(ctx).campaigns()  # the demo has one
    return campaign.id


def _create(ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster) -> None:
    dates = timeline.dates
    year = dates.year(CAMPAIGN_YEAR)
    # The template dates the year's calendar; move it on to where the story's campaign is.
    offset = (dates.day(dt.date(CAMPAIGN_YEAR, 1, 1)) - dt.date(year, 1, 1)).days
    campaign = create_from_template(
        ctx,
        TEMPLATE,
        dates.text(CAMPAIGN_NAME),
        year,
        roster.org_ids[ROOT.name],
        offset_days=offset,
    )
    service = CampaignService(ctx)
    names = {org_id: name for name, org_id in roster.org_ids.items()}
    cells_by_task: dict[int, list[int]] = defaultdict(list)
    for row in service.progress(campaign.id):
        cells_by_task[row.task_id].append(row.org_id)
    groups: dict[tuple[str, dt.date, int | None], list[tuple[int, int]]] = defaultdict(list)
    for task in service.tasks(campaign.id):
        for org_id in cells_by_task[task.id]:
            key = _cell(rng, task, names[org_id], roster, dates)
            if key is not None:
                groups[key].append((task.id, org_id))
    # Runs after this step on the timeline, each on its own day.
    for (status, day, count), cells in groups.items():
        timeline.at_real(day, partial(record_cells, service, cells, status, day, count))


def _cell(
    rng: random.Random, task: TaskRow, org: str, roster: Roster, dates: StoryDates
) -> tuple[str, dt.date, int | None] | None:
    """Decide where one unit stands on one task by the demo day (None: not started).

    Returns real dates: the task's due date is real already.
    """
    plan = roster.plans[org]
    if plan.kind is OrgKind.FUNCTIONAL_BRANCH and task.name == "确定品牌":
        return (NOT_APPLICABLE, dates.day(dt.date(2026, 4, 1)), None)
    done_w, started_w, idle_w = PROFILES.get(task.name, (0, 0, 1))
    if plan.kind is OrgKind.WORKING_COMMITTEE and done_w:
        done_w, idle_w = done_w + idle_w, 0
    bias = GRADE_BIAS[plan.grade] if plan.grade else 1.0
    state = rng.choices((DONE, STARTED, None), (done_w * bias, started_w, idle_w))[0]
    if state is None:
        return None
    serving = sum(1 for p in roster.people[org] if p.category == SERVING)
    if state == STARTED:
        return (STARTED, dates.day(IN_PROGRESS_ON), evidence_count(rng, task, serving, done=False))
    return (DONE, done_day(rng, task, dates), evidence_count(rng, task, serving, done=True))


def done_day(rng: random.Random, task: TaskRow, dates: StoryDates) -> dt.date:
    """Return the day a unit finished a task: around its due date, before the demo day."""
    latest = dates.today - dt.timedelta(days=1)
    offsets = (-20, -9, -3, 0, 6) if task.due_on <= latest else (-55, -48, -42)
    day = task.due_on + dt.timedelta(days=rng.choice(offsets))
    return min(day, latest)


def evidence_count(rng: random.Random, task: TaskRow, serving: int, *, done: bool) -> int | None:
    """Return the count a unit reports on a 数量 task (None for other evidence)."""
    if task.evidence_kind != "数量":
        return None
    if task.target_count is None:  # one report per serving member
        return max(serving, 1) if done else rng.randint(0, max(serving // 2, 1))
    if done:
        return task.target_count + rng.randint(0, max(task.target_count // 2, 2))
    return rng.randint(1, max(task.target_count - 1, 1))


def record_cells(
    service: CampaignService,
    cells: list[tuple[int, int]],
    status: str,
    day: dt.date,
    count: int | None,
) -> None:
    """Record one group of cells that reached ``status`` on ``day``."""
    service.set_progress(cells, status, done_on=day if status == DONE else None, count_value=count)
