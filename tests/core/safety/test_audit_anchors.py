"""Anchors of the audit log in backups, bundles and Excel exports; ``check --against FILE``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from brandoffice.cli.main import main
from brandoffice.excel.exporter import export_kind
from brandoffice.reports.bundle import write_bundle
from brandoffice.safety.auditcopies import read_anchor
from brandoffice.safety.auditlog import export_audit, query_audit
from brandoffice.safety.backups import take_backup
from brandoffice.services.brand_view import BrandFilter, export_view
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService


def _add_units(ctx: AppContext, n: int) -> None:
    for i in range(n):
        OrgService(ctx).create(OrgDraft(name=f"第{i}党支部", kind="党支部", level="村社区"))


def _against(capsys: pytest.CaptureFixture[str], db: Path, file: Path) -> tuple[int, str]:
    code = main(["--db", str(db), "check", "--against", str(file)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _files(ctx: AppContext, folder: Path) -> list[Path]:
    """A backup, a bundle and three kinds of Excel export, written now."""
    return [
        take_backup(ctx, "manual", out=folder / "备份.sqlite3"),
        write_bundle(ctx, folder / "材料包.zip", year=2026),
        _excel(ctx, folder),
        _view(ctx, folder),
        _log(ctx, folder),
    ]


def _excel(ctx: AppContext, folder: Path) -> Path:
    export_kind(ctx, "orgs", folder / "组织.xlsx")
    return folder / "组织.xlsx"


def _view(ctx: AppContext, folder: Path) -> Path:
    export_view(ctx, BrandFilter(), folder / "品牌.xlsx")
    return folder / "品牌.xlsx"


def _log(ctx: AppContext, folder: Path) -> Path:
    export_audit(ctx, folder / "审计日志.xlsx")
    return folder / "审计日志.xlsx"


def test_every_file_carries_the_newest_entry_and_agrees(
    ctx: AppContext, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_units(ctx, 3)
    for file in _files(ctx, tmp_path):
        anchor = read_anchor(file)
        assert anchor is not None, file.name
        assert anchor.id >= 3 and anchor.seq == anchor.id, file.name
        code, text = _against(capsys, db_path, file)
        assert code == 0 and "一致" in text, (file.name, text)


def test_entries_deleted_after_a_file_was_written_are_found(
    ctx: AppContext, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_units(ctx, 2)
    files = _files(ctx, tmp_path)
    newest = query_audit(ctx, limit=1)[0].id
    ctx.db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("DELETE FROM audit_log WHERE id >= 2")  # from the backup's newest on
    con.commit()
    con.close()
    assert newest > 2
    for file in files:
        code, text = _against(capsys, db_path, file)
        assert code == 1, (file.name, text)
        assert "审计日志被篡改（删除最新的条目）" in text and "没有这一条" in text, text


def test_an_edited_anchor_and_a_file_without_one(
    ctx: AppContext, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_units(ctx, 2)
    backup = take_backup(ctx, "manual", out=tmp_path / "备份.sqlite3")
    con = sqlite3.connect(backup)
    value = con.execute("SELECT value FROM settings WHERE key = 'audit_backup_anchor'").fetchone()
    con.execute(
        "UPDATE settings SET value = ? WHERE key = 'audit_backup_anchor'",
        (value[0].replace('"id": 2', '"id": 1'),),
    )
    con.commit()
    con.close()
    code, text = _against(capsys, db_path, backup)
    assert code == 1 and "锚点签名不符，文件被改动过" in text, text
    plain = tmp_path / "别的.xlsx"
    from openpyxl import Workbook

    Workbook().save(plain)
    code, text = _against(capsys, db_path, plain)
    assert code == 2 and "文件中没有审计日志锚点" in text, text
