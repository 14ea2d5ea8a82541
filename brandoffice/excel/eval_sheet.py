"""The member-evaluation sheet (党员评议): one score of a member on a criterion from a source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import (
    Campaigns,
    MemberIndex,
    MemberRef,
    SubtreeCache,
    export_rows,
    resolve_org,
)
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import CAMPAIGN, EVAL_CRITERION, EVAL_PLAN, EVAL_SCORE, MEMBER
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, insert_returning, plan_keyed
from brandoffice.kinds.campaign import EVALUATION
from brandoffice.model.vocab import MemberStandard
from brandoffice.services import evaluation as rules
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation_results import (
    DEFAULT_MASS_WEIGHT,
    DEFAULT_SELF_WEIGHT,
    default_criteria,
)

SCORES = Keyed(
    EVAL_SCORE,
    key=("criterion_id", "member_id", "source"),
    fields=("criterion_id", "member_id", "source", "score", "evaluator_count"),
    load_by="member_id",
    derived={"member_id": "member"},
    duplicate="criterion",
    what="同一党员、同一评议项目、同一评分来源",
)
NEW = "new"
SCORE_FIELD = EVALUATION.rule_fields


@dataclass(frozen=True)
class _Plan:
    """A campaign's evaluation as the sheet needs it: its standard and criteria by name."""

    standard: str
    criteria: dict[str, tuple[Any, float]]
    """Criterion name → (its id, or ``(NEW, campaign, name)`` for a new plan; its maximum)."""


@dataclass
class EvaluationImport:
    """Evaluations to open (campaign → standard) and scores to add or change."""

    new_plans: dict[int, str] = field(default_factory=dict)
    scores: Upserts = field(default_factory=lambda: Upserts(EVAL_SCORE))

    @property
    def size(self) -> int:
        """Records to write."""
        return len(self.new_plans) + self.scores.size


def _existing_plans(session: Session, campaign_ids: list[int]) -> dict[int, _Plan]:
    plans: dict[int, _Plan] = {}
    if not campaign_ids:
        return plans
    rows = session.execute(
        select(
            EVAL_PLAN.c.campaign_id,
            EVAL_PLAN.c.standard,
            EVAL_CRITERION.c.id,
            EVAL_CRITERION.c.name,
            EVAL_CRITERION.c.max_score,
        )
        .join(EVAL_CRITERION, EVAL_CRITERION.c.plan_id == EVAL_PLAN.c.id, isouter=True)
        .where(EVAL_PLAN.c.campaign_id.in_(campaign_ids))
        .order_by(EVAL_CRITERION.c.position)
    )
    for campaign, standard, crit_id, name, top in rows:
        plan = plans.setdefault(campaign, _Plan(standard, {}))
        if crit_id is not None:
            plan.criteria[name] = (crit_id, top)
    return plans


def plan(session: Session, ctx: AppContext, job: Job) -> EvaluationImport:
    """Check every score row and decide which evaluations to open and scores to write."""
    index = OrgIndex.load(session)
    members = MemberIndex.for_rows(session, index, job)
    campaigns = Campaigns(session, job)
    plans = _existing_plans(session, sorted(campaigns.ids.values()))
    subtree = SubtreeCache(session)
    result = EvaluationImport()
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        campaign_id = campaigns.resolve(row, job)
        member = members.resolve(row, job, resolve_org(row, "org", index, job))
        source = job.problems.by_rule(row, rules.clean_source, v["source"], v["evaluator_count"])
        count = source[1] if source else 1
        if campaign_id is None or member is None:
            continue
        evaluation = _evaluation(row, job, campaign_id, plans, result.new_plans)
        if evaluation is None or not _in_scope(row, job, campaigns, campaign_id, member, subtree):
            continue
        criterion = evaluation.criteria.get(v["criterion"]) if v["criterion"] else None
        if criterion is None:
            if v["criterion"]:
                refusal = rules.unknown_criterion(v["criterion"], evaluation.criteria)
                job.problems.add(row, "criterion", str(refusal))
            continue
        score = v["score"]
        if score is not None:
            job.problems.by_rule(
                row, rules.clean_score, v["criterion"], score, criterion[1], fields=SCORE_FIELD
            )
        if row.ok:
            values = {
                "criterion_id": criterion[0],
                "member_id": member.id,
                "source": v["source"],
                "score": score,
                "evaluator_count": count,
            }
            cleaned.append((row, values))
    result.scores = plan_keyed(session, job, SCORES, cleaned)
    return result


