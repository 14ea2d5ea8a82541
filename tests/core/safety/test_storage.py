"""Disk full, read-only, locked and network-share databases: clear messages, data intact."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm.exc import StaleDataError

from brandoffice.app import open_context
from brandoffice.db import engine as engine_module
from brandoffice.errors import StaleEditError, StorageError
from brandoffice.safety.storage import (
    DatabaseBusyError,
    DiskFullError,
    ReadOnlyStorageError,
    explain_db_error,
    is_unc_path,
    mount_fstype,
    network_share_warning,
    storage_error_of,
    storage_guard,
)
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock


def _draft(name: str) -> OrgDraft:
    return OrgDraft(name=name, kind="党工委", level="街道乡镇", note="备注" * 200)


def test_disk_full_is_a_clear_error_and_committed_data_stays(ctx: AppContext) -> None:
    with ctx.db.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    @event.listens_for(ctx.db.engine, "connect")
    def _limit(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 8}")

    ctx.db.engine.dispose()
    service = OrgService(ctx)
    created: list[int] = []
    with pytest.raises(DiskFullError, match="磁盘空间已满") as caught:
        for i in range(500):  # no guard: the context's engine translates storage errors
            created.append(service.create(_draft(f"第{i}街道党工委")).id)
    assert "没有保存" in str(caught.value)
    assert 0 < len(created) < 500
    ctx.db.dispose()
    fresh = open_context(str(ctx.db.path))
    assert [r.id for r in OrgService(fresh).all_rows()] == created
    with fresh.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    fresh.db.dispose()


def test_read_only_open_refuses_writes_with_a_message(db_path: Path, clock: FakeClock) -> None:
    writer = open_context(str(db_path), clock=clock)
    OrgService(writer).create(_draft("幸福街道党工委"))
    reader = open_context(str(db_path), clock=clock, read_only=True)
    assert [r.name for r in OrgService(reader).all_rows()] == ["幸福街道党工委"]
    with pytest.raises(ReadOnlyStorageError, match="只读"):
        OrgService(reader).create(_draft("和平街道党工委"))
    # the read-only instance never holds the write lock the other instance needs
    with reader.db.read() as s:
        s.execute(text("SELECT count(*) FROM organisations")).scalar()
        OrgService(writer).create(_draft("和平街道党工委"))
    assert len(OrgService(reader).all_rows()) == 2
    reader.db.dispose()
    writer.db.dispose()


def test_a_write_protected_file_opened_with_mode_ro_gives_the_read_only_message(
    ctx: AppContext,
) -> None:
    path = ctx.db.path
    assert path is not None
    con = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        con.execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")
    con.close()
    assert isinstance(explain_db_error(caught.value), ReadOnlyStorageError)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="root ignores file permissions; covered by the mode=ro and query_only cases",
)
def test_read_only_folder(tmp_path: Path) -> None:  # pragma: no cover - runs as non-root only
    path = tmp_path / "ro" / "db.sqlite3"
    ctx = open_context(str(path))
    ctx.db.dispose()
    os.chmod(path, 0o444)
    os.chmod(path.parent, 0o555)
    try:
        with pytest.raises(StorageError, match=r"只读|不能写入|无法打开"):
            again = open_context(str(path))
            with storage_guard():
                OrgService(again).create(_draft("幸福街道党工委"))
    finally:
        os.chmod(path.parent, 0o755)
        os.chmod(path, 0o644)


def test_a_database_locked_beyond_the_timeout_is_busy(
    db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    ctx = open_context(str(db_path), clock=clock)
    OrgService(ctx).create(_draft("幸福街道党工委"))
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError, match="另一个程序占用"), storage_guard():
            OrgService(ctx).create(_draft("和平街道党工委"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [r.name for r in OrgService(ctx).all_rows()] == ["幸福街道党工委"]
    ctx.db.dispose()


def test_a_stale_flush_becomes_a_stale_edit() -> None:
    with pytest.raises(StaleEditError, match="已被他人修改"), storage_guard():
        raise StaleDataError("UPDATE statement on table expected to update 1 row(s); 0 matched")


def test_bugs_are_not_disguised_as_storage_errors() -> None:
    with pytest.raises(sqlite3.OperationalError), storage_guard():
        raise sqlite3.OperationalError("no such table: nowhere")
    assert storage_error_of(ValueError("x")) is None


def test_os_errors_and_server_states_are_recognised() -> None:
    import errno

    assert isinstance(storage_error_of(OSError(errno.ENOSPC, "full")), DiskFullError)
    assert isinstance(storage_error_of(OSError(errno.EROFS, "ro")), ReadOnlyStorageError)

    class PgError(Exception):
        sqlstate = "53100"

    found = storage_error_of(PgError())
    assert isinstance(found, DiskFullError) and "服务器" in str(found)


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/office nfs4 rw,relatime 0 0
//nas/share /mnt/my\\040share cifs rw 0 0
tmpfs /mnt/office/local tmpfs rw 0 0
"""


def test_network_shares_are_detected() -> None:
    assert mount_fstype(Path("/mnt/office/a/b.sqlite3"), MOUNTS) == "nfs4"
    assert mount_fstype(Path("/mnt/my share/b.sqlite3"), MOUNTS) == "cifs"
    assert mount_fstype(Path("/mnt/office/local/b.sqlite3"), MOUNTS) == "tmpfs"
    assert mount_fstype(Path("/mnt/officer/b.sqlite3"), MOUNTS) == "ext4"
    assert is_unc_path(r"\\server\share\brandoffice.sqlite3")
    assert not is_unc_path(r"C:\Users\clerk\brandoffice.sqlite3")
    assert not is_unc_path(r"\\?\C:\long\path.sqlite3")
    warning = network_share_warning(Path(r"\\server\share\db.sqlite3"))
    assert warning is not None and "PostgreSQL" in warning and "UNC" in warning


def test_a_local_database_gets_no_network_warning(db_path: Path) -> None:
    assert network_share_warning(db_path, mounts="/dev/vda / ext4 rw 0 0\n") is None
    assert network_share_warning(None) is None
