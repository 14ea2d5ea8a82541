"""Backup, restore and the database check behind ``brandoffice backup|restore|check``."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from brandoffice.backup import integrity_ok, readonly_uri, remove_quietly
from brandoffice.db.migrate import alembic_config, upgrade
from brandoffice.errors import SchemaTooNewError, StorageError
from brandoffice.progress import Progress, report, scaled
from brandoffice.safety import consistency
from brandoffice.safety.auditchain import TAMPER_ADVICE, inspect_chain
from brandoffice.safety.auditcopies import adopt_copy, compare_anchor
from brandoffice.safety.auditkey import backup_anchor
from brandoffice.safety.backups import require_file, take_backup
from brandoffice.safety.consistency import CheckReport
from brandoffice.safety.instance_lock import ANOTHER_INSTANCE, held_elsewhere
from brandoffice.safety.permissions import Action
from brandoffice.safety.storage import storage_error_of
from brandoffice.services import audit
from brandoffice.services.context import AppContext

__all__ = ["CheckReport", "backup", "check", "remove_quietly", "restore"]


def backup(
    ctx: AppContext,
    out: Path | None = None,
    reason: str = "manual",
    progress: Progress | None = None,
) -> Path:
    """Write a verified backup of the SQLite database and return its path.

    ``progress(done, total)`` is called while pages are copied; when it raises
    (``Cancelled``) the copy stops and no file is left behind.

    Raises:
        StorageError: A server database (use pg_dump), or the copy failed; a
            failed copy leaves no file behind.
        PermissionDeniedError: The signed-in role may not back up.
    """
    ctx.require(Action.BACKUP)
    return take_backup(ctx, reason, out=out, progress=progress)


def _backup_revision(source: Path) -> str | None:
    try:
        con = sqlite3.connect(readonly_uri(source), uri=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _refuse_newer(source: Path) -> None:
    from alembic.script import ScriptDirectory

    revision = _backup_revision(source)
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    known = {rev.revision for rev in script.walk_revisions()}
    if revision is not None and revision not in known:
        raise SchemaTooNewError(
            f"备份由更新版本的程序写入（{revision}），请升级 BrandOffice 后再恢复。"
        )


def restore(ctx: AppContext, source: Path) -> Path:
    """Replace the database with a backup, after backing up the current state.

    The backup must pass ``integrity_check`` and must not come from a newer
    program; an older one is migrated after the copy. Refused while another
    BrandOffice has the database open, and put back as it was when the backup's
    audit log was tampered with (it must verify, and agree with the anchor written
    into the backup and with the one this install recorded for it).

    Returns:
        The path of the safety backup of the state before the restore.
    """
    ctx.require(Action.RESTORE)
    path = require_file(ctx)
    if held_elsewhere(path):
        raise StorageError(f"{ANOTHER_INSTANCE}，请先关闭它再恢复备份。")
    if not source.is_file():
        raise StorageError(f"找不到备份文件：{source}")
    if path.exists() and source.resolve() == path.resolve():
        raise StorageError("不能用正在使用的数据库文件本身来恢复")
    if not integrity_ok(source):
        raise StorageError(f"备份文件已损坏或不是数据库：{source}")
    _refuse_newer(source)
    safety = take_backup(ctx, "before-restore")
    _copy_over(ctx, source, path)
    upgrade(ctx.db.url)
    refused = _tampered_backup(ctx, source)
    if refused is not None:
        _copy_over(ctx, safety, path)
        upgrade(ctx.db.url)
        adopt_copy(path)
        with ctx.db.write.begin() as s:
            audit.record(
                s,
                ctx,
                "恢复",
                object_type="数据库",
                object_name=source.name,
                result="失败",
                detail=refused,
            )
        raise StorageError(f"备份中的{refused}。已放弃恢复，数据库保持恢复前的样子。")
    adopt_copy(path)
    with ctx.db.write.begin() as s:
        audit.record(s, ctx, "恢复", object_type="数据库", object_name=source.name)
    return safety


def _copy_over(ctx: AppContext, source: Path, path: Path) -> None:
    """Copy ``source`` page by page over the database (one transaction: all or nothing)."""
    ctx.db.dispose()
    try:
        src = sqlite3.connect(readonly_uri(source), uri=True)
        try:
            dst = sqlite3.connect(path, timeout=10)
            try:
                src.backup(dst, pages=-1)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        # The page copy runs in one transaction of the destination: on failure
        # the database is as it was.
        known = storage_error_of(exc)
        message = f"恢复失败，数据库保持原样：{known or exc}"
        raise (type(known) if known else StorageError)(message) from exc


def _tampered_backup(ctx: AppContext, source: Path) -> str | None:
    """Verify a restored backup's audit log; return the first tampering in Chinese, or None.

    The log must verify on its own, agree with the anchor written into the copy
    and with the anchor this install recorded when it wrote that backup.
    """
    with ctx.db.read() as s:
        chain = inspect_chain(s, against_known=False)
        if chain.tampering:
            return chain.tampering[0].line.removesuffix(TAMPER_ADVICE)
        recorded = backup_anchor(source.name)
        if recorded is not None:
            problem = compare_anchor(s, recorded, "本机备份时记下的锚点")
            if problem is not None:
                return problem.replace("删除最新的条目", "换回被篡改的副本")
    return None


def check(
    ctx: AppContext, *, repair: bool = False, progress: Progress | None = None
) -> CheckReport:
    """Run integrity, foreign-key and the program's own consistency checks.

    Checks: ``integrity_check`` and ``foreign_key_check`` (SQLite); records
    pointing at missing units, tasks or phases; cycles in the organisation tree;
    党员人数 typed above the roster (a warning); the audit log's hash chain;
    progress rows missing for the units a task applies to, rows of units it no
    longer applies to, and tasks tied to records whose progress disagrees with them.

    Args:
        ctx: The open database.
        repair: Fix what is safe to fix, after a backup: create missing progress
            rows, retire rows of units no longer taking part (only untouched rows
            are deleted; rows holding work become 不适用), settle tied tasks from
            the records. Nothing is repaired in a damaged file.
        progress: Called as ``progress(done, total)`` between the checks and pages
            of the backup; when it raises (``Cancelled``) the work stops and the
            database is as it was (a repair's transaction is rolled back). Once the
            repair is committed it is no longer called.

    Returns:
        The report; ``repaired`` lists the fixes, ``problems`` what remains.
    """
    if repair:
        ctx.require(Action.REPAIR)
    total = 2 * CHECKS + 2 if repair else CHECKS
    found = _inspect(ctx, progress, 0, total)
    if not repair or not found.repairable:
        return found
    if any(p.startswith("数据库文件已损坏") for p in found.problems):
        return found
    step = CHECKS
    if ctx.db.is_sqlite:
        take_backup(ctx, "before-repair", progress=scaled(progress, step, step, total))
    report(progress, 2 * step, total)
    fixed = CheckReport()
    with ctx.db.write.begin() as s:
        consistency.missing_progress(s, fixed, repair=True)
        consistency.retired_progress(s, fixed, repair=True)
        consistency.record_progress(s, fixed, repair=True, today=ctx.today())
        report(progress, 2 * step + 1, total)  # a cancel here rolls the repair back
        audit.record(
            s, ctx, "修复数据库", object_type="数据库", detail=f"{len(fixed.repaired)} 项修复"
        )
    after = _inspect(ctx, None, 0, 0)
    after.repaired = fixed.repaired
    return after


CHECKS = 8
"""The program's own checks after SQLite's: one progress step each."""


def _checks(today: dt.date) -> list[Callable[[Session, CheckReport], None]]:
    return [
        consistency.orphans,
        consistency.cycles,
        consistency.member_counts,
        partial(consistency.missing_progress, repair=False),
        partial(consistency.retired_progress, repair=False),
        partial(consistency.record_progress, repair=False, today=today),
        consistency.audit_chain,
        consistency.counts,
    ]


def _inspect(ctx: AppContext, progress: Progress | None, start: int, total: int) -> CheckReport:
    found = CheckReport()
    with ctx.db.read() as s:
        report(progress, start, total)
        if ctx.db.is_sqlite and not consistency.sqlite_checks(s, found):
            return found
        for i, step in enumerate(_checks(ctx.today()), start=1):
            step(s, found)
            report(progress, start + i, total)
    return found