def _evaluation(
    row: CheckedRow, job: Job, campaign_id: int, plans: dict[int, _Plan], new: dict[int, str]
) -> _Plan | None:
    """Return the campaign's evaluation, or the one the sheet opens with the row's standard."""
    standard = row.values["standard"]
    found = plans.get(campaign_id)
    if found is not None:
        if standard and standard != found.standard:
            job.problems.add(row, "standard", f"该活动的党员评议已按“{found.standard}”设置")
            return None
        return found
    wanted = standard or MemberStandard.FIVE_LEADS.value
    if wanted == MemberStandard.CUSTOM.value:
        job.problems.add(row, "standard", "自定义评议标准须先在软件中设置评议项目")
        return None
    first = new.setdefault(campaign_id, wanted)
    if first != wanted:
        job.problems.add(row, "standard", f"与前面的行不一致：该活动按“{first}”新建党员评议")
        return None
    specs = default_criteria(MemberStandard(wanted))
    return _Plan(wanted, {c.name: ((NEW, campaign_id, c.name), c.max_score) for c in specs})


def _in_scope(
    row: CheckedRow,
    job: Job,
    campaigns: Campaigns,
    campaign_id: int,
    member: MemberRef,
    subtree: SubtreeCache,
) -> bool:
    scope = campaigns.scope_of[campaign_id]
    if scope is None or member.org_id in subtree(scope):
        return True
    job.problems.add(row, "member", f"党员“{member.name}”所在组织不在该创建活动范围内")
    return False


def apply(
    session: Session, plan: EvaluationImport, log: BatchLog, job: Job, ctx: AppContext
) -> None:
    """Open the new evaluations with their standard's criteria, then write the scores."""
    created: dict[tuple[Any, ...], int] = {}
    plan_ids = []
    for campaign_id, standard in plan.new_plans.items():
        values = {
            "campaign_id": campaign_id,
            "standard": standard,
            "note": None,
            "self_weight": DEFAULT_SELF_WEIGHT,
            "mass_weight": DEFAULT_MASS_WEIGHT,
        }
        (plan_id,) = insert_returning(session, EVAL_PLAN, [values])
        plan_ids.append(plan_id)
        specs = default_criteria(MemberStandard(standard))
        rows = [
            {
                "plan_id": plan_id,
                "name": c.name,
                "weight": c.weight,
                "max_score": c.max_score,
                "position": i,
            }
            for i, c in enumerate(specs)
        ]
        ids = insert_returning(session, EVAL_CRITERION, rows)
        log.inserted_ids(EVAL_CRITERION, ids)
        created.update({(NEW, campaign_id, c.name): i for c, i in zip(specs, ids, strict=True)})
    log.inserted_ids(EVAL_PLAN, plan_ids)
    for values in plan.scores.inserts:
        if isinstance(values["criterion_id"], tuple):
            values["criterion_id"] = created[values["criterion_id"]]
    apply_upserts(session, plan.scores, log, job)
    if plan.new_plans:
        log.extra.append(f"新建党员评议 {len(plan.new_plans)} 项")


def export(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every score as a sheet row, by campaign, unit, member, source and criterion."""
    query = (
        select(
            CAMPAIGN.c.name.label("campaign"),
            EVAL_PLAN.c.standard,
            MEMBER.c.name.label("member"),
            MEMBER.c.org_id,
            MEMBER.c.id_number,
            EVAL_CRITERION.c.name.label("criterion"),
            EVAL_SCORE.c.source,
            EVAL_SCORE.c.score,
            EVAL_SCORE.c.evaluator_count,
            EVAL_SCORE.c.uid,
        )
        .join(EVAL_CRITERION, EVAL_CRITERION.c.id == EVAL_SCORE.c.criterion_id)
        .join(EVAL_PLAN, EVAL_PLAN.c.id == EVAL_CRITERION.c.plan_id)
        .join(CAMPAIGN, CAMPAIGN.c.id == EVAL_PLAN.c.campaign_id)
        .join(MEMBER, MEMBER.c.id == EVAL_SCORE.c.member_id)
        .order_by(
            CAMPAIGN.c.year,
            CAMPAIGN.c.id,
            MEMBER.c.org_id,
            MEMBER.c.id,
            EVAL_SCORE.c.source.desc(),
            EVAL_CRITERION.c.position,
        )
    )
    return export_rows(session, query, reveal)
