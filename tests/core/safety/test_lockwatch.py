"""The window's watch over its SQLite file: deleted logs and lost locks are noticed and saved."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from brandoffice.backup import integrity_ok
from brandoffice.safety import lockwatch
from brandoffice.safety.lockwatch import (
    LOCK_LOST,
    LOG_DELETED,
    DatabaseFilesLostError,
    FileWatch,
    emergency_backup,
)
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from tests.databases import audit_names

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc and POSIX locks"
)


def _write(ctx: AppContext, name: str) -> None:
    with ctx.db.write.begin() as s:
        audit.record(s, ctx, "测试", object_name=name)


@pytest.fixture
def watched(ctx: AppContext, db_path: Path) -> FileWatch:
    watch = FileWatch(db_path)
    ctx.db.on_engine(watch.guard)
    _write(ctx, "before")
    return watch


def test_all_well_while_sqlite_alone_opens_the_file(ctx: AppContext, watched: FileWatch) -> None:
    assert watched.check() is None
    _write(ctx, "more")  # the guard lets writes through
    assert watched.check() is None


def test_deleted_log_is_noticed_and_the_live_connection_saves_everything(
    ctx: AppContext, watched: FileWatch, db_path: Path
) -> None:
    _write(ctx, "only-in-the-log")
    for suffix in ("-wal", "-shm"):
        os.unlink(db_path.with_name(db_path.name + suffix))
    assert watched.check() == LOG_DELETED
    with pytest.raises(DatabaseFilesLostError, match="重新打开"):
        _write(ctx, "refused")
    saved = emergency_backup(ctx.db)
    assert saved.name.endswith("-emergency.sqlite3")
    assert integrity_ok(saved)
    assert "only-in-the-log" in audit_names(saved)
    assert "refused" not in audit_names(saved)


def test_lost_lock_is_noticed(ctx: AppContext, watched: FileWatch, db_path: Path) -> None:
    with open(db_path, "rb") as fh:
        fh.read(16)
    assert watched.check() == LOCK_LOST
    with pytest.raises(DatabaseFilesLostError):
        _write(ctx, "refused")
    assert watched.check() == LOCK_LOST  # stays broken: no write until a restart


def test_reads_are_not_refused(ctx: AppContext, watched: FileWatch, db_path: Path) -> None:
    with open(db_path.with_name(db_path.name + "-shm"), "rb") as fh:
        fh.read(16)
    with ctx.db.read() as s:  # BEGIN DEFERRED: no check, the clerk can still look
        assert s.connection().exec_driver_sql("SELECT count(*) FROM audit_log").scalar()
    assert watched.check() == LOCK_LOST


def test_off_linux_the_check_answers_none(
    monkeypatch: pytest.MonkeyPatch, watched: FileWatch, db_path: Path
) -> None:
    monkeypatch.setattr(lockwatch.sys, "platform", "win32")
    os.unlink(db_path.with_name(db_path.name + "-wal"))
    assert lockwatch.files_problem(db_path) is None
