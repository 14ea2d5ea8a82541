"""The 标识 column: exports carry each record's stable id, reimports follow it (issue 22)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from brandoffice.errors import ImportRejected
from brandoffice.excel import export_kind, import_kind, undo_last_import
from brandoffice.excel.colspec import UID_HEADER
from brandoffice.listing import list_kind
from brandoffice.services.context import AppContext
from tests.conftest import FakeClock
from tests.core.excel.clerk_lists import write_brands, write_roster, write_units
from tests.core.excel.excel_helpers import snapshot, write_xlsx
from tests.databases import opened_copy


@pytest.fixture
def office(ctx: AppContext, tmp_path: Path) -> AppContext:
    """An empty database filled from the clerk's own lists (no 标识 column in them)."""
    import_kind(ctx, "orgs", write_units(tmp_path / "units.xlsx"))
    import_kind(ctx, "members", write_roster(tmp_path / "roster.xlsx"))
    import_kind(ctx, "brands", write_brands(tmp_path / "brands.xlsx"))
    return ctx


@pytest.fixture
def other(empty_template: Path, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A second, empty database: a copy of the migrated one."""
    yield from opened_copy(empty_template, tmp_path / "other.sqlite3", clock)


def uids(ctx: AppContext, kind: str) -> dict[str, str]:
    """Return name → uid of every record of a kind."""
    return {r["name"]: r["uid"] for r in list_kind(ctx, kind, reveal=True)}


def exported(ctx: AppContext, kind: str, folder: Path) -> Path:
    """Export a kind in full (phones and id numbers shown) to ``folder/<kind>.xlsx``."""
    path = folder / f"{kind}.xlsx"
    export_kind(ctx, kind, path, reveal=True)
    return path


def edit(path: Path, changes: dict[tuple[int, str], Any]) -> Path:
    """Change cells of an exported sheet, given by (Excel row, header), as a clerk would."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = {cell.value: cell.column for cell in sheet[1]}
    for (row, header), value in changes.items():
        sheet.cell(row, headers[header]).value = value
    book.save(path)
    return path


def row_of(path: Path, header: str, value: str) -> int:
    """Return the Excel row whose ``header`` cell holds ``value``."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    column = next(c.column for c in sheet[1] if c.value == header)
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == value)


def test_every_record_gets_a_uid_and_the_export_writes_it_last_and_hidden(
    office: AppContext, tmp_path: Path
) -> None:
    for kind in ("orgs", "members", "brands"):
        path = exported(office, kind, tmp_path)
        sheet = openpyxl.load_workbook(path).worksheets[0]
        last = sheet.max_column
        assert sheet.cell(1, last).value == UID_HEADER
        letter = openpyxl.utils.get_column_letter(last)
        assert sheet.column_dimensions[letter].hidden
        written = {sheet.cell(r, last).value for r in range(2, sheet.max_row + 1)}
        assert written == set(uids(office, kind).values())
        assert all(uuid.UUID(u) for u in written)
        rules = [v for v in sheet.data_validations.dataValidation if v.type == "textLength"]
        assert [str(v.sqref) for v in rules] == [f"{letter}2:{letter}1048576"]


def test_a_unit_renamed_in_excel_is_updated_not_duplicated(
    office: AppContext, tmp_path: Path
) -> None:
    before = uids(office, "orgs")
    path = exported(office, "orgs", tmp_path)
    row = row_of(path, "组织名称", "幸福驿站社区党委")
    edit(path, {(row, "组织名称"): "幸福家园社区党委"})  # children still name the old parent
    summary = import_kind(office, "orgs", path)
    assert (summary.inserted, summary.updated) == (0, 1)
    after = uids(office, "orgs")
    assert len(after) == len(before)
    assert after["幸福家园社区党委"] == before["幸福驿站社区党委"]
    assert "幸福驿站社区党委" not in after
    units = {r["name"]: r for r in list_kind(office, "orgs")}
    child = units["幸福驿站社区第一党支部"]
    assert child["parent"].endswith("幸福家园社区党委")
    # the member and brand sheets exported now name the new path and still import as no change
    for kind in ("members", "brands"):
        again = import_kind(office, kind, exported(office, kind, tmp_path))
        assert (again.inserted, again.updated) == (0, 0), kind
    undo_last_import(office)  # nothing: the no-change imports made no batch
    assert uids(office, "orgs") == before


def test_children_may_name_the_renamed_parent_by_its_new_name(
    office: AppContext, tmp_path: Path
) -> None:
    before = uids(office, "orgs")
    path = exported(office, "orgs", tmp_path)
    parent = row_of(path, "组织名称", "幸福驿站社区党委")
    child = row_of(path, "组织名称", "幸福驿站社区第一党支部")
    edit(path, {(parent, "组织名称"): "幸福家园社区党委", (child, "上级组织"): "幸福家园社区党委"})
    summary = import_kind(office, "orgs", path)
    assert (summary.inserted, summary.updated) == (0, 1)
    assert set(uids(office, "orgs").values()) == set(before.values())


def test_members_and_brands_renamed_in_excel_keep_their_uid(
    office: AppContext, tmp_path: Path
) -> None:
    members, brands = uids(office, "members"), uids(office, "brands")
    roster = exported(office, "members", tmp_path)
    edit(roster, {(row_of(roster, "姓名", "赵刚"), "姓名"): "赵钢"})  # a typo put right
    register = exported(office, "brands", tmp_path)
    edit(register, {(row_of(register, "品牌名称", "和平先锋"), "品牌名称"): "和平先锋岗"})
    assert import_kind(office, "members", roster).updated == 1
    assert import_kind(office, "brands", register).updated == 1
    assert uids(office, "members") == {
        ("赵钢" if k == "赵刚" else k): v for k, v in members.items()
    }
    assert uids(office, "brands") == {
        ("和平先锋岗" if k == "和平先锋" else k): v for k, v in brands.items()
    }
    undo_last_import(office)
    undo_last_import(office)
    assert uids(office, "members") == members
    assert uids(office, "brands") == brands


def test_a_bad_uid_is_refused_by_row_and_column(office: AppContext, tmp_path: Path) -> None:
    path = exported(office, "orgs", tmp_path)
    row = row_of(path, "组织名称", "和平社区党总支")
    edit(path, {(row, UID_HEADER): "1234-not-an-id", (row, "书记"): "新书记"})
    before = snapshot(office)
    with pytest.raises(ImportRejected) as info:
        import_kind(office, "orgs", path)
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (row, UID_HEADER)
    assert problem.reason.startswith(f"{UID_HEADER}“1234-not-an-id”不是有效的记录标识")
    assert snapshot(office) == before


def test_a_copied_row_is_a_new_record_and_the_first_keeps_the_uid(
    office: AppContext, tmp_path: Path
) -> None:
    before = uids(office, "brands")
    path = exported(office, "brands", tmp_path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    copy = [*rows[0]]  # the hidden 标识 is copied along with the row
    copy[0] = "幸福新驿站"
    write_xlsx(path, header, [*rows, copy])
    summary = import_kind(office, "brands", path)
    assert (summary.inserted, summary.updated) == (1, 0)
    assert "复制的行带有前面某行的标识，按各自的名称等处理（不沿用该标识）：1 行" in summary.notes
    after = uids(office, "brands")
    assert {k: after[k] for k in before} == before
    assert after["幸福新驿站"] not in before.values()
    undo_last_import(office)
    assert uids(office, "brands") == before


def test_a_rename_onto_another_unit_or_a_move_is_refused(
    office: AppContext, tmp_path: Path
) -> None:
    path = exported(office, "orgs", tmp_path)
    peace = row_of(path, "组织名称", "和平社区党总支")
    office_branch = row_of(path, "组织名称", "街道机关党支部")
    edit(
        path,
        {(peace, "组织名称"): "幸福驿站社区党委", (office_branch, "上级组织"): "和平社区党总支"},
    )
    before = snapshot(office)
    with pytest.raises(ImportRejected) as info:
        import_kind(office, "orgs", path)
    reasons = {(p.row, p.column): p.reason for p in info.value.problems}
    assert reasons == {
        (peace, "组织名称"): "同一上级下已有“幸福驿站社区党委”（另一个组织），"
        "“幸福街道党工委/和平社区党总支”不能改成这个名称",
        (office_branch, "上级组织"): "按标识，本行是组织“幸福街道党工委/街道机关党支部”，"
        "其上级组织为“幸福街道党工委”：导入不能调整上级组织，请在“组织架构”中用“更改上级组织”调整",
    }
    assert snapshot(office) == before


def test_uids_from_another_database_are_kept_and_undone(
    office: AppContext, other: AppContext, tmp_path: Path
) -> None:
    for kind in ("orgs", "members", "brands"):
        summary = import_kind(other, kind, exported(office, kind, tmp_path))
        assert summary.updated == 0 and summary.inserted == len(uids(office, kind))
        assert f"新记录沿用表中的标识（来自其他数据库）：{summary.inserted} 条" in summary.notes
        assert uids(other, kind) == uids(office, kind)
    undo_last_import(other)
    assert uids(other, "brands") == {}
    assert uids(other, "members") == uids(office, "members")


def test_a_hand_made_uid_matching_another_record_by_name_keeps_the_stored_uid(
    office: AppContext, tmp_path: Path
) -> None:
    stored = uids(office, "brands")["和平先锋"]
    foreign = str(uuid.uuid4())
    path = write_xlsx(
        tmp_path / "b.xlsx",
        ["品牌名称", "所属党组织", "品牌口号", "标识"],
        [["和平先锋", "和平社区党总支", "新口号，新气象", foreign.upper()]],
    )
    summary = import_kind(office, "brands", path)
    assert (summary.inserted, summary.updated) == (0, 1)
    assert uids(office, "brands")["和平先锋"] == stored
    assert "标识与本库不同、按名称等找到已有记录（保留本库的标识）：1 条" in summary.notes


def test_a_grade_whose_year_was_corrected_in_excel_keeps_its_uid(
    office: AppContext, tmp_path: Path
) -> None:
    grades = write_xlsx(
        tmp_path / "grades.xlsx",
        ["单位", "年度", "等次"],
        [["和平社区党总支", 2023, "中间"], ["街道机关党支部", 2024, "先进"]],
    )
    import_kind(office, "grades", grades)
    stored = {(r["org"], r["year"]): r["uid"] for r in list_kind(office, "grades")}
    path = tmp_path / "export.xlsx"
    export_kind(office, "grades", path, reveal=True)
    edit(path, {(row_of(path, "单位", "幸福街道党工委/和平社区党总支"), "年度"): 2024})
    summary = import_kind(office, "grades", path)
    assert (summary.inserted, summary.updated) == (0, 1)
    after = {(r["org"], r["year"]): r["uid"] for r in list_kind(office, "grades")}
    assert after == {
        ("和平社区党总支", 2024): stored[("和平社区党总支", 2023)],
        ("街道机关党支部", 2024): stored[("街道机关党支部", 2024)],
    }
    # moved onto the other unit's existing 2024 record: refused, nothing written
    write_xlsx(
        path,
        ["单位", "年度", "等次", "标识"],
        [["街道机关党支部", 2024, "中间", after[("和平社区党总支", 2024)]]],
    )
    before = snapshot(office)
    with pytest.raises(ImportRejected) as info:
        import_kind(office, "grades", path)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "年度")]
    assert info.value.problems[0].reason == (
        "数据库中已有同一组织同一年度的另一条记录，按标识本行是别的记录，不能改成相同"
    )
    assert snapshot(office) == before
    undo_last_import(office)
    assert {(r["org"], r["year"]): r["uid"] for r in list_kind(office, "grades")} == stored
