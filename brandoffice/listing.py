"""Every kind of record as plain dicts, for ``brandoffice list KIND [--json]``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, select

from brandoffice import model as m
from brandoffice.idcard import mask_id_number, mask_phone
from brandoffice.kinds import KINDS as RECORD_KINDS
from brandoffice.kinds import RecordKind
from brandoffice.safety.permissions import Action
from brandoffice.services.context import AppContext
from brandoffice.services.member_counts import shown_counts

Lister = Callable[[AppContext, bool], list[dict[str, Any]]]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _rows(
    ctx: AppContext,
    table: Table,
    name_from: str | None,
    *,
    skip: tuple[str, ...] = (),
    joins: dict[str, tuple[Table, str, str]] | None = None,
) -> list[dict[str, Any]]:
    """Return a table's rows as dicts with a ``name`` field (``name_from`` column)."""
    columns = [c for c in table.c if c.name not in skip]
    query = select(*columns)
    extra = []
    for label, (other, fk, col) in (joins or {}).items():
        alias = other.alias(label)
        query = query.outerjoin(alias, alias.c.id == table.c[fk])
        extra.append(alias.c[col].label(label))
    query = query.add_columns(*extra).order_by(*table.primary_key.columns)
    out = []
    with ctx.db.read() as s:
        for row in s.execute(query):
            item = {k: _plain(v) for k, v in row._mapping.items()}
            if name_from and name_from != "name":
                item["name"] = item.get(name_from)
            out.append(item)
    return out


def _members(ctx: AppContext, reveal: bool) -> list[dict[str, Any]]:
    items = _rows(
        ctx,
        m.table_of(m.Member),
        "name",
        skip=("initials",),
        joins={"org": (m.table_of(m.Organisation), "org_id", "name")},
    )
    if not reveal:
        for item in items:
            item["id_number"] = mask_id_number(item["id_number"])
            item["phone"] = mask_phone(item["phone"])
    return items


def _orgs(ctx: AppContext, reveal: bool) -> list[dict[str, Any]]:
    items = _rows(
        ctx,
        m.table_of(m.Organisation),
        "name",
        skip=("initials",),
        joins={"parent": (m.table_of(m.Organisation), "parent_id", "name")},
    )
    with ctx.db.read() as s:
        counts = shown_counts(s)  # 党员人数 as the window shows it
    for item in items:
        item["member_count"] = counts.get(item["id"], item["member_count"])
        if not reveal:
            item["phone"] = mask_phone(item["phone"])
    return items


def _simple(
    table: Table,
    name_from: str | None,
    skip: tuple[str, ...] = (),
    joins: dict[str, tuple[Table, str, str]] | None = None,
) -> Lister:
    def lister(ctx: AppContext, reveal: bool) -> list[dict[str, Any]]:
        return _rows(ctx, table, name_from, skip=skip, joins=joins)

    return lister


ORG_T = m.table_of(m.Organisation)
KINDS: dict[str, tuple[str, Lister]] = {
    "orgs": ("组织", _orgs),
    "members": ("党员", _members),
    "leading-groups": (
        "领导小组",
        _simple(
            m.table_of(m.LeadingGroupSeat), "person_name", joins={"org": (ORG_T, "org_id", "name")}
        ),
    ),
    "brands": (
        "品牌",
        _simple(
            m.table_of(m.Brand),
            "name",
            skip=("initials",),
            joins={"org": (ORG_T, "org_id", "name")},
        ),
    ),
    "carriers": (
        "创建载体",
        _simple(
            m.table_of(m.BrandCarrier),
            "name",
            joins={"brand": (m.table_of(m.Brand), "brand_id", "name")},
        ),
    ),
    "brand-history": (
        "品牌状态记录",
        _simple(
            m.table_of(m.BrandStatusChange),
            "to_status",
            joins={"brand": (m.table_of(m.Brand), "brand_id", "name")},
        ),
    ),
    "inspections": (
        "年度复查",
        _simple(
            m.table_of(m.BrandInspection),
            "result",
            joins={"brand": (m.table_of(m.Brand), "brand_id", "name")},
        ),
    ),
    "year-plans": (
        "年度目标",
        _simple(
            m.table_of(m.BrandYearPlan),
            "goals",
            joins={"brand": (m.table_of(m.Brand), "brand_id", "name")},
        ),
    ),
    "campaigns": ("创建活动", _simple(m.table_of(m.Campaign), "name")),
    "phases": (
        "阶段",
        _simple(
            m.table_of(m.Phase),
            "name",
            joins={"campaign": (m.table_of(m.Campaign), "campaign_id", "name")},
        ),
    ),
    "tasks": (
        "任务",
        _simple(
            m.table_of(m.Task), "name", joins={"phase": (m.table_of(m.Phase), "phase_id", "name")}
        ),
    ),
    "progress": (
        "任务进度",
        _simple(
            m.table_of(m.TaskProgress),
            None,
            joins={
                "task": (m.table_of(m.Task), "task_id", "name"),
                "org": (ORG_T, "org_id", "name"),
            },
        ),
    ),
    "reviews": ("评审轮次", _simple(m.table_of(m.ReviewRound), "name")),
    "criteria": ("评审指标", _simple(m.table_of(m.ReviewCriterion), "name")),
    "scores": ("评审打分", _simple(m.table_of(m.ReviewScore), "reviewer")),
    "pairings": (
        "共建对子",
        _simple(
            m.table_of(m.Pairing),
            None,
            joins={
                "helper": (ORG_T, "helper_org_id", "name"),
                "lagging": (ORG_T, "lagging_org_id", "name"),
            },
        ),
    ),
    "pairing-actions": ("共建活动", _simple(m.table_of(m.PairingAction), "content")),
    "attachments": ("附件", _simple(m.table_of(m.Attachment), "sha256", skip=("content",))),
    "settings": ("设置", _simple(m.table_of(m.Setting), "key")),
    "imports": (
        "导入批次",
        _simple(m.table_of(m.ImportBatch), "filename", skip=("before_images",)),
    ),
    "audit": ("审计日志", _simple(m.table_of(m.AuditEntry), "action")),
}
"""KIND → (Chinese label, lister). Records without a name of their own get none."""


def _record_kind(kind: RecordKind) -> Lister:
    """Return the lister of a registered campaign-record kind (its main table, names joined)."""
    tables = m.Base.metadata.tables
    joins = {out: (tables[t], fk, col) for out, (t, fk, col) in kind.list_joins.items()}
    return _simple(tables[kind.table], kind.list_name, joins=joins)


m.load_all()
KINDS.update({k.name: (k.label, _record_kind(k)) for k in RECORD_KINDS})


def list_kind(ctx: AppContext, kind: str, *, reveal: bool = False) -> list[dict[str, Any]]:
    """Return the records of one kind as dicts (personal data masked unless ``reveal``).

    Revealing needs a role that may see full numbers; the audit log needs a 管理员.
    """
    if reveal:
        ctx.require(Action.REVEAL)
    if kind == "audit":
        ctx.require(Action.AUDIT)
    _label, lister = KINDS[kind]
    items = lister(ctx, reveal)
    if kind == "progress":
        for item in items:
            item["name"] = f"{item['org']}·{item['task']}"
    elif kind == "pairings":
        for item in items:
            item["name"] = f"{item['helper']}—{item['lagging']}"
    return items
