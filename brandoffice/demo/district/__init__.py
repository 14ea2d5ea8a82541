"""The demo district (安和区): streets and towns under one 区委组织部, built through the services.

``brandoffice demo --district`` fills an empty database (a file or a server) with it, so
the district's views can be tried: every street's progress in the campaign, brands by
level, and the yearly brand quota of each 党(工)委. Like the street demo it is
deterministic and dated up to the day it is built (:class:`~brandoffice.demo.schedule.StoryDates`).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from brandoffice.demo import Progress, refuse_non_empty, unsynced_commits
from brandoffice.demo.brands import schedule_brands
from brandoffice.demo.data import DEMO_ACCOUNT, SETUP_DAY
from brandoffice.demo.district.brands import DISTRICT_BRANDS, REVIEWED
from brandoffice.demo.district.campaign import (
    committee_of,
    schedule_campaign,
    schedule_reviews,
)
from brandoffice.demo.district.tree import (
    COMMITTEES,
    DISTRICT,
    DISTRICT_IDENTITY,
    DISTRICT_SEED,
    ROOT,
)
from brandoffice.demo.orgs import (
    Roster,
    create_orgs,
    insert_members,
    plan_people,
    set_leading_groups,
)
from brandoffice.demo.people import PeopleMaker
from brandoffice.demo.schedule import DemoClock, StoryDates, Timeline
from brandoffice.model import Brand, Member, Organisation, TaskProgress
from brandoffice.model.vocab import BRAND_LEVEL_ORDER, BrandLevel, BrandStatus, ProgressStatus
from brandoffice.safety.permissions import Action
from brandoffice.services.context import AppContext
from brandoffice.services.settings import set_office_identity

__all__ = ["CommitteeLine", "DistrictSummary", "build_district_demo"]


@dataclass(frozen=True)
class CommitteeLine:
    """What one street, town or the organs' committee holds in the district demo."""

    name: str
    units: int
    members: int
    brands: int
    progress_rows: int
    done: int

    def __str__(self) -> str:
        share = 100 * self.done / self.progress_rows if self.progress_rows else 0.0
        return (
            f"{self.name}：组织{self.units}个，党员{self.members}名，品牌{self.brands}个，"
            f"任务完成{self.done}/{self.progress_rows}（{share:.0f}%）"
        )


@dataclass(frozen=True)
class DistrictSummary:
    """What the district demo put into the database, by 党(工)委, and how long it took."""

    district: str
    organisations: int
    members: int
    brands: int
    brand_statuses: tuple[tuple[str, int], ...]
    brand_levels: tuple[tuple[str, int], ...]
    committees: tuple[CommitteeLine, ...]
    as_of: dt.date
    seconds: float

    def __str__(self) -> str:
        statuses = "、".join(f"{k}{n}个" for k, n in self.brand_statuses)
        levels = "、".join(f"{k}{n}个" for k, n in self.brand_levels)
        lines = "\n".join(f"  {line}" for line in self.committees)
        return (
            f"演示区（{self.district}）已生成：街道、镇和区直党（工）委{len(self.committees)}个，"
            f"组织{self.organisations}个，党员{self.members}名，品牌{self.brands}个"
            f"（{statuses}；已命名或保留命名的：{levels}），"
            f"截至{self.as_of:%Y年%m月%d日}；用时{self.seconds:.1f}秒。\n{lines}"
        )


def build_district_demo(
    ctx: AppContext, progress: Progress | None = None, *, today: dt.date | None = None
) -> DistrictSummary:
    """Fill an empty database with the demo district, as it stands on ``today``.

    Everything goes through the services (validated, audited as 演示数据), like the street
    demo: the tree and members, brands walked through their life cycle, the campaign from
    the seed-002 template with each unit's progress, a 区级 review round and pairings.

    Args:
        ctx: The context of the database to fill.
        progress: Called as ``progress(done, total)`` while the demo is built.
        today: The demo day; the context's today by default.

    Returns:
        Counts of what was created, by 党(工)委.

    Raises:
        KnownError: The database already holds data.
    """
    started = time.perf_counter()
    ctx.require(Action.EDIT)
    refuse_non_empty(ctx)
    dates = StoryDates.until(today or ctx.today())
    with unsynced_commits(ctx):
        roster = _fill(ctx, progress, dates)
    summary = _summarise(ctx, roster, time.perf_counter() - started, dates.today)
    if progress is not None:
        progress(100, 100)
    return summary


def _fill(ctx: AppContext, progress: Progress | None, dates: StoryDates) -> Roster:
    """Create the tree and members, then run the dated history up to the demo day."""
    rng = random.Random(DISTRICT_SEED)
    clock = DemoClock(dt.datetime.combine(dates.day(SETUP_DAY), dt.time(9, 0)))
    demo = AppContext(db=ctx.db, clock=clock, account=DEMO_ACCOUNT)
    set_office_identity(demo, DISTRICT_IDENTITY)
    roster = Roster(people=plan_people(rng, PeopleMaker(rng), ROOT))
    create_orgs(demo, rng, roster, dates, ROOT, DISTRICT)
    insert_members(demo, roster, dates.today)
    set_leading_groups(demo, rng, roster)
    if progress is not None:
        progress(15, 100)

    timeline = Timeline(dates)
    brand_ids: dict[str, int] = {}
    schedule_brands(demo, timeline, roster, brand_ids, DISTRICT_BRANDS)
    schedule_campaign(demo, timeline, rng, roster)
    schedule_reviews(demo, timeline, rng, roster, brand_ids, REVIEWED)

    def tick() -> None:
        if progress is not None:
            progress(15 + 84 * timeline.done // max(timeline.total, 1), 100)

    timeline.run(clock, tick)
    return roster


def _summarise(ctx: AppContext, roster: Roster, seconds: float, today: dt.date) -> DistrictSummary:
    owner = committee_of(roster)
    committee_by_id = {roster.org_ids[org]: c for org, c in owner.items()}
    done = ProgressStatus.DONE.value
    with ctx.db.read() as s:
        members = Counter(
            committee_by_id.get(org_id) for (org_id,) in s.execute(select(Member.org_id)).all()
        )
        brands = s.execute(select(Brand.org_id, Brand.status, Brand.level)).all()
        rows = s.execute(select(TaskProgress.org_id, TaskProgress.status)).all()
        organisations = int(s.scalar(select(func.count()).select_from(Organisation)) or 0)
    units = Counter(owner.values())
    by_brand = Counter(committee_by_id.get(b.org_id) for b in brands)
    cells = Counter(committee_by_id.get(r.org_id) for r in rows)
    finished = Counter(committee_by_id.get(r.org_id) for r in rows if r.status == done)
    lines = tuple(
        CommitteeLine(c.name, units[c.name], members[c.name], by_brand[c.name], cells[c.name],
                      finished[c.name])
        for c in COMMITTEES
    )  # fmt: skip
    statuses = Counter(b.status for b in brands)
    levels = Counter(b.level for b in brands if b.level and b.status != BrandStatus.WITHDRAWN)
    return DistrictSummary(
        district=DISTRICT,
        organisations=organisations,
        members=sum(members.values()),
        brands=len(brands),
        brand_statuses=tuple(sorted(statuses.items(), key=lambda kv: _status_order(kv[0]))),
        brand_levels=tuple(sorted(levels.items(), key=lambda kv: _level_order(kv[0]))),
        committees=lines,
        as_of=today,
        seconds=seconds,
    )


def _status_order(status: str) -> int:
    return list(BrandStatus).index(BrandStatus(status))


def _level_order(level: str) -> int:
    return BRAND_LEVEL_ORDER[BrandLevel(level)]
