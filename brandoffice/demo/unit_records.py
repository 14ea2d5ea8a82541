"""Demo units' records: models' deeds, demonstration points, funds, training, 四找 and grades."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from functools import partial

from brandoffice.demo.campaign import campaign_id
from brandoffice.demo.data import FINAL_COMMUNITY_SCORES, ROOT
from brandoffice.demo.documents import pdf_file, text_file
from brandoffice.demo.orgs import Roster, walk
from brandoffice.demo.record_texts import (
    BENCHMARKS,
    DEEDS,
    DEMO_POINT_NOTES,
    FOUR_FINDS,
    FUNDS,
    GRADE_CLIMBERS,
    TRAININGS,
)
from brandoffice.demo.schedule import StoryDates, Timeline
from brandoffice.model.vocab import CommendationKind, Grade
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DEFAULT_TARGET, DemoPointService
from brandoffice.services.funds import FundDraft, FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.honours import HonourService
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.orgs import OrgService
from brandoffice.services.training import TrainingDraft, TrainingService

D = dt.date
ABSENT_SHARE = 0.1


def schedule_unit_records(
    ctx: AppContext, timeline: Timeline, rng: random.Random, roster: Roster, brands: dict[str, int]
) -> None:
    """Put the deeds, demonstration points, funds, training, 四找 and grades on the timeline."""
    dates = timeline.dates
    _schedule_grades(ctx, timeline, roster)
    models = ModelService(ctx)
    for org, honoured, title, day, summary in DEEDS:
        step = partial(_deed, ctx, models, roster, org, honoured, title, day.year, summary, dates)
        timeline.at(day, step)
    points = DemoPointService(ctx)
    root = roster.org_ids[ROOT.name]
    for year in (2025, 2026):
        step = partial(points.set_target, root, dates.year(year), DEFAULT_TARGET)
        timeline.at(D(year, 2, 25), step)
    for org, notes in DEMO_POINT_NOTES.items():
        for day, content in notes:
            step = partial(_note, points, roster.org_ids[org], dates.text(content))
            timeline.at(day, step)
    funds = FundService(ctx)
    for target, name, kind, amount, item, day in FUNDS:
        org_id = roster.org_ids[name] if target == "point" else None
        step = partial(_fund, funds, brands, name if org_id is None else None, org_id)
        timeline.at(day, partial(step, FundDraft(kind, amount, dates.text(item), day)))
    training = TrainingService(ctx)
    for spec in TRAININGS:
        organiser, day = spec[0], spec[1]
        present, absent = _attendees(rng, roster, organiser, spec[7])
        timeline.at(day, partial(_train, training, roster, spec, present, absent))
    benchmarks = BenchmarkService(ctx)
    for org, year, model, day, complete in BENCHMARKS:
        finds = [text.format(model=model) for text in FOUR_FINDS]
        benchmark = BenchmarkDraft(
            roster.org_ids[org],
            dates.year(year),
            roster.org_ids[model],
            model_reason=finds[0],
            gaps=finds[1],
            direction=finds[2],
            measures=finds[3] if complete else None,
        )
        timeline.at(day, partial(benchmarks.create, benchmark))


def _note(points: DemoPointService, org_id: int, content: str) -> None:
    points.add_note(org_id, points.ctx.today(), content)


def _fund(
    funds: FundService,
    brands: dict[str, int],
    brand: str | None,
    org_id: int | None,
    draft: FundDraft,
) -> None:
    """Record a fund entry; brands get their ids when registered, so look the name up now."""
    brand_id = brands[brand] if brand else None
    funds.add(replace(draft, brand_id=brand_id, org_id=org_id, entry_on=funds.ctx.today()))


def _deed(
    ctx: AppContext,
    models: ModelService,
    roster: Roster,
    org: str | None,
    honoured: int | None,
    title: str,
    story_year: int,
    summary: str,
    dates: StoryDates,
) -> None:
    """Record a model's deeds, linked to the 2025 honour of the unit or member when there is one."""
    honours = HonourService(ctx).commendations(year=dates.year(2025))
    if org is not None:
        org_id: int | None = roster.org_ids[org]
        member_id = None
        found = [h for h in honours if h.org_id == org_id]
    else:
        members = [h for h in honours if h.kind == CommendationKind.EXCELLENT_MEMBER.value]
        honour = sorted(members, key=lambda h: h.id)[honoured or 0]
        org_id, member_id, found = None, honour.member_id, [honour]
    link = found[0].id if found and story_year == 2025 else None
    draft = DeedDraft(
        title,
        ctx.today(),
        org_id=org_id,
        member_id=member_id,
        summary=summary,
        commendation_id=link,
    )
    deed = models.create_deed(draft)
    if deed.commendation_id is not None:
        lines = [summary, f"所获表彰：{deed.commendation}"]
        if member_id is None:
            models.add_material(deed.id, f"{title}_事迹材料.pdf", pdf_file(title, lines))
        else:
            models.add_material(deed.id, f"{title}_事迹材料.txt", text_file(title, lines))


