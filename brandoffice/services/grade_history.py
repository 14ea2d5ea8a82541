"""Writing the grade history: every grading lands in its year, the current grade follows the latest.

The services that grade a unit (a 五个好 round, the grades sheet, the unit's own form and the
bulk edit) write here inside their own transaction, so a grading of an older year never
overwrites the grade of a later one: a unit's current grade (``organisations.grade``) is the
grade of its latest recorded year.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from brandoffice.model import GradeRecord, Organisation, table_of

HISTORY = table_of(GradeRecord)
ORG = table_of(Organisation)
MANUAL = "组织信息中登记"
"""The 评定依据 of a grade typed in a unit's form or set on many units at once."""


def latest(session: Session, org_id: int) -> tuple[int, str] | None:
    """Return a unit's latest recorded ``(year, grade)``, or None before any grading."""
    row = session.execute(
        select(HISTORY.c.year, HISTORY.c.grade)
        .where(HISTORY.c.org_id == org_id)
        .order_by(HISTORY.c.year.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def write(
    session: Session,
    org_id: int,
    year: int,
    grade: str,
    *,
    source: str | None = None,
    note: str | None = None,
) -> bool:
    """Record (or correct) a unit's grade of a year; return whether it is now the current grade.

    The unit's current grade is set only when ``year`` is its latest recorded year.
    """
    where = (HISTORY.c.org_id == org_id, HISTORY.c.year == year)
    values = {"grade": grade, "source": source, "note": note}
    if session.scalar(select(HISTORY.c.id).where(*where)) is None:
        session.execute(HISTORY.insert().values(org_id=org_id, year=year, **values))
    else:
        session.execute(HISTORY.update().where(*where).values(**values))
    follow_latest(session, org_id)
    found = latest(session, org_id)
    return found is not None and found[0] == year


def follow_latest(session: Session, org_id: int) -> str | None:
    """Set a unit's current grade to its latest year's and return it (unchanged without history)."""
    found = latest(session, org_id)
    if found is None:
        return session.scalar(select(ORG.c.grade).where(ORG.c.id == org_id))
    grade = found[1]
    session.execute(
        update(ORG)
        .where(ORG.c.id == org_id, ORG.c.grade.is_distinct_from(grade))
        .values(grade=grade, version=ORG.c.version + 1)
    )
    return grade


def typed(session: Session, org_id: int, year: int, grade: str | None) -> str | None:
    """Record a grade typed for a unit as its grade of ``year``; return what the unit now carries.

    A grade becomes that year's record (评定依据 :data:`MANUAL`); a cleared grade removes that
    year's record. The unit's row itself is not written: the caller sets the grade returned
    (the grade of the latest year, or the typed one when the unit has no history).
    """
    where = (HISTORY.c.org_id == org_id, HISTORY.c.year == year)
    if grade is None:
        session.execute(HISTORY.delete().where(*where))
    elif session.scalar(select(HISTORY.c.id).where(*where)) is None:
        session.execute(
            HISTORY.insert().values(org_id=org_id, year=year, grade=grade, source=MANUAL)
        )
    else:
        session.execute(HISTORY.update().where(*where).values(grade=grade, source=MANUAL))
    found = latest(session, org_id)
    return grade if found is None else found[1]
