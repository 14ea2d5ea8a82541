"""Demo review rounds, pairings (共建对子) and commendations, each on its own day."""

from __future__ import annotations

import datetime as dt
import random
from functools import partial

from brandoffice.demo.campaign import campaign_id
from brandoffice.demo.data import (
    BRAND_REVIEW_TARGETS,
    BRAND_REVIEWERS,
    FINAL_COMMUNITY_SCORES,
    ORG_REVIEWERS,
    STREET_COMMITTEE,
)
from brandoffice.demo.orgs import Roster
from brandoffice.demo.people import SERVING
from brandoffice.demo.schedule import Timeline
from brandoffice.model.vocab import CommendationKind, MemberPost, ReviewSubject
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService
from brandoffice.services.reviews import ReviewService

D = dt.date
ORG_ROUND = "2025年度“五个好”基层党组织评定"
BRAND_ROUND = "2026年街道级党建品牌评审"

PAIRINGS = (
    (
        "和平里社区党委",
        "建设社区党委",
        D(2025, 3, 6),
        D(2025, 12, 20),
        (
            (D(2025, 3, 20), "召开共建对子座谈会，共同制定帮扶计划"),
            (D(2025, 5, 15), "组织建设社区党员观摩和平里楼栋议事会"),
            (D(2025, 7, 1), "两个社区联合开展“七一”主题党日"),
            (D(2025, 9, 18), "帮助完善党员管理台账和“三会一课”记录"),
        ),
    ),
    (
        "幸福驿站社区党委",
        "东风社区党委",
        D(2026, 3, 2),
        None,
        (
            (D(2026, 3, 16), "结对启动会，交流“幸福驿站”创建经验"),
            (D(2026, 4, 20), "帮助东风社区设立第一个网格党员服务点"),
            (D(2026, 5, 12), "联合开展政策咨询和纠纷调解进小区活动"),
        ),
    ),
    (
        "街道机关第一党支部",
        "鑫源商贸有限公司党支部",
        D(2026, 3, 10),
        None,
        ((D(2026, 4, 8), "机关党员到企业讲党课，指导规范组织生活"),),
    ),
)
"""Helper, lagging unit, start, end (None: still running), and what was done."""

ORG_HONOURS = {
    2024: ("春晖社区党委",),
    2025: ("幸福驿站社区党委", "和平里社区党委", "街道机关第一党支部", "市公交集团第五车队党支部"),
}
WORKER_HONOURS = {
    2024: ("和平里社区党委",),
    2025: ("春晖社区党委", "幸福街道中心小学党支部", "幸福街道社区卫生服务中心党支部"),
}
"""Units whose secretary was named 优秀党务工作者 in a year."""
MEMBER_HONOURS = {2024: 3, 2025: 6}


def schedule_records(
    ctx: AppContext,
    timeline: Timeline,
    rng: random.Random,
    roster: Roster,
    brand_ids: dict[str, int],
) -> None:
    """Put the review rounds, pairings and commendations on the timeline."""
    reviews = ReviewService(ctx)
    honours = HonourService(ctx)
    dates = timeline.dates
    timeline.at(D(2025, 12, 15), partial(_org_round, reviews, rng, roster, dates.text(ORG_ROUND)))
    brand_round = partial(_brand_round, ctx, reviews, rng, brand_ids, dates.text(BRAND_ROUND))
    timeline.at(D(2026, 5, 12), brand_round)
    schedule_pairings(timeline, honours, roster, PAIRINGS, "党建品牌单位与后进党组织结成共建对子")
    for year in sorted(MEMBER_HONOURS):
        step = partial(_commend, honours, rng, roster, year, dates.year(year))
        timeline.at(D(year, 6, 28), step)


def score_near(rng: random.Random, target: float, spread: float) -> float:
    """Return a score within ``spread`` of ``target``, to the half point, between 0 and 100."""
    value = target + rng.uniform(-spread, spread)
    return max(0.0, min(100.0, round(value * 2) / 2))


