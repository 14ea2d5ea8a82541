"""The secretaries' review sheet (书记述职评议): score, rating and the points raised."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import chunked_rows, export_rows, resolve_org, year_of
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import ORG, POINT, SECRETARY
from brandoffice.excel.upsert import (
    Keyed,
    Upserts,
    apply_upserts,
    insert_returning,
    plan_keyed,
    replace_children,
)
from brandoffice.services import secretary_reviews
from brandoffice.services.context import AppContext

REVIEWS = Keyed(
    SECRETARY,
    key=("org_id", "year"),
    fields=("org_id", "year", "secretary", "reported_on", "score", "rating", "note"),
    load_by="org_id",
    derived={"org_id": "org", "rating": "score"},
    duplicate="year",
    what="同一组织同一年度",
)
POINT_FIELDS = ("issue", "rectification", "done", "done_on")


@dataclass
class ReviewImport:
    """Reviews to add or change, and the new list of points of each (None: left as it is)."""

    reviews: Upserts
    points: dict[Any, list[str]] = field(default_factory=dict)
    old_points: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Reviews to write."""
        return self.reviews.size


def plan(session: Session, ctx: AppContext, job: Job) -> ReviewImport:
    """Check every review row and decide what to add, update and which points to replace."""
    index = OrgIndex.load(session)
    secretaries = dict(session.execute(select(ORG.c.id, ORG.c.secretary)).all())
    today = ctx.today()
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        org_id = resolve_org(row, "org", index, job)
        year = year_of(row, job)
        values = job.problems.by_rule(
            row,
            secretary_reviews.clean,
            v["score"],
            v["rating"],
            v["reported_on"],
            v["note"],
            today,
        )
        if org_id is None or year is None:
            continue
        secretary = v["secretary"] or secretaries.get(org_id)
        if not secretary:
            job.problems.add(row, "secretary", "请填写书记姓名（该组织资料中没有登记书记）")
        if values is not None and row.ok:
            cleaned.append(
                (row, {"org_id": org_id, "year": year, "secretary": secretary, **values})
            )
    result = ReviewImport(plan_keyed(session, job, REVIEWS, cleaned))
    if "points" in job.present:
        _plan_points(session, result, cleaned)
    return result


def _plan_points(
    session: Session, result: ReviewImport, cleaned: list[tuple[CheckedRow, dict[str, Any]]]
) -> None:
    """Replace the points of reviews whose list differs; new reviews get theirs."""
    reviews = result.reviews
    stored = {c["id"]: key for key, c in reviews.current.items()}
    old: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    query = select(POINT).order_by(POINT.c.position, POINT.c.id)
    for p in chunked_rows(session, query, POINT.c.review_id, stored):
        old[p.review_id].append(dict(p._mapping))
    changed = {i for i, _v, _b, _a in reviews.updates}
    for row, values in cleaned:
        key = (values["org_id"], values["year"])
        issues = row.values["points"]
        current = reviews.current.get(key)
        if current is None:
            result.points[key] = issues
            continue
        before = old.get(current["id"], [])
        if [p["issue"] for p in before] == issues:
            continue
        result.points[current["id"]] = issues
        result.old_points[current["id"]] = before
        if current["id"] not in changed:
            reviews.updates.append((current["id"], current["version"], {}, {}))


def _point_rows(
    review_id: int, issues: list[str], old: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return the new points; a point kept by its text keeps its rectification."""
    kept = {p["issue"]: p for p in reversed(old)}
    rows = []
    for position, issue in enumerate(issues):
        previous = kept.get(issue, {})
        row = {f: previous.get(f) for f in POINT_FIELDS}
        row.update(review_id=review_id, issue=issue, position=position, done=bool(row["done"]))
        rows.append(row)
    return rows


def apply(session: Session, plan: ReviewImport, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Write the reviews, then the points of new reviews and the replaced lists."""
    keys = [(v["org_id"], v["year"]) for v in plan.reviews.inserts]
    ids = apply_upserts(session, plan.reviews, log, job)
    new = [
        r
        for key, i in zip(keys, ids, strict=True)
        for r in _point_rows(i, plan.points.get(key, []), [])
    ]
    log.inserted_ids(POINT, insert_returning(session, POINT, new))
    changes = {
        review_id: (old, _point_rows(review_id, plan.points[review_id], old))
        for review_id, old in plan.old_points.items()
    }
    replace_children(session, log, "points", POINT, "review_id", changes)


def export(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every review as a sheet row with its points, by year and unit."""
    points: defaultdict[int, list[str]] = defaultdict(list)
    for p in session.execute(select(POINT).order_by(POINT.c.position, POINT.c.id)):
        points[p.review_id].append(p.issue)
    query = select(SECRETARY).order_by(SECRETARY.c.year, SECRETARY.c.org_id)
    rows = export_rows(session, query, reveal)
    for row in rows:
        row["points"] = points.get(row["id"], [])
    return rows
