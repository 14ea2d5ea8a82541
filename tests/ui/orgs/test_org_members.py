"""The member table: pages of 200, SQL sorting, masked numbers, the member form, transfers."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from brandoffice.idcard import mask_id_number, mask_phone
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from ui.orgs.detail import MEMBER_TAB
from ui.orgs.member_dialog import MemberDialog
from ui.orgs.member_model import ID_NUMBER, NAME, PHONE, MemberTableModel
from ui.orgs.member_panel import MemberPanel
from ui.orgs.page import OrgPage
from ui.roles import ROW_ROLE, SORT_ROLE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


@pytest.fixture
def panel(page: OrgPage, ids: dict[str, int]) -> MemberPanel:
    """The 党员 tab of 幸福驿站社区党委."""
    page.select_org(ids["station"])
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    return page.detail.members


def test_member_model_pages_and_passes_the_tester(
    qapp: Any, orgs_ctx: AppContext, ids: dict[str, int], qtmodeltester: Any
) -> None:
    model = MemberTableModel(orgs_ctx)
    model.set_org(ids["station"])
    assert model.rowCount() == 200 and model.total() == 250
    assert model.canFetchMore()
    qtmodeltester.check(model)
    model.fetchMore()
    assert model.rowCount() == 250 and not model.canFetchMore()
    qtmodeltester.check(model)
    member = model.row_at(3)
    edited = MemberService(orgs_ctx).update(member.id, member.version, _draft(member, "改名"))
    model.replace(edited)
    assert model.data(model.index(3, NAME)) == "改名"
    assert model.data(model.index(3, NAME), ROW_ROLE) == edited
    qtmodeltester.check(model)


def _draft(member: Any, name: str) -> Any:
    from brandoffice.services.members import MemberDraft

    return MemberDraft(
        org_id=member.org_id,
        name=name,
        category=member.category,
        id_number=member.id_number,
        phone=member.phone,
        join_date=member.join_date,
        posts=list(member.posts),
    )


def test_the_view_fetches_more_when_scrolled(panel: MemberPanel, qtbot: QtBot) -> None:
    assert panel.model.rowCount() == 200
    panel.view.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 250)
    assert panel.count_label.text() == "共 250 名党员"


def test_clicking_a_header_sorts_in_sql(panel: MemberPanel, qtbot: QtBot) -> None:
    with qtbot.waitSignal(panel.model.modelReset):
        panel.view.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert panel.model.data(panel.model.index(0, NAME)) == "张三"
    assert panel.model.rowCount() == 200
    panel.view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    assert panel.model.data(panel.model.index(0, NAME)) == "党员001"
    join = panel.model.data(panel.model.index(0, 5), SORT_ROLE)
    assert join.year >= 2000


def test_numbers_are_masked_until_revealed_for_one_row(panel: MemberPanel, qtbot: QtBot) -> None:
    model = panel.model
    first, second = model.row_at(0), model.row_at(1)
    assert model.data(model.index(0, ID_NUMBER)) == mask_id_number(first.id_number)
    assert model.data(model.index(0, PHONE)) == mask_phone(first.phone)
    assert "*" in model.data(model.index(0, ID_NUMBER))
    menu = panel.build_menu(panel.view.visualRect(model.index(0, NAME)).center())
    reveal = next(a for a in menu.actions() if a.text() == "显示完整号码")
    with qtbot.waitSignal(model.dataChanged):
        reveal.trigger()
    assert model.data(model.index(0, ID_NUMBER)) == first.id_number
    assert model.data(model.index(0, PHONE)) == first.phone
    assert model.data(model.index(1, ID_NUMBER)) == mask_id_number(second.id_number)
    menu = panel.build_menu(panel.view.visualRect(model.index(0, NAME)).center())
    assert "隐藏完整号码" in [a.text() for a in menu.actions()]


def test_a_reveal_is_audited_and_needs_the_right(
    page: OrgPage, panel: MemberPanel, orgs_ctx: AppContext, qtbot: QtBot
) -> None:
    from brandoffice.safety.auditlog import AuditFilter, query_audit
    from ui.safety.access import Access

    model = panel.model
    first = model.row_at(0)
    point = panel.view.visualRect(model.index(0, NAME)).center()
    for access in (Access(role="领导", account="leader"), Access(read_only_db=True)):
        page.access = access  # type: ignore[attr-defined]  # as the main window carries it
        texts = {a.text(): a.isEnabled() for a in panel.build_menu(point).actions()}
        assert texts["显示完整号码（无此权限）"] is False and "显示完整号码" not in texts
    page.access = Access(role="组织员", account="clerk")  # type: ignore[attr-defined]
    reveal = next(a for a in panel.build_menu(point).actions() if a.text() == "显示完整号码")
    with qtbot.waitSignal(model.dataChanged):
        reveal.trigger()
    assert model.data(model.index(0, ID_NUMBER)) == first.id_number
    entries = query_audit(orgs_ctx, AuditFilter(action="查看完整号码"))
    assert [(e.object_type, e.object_name) for e in entries] == [("党员", first.name)]


def test_invalid_id_number_is_shown_next_to_the_field_and_nothing_saved(
    panel: MemberPanel, orgs_ctx: AppContext
) -> None:
    panel.view.selectRow(0)
    before = panel.model.row_at(0)
    panel.edit_selected()
    dialog = panel.findChild(MemberDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.id_edit.text() == before.id_number
    dialog.id_edit.setText("110105197001011234")
    dialog.name_edit.setText("张三丰")
    dialog.save_button.click()
    label = dialog.errors["id_number"]
    assert label.isVisibleTo(dialog) and "校验位" in label.text()
    assert dialog.isVisible()
    stored = MemberService(orgs_ctx).get(before.id)
    assert (stored.name, stored.id_number, stored.version) == (
        before.name,
        before.id_number,
        before.version,
    )


def test_editing_a_member_updates_its_row(
    panel: MemberPanel, orgs_ctx: AppContext, qtbot: QtBot
) -> None:
    panel.view.selectRow(2)
    member = panel.model.row_at(2)
    panel.edit_selected()
    dialog = panel.findChild(MemberDialog)
    assert dialog is not None
    dialog.phone_edit.setText("13912345678")
    with qtbot.waitSignal(panel.model.dataChanged):
        dialog.save_button.click()
    assert not dialog.isVisible()
    assert MemberService(orgs_ctx).get(member.id).phone == "13912345678"
    assert panel.model.data(panel.model.index(2, PHONE)) == "139****5678"


def test_adding_a_member_selects_it(panel: MemberPanel, orgs_ctx: AppContext) -> None:
    panel.add()
    dialog = panel.findChildren(MemberDialog)[-1]
    dialog.name_edit.setText("钱七")
    dialog.category_combo.setCurrentText("离退休党员")
    dialog.save_button.click()
    assert dialog.saved is not None
    assert panel.model.total() == 251
    assert panel.selected_rows()[0].name == "钱七"


def test_delete_asks_first(
    panel: MemberPanel, orgs_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    panel.view.selectRow(0)
    member = panel.model.row_at(0)
    panel.delete_selected()
    assert panel.model.row_of(member.id) == -1
    assert MemberService(orgs_ctx).count() == 250  # 251 before, 张三 gone
    assert panel.count_label.text() == "共 249 名党员"


def test_transfer_to_another_unit(
    panel: MemberPanel, orgs_ctx: AppContext, ids: dict[str, int]
) -> None:
    panel.view.selectRow(0)
    panel.view.selectionModel().select(
        panel.model.index(1, 0),
        panel.view.selectionModel().SelectionFlag.Select
        | panel.view.selectionModel().SelectionFlag.Rows,
    )
    moving = [m.id for m in panel.selected_rows()]
    assert len(moving) == 2
    panel.transfer_selected()
    picker = panel._dialog
    assert picker is not None
    picker.tree.expand(picker.model.index(0, 0))  # type: ignore[union-attr]
    picker.select_id(ids["sunshine"])  # type: ignore[union-attr]
    picker._accept()  # type: ignore[union-attr]
    assert all(MemberService(orgs_ctx).get(i).org_id == ids["sunshine"] for i in moving)
    assert all(panel.model.row_of(i) == -1 for i in moving)


def test_select_member_fetches_the_page_it_is_on(
    page: OrgPage, orgs_ctx: AppContext, ids: dict[str, int]
) -> None:
    last = MemberService(orgs_ctx).page([ids["station"]], 249, 1)[0]
    assert page.select_member(last.id)
    assert page.detail.tabs.currentIndex() == MEMBER_TAB
    assert page.detail.members.selected_rows()[0].id == last.id
