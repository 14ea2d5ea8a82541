"""Training by level and batch (分级分批培训): sessions, attendance and coverage per unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, extract, func, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.model import (
    Campaign,
    Member,
    Organisation,
    TrainingAttendance,
    TrainingSession,
    table_of,
)
from brandoffice.model.vocab import TrainingLevel
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service
from brandoffice.services.orgs import subtree_ids

SESSION = table_of(TrainingSession)
ATTEND = table_of(TrainingAttendance)
MEMBER = table_of(Member)
ORG = table_of(Organisation)
LABEL = "培训"


@dataclass(frozen=True)
class TrainingDraft:
    """The editable fields of a session; ``org_id`` is the unit that runs it."""

    org_id: int
    held_on: dt.date
    level: str
    topic: str
    hours: float
    trainer: str | None = None
    location: str | None = None
    campaign_id: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class TrainingRow:
    """A session with its organiser's name and how many were listed and came."""

    id: int
    org_id: int
    organiser_name: str
    campaign_id: int | None
    held_on: dt.date
    level: str
    topic: str
    trainer: str | None
    hours: float
    location: str | None
    note: str | None
    version: int
    listed: int
    attended: int


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    """A member on a session's list."""

    session_id: int
    member_id: int
    name: str
    org_id: int
    unit_name: str
    attended: bool


@dataclass(frozen=True, slots=True)
class UnitTrainingCoverage:
    """A unit's training in a year: members, members trained at least once, hours attended."""

    org_id: int
    unit_name: str
    members: int
    trained: int
    hours: float

    @property
    def rate(self) -> float | None:
        """Return trained ÷ members."""
        return rh.rate(self.trained, self.members)

    @property
    def hours_per_member(self) -> float | None:
        """Return hours attended ÷ members, to one decimal."""
        return round(self.hours / self.members, 1) if self.members else None


@dataclass(frozen=True, slots=True)
class MemberTraining:
    """A member's training in a year."""

    member_id: int
    name: str
    org_id: int
    sessions: int
    hours: float


