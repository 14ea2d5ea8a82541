"""``brandoffice report KIND`` for every kind, and ``brandoffice bundle``."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from brandoffice.cli.main import ChineseParser, build_parser, main
from brandoffice.cli.report_cmd import REPORT_KINDS, register_bundle
from brandoffice.services.context import AppContext
from tests.core.reports import docx_checks as dc


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_lists_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    text = sub.choices["report"].format_help()  # type: ignore[index]
    for kind in ("form", "progress", "directory", "review", "inspection", "honours", "orgs"):
        assert kind in REPORT_KINDS and kind in text
    assert "进展情况报告" in text and "--reveal" in text


def test_cli_writes_every_kind(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_ctx.db.url
    extra = {
        "progress": ["--campaign", "2026年“党情暖万家”党建品牌创建活动"],
        "review": ["--round", "2025年度“五个好”基层党组织评定"],
        "inspection": ["--year", "2025"],
        "honours": ["--year", "2025"],
        "form": ["--brand", "幸福驿站"],
    }
    for kind in REPORT_KINDS:
        out = tmp_path / f"{kind}.docx"
        code, stdout, err = run(
            capsys, "--db", db, "report", kind, "--out", str(out), *extra.get(kind, [])
        )
        assert code == 0, (kind, err)
        assert out.stat().st_size > 5000 and "已生成" in stdout, kind
        if kind != "form":
            dc.check_geometry(out)
    assert "五个好" in dc.body_text(tmp_path / "review.docx")


def test_cli_reveal_counts_levels(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_ctx.db.url
    once, twice = tmp_path / "once.docx", tmp_path / "twice.docx"
    assert run(capsys, "--db", db, "report", "honours", "--out", str(once), "--reveal")[0] == 0
    assert (
        run(capsys, "--db", db, "report", "honours", "--out", str(twice), "--reveal", "--reveal")[0]
        == 0
    )
    assert dc.personal_numbers(once) == ([], []) and dc.MASKED_ID.search(dc.xml_text(once))
    assert dc.personal_numbers(twice)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["progress", "--campaign", "不存在的活动"], "找不到创建活动"),
        (["review", "--round", "不存在的评审"], "找不到评审"),
        (["orgs"], "输出文件应以 .docx 结尾"),
    ],
)
def test_cli_errors_exit_2_in_chinese(
    demo_ctx: AppContext,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / ("r.txt" if args == ["orgs"] else "r.docx")
    code, _, err = run(
        capsys, "--db", demo_ctx.db.url, "report", args[0], "--out", str(out), *args[1:]
    )
    assert code == 2 and message in err
    assert not out.exists()


def test_bundle_command(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = ChineseParser(prog="brandoffice")
    parser.add_argument("--db")
    register_bundle(parser.add_subparsers(dest="command", parser_class=ChineseParser))
    out = tmp_path / "材料包.zip"
    args = parser.parse_args(
        ["--db", demo_ctx.db.url, "bundle", "--out", str(out), "--year", "2025"]
    )
    assert args.handler(args) == 0
    assert "已生成报送材料包" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert "目录.txt" in names and any(n.startswith("01-报告/表彰名单") for n in names)
    assert parser.format_help() and "bundle" in parser.format_help()
