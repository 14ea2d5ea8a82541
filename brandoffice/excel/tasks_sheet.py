"""Importing campaign tasks: each row names its campaign and phase, created when missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.excel.batch import BatchLog, RowUpdate, update_rows, update_with_children
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import CAMPAIGN, PHASE, PROGRESS, TARGET, TASK, insert_one
from brandoffice.excel.tasks_parts import CampaignPart, PhasePart, plan_campaigns, plan_phases
from brandoffice.model.vocab import EvidenceKind, OrgKind, Sector, TaskScope
from brandoffice.services import validate
from brandoffice.services.campaigns import sync_progress
from brandoffice.services.context import AppContext

TASK_FIELDS = (
    "description",
    "due_on",
    "scope",
    "scope_values",
    "evidence_kind",
    "evidence_note",
    "target_count",
    "weight",
)
ONLY_WITH_TASK = ("description", "due_on", "scope_values", "evidence_note", "target_count")


@dataclass
class TaskPart:
    """A task of the sheet: new (``task_id`` None) or changed."""

    phase: PhasePart
    name: str
    values: dict[str, Any]
    targets: list[int] | None
    task_id: int | None = None
    version: int = 0
    before: dict[str, Any] = field(default_factory=dict)
    old_targets: list[int] = field(default_factory=list)


@dataclass
class TaskPlan:
    """Campaigns and phases to create or change, and the tasks."""

    campaigns: list[CampaignPart] = field(default_factory=list)
    phases: list[PhasePart] = field(default_factory=list)
    inserts: list[TaskPart] = field(default_factory=list)
    updates: list[TaskPart] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Rows to write."""
        return len(self.inserts) + len(self.updates) + len(self.campaigns) + len(self.phases)


def plan(session: Session, ctx: AppContext, job: Job) -> TaskPlan:
    """Check the rows and decide which campaigns, phases and tasks to add or change."""
    index = OrgIndex.load(session)
    campaigns = plan_campaigns(session, job, index)
    phases = plan_phases(session, job, campaigns)
    result = TaskPlan(
        campaigns=[c for c in campaigns.values() if c.campaign_id is None],
        phases=[p for p in phases.values() if p.phase_id is None or p.changes],
    )
    seen: dict[tuple[str, str, str], int] = {}
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        if not v["task"]:
            for name in ONLY_WITH_TASK:
                if v[name] not in (None, []) and row.good(name):
                    job.problems.add(
                        row, name, "没有填写任务名称，这一格不会被使用；请补上任务或清空"
                    )
            continue
        if not v["phase"]:
            if row.good("phase"):
                job.problems.add(row, "phase", "填写了任务就须填写所属阶段")
            continue
        key = (v["campaign"], v["phase"], v["task"])
        first = seen.setdefault(key, row.number)
        if first != row.number:
            job.problems.add(row, "task", f"与第 {first} 行重复：同一阶段下已有这项任务")
            continue
        values, targets = _task_values(row, job, index)
        phase = phases.get((v["campaign"], v["phase"]))
        if values is None or phase is None or not row.ok:
            continue
        _plan_task(session, job, result, TaskPart(phase, v["task"], values, targets))
    return result


def _task_values(
    row: CheckedRow, job: Job, index: OrgIndex
) -> tuple[dict[str, Any] | None, list[int] | None]:
    v = row.values
    if v["due_on"] is None:
        if row.good("due_on"):
            job.problems.add(row, "due_on", "截止日期不能为空")
        return None, None
    scope = v["scope"] or TaskScope.ALL.value
    items: list[str] = v["scope_values"]
    targets: list[int] | None = None
    stored: list[str] = []
    if scope == TaskScope.ALL.value and items:
        job.problems.add(row, "scope_values", "适用范围为“全部”时不填领域/类别")
    elif scope in (TaskScope.SECTOR.value, TaskScope.KIND.value):
        enum, label = (Sector, "领域") if scope == TaskScope.SECTOR.value else (OrgKind, "组织类别")
        if not items:
            job.problems.add(row, "scope_values", "按领域或类别适用的任务须选择至少一个领域或类别")
        for item in items:
            try:
                stored.append(validate.choice(item, enum, label, "scope_values").value)
            except ValidationError as exc:
                job.problems.add(row, "scope_values", str(exc), item)
    elif scope == TaskScope.PICKED.value:
        if not items:
            job.problems.add(row, "scope_values", "指定单位的任务须至少选择一个单位")
        targets = []
        for item in items:
            try:
                targets.append(index.resolve(item))
            except ValidationError as exc:
                job.problems.add(row, "scope_values", str(exc), item)
    for name, label in (("weight", "权重"), ("target_count", "目标数量")):
        if v[name] is not None and v[name] < 0:
            job.problems.add(row, name, f"{label}不能为负数")
    values = {
        "description": v["description"],
        "due_on": v["due_on"],
        "scope": scope,
        "scope_values": stored,
        "evidence_kind": v["evidence_kind"] or EvidenceKind.DOCUMENT.value,
        "evidence_note": v["evidence_note"],
        "target_count": v["target_count"],
        "weight": 1.0 if v["weight"] is None else float(v["weight"]),
    }
    return values, targets


