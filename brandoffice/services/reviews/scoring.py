"""Scoring rules of review rounds: criteria, thresholds, trimmed means, totals and ranks."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from brandoffice.errors import ValidationError
from brandoffice.model.vocab import Grade, ReviewSubject
from brandoffice.services import validate

PROPOSE_NAMING = "建议命名"
RETURN_TO_CULTIVATION = "退回培育"
FIVE_GOODS = ("领导班子好", "党员队伍好", "工作机制好", "工作业绩好", "群众反映好")
MIN_REVIEWERS_TO_TRIM = 3
_WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    """A criterion as the clerk edits it: name, weight and the highest score allowed."""

    name: str
    weight: float
    max_score: float = 100.0


DEFAULT_BRAND_CRITERIA = (
    CriterionSpec("社会评估", 0.3),
    CriterionSpec("专家评审", 0.5),
    CriterionSpec("党员群众满意", 0.2),
)
"""Seed 002: social assessment the base, expert review the body, satisfaction the goal."""

DEFAULT_ORG_CRITERIA = tuple(CriterionSpec(name, 0.2) for name in FIVE_GOODS)
"""The 五个好, weighted equally."""

DEFAULT_CRITERIA = {
    ReviewSubject.BRAND: DEFAULT_BRAND_CRITERIA,
    ReviewSubject.ORG: DEFAULT_ORG_CRITERIA,
}

OUTCOME_LADDER: dict[ReviewSubject, tuple[tuple[str, ...], str]] = {
    ReviewSubject.BRAND: ((PROPOSE_NAMING,), RETURN_TO_CULTIVATION),
    ReviewSubject.ORG: ((Grade.ADVANCED.value, Grade.MIDDLE.value), Grade.LAGGING.value),
}
"""Per subject: the outcomes that need a minimum total (best first) and the fallback."""

DEFAULT_THRESHOLDS: dict[ReviewSubject, dict[str, float]] = {
    ReviewSubject.BRAND: {PROPOSE_NAMING: 85.0},
    ReviewSubject.ORG: {Grade.ADVANCED.value: 85.0, Grade.MIDDLE.value: 70.0},
}


@dataclass(frozen=True, slots=True)
class RoundRow:
    """A review round."""

    id: int
    name: str
    held_on: dt.date
    subject: str
    campaign_id: int | None
    drop_extremes: bool
    thresholds: dict[str, float]
    note: str | None


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """A weighted criterion of a round."""

    id: int
    round_id: int
    name: str
    weight: float
    max_score: float
    position: int


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One reviewer's score of one subject (brand or organisation) on one criterion."""

    id: int
    round_id: int
    criterion_id: int
    subject_id: int
    reviewer: str
    score: float


@dataclass(frozen=True, slots=True)
class SubjectResult:
    """The result of one brand or organisation in a round.

    Attributes:
        subject_id: The brand or organisation id.
        name: Its name.
        means: Per criterion (in the round's order) the mean score, None when unscored.
        reviewer_count: How many reviewers scored it.
        total: Sum of weight × mean; unscored criteria count as 0.
        rank: 1 for the best; equal totals share a rank (1, 1, 3).
        outcome: The proposed outcome (建议命名 / 退回培育, or 先进 / 中间 / 后进),
            None while some criterion is unscored.
        missing: Names of the unscored criteria.
    """

    subject_id: int
    name: str
    means: tuple[float | None, ...]
    reviewer_count: int
    total: float
    rank: int
    outcome: str | None
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Tell whether every criterion has at least one score."""
        return not self.missing


@dataclass(frozen=True, slots=True)
class RoundResults:
    """A round, its criteria and its subjects' results, best first."""

    round: RoundRow
    criteria: tuple[CriterionRow, ...]
    subjects: tuple[SubjectResult, ...]


@dataclass(frozen=True, slots=True)
class GradeChange:
    """A grade written to an organisation from a round's results."""

    org_id: int
    name: str
    before: str | None
    after: str
    total: float

    @property
    def changed(self) -> bool:
        """Tell whether the grade is different from before."""
        return self.before != self.after


def criterion_mean(scores: Sequence[float], drop_extremes: bool) -> float:
    """Return the mean of reviewers' scores, without one highest and one lowest if asked.

    Extremes are dropped only when at least three reviewers scored.
    """
    values = sorted(scores)
    if drop_extremes and len(values) >= MIN_REVIEWERS_TO_TRIM:
        values = values[1:-1]
    return sum(values) / len(values)


def propose_outcome(subject: str, total: float, thresholds: Mapping[str, float]) -> str:
    """Return the best outcome whose minimum ``total`` reaches, else the fallback."""
    ladder, fallback = OUTCOME_LADDER[ReviewSubject(subject)]
    for label in ladder:
        if total >= thresholds[label]:
            return label
    return fallback


