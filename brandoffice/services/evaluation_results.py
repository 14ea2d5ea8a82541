"""Member evaluation arithmetic: criteria sets, source totals, combined scores, ranks, units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from brandoffice.errors import ValidationError
from brandoffice.model.vocab import EvaluationSource, MemberStandard
from brandoffice.services.record_helpers import rate
from brandoffice.services.reviews import CriterionSpec, rank_totals

FIVE_LEADS = ("带头学习提高", "带头争创佳绩", "带头服务群众", "带头遵纪守法", "带头弘扬正气")
"""五带头 of an excellent member (seed 000)."""

FIVE_MODELS = ("自觉学习", "执行政策", "服务群众", "爱岗敬业", "遵纪守法")
"""五个模范 of an excellent member (seed 004, as 自觉学习的模范 …)."""

STANDARD_CRITERIA = {MemberStandard.FIVE_LEADS: FIVE_LEADS, MemberStandard.FIVE_MODELS: FIVE_MODELS}

DEFAULT_SELF_WEIGHT = 0.3
DEFAULT_MASS_WEIGHT = 0.7
"""The masses' view counts more than a member's own (群众评议 is the point of the exercise)."""


def default_criteria(standard: MemberStandard) -> list[CriterionSpec]:
    """Return the five criteria of a standard, weighted equally, each out of 100."""
    names = STANDARD_CRITERIA.get(standard)
    if names is None:
        raise ValidationError("自定义评议标准须列出评议项目", "criteria")
    return [CriterionSpec(name, round(1 / len(names), 6)) for name in names]


@dataclass(frozen=True, slots=True)
class EvaluationPlanRow:
    """A campaign's member evaluation settings."""

    id: int
    campaign_id: int
    campaign_name: str
    year: int
    standard: str
    self_weight: float
    mass_weight: float
    note: str | None
    version: int


@dataclass(frozen=True, slots=True)
class EvalCriterionRow:
    """A weighted criterion of a member evaluation."""

    id: int
    plan_id: int
    name: str
    weight: float
    max_score: float
    position: int


@dataclass(frozen=True, slots=True)
class EvalScoreRow:
    """A member's score on one criterion from one source (a mean of ``evaluator_count`` sheets)."""

    id: int
    criterion_id: int
    member_id: int
    source: str
    score: float
    evaluator_count: int


@dataclass(frozen=True, slots=True)
class MemberResult:
    """One member's evaluation result.

    Attributes:
        self_total: Σ weight × score ÷ max × 100 of the self-assessment; None while incomplete.
        mass_total: The same for the masses' evaluation; None while incomplete.
        mass_evaluators: The most evaluation sheets counted for any criterion.
        combined: (self_weight × self_total + mass_weight × mass_total) ÷ (sum of weights),
            rounded to 2 places; None while a needed source is incomplete.
        unit_rank: Rank among the unit's evaluated members (1, 1, 3); None when not combined.
        missing: What is still to be scored, as ``来源：评议项目``.
    """

    member_id: int
    name: str
    category: str
    org_id: int
    unit_name: str
    self_total: float | None
    mass_total: float | None
    mass_evaluators: int
    combined: float | None
    unit_rank: int | None
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Tell whether the member has a combined score."""
        return self.combined is not None


@dataclass(frozen=True, slots=True)
class UnitEvaluation:
    """A unit's evaluation figures: members on record, members evaluated and their mean."""

    org_id: int
    unit_name: str
    members: int
    evaluated: int
    mean: float | None
    best: float | None

    @property
    def rate(self) -> float | None:
        """Return evaluated ÷ members."""
        return rate(self.evaluated, self.members)


@dataclass(frozen=True, slots=True)
class EvaluationResults:
    """A plan, its criteria and the results per member (by unit, then rank) and per unit."""

    plan: EvaluationPlanRow
    criteria: tuple[EvalCriterionRow, ...]
    members: tuple[MemberResult, ...]
    units: tuple[UnitEvaluation, ...]

    @property
    def evaluated(self) -> int:
        """Return how many members have a combined score."""
        return sum(1 for m in self.members if m.complete)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member proposed for 优秀共产党员 from the results."""

    result: MemberResult
    already_commended: bool


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """What the arithmetic needs to know of a member."""

    member_id: int
    name: str
    category: str
    org_id: int
    unit_name: str


def source_total(
    criteria: Sequence[EvalCriterionRow], scores: Mapping[int, float]
) -> tuple[float | None, list[str]]:
    """Return a source's 100-point total (None when incomplete) and the unscored criteria."""
    missing = [c.name for c in criteria if c.id not in scores]
    if missing:
        return None, missing
    total = sum(c.weight * scores[c.id] / c.max_score * 100 for c in criteria)
    return round(total, 2), []


