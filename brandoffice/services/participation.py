"""Which units take part in which tasks, and the progress rows that follow from it.

A task applies to the units of its campaign's scope (the scope unit's subtree, or
every unit) that match the task's scope: 全部, a sector, a kind, or units picked
by name. The scope unit itself (the organising 街道党工委) is not among them unless the
campaign or the task says it takes part (组织单位本身也参加). Every applicable unit has one progress row per task. :func:`settle_progress`
is the one place that creates missing rows: for a new task, for a new or imported
unit, for a unit moved or given another sector or kind, and for ``check --repair``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from brandoffice.model import (
    Campaign,
    Organisation,
    Phase,
    ProgressEvidence,
    Task,
    TaskProgress,
    TaskTarget,
    table_of,
)
from brandoffice.model.vocab import ProgressStatus, TaskScope
from brandoffice.services.record_tasks import settle_records

CAMPAIGN = table_of(Campaign)
PHASE = table_of(Phase)
TASK = table_of(Task)
PROGRESS = table_of(TaskProgress)
TARGET = table_of(TaskTarget)
EVIDENCE = table_of(ProgressEvidence)
ORG = table_of(Organisation)
_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ResyncResult:
    """What re-applying a task's scope did to its progress rows.

    Attributes:
        added: Rows created (未开始) for units the task now applies to.
        removed: Rows of units it no longer applies to that held no work, deleted.
        kept: Rows of such units that held work (a status, note or evidence), set to 不适用.
    """

    added: int = 0
    removed: int = 0
    kept: int = 0

    def __add__(self, other: ResyncResult) -> ResyncResult:
        return ResyncResult(
            self.added + other.added, self.removed + other.removed, self.kept + other.kept
        )


def applicable_units(
    session: Session, task_ids: Iterable[int] | None = None
) -> dict[int, set[int]]:
    """Return, for each task (every task when None), the ids of the units it applies to.

    The campaign's scope unit is left out unless the campaign or the task has
    ``organiser_takes_part``.
    """
    query = (
        select(
            TASK.c.id,
            TASK.c.scope,
            TASK.c.scope_values,
            CAMPAIGN.c.scope_org_id,
            (CAMPAIGN.c.organiser_takes_part | TASK.c.organiser_takes_part).label("organiser"),
        )
        .join(PHASE, PHASE.c.id == TASK.c.phase_id)
        .join(CAMPAIGN, CAMPAIGN.c.id == PHASE.c.campaign_id)
        .order_by(TASK.c.id)
    )
    wanted = None if task_ids is None else sorted(set(task_ids))
    if wanted is not None:
        query = query.where(TASK.c.id.in_(wanted))
    tasks = session.execute(query).all()
    if not tasks:
        return {}
    units = session.execute(select(ORG.c.id, ORG.c.parent_id, ORG.c.sector, ORG.c.kind)).all()
    children: defaultdict[int | None, list[int]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit.id)
    picked: defaultdict[int, set[int]] = defaultdict(set)
    if any(t.scope == TaskScope.PICKED.value for t in tasks):
        for task_id, org_id in session.execute(select(TARGET.c.task_id, TARGET.c.org_id)):
            picked[task_id].add(org_id)
    subtrees: dict[int | None, set[int]] = {None: {u.id for u in units}}
    found: dict[int, set[int]] = {}
    for task in tasks:
        if task.scope_org_id not in subtrees:
            subtrees[task.scope_org_id] = _subtree(children, task.scope_org_id)
        inside = subtrees[task.scope_org_id]
        if task.scope == TaskScope.SECTOR.value:
            values = set(task.scope_values or [])
            inside = {u.id for u in units if u.id in inside and u.sector in values}
        elif task.scope == TaskScope.KIND.value:
            values = set(task.scope_values or [])
            inside = {u.id for u in units if u.id in inside and u.kind in values}
        elif task.scope == TaskScope.PICKED.value:
            inside = inside & picked[task.id]
        found[task.id] = set(inside)
        if not task.organiser:
            found[task.id].discard(task.scope_org_id)
    return found


def _subtree(children: dict[int | None, list[int]], root: int | None) -> set[int]:
    """Return ``root`` and every unit below it (a cycle stops at units already seen)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        if current is None or current in seen:
            continue
        seen.add(current)
        stack.extend(children.get(current, ()))
    return seen


def applicable_org_ids(session: Session, task_id: int) -> list[int]:
    """Return the units a task applies to, within its campaign's scope, by id."""
    return sorted(applicable_units(session, [task_id]).get(task_id, set()))


def progress_gaps(
    session: Session,
    task_ids: Iterable[int] | None = None,
    org_ids: Iterable[int] | None = None,
) -> dict[int, list[int]]:
    """Return, per task, the applicable units that have no progress row (only tasks with gaps).

    Args:
        session: The open session.
        task_ids: The tasks to look at; every task when None.
        org_ids: Only these units; every unit when None.
    """
    applies = applicable_units(session, task_ids)
    units = None if org_ids is None else set(org_ids)
    have: defaultdict[int, set[int]] = defaultdict(set)
    ids = sorted(applies)
    for start in range(0, len(ids), _IN_CHUNK):
        rows = session.execute(
            select(PROGRESS.c.task_id, PROGRESS.c.org_id).where(
                PROGRESS.c.task_id.in_(ids[start : start + _IN_CHUNK])
            )
        )
        for task_id, org_id in rows:
            have[task_id].add(org_id)
    gaps: dict[int, list[int]] = {}
    for task_id in ids:
        wanted = applies[task_id] if units is None else applies[task_id] & units
        missing = sorted(wanted - have[task_id])
        if missing:
            gaps[task_id] = missing
    return gaps


