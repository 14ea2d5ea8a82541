"""The organisation tree: lazy loading, add, rename, drag-and-drop moves, delete, bulk edits."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from ui.orgs.page import OrgPage
from ui.orgs.tree_cells import GRADE, NAME, SECTOR
from ui.orgs.tree_model import OrgTreeModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


class Boxes:
    """Records message boxes instead of showing them; answers questions with ``answer``."""

    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.shown: list[tuple[str, str]] = []

    def warning(self, _parent: Any, title: str, text: str, *_a: Any) -> Any:
        self.shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    def question(self, _parent: Any, title: str, text: str, *_a: Any) -> Any:
        self.shown.append((title, text))
        return self.answer


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """Patched QMessageBox.warning/question; questions answered 是."""
    recorder = Boxes(QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", recorder.warning)
    monkeypatch.setattr(QMessageBox, "question", recorder.question)
    return recorder


def name_of(model: OrgTreeModel, index: QModelIndex) -> str:
    return str(model.data(index.siblingAtColumn(NAME)))


def children_names(model: OrgTreeModel, parent: QModelIndex) -> list[str]:
    return [name_of(model, model.index(r, 0, parent)) for r in range(model.rowCount(parent))]


def test_model_loads_only_the_top_level_until_expanded(
    qapp: Any, orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    model = OrgTreeModel(orgs_ctx)
    assert model.loaded_count() == 1
    street = model.index(0, 0)
    assert model.hasChildren(street) and model.rowCount(street) == 0
    assert model.canFetchMore(street)
    model.fetchMore(street)
    assert children_names(model, street) == ["幸福驿站社区党委", "阳光社区党委", "街道机关党支部"]
    assert model.loaded_count() == 4
    qtmodeltester.check(model)


def test_page_opens_with_the_street_expanded_and_branches_not_loaded(page: OrgPage) -> None:
    street = page.model.index(0, 0)
    assert page.tree.isExpanded(street)
    assert page.model.loaded_count() == 4
    station = page.model.index(0, 0, street)
    assert page.model.data(station.siblingAtColumn(GRADE)) == "先进"
    assert page.model.data(station.siblingAtColumn(GRADE), Qt.ItemDataRole.ForegroundRole)
    assert page.model.data(station.siblingAtColumn(4)) == "驿站暖心"


def test_add_child_through_the_dialog(
    page: OrgPage, ids: dict[str, int], qtbot: QtBot, orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    station = OrgService(orgs_ctx).get(ids["station"])
    dialog = page.tree_actions.add_child(station)
    assert dialog.level_combo.currentText() == "基层单位"
    dialog.name_edit.setText("驿站第三党支部")
    with qtbot.waitSignal(page.model.rowsInserted):
        dialog._submit()
    created = OrgService(orgs_ctx).find("驿站第三党支部")
    assert created.parent_id == ids["station"]
    assert page.detail.org_id() == created.id
    assert name_of(page.model, page.tree.currentIndex()) == "驿站第三党支部"
    qtmodeltester.check(page.model)


def test_add_child_with_a_duplicate_name_shows_the_message_in_the_dialog(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext
) -> None:
    dialog = page.tree_actions.add_child(OrgService(orgs_ctx).get(ids["station"]))
    dialog.name_edit.setText("驿站第一党支部")
    dialog._submit()
    assert dialog.isVisible()
    assert "已有名为" in dialog.name_error.text() and dialog.name_error.isVisibleTo(dialog)


def test_rename_in_place_emits_data_changed(
    page: OrgPage, ids: dict[str, int], qtbot: QtBot, orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    page.select_org(ids["sunshine"])
    index = page.model.index_for_id(ids["sunshine"])
    with qtbot.waitSignal(page.model.dataChanged) as signal:
        assert page.model.setData(index, "阳光花园社区党委")
    assert signal.args[0].row() == index.row()
    assert OrgService(orgs_ctx).get(ids["sunshine"]).name == "阳光花园社区党委"
    assert page.detail.form.name_edit.text() in ("阳光社区党委", "阳光花园社区党委")
    qtmodeltester.check(page.model)


def test_drop_moves_a_unit_under_an_expanded_unit(
    page: OrgPage, ids: dict[str, int], qtbot: QtBot, orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    station = page.model.index_for_id(ids["station"])
    page.tree.expand(station)
    page.select_org(ids["sunshine"])
    dragged = page.tree.selectionModel().selectedRows()
    data = page.model.mimeData(dragged)
    with qtbot.waitSignals([page.model.rowsRemoved, page.model.rowsInserted]):
        assert page.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, station)
    assert OrgService(orgs_ctx).get(ids["sunshine"]).parent_id == ids["station"]
    moved = page.model.index_for_id(ids["sunshine"])
    assert moved.parent() == page.model.index_for_id(ids["station"])
    assert page.detail.org_id() == ids["sunshine"]
    assert "幸福驿站社区党委" in page.detail.path_label.text()
    qtmodeltester.check(page.model)


def test_drop_on_a_collapsed_unit_loads_its_children(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    organ = page.model.index_for_id(ids["organ"])
    sunshine = page.model.index_for_id(ids["sunshine"])
    data = page.model.mimeData([sunshine])
    assert page.model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, organ)
    organ = page.model.index_for_id(ids["organ"])
    assert children_names(page.model, organ) == ["阳光社区党委"]
    assert OrgService(orgs_ctx).get(ids["sunshine"]).parent_id == ids["organ"]
    qtmodeltester.check(page.model)


def test_a_cycle_is_refused_with_a_chinese_message(
    page: OrgPage, ids: dict[str, int], boxes: Boxes, orgs_ctx: AppContext
) -> None:
    street = page.model.index_for_id(ids["street"])
    station = page.model.index_for_id(ids["station"])
    page.tree.expand(station)
    first = page.model.index_for_id(ids["first"])
    before = children_names(page.model, station)
    data = page.model.mimeData([station])
    assert not page.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, first)
    assert boxes.shown and "循环" in boxes.shown[-1][1]
    assert OrgService(orgs_ctx).get(ids["station"]).parent_id == ids["street"]
    assert page.model.index_for_id(ids["station"]).parent() == street
    assert children_names(page.model, page.model.index_for_id(ids["station"])) == before


def test_dropping_on_itself_is_not_accepted(page: OrgPage, ids: dict[str, int]) -> None:
    station = page.model.index_for_id(ids["station"])
    data = page.model.mimeData([station])
    assert not page.model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, station)


def test_delete_asks_and_removes(
    page: OrgPage, ids: dict[str, int], boxes: Boxes, orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    page.select_org(ids["second"])
    row = page.detail.row()
    assert row is not None
    assert page.tree_actions.delete(row)
    assert boxes.shown[0][0] == "删除组织"
    assert not page.model.index_for_id(ids["second"]).isValid()
    assert [r.id for r in OrgService(orgs_ctx).children(ids["station"])] == [ids["first"]]
    assert page.detail.org_id() != ids["second"]
    qtmodeltester.check(page.model)


def test_delete_answered_no_changes_nothing(
    page: OrgPage, ids: dict[str, int], boxes: Boxes, orgs_ctx: AppContext
) -> None:
    boxes.answer = QMessageBox.StandardButton.No
    assert not page.tree_actions.delete(OrgService(orgs_ctx).get(ids["organ"]))
    assert page.model.index_for_id(ids["organ"]).isValid()


def test_delete_refused_by_the_service_shows_why(
    page: OrgPage, ids: dict[str, int], boxes: Boxes, orgs_ctx: AppContext
) -> None:
    assert not page.tree_actions.delete(OrgService(orgs_ctx).get(ids["station"]))
    title, text = boxes.shown[-1]
    assert title == "不能删除" and "250 名党员" in text and "下级组织" in text
    assert page.model.index_for_id(ids["station"]).isValid()


def test_move_to_through_the_unit_picker(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext
) -> None:
    organ = OrgService(orgs_ctx).get(ids["organ"])
    picker = page.tree_actions.move_to([organ])
    picker.tree.expand(picker.model.index(0, 0))
    picker.select_id(ids["sunshine"])
    picker._accept()
    assert OrgService(orgs_ctx).get(ids["organ"]).parent_id == ids["sunshine"]
    assert page.model.index_for_id(ids["organ"]).parent() == page.model.index_for_id(
        ids["sunshine"]
    )


def test_bulk_grade_updates_the_loaded_rows(
    page: OrgPage, ids: dict[str, int], qtbot: QtBot, orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    rows = [OrgService(orgs_ctx).get(ids[k]) for k in ("sunshine", "organ")]
    dialog = page.tree_actions.bulk_grade(rows)
    dialog.combo.setCurrentText("先进")
    with qtbot.waitSignal(page.model.dataChanged):
        dialog.accept()
    for key in ("sunshine", "organ"):
        assert OrgService(orgs_ctx).get(ids[key]).grade == "先进"
        assert page.model.data(page.model.index_for_id(ids[key], GRADE)) == "先进"
    page.tree_actions.apply_bulk([ids["organ"]], "sector", None)
    assert page.model.data(page.model.index_for_id(ids["organ"], SECTOR)) == ""
    page.tree_actions.apply_bulk([ids["organ"]], "is_demo_point", False)
    assert not OrgService(orgs_ctx).get(ids["organ"]).is_demo_point
    qtmodeltester.check(page.model)


def test_context_menu_offers_bulk_edits_for_a_multi_selection(
    page: OrgPage, ids: dict[str, int]
) -> None:
    model, tree = page.model, page.tree
    for key in ("sunshine", "organ"):
        index = model.index_for_id(ids[key])
        tree.selectionModel().select(
            index,
            tree.selectionModel().SelectionFlag.Select | tree.selectionModel().SelectionFlag.Rows,
        )
    rect = tree.visualRect(model.index_for_id(ids["organ"]))
    menu = page.tree_actions.menu(rect.center())
    texts = [a.text() for a in menu.actions()]
    assert "移动 2 个组织到…" in texts
    bulk = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert [a.text() for a in bulk.actions()] == ["领域…", "评定等次…", "示范点…"]
    single = page.tree_actions.menu(tree.visualRect(model.index_for_id(ids["street"])).center())
    assert [a.text() for a in single.actions() if a.text()][:3] == [
        "新增下级组织…",
        "重命名",
        "移动到…",
    ]


def test_a_big_tree_opens_with_only_the_top_levels_loaded(qtbot: QtBot, ctx: AppContext) -> None:
    from brandoffice.model import Organisation

    rows: list[dict[str, Any]] = []

    def add(i: int, name: str, parent: int | None, kind: str, level: str) -> None:
        rows.append(
            {
                "id": i,
                "parent_id": parent,
                "name": name,
                "initials": "",
                "kind": kind,
                "level": level,
                "member_count": 0,
                "is_demo_point": False,
                "sort_order": 0,
            }
        )

    add(1, "幸福街道党工委", None, "党工委", "街道乡镇")
    add(2, "直属党组织", None, "党委", "街道乡镇")
    for c in range(30):
        community = 10 + c * 100
        add(community, f"第{c + 1}社区党委", 1, "党委", "村社区")
        for b in range(1, 100):
            add(community + b, f"第{b}党支部", community, "党支部", "基层单位")
    for b in range(1200):
        add(10_000 + b, f"直属第{b + 1}党支部", 2, "党支部", "基层单位")
    with ctx.db.write.begin() as s:
        s.execute(Organisation.__table__.insert(), rows)
    page = OrgPage(ctx, None)
    qtbot.addWidget(page)
    # the street's 30 communities are fetched; the unit with 1,200 direct children waits
    assert page.model.loaded_count() == 2 + 30
    assert not page.tree.isExpanded(page.model.index(1, 0))
    assert page.select_org(10 + 29 * 100 + 99)
    assert page.model.loaded_count() == 2 + 30 + 99
