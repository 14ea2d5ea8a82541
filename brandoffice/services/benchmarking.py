"""Benchmarking (四找): the model a unit measures itself against, gaps, direction, measures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.model import Benchmark, Organisation, table_of
from brandoffice.model.vocab import GRADE_ORDER, Grade
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service
from brandoffice.services.grades import GradeMovement, GradePath, GradeRow, GradeService

BENCHMARK = table_of(Benchmark)
ORG = table_of(Organisation)
LABEL = "对标定位"


@dataclass(frozen=True)
class BenchmarkDraft:
    """A unit's 四找 of a year: 找标杆 (model and why), 找差距, 找方向, 找措施."""

    org_id: int
    year: int
    model_org_id: int | None
    model_reason: str | None = None
    gaps: str | None = None
    direction: str | None = None
    measures: str | None = None


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    """A unit's 四找 with both names; ``model_org_id`` is None when the model was deleted."""

    id: int
    org_id: int
    unit_name: str
    year: int
    model_org_id: int | None
    model_name: str | None
    model_reason: str | None
    gaps: str | None
    direction: str | None
    measures: str | None
    version: int

    @property
    def missing(self) -> tuple[str, ...]:
        """Return which of the four finds are still empty."""
        parts = (
            ("找标杆", self.model_org_id),
            ("找差距", self.gaps),
            ("找方向", self.direction),
            ("找措施", self.measures),
        )
        return tuple(label for label, value in parts if not value)


@dataclass(frozen=True)
class BenchmarksView:
    """A unit's own 四找 and grades by year, its grade path and its subtree's movement."""

    benchmarks: list[BenchmarkRow]
    grades: list[GradeRow]
    path: GradePath | None
    movement: GradeMovement


class BenchmarkService(Service):
    """The 四找 records of units, one per unit and year."""

    def benchmarks(self, year: int | None = None, org_id: int | None = None) -> list[BenchmarkRow]:
        """Return the 四找 (of a year, of a unit's subtree), newest year first, by unit."""
        query = _query().order_by(BENCHMARK.c.year.desc(), BENCHMARK.c.id)
        if year is not None:
            query = query.where(BENCHMARK.c.year == year)
        rows = rh.rows_of(self.ctx, BenchmarkRow, query, BENCHMARK.c.org_id, org_id=org_id)
        return sorted(rows, key=lambda r: (-r.year, r.unit_name, r.id))

    def view(self, org_id: int, year: int) -> BenchmarksView:
        """Return a unit's own 四找 and grade history, and its subtree's 晋档升级 of a year."""
        grades = GradeService(self.ctx)
        own = [b for b in self.benchmarks(None, org_id) if b.org_id == org_id]
        history = [g for g in grades.grades(org_id) if g.org_id == org_id]
        path = next((p for p in grades.paths(org_id) if p.org_id == org_id), None)
        return BenchmarksView(own, history, path, grades.movement(year, org_id))

    def get(self, benchmark_id: int) -> BenchmarkRow:
        """Return one record or raise NotFoundError."""
        return rh.row_of(self.ctx, BenchmarkRow, _query(), BENCHMARK, benchmark_id, "对标记录")

    @retry_conflicts
    def create(self, draft: BenchmarkDraft) -> BenchmarkRow:
        """Record a unit's 四找 of a year (one per unit and year).

        Raises:
            ValidationError: The unit as its own model, an unknown unit, a model graded
                below the unit (or 后进), or a second record of the same year.
        """
        values = clean(draft)
        with self.ctx.db.write.begin() as s:
            unit = _check_model(s, draft)
            same = (BENCHMARK.c.org_id == draft.org_id) & (BENCHMARK.c.year == values["year"])
            if s.scalar(select(BENCHMARK.c.id).where(same)) is not None:
                raise ValidationError(f"“{unit}”{values['year']}年度的对标记录已登记", "year")
            row = Benchmark(**values)
            new_id = rh.add(s, self.ctx, row, "登记对标定位", LABEL, unit, f"{values['year']}年度")
        return self.get(new_id)

    @retry_conflicts
    def update(self, benchmark_id: int, version: int, draft: BenchmarkDraft) -> BenchmarkRow:
        """Save a 四找 form; refused when someone else saved it meanwhile."""
        values = clean(draft)
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, Benchmark, benchmark_id, version, "对标记录")
            if (row.org_id, row.year) != (draft.org_id, values["year"]):
                raise ValidationError("对标记录的单位和年度不能修改，请删除后重新登记", "year")
            unit = _check_model(s, draft)
            for key, value in values.items():
                setattr(row, key, value)
            rh.log(s, self.ctx, "修改对标定位", LABEL, benchmark_id, unit, f"{row.year}年度")
        return self.get(benchmark_id)

    @retry_conflicts
    def delete(self, benchmark_id: int) -> None:
        """Delete a 四找 record."""
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, Benchmark, benchmark_id, None, "对标记录")
            unit = rh.org_name(s, row.org_id)
            s.delete(row)
            rh.log(s, self.ctx, "删除对标定位", LABEL, benchmark_id, unit, f"{row.year}年度")


def clean(draft: BenchmarkDraft) -> dict[str, Any]:
    """Check a 四找 as typed and return its stored values (the kind's per-record rules)."""
    if draft.model_org_id is None:
        raise ValidationError("请选择对标的标杆单位", "model_org_id")
    if draft.model_org_id == draft.org_id:
        raise ValidationError("不能以本单位作为对标的标杆", "model_org_id")
    return {
        "org_id": draft.org_id,
        "year": rh.year(draft.year),
        "model_org_id": draft.model_org_id,
        "model_reason": _opt(draft.model_reason, "找标杆", "model_reason"),
        "gaps": _opt(draft.gaps, "找差距", "gaps"),
        "direction": _opt(draft.direction, "找方向", "direction"),
        "measures": _opt(draft.measures, "找措施", "measures"),
    }


def _opt(value: str | None, label: str, field: str) -> str | None:
    return validate.optional_text(value, label, field, max_len=5000)


def _check_model(session: Session, draft: BenchmarkDraft) -> str:
    """Return the unit's name; refuse a model that is not better than the unit."""
    unit = session.get(Organisation, draft.org_id)
    if unit is None:
        raise ValidationError(f"组织（编号 {draft.org_id}）不存在", "org_id")
    model = session.get(Organisation, draft.model_org_id) if draft.model_org_id else None
    if model is None:
        raise ValidationError(f"标杆单位（编号 {draft.model_org_id}）不存在", "model_org_id")
    check_model(model.name, model.grade, unit.grade)
    return unit.name


def check_model(name: str, grade: str | None, unit_grade: str | None) -> None:
    """Refuse a model graded 后进 or below the unit (the form and the import)."""
    if grade == Grade.LAGGING.value:
        raise ValidationError(f"“{name}”评定为后进，不能作为标杆", "model_org_id")
    if grade and unit_grade and GRADE_ORDER[Grade(grade)] < GRADE_ORDER[Grade(unit_grade)]:
        raise ValidationError(
            f"标杆“{name}”（{grade}）的等次低于本单位（{unit_grade}）", "model_org_id"
        )


def _query() -> Any:
    unit = ORG.alias("unit")
    model = ORG.alias("model")
    return (
        select(
            BENCHMARK,
            unit.c.name.label("unit_name"),
            model.c.name.label("model_name"),
        )
        .join(unit, unit.c.id == BENCHMARK.c.org_id)
        .outerjoin(model, model.c.id == BENCHMARK.c.model_org_id)
    )
