"""Public commitments (公开承诺 / 设岗定责) of units and members, and their year-end check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.excel.record_columns import COMMITMENTS
from brandoffice.model import Commitment, Member, table_of
from brandoffice.model.vocab import Fulfilment, PublishChannel
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service

COMMITMENT = table_of(Commitment)
MEMBER = table_of(Member)
LABEL = "公开承诺"
NEEDS_REASON = (Fulfilment.PARTLY, Fulfilment.NOT_FULFILLED)


@dataclass(frozen=True)
class CommitmentDraft:
    """The editable fields of a commitment; exactly one of ``org_id`` and ``member_id``.

    ``year`` is the year the commitment is for (the year of ``made_on`` when None).
    """

    content: str
    made_on: dt.date
    org_id: int | None = None
    member_id: int | None = None
    year: int | None = None
    post: str | None = None
    published_in: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    """A commitment; ``unit_id``/``unit_name`` are the unit's or the member's unit."""

    id: int
    org_id: int | None
    member_id: int | None
    subject_name: str
    unit_id: int
    unit_name: str
    year: int
    content: str
    post: str | None
    made_on: dt.date
    published_in: list[str]
    fulfilment: str | None
    checked_on: dt.date | None
    check_note: str | None
    version: int


@dataclass(frozen=True, slots=True)
class UnitCommitmentCounts:
    """A unit's commitments of a year: made by the unit and by its members, and the check."""

    org_id: int
    unit_name: str
    by_unit: int
    by_members: int
    fulfilled: int
    partly: int
    not_fulfilled: int

    @property
    def total(self) -> int:
        """Return all commitments counted for the unit."""
        return self.by_unit + self.by_members

    @property
    def unchecked(self) -> int:
        """Return commitments not yet checked at year end."""
        return self.total - self.fulfilled - self.partly - self.not_fulfilled

    @property
    def fulfilled_rate(self) -> float | None:
        """Return fulfilled ÷ checked."""
        return rh.rate(self.fulfilled, self.fulfilled + self.partly + self.not_fulfilled)


@dataclass(frozen=True)
class CommitmentsView:
    """A unit subtree's commitments of a year, the counts, and who can commit (unit, members)."""

    rows: list[CommitmentRow]
    counts: list[UnitCommitmentCounts]
    owners: list[tuple[str, rh.Owner]]


