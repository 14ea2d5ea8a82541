"""The demo street office (幸福街道): a deterministic database built through the services."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, event, func, select
from sqlalchemy.orm import Session

from brandoffice.demo.brands import schedule_brands
from brandoffice.demo.campaign import schedule_campaign
from brandoffice.demo.campaign_records import schedule_member_records
from brandoffice.demo.data import DEMO_ACCOUNT, DEMO_IDENTITY, DEMO_NOW, SEED, SETUP_DAY
from brandoffice.demo.orgs import (
    Roster,
    create_orgs,
    insert_members,
    plan_people,
    set_leading_groups,
)
from brandoffice.demo.people import PeopleMaker
from brandoffice.demo.records import schedule_records
from brandoffice.demo.schedule import DemoClock, StoryDates, Timeline
from brandoffice.demo.unit_records import schedule_unit_records
from brandoffice.errors import KnownError
from brandoffice.model import (
    Base,
    Benchmark,
    Brand,
    Campaign,
    Commendation,
    Commitment,
    EvaluationPlan,
    EvaluationScore,
    FundEntry,
    GradeRecord,
    Member,
    ModelDeed,
    Organisation,
    Pairing,
    PartySpiritReport,
    ReviewRound,
    ReviewScore,
    SecretaryReview,
    Task,
    TaskProgress,
    TrainingAttendance,
    TrainingSession,
)
from brandoffice.model.vocab import BrandStatus, OrgLevel, ProgressStatus, Sector
from brandoffice.services.context import AppContext
from brandoffice.services.settings import set_office_identity

Progress = Callable[[int, int], None]
PROGRESS_TOTAL = 100

__all__ = ["DEMO_NOW", "CampaignRecordCounts", "DemoSummary", "build_demo"]


@dataclass(frozen=True)
class CampaignRecordCounts:
    """How many of each campaign record (issue 9) the demo holds."""

    evaluation_plans: int
    evaluation_scores: int
    evaluated_members: int
    spirit_reports: int
    commitments: int
    secretary_reviews: int
    deeds: int
    fund_entries: int
    training_sessions: int
    trainees: int
    benchmarks: int
    grade_records: int

    def __str__(self) -> str:
        return (
            f"党员评议{self.evaluation_plans}项（评分{self.evaluation_scores}个，"
            f"完成评议{self.evaluated_members}名），党性分析报告{self.spirit_reports}份，"
            f"公开承诺{self.commitments}项，书记述职评议{self.secretary_reviews}份，"
            f"先进典型事迹{self.deeds}个，专项经费{self.fund_entries}笔，"
            f"培训{self.training_sessions}期（{self.trainees}人次），"
            f"对标定位{self.benchmarks}个，评定等次记录{self.grade_records}条"
        )


@dataclass(frozen=True)
class DemoSummary:
    """What the demo put into the database, and how long it took.

    Attributes:
        overdue: Task progress rows still open after their due date on the demo day.
        due: Task progress rows due before the demo day (the base of ``overdue``).
        as_of: The demo day: the day it was built.
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
    due: int
    as_of: dt.date
    review_rounds: int
    scores: int
    pairings: int
    commendations: int
    records: CampaignRecordCounts
    seconds: float

    def __str__(self) -> str:
        statuses = "、".join(f"{status}{n}个" for status, n in self.brand_statuses)
        return (
            f"演示数据已生成：组织{self.organisations}个（其中社区{self.communities}个），"
            f"党员{self.members}名，品牌{self.brands}个（{statuses}），"
            f"创建活动{self.campaigns}项（任务{self.tasks}项，进度{self.progress_rows}条，"
            f"截至{self.as_of:%Y年%m月%d日}已到期{self.due}条、逾期{self.overdue}条），"
            f"评审{self.review_rounds}轮（评分{self.scores}个），共建对子{self.pairings}对，"
            f"表彰{self.commendations}项，{self.records}；用时{self.seconds:.1f}秒。"
        )


def build_demo(
    ctx: AppContext, progress: Progress | None = None, *, today: dt.date | None = None
) -> DemoSummary:
    """Fill an empty database with the demo street office, as it stands on ``today``.

    Everything goes through the services (validated, audited, with real brand
    histories), dated as it would have happened up to ``today``: the story, written
    for 2026-05-20, is moved to that day (:class:`~brandoffice.demo.schedule.StoryDates`),
    so the campaign is always under way with a few units late. The audit entries carry
    the account 演示数据. The same database comes out for the same day.

    Args:
        ctx: The context of the database to fill.
        progress: Called as ``progress(done, total)`` while the demo is built.
        today: The demo day; the context's today by default (the real day in the program).

    Returns:
        Counts of what was created.

    Raises:
        KnownError: The database already holds data.
    """
    from brandoffice.safety.permissions import Action

    ctx.require(Action.EDIT)
    started = time.perf_counter()
    refuse_non_empty(ctx)
    reported = 0

    def report(value: int) -> None:
        nonlocal reported
        if progress is not None and value > reported:
            reported = value
            progress(value, PROGRESS_TOTAL)

    dates = StoryDates.until(today or ctx.today())
    with unsynced_commits(ctx):
        _fill(ctx, report, dates)
    summary = _summarise(ctx, time.perf_counter() - started, dates.today)
    report(PROGRESS_TOTAL)
    return summary


