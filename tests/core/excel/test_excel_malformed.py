"""Files that are not what they claim give a Chinese KnownError, never a traceback."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from brandoffice.errors import ImportRejected, KnownError
from brandoffice.excel import import_kind, reader, write_template
from brandoffice.services.context import AppContext
from tests.core.excel.excel_helpers import rewrite_sheet, snapshot, write_xlsx


def refused(ctx: AppContext, path: Path, kind: str = "members") -> str:
    before = snapshot(ctx)
    with pytest.raises(KnownError) as info:
        import_kind(ctx, kind, path)
    assert not isinstance(info.value, ImportRejected)
    assert snapshot(ctx) == before
    return str(info.value)


def test_random_bytes_renamed_xlsx(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(os.urandom(5000))
    assert "不是有效的 Excel 工作簿" in refused(ctx, path)


def test_csv_renamed_xlsx(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_text("姓名,所属组织,党员类别\n陈晓红,幸福驿站社区党委,在职党员\n", encoding="utf-8")
    assert "CSV" in refused(ctx, path)


def test_csv_and_xls_by_name(ctx: AppContext, tmp_path: Path) -> None:
    for name, words in (
        ("名册.csv", "CSV 文件"),
        ("名册.xls", "旧版 .xls"),
        ("名册.docx", "只能导入"),
    ):
        path = tmp_path / name
        path.write_bytes(b"x")
        assert words in refused(ctx, path)


def test_old_xls_or_password_protected(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    assert "设有打开密码" in refused(ctx, path)


def test_missing_file(ctx: AppContext, tmp_path: Path) -> None:
    assert "找不到文件" in refused(ctx, tmp_path / "没有.xlsx")


def test_zip_bomb(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(30 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    assert "疑似压缩炸弹" in refused(ctx, path)


def test_zip_whose_headers_understate_the_content(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>" + bytes(200_000))
    data = bytearray(path.read_bytes())
    # Rewrite the central directory's size of workbook.xml to claim 11 bytes.
    entry = data.rfind(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = (11).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "已损坏" in refused(ctx, path)


def test_total_size_limit(ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED", 10_000)
    path = tmp_path / "orgs.xlsx"
    write_template("orgs", path)
    assert "解压后超过" in refused(ctx, path, "orgs")


def test_file_size_limit(ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "orgs.xlsx"
    write_template("orgs", path)
    assert "MB 的上限" in refused(ctx, path, "orgs")


def test_row_limit(ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    rows = [[f"单位{i}", None, "党支部", "基层单位"] for i in range(20)]
    path = write_xlsx(
        tmp_path / "orgs.xlsx", ["组织名称", "上级组织", "组织类别", "组织层级"], rows
    )
    assert "超过 3 行的上限" in refused(ctx, path, "orgs")


def test_truncated_workbook(ctx: AppContext, tmp_path: Path) -> None:
    whole = tmp_path / "whole.xlsx"
    write_template("members", whole)
    path = tmp_path / "half.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    refused(ctx, path)


def test_damaged_sheet_xml(ctx: AppContext, tmp_path: Path) -> None:
    whole = tmp_path / "whole.xlsx"
    write_template("members", whole)
    path = rewrite_sheet(
        whole, tmp_path / "damaged.xlsx", lambda xml: xml[: len(xml) // 2] + "<<<&&&"
    )
    assert "无法读取" in refused(ctx, path)


def test_a_sheet_of_another_kind(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "orgs.xlsx"
    write_template("orgs", path)
    assert "是“组织”表，不是“党员”表" in refused(ctx, path)


def test_no_header_row(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", ["甲", "乙"], [["1", "2"]])
    assert "找不到表头" in refused(ctx, path)


def test_header_without_data(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", ["姓名", "所属组织", "党员类别"], [[None, " ", None]])
    assert "没有数据行" in refused(ctx, path)


def test_unknown_kind(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="不支持的导入种类“people”"):
        import_kind(ctx, "people", tmp_path / "x.xlsx")
