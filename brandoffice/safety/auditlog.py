"""The audit log for the clerk and the inspector: filter, verify, export (masked), prune."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, func, or_, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.filesave import save_file
from brandoffice.model import AuditEntry, Setting, table_of
from brandoffice.safety.masking import mask_optional, mask_text
from brandoffice.safety.permissions import Action
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.text_safety import append_row
from brandoffice.textsearch import like_pattern

AUDIT = table_of(AuditEntry)
KEEP_DAYS = 180
ANCHOR_SETTING = "audit_anchor"
HEADERS = ("编号", "时间", "账户", "操作", "对象类别", "对象编号", "对象名称", "结果", "详情")


@dataclass(frozen=True)
class AuditFilter:
    """What to show; every field None shows everything.

    Attributes:
        start: From this time (inclusive).
        end: Before this time (exclusive).
        account: Exact account name.
        action: Part of the action (导入, 登录 …).
        object_text: Part of the object's kind or name.
        result: 成功 or 失败.
    """

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    account: str | None = None
    action: str | None = None
    object_text: str | None = None
    result: str | None = None

    def condition(self) -> ColumnElement[bool]:
        """Return the SQL condition."""
        parts: list[ColumnElement[bool]] = []
        if self.start is not None:
            parts.append(AUDIT.c.at >= self.start)
        if self.end is not None:
            parts.append(AUDIT.c.at < self.end)
        if self.account:
            parts.append(AUDIT.c.account == self.account)
        if self.action:
            parts.append(AUDIT.c.action.like(like_pattern(self.action), escape="\\"))
        if self.object_text:
            pattern = like_pattern(self.object_text)
            parts.append(
                or_(
                    AUDIT.c.object_type.like(pattern, escape="\\"),
                    AUDIT.c.object_name.like(pattern, escape="\\"),
                )
            )
        if self.result:
            parts.append(AUDIT.c.result == self.result)
        return and_(True, *parts)


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as shown; personal numbers in the texts are masked."""

    id: int
    at: dt.datetime
    account: str
    action: str
    object_type: str | None
    object_id: int | None
    object_name: str | None
    result: str
    detail: str | None


_COLUMNS = [AUDIT.c[f.name] for f in fields(AuditRow)]


def _row(r: Any) -> AuditRow:
    return AuditRow(
        r.id,
        r.at,
        mask_text(r.account),
        r.action,
        r.object_type,
        r.object_id,
        mask_optional(r.object_name),
        r.result,
        mask_optional(r.detail),
    )


def _select(flt: AuditFilter) -> Select[Any]:
    return select(*_COLUMNS).where(flt.condition())


def count_audit(ctx: AppContext, flt: AuditFilter | None = None) -> int:
    """Count the entries matching a filter."""
    query = select(func.count()).select_from(AUDIT).where((flt or AuditFilter()).condition())
    with ctx.db.read() as s:
        return int(s.scalar(query) or 0)


def query_audit(
    ctx: AppContext,
    flt: AuditFilter | None = None,
    *,
    offset: int = 0,
    limit: int = 200,
    newest_first: bool = True,
) -> list[AuditRow]:
    """Return one page of entries matching a filter (newest first by default)."""
    order = AUDIT.c.id.desc() if newest_first else AUDIT.c.id.asc()
    query = _select(flt or AuditFilter()).order_by(order).offset(offset).limit(limit)
    with ctx.db.read() as s:
        return [_row(r) for r in s.execute(query)]


def audit_choices(ctx: AppContext) -> tuple[list[str], list[str]]:
    """Return the distinct accounts and actions, for the filter drop-downs."""
    with ctx.db.read() as s:
        accounts = sorted(s.scalars(select(AUDIT.c.account).distinct()))
        actions = sorted(s.scalars(select(AUDIT.c.action).distinct()))
    return [mask_text(a) for a in accounts], actions