def _fill(ctx: AppContext, report: Callable[[int], None], dates: StoryDates) -> None:
    """Create the tree and members, then run the dated history up to the demo day."""
    rng = random.Random(SEED)
    clock = DemoClock(dt.datetime.combine(dates.day(SETUP_DAY), dt.time(9, 0)))
    demo = AppContext(db=ctx.db, clock=clock, account=DEMO_ACCOUNT)
    set_office_identity(demo, DEMO_IDENTITY)
    roster = Roster(people=plan_people(rng, PeopleMaker(rng)))
    create_orgs(demo, rng, roster, dates)
    report(8)
    insert_members(demo, roster, dates.today)
    report(12)
    set_leading_groups(demo, rng, roster)
    report(15)

    timeline = Timeline(dates)
    brand_ids: dict[str, int] = {}
    schedule_brands(demo, timeline, roster, brand_ids)
    schedule_campaign(demo, timeline, rng, roster)
    schedule_records(demo, timeline, rng, roster, brand_ids)
    records_rng = random.Random(SEED + 9)  # the records draw apart, leaving the rest as it was
    schedule_member_records(demo, timeline, records_rng, roster)
    schedule_unit_records(demo, timeline, records_rng, roster, brand_ids)
    timeline.run(clock, lambda: report(15 + 84 * timeline.done // max(timeline.total, 1)))


@contextmanager
def unsynced_commits(ctx: AppContext) -> Iterator[None]:
    """Let SQLite commit without waiting for the disk while the demo's history is written.

    The timeline runs about a thousand small transactions through the services; waiting
    for each to reach the disk (``synchronous = FULL``) was four fifths of the build time.
    In WAL mode ``NORMAL`` keeps the file consistent; a power cut can only lose the last
    commits, and a half-built demo is rebuilt into a new database anyway. Connections
    go back to ``FULL`` as they are returned, so nothing after the build is affected.
    """
    if not ctx.db.is_sqlite:
        yield
        return
    engine = ctx.db.engine

    def fast(dbapi_conn: Any, _record: object, _proxy: object) -> None:
        dbapi_conn.execute("PRAGMA synchronous = NORMAL")

    def safe(dbapi_conn: Any, _record: object) -> None:
        if dbapi_conn is not None:
            dbapi_conn.execute("PRAGMA synchronous = FULL")

    event.listen(engine, "checkout", fast)
    event.listen(engine, "checkin", safe)
    try:
        yield
    finally:
        event.remove(engine, "checkout", fast)
        event.remove(engine, "checkin", safe)


def refuse_non_empty(ctx: AppContext) -> None:
    """Raise KnownError naming what the database holds when it is not empty."""
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


def _summarise(ctx: AppContext, seconds: float, today: dt.date) -> DemoSummary:
    open_states = (ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value)
    with ctx.db.read() as s:
        counted = dict(s.execute(select(Brand.status, func.count()).group_by(Brand.status)).all())
        statuses = [(status.value, counted[status]) for status in BrandStatus if status in counted]
        due = (
            select(func.count())
            .select_from(TaskProgress)
            .join(Task, Task.id == TaskProgress.task_id)
            .where(Task.due_on < today, TaskProgress.status != ProgressStatus.NOT_APPLICABLE.value)
        )
        overdue = s.scalar(due.where(TaskProgress.status.in_(open_states)))
        due_count = s.scalar(due)
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
            due=int(due_count or 0),
            as_of=today,
            review_rounds=_count(s, ReviewRound),
            scores=_count(s, ReviewScore),
            pairings=_count(s, Pairing),
            commendations=_count(s, Commendation),
            records=_record_counts(s),
            seconds=seconds,
        )


def _record_counts(session: Session) -> CampaignRecordCounts:
    scored = (
        select(EvaluationScore.member_id)
        .group_by(EvaluationScore.member_id)
        .having(func.count(func.distinct(EvaluationScore.source)) == 2)
        .subquery()
    )
    return CampaignRecordCounts(
        evaluation_plans=_count(session, EvaluationPlan),
        evaluation_scores=_count(session, EvaluationScore),
        evaluated_members=int(session.scalar(select(func.count()).select_from(scored)) or 0),
        spirit_reports=_count(session, PartySpiritReport, PartySpiritReport.submitted.is_(True)),
        commitments=_count(session, Commitment),
        secretary_reviews=_count(session, SecretaryReview),
        deeds=_count(session, ModelDeed),
        fund_entries=_count(session, FundEntry),
        training_sessions=_count(session, TrainingSession),
        trainees=_count(session, TrainingAttendance, TrainingAttendance.attended.is_(True)),
        benchmarks=_count(session, Benchmark),
        grade_records=_count(session, GradeRecord),
    )
