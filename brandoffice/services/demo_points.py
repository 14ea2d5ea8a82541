"""Demonstration points (示范点): a town's yearly target, progress notes, the count against it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.model import DemoPointNote, DemoPointTarget, Organisation, table_of
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service

NOTE = table_of(DemoPointNote)
TARGET = table_of(DemoPointTarget)
ORG = table_of(Organisation)
LABEL = "示范点"

DEFAULT_TARGET = 2
"""Seed 003: every town builds two community demonstration points."""


@dataclass(frozen=True, slots=True)
class DemoNoteRow:
    """A dated progress note of a demonstration point."""

    id: int
    org_id: int
    noted_on: dt.date
    content: str


@dataclass(frozen=True, slots=True)
class DemoPointRow:
    """A demonstration point with its notes of the year."""

    org_id: int
    name: str
    notes_in_year: int
    last_noted_on: dt.date | None
    last_note: str | None


@dataclass(frozen=True, slots=True)
class DemoPointSummary:
    """A town's or street's demonstration points against its target of a year.

    Attributes:
        target_set: False when the target is the default of seed 003 (two).
        points: The units below the scope marked as demonstration points (their
            current mark: the register keeps no history of when a unit was named).
    """

    scope_org_id: int
    scope_name: str
    year: int
    target: int
    target_set: bool
    points: tuple[DemoPointRow, ...]

    @property
    def count(self) -> int:
        """Return how many demonstration points there are."""
        return len(self.points)

    @property
    def reached(self) -> bool:
        """Tell whether the target is met."""
        return self.count >= self.target

    @property
    def shortfall(self) -> int:
        """Return how many are still missing (0 when the target is met)."""
        return max(0, self.target - self.count)


class DemoPointService(Service):
    """Targets, progress notes and the summary of demonstration points."""

    def target(self, org_id: int, year: int) -> tuple[int, bool]:
        """Return a town's target of a year and whether it was set (else the default, 2)."""
        with self.ctx.db.read() as s:
            return _target(s, org_id, year)

    @retry_conflicts
    def set_target(self, org_id: int, year: int, target: int) -> None:
        """Set how many demonstration points a town or street aims at in a year."""
        when = rh.year(year)
        goal = validate.non_negative(target, "示范点目标数", "target")
        with self.ctx.db.write.begin() as s:
            name = rh.org_name(s, org_id)
            where = (TARGET.c.org_id == org_id, TARGET.c.year == when)
            if s.scalar(select(TARGET.c.id).where(*where)) is None:
                s.execute(TARGET.insert().values(org_id=org_id, year=when, target=goal))
            else:
                s.execute(TARGET.update().where(*where).values(target=goal))
            rh.log(s, self.ctx, "设置示范点目标", LABEL, org_id, name, f"{when}年 {goal} 个")

    def notes(self, org_id: int, year: int | None = None) -> list[DemoNoteRow]:
        """Return a demonstration point's progress notes (of a year), newest first."""
        query = (
            select(NOTE.c.id, NOTE.c.org_id, NOTE.c.noted_on, NOTE.c.content)
            .where(NOTE.c.org_id == org_id)
            .order_by(NOTE.c.noted_on.desc(), NOTE.c.id.desc())
        )
        if year is not None:
            query = query.where(extract("year", NOTE.c.noted_on) == year)
        with self.ctx.db.read() as s:
            return [DemoNoteRow(*r) for r in s.execute(query)]

    @retry_conflicts
    def add_note(self, org_id: int, noted_on: dt.date, content: str) -> DemoNoteRow:
        """Record progress of a demonstration point.

        Raises:
            ValidationError: The unit is not marked as a demonstration point, the date is
                in the future, or the content is empty.
        """
        text = validate.text(content, "进展情况", "content", max_len=2000)
        if noted_on > self.ctx.today():
            raise ValidationError("进展日期不能晚于今天", "noted_on")
        with self.ctx.db.write.begin() as s:
            unit = s.get(Organisation, org_id)
            if unit is None:
                raise ValidationError(f"组织（编号 {org_id}）不存在", "org_id")
            if not unit.is_demo_point:
                raise ValidationError(f"“{unit.name}”不是示范点，请先在组织资料中标记", "org_id")
            note = DemoPointNote(org_id=org_id, noted_on=noted_on, content=text)
            s.add(note)
            s.flush()
            rh.log(s, self.ctx, "登记示范点进展", LABEL, org_id, unit.name, text[:50])
            return DemoNoteRow(note.id, org_id, noted_on, text)

    @retry_conflicts
    def remove_note(self, note_id: int) -> None:
        """Delete a progress note recorded by mistake."""
        with self.ctx.db.write.begin() as s:
            note = rh.load(s, DemoPointNote, note_id, None, "示范点进展")
            org_id = note.org_id
            s.delete(note)
            rh.log(s, self.ctx, "删除示范点进展", LABEL, org_id, rh.org_name(s, org_id))

    def summary(self, scope_org_id: int, year: int) -> DemoPointSummary:
        """Return the demonstration points below a town or street against its target."""
        when = rh.year(year)
        with self.ctx.db.read() as s:
            goal, was_set = _target(s, scope_org_id, when)
            scope_name = rh.org_name(s, scope_org_id)
            below = [i for i in rh.scope_units(s, scope_org_id) or [] if i != scope_org_id]
            points = s.execute(
                select(ORG.c.id, ORG.c.name)
                .where(ORG.c.id.in_(below), ORG.c.is_demo_point.is_(True))
                .order_by(ORG.c.sort_order, ORG.c.id)
            ).all()
            in_year = (
                NOTE.c.org_id.in_([p.id for p in points]),
                extract("year", NOTE.c.noted_on) == when,
            )
            counts: dict[int, int] = dict(
                s.execute(
                    select(NOTE.c.org_id, func.count()).where(*in_year).group_by(NOTE.c.org_id)
                ).all()
            )
            last: dict[int, tuple[dt.date, str]] = {}
            for org, noted_on, content in s.execute(
                select(NOTE.c.org_id, NOTE.c.noted_on, NOTE.c.content)
                .where(*in_year)
                .order_by(NOTE.c.noted_on, NOTE.c.id)
            ):
                last[int(org)] = (noted_on, content)
        rows = tuple(
            DemoPointRow(
                p.id,
                p.name,
                int(counts.get(p.id, 0)),
                last[p.id][0] if p.id in last else None,
                last[p.id][1] if p.id in last else None,
            )
            for p in points
        )
        return DemoPointSummary(scope_org_id, scope_name, when, goal, was_set, rows)


def _target(session: Session, org_id: int, year: int) -> tuple[int, bool]:
    found = session.scalar(
        select(TARGET.c.target).where(TARGET.c.org_id == org_id, TARGET.c.year == year)
    )
    return (DEFAULT_TARGET, False) if found is None else (int(found), True)
