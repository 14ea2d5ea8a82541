"""Read-only mode of the organisation page: nothing that writes stays usable, viewing does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox

from tests.ui.orgs.records_street import open_kind
from tests.ui.read_only_check import org_page_reads, usable_inputs
from ui.orgs.detail import MEMBER_TAB
from ui.orgs.page import OrgPage
from ui.orgs.tree_model import NAME

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen

MOVE = Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemIsEditable


def _seat_combos(page: OrgPage) -> list[QComboBox]:
    table = page.detail.group.table
    return [table.cellWidget(r, 0) for r in range(table.rowCount())]  # type: ignore[misc]


def test_read_only_locks_every_control_that_writes_and_restores_them(
    page: OrgPage, ids: dict[str, int]
) -> None:
    detail, form = page.detail, page.detail.form
    page.select_org(ids["station"])
    detail.group.add_seat("组长", "李红", "书记")
    assert detail.save_button.isEnabled()  # an unsaved seat

    page.set_read_only(True)
    station = page.model.index_for_id(ids["station"])
    assert not page.model.flags(station) & MOVE
    assert page.model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags  # no drop at the top
    data = page.model.mimeData([page.model.index_for_id(ids["sunshine"])])
    assert not page.model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, station)
    assert page.tree.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not page.tree.dragEnabled()
    menu = page.tree_actions.menu(page.tree.visualRect(station).center())
    assert menu.actions() and not any(a.isEnabled() for a in menu.actions() if a.text())
    assert form.name_edit.isReadOnly() and form.secretary_edit.isReadOnly()
    assert not form.kind_combo.isEnabled() and not form.member_count_spin.isEnabled()
    assert not form.parent_button.isEnabled() and not form.term_end_edit.clear_button.isEnabled()
    assert not detail.save_button.isEnabled() and not detail.undo_button.isEnabled()
    assert not detail.members.buttons["新增"].isEnabled()
    assert detail.group.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not any(c.isEnabled() for c in _seat_combos(page))
    assert usable_inputs(page, org_page_reads(page)) == []

    page.set_read_only(False)
    assert page.model.flags(station) & MOVE == MOVE
    assert page.tree.dragEnabled()
    assert page.tree.editTriggers() == QAbstractItemView.EditTrigger.EditKeyPressed
    assert not form.name_edit.isReadOnly() and form.kind_combo.isEnabled()
    assert detail.save_button.isEnabled()  # the unsaved seat is still there
    assert detail.members.buttons["新增"].isEnabled()
    assert all(c.isEnabled() for c in _seat_combos(page))
    assert {"新增", "添加成员", "更改…", "保存"} <= set(usable_inputs(page, org_page_reads(page)))
    menu = page.tree_actions.menu(page.tree.visualRect(station).center())
    assert all(a.isEnabled() for a in menu.actions() if a.text())


def test_units_chosen_while_read_only_stay_locked(page: OrgPage, ids: dict[str, int]) -> None:
    page.set_read_only(True)
    page.select_org(ids["station"])
    members = page.detail.members
    assert not any(b.isEnabled() for b in members.buttons.values())  # set on every load
    assert not any(c.isEnabled() for c in _seat_combos(page))
    funds = open_kind(page, ids["station"], "专项经费")
    assert not funds.buttons["登记经费"].isEnabled()  # the unit has a brand to fund
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    first = members.model.index(0, 0)
    members.view.doubleClicked.emit(first)
    assert members._dialog is None  # no member form opens
    menu = members.build_menu(members.view.visualRect(first).center())
    enabled = [a.text() for a in menu.actions() if a.isEnabled() and a.text()]
    assert enabled == ["显示完整号码"]
    page.set_read_only(False)
    assert funds.buttons["登记经费"].isEnabled()
    assert all(b.isEnabled() for b in members.buttons.values())
    assert page.tree.model().flags(page.model.index_for_id(ids["station"], NAME)) & MOVE


def test_record_tabs_keep_their_open_buttons(page: OrgPage, ids: dict[str, int]) -> None:
    page.set_read_only(True)
    deeds = open_kind(page, ids["station"], "先进典型")
    assert deeds.buttons["打开材料"].isEnabled()
    assert not deeds.buttons["新增事迹"].isEnabled() and not deeds.buttons["添加材料"].isEnabled()
    assert not deeds.buttons["编辑"].isEnabled()