def _org_round(reviews: ReviewService, rng: random.Random, roster: Roster, name: str) -> None:
    round_ = reviews.create_round(
        name,
        reviews.ctx.today(),
        ReviewSubject.ORG.value,
        note="社区党组织年度“五个好”评定，结果写入评定等次",
    )
    criteria = [c.name for c in reviews.criteria(round_.id)]
    for org, target in FINAL_COMMUNITY_SCORES.items():
        for reviewer in ORG_REVIEWERS:
            scores = {name: score_near(rng, target, 3.0) for name in criteria}
            reviews.set_scores(round_.id, reviewer, roster.org_ids[org], scores)
    reviews.apply_org_grades(round_.id)


def _brand_round(
    ctx: AppContext,
    reviews: ReviewService,
    rng: random.Random,
    brand_ids: dict[str, int],
    name: str,
) -> None:
    round_ = reviews.create_round(
        name,
        ctx.today(),
        ReviewSubject.BRAND.value,
        drop_extremes=True,
        campaign_id=campaign_id(ctx),
        note="去掉每项的最高分和最低分后取平均",
    )
    criteria = [c.name for c in reviews.criteria(round_.id)]
    for brand, target in BRAND_REVIEW_TARGETS.items():
        for reviewer in BRAND_REVIEWERS:
            scores = {name: score_near(rng, target, 4.0) for name in criteria}
            reviews.set_scores(round_.id, reviewer, brand_ids[brand], scores)


Pairing = tuple[str, str, dt.date, dt.date | None, tuple[tuple[dt.date, str], ...]]
"""Helper, lagging unit, start, end (None: still running), and what was done on which day."""


def schedule_pairings(
    timeline: Timeline,
    honours: HonourService,
    roster: Roster,
    pairings: tuple[Pairing, ...],
    note: str,
) -> None:
    """Put each pairing (with ``note``), what was done in it and its end on the timeline."""
    for helper, lagging, start, end, actions in pairings:
        ids: dict[str, int] = {}
        timeline.at(start, partial(_pair, honours, roster, helper, lagging, note, ids))
        for day, content in actions:
            timeline.at(day, partial(_act, honours, ids, content))
        if end is not None:
            timeline.at(end, partial(_close, honours, ids))


def _pair(
    honours: HonourService,
    roster: Roster,
    helper: str,
    lagging: str,
    note: str,
    ids: dict[str, int],
) -> None:
    row = honours.create_pairing(
        roster.org_ids[helper], roster.org_ids[lagging], started_on=honours.ctx.today(), note=note
    )
    ids["pairing"] = row.id


def _act(honours: HonourService, ids: dict[str, int], content: str) -> None:
    honours.add_action(ids["pairing"], honours.ctx.today(), content)


def _close(honours: HonourService, ids: dict[str, int]) -> None:
    honours.close_pairing(ids["pairing"], ended_on=honours.ctx.today(), note="年度评定后结束结对")


def _commend(
    honours: HonourService, rng: random.Random, roster: Roster, year: int, real_year: int
) -> None:
    def give(
        kind: CommendationKind, org_id: int | None = None, member_id: int | None = None
    ) -> None:
        honours.add_commendation(
            real_year,
            kind.value,
            org_id=org_id,
            member_id=member_id,
            awarded_by=STREET_COMMITTEE,
            awarded_on=honours.ctx.today(),
        )

    for org in ORG_HONOURS[year]:
        give(CommendationKind.ADVANCED_ORG, org_id=roster.org_ids[org])
    for org in WORKER_HONOURS[year]:
        give(CommendationKind.EXCELLENT_WORKER, member_id=roster.member_id(roster.secretary(org)))
    models = [
        p
        for people in roster.people.values()
        for p in people[1:]
        if p.category == SERVING and MemberPost.MODEL_POST.value in p.posts
    ]
    for person in rng.sample(models, MEMBER_HONOURS[year]):
        give(CommendationKind.EXCELLENT_MEMBER, member_id=roster.member_id(person))
