"""Undo for the campaign-record kinds: their tables, what blocks an undo, what it deletes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, func, select
from sqlalchemy.orm import Session

from brandoffice import model
from brandoffice.excel.tables import (
    DEED,
    EVAL_CRITERION,
    EVAL_PLAN,
    EVAL_SCORE,
    FUND,
    MATERIAL,
    POINT,
    SECRETARY,
)
from brandoffice.kinds import KINDS

Check = tuple[str, Select[Any]]
IN_CHUNK = 500
model.load_all()
_ALL = model.Base.metadata.tables


def _table(name: str) -> Table:
    return _ALL[name]


RECORD_TABLES = {
    name: _table(name)
    for k in KINDS
    for name in (*k.undo.tables, *(child for _op, child, _col in k.undo.children))
}
"""Record tables an import adds to or changes, by name (the images name them)."""

RECORD_CHILDREN = {
    op: (_table(child), _table(child).c[column])
    for k in KINDS
    for op, child, column in k.undo.children
}
"""Child lists an import replaces: image op → (table, owner column)."""

LABELS = {_table(name): label for k in KINDS for name, label in k.undo.labels.items()}
BY_ORG = tuple((_table(t), c) for k in KINDS for t, c in k.undo.by_org)
BY_MEMBER = tuple((_table(t), c) for k in KINDS for t, c in k.undo.by_member)
BY_CAMPAIGN = tuple((_table(t), c) for k in KINDS for t, c in k.undo.by_campaign)
EDITABLE = tuple(_table(t) for k in KINDS for t in k.undo.editable)
DELETE_ORDER = tuple(_table(t) for k in KINDS for t in k.undo.tables)
"""Every kind's tables, each kind's dependants before what they depend on."""
PARENTS = tuple(
    (_table(k.undo.tables[-1]), _table(child), column)
    for k in KINDS
    for _op, child, column in k.undo.children
)
"""(record table, child table, owner column): an added record's list goes with it."""


def inserted(images: list[dict[str, Any]], table: Table) -> list[int]:
    """Return the ids of a table's rows an import added (from its images)."""
    return [
        i for im in images if im["op"] == "insert" and im["table"] == table.name for i in im["ids"]
    ]


def _count(table: Table, condition: ColumnElement[bool]) -> Select[Any]:
    return select(func.count()).select_from(table).where(condition)


def record_checks(
    images: list[dict[str, Any]],
    orgs: Any,
    members: Any,
    brands: Any,
    campaigns: list[int],
) -> list[Check]:
    """Return what blocks undoing an import: records hanging on what it added.

    Args:
        images: The batch's images.
        orgs: A subquery of the units the batch added.
        members: A subquery of the members the batch added.
        brands: A subquery of the brands the batch added.
        campaigns: The campaigns the batch added.
    """
    checks: list[Check] = []
    for owner, pairs, ids in (
        ("组织", BY_ORG, orgs),
        ("党员", BY_MEMBER, members),
        ("创建活动", BY_CAMPAIGN, campaigns),
    ):
        for table, column in pairs:
            checks.append(
                (f"新增的{owner}有了{LABELS[table]}", _count(table, table.c[column].in_(ids)))
            )
    checks.append(("新增的品牌有了专项经费", _count(FUND, FUND.c.brand_id.in_(brands))))
    for table in EDITABLE:
        ids = inserted(images, table)
        if ids:
            edited = and_(table.c.id.in_(ids), table.c.version != 1)
            checks.append((f"导入新增的{LABELS[table]}后来又被修改", _count(table, edited)))
    plans = inserted(images, EVAL_PLAN)
    if plans:
        criteria = select(EVAL_CRITERION.c.id).where(EVAL_CRITERION.c.plan_id.in_(plans))
        own = inserted(images, EVAL_SCORE)
        others = and_(EVAL_SCORE.c.criterion_id.in_(criteria), EVAL_SCORE.c.id.not_in(own))
        checks.append(("新建的党员评议又登记了评分", _count(EVAL_SCORE, others)))
    deeds = inserted(images, DEED)
    if deeds:
        checks.append(
            ("新增的先进典型添加了事迹材料", _count(MATERIAL, MATERIAL.c.deed_id.in_(deeds)))
        )
    reviews = inserted(images, SECRETARY)
    if reviews:
        added = and_(POINT.c.review_id.in_(reviews), POINT.c.id.not_in(inserted(images, POINT)))
        checks.append(("新增的书记述职评议又登记了问题", _count(POINT, added)))
    return checks


def delete_records(session: Session, images: list[dict[str, Any]]) -> None:
    """Delete the record rows an import added, dependants before what they depend on."""
    for parent, child, column in PARENTS:
        owners = inserted(images, parent)
        for start in range(0, len(owners), IN_CHUNK):
            chunk = owners[start : start + IN_CHUNK]
            session.execute(child.delete().where(child.c[column].in_(chunk)))
    for table in DELETE_ORDER:
        ids = inserted(images, table)
        for start in range(0, len(ids), IN_CHUNK):
            session.execute(table.delete().where(table.c.id.in_(ids[start : start + IN_CHUNK])))
