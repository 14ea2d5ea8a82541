"""Grade history (先进/中间/后进 by year) and 晋档升级: each unit's path and who moved up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError
from brandoffice.model import GradeRecord, Organisation, table_of
from brandoffice.model.vocab import GRADE_ORDER, Grade
from brandoffice.services import grade_history as history
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service

HISTORY = table_of(GradeRecord)
ORG = table_of(Organisation)
LABEL = "评定等次"


@dataclass(frozen=True, slots=True)
class GradeRow:
    """A unit's grade in one year and where it came from (年度考核, a review round …)."""

    id: int
    org_id: int
    unit_name: str
    year: int
    grade: str
    source: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class GradePath:
    """A unit's grades over the years, oldest first, as ``(year, grade)``."""

    org_id: int
    unit_name: str
    steps: tuple[tuple[int, str], ...]

    @property
    def levels_gained(self) -> int:
        """Return the grades gained from the first year to the last (negative for a fall)."""
        if len(self.steps) < 2:
            return 0
        return _order(self.steps[-1][1]) - _order(self.steps[0][1])

    def shown(self) -> str:
        """Return the path as text: ``后进(2024) → 中间(2025) → 先进(2026)``."""
        return " → ".join(f"{grade}({year})" for year, grade in self.steps)


@dataclass(frozen=True, slots=True)
class GradeMove:
    """A unit's grade in a year against its latest earlier grade."""

    org_id: int
    unit_name: str
    before_year: int
    before: str
    after: str

    @property
    def step(self) -> int:
        """Return +1/+2 for moving up, negative for moving down, 0 for staying."""
        return _order(self.after) - _order(self.before)

    @property
    def word(self) -> str:
        """Return the move in words: 晋升一档, 持平, 下降一档 …"""
        return move_word(self.step)


@dataclass(frozen=True, slots=True)
class GradeMovement:
    """晋档升级 of a year: units graded that year, compared with their earlier grade.

    Attributes:
        moves: Units with an earlier grade, best gain first.
        first_graded: Units graded for the first time that year.
        first_grades: The same units with the grade they got, as ``(name, grade)``.
    """

    year: int
    moves: tuple[GradeMove, ...]
    first_graded: tuple[str, ...]
    first_grades: tuple[tuple[str, str], ...] = ()

    @property
    def moved_up(self) -> int:
        """Return how many units moved up a grade (or two)."""
        return sum(1 for m in self.moves if m.step > 0)

    @property
    def moved_down(self) -> int:
        """Return how many units fell."""
        return sum(1 for m in self.moves if m.step < 0)

    @property
    def stayed(self) -> int:
        """Return how many kept their grade."""
        return sum(1 for m in self.moves if m.step == 0)


class GradeService(Service):
    """The grade history of units, kept one grade per unit and year."""

    def grades(self, org_id: int | None = None, year: int | None = None) -> list[GradeRow]:
        """Return recorded grades (of a unit's subtree, of a year), by unit then year."""
        query = select(
            HISTORY.c.id,
            HISTORY.c.org_id,
            ORG.c.name,
            HISTORY.c.year,
            HISTORY.c.grade,
            HISTORY.c.source,
            HISTORY.c.note,
        ).join(ORG, ORG.c.id == HISTORY.c.org_id)
        if year is not None:
            query = query.where(HISTORY.c.year == year)
        with self.ctx.db.read() as s:
            query = rh.in_scope(s, query, org_id, HISTORY.c.org_id)
            rows = [GradeRow(*r) for r in s.execute(query)]
        return sorted(rows, key=lambda r: (r.unit_name, r.org_id, r.year))

    @retry_conflicts
    def record(
        self,
        org_id: int,
        year: int,
        grade: str,
        *,
        source: str | None = None,
        note: str | None = None,
    ) -> GradeRow:
        """Record (or correct) a unit's grade of a year.

        When the year is the unit's latest recorded year, the unit's current grade
        (``organisations.grade``) is set to it too, so the register and the history agree.
        """
        when = rh.year(year)
        values = clean(grade, source, note)
        with self.ctx.db.write.begin() as s:
            name = rh.org_name(s, org_id)
            history.write(s, org_id, when, **values)
            detail = f"{when}年度 {values['grade']}"
            rh.log(s, self.ctx, "登记评定等次", LABEL, org_id, name, detail)
        return next(g for g in self.grades(year=when) if g.org_id == org_id)

    @retry_conflicts
    def remove(self, org_id: int, year: int) -> None:
        """Delete a unit's grade of a year; the current grade follows the latest year left."""
        with self.ctx.db.write.begin() as s:
            name = rh.org_name(s, org_id)
            where = (HISTORY.c.org_id == org_id, HISTORY.c.year == year)
            if s.scalar(select(HISTORY.c.id).where(*where)) is None:
                raise NotFoundError(f"“{name}”没有{year}年度的评定等次")
            s.execute(HISTORY.delete().where(*where))
            history.follow_latest(s, org_id)
            rh.log(s, self.ctx, "删除评定等次", LABEL, org_id, name, f"{year}年度")

    def paths(
        self,
        org_id: int | None = None,
        *,
        first_year: int | None = None,
        last_year: int | None = None,
    ) -> list[GradePath]:
        """Return each graded unit's path over the years (within the bounds given)."""
        by_unit: dict[int, list[GradeRow]] = {}
        for g in self.grades(org_id):
            if (first_year is None or g.year >= first_year) and (
                last_year is None or g.year <= last_year
            ):
                by_unit.setdefault(g.org_id, []).append(g)
        paths = [
            GradePath(org, rows[0].unit_name, tuple((r.year, r.grade) for r in rows))
            for org, rows in by_unit.items()
        ]
        return sorted(paths, key=lambda p: (p.unit_name, p.org_id))

    def movement(self, year: int, org_id: int | None = None) -> GradeMovement:
        """Compare each unit graded in ``year`` with its latest earlier grade (晋档升级)."""
        moves: list[GradeMove] = []
        first: list[tuple[str, str]] = []
        for path in self.paths(org_id, last_year=year):
            last_year, after = path.steps[-1]
            if last_year != year:
                continue
            if len(path.steps) == 1:
                first.append((path.unit_name, after))
                continue
            before_year, before = path.steps[-2]
            moves.append(GradeMove(path.org_id, path.unit_name, before_year, before, after))
        moves.sort(key=lambda m: (-m.step, m.unit_name, m.org_id))
        first.sort()
        return GradeMovement(year, tuple(moves), tuple(n for n, _g in first), tuple(first))


def clean(grade: str, source: str | None, note: str | None) -> dict[str, Any]:
    """Check a grade as typed and return its stored values (the kind's per-record rules)."""
    return {
        "grade": validate.choice(grade, Grade, "评定等次", "grade").value,
        "source": validate.optional_text(source, "评定依据", "source", max_len=100),
        "note": validate.optional_text(note, "备注", "note", max_len=2000),
    }


STEP_WORDS = {2: "晋升两档", 1: "晋升一档", 0: "持平", -1: "下降一档", -2: "下降两档"}


def move_word(step: int) -> str:
    """Return a grade move in words (晋升一档, 持平, 下降一档 …)."""
    return STEP_WORDS.get(step, "持平")


def _order(grade: str) -> int:
    return GRADE_ORDER[Grade(grade)]