def rank_totals(totals: Sequence[float]) -> list[int]:
    """Return competition ranks (1, 1, 3) for totals, higher totals first."""
    keys = [round(t, 6) for t in totals]  # float noise must not break a tie
    return [1 + sum(1 for other in keys if other > key) for key in keys]


def compute_results(
    round_row: RoundRow,
    criteria: list[CriterionRow],
    scores: list[ScoreRow],
    names: Mapping[int, str],
) -> tuple[SubjectResult, ...]:
    grouped: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    reviewers: dict[int, set[str]] = defaultdict(set)
    for sc in scores:
        grouped[sc.subject_id][sc.criterion_id].append(sc.score)
        reviewers[sc.subject_id].add(sc.reviewer)
    partial: list[tuple[int, tuple[float | None, ...], float, tuple[str, ...]]] = []
    for subject_id, by_criterion in grouped.items():
        means = tuple(
            criterion_mean(by_criterion[c.id], round_row.drop_extremes)
            if by_criterion.get(c.id)
            else None
            for c in criteria
        )
        total = sum(c.weight * m for c, m in zip(criteria, means, strict=True) if m is not None)
        missing = tuple(c.name for c, m in zip(criteria, means, strict=True) if m is None)
        partial.append((subject_id, means, total, missing))
    ranks = rank_totals([p[2] for p in partial])
    results = [
        SubjectResult(
            subject_id=subject_id,
            name=names.get(subject_id, f"（已删除 {subject_id}）"),
            means=means,
            reviewer_count=len(reviewers[subject_id]),
            total=total,
            rank=rank,
            outcome=None
            if missing
            else propose_outcome(round_row.subject, total, round_row.thresholds),
            missing=missing,
        )
        for (subject_id, means, total, missing), rank in zip(partial, ranks, strict=True)
    ]
    return tuple(sorted(results, key=lambda r: (r.rank, r.name, r.subject_id)))


def clean_criteria(criteria: Iterable[CriterionSpec]) -> list[CriterionSpec]:
    specs: list[CriterionSpec] = []
    for spec in criteria:
        name = validate.text(spec.name, "评分项名称", "criteria", max_len=50)
        if any(s.name == name for s in specs):
            raise ValidationError(f"评分项“{name}”重复", "criteria")
        weight = _number(spec.weight, f"评分项“{name}”的权重")
        top = _number(spec.max_score, f"评分项“{name}”的满分")
        if weight <= 0:
            raise ValidationError(f"评分项“{name}”的权重应大于0", "criteria")
        if top <= 0:
            raise ValidationError(f"评分项“{name}”的满分应大于0", "criteria")
        specs.append(CriterionSpec(name, weight, top))
    if not specs:
        raise ValidationError("评审至少要有一个评分项", "criteria")
    total = sum(s.weight for s in specs)
    if abs(total - 1.0) > _WEIGHT_TOLERANCE:
        raise ValidationError(
            f"各评分项权重之和应为1（现为{fmt_number(total)}），如 0.3、0.5、0.2", "criteria"
        )
    return specs


def clean_thresholds(kind: ReviewSubject, thresholds: Mapping[str, float]) -> dict[str, float]:
    ladder, fallback = OUTCOME_LADDER[kind]
    unknown = [k for k in thresholds if k not in ladder]
    if unknown:
        raise ValidationError(
            f"分数线“{unknown[0]}”无效：对{kind.value}的评审可设 {'、'.join(ladder)}"
            f"（低于分数线者为“{fallback}”）",
            "thresholds",
        )
    cleaned: dict[str, float] = {}
    for label in ladder:
        if label not in thresholds:
            raise ValidationError(f"缺少“{label}”的分数线", "thresholds")
        value = _number(thresholds[label], f"“{label}”的分数线")
        if value < 0:
            raise ValidationError(f"“{label}”的分数线不能为负数", "thresholds")
        cleaned[label] = value
    for higher, lower in itertools.pairwise(ladder):
        if cleaned[higher] < cleaned[lower]:
            raise ValidationError(
                f"“{higher}”的分数线（{fmt_number(cleaned[higher])}）不能低于"
                f"“{lower}”的分数线（{fmt_number(cleaned[lower])}）",
                "thresholds",
            )
    return cleaned


def clean_score(value: Any, criterion: CriterionRow) -> float:
    number = _number(value, f"“{criterion.name}”的评分")
    if not 0 <= number <= criterion.max_score:
        raise ValidationError(
            f"“{criterion.name}”的评分应在0到{fmt_number(criterion.max_score)}之间（现为{fmt_number(number)}）",
            "score",
        )
    return number


def _number(value: Any, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{label}应为数字", "score")
    number = float(value)
    if not math.isfinite(number):
        raise ValidationError(f"{label}应为有限的数字", "score")
    return number


def fmt_number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
