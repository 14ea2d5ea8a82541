"""A clerk's first day: a three-level tree built in the window from an empty database."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.ui.shown import shown
from ui.orgs import dialogs
from ui.orgs.dialogs import NewOrgDialog, set_combo_value
from ui.orgs.page import OrgPage
from ui.orgs.picker import UnitPicker
from ui.orgs.runner import ImmediateRunner
from ui.orgs.tree_cells import NAME
from ui.orgs.tree_model import OrgTreeModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen

Tree = dict[str, "Tree"]


@pytest.fixture
def empty_page(qtbot: QtBot, ctx: AppContext) -> OrgPage:
    """The organisation page on a database made by ``init`` (no unit at all), shown."""
    return shown(qtbot, OrgPage(ctx, ImmediateRunner()))


def seen(page: OrgPage, parent: QModelIndex | None = None) -> Tree:
    """Return the units the clerk sees: the rows under open units only, nothing fetched."""
    parent = parent or QModelIndex()
    model, found = page.model, {}
    for position in range(model.rowCount(parent)):
        index = model.index(position, NAME, parent)
        found[str(index.data())] = seen(page, index) if page.tree.isExpanded(index) else {}
    return found


def stored(ctx: AppContext, parent_id: int | None = None) -> Tree:
    """Return the tree as the database has it."""
    return {r.name: stored(ctx, r.id) for r in OrgService(ctx).children(parent_id)}


def fill_new_unit(page: OrgPage, name: str, kind: str) -> None:
    """Fill the open new-unit dialog and press 确定."""
    dialog = page.tree_actions.dialog
    assert isinstance(dialog, NewOrgDialog) and dialog.isVisible()
    dialog.name_edit.setText(name)
    set_combo_value(dialog.kind_combo, kind)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible(), dialog.error.text() + dialog.name_error.text()


def add_under(page: OrgPage, ctx: AppContext, parent: str, name: str, kind: str) -> None:
    """Select ``parent`` in the tree and add a unit under it from the toolbar."""
    assert page.select_org(OrgService(ctx).find(parent).id)
    page.new_action.trigger()
    fill_new_unit(page, name, kind)


def move(page: OrgPage, ctx: AppContext, name: str, target: str | None) -> None:
    """Move a unit through 移动到… and the unit picker (top level for None)."""
    orgs = OrgService(ctx)
    row = orgs.find(name)
    assert page.select_org(row.id)
    picker = page.tree_actions.move_to([row])
    assert isinstance(picker, UnitPicker)
    if target is None:
        picker.root_box.setChecked(True)
    else:
        picker.search.setText(target)
        picker._search()  # what the search box's pause starts
        assert picker.chosen() == (True, orgs.find(target).id)
    picker._accept()
    assert not picker.isVisible()


def test_a_three_level_tree_is_built_from_an_empty_database(
    empty_page: OrgPage,
    ctx: AppContext,
    qtbot: QtBot,
    qtmodeltester: Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.ERROR)
    page = empty_page
    warned: list[str] = []
    monkeypatch.setattr(dialogs, "warn", lambda _p, text, *_a: warned.append(text))
    monkeypatch.setattr("ui.orgs.page.warn", lambda _p, text, *_a: warned.append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)

    def check(expected: Tree) -> None:
        assert seen(page) == expected == stored(ctx)
        assert page.left.currentWidget() is (page.tree if expected else page.left.widget(1))
        qtmodeltester.check(page.model)
        assert not warned
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    # The empty tree says so and offers the button.
    check({})
    assert page.empty_new_button.isVisible() and not page.tree.isVisible()
    page.empty_new_button.click()
    fill_new_unit(page, "幸福街道党工委", "党工委")
    check({"幸福街道党工委": {}})
    assert page.tree.isVisible()
    assert page.detail.row() is not None and page.detail.row().name == "幸福街道党工委"

    # Children and grandchildren show at once, under their open parents.
    add_under(page, ctx, "幸福街道党工委", "和平社区党委", "党委")
    add_under(page, ctx, "幸福街道党工委", "临江社区党委", "党委")
    add_under(page, ctx, "和平社区党委", "和平第一党支部", "党支部")
    add_under(page, ctx, "和平社区党委", "和平第二党支部", "党支部")
    street = {
        "和平社区党委": {"和平第一党支部": {}, "和平第二党支部": {}},
        "临江社区党委": {},
    }
    check({"幸福街道党工委": street})

    # A second top unit from the toolbar's menu, with nothing selected.
    page.tree.setCurrentIndex(QModelIndex())
    top_menu = page.new_action.menu()
    assert top_menu is not None
    next(a for a in top_menu.actions() if a.text() == "新增顶层组织…").trigger()
    fill_new_unit(page, "城区党建联合会", "党委")
    check({"幸福街道党工委": street, "城区党建联合会": {}})

    # The street with its whole subtree under the new top unit: nothing vanishes.
    move(page, ctx, "幸福街道党工委", "城区党建联合会")
    check({"城区党建联合会": {"幸福街道党工委": street}})
    assert page.detail.row() is not None and page.detail.row().name == "幸福街道党工委"

    # A grandchild moves up to another parent, then a unit back to the top.
    move(page, ctx, "和平第二党支部", "临江社区党委")
    street = {"和平社区党委": {"和平第一党支部": {}}, "临江社区党委": {"和平第二党支部": {}}}
    check({"城区党建联合会": {"幸福街道党工委": street}})
    move(page, ctx, "临江社区党委", None)
    del street["临江社区党委"]
    check(
        {
            "城区党建联合会": {"幸福街道党工委": street},
            "临江社区党委": {"和平第二党支部": {}},
        }
    )

    # Rename in place: the editor opened by 重命名, typed, Enter.
    index = page.model.index_for_id(OrgService(ctx).find("和平第一党支部").id)
    page.tree.edit(index)
    editor = page.tree.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setText("和平花园党支部")
    with qtbot.waitSignal(page.model.dataChanged):  # the delegate commits queued
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    street["和平社区党委"] = {"和平花园党支部": {}}
    check(
        {
            "城区党建联合会": {"幸福街道党工委": street},
            "临江社区党委": {"和平第二党支部": {}},
        }
    )

    # Delete the leaves, then the emptied units, down to an empty tree again.
    for name in ("和平第二党支部", "临江社区党委", "和平花园党支部"):
        assert page.tree_actions.delete(OrgService(ctx).find(name))
    street = {"和平社区党委": {}}
    check({"城区党建联合会": {"幸福街道党工委": street}})
    for name in ("和平社区党委", "幸福街道党工委", "城区党建联合会"):
        assert page.tree_actions.delete(OrgService(ctx).find(name))
    check({})
    assert page.empty_new_button.isVisible()


def test_a_refresh_and_a_move_keep_a_new_tree_whole(
    empty_page: OrgPage, ctx: AppContext, qtmodeltester: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    page = empty_page
    page.empty_new_button.click()
    fill_new_unit(page, "幸福街道党工委", "党工委")
    add_under(page, ctx, "幸福街道党工委", "和平社区党委", "党委")
    page.reload()
    add_under(page, ctx, "和平社区党委", "和平第一党支部", "党支部")
    page.tree.setCurrentIndex(QModelIndex())
    page.tree_actions.add_child(None)
    fill_new_unit(page, "城区党建联合会", "党委")
    before = seen(page)
    assert before == stored(ctx)
    page.reload()  # what was open stays open
    assert seen(page) == before
    move(page, ctx, "幸福街道党工委", "城区党建联合会")
    expected = {"城区党建联合会": {"幸福街道党工委": {"和平社区党委": {"和平第一党支部": {}}}}}
    assert seen(page) == expected == stored(ctx)
    qtmodeltester.check(page.model)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_toolbar_and_the_empty_button_are_locked_while_read_only(empty_page: OrgPage) -> None:
    empty_page.set_read_only(True)
    assert not empty_page.new_action.isEnabled()
    assert not empty_page.empty_new_button.isEnabled()
    empty_page.set_read_only(False)
    assert empty_page.new_action.isEnabled() and empty_page.empty_new_button.isEnabled()


def test_cells_deleted_by_qt_leave_no_live_python_side(qapp: Any, ctx: AppContext) -> None:
    # A stale wrapper would be handed out for the next object at the same address
    # (a QAction came back as a QStandardItem; the test run crashed).
    orgs = OrgService(ctx)
    model = OrgTreeModel(ctx)
    top = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    model.add_org(top)
    leaf = orgs.create(OrgDraft(name="和平社区党委", kind="党委", level="村社区", parent_id=top.id))
    model.add_org(leaf)
    leaf_cells = [model.itemFromIndex(model.index_for_id(leaf.id, c)) for c in range(6)]
    orgs.delete(leaf.id)
    model.remove_org(leaf.id)
    assert not any(shiboken6.isValid(cell) for cell in leaf_cells)
    top_cell = model.itemFromIndex(model.index_for_id(top.id))
    model.reload()
    assert not shiboken6.isValid(top_cell)
    assert model.index_for_id(top.id).data() == "幸福街道党工委"


def test_the_demo_street_moves_under_a_new_top_unit_whole(
    qtbot: QtBot, demo_ctx: AppContext, qtmodeltester: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    page = OrgPage(demo_ctx, ImmediateRunner())
    qtbot.addWidget(page)
    page.show()
    street = OrgService(demo_ctx).children(None)[0]
    before = seen(page)[street.name]
    page.tree.setCurrentIndex(QModelIndex())
    page.tree_actions.add_child(None)
    fill_new_unit(page, "城区党建联合会", "党委")
    move(page, demo_ctx, street.name, "城区党建联合会")
    assert seen(page)["城区党建联合会"] == {street.name: before}
    assert (
        OrgService(demo_ctx).get(street.id).parent_id
        == OrgService(demo_ctx).find("城区党建联合会").id
    )
    qtmodeltester.check(page.model)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
