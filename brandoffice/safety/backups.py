"""Automatic verified backups: when to take them, where they are, which to keep."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from brandoffice.backup import (
    backup_name,
    copy_database,
    integrity_ok,
    parse_backup_name,
    remove_interrupted,
    remove_quietly,
)
from brandoffice.errors import StorageError
from brandoffice.paths import backup_dir
from brandoffice.progress import Progress
from brandoffice.safety.auditcopies import note_backup, stamp_copy
from brandoffice.safety.auditkey import Anchor
from brandoffice.safety.retention import DEFAULT_RETENTION, Retention, to_prune
from brandoffice.services.context import AppContext, Clock

REASON_LABELS = {
    "manual": "手动备份",
    "start": "启动时自动备份",
    "auto": "定时自动备份",
    "before-import": "导入前自动备份",
    "before-undo-import": "撤销导入前自动备份",
    "before-restore": "恢复前自动备份",
    "before-migration": "升级前自动备份",
    "before-repair": "修复前自动备份",
    "emergency": "数据库文件异常时的紧急备份",
}
# Backups the clerk made on purpose, and those saving work the database lost, are never pruned.
NEVER_PRUNED = frozenset({"manual", "emergency"})
BACKUP_PREFIX = "brandoffice-"

SERVER_BACKUP = (
    "服务器数据库（PostgreSQL）请用服务器工具备份：pg_dump -Fc 数据库名 > 备份文件；"
    "恢复用 pg_restore。"
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, for the backup page.

    Attributes:
        path: The file.
        time: When it was taken (from its name).
        reason: Why (``start``, ``auto``, ``before-import`` …).
        size: Bytes.
    """

    path: Path
    time: dt.datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        """The reason in Chinese."""
        return REASON_LABELS.get(self.reason, self.reason)


def require_file(ctx: AppContext) -> Path:
    """Return the SQLite file of ``ctx``, or refuse for a server database."""
    path = ctx.db.path
    if path is None:
        raise StorageError(SERVER_BACKUP)
    return path


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Return the backups of a database in its ``backups`` folder, newest first.

    Only complete files named by :func:`brandoffice.backup.backup_name` are
    listed; ``.part`` files of an interrupted backup never are.
    """
    found: list[BackupInfo] = []
    for path in backup_dir(db_path).iterdir():
        parsed = parse_backup_name(path.name)
        if parsed is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, parsed[0], parsed[1], size))
    return sorted(found, key=lambda b: b.time, reverse=True)


def find_newest_good_backup(db_path: Path) -> BackupInfo | None:
    """Return the newest backup that passes ``integrity_check``, or None."""
    return next((b for b in list_backups(db_path) if integrity_ok(b.path)), None)


def take_backup(
    ctx: AppContext,
    reason: str = "manual",
    *,
    out: Path | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write a verified backup of the SQLite database and audit it.

    The copy carries the audit log's signed anchor (its newest entry), which this
    install also records by the backup's name (:mod:`brandoffice.safety.auditcopies`).

    Args:
        ctx: The open database.
        reason: One of :data:`REASON_LABELS` (part of the file name).
        out: A file of the clerk's choice instead of the ``backups`` folder.
        now: The time in the name (``ctx.clock()`` when None).
        progress: Called as ``progress(done, total)`` while pages are copied; when it
            raises (``Cancelled``) nothing is left behind and nothing is audited.

    Returns:
        The backup file.

    Raises:
        StorageError: A server database, or the copy failed (nothing is left behind).
    """
    from brandoffice.services import audit  # the ORM, not needed to look for backups at start

    path = require_file(ctx)
    when = now or ctx.clock()
    dest = out or backup_dir(path) / backup_name(reason, when)
    stamped: list[Anchor | None] = []
    copy_database(
        path, dest, prepare=lambda con: stamped.append(stamp_copy(con)), progress=progress
    )
    note_backup(dest.name, stamped[0] if stamped else None)
    with ctx.db.write.begin() as s:
        audit.record(
            s,
            ctx,
            "备份",
            object_type="数据库",
            object_name=dest.name,
            detail=f"{REASON_LABELS.get(reason, reason)}，{dest.stat().st_size} 字节",
        )
    return dest