class TrainingService(Service):
    """Sessions, who attended, and coverage per unit."""

    # -- reads ---------------------------------------------------------------
    def sessions(
        self, year: int | None = None, *, org_id: int | None = None, level: str | None = None
    ) -> list[TrainingRow]:
        """Return sessions (of a year, run by a unit's subtree, of a level), newest first."""
        query = _query().order_by(SESSION.c.held_on.desc(), SESSION.c.id.desc())
        if year is not None:
            query = query.where(extract("year", SESSION.c.held_on) == year)
        if level is not None:
            kind = validate.choice(level, TrainingLevel, "培训级别", "level")
            query = query.where(SESSION.c.level == kind.value)
        return rh.rows_of(self.ctx, TrainingRow, query, SESSION.c.org_id, org_id=org_id)

    def get(self, session_id: int) -> TrainingRow:
        """Return one session or raise NotFoundError."""
        return rh.row_of(self.ctx, TrainingRow, _query(), SESSION, session_id, "培训")

    def attendees(self, session_id: int) -> list[AttendeeRow]:
        """Return a session's list, by unit and name."""
        query = (
            select(
                ATTEND.c.session_id,
                ATTEND.c.member_id,
                MEMBER.c.name,
                MEMBER.c.org_id,
                ORG.c.name,
                ATTEND.c.attended,
            )
            .join(MEMBER, MEMBER.c.id == ATTEND.c.member_id)
            .join(ORG, ORG.c.id == MEMBER.c.org_id)
            .where(ATTEND.c.session_id == session_id)
            .order_by(ORG.c.name, MEMBER.c.name, MEMBER.c.id)
        )
        with self.ctx.db.read() as s:
            return [AttendeeRow(*r) for r in s.execute(query)]

    def coverage(self, year: int, org_id: int | None = None) -> list[UnitTrainingCoverage]:
        """Return per unit with members: members trained at least once in the year, and hours.

        A member counts where the member belongs now, whoever ran the session.
        """
        attended = (
            select(ATTEND.c.member_id, func.sum(SESSION.c.hours).label("hours"))
            .join(SESSION, SESSION.c.id == ATTEND.c.session_id)
            .where(ATTEND.c.attended.is_(True), extract("year", SESSION.c.held_on) == year)
            .group_by(ATTEND.c.member_id)
            .subquery()
        )
        query = (
            select(
                MEMBER.c.org_id,
                func.count(),
                func.count(attended.c.member_id),
                func.coalesce(func.sum(attended.c.hours), 0.0),
            )
            .outerjoin(attended, attended.c.member_id == MEMBER.c.id)
            .group_by(MEMBER.c.org_id)
        )
        with self.ctx.db.read() as s:
            query = rh.in_scope(s, query, org_id, MEMBER.c.org_id)
            found = s.execute(query).all()
            names = rh.org_names(s, [r[0] for r in found])
        rows = [
            UnitTrainingCoverage(int(o), names[o], int(n), int(t), round(float(h), 2))
            for o, n, t, h in found
        ]
        return sorted(rows, key=lambda r: (r.unit_name, r.org_id))

    def member_hours(self, year: int, org_id: int) -> list[MemberTraining]:
        """Return each member of a unit (not its subtree) with sessions and hours in a year."""
        joined = (
            select(ATTEND.c.member_id, SESSION.c.hours)
            .join(SESSION, SESSION.c.id == ATTEND.c.session_id)
            .where(ATTEND.c.attended.is_(True), extract("year", SESSION.c.held_on) == year)
            .subquery()
        )
        query = (
            select(
                MEMBER.c.id,
                MEMBER.c.name,
                MEMBER.c.org_id,
                func.count(joined.c.member_id),
                func.coalesce(func.sum(joined.c.hours), 0.0),
            )
            .outerjoin(joined, joined.c.member_id == MEMBER.c.id)
            .where(MEMBER.c.org_id == org_id)
            .group_by(MEMBER.c.id, MEMBER.c.name, MEMBER.c.org_id)
            .order_by(MEMBER.c.name, MEMBER.c.id)
        )
        with self.ctx.db.read() as s:
            return [
                MemberTraining(int(i), str(n), int(o), int(c), round(float(h), 2))
                for i, n, o, c, h in s.execute(query)
            ]

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create(self, draft: TrainingDraft) -> TrainingRow:
        """Record a session."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            organiser = _check_refs(s, draft)
            row = TrainingSession(**values)
            detail = f"{values['held_on']:%Y-%m-%d} {values['level']} {values['topic']}"
            new_id = rh.add(s, self.ctx, row, "登记培训", LABEL, organiser, detail)
        return self.get(new_id)

    @retry_conflicts
    def update(self, session_id: int, version: int, draft: TrainingDraft) -> TrainingRow:
        """Save a session's form; refused when stale or when listed members fall outside."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, TrainingSession, session_id, version, LABEL)
            organiser = _check_refs(s, draft)
            listed = list(
                s.scalars(select(ATTEND.c.member_id).where(ATTEND.c.session_id == row.id))
            )
            _check_members(s, draft.org_id, listed)
            for key, value in values.items():
                setattr(row, key, value)
            rh.log(s, self.ctx, "修改培训", LABEL, session_id, organiser, values["topic"])
        return self.get(session_id)

    @retry_conflicts
    def delete(self, session_id: int) -> None:
        """Delete a session and its list."""
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, TrainingSession, session_id, None, LABEL)
            s.delete(row)
            rh.log(
                s, self.ctx, "删除培训", LABEL, session_id, rh.org_name(s, row.org_id), row.topic
            )

    @retry_conflicts
    def set_attendees(
        self, session_id: int, member_ids: Iterable[int], *, absent: Iterable[int] = ()
    ) -> list[AttendeeRow]:
        """Replace a session's list: ``member_ids`` attended, ``absent`` were listed but missed it.

        Raises:
            ValidationError: A member who is not in the organising unit or below it, or a
                member both present and absent.
        """
        present, missing = list(dict.fromkeys(member_ids)), list(dict.fromkeys(absent))
        both = set(present) & set(missing)
        if both:
            raise ValidationError("同一名党员不能既出席又缺席", "absent")
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, TrainingSession, session_id, None, LABEL)
            _check_members(s, row.org_id, present + missing)
            s.execute(delete(ATTEND).where(ATTEND.c.session_id == session_id))
            values = [{"session_id": session_id, "member_id": m, "attended": True} for m in present]
            values += [
                {"session_id": session_id, "member_id": m, "attended": False} for m in missing
            ]
            if values:
                s.execute(ATTEND.insert(), values)
            detail = f"出席 {len(present)} 人，缺席 {len(missing)} 人"
            rh.log(s, self.ctx, "登记培训人员", LABEL, session_id, row.topic, detail)
        return self.attendees(session_id)


