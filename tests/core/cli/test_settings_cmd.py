"""``brandoffice settings show|set``: the office's identity, checked, audited, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from brandoffice.app import open_context
from brandoffice.backup import copy_database
from brandoffice.cli.main import main
from brandoffice.model import AuditEntry
from brandoffice.office import OfficeIdentity, OfficeKind
from brandoffice.safety.auditchain import first_break
from brandoffice.services.settings import office_identity


@pytest.fixture
def db(empty_template: Path, tmp_path: Path) -> str:
    """A copy of the migrated empty database, ``init`` run on it."""
    path = str(copy_database(empty_template, tmp_path / "office.sqlite3"))
    assert main(["--db", path, "init"]) == 0
    return path


def identity(db: str) -> OfficeIdentity:
    ctx = open_context(db)
    try:
        return office_identity(ctx)
    finally:
        ctx.db.dispose()


def test_a_fresh_database_has_no_office_and_says_how_to_set_it(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--db", db, "settings", "show"]) == 0
    out, err = capsys.readouterr()
    assert "单位名称：（未设置）" in out and "幸福" not in out
    assert "brandoffice settings set" in err
    assert main(["--db", db, "settings", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["is_set"] is False and shown["signer"] == "（未设置发文机关）"


def test_set_a_town_then_change_only_the_issuer(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", db, "settings", "set", "--kind", "镇", "--name", " 青山镇 "]
    assert main([*args, "--contact", "党建办 张明 0431-1234567"]) == 0
    assert identity(db) == OfficeIdentity(OfficeKind.TOWN, "青山镇", "", "党建办 张明 0431-1234567")
    assert main(["--db", db, "settings", "set", "--issuer", "中共青山镇委员会"]) == 0
    assert identity(db).signer == "中共青山镇委员会" and identity(db).name == "青山镇"
    capsys.readouterr()
    assert main(["--db", db, "settings", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["kind"], shown["committee"], shown["section"]) == ("镇", "镇党委", "镇党委组织办")
    ctx = open_context(db)
    try:
        with ctx.db.read() as s:
            assert first_break(s) is None
            actions = list(s.scalars(select(AuditEntry.action)))
    finally:
        ctx.db.dispose()
    assert actions.count("修改本单位信息") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "县", "--name", "青山县"], "单位类别“县”无效，可选：街道、镇、乡、区"),
        (["--name", "青" * 31], "单位名称不能超过30个字"),
        (["--issuer", "青山镇党委"], "请填写单位名称"),
        ([], "请至少给出一项要修改的内容"),
    ],
)
def test_bad_input_exits_2_in_chinese_and_changes_nothing(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    capsys.readouterr()
    assert main(["--db", db, "settings", "set", *args]) == 2
    assert message in capsys.readouterr().err
    assert identity(db) == OfficeIdentity()


def test_help_lists_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["settings", "set", "--help"])
    assert exited.value.code == 0
    assert "街道、镇、乡、区" in capsys.readouterr().out


def test_report_on_an_unnamed_office_tells_the_clerk_to_set_it_first(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--db", db, "report", "orgs", "--out", str(tmp_path / "o.docx")]) == 0
    assert "请先设置本单位信息" in capsys.readouterr().err
    assert main(["--db", db, "settings", "set", "--kind", "街道", "--name", "和平街道"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "report", "orgs", "--out", str(tmp_path / "o.docx")]) == 0
    assert "本单位信息" not in capsys.readouterr().err
