"""Member evaluation (党员评议): criteria per campaign, self and mass scores, results per unit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model import (
    Campaign,
    EvaluationCriterion,
    EvaluationPlan,
    EvaluationScore,
    Member,
    table_of,
)
from brandoffice.model.vocab import EvaluationSource, MemberStandard
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service
from brandoffice.services.evaluation_results import (
    DEFAULT_MASS_WEIGHT,
    DEFAULT_SELF_WEIGHT,
    EvalCriterionRow,
    EvalScoreRow,
    EvaluationPlanRow,
    EvaluationResults,
    MemberInfo,
    default_criteria,
    member_results,
    unit_results,
)
from brandoffice.services.reviews import CriterionSpec
from brandoffice.services.reviews.scoring import clean_criteria, fmt_number
from brandoffice.services.rows import from_mapping

PLAN = table_of(EvaluationPlan)
CRITERION = table_of(EvaluationCriterion)
SCORE = table_of(EvaluationScore)
CAMPAIGN = table_of(Campaign)
MEMBER = table_of(Member)
LABEL = "党员评议"


class EvaluationService(Service):
    """A campaign's member evaluation: criteria, scores and results (see NominationService)."""

    # -- reads ---------------------------------------------------------------
    def plans(self) -> list[EvaluationPlanRow]:
        """Return every campaign's evaluation, newest year first."""
        with self.ctx.db.read() as s:
            rows = s.execute(_plan_query().order_by(CAMPAIGN.c.year.desc(), PLAN.c.id))
            return [from_mapping(EvaluationPlanRow, r._mapping) for r in rows]

    def plan(self, plan_id: int) -> EvaluationPlanRow:
        """Return one evaluation or raise NotFoundError."""
        with self.ctx.db.read() as s:
            return _read_plan(s, plan_id)

    def plan_of_campaign(self, campaign_id: int) -> EvaluationPlanRow | None:
        """Return a campaign's evaluation, or None when it has none yet."""
        with self.ctx.db.read() as s:
            row = s.execute(_plan_query().where(PLAN.c.campaign_id == campaign_id)).first()
        return None if row is None else from_mapping(EvaluationPlanRow, row._mapping)

    def criteria(self, plan_id: int) -> list[EvalCriterionRow]:
        """Return an evaluation's criteria in order."""
        with self.ctx.db.read() as s:
            return _criteria(s, plan_id)

    def scores(self, plan_id: int, member_id: int | None = None) -> list[EvalScoreRow]:
        """Return the scores of an evaluation, of one member or all."""
        with self.ctx.db.read() as s:
            return _scores(s, plan_id, member_id)

    def results(self, plan_id: int, org_id: int | None = None) -> EvaluationResults:
        """Work out each member's and each unit's result.

        Args:
            plan_id: The evaluation.
            org_id: Only this unit and the units below it; the campaign's scope when None.

        Returns:
            Members of the units in scope (scored or not, so the unscored show as missing)
            and per unit the members on record, members evaluated and their mean score.
        """
        with self.ctx.db.read() as s:
            plan = _read_plan(s, plan_id)
            criteria = _criteria(s, plan_id)
            units = rh.scope_units(s, org_id if org_id is not None else _scope(s, plan))
            member_query = select(
                MEMBER.c.id, MEMBER.c.name, MEMBER.c.category, MEMBER.c.org_id
            ).order_by(MEMBER.c.id)
            if units is not None:
                member_query = member_query.where(MEMBER.c.org_id.in_(units))
            raw = s.execute(member_query).all()
            names = rh.org_names(s, {int(r.org_id) for r in raw})
            infos = [MemberInfo(r.id, r.name, r.category, r.org_id, names[r.org_id]) for r in raw]
            wanted = {i.member_id for i in infos}
            scores = [sc for sc in _scores(s, plan_id) if sc.member_id in wanted]
            counts = rh.member_counts(s, list(names))
        members = member_results(plan, criteria, scores, infos)
        return EvaluationResults(
            plan, tuple(criteria), members, unit_results(members, names, counts)
        )

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create_plan(
        self,
        campaign_id: int,
        standard: str = MemberStandard.FIVE_LEADS.value,
        *,
        criteria: Iterable[CriterionSpec] | None = None,
        self_weight: float = DEFAULT_SELF_WEIGHT,
        mass_weight: float = DEFAULT_MASS_WEIGHT,
        note: str | None = None,
    ) -> EvaluationPlanRow:
        """Open a campaign's member evaluation.

        Args:
            campaign_id: The campaign; it can have one evaluation.
            standard: 五带头 (seed 000), 五个模范 (seed 004) or 自定义.
            criteria: The criteria with weights adding up to 1; the standard's five,
                weighted equally, when None (required for 自定义).
            self_weight: Weight of the self-assessment in the combined score.
            mass_weight: Weight of the masses' evaluation.
            note: Free text.
        """
        kind = validate.choice(standard, MemberStandard, "评议标准", "standard")
        specs = clean_criteria(default_criteria(kind) if criteria is None else criteria)
        weights = _weights(self_weight, mass_weight)
        remark = validate.optional_text(note, "备注", "note", max_len=2000)
        with self.ctx.db.write.begin() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise ValidationError(f"创建活动（编号 {campaign_id}）不存在", "campaign_id")
            if s.scalar(select(PLAN.c.id).where(PLAN.c.campaign_id == campaign_id)):
                raise ValidationError(f"“{campaign.name}”已设置党员评议", "campaign_id")
            plan = EvaluationPlan(
                campaign_id=campaign_id,
                standard=kind.value,
                self_weight=weights[0],
                mass_weight=weights[1],
                note=remark,
            )
            s.add(plan)
            s.flush()
            _write_criteria(s, plan.id, specs)
            detail = f"{kind.value}；自评{fmt_number(weights[0])}/群众评议{fmt_number(weights[1])}"
            rh.log(s, self.ctx, "设置党员评议", LABEL, plan.id, campaign.name, detail)
            new_id = plan.id
        return self.plan(new_id)

    @retry_conflicts
    def update_plan(
        self,
        plan_id: int,
        version: int,
        *,
        self_weight: float,
        mass_weight: float,
        note: str | None = None,
    ) -> EvaluationPlanRow:
        """Change how the two sources are weighted; refused when someone saved it meanwhile."""
        weights = _weights(self_weight, mass_weight)
        remark = validate.optional_text(note, "备注", "note", max_len=2000)
        with self.ctx.db.write.begin() as s:
            plan = rh.load(s, EvaluationPlan, plan_id, version, LABEL)
            plan.self_weight, plan.mass_weight, plan.note = weights[0], weights[1], remark
            detail = f"自评{fmt_number(weights[0])}/群众评议{fmt_number(weights[1])}"
            rh.log(s, self.ctx, "修改党员评议", LABEL, plan_id, None, detail)
        return self.plan(plan_id)

    @retry_conflicts
    def set_criteria(self, plan_id: int, criteria: Iterable[CriterionSpec]) -> None:
        """Edit the criteria: criteria kept by name keep their scores.

        Raises:
            ValidationError: Weights not adding up to 1, a scored criterion removed, or a
                maximum lowered below a score already given.
        """
        specs = clean_criteria(criteria)
        with self.ctx.db.write.begin() as s:
            rh.load(s, EvaluationPlan, plan_id, None, LABEL)
            current = {c.name: c for c in _criteria(s, plan_id)}
            wanted = {spec.name: spec for spec in specs}
            for name, row in current.items():
                top = s.scalar(
                    select(SCORE.c.score)
                    .where(SCORE.c.criterion_id == row.id)
                    .order_by(SCORE.c.score.desc())
                    .limit(1)
                )
                if top is None:
                    continue
                if name not in wanted:
                    raise ValidationError(f"评议项目“{name}”已有评分，不能删除", "criteria")
                if wanted[name].max_score < top:
                    raise ValidationError(
                        f"评议项目“{name}”已有{fmt_number(top)}分的评分，满分不能低于此分",
                        "criteria",
                    )
            gone = [row.id for name, row in current.items() if name not in wanted]
            if gone:
                s.execute(delete(CRITERION).where(CRITERION.c.id.in_(gone)))
            for position, spec in enumerate(specs):
                if spec.name in current:
                    s.execute(
                        CRITERION.update()
                        .where(CRITERION.c.id == current[spec.name].id)
                        .values(weight=spec.weight, max_score=spec.max_score, position=position)
                    )
                else:
                    _write_criteria(s, plan_id, [spec], start=position)
            names = "、".join(spec.name for spec in specs)
            rh.log(s, self.ctx, "修改评议项目", LABEL, plan_id, None, names)

    @retry_conflicts
    def set_scores(
        self,
        plan_id: int,
        member_id: int,
        source: str,
        scores: Mapping[str, float],
        *,
        evaluator_count: int = 1,
    ) -> list[EvalScoreRow]:
        """Record a member's scores from one source, criterion by name (others are kept).

        Args:
            plan_id: The evaluation.
            member_id: The member; within the campaign's units.
            source: 自评 or 群众评议.
            scores: Criterion name → score (0 … the criterion's maximum); for 群众评议 the
                mean over the evaluation sheets.
            evaluator_count: How many sheets the mean is of (1 for 自评).

        Returns:
            The member's scores of that source after the change.
        """
        kind, count = clean_source(source, evaluator_count)
        if not scores:
            raise ValidationError("没有要登记的评分", "scores")
        with self.ctx.db.write.begin() as s:
            plan = _read_plan(s, plan_id)
            person = rh.member(s, member_id)
            scope = rh.scope_units(s, _scope(s, plan))
            if scope is not None and person.org_id not in scope:
                raise ValidationError(
                    f"党员“{person.name}”所在组织不在“{plan.campaign_name}”范围内", "member_id"
                )
            by_name = {c.name: c for c in _criteria(s, plan_id)}
            for name, value in scores.items():
                criterion = by_name.get(name)
                if criterion is None:
                    raise unknown_criterion(name, by_name)
                score = clean_score(name, value, criterion.max_score)
                key = (
                    SCORE.c.criterion_id == criterion.id,
                    SCORE.c.member_id == member_id,
                    SCORE.c.source == kind.value,
                )
                found = s.scalar(select(SCORE.c.id).where(*key))
                values = {"score": score, "evaluator_count": count}
                if found is None:
                    s.execute(
                        SCORE.insert().values(
                            criterion_id=criterion.id,
                            member_id=member_id,
                            source=kind.value,
                            **values,
                        )
                    )
                else:
                    s.execute(SCORE.update().where(SCORE.c.id == found).values(**values))
            rh.log(
                s,
                self.ctx,
                "登记评议分数",
                LABEL,
                plan_id,
                person.name,
                f"{kind.value} {len(scores)} 项（{count} 人）",
            )
        return [sc for sc in self.scores(plan_id, member_id) if sc.source == kind.value]

    @retry_conflicts
    def clear_scores(self, plan_id: int, member_id: int, source: str | None = None) -> int:
        """Delete a member's scores (of one source or both); return how many were deleted."""
        kind = validate.optional_choice(source, EvaluationSource, "评分来源", "source")
        ids = select(CRITERION.c.id).where(CRITERION.c.plan_id == plan_id)
        query = delete(SCORE).where(SCORE.c.member_id == member_id, SCORE.c.criterion_id.in_(ids))
        if kind is not None:
            query = query.where(SCORE.c.source == kind.value)
        with self.ctx.db.write.begin() as s:
            gone = int(s.execute(query).rowcount)  # type: ignore[attr-defined]
            name = rh.member(s, member_id).name
            rh.log(
                s,
                self.ctx,
                "清除评议分数",
                LABEL,
                plan_id,
                name,
                f"{kind.value if kind else '全部'} {gone} 项",
            )
        return gone


