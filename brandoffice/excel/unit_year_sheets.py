"""Sheets of one record per unit and year: 四找 benchmarking and the grade history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog, update_rows
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import chunked_rows, export_rows, resolve_org, year_of
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import BENCHMARK, GRADE, ORG
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.services import benchmarking
from brandoffice.services import grades as grading
from brandoffice.services.benchmarking import BenchmarkDraft
from brandoffice.services.context import AppContext

FINDS = ("model_reason", "gaps", "direction", "measures")
BENCHMARKS = Keyed(
    BENCHMARK,
    key=("org_id", "year"),
    fields=("org_id", "year", "model_org_id", *FINDS),
    load_by="org_id",
    derived={"org_id": "org", "model_org_id": "model"},
    duplicate="year",
    what="同一组织同一年度",
)
GRADES = Keyed(
    GRADE,
    key=("org_id", "year"),
    fields=("org_id", "year", "grade", "source", "note"),
    load_by="org_id",
    derived={"org_id": "org"},
    duplicate="year",
    what="同一组织同一年度",
)


def _cleaned(
    session: Session, job: Job, own: tuple[str, ...]
) -> tuple[OrgIndex, list[tuple[CheckedRow, dict[str, Any]]]]:
    """Resolve every row's unit and year; ``own`` are the fields taken as they are."""
    index = OrgIndex.load(session)
    cleaned = []
    for row in job.rows:
        job.ticker.tick()
        org_id = resolve_org(row, "org", index, job)
        year = year_of(row, job)
        if org_id is not None and year is not None:
            values = {"org_id": org_id, "year": year, **{f: row.values[f] for f in own}}
            cleaned.append((row, values))
    return index, cleaned


def plan_benchmarks(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every 四找 row (a model better than the unit) and decide what to write."""
    index, cleaned = _cleaned(session, job, FINDS)
    grades = dict(session.execute(select(ORG.c.id, ORG.c.grade)).all())
    good = []
    for row, values in cleaned:
        model = resolve_org(row, "model", index, job)
        if model is None:
            continue
        v = {f: values[f] for f in FINDS}
        draft = BenchmarkDraft(values["org_id"], values["year"], model, **v)
        checked = job.problems.by_rule(row, benchmarking.clean, draft)
        if checked is not None:
            name, grade = index.path_of[model][-1], grades.get(model)
            unit = grades.get(values["org_id"])
            job.problems.by_rule(row, benchmarking.check_model, name, grade, unit)
        if checked is not None and row.ok:
            good.append((row, checked))
    return plan_keyed(session, job, BENCHMARKS, good)


@dataclass
class GradeImport:
    """Grades to add or change, and units whose current grade follows their latest year."""

    grades: Upserts
    units: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Grades to write."""
        return self.grades.size


def plan_grades(session: Session, ctx: AppContext, job: Job) -> GradeImport:
    """Check every grade row; a unit's latest year in the sheet also sets its current grade."""
    _index, found = _cleaned(session, job, ("grade", "source", "note"))
    cleaned = []
    for row, values in found:
        v = row.values
        checked = job.problems.by_rule(row, grading.clean, v["grade"], v["source"], v["note"])
        if checked is not None and row.ok:
            cleaned.append((row, {**values, **checked}))
    result = GradeImport(plan_keyed(session, job, GRADES, cleaned))
    latest: dict[int, tuple[int, str]] = {}
    for _row, values in cleaned:
        mark = (values["year"], values["grade"])
        latest[values["org_id"]] = max(latest.get(values["org_id"], mark), mark)
    query = select(GRADE.c.org_id, GRADE.c.year)
    for org_id, year in chunked_rows(session, query, GRADE.c.org_id, latest):
        if year > latest[org_id][0]:
            latest.pop(org_id, None)  # a later year is on record: the current grade stays
    units = select(ORG.c.id, ORG.c.grade, ORG.c.version)
    for org_id, grade, version in chunked_rows(session, units, ORG.c.id, latest):
        if grade != latest[org_id][1]:
            result.units.append((org_id, version, {"grade": grade}, {"grade": latest[org_id][1]}))
    return result


def apply_benchmarks(
    session: Session, plan: Upserts, log: BatchLog, job: Job, ctx: AppContext
) -> None:
    """Write the planned 四找 records."""
    apply_upserts(session, plan, log, job)


def apply_grades(
    session: Session, plan: GradeImport, log: BatchLog, job: Job, ctx: AppContext
) -> None:
    """Write the grades, then the current grades of the units they moved."""
    apply_upserts(session, plan.grades, log, job)
    update_rows(session, ORG, [(i, v, after) for i, v, _b, after in plan.units])
    for org_id, version, before, _after in plan.units:
        log.before(ORG, org_id, before, version + 1)
    if plan.units:
        log.extra.append(f"同步组织当前等次 {len(plan.units)} 个")


def _export(session: Session, table: Table) -> list[dict[str, Any]]:
    return export_rows(session, select(table).order_by(table.c.year, table.c.org_id), reveal=False)


def export_benchmarks(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every 四找 record as a sheet row, by year and unit."""
    index = OrgIndex.load(session)
    rows = _export(session, BENCHMARK)
    for row in rows:
        model = row["model_org_id"]
        row["model"] = None if model is None else index.text(model)
    return rows


def export_grades(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every recorded grade as a sheet row, by year and unit."""
    return _export(session, GRADE)
