"""The campaign records a progress report prints, read once through the issue-9 services."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from brandoffice.kinds import KINDS
from brandoffice.kinds.base import GENERIC_SECTION
from brandoffice.kinds.simple_service import SimpleRecords, SimpleRow
from brandoffice.model import Brand, Organisation, table_of
from brandoffice.model.vocab import CommendationKind, SecretaryRating
from brandoffice.services import record_helpers as rh
from brandoffice.services.benchmarking import BenchmarkRow, BenchmarkService
from brandoffice.services.commendations import CommendationRow, CommendationService
from brandoffice.services.commitments import CommitmentService, UnitCommitmentCounts
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DemoPointService, DemoPointSummary
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_results import (
    EvaluationPlanRow,
    EvaluationResults,
    MemberResult,
)
from brandoffice.services.funds import FundService, FundTotals
from brandoffice.services.grades import GradeMovement, GradePath, GradeService
from brandoffice.services.honours import HonourService
from brandoffice.services.models_deeds import DeedRow, ModelService
from brandoffice.services.orgs import OrgService
from brandoffice.services.party_spirit import PartySpiritService, UnitSpiritCompletion
from brandoffice.services.rows import CampaignRow
from brandoffice.services.secretary_reviews import SecretaryReviewRow, SecretaryReviewService
from brandoffice.services.training import TrainingRow, TrainingService, UnitTrainingCoverage
from brandoffice.tree_order import tree_places

ORG, BRAND = table_of(Organisation), table_of(Brand)
EXCELLENT = CommendationKind.EXCELLENT_MEMBER.value
LOW_RATINGS = (SecretaryRating.AVERAGE.value, SecretaryRating.POOR.value)
"""Ratings a leader must hear about: the units rated 一般 or 差 are named, 差 first."""


@dataclass(frozen=True)
class Nominee:
    """A 优秀共产党员 commended from a member evaluation, with the result behind it."""

    plan: EvaluationPlanRow
    result: MemberResult
    commendation_id: int


@dataclass(frozen=True)
class Evaluation:
    """A campaign's member evaluation: results and the members commended from them."""

    results: EvaluationResults
    nominees: list[Nominee]


@dataclass(frozen=True)
class Secretaries:
    """The secretaries' reviews of a year: counts by rating and the units rated low.

    Attributes:
        year: The campaign's year, or the latest year before it with reviews: secretaries
            report on a year early in the next one.
    """

    year: int
    counts: dict[str, int]
    low: list[SecretaryReviewRow]

    @property
    def total(self) -> int:
        """Return how many secretaries reported."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class FundLine:
    """A brand's or demonstration point's fund totals, with which of the two it is."""

    totals: FundTotals
    kind: str


@dataclass(frozen=True)
class Training:
    """A year's sessions and the coverage per unit."""

    sessions: list[TrainingRow]
    coverage: list[UnitTrainingCoverage]


@dataclass(frozen=True)
class Benchmarking:
    """四找 records of a year and the grade movement (晋档升级) with each compared unit's path."""

    benchmarks: list[BenchmarkRow]
    movement: GradeMovement
    paths: dict[int, GradePath]


@dataclass(frozen=True)
class RecordsData:
    """What the record sections print; a part is None (or empty) when there is nothing."""

    campaign: CampaignRow
    year: int
    evaluation: Evaluation | None
    spirit: list[UnitSpiritCompletion]
    commitments: list[UnitCommitmentCounts]
    secretaries: Secretaries | None
    deeds: list[DeedRow]
    demo_points: DemoPointSummary | None
    funds: list[FundLine]
    training: Training | None
    benchmarking: Benchmarking | None
    simple: dict[str, list[SimpleRow]] = field(default_factory=dict)
    """The records of each simple kind (those the generic section writes), by kind name."""
    honours: list[CommendationRow] = field(default_factory=list)
    """The year's honours of units, members and brands in scope, at every stage."""

    @property
    def rows(self) -> int:
        """Return about how many table rows the sections write (for progress)."""
        ev = self.evaluation
        return (
            (len(ev.results.units) + len(ev.nominees) if ev else 0)
            + len(self.spirit)
            + len(self.commitments)
            + (len(self.secretaries.low) if self.secretaries else 0)
            + len(self.deeds)
            + (len(self.demo_points.points) if self.demo_points else 0)
            + len(self.funds)
            + (len(self.training.coverage) if self.training else 0)
            + (len(self.benchmarking.paths) if self.benchmarking else 0)
            + sum(len(rows) for rows in self.simple.values())
            + len(self.honours)
        )


