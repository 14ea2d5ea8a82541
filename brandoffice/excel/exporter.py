"""Exporting records in the template's columns, so that an export imports again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.excel.columns import spec_for
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.record_kinds import MEMBER_KINDS, RECORD_EXPORTERS
from brandoffice.excel.rowcheck import Progress, Ticker
from brandoffice.excel.tables import (
    BRAND,
    CAMPAIGN,
    CARRIER,
    MEMBER,
    ORG,
    PHASE,
    PROGRESS,
    TARGET,
    TASK,
)
from brandoffice.excel.writer import write_sheet
from brandoffice.idcard import mask_id_number, mask_phone
from brandoffice.model.vocab import TaskScope
from brandoffice.safety.auditchain import signed_anchor
from brandoffice.safety.permissions import Action
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.member_counts import shown_counts
from brandoffice.services.rows import CarrierRow
from brandoffice.tree_order import tree_order

Record = dict[str, Any]
PERSONAL = {
    "orgs": "，含完整的电话",
    "members": "，含完整的身份证号和电话",
    **dict.fromkeys(MEMBER_KINDS, "，含完整的身份证号"),
}
"""Kinds whose ``reveal`` export holds personal data, and what the audit says of it."""


def export_kind(
    ctx: AppContext,
    kind: str,
    path: Path,
    *,
    reveal: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write every record of a kind to an .xlsx file in the template's columns.

    Args:
        ctx: The services' context.
        kind: One of :data:`brandoffice.excel.EXCEL_KINDS`.
        path: The file to write (replaced if it exists).
        reveal: Write members' ID numbers and phones (and units' phones) unmasked; the
            audit log records it. A masked file cannot be imported back. Record kinds
            that name members write their ID numbers only then (else name and unit).
        progress: Called as ``progress(done, total)`` while rows are written.

    Returns:
        The number of rows written.

    Raises:
        StorageError: The file cannot be written.
        PermissionDeniedError: The signed-in role may not export (or see full numbers).
    """
    ctx.require(Action.EXPORT)
    if reveal:
        ctx.require(Action.REVEAL)
    spec = spec_for(kind)
    path = Path(path)
    with ctx.db.read() as s:
        records = _BUILDERS[kind](s, reveal)
        anchor = signed_anchor(s)
    ticker = Ticker(progress, len(records))
    write_sheet(path, spec, records, ticker=ticker, revealed=reveal, anchor=anchor)
    ticker.finish()
    action = "导出"
    detail = f"{len(records)} 条"
    if reveal and kind in PERSONAL:
        action = "导出（未遮蔽）"
        detail += PERSONAL[kind]
    with ctx.db.write.begin() as s:
        audit.record(s, ctx, action, object_type=spec.label, object_name=path.name, detail=detail)
    return len(records)


def _orgs(session: Session, reveal: bool) -> list[Record]:
    index = OrgIndex.load(session)
    rows = session.execute(select(ORG).order_by(ORG.c.sort_order, ORG.c.id)).all()
    ordered = [r for _depth, r in tree_order(list(rows))]
    counts = shown_counts(session)  # 党员人数 as the window shows it
    out = []
    for r in ordered:
        record = dict(r._mapping)
        record["member_count"] = counts[r.id]
        record["parent"] = index.text(r.parent_id) if r.parent_id else None
        if not reveal:
            record["phone"] = mask_phone(r.phone) or None
        out.append(record)
    return out


def _members(session: Session, reveal: bool) -> list[Record]:
    index = OrgIndex.load(session)
    paths: dict[int, str] = {}
    out = []
    for r in session.execute(select(MEMBER).order_by(MEMBER.c.id)):
        record = dict(r._mapping)
        record["org"] = paths.get(r.org_id) or paths.setdefault(r.org_id, index.text(r.org_id))
        if not reveal:
            record["id_number"] = mask_id_number(r.id_number) or None
            record["phone"] = mask_phone(r.phone) or None
        out.append(record)
    return out


def _brands(session: Session, reveal: bool) -> list[Record]:
    index = OrgIndex.load(session)
    carriers: defaultdict[int, list[CarrierRow]] = defaultdict(list)
    query = select(CARRIER).order_by(CARRIER.c.brand_id, CARRIER.c.position, CARRIER.c.id)
    for c in session.execute(query):
        carriers[c.brand_id].append(CarrierRow(c.name, c.description))
    out = []
    for r in session.execute(select(BRAND).order_by(BRAND.c.id)):
        record = dict(r._mapping)
        record["org"] = index.text(r.org_id)
        record["carriers"] = carriers.get(r.id, [])
        out.append(record)
    return out


def _tasks(session: Session, reveal: bool) -> list[Record]:
    index = OrgIndex.load(session)
    targets: defaultdict[int, list[str]] = defaultdict(list)
    for t in session.execute(select(TARGET).order_by(TARGET.c.task_id, TARGET.c.org_id)):
        targets[t.task_id].append(index.text(t.org_id))
    phases: defaultdict[int, list[Any]] = defaultdict(list)
    for p in session.execute(
        select(PHASE).order_by(PHASE.c.position, PHASE.c.start_on, PHASE.c.id)
    ):
        phases[p.campaign_id].append(p)
    tasks: defaultdict[int, list[Any]] = defaultdict(list)
    for t in session.execute(select(TASK).order_by(TASK.c.position, TASK.c.due_on, TASK.c.id)):
        tasks[t.phase_id].append(t)
    out: list[Record] = []
    for c in session.execute(select(CAMPAIGN).order_by(CAMPAIGN.c.year, CAMPAIGN.c.id)):
        base = {
            "campaign": c.name,
            "campaign_year": c.year,
            "campaign_scope": index.text(c.scope_org_id) if c.scope_org_id else None,
        }
        if not phases[c.id]:
            out.append(dict(base))
        for p in phases[c.id]:
            stage = {**base, "phase": p.name, "phase_start": p.start_on, "phase_end": p.end_on}
            if not tasks[p.id]:
                out.append(stage)
            for t in tasks[p.id]:
                record = {**stage, **dict(t._mapping), "task": t.name}
                if t.scope == TaskScope.PICKED.value:
                    record["scope_values"] = targets.get(t.id, [])
                out.append(record)
    return out


def _progress(session: Session, reveal: bool) -> list[Record]:
    index = OrgIndex.load(session)
    query = (
        select(
            PROGRESS,
            TASK.c.name.label("task"),
            PHASE.c.name.label("phase"),
            CAMPAIGN.c.name.label("campaign"),
        )
        .join(TASK, TASK.c.id == PROGRESS.c.task_id)
        .join(PHASE, PHASE.c.id == TASK.c.phase_id)
        .join(CAMPAIGN, CAMPAIGN.c.id == PHASE.c.campaign_id)
        .order_by(CAMPAIGN.c.id, PHASE.c.position, TASK.c.position, TASK.c.id, PROGRESS.c.org_id)
    )
    out = []
    for r in session.execute(query):
        record = dict(r._mapping)
        record["unit"] = index.text(r.org_id)
        out.append(record)
    return out


_BUILDERS: dict[str, Callable[[Session, bool], list[Record]]] = {
    "orgs": _orgs,
    "members": _members,
    "brands": _brands,
    "tasks": _tasks,
    "progress": _progress,
    **RECORD_EXPORTERS,
}
