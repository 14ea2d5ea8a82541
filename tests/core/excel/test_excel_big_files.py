"""Big bad files: memory stays bounded, the first 200 problems are listed and the rest counted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from brandoffice.cli.main import main
from brandoffice.errors import ImportRejected, KnownError
from brandoffice.excel import import_kind, reader
from brandoffice.excel.sheetscan import scan_sheet
from brandoffice.services.context import AppContext
from tests.core.excel.conftest import Street
from tests.core.excel.excel_helpers import (
    id_number,
    rewrite_sheet,
    snapshot,
    write_big_xlsx,
    write_xlsx,
)

HEADER = ["姓名", "所属组织", "党员类别", "身份证号"]


def bad_rows(count: int) -> list[list[object]]:
    """Rows whose ID numbers all have an impossible birth date."""
    return [
        [f"党员{i}", "幸福驿站社区党委", "在职党员", f"33010619851399{i % 10000:04d}"]
        for i in range(count)
    ]


def test_first_200_problems_listed_and_the_rest_counted(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    rows = bad_rows(300)
    rows[10][2] = "火星党员"  # a second bad cell in row 12
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, rows)
    before = snapshot(ctx)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "members", path)
    assert snapshot(ctx) == before
    exc = info.value
    assert exc.total == 301 and str(exc).startswith("导入被拒绝：301 处数据有误")
    assert len(exc.problems) == 200
    assert [p.row for p in exc.problems][:12] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12]
    assert [p.column for p in exc.problems[10:12]] == ["党员类别", "身份证号"]
    assert exc.problems[-1].row == 200
    lines = exc.detail_lines()
    assert len(lines) == 201
    assert lines[-1] == "另有 101 处错误未列出，共涉及 101 行"


def test_the_command_line_prints_the_cap_and_the_summary(
    ctx: AppContext, street: Street, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, bad_rows(450))
    code = main(["--db", str(ctx.db.path), "import", "members", str(path)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0] == "导入被拒绝：450 处数据有误，数据库未作任何改动"
    assert len(err) == 202 and err[1].startswith("第2行 [身份证号]")
    assert err[-1] == "另有 250 处错误未列出，共涉及 250 行"


def stray_cell(path: Path, rows: int, ref: str) -> Path:
    """A member sheet of ``rows`` bad rows with one value far to the right, at ``ref``."""
    source = write_big_xlsx(path, "党员", HEADER, bad_rows(rows))
    target = path.with_name("stray.xlsx")
    row = int("".join(c for c in ref if c.isdigit()))

    def add_cell(xml: str) -> str:
        end = xml.index("</row>", xml.index(f'<row r="{row}">'))
        return xml[:end] + f'<c r="{ref}"><v>1</v></c>' + xml[end:]

    return rewrite_sheet(source, target, add_cell)


def test_stray_cell_far_right_is_refused_before_loading(
    ctx: AppContext, street: Street, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_CELLS", 20_000)
    path = stray_cell(tmp_path / "m.xlsx", 100, "IV90")
    scan = scan_sheet(path, "党员")
    assert (scan.rows, scan.columns, scan.far_cell) == (101, 256, "IV90")
    with pytest.raises(KnownError) as info:
        import_kind(ctx, "members", path)
    message = str(info.value)
    assert "数据区域太大" in message and "IV90" in message and "第 101 行" in message


def test_stray_cell_within_the_budget_is_a_problem_of_the_header(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = stray_cell(tmp_path / "m.xlsx", 30, "AB7")
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "members", path)
    assert (1, "表头", "AB列") in [(p.row, p.column, p.value) for p in info.value.problems]


def test_formatted_empty_rows_far_down_are_not_counted(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    rows = [[f"党员{i}", "幸福驿站社区党委", "在职党员", id_number(i)] for i in range(3)]
    path = write_big_xlsx(tmp_path / "m.xlsx", "党员", HEADER, rows)
    blank = "".join(
        f'<row r="{n}"><c r="A{n}" s="1"/><c r="IV{n}" s="1"></c></row>' for n in range(5, 250_001)
    )
    target = rewrite_sheet(
        path,
        tmp_path / "formatted.xlsx",
        lambda xml: xml.replace("</sheetData>", blank + "</sheetData>"),
    )
    scan = scan_sheet(target, "党员")
    assert (scan.rows, scan.columns) == (4, 26)
    assert import_kind(ctx, "members", target).inserted == 3


def test_scan_of_cells_written_without_references(tmp_path: Path) -> None:
    path = write_big_xlsx(tmp_path / "m.xlsx", "党员", HEADER, bad_rows(5))

    def bare(xml: str) -> str:
        for letter in "ABCD":
            xml = xml.replace(f'<c r="{letter}', '<c x="')  # the r attribute removed
        return xml.replace("</row>", "<c/>" * 40 + '<c t="s"><v>0</v></c></row>', 1)

    target = rewrite_sheet(path, tmp_path / "bare.xlsx", bare)
    scan = scan_sheet(target, "党员")
    assert (scan.rows, scan.columns) == (6, 45)


def test_scan_of_a_sheet_with_a_namespace_prefix(tmp_path: Path) -> None:
    path = write_big_xlsx(tmp_path / "m.xlsx", "党员", HEADER, bad_rows(5))

    def prefixed(xml: str) -> str:
        text = xml.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=")
        for tag in ("worksheet", "dimension", "sheetData", "row", "c", "v"):
            text = text.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ")
            text = text.replace(f"</{tag}>", f"</x:{tag}>")
        text = text.replace('<x:c r="D3"', '<x:c r="BD3"', 1)
        text = text.replace('<x:c r="A4" t="s"><x:v>', '<x:c r="A4"><x:f>A1</x:f><x:v>')
        return re.sub(r'<x:c r="B5".*?</x:c>', '<x:c r="B5"><x:f>A1</x:f></x:c>', text)

    target = rewrite_sheet(path, tmp_path / "prefixed.xlsx", prefixed)
    scan = scan_sheet(target, "党员")
    assert (scan.columns, scan.far_cell) == (56, "BD3")
    assert (scan.formula_count, scan.formulas) == (1, ["B5"])  # A4's result was saved


PEAK = """
import resource, subprocess, sys
run = subprocess.run([sys.executable, "-m", "brandoffice", *sys.argv[1:]], capture_output=True,
                     text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(run.returncode, peak, len(run.stderr.splitlines()))
print(run.stderr[:300])
"""


@pytest.mark.slow
def test_memory_of_a_big_bad_file(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    """100,000 bad rows and one value in column IV: 1 GB before, now refused at once."""
    path = stray_cell(tmp_path / "m.xlsx", 100_000, "IV100001")
    narrow = write_big_xlsx(tmp_path / "narrow.xlsx", "党员", HEADER, bad_rows(100_000))
    ctx.db.dispose()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])}
    for file, bound, lines in ((path, 250, 1), (narrow, 450, 202)):
        args = ["--db", str(ctx.db.path), "import", "members", str(file)]
        out = subprocess.run(
            [sys.executable, "-c", PEAK, *args], capture_output=True, text=True, env=env, check=True
        ).stdout.splitlines()
        code, peak, count = map(int, out[0].split())
        assert (code, count) == (2, lines), out
        assert peak < bound, f"{file.name}: peak {peak} MB"