def clean_source(source: str, evaluator_count: int | None) -> tuple[EvaluationSource, int]:
    """Check a score's source and how many sheets it is the mean of (blank: 1).

    Raises:
        ValidationError: An unknown source, fewer than one sheet, or a 自评 of several.
    """
    kind = validate.choice(source, EvaluationSource, "评分来源", "source")
    count = 1 if evaluator_count is None else int(evaluator_count)
    if count < 1:
        raise ValidationError("参评人数至少为1", "evaluator_count")
    if kind is EvaluationSource.SELF and count != 1:
        raise ValidationError("自评只能由党员本人打分（参评人数应为1）", "evaluator_count")
    return kind, count


def clean_score(criterion: str, value: float | None, top: float) -> float:
    """Return a score from 0 to the criterion's maximum or refuse it."""
    return rh.number(value, f"“{criterion}”的评分", "scores", high=top)


def unknown_criterion(name: str, allowed: Iterable[str]) -> ValidationError:
    """Return the refusal of a criterion the evaluation does not have."""
    return ValidationError(f"评议项目“{name}”不存在，可选：{'、'.join(allowed)}", "scores")


def _weights(self_weight: float, mass_weight: float) -> tuple[float, float]:
    own = rh.number(self_weight, "自评权重", "self_weight")
    mass = rh.number(mass_weight, "群众评议权重", "mass_weight")
    if own + mass <= 0:
        raise ValidationError("自评和群众评议的权重不能都为0", "self_weight")
    return own, mass


