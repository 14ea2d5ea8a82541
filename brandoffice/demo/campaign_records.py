"""Demo members' records: 五带头 evaluation, nominations, reports, commitments, secretaries."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from functools import partial

from brandoffice.demo.campaign import campaign_id
from brandoffice.demo.data import FINAL_COMMUNITY_SCORES, STREET_COMMITTEE
from brandoffice.demo.documents import pdf_file, text_file
from brandoffice.demo.orgs import Roster
from brandoffice.demo.people import SERVING, Person
from brandoffice.demo.record_texts import (
    EVALUATED_UNITS,
    MEMBER_PROMISES,
    NOT_DONE,
    PARTLY,
    REVIEW_POINTS,
    SPIRIT_SHARE,
    UNIT_PROMISES,
)
from brandoffice.demo.schedule import Timeline
from brandoffice.model.vocab import EvaluationSource, Fulfilment, HonourStatus, PublishChannel
from brandoffice.services.commendations import CommendationService
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_nominations import NominationService
from brandoffice.services.evaluation_results import FIVE_LEADS
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.secretary_reviews import SecretaryReviewService

D = dt.date
SPIRIT_YEAR = 2026
NOMINATED = 3
UNSCORED_BY_MASSES = 2
"""Members of the last evaluated unit whose mass evaluation is still to come."""
CHANNELS = [c.value for c in PublishChannel]
SELF, MASSES = EvaluationSource.SELF.value, EvaluationSource.MASSES.value


def schedule_member_records(
    ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster
) -> None:
    """Put the evaluation, reports, commitments and secretaries' reviews on the timeline."""
    ids: dict[str, int] = {}
    evaluation = EvaluationService(ctx)
    timeline.at(D(2026, 3, 20), partial(_open_evaluation, ctx, evaluation, ids))
    people = [p for org in EVALUATED_UNITS for p in roster.people[org]]
    late = {p.id_number for p in roster.people[EVALUATED_UNITS[-1]][-UNSCORED_BY_MASSES:]}
    for person in people:
        base = rng.uniform(80, 96)
        own = {name: _half(base + rng.uniform(-2, 4)) for name in FIVE_LEADS}
        day = D(2026, 4, rng.randint(13, 24))
        timeline.at(day, partial(_score, evaluation, ids, roster, person, SELF, own, 1))
        if person.id_number in late:
            continue
        mass = {name: _half(base + rng.uniform(-5, 3)) for name in FIVE_LEADS}
        day = D(2026, 5, rng.randint(6, 12))
        sheets = rng.randint(8, 25)
        timeline.at(day, partial(_score, evaluation, ids, roster, person, MASSES, mass, sheets))
    timeline.at(D(2026, 5, 18), partial(_nominate, ctx, ids))
    _schedule_spirit(ctx, timeline, rng, roster)
    _schedule_commitments(ctx, timeline, rng, roster)
    _schedule_reviews(ctx, timeline, rng, roster)


def _half(value: float) -> float:
    return max(0.0, min(100.0, round(value * 2) / 2))


def _open_evaluation(ctx: AppContext, evaluation: EvaluationService, ids: dict[str, int]) -> None:
    plan = evaluation.create_plan(campaign_id(ctx), note="对照“五带头”开展党员自评和群众评议")
    ids["plan"] = plan.id


def _score(
    evaluation: EvaluationService,
    ids: dict[str, int],
    roster: Roster,
    person: Person,
    source: str,
    scores: dict[str, float],
    sheets: int,
) -> None:
    evaluation.set_scores(
        ids["plan"], roster.member_id(person), source, scores, evaluator_count=sheets
    )


def _nominate(ctx: AppContext, ids: dict[str, int]) -> None:
    nominations = NominationService(ctx)
    candidates = nominations.candidates(ids["plan"], top_n=1)
    best = sorted(candidates, key=lambda c: (-(c.result.combined or 0), c.result.member_id))
    chosen = [c.result.member_id for c in best[:NOMINATED]]
    made = nominations.nominate(ids["plan"], chosen, nominated_on=ctx.today())
    decisions = CommendationService(ctx)
    for honour in made:  # the street committee commends them the same day
        decisions.decide(
            honour.id,
            honour.version,
            HonourStatus.AWARDED.value,
            awarded_by=STREET_COMMITTEE,
            awarded_on=ctx.today(),
        )


def _schedule_spirit(
    ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster
) -> None:
    """Reports of 2026: some units complete, some part way; two carry a file."""
    service = PartySpiritService(ctx)
    year = timeline.dates.year(SPIRIT_YEAR)
    ids: dict[str, int] = {}
    files = 0
    for org, share in SPIRIT_SHARE.items():
        serving = [p for p in roster.people[org] if p.category == SERVING]
        handed = round(len(serving) * share)
        for index, person in enumerate(serving):
            if index >= handed:
                if index == handed and share < 1:  # one explicit 未提交 per unfinished unit
                    step = partial(_report, service, roster, person, year, False, None, ids)
                    timeline.at(D(2026, 5, 15), step)
                continue
            day = D(2026, 4, 1) + dt.timedelta(days=rng.randint(0, 47))
            attached = None
            if files < 2 and index == 1:
                attached = "pdf" if files == 0 else "txt"
                files += 1
            step = partial(_report, service, roster, person, year, True, attached, ids)
            timeline.at(day, step)
            if index < 2:
                secretary = roster.secretary(org).name
                step = partial(_review_report, service, ids, person, secretary)
                timeline.at(D(2026, 5, 19), step)


