"""The review service: rounds, scores, results and writing grades to organisations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model import Brand, Organisation, ReviewCriterion, ReviewRound, ReviewScore
from brandoffice.model.vocab import ReviewSubject
from brandoffice.services import audit, validate
from brandoffice.services import grade_history as history
from brandoffice.services.context import Service
from brandoffice.services.reviews.scoring import (
    DEFAULT_CRITERIA,
    DEFAULT_THRESHOLDS,
    CriterionRow,
    CriterionSpec,
    GradeChange,
    RoundResults,
    RoundRow,
    ScoreRow,
    clean_criteria,
    clean_score,
    clean_thresholds,
    compute_results,
    fmt_number,
)

ROUND = cast(Table, ReviewRound.__table__)
CRITERION = cast(Table, ReviewCriterion.__table__)
SCORE = cast(Table, ReviewScore.__table__)


class ReviewService(Service):
    """Review rounds of brands (社会评估、专家评审、党员群众满意) or organisations (五个好)."""

    # -- reads ---------------------------------------------------------------
    def rounds(self) -> list[RoundRow]:
        """Return every round, newest first."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(ROUND).order_by(ROUND.c.held_on.desc(), ROUND.c.id.desc()))
            return [_round_row(r._mapping) for r in rows]

    def get_round(self, round_id: int) -> RoundRow:
        """Return one round or raise NotFoundError."""
        with self.ctx.db.read() as s:
            return _read_round(s, round_id)

    def criteria(self, round_id: int) -> list[CriterionRow]:
        """Return a round's criteria in order."""
        with self.ctx.db.read() as s:
            return _criteria(s, round_id)

    def scores(self, round_id: int) -> list[ScoreRow]:
        """Return every score of a round."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(SCORE).where(SCORE.c.round_id == round_id).order_by(SCORE.c.id))
            return [_score_row(r._mapping) for r in rows]

    def results(self, round_id: int) -> RoundResults:
        """Work out every scored subject's total, rank and proposed outcome."""
        with self.ctx.db.read() as s:
            round_row = _read_round(s, round_id)
            criteria = _criteria(s, round_id)
            scores = [
                _score_row(r._mapping)
                for r in s.execute(select(SCORE).where(SCORE.c.round_id == round_id))
            ]
            ids = {sc.subject_id for sc in scores}
            names = _subject_names(s, round_row.subject, ids)
        return RoundResults(
            round_row, tuple(criteria), compute_results(round_row, criteria, scores, names)
        )

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create_round(
        self,
        name: str,
        held_on: dt.date,
        subject: str,
        *,
        criteria: Iterable[CriterionSpec] | None = None,
        thresholds: Mapping[str, float] | None = None,
        drop_extremes: bool = False,
        campaign_id: int | None = None,
        note: str | None = None,
    ) -> RoundRow:
        """Open a round with its criteria (the defaults of the subject when None).

        Args:
            name: Unique name of the round.
            held_on: Date of the review.
            subject: 品牌 or 组织.
            criteria: Weighted criteria; weights must add up to 1.
            thresholds: Minimum totals per outcome; the defaults of the subject when None.
            drop_extremes: Drop each criterion's highest and lowest score (3+ reviewers).
            campaign_id: The campaign the round belongs to, if any.
            note: Free text.
        """
        kind = validate.choice(subject, ReviewSubject, "评审对象", "subject")
        cleaned = validate.text(name, "评审名称", "name", max_len=100)
        specs = clean_criteria(DEFAULT_CRITERIA[kind] if criteria is None else criteria)
        limits = clean_thresholds(
            kind, DEFAULT_THRESHOLDS[kind] if thresholds is None else thresholds
        )
        remark = validate.optional_text(note, "备注", "note", max_len=2000)
        with self.ctx.db.write.begin() as s:
            if s.scalar(select(ROUND.c.id).where(ROUND.c.name == cleaned)) is not None:
                raise ValidationError(f"已有名为“{cleaned}”的评审", "name")
            round_ = ReviewRound(
                name=cleaned,
                held_on=held_on,
                subject=kind.value,
                campaign_id=campaign_id,
                drop_extremes=bool(drop_extremes),
                thresholds=limits,
                note=remark,
            )
            s.add(round_)
            s.flush()
            for i, c in enumerate(specs):
                s.add(
                    ReviewCriterion(
                        round_id=round_.id,
                        name=c.name,
                        weight=c.weight,
                        max_score=c.max_score,
                        position=i,
                    )
                )
            self._audit(s, "新建评审", round_.id, cleaned)
            new_id = round_.id
        return self.get_round(new_id)

    @retry_conflicts
    def update_round(
        self,
        round_id: int,
        *,
        thresholds: Mapping[str, float] | None = None,
        drop_extremes: bool | None = None,
        held_on: dt.date | None = None,
        note: str | None = None,
    ) -> RoundRow:
        """Change a round's thresholds, extreme-dropping, date or note (None keeps)."""
        with self.ctx.db.write.begin() as s:
            round_ = _load_round(s, round_id)
            if thresholds is not None:
                round_.thresholds = clean_thresholds(ReviewSubject(round_.subject), thresholds)
            if drop_extremes is not None:
                round_.drop_extremes = bool(drop_extremes)
            if held_on is not None:
                round_.held_on = held_on
            if note is not None:
                round_.note = validate.optional_text(note, "备注", "note", max_len=2000)
            self._audit(s, "修改评审", round_id, round_.name)
        return self.get_round(round_id)

    @retry_conflicts
    def set_criteria(self, round_id: int, criteria: Iterable[CriterionSpec]) -> list[CriterionRow]:
        """Replace a round's criteria, keeping the scores of criteria kept by name.

        Raises:
            ValidationError: Weights do not add up to 1, a removed criterion already
                has scores, or a new maximum is below a score already given.
        """
        specs = clean_criteria(criteria)
        with self.ctx.db.write.begin() as s:
            round_ = _load_round(s, round_id)
            existing = {
                c.name: c
                for c in s.scalars(
                    select(ReviewCriterion).where(ReviewCriterion.round_id == round_id)
                )
            }
            wanted = {c.name for c in specs}
            for name, old in existing.items():
                used = s.scalar(select(func.count()).where(SCORE.c.criterion_id == old.id))
                if name not in wanted and used:
                    raise ValidationError(f"评分项“{name}”已有 {used} 个评分，不能删除", "criteria")
                top = s.scalar(
                    select(func.max(SCORE.c.score)).where(SCORE.c.criterion_id == old.id)
                )
                limit = next((c.max_score for c in specs if c.name == name), None)
                if top is not None and limit is not None and top > limit:
                    raise ValidationError(
                        f"评分项“{name}”已有 {fmt_number(top)} 分的评分，满分不能低于此数",
                        "criteria",
                    )
                if name not in wanted:
                    s.delete(old)
            for i, spec in enumerate(specs):
                row = existing.get(spec.name) or ReviewCriterion(round_id=round_id, name=spec.name)
                row.weight, row.max_score, row.position = spec.weight, spec.max_score, i
                s.add(row)
            detail = "、".join(f"{c.name}×{fmt_number(c.weight)}" for c in specs)
            self._audit(s, "修改评分项", round_id, round_.name, detail)
        return self.criteria(round_id)

    @retry_conflicts
    def set_scores(
        self, round_id: int, reviewer: str, subject_id: int, scores: Mapping[str, float]
    ) -> list[ScoreRow]:
        """Record one reviewer's scores of one subject by criterion name, replacing old ones.

        Raises:
            ValidationError: Unknown criterion, a score outside 0..满分, or no such subject.
        """
        who = validate.text(reviewer, "评审人", "reviewer", max_len=50)
        if not scores:
            raise ValidationError("没有要登记的评分", "score")
        with self.ctx.db.write.begin() as s:
            round_ = _load_round(s, round_id)
            subject_name = _subject_names(s, round_.subject, {subject_id}).get(subject_id)
            if subject_name is None:
                raise ValidationError(
                    f"评审对象（{round_.subject}编号 {subject_id}）不存在", "subject_id"
                )
            by_name = {c.name: c for c in _criteria(s, round_id)}
            column = "brand_id" if round_.subject == ReviewSubject.BRAND.value else "org_id"
            for name, value in scores.items():
                criterion = by_name.get(name)
                if criterion is None:
                    allowed = "、".join(by_name)
                    raise ValidationError(
                        f"本次评审没有评分项“{name}”，可选：{allowed}", "criterion"
                    )
                number = clean_score(value, criterion)
                score = s.scalar(
                    select(ReviewScore).where(
                        ReviewScore.criterion_id == criterion.id,
                        ReviewScore.reviewer == who,
                        getattr(ReviewScore, column) == subject_id,
                    )
                )
                if score is None:
                    score = ReviewScore(
                        round_id=round_id,
                        criterion_id=criterion.id,
                        reviewer=who,
                        **{column: subject_id},
                    )
                score.score = number
                s.add(score)
            s.flush()
            shown = "、".join(f"{k} {fmt_number(float(v))}" for k, v in scores.items())
            self._audit(s, "登记评分", round_id, round_.name, f"{who}评{subject_name}：{shown}")
            rows = s.execute(
                select(SCORE)
                .where(
                    SCORE.c.round_id == round_id,
                    SCORE.c[column] == subject_id,
                    SCORE.c.reviewer == who,
                )
                .order_by(SCORE.c.id)
            )
            return [_score_row(r._mapping) for r in rows]

    def set_score(
        self, round_id: int, reviewer: str, subject_id: int, criterion: str, score: float
    ) -> ScoreRow:
        """Record a single score; see :meth:`set_scores`."""
        rows = self.set_scores(round_id, reviewer, subject_id, {criterion: score})
        criterion_id = next(c.id for c in self.criteria(round_id) if c.name == criterion)
        return next(r for r in rows if r.criterion_id == criterion_id)

    @retry_conflicts
    def clear_scores(self, round_id: int, subject_id: int, reviewer: str | None = None) -> int:
        """Remove the scores of a subject (by one reviewer, or by all); return how many."""
        with self.ctx.db.write.begin() as s:
            round_ = _load_round(s, round_id)
            column = "brand_id" if round_.subject == ReviewSubject.BRAND.value else "org_id"
            query = delete(SCORE).where(SCORE.c.round_id == round_id, SCORE.c[column] == subject_id)
            if reviewer is not None:
                query = query.where(SCORE.c.reviewer == reviewer.strip())
            removed = int(s.execute(query).rowcount)  # type: ignore[attr-defined]
            self._audit(s, "删除评分", round_id, round_.name, f"{removed} 个评分")
        return removed

    @retry_conflicts
    def apply_org_grades(self, round_id: int) -> list[GradeChange]:
        """Write the proposed grades of an organisation round into the grade history.

        Each grade becomes the unit's grade of the round's year (评定依据: the round); the
        unit's current grade follows only when that year is its latest. Each is audited. Refused while some organisation is not
        fully scored, so that no unit gets a grade from half a score sheet.

        Returns:
            One entry per scored organisation, changed or not, best first.
        """
        results = self.results(round_id)
        if results.round.subject != ReviewSubject.ORG.value:
            raise ValidationError("只有对组织的评审才能写入评定等次", "subject")
        if not results.subjects:
            raise ValidationError("本次评审还没有评分", "score")
        incomplete = [r.name for r in results.subjects if not r.complete]
        if incomplete:
            more = "等" if len(incomplete) > 5 else ""
            raise ValidationError(
                f"尚有 {len(incomplete)} 个组织评分不全：{'、'.join(incomplete[:5])}{more}，"
                "请补齐后再写入等次",
                "score",
            )
        changes: list[GradeChange] = []
        round_ = results.round
        year = round_.held_on.year
        with self.ctx.db.write.begin() as s:
            for result in results.subjects:
                org = s.get(Organisation, result.subject_id)
                if org is None or result.outcome is None:
                    continue
                name, before = org.name, org.grade
                total = fmt_number(result.total)
                current = history.write(
                    s, org.id, year, result.outcome, source=round_.name, note=f"总分 {total}"
                )
                after = result.outcome if current else before
                changes.append(GradeChange(org.id, name, before, result.outcome, result.total))
                kept = "" if current else f"，当前等次仍为较晚年度的“{after or '未评定'}”"
                audit.record(
                    s,
                    self.ctx,
                    "评定等次",
                    object_type="组织",
                    object_id=org.id,
                    object_name=name,
                    detail=f"{year}年度 {before or '未评定'} → {result.outcome}"
                    f"（{round_.name}，总分 {total}）{kept}",
                )
        return changes

    @retry_conflicts
    def delete_round(self, round_id: int) -> None:
        """Delete a round; its criteria and scores go with it."""
        with self.ctx.db.write.begin() as s:
            round_ = _load_round(s, round_id)
            s.execute(delete(SCORE).where(SCORE.c.round_id == round_id))
            s.execute(delete(CRITERION).where(CRITERION.c.round_id == round_id))
            s.delete(round_)
            self._audit(s, "删除评审", round_id, round_.name)

    def _audit(
        self, session: Session, action: str, round_id: int, name: str, detail: str | None = None
    ) -> None:
        audit.record(
            session,
            self.ctx,
            action,
            object_type="评审",
            object_id=round_id,
            object_name=name,
            detail=detail,
        )