def settle_progress(
    session: Session,
    *,
    task_ids: Iterable[int] | None = None,
    org_ids: Iterable[int] | None = None,
    import_batch_id: int | None = None,
) -> dict[int, int]:
    """Create the missing progress rows (未开始) of some tasks for some units.

    Args:
        session: The caller's write session.
        task_ids: The tasks; every task of every campaign when None.
        org_ids: The units; every unit when None.
        import_batch_id: Stamp the new rows with an import, so undoing it removes them.

    Returns:
        Task id → rows created, for the tasks that got any.
    """
    gaps = progress_gaps(session, task_ids, org_ids)
    rows: list[dict[str, Any]] = [
        {
            "task_id": task_id,
            "org_id": org_id,
            "status": ProgressStatus.NOT_STARTED.value,
            "import_batch_id": import_batch_id,
        }
        for task_id, missing in gaps.items()
        for org_id in missing
    ]
    for start in range(0, len(rows), _IN_CHUNK):
        session.execute(PROGRESS.insert(), rows[start : start + _IN_CHUNK])
    return {task_id: len(missing) for task_id, missing in gaps.items()}


def stale_progress(session: Session) -> dict[int, list[Any]]:
    """Return, per task, its rows of units it no longer applies to that are not yet 不适用.

    Such rows appear when the rule changed under a database (the organising unit no
    longer takes part by default) or when foreign keys were off; ``check --repair``
    retires them as :func:`retire_rows` says.
    """
    applies = applicable_units(session)
    stale: defaultdict[int, list[Any]] = defaultdict(list)
    rows = session.execute(
        select(*_STALE_COLUMNS).where(PROGRESS.c.status != ProgressStatus.NOT_APPLICABLE.value)
    )
    for row in rows:
        if row.task_id in applies and row.org_id not in applies[row.task_id]:
            stale[row.task_id].append(row)
    return dict(stale)


def sync_progress(session: Session, task_id: int) -> int:
    """Create missing progress rows (未开始) for the units a task applies to."""
    return settle_progress(session, task_ids=[task_id]).get(task_id, 0)


def resync_units(
    session: Session,
    org_ids: Iterable[int],
    *,
    import_batch_id: int | None = None,
    today: dt.date | None = None,
) -> ResyncResult:
    """Match some units' progress rows to the tasks that apply to them now.

    Called after units are added, moved, or given another sector or kind: missing
    rows are created (and completed at once where the unit's records complete a tied
    task, undated records counting as done ``today``); rows of tasks that no longer
    apply are retired as :func:`retire_rows` says.
    """
    units = set(org_ids)
    if not units:
        return ResyncResult()
    made = settle_progress(session, org_ids=units, import_batch_id=import_batch_id)
    added = sum(made.values())
    if made:
        settle_records(session, today or dt.date.today(), task_ids=made)
    applies = applicable_units(session)
    stale = []
    ids = sorted(units)
    for start in range(0, len(ids), _IN_CHUNK):
        rows = session.execute(
            select(*_STALE_COLUMNS).where(PROGRESS.c.org_id.in_(ids[start : start + _IN_CHUNK]))
        )
        stale += [r for r in rows if r.org_id not in applies.get(r.task_id, set())]
    removed, kept = retire_rows(session, stale)
    return ResyncResult(added, removed, kept)


def resync_task(session: Session, task_id: int) -> ResyncResult:
    """Match a task's progress rows to the units it applies to now.

    Rows of units it no longer applies to are retired as :func:`retire_rows` says.
    """
    wanted = set(applicable_org_ids(session, task_id))
    added = sync_progress(session, task_id)
    rows = session.execute(select(*_STALE_COLUMNS).where(PROGRESS.c.task_id == task_id)).all()
    removed, kept = retire_rows(session, [r for r in rows if r.org_id not in wanted])
    return ResyncResult(added, removed, kept)


_STALE_COLUMNS = (
    PROGRESS.c.id,
    PROGRESS.c.task_id,
    PROGRESS.c.org_id,
    PROGRESS.c.status,
    PROGRESS.c.note,
    PROGRESS.c.count_value,
)


def retire_rows(session: Session, rows: list[Any]) -> tuple[int, int]:
    """Retire progress rows of tasks that no longer apply to their unit.

    Rows that hold no work are deleted; rows with a status other than 未开始, a note,
    a count or evidence are kept as 不适用.

    Returns:
        (rows deleted, rows kept as 不适用).
    """
    if not rows:
        return 0, 0
    ids = [r.id for r in rows]
    with_evidence: set[int] = set()
    for start in range(0, len(ids), _IN_CHUNK):
        with_evidence.update(
            session.scalars(
                select(EVIDENCE.c.progress_id).where(
                    EVIDENCE.c.progress_id.in_(ids[start : start + _IN_CHUNK])
                )
            )
        )
    empty = [
        r.id
        for r in rows
        if r.status == ProgressStatus.NOT_STARTED.value
        and not r.note
        and r.count_value is None
        and r.id not in with_evidence
    ]
    kept = [
        r.id
        for r in rows
        if r.id not in set(empty) and r.status != ProgressStatus.NOT_APPLICABLE.value
    ]
    for start in range(0, len(empty), _IN_CHUNK):
        session.execute(delete(PROGRESS).where(PROGRESS.c.id.in_(empty[start : start + _IN_CHUNK])))
    for start in range(0, len(kept), _IN_CHUNK):
        session.execute(
            update(PROGRESS)
            .where(PROGRESS.c.id.in_(kept[start : start + _IN_CHUNK]))
            .values(status=ProgressStatus.NOT_APPLICABLE.value, version=PROGRESS.c.version + 1)
        )
    return len(empty), len(kept)