def load_records(ctx: AppContext, campaign: CampaignRow) -> RecordsData:
    """Read the records of a campaign's year within its scope.

    Args:
        ctx: Services' context.
        campaign: The campaign; its ``year`` and ``scope_org_id`` bound every part.

    Returns:
        The parts; each is empty when the year has no such records.
    """
    year, scope = campaign.year, campaign.scope_org_id
    with ctx.db.read() as s:
        units = rh.scope_units(s, scope)
        roots = list(s.scalars(select(ORG.c.id).where(ORG.c.parent_id.is_(None)).limit(2)))
    place = tree_places(OrgService(ctx).all_rows())
    spirit_service = PartySpiritService(ctx)
    spirit = (
        spirit_service.completion(year, scope) if spirit_service.reports(year, org_id=scope) else []
    )
    spirit.sort(key=lambda u: place.get(u.org_id, len(place)))
    commitments = CommitmentService(ctx).counts(year, scope)
    commitments.sort(key=lambda u: place.get(u.org_id, len(place)))
    town = scope if scope is not None else (roots[0] if len(roots) == 1 else None)
    demo = DemoPointService(ctx).summary(town, year) if town is not None else None
    return RecordsData(
        campaign=campaign,
        year=year,
        evaluation=_evaluation(ctx, campaign),
        spirit=spirit,
        commitments=commitments,
        secretaries=_secretaries(ctx, year, scope),
        deeds=ModelService(ctx).deeds(year, org_id=scope),
        demo_points=demo if demo is not None and demo.points else None,
        funds=_funds(ctx, year, units),
        training=_training(ctx, year, scope),
        benchmarking=_benchmarking(ctx, year, scope),
        simple={
            k.name: SimpleRecords(ctx, k).rows(units, year)
            for k in KINDS
            if k.section == GENERIC_SECTION
        },
        honours=CommendationService(ctx).commendations(year, org_ids=units),
    )


def _evaluation(ctx: AppContext, campaign: CampaignRow) -> Evaluation | None:
    service = EvaluationService(ctx)
    plan = service.plan_of_campaign(campaign.id)
    if plan is None:
        return None
    results = service.results(plan.id)
    by_member = {r.member_id: r for r in results.members}
    nominees = [
        Nominee(plan, by_member[c.member_id], c.id)
        for c in HonourService(ctx).commendations(plan.year, EXCELLENT)
        if c.member_id in by_member and from_evaluation(c.note, plan)
    ]
    nominees.sort(key=lambda x: (-(x.result.combined or 0.0), x.result.unit_name, x.result.name))
    return Evaluation(results, nominees)


def from_evaluation(note: str | None, plan: EvaluationPlanRow) -> bool:
    """Tell whether a commendation's note is the one a nomination from ``plan`` writes."""
    return bool(note) and str(note).startswith(f"由“{plan.campaign_name}”党员评议推荐")


def evaluation_nominees(ctx: AppContext, year: int) -> dict[int, Nominee]:
    """Return the year's 优秀共产党员 commended from a member evaluation, by commendation id.

    Only evaluations of campaigns of ``year`` count, and only commendations made by
    nominating from them (their note says so), so a member commended otherwise is not
    shown with a score.
    """
    honours = [c for c in HonourService(ctx).commendations(year, EXCELLENT) if c.note]
    if not honours:
        return {}
    service = EvaluationService(ctx)
    found: dict[int, Nominee] = {}
    for plan in service.plans():
        if plan.year != year:
            continue
        mine = [c for c in honours if from_evaluation(c.note, plan)]
        if not mine:
            continue
        results = {r.member_id: r for r in service.results(plan.id).members}
        for c in mine:
            if c.member_id in results:
                found[c.id] = Nominee(plan, results[c.member_id], c.id)
    return found


def _secretaries(ctx: AppContext, year: int, scope: int | None) -> Secretaries | None:
    service = SecretaryReviewService(ctx)
    every = service.reviews(None, scope)
    latest = max((r.year for r in every if r.year <= year), default=None)
    if latest is None:
        return None
    low = [r for r in every if r.year == latest and r.rating in LOW_RATINGS]
    low.sort(key=lambda r: (-LOW_RATINGS.index(str(r.rating)), r.score or 0.0, r.unit_name))
    return Secretaries(latest, service.rating_counts(latest, scope), low)


def _funds(ctx: AppContext, year: int, units: list[int] | None) -> list[FundLine]:
    return [
        FundLine(t, "品牌" if t.brand_id is not None else "示范点")
        for t in FundService(ctx).totals(year, units)
    ]


def _training(ctx: AppContext, year: int, scope: int | None) -> Training | None:
    service = TrainingService(ctx)
    sessions = service.sessions(year, org_id=scope)
    if not sessions:
        return None
    return Training(sessions, [c for c in service.coverage(year, scope) if c.members])


def _benchmarking(ctx: AppContext, year: int, scope: int | None) -> Benchmarking | None:
    benchmarks = BenchmarkService(ctx).benchmarks(year, scope)
    grades = GradeService(ctx)
    movement = grades.movement(year, scope)
    if not benchmarks and not movement.moves and not movement.first_graded:
        return None
    moved = {m.org_id for m in movement.moves}
    paths = {p.org_id: p for p in grades.paths(scope, last_year=year) if p.org_id in moved}
    return Benchmarking(benchmarks, movement, paths)
