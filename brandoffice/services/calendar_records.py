"""Dated campaign records for the calendar: training, commitments, reports, demo point notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from brandoffice.model import (
    Commitment,
    DemoPointNote,
    Member,
    Organisation,
    SecretaryReview,
    TrainingSession,
    table_of,
)
from brandoffice.services import record_helpers as rh
from brandoffice.services.calendar_view import month_days
from brandoffice.services.context import AppContext

SESSION = table_of(TrainingSession)
COMMITMENT = table_of(Commitment)
REVIEW = table_of(SecretaryReview)
NOTE = table_of(DemoPointNote)
MEMBER = table_of(Member)
ORG = table_of(Organisation)

TITLE_CHARS = 30
"""Longer contents are cut in titles: the tooltip is a line, not the record."""


class RecordKind(StrEnum):
    """What a dated record is; the value is how the calendar names it."""

    TRAINING = "培训"
    COMMITMENT = "公开承诺"
    CHECK = "承诺兑现检查"
    SECRETARY = "书记述职"
    DEMO_NOTE = "示范点进展"


KIND_ORDER = tuple(RecordKind)
"""The order records of one day are listed in."""


@dataclass(frozen=True, slots=True)
class DatedRecord:
    """One record on one day.

    Attributes:
        day: The date it happened.
        kind: What it is.
        title: What, in a line (a topic, a commitment's first words, a secretary's name).
        org_id: The unit it belongs to (the member's unit for a member's commitment).
        unit_name: That unit's name.
        record_id: The record's id in its own table.
        detail: A short addition (level and hours, who committed, the check's result).
    """

    day: dt.date
    kind: RecordKind
    title: str
    org_id: int
    unit_name: str
    record_id: int
    detail: str | None = None

    def text(self) -> str:
        """Return ``培训：主题（街道级，3学时）——幸福街道党工委`` for tooltips and lists."""
        extra = f"（{self.detail}）" if self.detail else ""
        return f"{self.kind.value}：{self.title}{extra}——{self.unit_name}"


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"


def dated_records(
    ctx: AppContext, first: dt.date, last: dt.date, org_ids: Iterable[int] | None = None
) -> list[DatedRecord]:
    """Return the dated records from ``first`` to ``last`` (both included).

    Args:
        ctx: The services' context.
        first: First day.
        last: Last day.
        org_ids: Only records of these units (a member's commitment by the member's
            unit); every unit when None.

    Returns:
        Records by day, then kind (培训, 公开承诺, 承诺兑现检查, 书记述职, 示范点进展), then id.
    """
    wanted = None if org_ids is None else set(org_ids)
    found: list[DatedRecord] = []
    commitments = rh.subject_select(
        COMMITMENT,
        COMMITMENT.c.id,
        COMMITMENT.c.made_on,
        COMMITMENT.c.checked_on,
        COMMITMENT.c.content,
        COMMITMENT.c.fulfilment,
        MEMBER.c.name.label("member_name"),
    ).where(
        (COMMITMENT.c.made_on.between(first, last)) | (COMMITMENT.c.checked_on.between(first, last))
    )
    with ctx.db.read() as s:
        for r in s.execute(
            select(SESSION, ORG.c.name.label("unit_name"))
            .join(ORG, ORG.c.id == SESSION.c.org_id)
            .where(SESSION.c.held_on.between(first, last))
        ):
            detail = f"{r.level}，{r.hours:g}学时" + (f"，授课人{r.trainer}" if r.trainer else "")
            found.append(
                DatedRecord(
                    r.held_on, RecordKind.TRAINING, r.topic, r.org_id, r.unit_name, r.id, detail
                )
            )
        for r in s.execute(commitments):
            who = f"{r.member_name}承诺" if r.member_name else "组织承诺"
            title = _short(r.content)
            if first <= r.made_on <= last:
                found.append(
                    DatedRecord(
                        r.made_on, RecordKind.COMMITMENT, title, r.unit_id, r.unit_name, r.id, who
                    )
                )
            if r.checked_on is not None and first <= r.checked_on <= last:
                found.append(
                    DatedRecord(
                        r.checked_on,
                        RecordKind.CHECK,
                        title,
                        r.unit_id,
                        r.unit_name,
                        r.id,
                        f"{who}，{r.fulfilment}",
                    )
                )
        for r in s.execute(
            select(REVIEW, ORG.c.name.label("unit_name"))
            .join(ORG, ORG.c.id == REVIEW.c.org_id)
            .where(REVIEW.c.reported_on.between(first, last))
        ):
            scored = "未评分" if r.score is None else f"{r.score:g}分"
            detail = f"{r.year}年度，{scored}" + (f"，{r.rating}" if r.rating else "")
            found.append(
                DatedRecord(
                    r.reported_on,
                    RecordKind.SECRETARY,
                    f"{r.secretary}述职",
                    r.org_id,
                    r.unit_name,
                    r.id,
                    detail,
                )
            )
        for r in s.execute(
            select(NOTE, ORG.c.name.label("unit_name"))
            .join(ORG, ORG.c.id == NOTE.c.org_id)
            .where(NOTE.c.noted_on.between(first, last))
        ):
            found.append(
                DatedRecord(
                    r.noted_on, RecordKind.DEMO_NOTE, _short(r.content), r.org_id, r.unit_name, r.id
                )
            )
    if wanted is not None:
        found = [f for f in found if f.org_id in wanted]
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(found, key=lambda f: (f.day, order[f.kind], f.record_id))


def by_day(records: Iterable[DatedRecord]) -> dict[dt.date, tuple[DatedRecord, ...]]:
    """Group records by their day, keeping their order."""
    grouped: dict[dt.date, list[DatedRecord]] = {}
    for record in records:
        grouped.setdefault(record.day, []).append(record)
    return {day: tuple(items) for day, items in grouped.items()}


def month_records(
    ctx: AppContext, year: int, month: int, org_ids: Iterable[int] | None = None
) -> dict[dt.date, tuple[DatedRecord, ...]]:
    """Return the records of the 42 days a month view shows, grouped by day."""
    days = month_days(year, month)
    return by_day(dated_records(ctx, days[0], days[-1], org_ids))


def kind_counts(records: Iterable[DatedRecord]) -> dict[RecordKind, int]:
    """Count records per kind, in :data:`KIND_ORDER` (kinds with none left out)."""
    counts: dict[RecordKind, int] = {}
    for record in records:
        counts[record.kind] = counts.get(record.kind, 0) + 1
    return {kind: counts[kind] for kind in KIND_ORDER if kind in counts}