def _plan_query() -> Any:
    return select(
        PLAN.c.id,
        PLAN.c.campaign_id,
        CAMPAIGN.c.name.label("campaign_name"),
        CAMPAIGN.c.year,
        PLAN.c.standard,
        PLAN.c.self_weight,
        PLAN.c.mass_weight,
        PLAN.c.note,
        PLAN.c.version,
    ).join(CAMPAIGN, CAMPAIGN.c.id == PLAN.c.campaign_id)


def _read_plan(session: Session, plan_id: int) -> EvaluationPlanRow:
    row = session.execute(_plan_query().where(PLAN.c.id == plan_id)).first()
    if row is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的党员评议")
    return from_mapping(EvaluationPlanRow, row._mapping)


def _scope(session: Session, plan: EvaluationPlanRow) -> int | None:
    scope = session.scalar(select(CAMPAIGN.c.scope_org_id).where(CAMPAIGN.c.id == plan.campaign_id))
    return None if scope is None else int(scope)


def _scores(session: Session, plan_id: int, member_id: int | None = None) -> list[EvalScoreRow]:
    query = (
        select(*(SCORE.c[f] for f in EvalScoreRow.__dataclass_fields__))
        .join(CRITERION, CRITERION.c.id == SCORE.c.criterion_id)
        .where(CRITERION.c.plan_id == plan_id)
        .order_by(SCORE.c.member_id, SCORE.c.source, CRITERION.c.position)
    )
    if member_id is not None:
        query = query.where(SCORE.c.member_id == member_id)
    return [EvalScoreRow(*r) for r in session.execute(query)]


def _criteria(session: Session, plan_id: int) -> list[EvalCriterionRow]:
    rows = session.execute(
        select(*(CRITERION.c[f] for f in EvalCriterionRow.__dataclass_fields__))
        .where(CRITERION.c.plan_id == plan_id)
        .order_by(CRITERION.c.position, CRITERION.c.id)
    )
    return [EvalCriterionRow(*r) for r in rows]


def _write_criteria(
    session: Session, plan_id: int, specs: list[CriterionSpec], start: int = 0
) -> None:
    session.execute(
        CRITERION.insert(),
        [
            {
                "plan_id": plan_id,
                "name": spec.name,
                "weight": spec.weight,
                "max_score": spec.max_score,
                "position": start + i,
            }
            for i, spec in enumerate(specs)
        ],
    )
