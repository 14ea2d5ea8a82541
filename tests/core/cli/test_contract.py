"""The command line is a contract: exit codes, Chinese messages, help, JSON lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandoffice.cli.main import build_parser, main
from brandoffice.listing import KINDS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_then_list_every_kind_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.sqlite3")
    assert run(capsys, "--db", db, "init")[0] == 0
    for kind in KINDS:
        code, out, _ = run(capsys, "--db", db, "list", kind, "--json")
        assert code == 0, kind
        assert json.loads(out) == [] or kind == "audit"


def test_list_json_has_names(demo_ctx: object, capsys: pytest.CaptureFixture[str]) -> None:
    db = demo_ctx.db.url  # type: ignore[attr-defined]
    for kind in (
        "orgs",
        "members",
        "brands",
        "campaigns",
        "phases",
        "tasks",
        "progress",
        "commendations",
        "pairings",
        "reviews",
    ):
        code, out, _ = run(capsys, "--db", db, "list", kind, "--json")
        items = json.loads(out)
        assert code == 0 and items, kind
        assert all(isinstance(i.get("name"), str) and i["name"] for i in items), kind
    members = json.loads(run(capsys, "--db", db, "list", "members", "--json")[1])
    assert all("*" in m["id_number"] for m in members if m["id_number"])


def test_bad_input_exits_2_with_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--db", str(tmp_path / "x.sqlite3"), "restore", str(tmp_path / "missing.sqlite3")
    )
    assert code == 2 and "找不到备份文件" in err
    with pytest.raises(SystemExit) as info:
        main(["list", "nonsense"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_every_subcommand_help_lists_its_choices(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, subparser in sub.choices.items():  # type: ignore[union-attr]
        text = "".join(subparser.format_help().split())  # help wraps long choice lists
        for action in subparser._actions:
            for choice in action.choices or []:
                assert str(choice) in text, (name, choice)


def test_backup_restore_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.sqlite3")
    assert run(capsys, "--db", db, "init")[0] == 0
    out_file = tmp_path / "copy.sqlite3"
    code, out, _ = run(capsys, "--db", db, "backup", "--out", str(out_file))
    assert code == 0 and out_file.exists() and "校验" in out
    code, out, _ = run(capsys, "--db", db, "restore", str(out_file))
    assert code == 0 and "已恢复" in out
    code, out, _ = run(capsys, "--db", db, "check")
    assert code == 0 and "检查通过" in out
