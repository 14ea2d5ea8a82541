"""Long work stops at a cancel: the database as it was, no file written, no part left."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brandoffice import backup as backup_module
from brandoffice.excel import import_kind
from brandoffice.maintenance import backup, check
from brandoffice.paths import backup_dir
from brandoffice.progress import Cancelled
from brandoffice.reports import common
from brandoffice.reports.bundle import write_bundle
from brandoffice.reports.common import ReportOptions
from brandoffice.reports.kinds import write_report
from brandoffice.services.context import AppContext
from tests.core.excel.excel_helpers import id_number, write_big_xlsx, write_xlsx


class CancelWhen:
    """A progress callback that raises Cancelled once ``when(done, total)`` holds."""

    def __init__(self, when: Callable[[int, int], bool]) -> None:
        self.when = when
        self.calls: list[tuple[int, int]] = []
        self.raised = False

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))
        if self.when(done, total):
            self.raised = True
            raise Cancelled


def fingerprint(ctx: AppContext) -> dict[str, str]:
    """Hash every row of every table, the audit log included but for its backups.

    An import or a repair first takes a verified backup and audits it: that entry
    stays after a cancel, as the backup file does; nothing else may.
    """
    assert ctx.db.path is not None
    con = sqlite3.connect(ctx.db.path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        where = {"audit_log": " WHERE action != '备份'"}
        return {
            t: hashlib.sha256(
                repr(
                    con.execute(f'SELECT * FROM "{t}"{where.get(t, "")} ORDER BY rowid').fetchall()
                ).encode()
            ).hexdigest()
            for t in tables
        }
    finally:
        con.close()


def _audited(ctx: AppContext, action: str) -> int:
    assert ctx.db.path is not None
    con = sqlite3.connect(ctx.db.path)
    try:
        return int(
            con.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)).fetchone()[0]
        )
    finally:
        con.close()


def files_in(*folders: Path) -> set[Path]:
    """Every file under the folders."""
    return {p for f in folders if f.exists() for p in f.rglob("*") if p.is_file()}


def _without_log(files: set[Path]) -> set[Path]:
    return {p for p in files if not p.name.endswith(("-wal", "-shm", ".lock"))}


def test_cancelled_member_import_leaves_the_database_as_it_was(
    ctx: AppContext, tmp_path: Path
) -> None:
    units = [(f"第{i}社区党委", "幸福街道党工委") for i in range(1, 21)]
    orgs = write_xlsx(
        tmp_path / "orgs.xlsx", ["组织名称", "上级组织"], [("幸福街道党工委", None), *units]
    )
    import_kind(ctx, "orgs", orgs)
    rows = [
        (
            f"党员{i}",
            f"第{i % 20 + 1}社区党委",
            id_number(i % 1000, dt.date(1980, 1, 1) + dt.timedelta(days=i // 1000)),
            dt.date(2001, 7, 1),
        )
        for i in range(3000)
    ]
    members = write_big_xlsx(
        tmp_path / "members.xlsx", "党员", ("姓名", "所属组织", "身份证号", "入党日期"), rows
    )
    before = fingerprint(ctx)
    for stage in (1, 2):  # while checking the cells, then while writing the rows
        cancel = CancelWhen(lambda done, total, k=stage: done > k * total // 3)
        with pytest.raises(Cancelled):
            import_kind(ctx, "members", members, progress=cancel)
        assert cancel.raised
        assert fingerprint(ctx) == before
    summary = import_kind(ctx, "members", members)  # the same file still imports whole
    assert summary.inserted == 3000


def test_cancelled_report_writes_no_file(demo_ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "out" / "进展.docx"
    out.parent.mkdir()
    before = fingerprint(demo_ctx)
    cancel = CancelWhen(lambda done, total: done > total // 2)
    with pytest.raises(Cancelled):
        write_report(demo_ctx, "progress", out, ReportOptions(), cancel)
    assert cancel.raised
    assert files_in(out.parent) == set()
    assert fingerprint(demo_ctx) == before  # not even the audit entry


def test_cancelled_bundle_leaves_no_zip_or_part(demo_ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "out" / "材料包.zip"
    out.parent.mkdir()
    before = fingerprint(demo_ctx)
    cancel = CancelWhen(lambda done, total: done > total // 2)
    with pytest.raises(Cancelled):
        write_bundle(demo_ctx, out, year=2026, progress=cancel)
    assert cancel.raised
    assert files_in(out.parent) == set()
    after = fingerprint(demo_ctx)
    # The reports and lists already put in the (discarded) zip keep their own audit
    # entries; the bundle's own entry is not written.
    assert {t: h for t, h in after.items() if t != "audit_log"} == {
        t: h for t, h in before.items() if t != "audit_log"
    }
    assert not _audited(demo_ctx, "生成报送材料包")


def test_cancelled_backup_leaves_no_file(
    demo_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_module, "STEP_PAGES", 4)  # the demo is small: many steps
    assert demo_ctx.db.path is not None
    folder = backup_dir(demo_ctx.db.path)
    around = _without_log(files_in(folder, demo_ctx.db.path.parent))
    before = fingerprint(demo_ctx)
    cancel = CancelWhen(lambda done, total: done > total // 2)
    with pytest.raises(Cancelled):
        backup(demo_ctx, progress=cancel)
    assert cancel.raised and len(cancel.calls) > 2
    assert _without_log(files_in(folder, demo_ctx.db.path.parent)) == around
    assert fingerprint(demo_ctx) == before
    chosen = tmp_path / "手动备份.sqlite3"
    with pytest.raises(Cancelled):
        backup(demo_ctx, chosen, progress=CancelWhen(lambda done, total: done > 0))
    assert not chosen.exists() and not list(tmp_path.glob("*.part"))
    done: list[tuple[int, int]] = []
    kept = backup(demo_ctx, progress=lambda d, t: done.append((d, t)))  # uncancelled: whole
    assert kept.exists() and done[-1][0] == done[-1][1]


def test_cancelled_check_and_repair_change_nothing(demo_ctx: AppContext) -> None:
    assert demo_ctx.db.path is not None
    con = sqlite3.connect(demo_ctx.db.path)
    con.execute("DELETE FROM task_progress WHERE id = (SELECT min(id) FROM task_progress)")
    con.commit()
    con.close()
    before = fingerprint(demo_ctx)
    cancel = CancelWhen(lambda done, total: done >= 3)
    with pytest.raises(Cancelled):
        check(demo_ctx, progress=cancel)
    assert cancel.raised
    assert fingerprint(demo_ctx) == before
    # Cancelled inside the repair's transaction, after its backup: rolled back.
    last = CancelWhen(lambda done, total: done == total - 1)
    with pytest.raises(Cancelled):
        check(demo_ctx, repair=True, progress=last)
    assert last.raised
    assert fingerprint(demo_ctx) == before
    assert check(demo_ctx).repairable == 1
    repaired = check(demo_ctx, repair=True, progress=lambda d, t: None)
    assert repaired.repaired and fingerprint(demo_ctx) != before


@pytest.mark.parametrize("kind", ["progress", "orgs", "directory"])
def test_a_cancel_after_the_last_row_still_saves_no_report(
    demo_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """取消 pressed once the whole document is laid out: it is neither saved nor audited."""
    out = tmp_path / "out" / "报告.docx"
    out.parent.mkdir()
    before = fingerprint(demo_ctx)
    laid_out: list[bool] = []
    properties = common.set_properties  # the last step before saving

    def set_properties(*args: Any, **kwargs: Any) -> None:
        laid_out.append(True)
        properties(*args, **kwargs)

    def late(done: int, total: int) -> None:
        if laid_out:
            raise Cancelled

    monkeypatch.setattr(common, "set_properties", set_properties)
    with pytest.raises(Cancelled):
        write_report(demo_ctx, kind, out, ReportOptions(), late)
    assert laid_out
    assert files_in(out.parent) == set()
    assert fingerprint(demo_ctx) == before