def prune_backups(db_path: Path, retention: Retention = DEFAULT_RETENTION) -> list[Path]:
    """Delete the automatic backups the retention policy lets go, and interrupted copies.

    Returns:
        The deleted files.
    """
    backups = [b for b in list_backups(db_path) if b.reason not in NEVER_PRUNED]
    by_time: dict[dt.datetime, list[BackupInfo]] = {}
    for b in backups:
        by_time.setdefault(b.time, []).append(b)
    deleted: list[Path] = []
    for when in to_prune(by_time, retention):
        for b in by_time[when]:
            remove_quietly(b.path)
            deleted.append(b.path)
    deleted += remove_interrupted(backup_dir(db_path), BACKUP_PREFIX)
    return deleted


def clean_interrupted_backups(db_path: Path | None) -> list[Path]:
    """Remove the ``.part`` copies killed backups and restores left (call on every start).

    They are whole plaintext copies of the database: in the ``backups`` folder,
    and beside the database for a restore. Backups the clerk wrote elsewhere
    (``--out``) are not looked for. Nothing to do for a server database; errors
    are ignored.
    """
    if db_path is None:
        return []
    deleted = remove_interrupted(db_path.parent, db_path.name + ".")
    folder = db_path.parent / "backups"
    if folder.is_dir():
        deleted += remove_interrupted(folder, BACKUP_PREFIX)
    return deleted


def change_marker(ctx: AppContext) -> tuple[int, ...]:
    """Return a value that changes whenever anything is committed to the database.

    The newest audit id covers audited changes; the sizes and modification times
    of the database and its WAL file cover everything else committed on SQLite.
    """
    from sqlalchemy import func, select

    from brandoffice.model import AuditEntry  # the ORM, not needed to look for backups at start

    with ctx.db.read() as s:
        newest = int(s.scalar(select(func.max(AuditEntry.id))) or 0)
    marker = [newest]
    path = ctx.db.path
    if path is not None:
        for file in (path, path.with_name(path.name + "-wal")):
            try:
                st = file.stat()
                marker += [st.st_size, st.st_mtime_ns]
            except OSError:
                marker += [0, 0]
    return tuple(marker)


class BackupPolicy:
    """When to back up automatically; the UI calls it on start and on a timer.

    * :meth:`on_start` — a backup when the newest one is older than a day;
    * :meth:`on_timer` — call every few minutes: a backup when something changed
      and the newest backup is at least 30 minutes old;
    * :meth:`before` — before an import, a restore or a repair.

    Every automatic backup is followed by pruning to 12 daily, 10 weekly and 9
    monthly backups. On a server database every method does nothing and returns None.
    """

    def __init__(
        self,
        clock: Clock | None = None,
        *,
        daily: dt.timedelta = dt.timedelta(days=1),
        changed: dt.timedelta = dt.timedelta(minutes=30),
        retention: Retention = DEFAULT_RETENTION,
    ) -> None:
        self.clock = clock
        self.daily = daily
        self.changed = changed
        self.retention = retention
        self._marker: tuple[int, ...] | None = None

    def _now(self, ctx: AppContext) -> dt.datetime:
        return (self.clock or ctx.clock)()

    def _newest(self, path: Path) -> dt.datetime | None:
        backups = list_backups(path)
        return backups[0].time if backups else None

    def take(self, ctx: AppContext, reason: str) -> Path | None:
        """Back up now (SQLite only), remember the state, and prune."""
        path = ctx.db.path
        if path is None:
            return None
        dest = take_backup(ctx, reason, now=self._now(ctx))
        self._marker = change_marker(ctx)
        prune_backups(path, self.retention)
        return dest

    def on_start(self, ctx: AppContext, reason: str = "start") -> Path | None:
        """Back up when the newest backup is older than a day (or there is none)."""
        path = ctx.db.path
        if path is None:
            return None
        newest = self._newest(path)
        if newest is not None and self._now(ctx) - newest < self.daily:
            self._marker = change_marker(ctx)
            return None
        return self.take(ctx, reason)

    maybe_backup = on_start

    def on_timer(self, ctx: AppContext) -> Path | None:
        """Back up when something changed and the newest backup is 30 minutes old."""
        path = ctx.db.path
        if path is None:
            return None
        current = change_marker(ctx)
        if self._marker is None:
            self._marker = current
            return None
        if current == self._marker:
            return None
        newest = self._newest(path)
        if newest is not None and self._now(ctx) - newest < self.changed:
            return None
        return self.take(ctx, "auto")

    def before(self, ctx: AppContext, reason: str) -> Path | None:
        """Back up before a risky operation (``before-import``, ``before-restore`` …)."""
        return self.take(ctx, reason)
