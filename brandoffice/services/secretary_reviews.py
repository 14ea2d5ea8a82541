"""Secretaries' reports on party building and their rating (书记抓党建述职评议), points raised."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.excel.record_columns import SECRETARY_REVIEWS
from brandoffice.model import Organisation, SecretaryReview, SecretaryReviewPoint, table_of
from brandoffice.model.vocab import SecretaryRating
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service
from brandoffice.services.rows import from_mapping

REVIEW = table_of(SecretaryReview)
POINT = table_of(SecretaryReviewPoint)
ORG = table_of(Organisation)
LABEL = "书记述职评议"
NOT_RATED = "未评"

RATING_THRESHOLDS: tuple[tuple[SecretaryRating, float], ...] = (
    (SecretaryRating.GOOD, 90.0),
    (SecretaryRating.FAIRLY_GOOD, 80.0),
    (SecretaryRating.AVERAGE, 60.0),
)
"""The lowest score of each rating out of 100; below the last one the rating is 差."""


def rating_for(score: float) -> SecretaryRating:
    """Return the rating a score earns by :data:`RATING_THRESHOLDS`."""
    for rating, floor in RATING_THRESHOLDS:
        if score >= floor:
            return rating
    return SecretaryRating.POOR


@dataclass(frozen=True, slots=True)
class ReviewPointRow:
    """A point raised in a review, and whether it was rectified."""

    id: int
    review_id: int
    issue: str
    rectification: str | None
    done: bool
    done_on: dt.date | None
    position: int


@dataclass(frozen=True, slots=True)
class SecretaryReviewRow:
    """A secretary's review of a year with its points.

    Attributes:
        rating: The rating given (editable; derived from the score when not given).
        derived_rating: What the score alone would give, None without a score.
    """

    id: int
    org_id: int
    unit_name: str
    year: int
    secretary: str
    reported_on: dt.date | None
    score: float | None
    rating: str | None
    note: str | None
    version: int
    derived_rating: str | None
    points: tuple[ReviewPointRow, ...]

    @property
    def rating_overridden(self) -> bool:
        """Tell whether the rating differs from the one the score gives."""
        return self.derived_rating is not None and self.rating != self.derived_rating

    @property
    def open_points(self) -> int:
        """Return the points not yet rectified."""
        return sum(1 for p in self.points if not p.done)


class SecretaryReviewService(Service):
    """Reviews of unit secretaries per year, their scores, ratings and points raised."""

    # -- reads ---------------------------------------------------------------
    def reviews(
        self, year: int | None = None, org_id: int | None = None
    ) -> list[SecretaryReviewRow]:
        """Return reviews (of a year, of a unit's subtree), newest year first, by unit."""
        query = _query().order_by(REVIEW.c.year.desc(), ORG.c.name, REVIEW.c.id)
        if year is not None:
            query = query.where(REVIEW.c.year == year)
        with self.ctx.db.read() as s:
            query = rh.in_scope(s, query, org_id, REVIEW.c.org_id)
            return _rows(s, query)

    def get(self, review_id: int) -> SecretaryReviewRow:
        """Return one review or raise NotFoundError."""
        with self.ctx.db.read() as s:
            rows = _rows(s, _query().where(REVIEW.c.id == review_id))
        if not rows:
            raise NotFoundError(f"找不到编号为 {review_id} 的{LABEL}")
        return rows[0]

    def rating_counts(self, year: int, org_id: int | None = None) -> dict[str, int]:
        """Return how many secretaries got each rating in a year (好 … 差, then 未评)."""
        counts = Counter(r.rating or NOT_RATED for r in self.reviews(year, org_id))
        order = [r.value for r in SecretaryRating] + [NOT_RATED]
        return {label: counts.get(label, 0) for label in order}

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create(
        self,
        org_id: int,
        year: int,
        *,
        secretary: str | None = None,
        reported_on: dt.date | None = None,
        score: float | None = None,
        rating: str | None = None,
        note: str | None = None,
    ) -> SecretaryReviewRow:
        """Record a unit secretary's review of a year (one per unit and year).

        Args:
            org_id: The unit.
            year: The year reported on.
            secretary: The secretary's name; the unit's secretary when None.
            reported_on: The date of the report meeting.
            score: Out of 100.
            rating: 好 / 较好 / 一般 / 差; derived from ``score`` when None.
            note: Free text.
        """
        when = rh.year(year)
        values = clean(score, rating, reported_on, note, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            unit = s.get(Organisation, org_id)
            if unit is None:
                raise ValidationError(f"组织（编号 {org_id}）不存在", "org_id")
            same = (REVIEW.c.org_id == org_id) & (REVIEW.c.year == when)
            if s.scalar(select(REVIEW.c.id).where(same)) is not None:
                raise ValidationError(f"“{unit.name}”{when}年度的书记述职评议已登记", "year")
            name = validate.text(secretary or unit.secretary, "书记姓名", "secretary", max_len=50)
            review = SecretaryReview(org_id=org_id, year=when, secretary=name, **values)
            new_id = rh.add(
                s, self.ctx, review, "登记书记述职评议", LABEL, unit.name, _detail(review)
            )
        return self.get(new_id)

    @retry_conflicts
    def update(
        self,
        review_id: int,
        version: int,
        *,
        secretary: str,
        reported_on: dt.date | None = None,
        score: float | None = None,
        rating: str | None = None,
        note: str | None = None,
    ) -> SecretaryReviewRow:
        """Save a review's form; refused when someone else saved it meanwhile."""
        name = validate.text(secretary, "书记姓名", "secretary", max_len=50)
        values = clean(score, rating, reported_on, note, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            review = rh.load(s, SecretaryReview, review_id, version, LABEL)
            review.secretary = name
            for key, value in values.items():
                setattr(review, key, value)
            unit = rh.org_name(s, review.org_id)
            rh.log(s, self.ctx, "修改书记述职评议", LABEL, review_id, unit, _detail(review))
        return self.get(review_id)

    @retry_conflicts
    def delete(self, review_id: int) -> None:
        """Delete a review and its points."""
        with self.ctx.db.write.begin() as s:
            review = rh.load(s, SecretaryReview, review_id, None, LABEL)
            unit = rh.org_name(s, review.org_id)
            s.delete(review)
            rh.log(s, self.ctx, "删除书记述职评议", LABEL, review_id, unit, f"{review.year}年度")

    @retry_conflicts
    def add_point(
        self, review_id: int, issue: str, rectification: str | None = None
    ) -> ReviewPointRow:
        """Add a point raised in the review (at the end of the list)."""
        text = validate.text(issue, "问题", "issue", max_len=2000)
        fix = validate.optional_text(rectification, "整改措施", "rectification", max_len=2000)
        with self.ctx.db.write.begin() as s:
            review = rh.load(s, SecretaryReview, review_id, None, LABEL)
            last = s.scalar(
                select(func.max(POINT.c.position)).where(POINT.c.review_id == review_id)
            )
            point = SecretaryReviewPoint(
                review_id=review_id,
                issue=text,
                rectification=fix,
                done=False,
                position=0 if last is None else int(last) + 1,
            )
            s.add(point)
            s.flush()
            unit = rh.org_name(s, review.org_id)
            rh.log(s, self.ctx, "登记述职评议问题", LABEL, review_id, unit, text[:50])
            return _point_row(point)

    @retry_conflicts
    def update_point(
        self,
        point_id: int,
        *,
        issue: str,
        rectification: str | None,
        done: bool,
        done_on: dt.date | None = None,
        opened: ReviewPointRow | None = None,
    ) -> ReviewPointRow:
        """Edit a point and its rectification; a rectified point needs the measures taken.

        With ``opened`` (the point as the clerk opened it) the save is refused when
        someone changed the point since: points have no version column, so the
        values are compared.

        Raises:
            StaleEditError: The point is no longer as ``opened``.
            ValidationError: A field is not acceptable (``field`` names it).
        """
        text = validate.text(issue, "问题", "issue", max_len=2000)
        fix = validate.optional_text(rectification, "整改措施", "rectification", max_len=2000)
        if done and not fix:
            raise ValidationError("已整改的问题须写明整改措施", "rectification")
        when = (done_on or self.ctx.today()) if done else None
        if when is not None and when > self.ctx.today():
            raise ValidationError("整改完成日期不能晚于今天", "done_on")
        with self.ctx.db.write.begin() as s:
            point = rh.load(s, SecretaryReviewPoint, point_id, None, "述职评议问题")
            stored = (point.issue, point.rectification, point.done, point.done_on)
            if opened is not None and stored != (
                opened.issue,
                opened.rectification,
                opened.done,
                opened.done_on,
            ):
                raise StaleEditError("该问题已被他人修改，请重新打开后再改")
            point.issue, point.rectification, point.done, point.done_on = text, fix, done, when
            review = rh.load(s, SecretaryReview, point.review_id, None, LABEL)
            unit = rh.org_name(s, review.org_id)
            state = "已整改" if done else "未整改"
            rh.log(s, self.ctx, "修改述职评议问题", LABEL, review.id, unit, state)
            return _point_row(point)

    @retry_conflicts
    def remove_point(self, point_id: int) -> None:
        """Delete a point raised by mistake."""
        with self.ctx.db.write.begin() as s:
            point = rh.load(s, SecretaryReviewPoint, point_id, None, "述职评议问题")
            review_id = point.review_id
            s.delete(point)
            rh.log(s, self.ctx, "删除述职评议问题", LABEL, review_id)


def clean(
    score: float | None,
    rating: str | None,
    reported_on: dt.date | None,
    note: str | None,
    today: dt.date,
) -> dict[str, Any]:
    """Check a review as typed; the rating follows the score when not given (per-record rules)."""
    points = None if score is None else rh.number(score, "述职评议得分", "score", high=100)
    given = validate.optional_choice(rating, SecretaryRating, "评议等次", "rating")
    if given is None and points is not None:
        given = rating_for(points)
    SECRETARY_REVIEWS.column("reported_on").refuse_future(reported_on, today)
    return {
        "reported_on": reported_on,
        "score": points,
        "rating": given.value if given else None,
        "note": validate.optional_text(note, "备注", "note", max_len=2000),
    }


def _detail(review: SecretaryReview) -> str:
    score = "未评分" if review.score is None else f"{review.score:g}分"
    return f"{review.year}年度 {review.secretary} {score} {review.rating or NOT_RATED}"


def _point_row(point: SecretaryReviewPoint) -> ReviewPointRow:
    return ReviewPointRow(
        point.id,
        point.review_id,
        point.issue,
        point.rectification,
        point.done,
        point.done_on,
        point.position,
    )


def _query() -> Any:
    return select(REVIEW, ORG.c.name.label("unit_name")).join(ORG, ORG.c.id == REVIEW.c.org_id)


def _rows(session: Session, query: Any) -> list[SecretaryReviewRow]:
    found = session.execute(query).all()
    points: dict[int, list[ReviewPointRow]] = {}
    ids = [r.id for r in found]
    if ids:
        for p in session.execute(
            select(POINT).where(POINT.c.review_id.in_(ids)).order_by(POINT.c.position, POINT.c.id)
        ):
            points.setdefault(p.review_id, []).append(from_mapping(ReviewPointRow, p._mapping))
    return [
        SecretaryReviewRow(
            r.id,
            r.org_id,
            r.unit_name,
            r.year,
            r.secretary,
            r.reported_on,
            r.score,
            r.rating,
            r.note,
            r.version,
            None if r.score is None else rating_for(r.score).value,
            tuple(points.get(r.id, [])),
        )
        for r in found
    ]