def clean(draft: TrainingDraft, today: dt.date) -> dict[str, Any]:
    """Check a session as typed and return its stored values (the kind's per-record rules)."""
    if draft.held_on > today + dt.timedelta(days=366):
        raise ValidationError("培训日期过远，请核对", "held_on")
    hours = rh.number(draft.hours, "培训学时", "hours", high=24, low_inclusive=False)
    return {
        "org_id": draft.org_id,
        "campaign_id": draft.campaign_id,
        "held_on": draft.held_on,
        "level": validate.choice(draft.level, TrainingLevel, "培训级别", "level").value,
        "topic": validate.text(draft.topic, "培训主题", "topic", max_len=200),
        "trainer": validate.optional_text(draft.trainer, "授课人", "trainer", max_len=50),
        "hours": round(hours, 2),
        "location": validate.optional_text(draft.location, "培训地点", "location", max_len=200),
        "note": validate.optional_text(draft.note, "备注", "note", max_len=2000),
    }


def _check_refs(session: Session, draft: TrainingDraft) -> str:
    name = rh.org_name(session, draft.org_id, "举办单位")
    if draft.campaign_id is not None and session.get(Campaign, draft.campaign_id) is None:
        raise ValidationError(f"创建活动（编号 {draft.campaign_id}）不存在", "campaign_id")
    return name


def _check_members(session: Session, org_id: int, member_ids: list[int]) -> None:
    """Refuse members who do not exist or are outside the organising unit's subtree."""
    if not member_ids:
        return
    inside = set(subtree_ids(session, org_id))
    rows = session.execute(select(MEMBER.c.id, MEMBER.c.org_id).where(MEMBER.c.id.in_(member_ids)))
    found = {int(member): int(unit) for member, unit in rows}
    unknown = [m for m in member_ids if m not in found]
    if unknown:
        raise ValidationError(f"党员（编号 {unknown[0]}）不存在", "member_ids")
    outside = [m for m in member_ids if found[m] not in inside]
    if outside:
        names = session.scalars(select(MEMBER.c.name).where(MEMBER.c.id.in_(outside)))
        organiser = rh.org_name(session, org_id)
        raise ValidationError(
            f"{'、'.join(names)}不属于举办单位“{organiser}”及其下级组织，不能列入本次培训",
            "member_ids",
        )


def _query() -> Any:
    listed = rh.count_of(SESSION, ATTEND.c.session_id == SESSION.c.id)
    came = rh.count_of(SESSION, ATTEND.c.session_id == SESSION.c.id, ATTEND.c.attended.is_(True))
    return select(
        SESSION,
        ORG.c.name.label("organiser_name"),
        listed.label("listed"),
        came.label("attended"),
    ).join(ORG, ORG.c.id == SESSION.c.org_id)
