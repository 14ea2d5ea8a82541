"""Task deadlines against the calendar: rest days flagged and moved, phases moved with their tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.model import Campaign, Phase, Task, table_of
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.workdays import due_date_note, is_workday, next_workday

TASK, PHASE = table_of(Task), table_of(Phase)


@dataclass(frozen=True, slots=True)
class MovedDeadline:
    """A deadline that fell on a rest day and was moved to the next working day."""

    task: str
    was: dt.date
    now: dt.date
    why: str

    def text(self) -> str:
        """Return ``“宣传发动”截止日期 2026-03-28 → 2026-03-30（截止日期是周六（休息日））``."""
        return f"“{self.task}”截止日期 {self.was:%Y-%m-%d} → {self.now:%Y-%m-%d}（{self.why}）"


def moved_to_workday(task: str, due: dt.date, last: dt.date | None = None) -> MovedDeadline | None:
    """Return how a deadline moves to the next working day, or None when it is one.

    Args:
        task: The task's name, for the message.
        due: The deadline.
        last: The last day it may move to (its phase's end): past it, the deadline
            moves back to the last working day before it instead.
    """
    working = next_workday(due)
    if working == due:
        return None
    if last is not None and working > last:
        working = previous_workday(due)
    return MovedDeadline(task, due, working, due_date_note(due) or "休息日")


def previous_workday(day: dt.date) -> dt.date:
    """Return the last working day before ``day``."""
    day -= dt.timedelta(days=1)
    while not is_workday(day):
        day -= dt.timedelta(days=1)
    return day


@dataclass(frozen=True, slots=True)
class RestDayDeadline:
    """A task whose deadline is a rest day, with the note to show and the day it would move to."""

    task_id: int
    task: str
    due_on: dt.date
    note: str
    next_workday: dt.date


def rest_day_deadlines(ctx: AppContext, campaign_id: int) -> list[RestDayDeadline]:
    """Return the tasks of a campaign whose deadline falls on a rest day, by date."""
    with ctx.db.read() as s:
        rows = s.execute(
            select(TASK.c.id, TASK.c.name, TASK.c.due_on)
            .join(PHASE, PHASE.c.id == TASK.c.phase_id)
            .where(PHASE.c.campaign_id == campaign_id)
            .order_by(TASK.c.due_on, TASK.c.id)
        ).all()
    return [
        RestDayDeadline(i, name, due, due_date_note(due) or "休息日", next_workday(due))
        for i, name, due in rows
        if not is_workday(due)
    ]


@retry_conflicts
def move_to_workdays(ctx: AppContext, task_ids: Iterable[int]) -> list[MovedDeadline]:
    """Move the deadlines of some tasks that fall on rest days to the next working day.

    A phase whose last day is passed widens to hold the moved deadline (and the
    campaign with it). Tasks already due on a working day are left alone.

    Returns:
        The deadlines moved.
    """
    moved: list[MovedDeadline] = []
    wanted = sorted(set(task_ids))
    with ctx.db.write.begin() as s:
        rows = s.execute(
            select(TASK.c.id, TASK.c.name, TASK.c.due_on, TASK.c.phase_id).where(
                TASK.c.id.in_(wanted)
            )
        ).all()
        for task_id, name, due, phase_id in rows:
            change = moved_to_workday(name, due)
            if change is None:
                continue
            moved.append(change)
            s.execute(
                update(TASK)
                .where(TASK.c.id == task_id)
                .values(due_on=change.now, version=TASK.c.version + 1)
            )
            _widen_phase(s, phase_id, change.now)
        if moved:
            audit.record(
                s,
                ctx,
                "截止日期顺延到工作日",
                object_type="任务",
                detail="；".join(m.text() for m in moved)[:1000],
            )
    return moved


def shift_phase_tasks(
    session: Session, phase_id: int, days: int, start_on: dt.date, end_on: dt.date
) -> int:
    """Move the deadlines of a phase's tasks by ``days``, kept inside the phase's new range.

    Returns:
        How many deadlines changed.
    """
    delta = dt.timedelta(days=days)
    changed = 0
    rows = session.execute(
        select(TASK.c.id, TASK.c.due_on).where(TASK.c.phase_id == phase_id)
    ).all()
    for task_id, due in rows:
        new = min(max(due + delta, start_on), end_on)
        if new != due:
            changed += 1
            session.execute(
                update(TASK)
                .where(TASK.c.id == task_id)
                .values(due_on=new, version=TASK.c.version + 1)
            )
    return changed


def _widen_phase(session: Session, phase_id: int, day: dt.date) -> None:
    phase = session.get(Phase, phase_id)
    if phase is None or day <= phase.end_on:
        return
    phase.end_on = day
    session.flush()
    last = session.scalar(
        select(func.max(PHASE.c.end_on)).where(PHASE.c.campaign_id == phase.campaign_id)
    )
    campaign = session.get(Campaign, phase.campaign_id)
    if campaign is not None and last is not None and (campaign.end_on or last) <= last:
        campaign.end_on = last
