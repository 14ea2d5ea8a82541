"""The audit log for the clerk and the inspector: filter, verify, export (masked), prune."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, func, or_, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.filesave import save_file
from brandoffice.model import AuditEntry, table_of
from brandoffice.safety.auditchain import (
    PRUNE_ANCHOR,
    ChainReport,
    PruneAnchor,
    inspect_chain,
    signed_anchor,
)
from brandoffice.safety.auditcopies import stamp_workbook
from brandoffice.safety.auditkey import writing_key
from brandoffice.safety.masking import mask_optional, mask_text
from brandoffice.safety.permissions import Action
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.setting_rows import store
from brandoffice.text_safety import append_row
from brandoffice.textsearch import like_pattern

AUDIT = table_of(AuditEntry)
KEEP_DAYS = 180
ANCHOR_SETTING = PRUNE_ANCHOR
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
        stamp_workbook(wb, signed_anchor(s))
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


# -- the chain, with a signed anchor after pruning ----------------------------------


def verify_audit_chain(session: Session) -> int | None:
    """Return the first entry involved in tampering (0: not tied to one), or None when intact.

    See :func:`brandoffice.safety.auditchain.inspect_chain`, which also names
    the kind of tampering; after a pruning the chain starts from its signed anchor.
    """
    return inspect_chain(session).first_break


def audit_chain_report(ctx: AppContext) -> ChainReport:
    """Verify the whole log and return what was found, each tampering named."""
    with ctx.db.read() as s:
        return inspect_chain(s)


def check_audit_chain(ctx: AppContext) -> int | None:
    """Return the first entry involved in tampering (0: not tied to one), or None when intact."""
    return audit_chain_report(ctx).first_break


@retry_conflicts
def prune_audit(ctx: AppContext, keep_days: int = KEEP_DAYS) -> int:
    """Delete entries older than ``keep_days`` (at least 180) and re-anchor the chain.

    The newest entry is always kept; the anchor (the first kept entry and the hash
    before it) is signed with the audit key, so a forged one is found by ``check``.

    Returns:
        How many entries were deleted (the pruning itself is audited).
    """
    if keep_days < KEEP_DAYS:
        raise ValidationError(f"审计日志至少保留 {KEEP_DAYS} 天", "keep_days")
    cutoff = ctx.clock() - dt.timedelta(days=keep_days)
    key = writing_key()
    try:
        with ctx.db.write.begin() as s:
            chain = inspect_chain(s)
            if chain.tampering:
                raise ValidationError(
                    f"审计日志被篡改过（{'、'.join(chain.cases)}），请先运行“检查数据库”，不能清理"
                )
            newest = s.scalar(select(func.max(AUDIT.c.id)))
            if newest is None:
                return 0
            old = and_(AUDIT.c.at < cutoff, AUDIT.c.id < newest)
            first_kept = s.execute(
                select(AUDIT.c.id, AUDIT.c.prev_hash).where(~old).order_by(AUDIT.c.id).limit(1)
            ).one()
            removed = int(s.execute(delete(AUDIT).where(old)).rowcount)  # type: ignore[attr-defined]
            if removed == 0:
                return 0
            anchor = PruneAnchor.make(first_kept.id, first_kept.prev_hash, key).to_json()
            store(s, ANCHOR_SETTING, anchor)
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