def _report(
    service: PartySpiritService,
    roster: Roster,
    person: Person,
    year: int,
    handed_in: bool,
    attached: str | None,
    ids: dict[str, int],
) -> None:
    data = name = None
    if attached is not None:
        title = f"{year}年度党性分析报告"
        lines = [
            f"姓名：{person.name}",
            "一、理论学习：按计划参加“三会一课”，认真学习党章党规",
            "二、对照“五带头”查找的问题：服务群众的主动性还不够",
            "三、整改措施：认领一个服务岗位，每月走访联系户",
        ]
        name = f"{person.name}_党性分析报告.{attached}"
        data = pdf_file(title, lines) if attached == "pdf" else text_file(title, lines)
    row = service.record(
        roster.member_id(person),
        year,
        submitted=handed_in,
        submitted_on=service.ctx.today() if handed_in else None,
        campaign_id=campaign_id(service.ctx),
        filename=name,
        data=data,
    )
    ids[person.id_number] = row.id


def _review_report(
    service: PartySpiritService, ids: dict[str, int], person: Person, reviewer: str
) -> None:
    report = service.get(ids[person.id_number])
    service.review(report.id, report.version, reviewer, "剖析深刻，整改措施具体可行")


def _schedule_commitments(
    ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster
) -> None:
    """Unit and member commitments of 2025 (checked at year end) and of 2026 (open)."""
    service = CommitmentService(ctx)
    dates = timeline.dates
    communities = list(FINAL_COMMUNITY_SCORES)
    drafts: list[tuple[CommitmentDraft, tuple[str, str | None] | None]] = []
    for year, units in ((2025, communities), (2026, communities[:8])):
        for index, org in enumerate(units):
            made = D(year, 3, 5 + index % 10)
            promise = UNIT_PROMISES[(index + year) % len(UNIT_PROMISES)]
            draft = CommitmentDraft(
                promise,
                made,
                org_id=roster.org_ids[org],
                published_in=_channels(rng),
                year=dates.year(year),
            )
            drafts.append((draft, _outcome(index, year)))
    models = [
        p
        for org in (*EVALUATED_UNITS, "市公交集团第五车队党支部", "春晖社区党委")
        for p in roster.people[org][1:3]
    ]
    for year, made in ((2025, D(2025, 3, 20)), (2026, D(2026, 3, 18))):
        for index, person in enumerate(models[: 10 if year == 2025 else 6]):
            promise, post = MEMBER_PROMISES[(index + year) % len(MEMBER_PROMISES)]
            draft = CommitmentDraft(
                promise,
                made,
                member_id=roster.member_id(person),
                post=post,
                published_in=_channels(rng),
                year=dates.year(year),
            )
            drafts.append((draft, _outcome(index + 1, year)))
    for draft, check in drafts:
        ids: dict[str, int] = {}
        timeline.at(draft.made_on, partial(_commit, service, draft, ids))
        if check is not None:
            day = D(draft.made_on.year, 12, 22)
            timeline.at(day, partial(_check, service, ids, check))


def _channels(rng: random.Random) -> list[str]:
    return sorted(rng.sample(CHANNELS, rng.randint(1, 3)), key=CHANNELS.index)


def _outcome(index: int, year: int) -> tuple[str, str | None] | None:
    """How a commitment came out at year end: 2026 ones are not checked yet."""
    if year == 2026:
        return None
    if index % 6 == 3:
        return (Fulfilment.PARTLY.value, PARTLY)
    if index == 8:
        return (Fulfilment.NOT_FULFILLED.value, NOT_DONE)
    return (Fulfilment.FULFILLED.value, None)


def _commit(service: CommitmentService, draft: CommitmentDraft, ids: dict[str, int]) -> None:
    ids["row"] = service.create(replace(draft, made_on=service.ctx.today())).id


def _check(service: CommitmentService, ids: dict[str, int], check: tuple[str, str | None]) -> None:
    row = service.get(ids["row"])
    service.check(row.id, row.version, check[0], checked_on=service.ctx.today(), note=check[1])


def _schedule_reviews(
    ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster
) -> None:
    """Every community secretary reported on 2025 in January 2026; points, some rectified."""
    service = SecretaryReviewService(ctx)
    for index, (org, target) in enumerate(FINAL_COMMUNITY_SCORES.items()):
        score = _half(target + rng.uniform(-3, 3))
        points = [REVIEW_POINTS[(index + k) % len(REVIEW_POINTS)] for k in range(1 + index % 3)]
        ids: dict[str, int] = {}
        day = D(2026, 1, 16 + index % 3)
        year = timeline.dates.year(2025)
        step = partial(_review, service, roster.org_ids[org], year, score, points, ids)
        timeline.at(day, step)
        if rng.random() < 0.6:
            issue, fix = points[0]
            step = partial(_rectify, service, ids, issue, fix)
            timeline.at(day + dt.timedelta(days=60 + index), step)


def _review(
    service: SecretaryReviewService,
    org_id: int,
    year: int,
    score: float,
    points: list[tuple[str, str]],
    ids: dict[str, int],
) -> None:
    review = service.create(org_id, year, reported_on=service.ctx.today(), score=score)
    for index, (issue, fix) in enumerate(points):
        point = service.add_point(review.id, issue, fix)
        if index == 0:
            ids["point"] = point.id


def _rectify(service: SecretaryReviewService, ids: dict[str, int], issue: str, fix: str) -> None:
    service.update_point(ids["point"], issue=issue, rectification=fix, done=True)
