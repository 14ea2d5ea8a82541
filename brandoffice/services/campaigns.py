"""Campaigns: phases, tasks, which units a task applies to, and their progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model import (
    Campaign,
    Organisation,
    Phase,
    Task,
    TaskProgress,
    TaskTarget,
    table_of,
)
from brandoffice.model.vocab import OVERDUE, EvidenceKind, ProgressStatus, TaskScope
from brandoffice.services import audit, validate
from brandoffice.services.context import Service
from brandoffice.services.participation import applicable_org_ids, settle_progress, sync_progress
from brandoffice.services.record_tasks import clean_kind, settle_records
from brandoffice.services.rows import (
    CampaignRow,
    PhaseRow,
    ProgressRow,
    TaskRow,
    build,
    columns_for,
)

CAMPAIGN = table_of(Campaign)
PHASE = table_of(Phase)
TASK = table_of(Task)
PROGRESS = table_of(TaskProgress)
ORG = table_of(Organisation)
PROGRESS_NAMED = (
    PROGRESS.join(TASK, TASK.c.id == PROGRESS.c.task_id)
    .join(PHASE, PHASE.c.id == TASK.c.phase_id)
    .join(ORG, ORG.c.id == PROGRESS.c.org_id)
)
"""Progress rows joined to their task, phase and unit (names, due dates, sectors)."""
NAMED_CELL = (
    PROGRESS.c.org_id,
    ORG.c.name,
    TASK.c.id,
    TASK.c.name,
    PHASE.c.name,
    TASK.c.due_on,
    PROGRESS.c.status,
)
"""A cell of :data:`PROGRESS_NAMED`: unit id and name, task id and name, phase, due, status."""
PROGRESS_STORED = (
    PROGRESS.c.id,
    PROGRESS.c.task_id,
    PROGRESS.c.org_id,
    PROGRESS.c.status,
    PROGRESS.c.done_on,
    PROGRESS.c.count_value,
    PROGRESS.c.note,
    PROGRESS.c.version,
)
"""The stored fields a ``ProgressRow`` starts with; its shown status and evidence follow."""


_OPEN_STATES = frozenset((ProgressStatus.NOT_STARTED.value, ProgressStatus.IN_PROGRESS.value))


def shown_status(status: str, due_on: dt.date, today: dt.date) -> str:
    """Return the status to show: unfinished work past its due date is 逾期."""
    if status in _OPEN_STATES and today > due_on:
        return OVERDUE
    return status


@dataclass(frozen=True)
class TaskDraft:
    """The editable fields of a task."""

    phase_id: int
    name: str
    due_on: dt.date
    scope: str = TaskScope.ALL.value
    scope_values: list[str] = field(default_factory=list)
    evidence_kind: str = EvidenceKind.DOCUMENT.value
    evidence_note: str | None = None
    target_count: int | None = None
    weight: float = 1.0
    description: str | None = None
    picked_org_ids: list[int] = field(default_factory=list)
    record_kind: str | None = None
    """The kind of record that completes the task for a unit (``spirit-reports`` …)."""
    organiser_takes_part: bool = False
    """The campaign's scope unit itself takes part (组织单位本身也参加)."""


