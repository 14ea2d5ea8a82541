"""The register: filters and search narrow the table in SQL, counts, export, coverage, forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from brandoffice.services import brand_view
from brandoffice.services.brand_view import BrandFilter
from tests.ui.brands.helpers import type_text
from tests.ui.conftest import Messages
from tests.ui.windows import choose_file
from ui import file_dialogs
from ui.brands import flows
from ui.brands.page import BrandPage
from ui.brands.register_model import NAME, STATUS, YEAR, BrandTableModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen

ALL = {"幸福驿站", "红烛先锋", "和美邻里", "春晖共治", "临江之声", "楼宇先锋"}


def names(page: BrandPage) -> set[str]:
    return {page.model.row_at(i).brand.name for i in range(page.model.rowCount())}


def test_search_and_filters_narrow_the_table(page: BrandPage, ids: dict[str, int]) -> None:
    assert names(page) == ALL
    assert page.chips.counts_text().split("  ") == [
        "全部 6",
        "培育 2",
        "申报 0",
        "评审 3",
        "命名 1",
        "整改 0",
        "摘牌 0",
    ]
    type_text(page.filters.search, "xfyz")  # pinyin initials
    assert page.filters.timer.isActive()  # debounced
    page.filters.flush()
    assert names(page) == {"幸福驿站"}
    page.filters.search.setText("口号")  # slogan
    page.filters.flush()
    assert names(page) == {"和美邻里", "春晖共治", "临江之声"}
    assert page.chips.counts_text().startswith("全部 3  培育 0  申报 0  评审 3")
    page.filters.search.clear()
    page.filters.flush()

    page.chips.buttons["培育"].click()
    assert names(page) == {"幸福驿站", "红烛先锋"}
    assert "当前视图共 2 个品牌" in page.count_label.text()
    page.chips.buttons[None].click()
    sector = page.filters.sector
    sector.setCurrentIndex(sector.findData("社区"))
    assert names(page) == {"幸福驿站", "和美邻里", "春晖共治", "临江之声"}
    page.filters.set_unit(ids["peace"])
    assert names(page) == {"和美邻里", "春晖共治"}
    assert page.filters.unit_button.text() == "所属单位：和平社区党委"
    page.filters.set_unit(ids["street"])  # the subtree
    sector.setCurrentIndex(0)
    year = page.filters.year
    year.setCurrentIndex(year.findData(2025))
    assert names(page) == {"和美邻里", "春晖共治", "临江之声"}
    year.setCurrentIndex(0)
    level = page.filters.level
    level.setCurrentIndex(level.findData("区级"))
    assert names(page) == {"楼宇先锋"}


def test_filter_runs_in_sql(brand_ctx: Any) -> None:
    f = BrandFilter(text="lyxf")
    assert brand_view.count(brand_ctx, f) == 1
    assert [r.brand.name for r in brand_view.page(brand_ctx, f)] == ["楼宇先锋"]
    assert brand_view.counts_by_status(brand_ctx, BrandFilter(year=2026)) == {"培育": 2}


def test_header_sort_reloads_sorted(page: BrandPage) -> None:
    page.table.sortByColumn(YEAR, Qt.SortOrder.DescendingOrder)
    years = [page.model.row_at(i).brand.year for i in range(page.model.rowCount())]
    assert years == sorted(years, reverse=True)
    page.table.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
    statuses = [page.model.row_at(i).brand.status for i in range(page.model.rowCount())]
    assert statuses == ["培育", "培育", "评审", "评审", "评审", "命名"]
    page.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    first = page.model.row_at(0).brand.name
    assert first == "春晖共治"  # pinyin order: chgz < hmll < hzxf < ljzs < lyxf < xfyz


def test_register_model_pages_lazily(brand_ctx: Any, qtmodeltester: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(BrandTableModel, "page_size", 4)
    model = BrandTableModel(brand_ctx)
    model.sort(YEAR, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(i).brand.year for i in range(4)] == [2024, 2025, 2025, 2025]
    model.set_filter(BrandFilter(status="评审"))
    assert model.total() == 3 and not model.canFetchMore()
    model.set_filter(BrandFilter())
    assert model.rowCount() == 4 and model.canFetchMore()
    # Qt's tester runs its checks (and so fetchMore) inside modelReset: reset before check().
    qtmodeltester.check(model)
    model.fetchMore()
    assert model.rowCount() == 6 and not model.canFetchMore()
    line = brand_view.register_row(brand_ctx, model.row_at(0).brand.id)
    model.update_row(line)


def test_export_current_view(
    page: BrandPage, tmp_path: Path, msgs: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "品牌"
    choose_file(monkeypatch, "get_save_file_name", target)
    page.chips.buttons["评审"].click()
    page.export_button.click()
    path = tmp_path / "品牌.xlsx"
    assert path.exists()
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == (
        "品牌名称",
        "所属单位",
        "领域",
        "级别",
        "状态",
        "创建年度",
        "品牌口号",
        "命名机关",
    )
    assert {r[0] for r in rows[1:]} == {"和美邻里", "春晖共治", "临江之声"}
    assert "已导出 3 个品牌" in msgs.texts("inform")[-1]


def test_coverage_panel(page: BrandPage, ids: dict[str, int], qtmodeltester: Any) -> None:
    result = page.coverage.result
    assert result is not None and result.year == 2026
    assert result.communities == 3 and result.uncovered == ()
    assert [(q.name, q.new_brands, q.met) for q in result.quotas] == [("幸福街道党工委", 2, True)]
    assert "社区 3 个，已有品牌 3 个" in page.coverage.summary.text()
    page.coverage.year.setValue(2023)
    assert page.coverage.quotas.cell(page.coverage.quotas.rows()[0], 2) == "✗ 未完成"
    qtmodeltester.check(page.coverage.quotas)
    qtmodeltester.check(page.coverage.uncovered)


def test_print_forms_asks_and_opens(
    page: BrandPage,
    ids: dict[str, int],
    tmp_path: Path,
    msgs: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not flows.forms_available():
        pytest.skip("brandoffice.reports.forms (write_brand_forms) is not written yet")
    opened: list[Path] = []
    monkeypatch.setattr(flows, "open_path", lambda p: opened.append(p) or True)
    out = tmp_path / "登记表.docx"
    choose_file(monkeypatch, "get_save_file_name", out)
    monkeypatch.setattr(file_dialogs, "get_existing_directory", lambda *a, **k: str(tmp_path))
    page.select_brand(ids["幸福驿站"])
    page.print_button.click()  # full phone (confirmed once), then open after the notes
    assert "联系电话是否完整列出" in msgs.asked[0][1]
    assert opened == [out] and out.exists()
    # Before printing the clerk hears which fields continue on the 续页.
    assert "打印前请核对" in msgs.asked[-1][1] and "幸福驿站" in msgs.asked[-1][1]
    page.table.selectAll()
    msgs.answers += [1, 1, 0]  # masked phones, one file each, open
    page.print_button.click()
    assert msgs.asked[-3][2][:2] == ["列出完整电话", "遮蔽电话"]
    assert msgs.asked[-2][2][:2] == ["合并为一个文件（每个品牌一页）", "每个品牌一个文件"]
    assert opened[-1] == tmp_path
    assert len(list(tmp_path.glob("*.docx"))) >= 6