def _attendees(
    rng: random.Random, roster: Roster, organiser: str, who: str
) -> tuple[list[str], list[str]]:
    """Return the ID numbers of who came and who missed a session."""
    plan = next(p for p, _parent, _pos in walk(ROOT) if p.name == organiser)
    units = [p.name for p, _parent, _pos in walk(plan)]
    if who == "secretaries":
        listed = [roster.people[u][0] for u in units if u != organiser]
    elif who == "deputies":
        listed = [roster.people[u][1] for u in units if u != organiser]
    else:
        listed = [p for u in units for p in roster.people[u]]
    absent = {p.id_number for p in rng.sample(listed, max(1, round(len(listed) * ABSENT_SHARE)))}
    present = [p.id_number for p in listed if p.id_number not in absent]
    return present, [p.id_number for p in listed if p.id_number in absent]


def _train(
    service: TrainingService,
    roster: Roster,
    spec: tuple[str, dt.date, str, str, str, float, str, str],
    present: list[str],
    absent: list[str],
) -> None:
    organiser, _day, level, topic, trainer, hours, place, _who = spec
    draft = TrainingDraft(
        roster.org_ids[organiser],
        service.ctx.today(),
        level,
        topic,
        hours,
        trainer,
        place,
        campaign_id=campaign_id(service.ctx),
    )
    session = service.create(draft)
    service.set_attendees(
        session.id,
        [roster.member_ids[n] for n in present],
        absent=[roster.member_ids[n] for n in absent],
    )


def _schedule_grades(ctx: AppContext, timeline: Timeline, roster: Roster) -> None:
    """Grades of 2024 (the plan's), 2025 (the 五个好 round's) and the 2026 climbers."""
    service = GradeService(ctx)
    dates = timeline.dates

    def record_on(day: D, org: str, year: int, grade: Grade, source: str) -> None:
        step = partial(
            service.record,
            roster.org_ids[org],
            dates.year(year),
            grade.value,
            source=dates.text(source),
        )
        timeline.at(day, step)

    start = {plan.name: plan.grade for plan, _parent, _pos in walk(ROOT) if plan.grade}
    for org, grade in start.items():
        first = Grade.LAGGING if org in GRADE_CLIMBERS else grade
        record_on(D(2025, 1, 10), org, 2024, first, "2024年度党建工作考核")
    for org, grade in start.items():
        if org in FINAL_COMMUNITY_SCORES:
            timeline.at(
                D(2025, 12, 16),
                partial(_graded_by_round, ctx, service, roster.org_ids[org], dates),
            )
            continue
        second = Grade.MIDDLE if org in GRADE_CLIMBERS else grade
        record_on(D(2025, 12, 16), org, 2025, second, "2025年度党建工作考核")
    for org in GRADE_CLIMBERS:
        record_on(D(2026, 5, 15), org, 2026, Grade.ADVANCED, "2026年晋档升级验收")


def _graded_by_round(
    ctx: AppContext, service: GradeService, org_id: int, dates: StoryDates
) -> None:
    """Keep a community's 2025 grade, written by the 五个好 round, in its history."""
    grade = OrgService(ctx).get(org_id).grade
    if grade:
        source = dates.text("2025年度“五个好”基层党组织评定")
        service.record(org_id, dates.year(2025), grade, source=source)