def _load_round(session: Session, round_id: int) -> ReviewRound:
    round_ = session.get(ReviewRound, round_id)
    if round_ is None:
        raise NotFoundError(f"找不到编号为 {round_id} 的评审")
    return round_


def _read_round(session: Session, round_id: int) -> RoundRow:
    row = session.execute(select(ROUND).where(ROUND.c.id == round_id)).first()
    if row is None:
        raise NotFoundError(f"找不到编号为 {round_id} 的评审")
    return _round_row(row._mapping)


def _round_row(m: Any) -> RoundRow:
    return RoundRow(
        m["id"],
        m["name"],
        m["held_on"],
        m["subject"],
        m["campaign_id"],
        bool(m["drop_extremes"]),
        dict(m["thresholds"] or {}),
        m["note"],
    )


def _score_row(m: Any) -> ScoreRow:
    subject = m["brand_id"] if m["brand_id"] is not None else m["org_id"]
    return ScoreRow(m["id"], m["round_id"], m["criterion_id"], subject, m["reviewer"], m["score"])


def _criteria(session: Session, round_id: int) -> list[CriterionRow]:
    rows = session.execute(
        select(CRITERION)
        .where(CRITERION.c.round_id == round_id)
        .order_by(CRITERION.c.position, CRITERION.c.id)
    )
    return [CriterionRow(r.id, r.round_id, r.name, r.weight, r.max_score, r.position) for r in rows]


def _subject_names(session: Session, subject: str, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    table = Brand.__table__ if subject == ReviewSubject.BRAND.value else Organisation.__table__
    rows = session.execute(select(table.c.id, table.c.name).where(table.c.id.in_(ids)))
    return {int(i): str(n) for i, n in rows}
