"""``brandoffice packet export|import|undo`` from empty databases: masking, preview, exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.model import AuditEntry
from tests.core.packet.packet_helpers import ID_NUMBER, small_street


def _audit_actions(db: str) -> list[str]:
    ctx = open_context(db)
    with ctx.db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action)))
    ctx.db.dispose()
    return actions


def test_export_masks_id_numbers_unless_full_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_street(tmp_path / "street.sqlite3")
    out = tmp_path / "up.bopkt"
    assert main(["--db", db, "packet", "export", "--out", str(out)]) == 0
    assert "单位：2 条" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        members = json.loads(archive.read("records/members.json"))
        manifest = json.loads(archive.read("manifest.json"))
    assert members[0]["id_number"] is None and ID_NUMBER not in out.read_bytes().decode("latin-1")
    assert manifest["office"]["name"] == "和平街道" and manifest["counts"]["orgs"] == 2
    assert len(manifest["office"]["uid"]) == 36 and manifest["sequence"] == 1
    full = tmp_path / "full.bopkt"
    assert main(["--db", db, "packet", "export", "--out", str(full), "--full-id"]) == 0
    assert "完整身份证号" in capsys.readouterr().err
    with zipfile.ZipFile(full) as archive:
        assert json.loads(archive.read("records/members.json"))[0]["id_number"] == ID_NUMBER
    assert "导出数据包（含完整身份证号）" in _audit_actions(db)
    assert not list(tmp_path.glob(".*.part"))


def test_import_previews_imports_and_undoes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    street = small_street(tmp_path / "street.sqlite3")
    packet = tmp_path / "up.bopkt"
    assert main(["--db", street, "packet", "export", "--out", str(packet)]) == 0
    district = str(tmp_path / "district.sqlite3")
    assert main(["--db", district, "init"]) == 0
    capsys.readouterr()
    assert main(["--db", district, "packet", "import", str(packet), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "单位：新增 2" in out and "未写入" in out
    assert main(["--db", district, "list", "orgs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", district, "packet", "import", str(packet)]) == 0
    assert "已导入" in capsys.readouterr().out
    assert main(["--db", district, "packet", "import", str(packet)]) == 0
    assert "已导入过" in capsys.readouterr().out
    assert main(["--db", district, "packet", "undo"]) == 0
    assert "已撤销" in capsys.readouterr().out
    assert main(["--db", district, "list", "orgs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", district, "packet", "undo"]) == 2
    assert "没有可以撤销" in capsys.readouterr().err


def test_bad_packets_and_arguments_exit_2_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    street = small_street(tmp_path / "street.sqlite3")
    packet = tmp_path / "up.bopkt"
    assert main(["--db", street, "packet", "export", "--out", str(packet)]) == 0
    cut = tmp_path / "cut.bopkt"
    cut.write_bytes(packet.read_bytes()[:-40])
    district = str(tmp_path / "district.sqlite3")
    assert main(["--db", district, "init"]) == 0
    capsys.readouterr()
    assert main(["--db", district, "packet", "import", str(cut)]) == 2
    assert "已拒绝导入" in capsys.readouterr().err
    assert main(["--db", street, "packet", "import", str(packet)]) == 2
    assert "本单位自己生成" in capsys.readouterr().err
    assert main(["--db", district, "packet", "export", "--down", "--out", "x.bopkt"]) == 2
    assert "--office" in capsys.readouterr().err
    assert main(["--db", district, "packet", "export", "--out", str(tmp_path / "d.bopkt")]) == 2
    assert "尚未设置本单位名称" in capsys.readouterr().err
    assert main(["--db", district, "settings", "set", "--name", "西安区"]) == 0
    down = ["--db", district, "packet", "export", "--down", "--office", "和平街道"]
    assert main([*down, "--out", str(tmp_path / "d.bopkt")]) == 2
    assert "没有收到过“和平街道”报送的数据包" in capsys.readouterr().err
