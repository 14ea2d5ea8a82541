"""Tasks tied to a kind of record: a unit's record of the campaign's year completes its task.

A task such as 党性教育 names the record kind that proves it (``spirit-reports``). A
unit applying to the task is done once it has such a record in the campaign's year
(for 群众评议: masses' scores in the campaign's member evaluation); the cell is then
已完成 on the record's date, with ``record_evidence`` saying what completed it. When
the records go away, a cell completed that way opens again. :func:`settle_records` is
the one place that does it: record services call it as they write (through
``record_helpers.log``), imports and their undo after writing, task edits for the task,
and ``check --repair`` for everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.model import (
    Benchmark,
    Campaign,
    Commitment,
    EvaluationCriterion,
    EvaluationPlan,
    EvaluationScore,
    Member,
    PartySpiritReport,
    Phase,
    SecretaryReview,
    Task,
    TaskProgress,
    table_of,
)
from brandoffice.model.campaign_records import MemberPost
from brandoffice.model.vocab import EvaluationSource, ProgressStatus

TASK, PHASE, CAMPAIGN = table_of(Task), table_of(Phase), table_of(Campaign)
PROGRESS, MEMBER = table_of(TaskProgress), table_of(Member)
SPIRIT, COMMITMENT = table_of(PartySpiritReport), table_of(Commitment)
SECRETARY, BENCHMARK, POST = table_of(SecretaryReview), table_of(Benchmark), table_of(MemberPost)
SCORE, CRITERION = table_of(EvaluationScore), table_of(EvaluationCriterion)
PLAN = table_of(EvaluationPlan)
DONE, NOT_STARTED = ProgressStatus.DONE.value, ProgressStatus.NOT_STARTED.value
_OPEN = frozenset((NOT_STARTED, ProgressStatus.IN_PROGRESS.value))
_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Found:
    """A unit's records of one kind for one task: how many, and the earliest date (if dated)."""

    count: int
    first: dt.date | None


Counter = Callable[[Session, int, int], dict[int, Found]]
"""(session, campaign year, campaign id) → unit id → its records."""


@dataclass(frozen=True, slots=True)
class Tie:
    """A kind of record a task can be tied to.

    Attributes:
        kind: The registry's name of the kind (``spirit-reports``).
        label: How the task form and the grid name it (党性分析报告).
        logged_as: The kind's label in the audit log, which its service writes under.
        unit: The counting word (份, 项, 名党员).
        counter: Finds each unit's records for a campaign.
    """

    kind: str
    label: str
    logged_as: str
    unit: str
    counter: Counter

    def evidence(self, found: Found) -> str:
        """Return what completed a cell: ``党性分析报告 3 份（最早 2026-05-10）``."""
        text = f"{self.label} {found.count} {self.unit}"
        return f"{text}（最早 {found.first:%Y-%m-%d}）" if found.first else text


def _year(column: Any, year: int) -> ColumnElement[bool]:
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))  # type: ignore[no-any-return]


def _found(rows: Iterable[Any]) -> dict[int, Found]:
    return {int(org): Found(int(n), first) for org, n, first in rows if org is not None}


def _spirit(session: Session, year: int, _campaign: int) -> dict[int, Found]:
    return _found(
        session.execute(
            select(MEMBER.c.org_id, func.count(), func.min(SPIRIT.c.submitted_on))
            .join(MEMBER, MEMBER.c.id == SPIRIT.c.member_id)
            .where(SPIRIT.c.year == year, SPIRIT.c.submitted.is_(True))
            .group_by(MEMBER.c.org_id)
        )
    )


def _commitments(session: Session, year: int, _campaign: int) -> dict[int, Found]:
    unit = func.coalesce(COMMITMENT.c.org_id, MEMBER.c.org_id)
    return _found(
        session.execute(
            select(unit, func.count(), func.min(COMMITMENT.c.made_on))
            .outerjoin(MEMBER, MEMBER.c.id == COMMITMENT.c.member_id)
            .where(COMMITMENT.c.year == year)
            .group_by(unit)
        )
    )


def _secretary(session: Session, year: int, _campaign: int) -> dict[int, Found]:
    return _found(
        session.execute(
            select(SECRETARY.c.org_id, func.count(), func.min(SECRETARY.c.reported_on))
            .where(SECRETARY.c.year == year)
            .group_by(SECRETARY.c.org_id)
        )
    )


def _benchmarks(session: Session, year: int, _campaign: int) -> dict[int, Found]:
    return {
        int(org): Found(int(n), None)
        for org, n in session.execute(
            select(BENCHMARK.c.org_id, func.count())
            .where(BENCHMARK.c.year == year)
            .group_by(BENCHMARK.c.org_id)
        )
    }


def _posts(session: Session, year: int, _campaign: int) -> dict[int, Found]:
    return _found(
        session.execute(
            select(POST.c.org_id, func.count(), func.min(POST.c.set_up_on))
            .where(_year(POST.c.set_up_on, year))
            .group_by(POST.c.org_id)
        )
    )


def _mass_evaluation(session: Session, _year: int, campaign: int) -> dict[int, Found]:
    return {
        int(org): Found(int(n), None)
        for org, n in session.execute(
            select(MEMBER.c.org_id, func.count(func.distinct(SCORE.c.member_id)))
            .join(MEMBER, MEMBER.c.id == SCORE.c.member_id)
            .join(CRITERION, CRITERION.c.id == SCORE.c.criterion_id)
            .join(PLAN, PLAN.c.id == CRITERION.c.plan_id)
            .where(PLAN.c.campaign_id == campaign, SCORE.c.source == EvaluationSource.MASSES.value)
            .group_by(MEMBER.c.org_id)
        )
    }