class CampaignService(Service):
    """Reads and edits of campaigns, phases, tasks and progress."""

    # -- reads ---------------------------------------------------------------
    def campaigns(self) -> list[CampaignRow]:
        """Return every campaign, newest year first."""
        with self.ctx.db.read() as s:
            rows = s.execute(
                select(*columns_for(CampaignRow, CAMPAIGN)).order_by(
                    CAMPAIGN.c.year.desc(), CAMPAIGN.c.id
                )
            )
            return [build(CampaignRow, r) for r in rows]

    def campaign(self, name_or_id: str | int) -> CampaignRow:
        """Return a campaign by id or name."""
        cond = (
            CAMPAIGN.c.id == name_or_id
            if isinstance(name_or_id, int)
            else (CAMPAIGN.c.name == name_or_id)
        )
        with self.ctx.db.read() as s:
            row = s.execute(select(*columns_for(CampaignRow, CAMPAIGN)).where(cond)).first()
        if row is None:
            raise NotFoundError(f"找不到创建活动“{name_or_id}”")
        return build(CampaignRow, row)

    def phases(self, campaign_id: int) -> list[PhaseRow]:
        """Return the phases of a campaign in order."""
        with self.ctx.db.read() as s:
            rows = s.execute(
                select(*columns_for(PhaseRow, PHASE))
                .where(PHASE.c.campaign_id == campaign_id)
                .order_by(PHASE.c.position, PHASE.c.start_on)
            )
            return [build(PhaseRow, r) for r in rows]

    def tasks(self, campaign_id: int | None = None) -> list[TaskRow]:
        """Return the tasks of a campaign (or all), by phase then due date."""
        query = (
            select(*columns_for(TaskRow, TASK))
            .join(PHASE, PHASE.c.id == TASK.c.phase_id)
            .order_by(PHASE.c.position, TASK.c.position, TASK.c.due_on, TASK.c.id)
        )
        if campaign_id is not None:
            query = query.where(PHASE.c.campaign_id == campaign_id)
        with self.ctx.db.read() as s:
            return [build(TaskRow, r) for r in s.execute(query)]

    def progress(self, campaign_id: int | None = None) -> list[ProgressRow]:
        """Return every progress row of a campaign with its shown status."""
        today = self.ctx.today()
        query = (
            select(*PROGRESS_STORED, TASK.c.due_on, PROGRESS.c.record_evidence)
            .join(TASK, TASK.c.id == PROGRESS.c.task_id)
            .join(PHASE, PHASE.c.id == TASK.c.phase_id)
            .order_by(PROGRESS.c.task_id, PROGRESS.c.org_id)
        )
        if campaign_id is not None:
            query = query.where(PHASE.c.campaign_id == campaign_id)
        with self.ctx.db.read() as s:
            # Positional unpacking: named access per field tripled the time at 100k rows.
            return [
                ProgressRow(
                    pid,
                    task,
                    org,
                    status,
                    done,
                    count,
                    note,
                    version,
                    shown_status(status, due, today),
                    by,
                )
                for pid, task, org, status, done, count, note, version, due, by in s.execute(query)
            ]

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create_campaign(
        self,
        name: str,
        year: int,
        *,
        scope_org_id: int | None = None,
        start_on: dt.date | None = None,
        end_on: dt.date | None = None,
        template: str | None = None,
        description: str | None = None,
        organiser_takes_part: bool = False,
    ) -> CampaignRow:
        """Create an empty campaign."""
        with self.ctx.db.write.begin() as s:
            new_id = self.create_campaign_in(
                s,
                name,
                year,
                scope_org_id=scope_org_id,
                start_on=start_on,
                end_on=end_on,
                template=template,
                description=description,
                organiser_takes_part=organiser_takes_part,
            )
        return self.campaign(new_id)

    def create_campaign_in(
        self,
        s: Session,
        name: str,
        year: int,
        *,
        scope_org_id: int | None = None,
        start_on: dt.date | None = None,
        end_on: dt.date | None = None,
        template: str | None = None,
        description: str | None = None,
        organiser_takes_part: bool = False,
    ) -> int:
        """Create an empty campaign in the caller's write session; return its id.

        The scope unit itself takes part in the tasks only with ``organiser_takes_part``
        (or where a task says so).
        """
        cleaned = validate.text(name, "活动名称", "name", max_len=100)
        validate.date_order(start_on, end_on, "活动", "end_on")
        if s.scalar(select(CAMPAIGN.c.id).where(CAMPAIGN.c.name == cleaned)) is not None:
            raise ValidationError(f"已有名为“{cleaned}”的创建活动", "name")
        campaign = Campaign(
            name=cleaned,
            year=year,
            scope_org_id=scope_org_id,
            start_on=start_on,
            end_on=end_on,
            template=template,
            description=clean_description(description),
            organiser_takes_part=bool(organiser_takes_part),
        )
        s.add(campaign)
        s.flush()
        audit.record_about(s, self.ctx, "新建创建活动", "创建活动", campaign)
        return campaign.id

    @retry_conflicts
    def add_phase(
        self,
        campaign_id: int,
        name: str,
        start_on: dt.date,
        end_on: dt.date,
        description: str | None = None,
    ) -> PhaseRow:
        """Append a phase to a campaign."""
        with self.ctx.db.write.begin() as s:
            phase_id = self.add_phase_in(s, campaign_id, name, start_on, end_on, description)
        return next(p for p in self.phases(campaign_id) if p.id == phase_id)

    def add_phase_in(
        self,
        s: Session,
        campaign_id: int,
        name: str,
        start_on: dt.date,
        end_on: dt.date,
        description: str | None = None,
    ) -> int:
        """Append a phase in the caller's write session; return its id."""
        cleaned = validate.text(name, "阶段名称", "name", max_len=50)
        validate.date_order(start_on, end_on, "阶段", "end_on")
        position = len(
            list(s.scalars(select(PHASE.c.id).where(PHASE.c.campaign_id == campaign_id)))
        )
        phase = Phase(
            campaign_id=campaign_id,
            name=cleaned,
            start_on=start_on,
            end_on=end_on,
            position=position,
            description=clean_description(description),
        )
        s.add(phase)
        s.flush()
        audit.record_about(s, self.ctx, "新增阶段", "阶段", phase)
        return phase.id

    @retry_conflicts
    def add_task(self, draft: TaskDraft) -> TaskRow:
        """Add a task to a phase and create a progress row for every unit it applies to."""
        with self.ctx.db.write.begin() as s:
            task_id = self.add_task_in(s, draft)
        return next(t for t in self.tasks() if t.id == task_id)

    def add_task_in(self, s: Session, draft: TaskDraft) -> int:
        """Add a task (and its progress rows) in the caller's write session; return its id."""
        values = _clean_task(draft)
        phase = s.get(Phase, draft.phase_id)
        if phase is None:
            raise ValidationError("所属阶段不存在", "phase_id")
        values["position"] = len(
            list(s.scalars(select(TASK.c.id).where(TASK.c.phase_id == phase.id)))
        )
        task = Task(**values)
        s.add(task)
        s.flush()
        if draft.scope == TaskScope.PICKED.value:
            s.execute(
                table_of(TaskTarget).insert(),
                [{"task_id": task.id, "org_id": o} for o in draft.picked_org_ids],
            )
        settle_progress(s, task_ids=[task.id])
        settle_records(s, self.ctx.today(), task_ids=[task.id])
        audit.record_about(s, self.ctx, "新增任务", "任务", task)
        return task.id

    @retry_conflicts
    def set_progress(
        self,
        cells: list[tuple[int, int]],
        status: str,
        *,
        done_on: dt.date | None = None,
        note: str | None = None,
        count_value: int | None = None,
    ) -> int:
        """Set the status of many (task_id, org_id) cells at once.

        On a task tied to a kind of record, an open status (未开始, 进行中) does not
        hold for a unit that has such records: the records complete it again.
        """
        state = validate.choice(status, ProgressStatus, "完成情况", "status")
        if state is ProgressStatus.DONE and done_on is None:
            done_on = self.ctx.today()
        if state is not ProgressStatus.DONE:
            done_on = None
        values: dict[str, Any] = {
            "status": state.value,
            "done_on": done_on,
            "record_evidence": None,  # set by hand now, not by a record
            "version": PROGRESS.c.version + 1,
        }
        if note is not None:
            values["note"] = validate.optional_text(note, "备注", "note", max_len=2000) or ""
        if count_value is not None:
            values["count_value"] = validate.non_negative(count_value, "数量", "count_value")
        changed = 0
        with self.ctx.db.write.begin() as s:
            for task_id, org_id in cells:
                result = s.execute(
                    update(PROGRESS)
                    .where(and_(PROGRESS.c.task_id == task_id, PROGRESS.c.org_id == org_id))
                    .values(**values)
                )
                changed += int(result.rowcount)  # type: ignore[attr-defined]
            # a unit with the records of a tied task stays 已完成: the records decide
            settle_records(s, self.ctx.today(), task_ids={task_id for task_id, _org in cells})
            audit.record(
                s,
                self.ctx,
                "登记任务进度",
                object_type="任务进度",
                detail=f"{changed} 项设为{state.value}",
            )
        return changed