def _plan_task(session: Session, job: Job, result: TaskPlan, part: TaskPart) -> None:
    if part.phase.phase_id is None:
        result.inserts.append(part)
        return
    current = session.execute(
        select(TASK.c.id, TASK.c.version, *(TASK.c[f] for f in TASK_FIELDS)).where(
            TASK.c.phase_id == part.phase.phase_id, TASK.c.name == part.name
        )
    ).first()
    if current is None:
        result.inserts.append(part)
        return
    stored = dict(current._mapping)
    part.task_id, part.version = stored["id"], stored["version"]
    changed = job.changes(stored, part.values)
    part.before = {k: stored[k] for k in changed}
    part.values = changed
    if part.targets is not None:
        part.old_targets = sorted(
            session.scalars(select(TARGET.c.org_id).where(TARGET.c.task_id == part.task_id))
        )
        if part.old_targets == sorted(part.targets):
            part.targets = None
    if changed or part.targets is not None:
        result.updates.append(part)


def apply(session: Session, plan: TaskPlan, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Create campaigns, phases and tasks, update changed ones and add their progress rows."""
    campaign_ids = []
    for campaign in plan.campaigns:
        campaign.campaign_id = insert_one(session, CAMPAIGN, campaign.values)
        campaign_ids.append(campaign.campaign_id)
    log.inserted_ids(CAMPAIGN, campaign_ids)
    phase_ids = []
    for phase in plan.phases:
        if phase.phase_id is None:
            assert phase.campaign.campaign_id is not None
            phase.phase_id = insert_one(
                session, PHASE, {**phase.values, "campaign_id": phase.campaign.campaign_id}
            )
            phase_ids.append(phase.phase_id)
        else:
            update_rows(session, PHASE, [(phase.phase_id, None, phase.changes)])
            log.before(PHASE, phase.phase_id, phase.before, None)
    log.inserted_ids(PHASE, phase_ids)
    task_ids = _insert_tasks(session, plan, log, job)
    _update_tasks(session, plan, log, job)
    touched = task_ids + [p.task_id for p in plan.updates if p.task_id is not None]
    made = _sync(session, touched, log.batch_id)
    log.inserted += len(plan.inserts)
    log.updated += len(plan.updates) + sum(1 for p in plan.phases if p.phase_id and p.changes)
    parts = []
    if campaign_ids:
        parts.append(f"新建创建活动 {len(campaign_ids)} 个")
    if phase_ids:
        parts.append(f"新建阶段 {len(phase_ids)} 个")
    if made:
        parts.append(f"生成任务进度 {made} 条")
    log.extra.append("、".join(parts))


def _insert_tasks(session: Session, plan: TaskPlan, log: BatchLog, job: Job) -> list[int]:
    positions: dict[int, int] = {}
    ids = []
    for part in plan.inserts:
        phase_id = part.phase.phase_id
        assert phase_id is not None
        if phase_id not in positions:
            positions[phase_id] = int(
                session.scalar(
                    select(func.count()).select_from(TASK).where(TASK.c.phase_id == phase_id)
                )
                or 0
            )
        task_id = insert_one(
            session,
            TASK,
            {
                **part.values,
                "phase_id": phase_id,
                "name": part.name,
                "position": positions[phase_id],
            },
        )
        positions[phase_id] += 1
        ids.append(task_id)
        if part.targets:
            session.execute(TARGET.insert(), _target_rows(task_id, part.targets))
        job.ticker.tick()
    log.inserted_ids(TASK, ids)
    return ids


def _target_rows(task_id: int, org_ids: list[int]) -> list[dict[str, Any]]:
    return [{"task_id": task_id, "org_id": o} for o in dict.fromkeys(org_ids)]


def _update_tasks(session: Session, plan: TaskPlan, log: BatchLog, job: Job) -> None:
    updates = []
    for part in plan.updates:
        assert part.task_id is not None
        task_id = part.task_id
        updates.append(
            RowUpdate(
                task_id,
                part.version,
                part.values,
                part.before,
                _target_rows(task_id, part.old_targets),
                None if part.targets is None else _target_rows(task_id, part.targets),
            )
        )
    update_with_children(session, TASK, TARGET.c.task_id, "targets", updates, log, job.ticker.tick)


def _sync(session: Session, task_ids: list[int], batch_id: int) -> int:
    """Add the missing progress rows of the tasks and stamp them with the batch."""
    if not task_ids:
        return 0
    before = int(session.scalar(select(func.max(PROGRESS.c.id))) or 0)
    made = sum(sync_progress(session, task_id) for task_id in task_ids)
    session.execute(
        update(PROGRESS)
        .where(PROGRESS.c.id > before, PROGRESS.c.task_id.in_(task_ids))
        .values(import_batch_id=batch_id)
    )
    return made
