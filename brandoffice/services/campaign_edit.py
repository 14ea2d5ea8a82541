"""Edits the campaign service lacks: update and delete of campaigns, phases and tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.model import (
    Campaign,
    Phase,
    Task,
    TaskProgress,
    TaskTarget,
    table_of,
)
from brandoffice.model.vocab import TaskScope
from brandoffice.services import audit, validate
from brandoffice.services.campaigns import (
    CampaignService,
    TaskDraft,
    _clean_task,
    clean_description,
)
from brandoffice.services.context import AppContext
from brandoffice.services.deadlines import shift_phase_tasks
from brandoffice.services.participation import ResyncResult, resync_task
from brandoffice.services.record_tasks import settle_records
from brandoffice.services.rows import CampaignRow, PhaseRow, TaskRow

CAMPAIGN, PHASE, TASK = table_of(Campaign), table_of(Phase), table_of(Task)
PROGRESS, TARGET = table_of(TaskProgress), table_of(TaskTarget)
E = TypeVar("E", bound=Campaign | Phase | Task)


# -- campaigns -----------------------------------------------------------------
@retry_conflicts
def update_campaign(
    ctx: AppContext,
    campaign_id: int,
    version: int,
    *,
    name: str,
    year: int,
    scope_org_id: int | None,
    description: str | None = None,
    organiser_takes_part: bool | None = None,
) -> tuple[CampaignRow, ResyncResult]:
    """Save the campaign form; a new scope re-applies every task to the new set of units.

    ``organiser_takes_part`` (None: unchanged) says whether the scope unit itself takes
    part in every task; changing it re-applies every task too.

    Raises:
        StaleEditError: Someone saved the campaign since ``version`` was read.
        ValidationError: A field is not acceptable (``field`` names it).
    """
    cleaned = validate.text(name, "活动名称", "name", max_len=100)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("活动年度应在2000至2100之间", "year")
    result = ResyncResult()
    with ctx.db.write.begin() as s:
        campaign = _get(s, Campaign, campaign_id, "创建活动")
        if campaign.version != version:
            raise StaleEditError("该创建活动已被他人修改，请重新打开后再改")
        clash = s.scalar(
            select(CAMPAIGN.c.id).where(CAMPAIGN.c.name == cleaned, CAMPAIGN.c.id != campaign_id)
        )
        if clash is not None:
            raise ValidationError(f"已有名为“{cleaned}”的创建活动", "name")
        rescope = campaign.scope_org_id != scope_org_id
        if organiser_takes_part is not None:
            rescope |= campaign.organiser_takes_part != organiser_takes_part
            campaign.organiser_takes_part = organiser_takes_part
        campaign.name, campaign.year = cleaned, int(year)
        campaign.scope_org_id, campaign.description = scope_org_id, clean_description(description)
        s.flush()
        if rescope:
            for task_id in _task_ids(s, campaign_id):
                result += resync_task(s, task_id)
        settle_records(s, ctx.today(), task_ids=_task_ids(s, campaign_id))  # the year may differ
        audit.record_about(s, ctx, "修改创建活动", "创建活动", campaign)
    return CampaignService(ctx).campaign(campaign_id), result


@retry_conflicts
def delete_campaign(ctx: AppContext, campaign_id: int) -> None:
    """Delete a campaign with its phases, tasks and progress (evidence files stay stored)."""
    with ctx.db.write.begin() as s:
        _delete(s, ctx, Campaign, campaign_id, "创建活动")


# -- phases --------------------------------------------------------------------
@retry_conflicts
def update_phase(
    ctx: AppContext,
    phase_id: int,
    *,
    name: str,
    start_on: dt.date,
    end_on: dt.date,
    description: str | None = None,
    opened: PhaseRow | None = None,
    move_tasks: bool = False,
) -> PhaseRow:
    """Rename a phase or change its date range, and widen the campaign's range to fit.

    With ``move_tasks`` the phase's deadlines move by as many days as its first day
    moved, each kept inside the new range (是否同时移动本阶段的任务).

    Args:
        ctx: The service context.
        phase_id: The phase.
        name: Its new name.
        start_on: Its first day.
        end_on: Its last day.
        description: Its description.
        opened: The phase as the clerk opened it; when given, the save is refused if
            someone changed it since (phases have no version column: the values are
            compared).
        move_tasks: Move the phase's task deadlines with it.

    Raises:
        StaleEditError: The phase is no longer as ``opened``.
        ValidationError: A field is not acceptable (``field`` names it).
    """
    cleaned = validate.text(name, "阶段名称", "name", max_len=50)
    validate.date_order(start_on, end_on, "阶段", "end_on")
    with ctx.db.write.begin() as s:
        phase = _get(s, Phase, phase_id, "阶段", lock=True)
        if opened is not None and (
            phase.name,
            phase.start_on,
            phase.end_on,
            phase.description,
        ) != (opened.name, opened.start_on, opened.end_on, opened.description):
            raise StaleEditError(f"阶段“{opened.name}”已被他人修改，请重新打开后再改")
        clash = s.scalar(
            select(PHASE.c.id).where(
                PHASE.c.campaign_id == phase.campaign_id,
                PHASE.c.name == cleaned,
                PHASE.c.id != phase_id,
            )
        )
        if clash is not None:
            raise ValidationError(f"本活动已有名为“{cleaned}”的阶段", "name")
        days = (start_on - phase.start_on).days
        phase.name, phase.start_on, phase.end_on = cleaned, start_on, end_on
        phase.description = clean_description(description)
        s.flush()
        if move_tasks:
            shift_phase_tasks(s, phase_id, days, start_on, end_on)
        _fit_campaign_range(s, phase.campaign_id)
        audit.record_about(s, ctx, "修改阶段", "阶段", phase)
        campaign_id = phase.campaign_id
    return next(p for p in CampaignService(ctx).phases(campaign_id) if p.id == phase_id)


@retry_conflicts
def delete_phase(ctx: AppContext, phase_id: int) -> None:
    """Delete a phase with its tasks and their progress."""
    with ctx.db.write.begin() as s:
        phase = _get(s, Phase, phase_id, "阶段")
        name, campaign_id = phase.name, phase.campaign_id
        s.delete(phase)
        s.flush()
        for position, pid in enumerate(
            s.scalars(
                select(PHASE.c.id)
                .where(PHASE.c.campaign_id == campaign_id)
                .order_by(PHASE.c.position, PHASE.c.start_on)
            )
        ):
            s.execute(update(PHASE).where(PHASE.c.id == pid).values(position=position))
        audit.record(s, ctx, "删除阶段", object_type="阶段", object_id=phase_id, object_name=name)


def _fit_campaign_range(session: Session, campaign_id: int) -> None:
    first, last = session.execute(
        select(func.min(PHASE.c.start_on), func.max(PHASE.c.end_on)).where(
            PHASE.c.campaign_id == campaign_id
        )
    ).one()
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or first is None:
        return
    if campaign.start_on is None or first < campaign.start_on:
        campaign.start_on = first
    if campaign.end_on is None or last > campaign.end_on:
        campaign.end_on = last


# -- tasks ---------------------------------------------------------------------
def task_targets(ctx: AppContext, task_id: int) -> list[int]:
    """Return the units picked by hand for a task (scope 指定单位)."""
    with ctx.db.read() as s:
        return list(
            s.scalars(
                select(TARGET.c.org_id).where(TARGET.c.task_id == task_id).order_by(TARGET.c.org_id)
            )
        )


@retry_conflicts
def update_task(
    ctx: AppContext, task_id: int, version: int, draft: TaskDraft
) -> tuple[TaskRow, ResyncResult]:
    """Save the task form; a changed scope adds and removes progress rows to match.

    Raises:
        StaleEditError: Someone saved the task since ``version`` was read.
        ValidationError: A field is not acceptable (``field`` names it).
    """
    values: dict[str, Any] = _clean_task(draft)
    with ctx.db.write.begin() as s:
        task = _get(s, Task, task_id, "任务")
        if task.version != version:
            raise StaleEditError(f"任务“{task.name}”已被他人修改，请重新打开后再改")
        if s.get(Phase, draft.phase_id) is None:
            raise ValidationError("所属阶段不存在", "phase_id")
        clash = s.scalar(
            select(TASK.c.id).where(
                TASK.c.phase_id == values["phase_id"],
                TASK.c.name == values["name"],
                TASK.c.id != task_id,
            )
        )
        if clash is not None:
            raise ValidationError(f"该阶段已有名为“{values['name']}”的任务", "name")
        for key, value in values.items():
            setattr(task, key, value)
        s.flush()
        s.execute(delete(TARGET).where(TARGET.c.task_id == task_id))
        if draft.scope == TaskScope.PICKED.value:
            s.execute(
                TARGET.insert(),
                [{"task_id": task_id, "org_id": o} for o in sorted(set(draft.picked_org_ids))],
            )
        result = resync_task(s, task_id)
        if task.record_kind is None:  # untied: what a record completed stays, as set by hand
            s.execute(
                update(PROGRESS).where(PROGRESS.c.task_id == task_id).values(record_evidence=None)
            )
        settle_records(s, ctx.today(), task_ids=[task_id])
        audit.record_about(s, ctx, "修改任务", "任务", task)
    return next(t for t in CampaignService(ctx).tasks() if t.id == task_id), result


@retry_conflicts
def delete_task(ctx: AppContext, task_id: int) -> None:
    """Delete a task with its progress rows."""
    with ctx.db.write.begin() as s:
        _delete(s, ctx, Task, task_id, "任务")


def _task_ids(session: Session, campaign_id: int) -> list[int]:
    return list(
        session.scalars(
            select(TASK.c.id)
            .join(PHASE, PHASE.c.id == TASK.c.phase_id)
            .where(PHASE.c.campaign_id == campaign_id)
        )
    )


__all__ = [
    "ResyncResult",
    "delete_campaign",
    "delete_phase",
    "delete_task",
    "resync_task",
    "task_targets",
    "update_campaign",
    "update_phase",
    "update_task",
]


def _get(session: Session, model: type[E], record_id: int, what: str, *, lock: bool = False) -> E:
    """Return a campaign, phase or task (locked for update with ``lock``), or raise NotFoundError."""
    found = session.get(model, record_id, with_for_update=lock)
    if found is None:
        raise NotFoundError(f"找不到编号为 {record_id} 的{what}")
    return found


def _delete(
    session: Session, ctx: AppContext, model: type[Campaign] | type[Task], record_id: int, what: str
) -> None:
    """Delete a campaign or a task (what hangs on it goes too) and log it as 删除{what}."""
    row = _get(session, model, record_id, what)
    name = row.name
    session.delete(row)
    audit.record(
        session, ctx, f"删除{what}", object_type=what, object_id=record_id, object_name=name
    )
