"""The district's 2026 campaign (seed 002), each street's progress, a review round and pairings.

The campaign comes from the ``seed002_district`` template like a clerk's; each unit's
progress goes through CampaignService on the day it happened, faster in some 党(工)委
than in others (:data:`~brandoffice.demo.district.tree.PACE`), so the district's views
show streets at different stages.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from functools import partial

from brandoffice.demo.campaign import (
    DONE,
    GRADE_BIAS,
    IN_PROGRESS_ON,
    STARTED,
    campaign_id,
    done_day,
    evidence_count,
    record_cells,
)
from brandoffice.demo.district.tree import PACE, ROOT
from brandoffice.demo.orgs import Roster, walk
from brandoffice.demo.people import SERVING
from brandoffice.demo.records import schedule_pairings, score_near
from brandoffice.demo.schedule import StoryDates, Timeline
from brandoffice.model.vocab import OrgKind, ReviewSubject
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService
from brandoffice.services.reviews import ReviewService
from brandoffice.services.rows import TaskRow
from brandoffice.services.template_campaigns import create_from_template

D = dt.date
TEMPLATE = "seed002_district"
CAMPAIGN_NAME = "2026年安和区党建品牌创建活动"
CAMPAIGN_YEAR = 2026
CREATED_ON = D(2026, 2, 20)
BRAND_ROUND = "2026年区级党建品牌评审"
REVIEWERS = ("区委组织部组织科", "党建专家组", "党员群众代表")

PROFILES: dict[str, tuple[int, int, int]] = {
    "制定品牌创建方案并报区委组织部备案": (80, 12, 8),
    "确定品牌培育项目": (60, 25, 15),
    "社区特色定位": (55, 25, 20),
    "指派联络员跟踪指导": (30, 40, 30),
    "搭建实践载体": (12, 48, 40),
    "强村富民项目": (10, 45, 45),
    "建立品牌创建档案": (5, 40, 55),
    "填报申报登记表和综合材料": (4, 16, 80),
}
"""Per task: weights of done / in progress / not started by the demo day (pace 1.0)."""

PAIRINGS = (
    (
        "滨河社区党委", "铁北社区党总支", D(2026, 3, 9), None,
        ((D(2026, 3, 23), "两个社区书记座谈，制定铁北社区网格党支部建设计划"),
         (D(2026, 4, 27), "组织铁北社区党员到滨河社区观摩“红色港湾”服务")),
    ),
    (
        "青石村党支部", "杏花村党支部", D(2025, 4, 1), None,
        ((D(2025, 5, 20), "青石村党员示范户到杏花村指导果树管护"),
         (D(2025, 9, 12), "两村联合举办农产品展销，带动杏花村农户增收"),
         (D(2026, 4, 16), "帮助杏花村党支部规范“三会一课”记录")),
    ),
)  # fmt: skip
"""Helper (owns a brand), lagging unit, start, no end yet, and what was done: across streets."""


def committee_of(roster: Roster) -> dict[str, str]:
    """Return each unit's 党(工)委 (itself for the committees; none for the district)."""
    owner: dict[str, str] = {}
    for plan, parent, _ in walk(ROOT):
        if parent is None:
            continue
        owner[plan.name] = plan.name if parent == ROOT.name else owner[parent]
    return owner


def schedule_campaign(
    ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster
) -> None:
    """Create the campaign on its day, then record progress on the days it happened."""
    timeline.at(CREATED_ON, partial(_create, ctx, timeline, rng, roster))


def schedule_reviews(
    ctx: AppContext,
    timeline: Timeline,
    rng: random.Random,
    roster: Roster,
    brand_ids: dict[str, int],
    reviewed: tuple[str, ...],
) -> None:
    """Put the 区级 review round and the pairings on the timeline."""
    dates = timeline.dates
    brand_round = partial(_brand_round, ctx, rng, brand_ids, reviewed, dates.text(BRAND_ROUND))
    timeline.at(D(2026, 5, 12), brand_round)
    honours = HonourService(ctx)
    note = "区委组织部安排品牌单位与后进党组织跨街道（镇）结成共建对子"
    schedule_pairings(timeline, honours, roster, PAIRINGS, note)


def _create(ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster) -> None:
    dates = timeline.dates
    year = dates.year(CAMPAIGN_YEAR)
    offset = (dates.day(D(CAMPAIGN_YEAR, 1, 1)) - D(year, 1, 1)).days
    campaign = create_from_template(
        ctx, TEMPLATE, dates.text(CAMPAIGN_NAME), year, roster.org_ids[ROOT.name],
        offset_days=offset,
    )  # fmt: skip
    service = CampaignService(ctx)
    names = {org_id: name for name, org_id in roster.org_ids.items()}
    owner = committee_of(roster)
    tasks = {task.id: task for task in service.tasks(campaign.id)}
    groups: dict[tuple[str, dt.date, int | None], list[tuple[int, int]]] = defaultdict(list)
    for row in service.progress(campaign.id):
        org = names[row.org_id]
        key = _cell(rng, tasks[row.task_id], org, PACE[owner[org]], roster, dates)
        if key is not None:
            groups[key].append((row.task_id, row.org_id))
    for (status, day, count), cells in groups.items():
        timeline.at_real(day, partial(record_cells, service, cells, status, day, count))


def _cell(
    rng: random.Random, task: TaskRow, org: str, pace: float, roster: Roster, dates: StoryDates
) -> tuple[str, dt.date, int | None] | None:
    """Decide where one unit stands on one task by the demo day (None: not started)."""
    plan = roster.plans[org]
    done_w, started_w, idle_w = (float(w) for w in PROFILES.get(task.name, (0, 0, 1)))
    if plan.kind in (OrgKind.WORKING_COMMITTEE, OrgKind.COMMITTEE) and plan.grade is None:
        done_w, started_w = done_w * 1.5, started_w * 1.2  # the committee leads its units
    bias = GRADE_BIAS[plan.grade] if plan.grade else 1.0
    weights = (done_w * pace**2 * bias, started_w, idle_w / pace**2)
    state = rng.choices((DONE, STARTED, None), weights)[0]
    if state is None:
        return None
    serving = sum(1 for p in roster.people[org] if p.category == SERVING)
    if state == STARTED:
        return (STARTED, dates.day(IN_PROGRESS_ON), evidence_count(rng, task, serving, done=False))
    return (DONE, done_day(rng, task, dates), evidence_count(rng, task, serving, done=True))


def _brand_round(
    ctx: AppContext,
    rng: random.Random,
    brand_ids: dict[str, int],
    reviewed: tuple[str, ...],
    name: str,
) -> None:
    reviews = ReviewService(ctx)
    round_ = reviews.create_round(
        name,
        ctx.today(),
        ReviewSubject.BRAND.value,
        campaign_id=campaign_id(ctx),
        note="社会评议为基础、专家评审为主体，结果向申报单位反馈",
    )
    criteria = [c.name for c in reviews.criteria(round_.id)]
    for brand, target in zip(reviewed, (90.0, 82.0), strict=True):
        for reviewer in REVIEWERS:
            scores = {criterion: score_near(rng, target, 4.0) for criterion in criteria}
            reviews.set_scores(round_.id, reviewer, brand_ids[brand], scores)
