"""The organisation page opens with the tree only: the detail and its tabs come on first need."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.orgs.detail import MEMBER_TAB, RECORDS_TAB, SUMMARY_TAB
from ui.orgs.page import OrgPage
from ui.orgs.records.panel import RecordsPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def test_the_page_opens_with_a_hint_and_no_detail_widgets(page: OrgPage) -> None:
    assert not page.detail.is_built()
    assert page.detail.stack.currentIndex() == 0 and page.detail.stack.count() == 1
    assert "左侧组织树" in page.detail.stack.currentWidget().text()  # type: ignore[attr-defined]
    assert not page.detail.findChildren(RecordsPanel)
    assert not page.has_unsaved_changes() and page.save_or_discard()
    page.reload()
    assert not page.detail.is_built()


def test_selecting_a_unit_makes_the_form_but_not_the_heavy_tabs(
    page: OrgPage, ids: dict[str, int]
) -> None:
    assert page.select_org(ids["station"])
    body = page.detail.body()
    assert page.detail.stack.currentWidget() is body
    assert page.detail.form.name_edit.text() == "幸福驿站社区党委"
    assert page.detail.path_label.text() == "幸福街道党工委 / 幸福驿站社区党委"
    assert not body.members.is_built() and not body.summary.is_built()
    assert not body.records.is_built()
    assert not page.detail.findChildren(RecordsPanel)


def test_opening_the_records_tab_makes_it_for_the_unit_shown(
    page: OrgPage, ids: dict[str, int]
) -> None:
    page.select_org(ids["station"])
    body = page.detail.body()
    page.detail.tabs.setCurrentIndex(RECORDS_TAB)
    assert body.records.is_built()
    records = page.detail.records
    assert records.isVisible() and records.org is not None
    assert records.org.id == ids["station"]
    assert records.current().isVisible()
    page.select_org(ids["sunshine"])
    assert records.org is not None and records.org.id == ids["sunshine"]
    assert page.detail.records is records  # made once


def test_the_member_and_summary_tabs_follow_the_unit_once_made(
    page: OrgPage, ids: dict[str, int]
) -> None:
    page.select_org(ids["station"])
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    members = page.detail.members
    assert members.isVisible() and members.count_label.text() == "共 250 名党员"
    page.select_org(ids["sunshine"])
    assert members.count_label.text() == "共 1 名党员"
    page.detail.tabs.setCurrentIndex(SUMMARY_TAB)
    assert page.detail.summary.brand_note.text() == "该组织尚未登记品牌"
    page.select_org(ids["station"])
    assert page.detail.summary.brands.data(page.detail.summary.brands.index(0, 0)) == "驿站暖心"
    assert members.count_label.text() == "共 250 名党员"


def test_read_only_asked_before_the_tabs_exist_reaches_them(
    page: OrgPage, ids: dict[str, int]
) -> None:
    page.set_read_only(True)
    page.select_org(ids["station"])
    assert page.detail.form.name_edit.isReadOnly()
    assert not page.detail.save_button.isEnabled()
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    assert not page.detail.members.buttons["新增"].isEnabled()
    page.detail.tabs.setCurrentIndex(RECORDS_TAB)
    writes = [b for t, b in page.detail.records.current().buttons.items() if "打开" not in t]
    assert writes and not any(b.isEnabled() for b in writes)
    page.set_read_only(False)
    assert page.detail.members.buttons["新增"].isEnabled()
    assert not page.detail.form.name_edit.isReadOnly()


def test_the_tree_cells_come_from_one_read_per_level(page: OrgPage, ids: dict[str, int]) -> None:
    model = page.model
    station = model.index_for_id(ids["station"])
    assert model.data(station) == "幸福驿站社区党委"
    assert model.data(station.siblingAtColumn(4)) == "驿站暖心"
    assert model.data(station.siblingAtColumn(4), Qt.ItemDataRole.ToolTipRole) == "驿站暖心"
    assert model.data(station.siblingAtColumn(3)) == "250"
    assert model.row_for(station.siblingAtColumn(2)).id == ids["station"]  # type: ignore[union-attr]
    assert model.hasChildren(station) and model.rowCount(station) == 0
    assert model.child_count(station) == 2  # counted only when asked
    page.tree.expand(station)
    assert model.rowCount(station) == 2 and not model.canFetchMore(station)
    # After an internal move a view removes the dragged rows itself: the model refuses.
    assert not model.removeRows(0, 1, station) and model.rowCount(station) == 2
