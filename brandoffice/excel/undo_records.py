"""Undo for the campaign-record kinds: their tables, what blocks an undo, what it deletes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, func, select
from sqlalchemy.orm import Session

from brandoffice.excel.tables import (
    ATTENDANCE,
    BENCHMARK,
    COMMITMENT,
    DEED,
    EVAL_CRITERION,
    EVAL_PLAN,
    EVAL_SCORE,
    FUND,
    GRADE,
    MATERIAL,
    POINT,
    POINT_NOTE,
    POINT_TARGET,
    SECRETARY,
    SPIRIT,
    TRAINING,
)

Check = tuple[str, Select[Any]]
IN_CHUNK = 500

RECORD_TABLES = {
    t.name: t
    for t in (
        EVAL_PLAN,
        EVAL_CRITERION,
        EVAL_SCORE,
        SPIRIT,
        COMMITMENT,
        SECRETARY,
        POINT,
        DEED,
        FUND,
        TRAINING,
        ATTENDANCE,
        BENCHMARK,
        GRADE,
    )
}
"""Record tables an import adds to or changes, by name (the images name them)."""

RECORD_CHILDREN = {
    "points": (POINT, POINT.c.review_id),
    "attendance": (ATTENDANCE, ATTENDANCE.c.session_id),
}
"""Child lists an import replaces: image op → (table, owner column)."""

LABELS = {
    EVAL_SCORE: "党员评议评分",
    SPIRIT: "党性分析报告",
    COMMITMENT: "公开承诺",
    SECRETARY: "书记述职评议",
    DEED: "先进典型事迹",
    FUND: "专项经费",
    TRAINING: "培训",
    ATTENDANCE: "培训记录",
    BENCHMARK: "对标定位",
    GRADE: "评定等次记录",
    EVAL_PLAN: "党员评议",
    POINT_NOTE: "示范点进展",
    POINT_TARGET: "示范点目标",
}
BY_ORG = (
    (COMMITMENT, "org_id"),
    (SECRETARY, "org_id"),
    (DEED, "org_id"),
    (FUND, "org_id"),
    (TRAINING, "org_id"),
    (BENCHMARK, "org_id"),
    (BENCHMARK, "model_org_id"),
    (GRADE, "org_id"),
    (POINT_NOTE, "org_id"),
    (POINT_TARGET, "org_id"),
)
BY_MEMBER = (
    (EVAL_SCORE, "member_id"),
    (SPIRIT, "member_id"),
    (COMMITMENT, "member_id"),
    (DEED, "member_id"),
    (ATTENDANCE, "member_id"),
)
BY_CAMPAIGN = ((EVAL_PLAN, "campaign_id"), (SPIRIT, "campaign_id"), (TRAINING, "campaign_id"))
EDITABLE = (EVAL_PLAN, SPIRIT, COMMITMENT, SECRETARY, DEED, FUND, TRAINING, BENCHMARK)
DELETE_ORDER = (
    EVAL_SCORE,
    EVAL_CRITERION,
    EVAL_PLAN,
    POINT,
    SECRETARY,
    TRAINING,
    SPIRIT,
    COMMITMENT,
    DEED,
    FUND,
    BENCHMARK,
    GRADE,
)


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
    sessions = inserted(images, TRAINING)
    for start in range(0, len(sessions), IN_CHUNK):
        chunk = sessions[start : start + IN_CHUNK]
        session.execute(ATTENDANCE.delete().where(ATTENDANCE.c.session_id.in_(chunk)))
    for table in DELETE_ORDER:
        ids = inserted(images, table)
        for start in range(0, len(ids), IN_CHUNK):
            session.execute(table.delete().where(table.c.id.in_(ids[start : start + IN_CHUNK])))
