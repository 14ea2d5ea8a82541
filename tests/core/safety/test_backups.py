"""Verified backups, restore, and a damaged database found on start."""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.errors import SchemaTooNewError, StorageError
from brandoffice.maintenance import backup, restore
from brandoffice.paths import backup_dir
from brandoffice.safety.backups import find_newest_good_backup, list_backups
from brandoffice.safety.corruption import recover_from_backup
from brandoffice.safety.storage import CorruptDatabaseError
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[3]


def _org(ctx: AppContext, name: str) -> int:
    return OrgService(ctx).create(OrgDraft(name=name, kind="党工委", level="街道乡镇")).id


def _names(ctx: AppContext) -> list[str]:
    return [r.name for r in OrgService(ctx).all_rows()]


def test_restore_backs_up_the_current_state_first(
    ctx: AppContext, clock: FakeClock, db_path: Path
) -> None:
    _org(ctx, "幸福街道党工委")
    first = backup(ctx)
    clock.advance(minutes=1)
    _org(ctx, "和平街道党工委")
    clock.advance(minutes=1)
    safety = restore(ctx, first)
    assert _names(ctx) == ["幸福街道党工委"]
    assert "before-restore" in safety.name
    assert [b.reason for b in list_backups(db_path)] == ["before-restore", "manual"]
    with sqlite3.connect(safety) as con:
        assert con.execute("SELECT count(*) FROM organisations").fetchone() == (2,)


def test_restore_refuses_damaged_or_newer_backups(ctx: AppContext, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StorageError, match="已损坏或不是数据库"):
        restore(ctx, junk)
    newer = backup(ctx, tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        restore(ctx, newer)


def test_corrupt_database_is_moved_aside_and_the_newest_good_backup_offered(
    db_path: Path, clock: FakeClock
) -> None:
    ctx = open_context(str(db_path), clock=clock)
    for i in range(30):
        _org(ctx, f"第{i}街道党工委")
    clock.advance(hours=1)
    good = backup(ctx)
    clock.advance(hours=1)
    bad = backup_dir(db_path) / "brandoffice-20990101-000000-000000-auto.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)  # newer but damaged
    ctx.db.dispose()
    size = db_path.stat().st_size
    with db_path.open("r+b") as fh:  # damage pages after the first
        fh.seek(4096 * 2)
        fh.write(b"\xa5" * min(4096 * 4, size - 4096 * 2))
    with pytest.raises(CorruptDatabaseError) as caught:
        open_context(str(db_path), clock=clock)
    err = caught.value
    assert err.backup == good
    assert err.moved_to is not None and err.moved_to.exists()
    assert ".corrupt-20260520-" in err.moved_to.name
    assert not db_path.exists()
    assert "可从该备份恢复" in str(err)
    assert find_newest_good_backup(db_path).path == good  # type: ignore[union-attr]
    recover_from_backup(db_path, good)
    again = open_context(str(db_path), clock=clock)
    assert len(_names(again)) == 30
    again.db.dispose()


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(CorruptDatabaseError, match="不是 BrandOffice 数据库") as caught:
        open_context(str(path))
    assert caught.value.moved_to is None and path.exists()
    assert main(["--db", str(path), "list", "orgs"]) == 2
    assert "不是 BrandOffice 数据库" in capsys.readouterr().err


def test_cli_prints_how_to_restore_a_damaged_database(
    db_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = open_context(str(db_path), clock=clock)
    _org(ctx, "幸福街道党工委")
    good = backup(ctx)
    ctx.db.dispose()
    with db_path.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00" * 3000)
    assert main(["--db", str(db_path), "list", "orgs"]) == 2
    err = capsys.readouterr().err
    assert "数据库文件已损坏" in err and f'restore "{good}"' in err
    assert main(["--db", str(db_path), "restore", str(good)]) == 0
    assert main(["--db", str(db_path), "list", "orgs", "--json"]) == 0
    assert "幸福街道党工委" in capsys.readouterr().out


def test_backup_list_on_the_command_line(
    ctx: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup(ctx, reason="before-import")
    assert main(["--db", str(db_path), "backup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "共 1 个" in out and "导入前自动备份" in out


def test_a_backup_failing_on_a_full_disk_leaves_no_file(ctx: AppContext, db_path: Path) -> None:
    """RLIMIT_FSIZE makes every write past 64 KiB fail with EFBIG, like a full disk."""
    for i in range(40):
        _org(ctx, f"第{i}街道党工委——一个名字较长的基层党组织")
    ctx.db.dispose()
    dest = db_path.parent / "backups" / "x.sqlite3"
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
        from pathlib import Path
        from brandoffice.backup import copy_database
        from brandoffice.errors import StorageError
        try:
            copy_database(Path({str(db_path)!r}), Path({str(dest)!r}))
        except StorageError as exc:
            print(type(exc).__name__, exc)
            sys.exit(0)
        sys.exit(3)
        """
    )
    assert db_path.stat().st_size > 64 * 1024
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "Error 备份失败：" in out.stdout and "没有留下不完整的备份文件" in out.stdout
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == []
    reopened = open_context(str(db_path))
    assert len(_names(reopened)) == 40
    reopened.db.dispose()


def _unshare_works() -> bool:
    if sys.platform != "linux" or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10)
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs a private mount namespace (unshare -m)")
def test_a_backup_to_a_full_tmpfs_says_disk_full_and_leaves_no_file(
    ctx: AppContext, db_path: Path, tmp_path: Path
) -> None:
    for i in range(40):
        _org(ctx, f"第{i}街道党工委——一个名字较长的基层党组织")
    ctx.db.dispose()
    mnt = tmp_path / "small"
    mnt.mkdir()
    script = (
        "import sys; from pathlib import Path; from brandoffice.backup import copy_database\n"
        "try:\n"
        f"    copy_database(Path({str(db_path)!r}), Path({str(mnt)!r}) / 'b.sqlite3')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
        "import os; print(os.listdir(sys.argv[1]))\n"
    )
    shell = (
        f"mount -t tmpfs -o size=48k tmpfs {shlex.quote(str(mnt))} && "
        f"{shlex.quote(sys.executable)} -c {shlex.quote(script)} {shlex.quote(str(mnt))}"
    )
    out = subprocess.run(
        ["unshare", "-m", "sh", "-c", shell], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    if "mount:" in out.stderr:
        pytest.skip(f"tmpfs cannot be mounted here: {out.stderr.strip()}")
    assert out.stdout.splitlines() == [
        "DiskFullError 备份失败：磁盘空间已满。请清理磁盘，或把备份存到别的磁盘后重试。"
        "数据库没有改动，也没有留下不完整的备份文件（b.sqlite3）。",
        "[]",
    ], out.stderr


def test_backup_of_a_server_database_names_the_server_tools() -> None:
    from brandoffice.safety.backups import require_file

    class Server:
        path = None

    with pytest.raises(StorageError, match="pg_dump"):
        require_file(AppContext(db=Server()))  # type: ignore[arg-type]


def test_backup_names_carry_time_and_reason(ctx: AppContext, db_path: Path) -> None:
    path = backup(ctx, reason="before-import")
    (info,) = list_backups(db_path)
    assert info.path == path
    assert info.time == dt.datetime(2026, 5, 20, 9, 0)
    assert info.reason == "before-import" and info.size == path.stat().st_size
