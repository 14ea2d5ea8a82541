"""Backup, restore and the database check behind ``brandoffice backup|restore|check``."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from brandoffice.backup import backup_name, copy_database, integrity_ok
from brandoffice.errors import StorageError
from brandoffice.model import Member, Organisation, TaskProgress
from brandoffice.paths import backup_dir
from brandoffice.services import audit
from brandoffice.services.context import AppContext


def _require_file(ctx: AppContext) -> Path:
    path = ctx.db.path
    if path is None:
        raise StorageError(
            "服务器数据库（PostgreSQL）请用服务器工具备份：pg_dump -Fc 数据库名 > 备份文件；"
            "恢复用 pg_restore。"
        )
    return path


def backup(ctx: AppContext, out: Path | None = None, reason: str = "manual") -> Path:
    """Write a verified backup of the SQLite database and return its path."""
    path = _require_file(ctx)
    dest = out or backup_dir(path) / backup_name(reason, ctx.clock())
    copy_database(path, dest)
    with ctx.db.write.begin() as s:
        audit.record(s, ctx, "备份", object_name=dest.name)
    return dest


def restore(ctx: AppContext, source: Path) -> Path:
    """Replace the database with a backup, after backing up the current state.

    Returns:
        The path of the safety backup of the state before the restore.
    """
    path = _require_file(ctx)
    if not source.is_file():
        raise StorageError(f"找不到备份文件：{source}")
    if not integrity_ok(source):
        raise StorageError(f"备份文件已损坏或不是数据库：{source}")
    safety = backup(ctx, reason="before-restore")
    ctx.db.dispose()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(path)
        try:
            src.backup(dst, pages=-1)
        finally:
            dst.close()
    finally:
        src.close()
    with ctx.db.write.begin() as s:
        audit.record(s, ctx, "恢复", object_name=source.name)
    return safety


@dataclass
class CheckReport:
    """What ``check`` found; ``ok`` when nothing."""

    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no problem remains."""
        return not self.problems


def check(ctx: AppContext, *, repair: bool = False) -> CheckReport:
    """Run integrity, foreign-key and the program's own consistency checks."""
    report = CheckReport()
    with ctx.db.read() as s:
        if ctx.db.is_sqlite:
            result = [r[0] for r in s.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                report.problems += [f"完整性检查：{r}" for r in result[:20]]
            broken = s.execute(text("PRAGMA foreign_key_check")).fetchall()
            report.problems += [
                f"外键不一致：表 {r[0]} 第 {r[1]} 行指向缺失的 {r[2]}" for r in broken[:50]
            ]
        parents = dict(s.execute(select(Organisation.id, Organisation.parent_id)).all())
        for org_id in parents:
            seen: set[int] = set()
            current: int | None = org_id
            while current is not None and current not in seen:
                seen.add(current)
                current = parents.get(current)
            if current is not None:
                report.problems.append(f"组织树存在循环：组织 {org_id} 所在的上级链回到了自身")
        for label, model in (("组织", Organisation), ("党员", Member), ("任务进度", TaskProgress)):
            report.counts[label] = int(s.scalar(select(func.count()).select_from(model)) or 0)
    return report


def remove_quietly(path: Path) -> None:
    """Delete a file if it exists (temporary files on failure paths)."""
    with contextlib.suppress(OSError):
        os.unlink(path)
