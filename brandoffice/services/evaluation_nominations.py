"""Nomination of 优秀共产党员 from a member evaluation: nominations (推荐) awaiting a decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.model import Commendation, table_of
from brandoffice.model.vocab import CommendationKind
from brandoffice.services.commendations import CommendationRow, CommendationService, HonourDraft
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_results import Candidate, pick_candidates
from brandoffice.services.reviews.scoring import fmt_number

COMMENDATION = table_of(Commendation)
EXCELLENT = CommendationKind.EXCELLENT_MEMBER.value


class NominationService:
    """Propose and nominate 优秀共产党员 from an evaluation's results."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.evaluation = EvaluationService(ctx)

    def candidates(
        self,
        plan_id: int,
        *,
        top_n: int | None = None,
        threshold: float | None = None,
        org_id: int | None = None,
    ) -> list[Candidate]:
        """Propose 优秀共产党员 per unit: the best ``top_n`` and/or those scoring ≥ ``threshold``.

        Members already nominated or commended 优秀共产党员 in the campaign's year are
        flagged, not dropped.
        """
        results = self.evaluation.results(plan_id, org_id)
        picked = pick_candidates(results.members, top_n=top_n, threshold=threshold)
        with self.ctx.db.read() as s:
            done = _commended(s, results.plan.year, [r.member_id for r in picked])
        return [Candidate(r, r.member_id in done) for r in picked]

    def nominate(
        self,
        plan_id: int,
        member_ids: Iterable[int],
        *,
        nominated_by: str | None = None,
        nominated_on: dt.date | None = None,
    ) -> list[CommendationRow]:
        """Nominate members 优秀共产党员 (推荐) for the campaign's year from their results.

        The nominations wait for the deciding body: :meth:`CommendationService.decide`
        records 表彰 or 未通过 with the body and the date. Every member is checked before
        any is nominated: each must have a combined score, and none may already be
        nominated or commended that year.

        Returns:
            The nominations made, in the order asked.
        """
        wanted = list(dict.fromkeys(member_ids))
        if not wanted:
            raise ValidationError("请选择要推荐的党员", "member_ids")
        results = {r.member_id: r for r in self.evaluation.results(plan_id).members}
        plan = self.evaluation.plan(plan_id)
        for member_id in wanted:
            result = results.get(member_id)
            if result is None:
                raise ValidationError(f"党员（编号 {member_id}）不在本次评议范围内", "member_ids")
            if result.combined is None:
                raise ValidationError(f"“{result.name}”的评议尚未完成，不能推荐", "member_ids")
        with self.ctx.db.read() as s:
            done = _commended(s, plan.year, wanted)
        if done:
            names = "、".join(results[m].name for m in wanted if m in done)
            raise ValidationError(
                f"{names}已有{plan.year}年度“{EXCELLENT}”的推荐或表彰记录", "member_ids"
            )
        honours = CommendationService(self.ctx)
        note = f"由“{plan.campaign_name}”党员评议推荐"
        when = nominated_on or self.ctx.today()
        made = []
        for member_id in wanted:
            score = fmt_number(results[member_id].combined or 0)
            draft = HonourDraft(
                plan.year,
                EXCELLENT,
                member_id=member_id,
                nominated_by=nominated_by,
                nominated_on=when,
                note=f"{note}（综合得分 {score}）",
            )
            made.append(honours.add(draft))
        return made


def _commended(session: Session, year: int, member_ids: list[int]) -> set[int]:
    if not member_ids:
        return set()
    rows = session.scalars(
        select(COMMENDATION.c.member_id).where(
            COMMENDATION.c.year == year,
            COMMENDATION.c.kind == EXCELLENT,
            COMMENDATION.c.member_id.in_(member_ids),
        )
    )
    return {int(m) for m in rows}
