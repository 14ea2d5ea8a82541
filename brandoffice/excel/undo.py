"""Undoing the last import: delete what it added, restore what it changed, or refuse."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, bindparam, func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from brandoffice import model as m
from brandoffice.errors import KnownError, StorageError
from brandoffice.excel.batch import ImportSummary, from_json
from brandoffice.excel.brands_sheet import IMPORT_NOTE
from brandoffice.excel.columns import EXCEL_KINDS
from brandoffice.excel.tables import (
    BATCH,
    BRAND,
    CAMPAIGN,
    CARRIER,
    COMMENDATION,
    EVIDENCE,
    HISTORY,
    INSPECTION,
    MEMBER,
    ORG,
    PAIRING,
    PHASE,
    PROGRESS,
    SCORE,
    SEAT,
    TARGET,
    TASK,
    YEAR_PLAN,
)
from brandoffice.excel.undo_records import (
    RECORD_CHILDREN,
    RECORD_TABLES,
    delete_records,
    record_checks,
)
from brandoffice.maintenance import backup
from brandoffice.model.base import utcnow
from brandoffice.model.vocab import ProgressStatus
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.record_tasks import BY_KIND, settle_records

TABLES = {
    **{t.name: t for t in (ORG, MEMBER, BRAND, HISTORY, CAMPAIGN, PHASE, TASK, PROGRESS)},
    **RECORD_TABLES,
}
CHILDREN = {
    "carriers": (CARRIER, CARRIER.c.brand_id),
    "targets": (TARGET, TARGET.c.task_id),
    **RECORD_CHILDREN,
}
"""Child lists an import replaces: image op → (table, owner column)."""
_IN_CHUNK = 500


def undo_last_import(ctx: AppContext) -> ImportSummary:
    """Undo the most recent import not yet undone.

    Rows the import added are deleted and rows it changed get their previous values
    back, in one transaction, after a verified backup (SQLite).

    Returns:
        The summary of the import that was undone.

    Raises:
        KnownError: Nothing to undo, or the import's records have since been changed or
            given new dependants (units with new members, tasks with progress …); the
            message says what. The database is unchanged.
    """
    with ctx.db.read() as s:
        batch_id = _last(s)
        if batch_id is None:
            raise KnownError("没有可以撤销的导入")
        _refuse_if_blocked(s, batch_id)
    if ctx.db.is_sqlite and ctx.db.path is not None:
        backup(ctx, reason="before-undo-import")
    try:
        with ctx.db.write.begin() as s:
            if _last(s) != batch_id:
                raise KnownError("刚才又有新的导入，请重新执行撤销")
            _refuse_if_blocked(s, batch_id)
            batch = s.get(m.ImportBatch, batch_id)
            assert batch is not None
            _restore(s, batch.before_images)
            _delete_inserted(s, batch_id, batch.before_images)
            if batch.kind in BY_KIND:
                settle_records(s, ctx.today(), kinds=[batch.kind])
            batch.undone_at = utcnow()
            summary = ImportSummary(batch.kind, batch.inserted, batch.updated, batch.id)
            audit.record(
                s,
                ctx,
                "撤销导入",
                object_type=EXCEL_KINDS.get(batch.kind),
                object_id=batch.id,
                object_name=_short(batch.filename),
                detail=str(summary),
            )
    except IntegrityError as exc:
        raise KnownError("撤销失败：导入的记录已被其他数据引用，数据库未改动") from exc
    except OperationalError as exc:
        raise StorageError(f"写入数据库失败，撤销未完成：{exc.orig}") from exc
    return summary


def _last(session: Session) -> int | None:
    return session.scalar(
        select(BATCH.c.id).where(BATCH.c.undone_at.is_(None)).order_by(BATCH.c.id.desc()).limit(1)
    )


def _short(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1][:200]


def _refuse_if_blocked(session: Session, batch_id: int) -> None:
    images: list[dict[str, Any]] = (
        session.scalar(select(BATCH.c.before_images).where(BATCH.c.id == batch_id)) or []
    )
    reasons = _changed_since(session, images) + _dependants(session, batch_id, images)
    if reasons:
        raise KnownError(f"不能撤销第 {batch_id} 批导入：{'；'.join(reasons)}。数据库未改动")


def _changed_since(session: Session, images: list[dict[str, Any]]) -> list[str]:
    """Name the rows the import updated that someone changed or deleted afterwards."""
    wanted: defaultdict[str, dict[int, int]] = defaultdict(dict)
    for image in images:
        if image["op"] == "update" and image["version"] is not None:
            wanted[image["table"]][image["id"]] = image["version"]
    changed = 0
    for name, versions in wanted.items():
        table = TABLES[name]
        ids = list(versions)
        current: dict[int, int] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            query = select(table.c.id, table.c.version).where(
                table.c.id.in_(ids[start : start + _IN_CHUNK])
            )
            current.update({r.id: r.version for r in session.execute(query)})
        changed += sum(1 for i, v in versions.items() if current.get(i) != v)
    return [f"导入时更新的 {changed} 条记录后来又被修改或删除"] if changed else []


def _inserted_ids(images: list[dict[str, Any]], table: Table) -> list[int]:
    return [
        i for im in images if im["op"] == "insert" and im["table"] == table.name for i in im["ids"]
    ]


def _touched_progress() -> ColumnElement[bool]:
    return or_(
        PROGRESS.c.status != ProgressStatus.NOT_STARTED.value,
        PROGRESS.c.done_on.is_not(None),
        PROGRESS.c.count_value.is_not(None),
        PROGRESS.c.note.is_not(None),
    )


def _dependants(session: Session, batch_id: int, images: list[dict[str, Any]]) -> list[str]:
    """Name what was added after the import that hangs on the records it added."""
    orgs = select(ORG.c.id).where(ORG.c.import_batch_id == batch_id).scalar_subquery()
    members = select(MEMBER.c.id).where(MEMBER.c.import_batch_id == batch_id).scalar_subquery()
    brands = select(BRAND.c.id).where(BRAND.c.import_batch_id == batch_id).scalar_subquery()
    tasks = _inserted_ids(images, TASK)
    phases = _inserted_ids(images, PHASE)
    campaigns = _inserted_ids(images, CAMPAIGN)
    not_ours = or_(ORG.c.import_batch_id.is_(None), ORG.c.import_batch_id != batch_id)
    checks: list[tuple[str, Select[Any]]] = [
        ("新增的组织下又添加了下级组织", _count(ORG, and_(ORG.c.parent_id.in_(orgs), not_ours))),
        ("新增的组织下又添加了党员", _count(MEMBER, MEMBER.c.org_id.in_(orgs))),
        ("新增的组织又登记了品牌", _count(BRAND, BRAND.c.org_id.in_(orgs))),
        ("新增的组织设置了领导小组", _count(SEAT, SEAT.c.org_id.in_(orgs))),
        ("新增的组织有了表彰", _count(COMMENDATION, COMMENDATION.c.org_id.in_(orgs))),
        (
            "新增的组织结了共建对子",
            _count(
                PAIRING, or_(PAIRING.c.helper_org_id.in_(orgs), PAIRING.c.lagging_org_id.in_(orgs))
            ),
        ),
        ("新增的组织被任务指定为适用单位", _count(TARGET, TARGET.c.org_id.in_(orgs))),
        ("新增的组织被用作创建活动范围", _count(CAMPAIGN, CAMPAIGN.c.scope_org_id.in_(orgs))),
        (
            "新增的组织登记了任务进度",
            _count(PROGRESS, and_(PROGRESS.c.org_id.in_(orgs), _touched_progress())),
        ),
        ("新增的组织有了评审打分", _count(SCORE, SCORE.c.org_id.in_(orgs))),
        ("新增的党员有了表彰", _count(COMMENDATION, COMMENDATION.c.member_id.in_(members))),
        ("新增的党员进了领导小组", _count(SEAT, SEAT.c.member_id.in_(members))),
        (
            "新增的品牌又有了状态变化",
            _count(
                HISTORY,
                and_(
                    HISTORY.c.brand_id.in_(brands),
                    or_(HISTORY.c.note.is_(None), HISTORY.c.note != IMPORT_NOTE),
                ),
            ),
        ),
        ("新增的品牌有了复查记录", _count(INSPECTION, INSPECTION.c.brand_id.in_(brands))),
        ("新增的品牌报送了年度目标", _count(YEAR_PLAN, YEAR_PLAN.c.brand_id.in_(brands))),
        ("新增的品牌有了评审打分", _count(SCORE, SCORE.c.brand_id.in_(brands))),
        ("新增的品牌结了共建对子", _count(PAIRING, PAIRING.c.brand_id.in_(brands))),
        (
            "相关任务已登记进度",
            _count(
                PROGRESS,
                and_(
                    or_(PROGRESS.c.task_id.in_(tasks), PROGRESS.c.import_batch_id == batch_id),
                    _touched_progress(),
                ),
            ),
        ),
        (
            "相关任务进度附有佐证材料",
            _count(
                EVIDENCE,
                EVIDENCE.c.progress_id.in_(
                    select(PROGRESS.c.id).where(PROGRESS.c.import_batch_id == batch_id)
                ),
            ),
        ),
        (
            "新增的阶段下又添加了任务",
            _count(TASK, and_(TASK.c.phase_id.in_(phases), TASK.c.id.not_in(tasks))),
        ),
        (
            "新增的创建活动又添加了阶段",
            _count(PHASE, and_(PHASE.c.campaign_id.in_(campaigns), PHASE.c.id.not_in(phases))),
        ),
        *record_checks(images, orgs, members, brands, campaigns),
    ]
    reasons = []
    for label, query in checks:
        count = int(session.scalar(query) or 0)
        if count:
            reasons.append(f"{label}（{count} 条）")
    return reasons


def _count(table: Table, condition: ColumnElement[bool]) -> Select[Any]:
    return select(func.count()).select_from(table).where(condition)


def _restore(session: Session, images: list[dict[str, Any]]) -> None:
    """Put back the values and child rows the import replaced, last change first."""
    for image in reversed(images):
        op = image["op"]
        if op == "update" and image["values"]:
            table = TABLES[image["table"]]
            values = {k: from_json(table, k, v) for k, v in image["values"].items()}
            stmt = update(table).where(table.c.id == image["id"]).values(**values)
            if image["version"] is not None:
                # The row is as it was before the import, version included: an earlier
                # import that added it can then still tell that nobody edited it.
                stmt = stmt.values(version=image["version"] - 1)
            elif "version" in table.c:
                stmt = stmt.values(version=table.c.version + 1)
            session.execute(stmt)
        elif op in CHILDREN:
            table, owner = CHILDREN[op]
            session.execute(table.delete().where(owner == image["owner"]))
            rows = [{k: from_json(table, k, v) for k, v in r.items()} for r in image["rows"]]
            if rows:
                session.execute(table.insert(), rows)


def _delete_inserted(session: Session, batch_id: int, images: list[dict[str, Any]]) -> None:
    """Delete the rows the import added, dependants before what they depend on."""
    delete_records(session, images)
    session.execute(PROGRESS.delete().where(PROGRESS.c.import_batch_id == batch_id))
    for table in (HISTORY, TASK, PHASE, CAMPAIGN):
        ids = _inserted_ids(images, table)
        for start in range(0, len(ids), _IN_CHUNK):
            session.execute(table.delete().where(table.c.id.in_(ids[start : start + _IN_CHUNK])))
    session.execute(MEMBER.delete().where(MEMBER.c.import_batch_id == batch_id))
    session.execute(BRAND.delete().where(BRAND.c.import_batch_id == batch_id))
    org_ids = sorted(
        session.scalars(select(ORG.c.id).where(ORG.c.import_batch_id == batch_id)), reverse=True
    )
    if org_ids:
        # Units were added parents first; deleting the newest first removes children first.
        session.execute(
            ORG.delete().where(ORG.c.id == bindparam("b_id")), [{"b_id": i} for i in org_ids]
        )
