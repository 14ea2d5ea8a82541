"""The demo street office (幸福街道): a deterministic database built through the services."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from brandoffice.demo.brands import schedule_brands
from brandoffice.demo.campaign import schedule_campaign
from brandoffice.demo.data import DEMO_ACCOUNT, DEMO_NOW, SEED, SETUP_DAY
from brandoffice.demo.orgs import (
    Roster,
    create_orgs,
    insert_members,
    plan_people,
    set_leading_groups,
)
from brandoffice.demo.people import PeopleMaker
from brandoffice.demo.records import schedule_records
from brandoffice.demo.schedule import DemoClock, Timeline
from brandoffice.errors import KnownError
from brandoffice.model import (
    Base,
    Brand,
    Campaign,
    Commendation,
    Member,
    Organisation,
    Pairing,
    ReviewRound,
    ReviewScore,
    Task,
    TaskProgress,
)
from brandoffice.model.vocab import BrandStatus, OrgLevel, ProgressStatus, Sector
from brandoffice.services.context import AppContext

Progress = Callable[[int, int], None]
PROGRESS_TOTAL = 100

__all__ = ["DEMO_NOW", "DemoSummary", "build_demo"]


@dataclass(frozen=True)
class DemoSummary:
    """What the demo put into the database, and how long it took.

    Attributes:
        overdue: Task progress rows still open after their due date on the demo day.
    """

    organisations: int
    communities: int
    members: int
    brands: int
    brand_statuses: tuple[tuple[str, int], ...]
    campaigns: int
    tasks: int
    progress_rows: int
    overdue: int
    review_rounds: int
    scores: int
    pairings: int
    commendations: int
    seconds: float

    def __str__(self) -> str:
        statuses = "、".join(f"{status}{n}个" for status, n in self.brand_statuses)
        return (
            f"演示数据已生成：组织{self.organisations}个（其中社区{self.communities}个），"
            f"党员{self.members}名，品牌{self.brands}个（{statuses}），"
            f"创建活动{self.campaigns}项（任务{self.tasks}项，进度{self.progress_rows}条，"
            f"截至{DEMO_NOW:%Y年%m月%d日}逾期{self.overdue}条），"
            f"评审{self.review_rounds}轮（评分{self.scores}个），共建对子{self.pairings}对，"
            f"表彰{self.commendations}项；用时{self.seconds:.1f}秒。"
        )


def build_demo(ctx: AppContext, progress: Progress | None = None) -> DemoSummary:
    """Fill an empty database with the demo street office.

    Everything goes through the services (validated, audited, with real brand
    histories), dated as it would have happened up to 2026-05-20; the audit
    entries carry the account 演示数据. The same database comes out every time.

    Args:
        ctx: The context of the database to fill; its clock is not used.
        progress: Called as ``progress(done, total)`` while the demo is built.

    Returns:
        Counts of what was created.

    Raises:
        KnownError: The database already holds data.
    """
    started = time.perf_counter()
    _refuse_non_empty(ctx)
    reported = 0

    def report(value: int) -> None:
        nonlocal reported
        if progress is not None and value > reported:
            reported = value
            progress(value, PROGRESS_TOTAL)

    rng = random.Random(SEED)
    clock = DemoClock(dt.datetime.combine(SETUP_DAY, dt.time(9, 0)))
    demo = AppContext(db=ctx.db, clock=clock, account=DEMO_ACCOUNT)
    roster = Roster(people=plan_people(rng, PeopleMaker(rng)))
    create_orgs(demo, rng, roster)
    report(8)
    insert_members(demo, roster)
    report(12)
    set_leading_groups(demo, rng, roster)
    report(15)

    timeline = Timeline()
    brand_ids: dict[str, int] = {}
    schedule_brands(demo, timeline, roster, brand_ids)
    schedule_campaign(demo, timeline, rng, roster)
    schedule_records(demo, timeline, rng, roster, brand_ids)
    timeline.run(clock, lambda: report(15 + 84 * timeline.done // max(timeline.total, 1)))
    summary = _summarise(ctx, time.perf_counter() - started)
    report(PROGRESS_TOTAL)
    return summary


def _refuse_non_empty(ctx: AppContext) -> None:
    checks = (
        ("组织", Organisation),
        ("党员", Member),
        ("品牌", Brand),
        ("创建活动", Campaign),
        ("评审", ReviewRound),
        ("表彰", Commendation),
        ("共建对子", Pairing),
    )
    with ctx.db.read() as s:
        found = [(label, _count(s, model)) for label, model in checks]
    present = [f"{label}{n}条" for label, n in found if n]
    if present:
        raise KnownError(
            f"数据库中已有数据（{'、'.join(present)}），演示数据只能生成到空数据库中；"
            "请新建一个数据库后再生成演示数据"
        )


def _count(session: Session, model: type[Base], *conditions: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(model).where(*conditions)
    return int(session.scalar(query) or 0)


def _summarise(ctx: AppContext, seconds: float) -> DemoSummary:
    open_states = (ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value)
    with ctx.db.read() as s:
        counted = dict(s.execute(select(Brand.status, func.count()).group_by(Brand.status)).all())
        statuses = [(status.value, counted[status]) for status in BrandStatus if status in counted]
        overdue = s.scalar(
            select(func.count())
            .select_from(TaskProgress)
            .join(Task, Task.id == TaskProgress.task_id)
            .where(TaskProgress.status.in_(open_states), Task.due_on < DEMO_NOW.date())
        )
        return DemoSummary(
            organisations=_count(s, Organisation),
            communities=_count(
                s,
                Organisation,
                Organisation.sector == Sector.COMMUNITY.value,
                Organisation.level == OrgLevel.COMMUNITY.value,
            ),
            members=_count(s, Member),
            brands=_count(s, Brand),
            brand_statuses=tuple((str(k), int(v)) for k, v in statuses),
            campaigns=_count(s, Campaign),
            tasks=_count(s, Task),
            progress_rows=_count(s, TaskProgress),
            overdue=int(overdue or 0),
            review_rounds=_count(s, ReviewRound),
            scores=_count(s, ReviewScore),
            pairings=_count(s, Pairing),
            commendations=_count(s, Commendation),
            seconds=seconds,
        )
