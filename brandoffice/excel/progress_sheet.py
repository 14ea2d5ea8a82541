"""Importing task progress: one unit's status on one task of a campaign."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import CHUNK, BatchLog, update_rows
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import resolve_org
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import CAMPAIGN, PHASE, PROGRESS, TASK
from brandoffice.model.vocab import ProgressStatus
from brandoffice.services.context import AppContext

FIELDS = ("status", "done_on", "count_value", "note")
DERIVED = {"done_on": "status"}
_IN_CHUNK = 500


@dataclass
class ProgressPlan:
    """Progress rows to add and rows to change."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Rows to write."""
        return len(self.inserts) + len(self.updates)


class _Tasks:
    """The tasks of the campaigns a sheet names, by phase and task name."""

    def __init__(self, session: Session, names: list[str]) -> None:
        self.campaigns: dict[str, int] = {}
        for start in range(0, len(names), _IN_CHUNK):
            query = select(CAMPAIGN.c.name, CAMPAIGN.c.id)
            chunk = query.where(CAMPAIGN.c.name.in_(names[start : start + _IN_CHUNK]))
            self.campaigns.update({r.name: r.id for r in session.execute(chunk)})
        self.by_phase: dict[tuple[int, str, str], int] = {}
        self.by_name: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
        if self.campaigns:
            rows = session.execute(
                select(TASK.c.id, TASK.c.name, PHASE.c.name.label("phase"), PHASE.c.campaign_id)
                .join(PHASE, PHASE.c.id == TASK.c.phase_id)
                .where(PHASE.c.campaign_id.in_(list(self.campaigns.values())))
            )
            for r in rows:
                self.by_phase[(r.campaign_id, r.phase, r.name)] = r.id
                self.by_name[(r.campaign_id, r.name)].append(r.id)

    def resolve(self, row: CheckedRow, job: Job) -> int | None:
        """Return the task a row names, or record why it cannot be found."""
        v = row.values
        campaign_id = self.campaigns.get(v["campaign"])
        if campaign_id is None:
            job.problems.add(
                row, "campaign", f"找不到创建活动“{v['campaign']}”，请先导入或建立任务"
            )
            return None
        if v["phase"]:
            task_id = self.by_phase.get((campaign_id, v["phase"], v["task"]))
            if task_id is None:
                job.problems.add(row, "task", f"阶段“{v['phase']}”中找不到任务“{v['task']}”")
            return task_id
        found = self.by_name.get((campaign_id, v["task"]), [])
        if len(found) > 1:
            job.problems.add(
                row, "task", f"该活动有 {len(found)} 项名为“{v['task']}”的任务，请填写阶段"
            )
            return None
        if not found:
            job.problems.add(row, "task", f"创建活动中找不到任务“{v['task']}”")
            return None
        return found[0]


def plan(session: Session, ctx: AppContext, job: Job) -> ProgressPlan:
    """Check every progress row and decide what to add and what to update."""
    index = OrgIndex.load(session)
    tasks = _Tasks(
        session,
        sorted(
            {r.values["campaign"] for r in job.rows if r.values["campaign"] and r.good("campaign")}
        ),
    )
    keyed: list[tuple[CheckedRow, int, int]] = []
    seen: dict[tuple[int, int], int] = {}
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        task_id = (
            tasks.resolve(row, job) if v["campaign"] and v["task"] and row.good("task") else None
        )
        org_id = resolve_org(row, "unit", index, job)
        if v["done_on"] is not None and v["status"] and v["status"] != ProgressStatus.DONE.value:
            job.problems.add(row, "done_on", "只有“已完成”的任务才填写完成日期")
        if v["count_value"] is not None and v["count_value"] < 0:
            job.problems.add(row, "count_value", "数量不能为负数")
        if task_id is None or org_id is None:
            continue
        first = seen.setdefault((task_id, org_id), row.number)
        if first != row.number:
            job.problems.add(row, "unit", f"与第 {first} 行重复：同一单位的同一项任务")
            continue
        keyed.append((row, task_id, org_id))
    existing = _load_existing(session, sorted({t for _r, t, _o in keyed}))
    result = ProgressPlan()
    today = ctx.today()
    for row, task_id, org_id in keyed:
        if not row.ok:
            continue
        current = existing.get((task_id, org_id))
        values = {f: row.values[f] for f in FIELDS}
        if values["status"] == ProgressStatus.DONE.value and values["done_on"] is None:
            kept = current["done_on"] if current and current["status"] == values["status"] else None
            values["done_on"] = kept or today
        if current is None:
            result.inserts.append({**values, "task_id": task_id, "org_id": org_id})
            continue
        changed = job.changes(current, values, DERIVED)
        if changed:
            before = {k: current[k] for k in changed}
            result.updates.append((current["id"], current["version"], before, changed))
    return result


def _load_existing(session: Session, task_ids: list[int]) -> dict[tuple[int, int], dict[str, Any]]:
    found: dict[tuple[int, int], dict[str, Any]] = {}
    columns = (
        PROGRESS.c.id,
        PROGRESS.c.version,
        PROGRESS.c.task_id,
        PROGRESS.c.org_id,
        *(PROGRESS.c[f] for f in FIELDS),
    )
    for start in range(0, len(task_ids), _IN_CHUNK):
        query = select(*columns).where(PROGRESS.c.task_id.in_(task_ids[start : start + _IN_CHUNK]))
        for r in session.execute(query):
            found[(r.task_id, r.org_id)] = dict(r._mapping)
    return found


def apply(session: Session, plan: ProgressPlan, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Insert new progress rows, then update the changed ones."""
    for start in range(0, len(plan.inserts), CHUNK):
        chunk = plan.inserts[start : start + CHUNK]
        session.execute(PROGRESS.insert(), [{**v, "import_batch_id": log.batch_id} for v in chunk])
        job.ticker.tick(len(chunk))
    update_rows(session, PROGRESS, [(i, v, after) for i, v, _b, after in plan.updates])
    for row_id, version, before, _after in plan.updates:
        log.before(PROGRESS, row_id, before, version + 1)
    job.ticker.tick(len(plan.updates))
    log.inserted += len(plan.inserts)
    log.updated += len(plan.updates)