class CommitmentService(Service):
    """Commitments of units and members, their publication and their fulfilment."""

    # -- reads ---------------------------------------------------------------
    def commitments(
        self, year: int | None = None, *, org_id: int | None = None, member_id: int | None = None
    ) -> list[CommitmentRow]:
        """Return commitments (of a year), of a unit's subtree with its members, or one member."""
        query = _query().order_by(COMMITMENT.c.year.desc(), COMMITMENT.c.made_on, COMMITMENT.c.id)
        if year is not None:
            query = query.where(COMMITMENT.c.year == year)
        if member_id is not None:
            query = query.where(COMMITMENT.c.member_id == member_id)
        return rh.rows_of(
            self.ctx, CommitmentRow, query, COMMITMENT.c.org_id, MEMBER.c.org_id, org_id=org_id
        )

    def view(self, org_id: int, year: int) -> CommitmentsView:
        """Return the tab's read: a subtree's commitments and counts of a year, its owners."""
        with self.ctx.db.read() as s:
            owners = rh.owners(s, org_id)
        return CommitmentsView(
            self.commitments(year, org_id=org_id), self.counts(year, org_id), owners
        )

    def get(self, commitment_id: int) -> CommitmentRow:
        """Return one commitment or raise NotFoundError."""
        return rh.row_of(self.ctx, CommitmentRow, _query(), COMMITMENT, commitment_id, LABEL)

    def counts(self, year: int, org_id: int | None = None) -> list[UnitCommitmentCounts]:
        """Return per unit the commitments of a year and how the check came out."""
        unit = func.coalesce(COMMITMENT.c.org_id, MEMBER.c.org_id)
        query = (
            select(
                unit,
                COMMITMENT.c.member_id.is_(None),
                COMMITMENT.c.fulfilment,
                func.count(),
            )
            .outerjoin(MEMBER, MEMBER.c.id == COMMITMENT.c.member_id)
            .where(COMMITMENT.c.year == rh.year(year))
            .group_by(unit, COMMITMENT.c.member_id.is_(None), COMMITMENT.c.fulfilment)
        )
        tally: dict[int, dict[str, int]] = {}
        with self.ctx.db.read() as s:
            query = rh.in_scope(s, query, org_id, unit)
            for org, own, fulfilment, n in s.execute(query):
                entry = tally.setdefault(int(org), {})
                key = "by_unit" if own else "by_members"
                entry[key] = entry.get(key, 0) + int(n)
                if fulfilment:
                    entry[fulfilment] = entry.get(fulfilment, 0) + int(n)
            names = rh.org_names(s, list(tally))
        rows = [
            UnitCommitmentCounts(
                org,
                names[org],
                t.get("by_unit", 0),
                t.get("by_members", 0),
                t.get(Fulfilment.FULFILLED.value, 0),
                t.get(Fulfilment.PARTLY.value, 0),
                t.get(Fulfilment.NOT_FULFILLED.value, 0),
            )
            for org, t in tally.items()
        ]
        return sorted(rows, key=lambda r: (r.unit_name, r.org_id))

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create(self, draft: CommitmentDraft) -> CommitmentRow:
        """Record a commitment of a unit or a member."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            name = rh.subject_name(s, draft.org_id, draft.member_id)
            row = Commitment(**values)
            new_id = rh.add(s, self.ctx, row, "登记公开承诺", LABEL, name, f"{values['year']}年度")
        return self.get(new_id)

    @retry_conflicts
    def update(self, commitment_id: int, version: int, draft: CommitmentDraft) -> CommitmentRow:
        """Save a commitment's form; refused when someone else saved it meanwhile."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, Commitment, commitment_id, version, LABEL)
            name = rh.subject_name(s, draft.org_id, draft.member_id)
            if row.checked_on is not None and values["made_on"] > row.checked_on:
                raise ValidationError("承诺日期不能晚于兑现检查日期", "made_on")
            for key, value in values.items():
                setattr(row, key, value)
            rh.log(s, self.ctx, "修改公开承诺", LABEL, commitment_id, name)
        return self.get(commitment_id)

    @retry_conflicts
    def check(
        self,
        commitment_id: int,
        version: int,
        fulfilment: str | None,
        *,
        checked_on: dt.date | None = None,
        note: str | None = None,
    ) -> CommitmentRow:
        """Record the year-end check (已兑现 / 部分兑现 / 未兑现); None clears it.

        Raises:
            ValidationError: A date before the commitment or after today, or 部分兑现 /
                未兑现 without a note saying why.
        """
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, Commitment, commitment_id, version, LABEL)
            result, when, remark = clean_check(
                fulfilment, checked_on or self.ctx.today(), note, row.made_on, self.ctx.today()
            )
            row.fulfilment, row.checked_on, row.check_note = result, when, remark
            name = rh.subject_name(s, row.org_id, row.member_id)
            shown = result or "撤销检查"
            rh.log(s, self.ctx, "检查承诺兑现", LABEL, commitment_id, name, shown)
        return self.get(commitment_id)

    @retry_conflicts
    def delete(self, commitment_id: int) -> None:
        """Delete a commitment recorded by mistake."""
        with self.ctx.db.write.begin() as s:
            row = rh.load(s, Commitment, commitment_id, None, LABEL)
            name = rh.subject_name(s, row.org_id, row.member_id)
            s.delete(row)
            rh.log(s, self.ctx, "删除公开承诺", LABEL, commitment_id, name)


def clean(draft: CommitmentDraft, today: dt.date) -> dict[str, Any]:
    """Check a commitment as typed and return its stored values (the kind's per-record rules)."""
    rh.one_subject(draft.org_id, draft.member_id, "承诺")
    COMMITMENTS.column("made_on").refuse_future(draft.made_on, today)
    channels = [
        validate.choice(c, PublishChannel, "公开方式", "published_in").value
        for c in draft.published_in
    ]
    return {
        "org_id": draft.org_id,
        "member_id": draft.member_id,
        "year": rh.year(draft.year if draft.year is not None else draft.made_on.year),
        "content": validate.text(draft.content, "承诺内容", "content", max_len=2000),
        "post": validate.optional_text(draft.post, "岗位职责", "post", max_len=100),
        "made_on": draft.made_on,
        "published_in": list(dict.fromkeys(channels)),
    }


def clean_check(
    fulfilment: str | None,
    checked_on: dt.date | None,
    note: str | None,
    made_on: dt.date,
    today: dt.date,
) -> tuple[str | None, dt.date | None, str | None]:
    """Check a year-end check and return (fulfilment, date, note) as stored; None clears it.

    Raises:
        ValidationError: A date after today or before the commitment, or 部分兑现 / 未兑现
            without a note saying why.
    """
    result = validate.optional_choice(fulfilment, Fulfilment, "兑现情况", "fulfilment")
    remark = validate.optional_text(note, "兑现说明", "check_note", max_len=2000)
    if result is None:
        return None, None, remark
    COMMITMENTS.column("checked_on").refuse_future(checked_on, today)
    if checked_on is not None and checked_on < made_on:
        raise ValidationError("检查日期早于承诺日期", "checked_on")
    if result in NEEDS_REASON and not remark:
        raise ValidationError(f"“{result.value}”须说明原因", "check_note")
    return result.value, checked_on, remark


def _query() -> Any:
    return rh.subject_select(COMMITMENT, COMMITMENT)
