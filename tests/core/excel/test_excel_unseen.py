"""What the clerk cannot see is refused: hidden sheets and formulas saved without results."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from brandoffice.errors import ImportRejected, KnownError
from brandoffice.excel import import_kind
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from tests.core.excel.conftest import Street
from tests.core.excel.excel_helpers import id_number, rewrite_sheet, snapshot

HEADER = ["姓名", "所属组织", "党员类别", "身份证号"]


def member(name: str, sequence: int) -> list[object]:
    return [name, "幸福驿站社区党委", "在职党员", id_number(sequence)]


def book(path: Path, sheets: list[tuple[str, str, list[list[object]]]]) -> Path:
    """Write a workbook of (name, state, rows) sheets; state is visible, hidden or veryHidden."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, state, rows in sheets:
        sheet = workbook.create_sheet(name)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def refused(ctx: AppContext, path: Path) -> str:
    before = snapshot(ctx)
    with pytest.raises(KnownError) as info:
        import_kind(ctx, "members", path)
    assert not isinstance(info.value, ImportRejected)
    assert snapshot(ctx) == before
    return str(info.value)


def names(ctx: AppContext) -> list[str]:
    return sorted(m.name for m in MemberService(ctx).page(None, 0, 100))


def test_hidden_sheet_without_the_expected_name(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "m.xlsx",
        [("说明", "visible", [["填写说明"]]), ("名单", "hidden", [HEADER, member("陈晓红", 1)])],
    )
    message = refused(ctx, path)
    assert "工作表“名单”是隐藏的" in message and "取消隐藏" in message


def test_very_hidden_sheet(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    path = book(
        tmp_path / "m.xlsx",
        [("名单", "veryHidden", [HEADER, member("陈晓红", 1)]), ("说明", "visible", [["说明"]])],
    )
    assert "工作表“名单”被设为“深度隐藏”" in refused(ctx, path)


def test_hidden_sheet_with_the_expected_name(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "m.xlsx",
        [("Sheet1", "visible", [["备注"]]), ("党员", "hidden", [HEADER, member("陈晓红", 1)])],
    )
    assert "工作表“党员”是隐藏的" in refused(ctx, path)


def test_visible_sheet_is_read_beside_a_hidden_one(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    hidden = [HEADER, member("隐藏人", 9)]
    path = book(
        tmp_path / "m.xlsx",
        [("旧名单", "hidden", hidden), ("党员", "visible", [HEADER, member("陈晓红", 1)])],
    )
    assert import_kind(ctx, "members", path).inserted == 1
    assert names(ctx) == ["陈晓红"]


def test_first_visible_sheet_when_none_has_the_expected_name(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "m.xlsx",
        [
            ("旧名单", "veryHidden", [HEADER, member("隐藏人", 9)]),
            ("名单", "visible", [HEADER, member("陈晓红", 1), member("刘强", 2)]),
        ],
    )
    assert import_kind(ctx, "members", path).inserted == 2
    assert names(ctx) == ["刘强", "陈晓红"]


def formula_book(path: Path, formulas: int = 1) -> Path:
    """A member sheet whose ID numbers are formulas (openpyxl stores no result)."""
    rows: list[list[object]] = [HEADER]
    for i in range(formulas):
        number = id_number(i + 1)
        rows.append([f"党员{i}", "幸福驿站社区党委", "在职党员", f'="{number[:9]}"&"{number[9:]}"'])
    rows.append(member("刘强", 50))
    return book(path, [("名单", "visible", rows)])


def test_formula_without_saved_result_names_the_cell(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    message = refused(ctx, formula_book(tmp_path / "m.xlsx"))
    assert message == (
        "工作表“名单”第2行“身份证号”列（D2）是公式，但文件里没有保存计算结果："
        "请在 Excel 或 WPS 中打开并保存后再导入"
    )


def test_many_formulas_without_results_are_counted(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    message = refused(ctx, formula_book(tmp_path / "m.xlsx", formulas=30))
    assert "有 30 个公式单元格没有保存计算结果" in message
    assert "第2行“身份证号”列（D2）" in message and "（D6）" in message


def test_formula_outside_the_columns_is_named_by_cell(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    rows = [[*HEADER, "序号"], [*member("陈晓红", 1), "=ROW()-1"]]
    path = book(tmp_path / "m.xlsx", [("党员", "visible", rows)])
    assert "工作表“党员”的 E2 单元格是公式" in refused(ctx, path)


def with_saved_results(path: Path, results: dict[str, str]) -> Path:
    """Write each formula cell's result into the sheet XML, as Excel does on saving."""

    def saved(text: str) -> str:
        for ref, value in results.items():
            start = text.index(f'<c r="{ref}"')
            end = text.index("</c>", start)
            cell = text[start:end].replace('<c r="' + ref + '"', f'<c r="{ref}" t="str"')
            cell = cell.replace("<v></v>", "").replace("<v />", "") + f"<v>{value}</v>"
            text = text[:start] + cell + text[end:]
        return text

    return rewrite_sheet(path, path.with_name("saved.xlsx"), saved)


def test_formula_with_saved_result_imports(ctx: AppContext, street: Street, tmp_path: Path) -> None:
    path = with_saved_results(formula_book(tmp_path / "m.xlsx"), {"D2": id_number(1)})
    assert import_kind(ctx, "members", path).inserted == 2
    stored = {m.name: m.id_number for m in MemberService(ctx).page(None, 0, 10)}
    assert stored["党员0"] == id_number(1)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_workbook_saved_by_libreoffice_imports(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    source = formula_book(tmp_path / "m.xlsx", formulas=2)
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert import_kind(ctx, "members", out / "m.xlsx").inserted == 3
    stored = {m.name: m.id_number for m in MemberService(ctx).page(None, 0, 10)}
    assert stored["党员1"] == id_number(2)


def test_header_of_formulas_without_results(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    header = [f'="{text}"' for text in HEADER]
    path = book(tmp_path / "m.xlsx", [("党员", "visible", [header, member("陈晓红", 1)])])
    message = refused(ctx, path)
    assert message.startswith(
        "工作表“党员”有 4 个公式单元格没有保存计算结果（如 A1 单元格、B1 单元格"
    )