def export_audit(ctx: AppContext, path: Path, flt: AuditFilter | None = None) -> int:
    """Write the matching entries to an .xlsx file, personal numbers masked; audited.

    The workbook is saved to ``<path>.part`` and renamed, so a failure leaves
    no half-written file.

    Returns:
        How many entries were written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    ctx.require(Action.AUDIT)
    chosen = flt or AuditFilter()
    wb = Workbook()
    ws = wb.active
    ws.title = "审计日志"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    count = 0
    with ctx.db.read() as s:
        for r in s.execute(_select(chosen).order_by(AUDIT.c.id)):
            row = _row(r)
            append_row(
                ws,
                [
                    row.id,
                    row.at.strftime("%Y-%m-%d %H:%M:%S"),
                    row.account,
                    row.action,
                    row.object_type,
                    row.object_id,
                    row.object_name,
                    row.result,
                    row.detail,
                ],
            )
            count += 1
    for letter, width in zip("ABCDEFGHI", (8, 20, 14, 16, 10, 9, 30, 6, 50), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    save_file(wb.save, path)
    with ctx.db.write.begin() as s:
        audit.record(
            s,
            ctx,
            "导出审计日志",
            object_type="审计日志",
            object_name=path.name,
            detail=f"{count} 条",
        )
    return count


# -- the chain, with an anchor after pruning -------------------------------------


def _fields(entry: AuditEntry) -> dict[str, object]:
    return {
        "at": entry.at.replace(microsecond=0).isoformat(),
        "account": entry.account,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_name": entry.object_name,
        "result": entry.result,
        "detail": entry.detail,
    }


def _anchor(session: Session) -> tuple[int, str] | None:
    value = session.scalar(select(Setting.value).where(Setting.key == ANCHOR_SETTING))
    if not value or ":" not in value:
        return None
    first, prev_hash = value.split(":", 1)
    return int(first), prev_hash


def verify_audit_chain(session: Session) -> int | None:
    """Return the id of the first entry that breaks the hash chain, or None when intact.

    Like :func:`brandoffice.services.audit.verify_chain`, but after a pruning of
    entries older than 180 days the chain starts from the recorded anchor (the
    first kept entry and the hash before it) instead of from the genesis hash.
    """
    anchor = _anchor(session)
    prev_hash = audit.GENESIS
    first = True
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if first and anchor is not None and entry.id == anchor[0]:
            prev_hash = anchor[1]
        first = False
        if entry.prev_hash != prev_hash or entry.hash != audit.entry_hash(
            prev_hash, _fields(entry)
        ):
            return entry.id
        prev_hash = entry.hash
    return None


def check_audit_chain(ctx: AppContext) -> int | None:
    """Return the id of the first entry that breaks the hash chain, or None when intact."""
    with ctx.db.read() as s:
        return verify_audit_chain(s)


def prune_audit(ctx: AppContext, keep_days: int = KEEP_DAYS) -> int:
    """Delete entries older than ``keep_days`` (at least 180) and re-anchor the chain.

    Returns:
        How many entries were deleted (the pruning itself is audited).
    """
    if keep_days < KEEP_DAYS:
        raise ValidationError(f"审计日志至少保留 {KEEP_DAYS} 天", "keep_days")
    cutoff = ctx.clock() - dt.timedelta(days=keep_days)
    try:
        with ctx.db.write.begin() as s:
            if verify_audit_chain(s) is not None:
                raise ValidationError("审计日志的哈希链已断开，请先运行“检查数据库”，不能清理")
            first_kept = s.execute(
                select(AUDIT.c.id, AUDIT.c.prev_hash)
                .where(AUDIT.c.at >= cutoff)
                .order_by(AUDIT.c.id)
                .limit(1)
            ).first()
            removed = int(s.execute(delete(AUDIT).where(AUDIT.c.at < cutoff)).rowcount)  # type: ignore[attr-defined]
            if removed == 0:
                return 0
            anchor = f"{first_kept.id}:{first_kept.prev_hash}" if first_kept is not None else ""
            setting = s.get(Setting, ANCHOR_SETTING)
            if setting is None:
                s.add(Setting(key=ANCHOR_SETTING, value=anchor))
            else:
                setting.value = anchor
            s.flush()
            audit.record(
                s,
                ctx,
                "清理审计日志",
                object_type="审计日志",
                detail=f"删除 {cutoff:%Y-%m-%d} 之前的 {removed} 条",
            )
    except (sa_exc.IntegrityError, sa_exc.OperationalError, sa_exc.InternalError) as exc:
        if "审计日志" in str(exc):
            raise ValidationError(f"数据库拒绝清理：审计日志至少保留 {KEEP_DAYS} 天") from exc
        raise
    return removed