TIES: tuple[Tie, ...] = (
    Tie("spirit-reports", "党性分析报告", "党性分析报告", "份", _spirit),
    Tie("commitments", "公开承诺", "公开承诺", "项", _commitments),
    Tie("member-posts", "党员示范岗", "党员示范岗", "个", _posts),
    Tie("benchmarks", "四找（对标定位）", "对标定位", "份", _benchmarks),
    Tie("evaluation", "群众评议", "党员评议", "名党员", _mass_evaluation),
    Tie("secretary-reviews", "书记述职评议", "书记述职评议", "次", _secretary),
)
"""Every kind a task can be tied to, in the order the task form offers them."""
BY_KIND = {t.kind: t for t in TIES}


def tie_of(kind: str | None) -> Tie | None:
    """Return the tie of a kind name, or None for no kind."""
    return BY_KIND.get(kind) if kind else None


def clean_kind(value: str | None) -> str | None:
    """Return a task's record kind as stored (None for none).

    Raises:
        ValidationError: Not a kind a task can be tied to (``field`` record_kind).
    """
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    if value in BY_KIND:
        return value
    by_label = next((t.kind for t in TIES if value == t.label), None)
    if by_label is not None:
        return by_label
    allowed = "、".join(t.label for t in TIES)
    raise ValidationError(f"关联记录“{value}”无效，可选：{allowed}", "record_kind")


def kinds_logged_as(label: str) -> tuple[str, ...]:
    """Return the tied kinds a record service writes under ``label`` in the audit log."""
    return tuple(t.kind for t in TIES if t.logged_as == label)


def settle_records(
    session: Session,
    today: dt.date,
    *,
    kinds: Iterable[str] | None = None,
    task_ids: Iterable[int] | None = None,
) -> int:
    """Bring the progress of tasks tied to records in line with the records.

    An open cell (未开始, 进行中) of a unit with records becomes 已完成 on the records'
    earliest date (``today`` for undated kinds) with ``record_evidence`` set; a cell a
    record completed whose records are gone opens again (未开始). Cells set by hand
    (已完成 without evidence, 不适用) are left alone.

    Args:
        session: The caller's write session.
        today: The day undated records count as done on.
        kinds: Only tasks tied to these kinds; every tied task when None.
        task_ids: Only these tasks; every tied task when None.

    Returns:
        How many cells changed.
    """
    return len(_settle(session, today, kinds=kinds, task_ids=task_ids, write=True))


def pending_records(session: Session, today: dt.date) -> dict[int, int]:
    """Return, per tied task, how many cells disagree with the records (only tasks with any)."""
    counts: dict[int, int] = {}
    for task_id in _settle(session, today, kinds=None, task_ids=None, write=False):
        counts[task_id] = counts.get(task_id, 0) + 1
    return counts


def _settle(
    session: Session,
    today: dt.date,
    *,
    kinds: Iterable[str] | None,
    task_ids: Iterable[int] | None,
    write: bool,
) -> list[int]:
    """Return the task id of every cell that changes (or would, when not ``write``)."""
    session.flush()  # records the ORM holds pending (a delete) count as gone
    query = (
        select(TASK.c.id, TASK.c.record_kind, CAMPAIGN.c.id, CAMPAIGN.c.year)
        .join(PHASE, PHASE.c.id == TASK.c.phase_id)
        .join(CAMPAIGN, CAMPAIGN.c.id == PHASE.c.campaign_id)
        .where(TASK.c.record_kind.is_not(None))
    )
    if kinds is not None:
        query = query.where(TASK.c.record_kind.in_(sorted(set(kinds))))
    if task_ids is not None:
        query = query.where(TASK.c.id.in_(sorted(set(task_ids))))
    tasks = session.execute(query).all()
    found: dict[tuple[str, int, int], dict[int, Found]] = {}
    changed: list[int] = []
    for task_id, kind, campaign_id, year in tasks:
        tie = BY_KIND.get(kind)
        if tie is None:
            continue
        key = (kind, year, campaign_id)
        if key not in found:
            found[key] = tie.counter(session, year, campaign_id)
        records = found[key]
        cells = session.execute(
            select(PROGRESS.c.id, PROGRESS.c.org_id, PROGRESS.c.status, PROGRESS.c.record_evidence)
            .where(PROGRESS.c.task_id == task_id)
            .order_by(PROGRESS.c.id)
        ).all()
        for cell_id, org_id, status, evidence in cells:
            values = _change(tie, records.get(org_id), status, evidence, today)
            if values is None:
                continue
            changed.append(task_id)
            if write:
                session.execute(
                    update(PROGRESS)
                    .where(PROGRESS.c.id == cell_id)
                    .values(**values, version=PROGRESS.c.version + 1)
                )
    return changed


def _change(
    tie: Tie, found: Found | None, status: str, evidence: str | None, today: dt.date
) -> dict[str, Any] | None:
    """Return the new values of one cell, or None when it agrees with the records."""
    if found is not None:
        text = tie.evidence(found)
        if status in _OPEN:
            return {"status": DONE, "done_on": found.first or today, "record_evidence": text}
        if evidence is not None and status == DONE and evidence != text:
            return {"record_evidence": text}
        return None
    if evidence is not None and status == DONE:
        return {"status": NOT_STARTED, "done_on": None, "record_evidence": None}
    if evidence is not None:
        return {"record_evidence": None}
    return None