def clean_description(value: str | None) -> str | None:
    """Return a checked description of a campaign, phase or task (None for blank)."""
    return validate.optional_text(value, "说明", "description", max_len=4000)


def _clean_task(draft: TaskDraft) -> dict[str, Any]:
    scope = validate.choice(draft.scope, TaskScope, "适用范围", "scope")
    if scope in (TaskScope.SECTOR, TaskScope.KIND) and not draft.scope_values:
        raise ValidationError("按领域或类别适用的任务须选择至少一个领域或类别", "scope_values")
    if scope is TaskScope.PICKED and not draft.picked_org_ids:
        raise ValidationError("指定单位的任务须至少选择一个单位", "scope_values")
    if draft.weight < 0:
        raise ValidationError("权重不能为负数", "weight")
    return {
        "phase_id": draft.phase_id,
        "name": validate.text(draft.name, "任务名称", "name", max_len=100),
        "description": clean_description(draft.description),
        "due_on": draft.due_on,
        "scope": scope.value,
        "scope_values": [
            validate.text(v, "适用范围", "scope_values", max_len=50) for v in draft.scope_values
        ],
        "evidence_kind": validate.choice(
            draft.evidence_kind, EvidenceKind, "佐证材料", "evidence_kind"
        ).value,
        "evidence_note": validate.optional_text(
            draft.evidence_note, "佐证要求", "evidence_note", max_len=200
        ),
        "target_count": draft.target_count,
        "weight": float(draft.weight),
        "record_kind": clean_kind(draft.record_kind),
        "organiser_takes_part": bool(draft.organiser_takes_part),
    }


__all__ = [
    "NAMED_CELL",
    "PROGRESS_NAMED",
    "CampaignService",
    "TaskDraft",
    "applicable_org_ids",
    "shown_status",
    "sync_progress",
]
