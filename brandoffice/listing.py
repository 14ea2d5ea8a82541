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


def _joins(**names: tuple[type[m.Base], str]) -> dict[str, tuple[Table, str, str]]:
    """Return joins adding the ``name`` of a referred row: ``label=(model, foreign key)``."""
    return {label: (m.table_of(other), fk, "name") for label, (other, fk) in names.items()}


ORG = (m.Organisation, "org_id")
BRAND = (m.Brand, "brand_id")


def _members(ctx: AppContext, reveal: bool) -> list[dict[str, Any]]:
    items = _rows(ctx, m.table_of(m.Member), "name", skip=("initials",), joins=_joins(org=ORG))
    if not reveal:
        for item in items:
            item["id_number"] = mask_id_number(item["id_number"])
            item["phone"] = mask_phone(item["phone"])
    return items


def _orgs(ctx: AppContext, reveal: bool) -> list[dict[str, Any]]:
    parent = _joins(parent=(m.Organisation, "parent_id"))
    items = _rows(ctx, m.table_of(m.Organisation), "name", skip=("initials",), joins=parent)
    with ctx.db.read() as s:
        counts = shown_counts(s)  # 党员人数 as the window shows it
    for item in items:
        item["member_count"] = counts.get(item["id"], item["member_count"])
        if not reveal:
            item["phone"] = mask_phone(item["phone"])
    return items


def _lister(
    table: Table,
    name_from: str | None,
    skip: tuple[str, ...] = (),
    joins: dict[str, tuple[Table, str, str]] | None = None,
) -> Lister:
    def lister(ctx: AppContext, reveal: bool) -> list[dict[str, Any]]:
        return _rows(ctx, table, name_from, skip=skip, joins=joins)

    return lister


def _simple(
    model: type[m.Base],
    name_from: str | None,
    skip: tuple[str, ...] = (),
    **names: tuple[type[m.Base], str],
) -> Lister:
    """Return the lister of a model's table; ``names`` as in :func:`_joins`."""
    return _lister(m.table_of(model), name_from, skip, _joins(**names))


KINDS: dict[str, tuple[str, Lister]] = {
    "orgs": ("组织", _orgs),
    "members": ("党员", _members),
    "leading-groups": ("领导小组", _simple(m.LeadingGroupSeat, "person_name", org=ORG)),
    "brands": ("品牌", _simple(m.Brand, "name", ("initials",), org=ORG)),
    "carriers": ("创建载体", _simple(m.BrandCarrier, "name", brand=BRAND)),
    "brand-history": ("品牌状态记录", _simple(m.BrandStatusChange, "to_status", brand=BRAND)),
    "inspections": ("年度复查", _simple(m.BrandInspection, "result", brand=BRAND)),
    "year-plans": ("年度目标", _simple(m.BrandYearPlan, "goals", brand=BRAND)),
    "campaigns": ("创建活动", _simple(m.Campaign, "name")),
    "phases": ("阶段", _simple(m.Phase, "name", campaign=(m.Campaign, "campaign_id"))),
    "tasks": ("任务", _simple(m.Task, "name", phase=(m.Phase, "phase_id"))),
    "progress": ("任务进度", _simple(m.TaskProgress, None, task=(m.Task, "task_id"), org=ORG)),
    "reviews": ("评审轮次", _simple(m.ReviewRound, "name")),
    "criteria": ("评审指标", _simple(m.ReviewCriterion, "name")),
    "scores": ("评审打分", _simple(m.ReviewScore, "reviewer")),
    "pairings": (
        "共建对子",
        _simple(
            m.Pairing,
            None,
            helper=(m.Organisation, "helper_org_id"),
            lagging=(m.Organisation, "lagging_org_id"),
        ),
    ),
    "pairing-actions": ("共建活动", _simple(m.PairingAction, "content")),
    "attachments": ("附件", _simple(m.Attachment, "sha256", ("content",))),
    "settings": ("设置", _simple(m.Setting, "key")),
    "imports": ("导入批次", _simple(m.ImportBatch, "filename", ("before_images",))),
    "audit": ("审计日志", _simple(m.AuditEntry, "action")),
}
"""KIND → (Chinese label, lister). Records without a name of their own get none."""


def _record_kind(kind: RecordKind) -> Lister:
    """Return the lister of a registered campaign-record kind (its main table, names joined)."""
    tables = m.Base.metadata.tables
    joins = {out: (tables[t], fk, col) for out, (t, fk, col) in kind.list_joins.items()}
    return _lister(tables[kind.table], kind.list_name, joins=joins)


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