def combine(
    plan: EvaluationPlanRow, self_total: float | None, mass_total: float | None
) -> float | None:
    """Weigh the two sources; a source with weight 0 is not needed."""
    parts = ((plan.self_weight, self_total), (plan.mass_weight, mass_total))
    if any(weight > 0 and total is None for weight, total in parts):
        return None
    weight_sum = plan.self_weight + plan.mass_weight
    value = sum(weight * (total or 0.0) for weight, total in parts) / weight_sum
    return round(value, 2)


def member_results(
    plan: EvaluationPlanRow,
    criteria: Sequence[EvalCriterionRow],
    scores: Iterable[EvalScoreRow],
    members: Iterable[MemberInfo],
) -> tuple[MemberResult, ...]:
    """Work out every member's totals and rank within the unit, by unit then rank."""
    by_member: dict[int, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    evaluators: dict[int, int] = defaultdict(int)
    for sc in scores:
        by_member[sc.member_id][sc.source][sc.criterion_id] = sc.score
        if sc.source == EvaluationSource.MASSES.value:
            evaluators[sc.member_id] = max(evaluators[sc.member_id], sc.evaluator_count)
    needed = [
        (source, weight)
        for source, weight in (
            (EvaluationSource.SELF, plan.self_weight),
            (EvaluationSource.MASSES, plan.mass_weight),
        )
    ]
    partial: list[tuple[MemberInfo, float | None, float | None, float | None, tuple[str, ...]]]
    partial = []
    for info in members:
        totals: dict[EvaluationSource, float | None] = {}
        missing: list[str] = []
        for source, weight in needed:
            total, gaps = source_total(criteria, by_member[info.member_id][source.value])
            totals[source] = total
            if weight > 0:
                missing.extend(f"{source.value}：{name}" for name in gaps)
        self_total, mass_total = totals[EvaluationSource.SELF], totals[EvaluationSource.MASSES]
        combined = combine(plan, self_total, mass_total)
        partial.append((info, self_total, mass_total, combined, tuple(missing)))
    ranks: dict[int, int] = {}
    by_unit: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for info, _s, _m, combined, _missing in partial:
        if combined is not None:
            by_unit[info.org_id].append((info.member_id, combined))
    for entries in by_unit.values():
        for (member_id, _v), rank in zip(
            entries, rank_totals([v for _i, v in entries]), strict=True
        ):
            ranks[member_id] = rank
    results = [
        MemberResult(
            info.member_id,
            info.name,
            info.category,
            info.org_id,
            info.unit_name,
            self_total,
            mass_total,
            evaluators[info.member_id],
            combined,
            ranks.get(info.member_id),
            missing,
        )
        for info, self_total, mass_total, combined, missing in partial
    ]
    return tuple(
        sorted(
            results,
            key=lambda r: (r.unit_name, r.org_id, r.unit_rank or 10**9, r.name, r.member_id),
        )
    )


def unit_results(
    results: Sequence[MemberResult], unit_names: Mapping[int, str], members: Mapping[int, int]
) -> tuple[UnitEvaluation, ...]:
    """Return each unit's members, evaluated members, mean and best combined score."""
    combined: dict[int, list[float]] = defaultdict(list)
    for r in results:
        if r.combined is not None:
            combined[r.org_id].append(r.combined)
    rows = []
    for org_id, name in unit_names.items():
        values = combined.get(org_id, [])
        rows.append(
            UnitEvaluation(
                org_id,
                name,
                members.get(org_id, 0),
                len(values),
                round(sum(values) / len(values), 2) if values else None,
                max(values) if values else None,
            )
        )
    return tuple(sorted(rows, key=lambda u: (u.unit_name, u.org_id)))


def pick_candidates(
    results: Sequence[MemberResult], *, top_n: int | None, threshold: float | None
) -> list[MemberResult]:
    """Pick per unit the top ``top_n`` (ties at the edge kept) and/or those ≥ ``threshold``.

    With both rules a member must meet both.
    """
    if top_n is None and threshold is None:
        raise ValidationError("请给出每个单位推荐的人数或分数线（至少一项）", "top_n")
    if top_n is not None and top_n < 1:
        raise ValidationError("每个单位推荐人数至少为1", "top_n")
    picked = []
    for r in results:
        if r.combined is None or r.unit_rank is None:
            continue
        if top_n is not None and r.unit_rank > top_n:
            continue
        if threshold is not None and r.combined < threshold:
            continue
        picked.append(r)
    return picked
