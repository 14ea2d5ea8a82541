"""Templates: headers, one example row, dropdowns, 可选值 and 说明; fill one and import it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from brandoffice.errors import ImportRejected
from brandoffice.excel import EXCEL_KINDS, import_kind, write_template
from brandoffice.excel.columns import SPECS
from brandoffice.idcard import id_number_problem
from brandoffice.listing import list_kind
from brandoffice.model.vocab import MemberCategory
from brandoffice.services.context import AppContext
from tests.core.excel.excel_helpers import id_number


def test_the_cli_kinds_are_all_there() -> None:
    assert EXCEL_KINDS == {
        "orgs": "组织",
        "members": "党员",
        "brands": "品牌",
        "tasks": "任务",
        "progress": "任务进度",
        "evaluation": "党员评议",
        "spirit-reports": "党性分析报告",
        "commitments": "公开承诺",
        "secretary-reviews": "书记述职评议",
        "deeds": "先进典型",
        "funds": "专项经费",
        "training": "培训",
        "benchmarks": "对标定位",
        "grades": "评定等次",
        "member-posts": "党员示范岗",
        "commendations": "表彰",
    }


@pytest.mark.parametrize("kind", list(EXCEL_KINDS))
def test_template_layout(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.xlsx"
    write_template(kind, path)
    spec = SPECS[kind]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [spec.label, "说明", "可选值"]
    sheet = book[spec.label]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in spec.columns]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2, "exactly one example row"
    assert sheet.cell(row=2, column=1).comment is not None
    choice_columns = [c for c in spec.columns if c.choices is not None and c.kind.name == "CHOICE"]
    formulas = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert sum("可选值" in f for f in formulas) == len(choice_columns)
    listed = [c.value for c in book["可选值"][1] if c.value]
    assert all(c.header in listed for c in choice_columns)
    help_text = " ".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    assert all(c.header in help_text for c in spec.columns)
    with zipfile.ZipFile(path) as archive:
        assert b"<dimension" in archive.read("xl/worksheets/sheet1.xml")
    assert not list(tmp_path.glob("*.part")), "no temporary file left behind"


def test_member_template_example_is_valid_and_dropdowns_list_the_vocabulary(
    tmp_path: Path,
) -> None:
    path = tmp_path / "members.xlsx"
    write_template("members", path)
    book = openpyxl.load_workbook(path)
    row = {h.value: c.value for h, c in zip(book["党员"][1], book["党员"][2], strict=True)}
    assert row["所属组织"] == "××街道党工委/××社区党委"  # no demo name in a clerk's file
    assert id_number_problem(row["身份证号"]) is None
    assert book["党员"]["E2"].number_format == "@"
    choices = book["可选值"]
    column = next(c for c in choices[1] if c.value == "党员类别").column_letter
    values = [c.value for c in choices[column][1:] if c.value]
    assert values == [m.value for m in MemberCategory]


def test_the_untouched_example_row_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "orgs.xlsx"
    write_template("orgs", path)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "orgs", path)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "组织名称")]
    assert "示例行" in info.value.problems[0].reason


def test_fill_the_templates_then_import_and_list(ctx: AppContext, tmp_path: Path) -> None:
    orgs_file = tmp_path / "orgs.xlsx"
    write_template("orgs", orgs_file)
    book = openpyxl.load_workbook(orgs_file)
    sheet = book["组织"]
    # The clerk overwrites the example with the street, then adds units below.
    for cell, value in zip(
        sheet[2], ["幸福街道党工委", None, "党工委", "街道乡镇", "街道"], strict=False
    ):
        cell.value = value
    for column in range(6, sheet.max_column + 1):
        sheet.cell(row=2, column=column).value = None
    sheet.append(
        [
            "幸福驿站社区党委",
            "幸福街道党工委",
            "党委",
            "村社区",
            "社区",
            "王建华",
            "李敏",
            "0571-88001234",
            "幸福路18号",
            78,
            "先进",
            "是",
            "2003-6-18",
        ]
    )
    sheet.append(["第一党支部", "幸福街道党工委/幸福驿站社区党委", "党支部", "基层单位"])
    book.save(orgs_file)
    summary = import_kind(ctx, "orgs", orgs_file)
    assert (summary.inserted, summary.updated) == (3, 0)
    assert str(summary) == f"组织 新增 3 条，更新 0 条（批次 {summary.batch_id}）"
    listed = {o["name"]: o for o in list_kind(ctx, "orgs", reveal=True)}
    assert set(listed) == {"幸福街道党工委", "幸福驿站社区党委", "第一党支部"}
    assert listed["幸福驿站社区党委"]["parent"] == "幸福街道党工委"
    assert listed["幸福驿站社区党委"]["founded_on"] == "2003-06-18"
    assert listed["幸福驿站社区党委"]["is_demo_point"] is True

    members_file = tmp_path / "members.xlsx"
    write_template("members", members_file)
    book = openpyxl.load_workbook(members_file)
    sheet = book["党员"]
    sheet["A2"] = "陈晓红"
    sheet["B2"] = "第一党支部"
    sheet.append(
        ["刘强", "幸福驿站社区党委", "流动党员", None, id_number(131), None, "2015年7月1日"]
    )
    book.save(members_file)
    summary = import_kind(ctx, "members", members_file)
    assert (summary.inserted, summary.updated) == (2, 0)
    members = {m["name"]: m for m in list_kind(ctx, "members", reveal=True)}
    assert members["陈晓红"]["org"] == "第一党支部"
    assert members["陈晓红"]["posts"] == ["党员示范岗", "佩戴党徽"]
    assert members["刘强"]["gender"] == "男"
    assert members["刘强"]["join_date"] == "2015-07-01"
