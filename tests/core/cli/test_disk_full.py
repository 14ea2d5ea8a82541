"""A full disk gets a Chinese message from every command that writes a file, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.backup import copy_database
from brandoffice.errors import StorageError
from brandoffice.filesave import save_file
from brandoffice.safety.storage import DiskFullError
from tests.ui.conftest import build_street

ROOT = Path(__file__).resolve().parents[3]
HELPER = Path(__file__).with_name("full_disk.py")


@pytest.fixture
def street_db(empty_template: Path, db_path: Path) -> Path:
    ctx = open_context(str(copy_database(empty_template, db_path)))
    build_street(ctx)
    ctx.db.dispose()
    return db_path


@pytest.mark.parametrize(
    "args",
    [
        ("export", "members", "{out}/名册.xlsx"),
        ("template", "members", "{out}/模板.xlsx"),
        ("report", "orgs", "--out", "{out}/组织.docx"),
        ("audit", "{out}/审计.xlsx"),
        ("bundle", "--out", "{out}/材料包.zip"),
    ],
)
def test_full_disk_gives_a_chinese_message(
    street_db: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    out = tmp_path / "full"
    out.mkdir()
    argv = [a.format(out=out) for a in args]
    done = subprocess.run(
        [sys.executable, str(HELPER), str(out), "--db", str(street_db), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert "磁盘空间已满" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert list(out.iterdir()) == []  # nothing half-written left behind


def test_save_file_turns_enospc_into_disk_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(DiskFullError, match=r"磁盘空间已满，无法保存“x\.xlsx”"):
        save_file(lambda fh: fh.write(b"data"), tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_save_file_names_a_file_open_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(_a: object, _b: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(StorageError, match="Word 或 WPS"):
        save_file(lambda fh: fh.write(b"data"), tmp_path / "x.docx", opened_by="Word 或 WPS")
