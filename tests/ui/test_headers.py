"""Column widths stay: across model resets, refreshes, imports and restarts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView, QTreeView, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from tests.ui.test_main_window import idle, installed_window
from ui.headers import keep_columns, view_path
from ui.orgs.detail import MEMBER_TAB
from ui.orgs.page import OrgPage
from ui.orgs.tree_cells import MEMBERS, NAME

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


class Numbers(QAbstractTableModel):
    """Three columns of numbers, re-read with a model reset."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = 3

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return index.row() * 10 + index.column() if role == Qt.ItemDataRole.DisplayRole else None

    def reload(self) -> None:
        self.beginResetModel()
        self.rows += 1
        self.endResetModel()


class Host(QWidget):
    """A window that offers ``settings`` as the main window does."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.view = QTableView(self)
        self.model = Numbers()
        self.view.setModel(self.model)
        QVBoxLayout(self).addWidget(self.view)


def test_a_reset_keeps_the_widths(qtbot: QtBot, settings: QSettings) -> None:
    host = Host(settings)
    qtbot.addWidget(host)
    keep_columns(host.view)
    host.show()
    host.view.setColumnWidth(1, 234)
    host.model.reload()
    assert host.view.columnWidth(1) == 234


@pytest.mark.parametrize("kept", [True, False])
def test_columns_dropped_and_put_back_keep_their_widths_only_when_kept(
    qtbot: QtBot, kept: bool
) -> None:
    # What QStandardItemModel.clear() did to the organisation tree on every refresh.
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["名称", "党员数"])
    view = QTreeView()
    view.setModel(model)
    qtbot.addWidget(view)
    if kept:
        keep_columns(view)
    view.show()
    view.setColumnWidth(0, 345)
    model.clear()
    model.setHorizontalHeaderLabels(["名称", "党员数"])
    assert view.columnWidth(0) == (345 if kept else view.header().defaultSectionSize())


def test_widths_are_saved_on_close_and_restored_on_first_show(
    qtbot: QtBot, settings: QSettings
) -> None:
    first = Host(settings)
    qtbot.addWidget(first)
    keeper = keep_columns(first.view, fit=(0,))
    first.show()
    assert keeper.key() == f"columns/{view_path(first.view)}"
    first.view.setColumnWidth(0, 61)
    first.view.setColumnWidth(2, 177)
    first.close()
    again = Host(settings)
    qtbot.addWidget(again)
    keep_columns(again.view, fit=(0,))  # nothing is fitted when widths were saved
    again.show()
    assert (again.view.columnWidth(0), again.view.columnWidth(2)) == (61, 177)


def test_a_first_show_fits_the_named_columns(qtbot: QtBot, settings: QSettings) -> None:
    host = Host(settings)
    qtbot.addWidget(host)
    keep_columns(host.view, fit=(0,))
    host.show()
    assert host.view.columnWidth(0) == host.view.sizeHintForColumn(0) or (
        host.view.columnWidth(0) == host.view.horizontalHeader().sectionSizeHint(0)
    )
    assert host.view.columnWidth(1) == host.view.horizontalHeader().defaultSectionSize()


def test_the_org_tree_keeps_its_widths_across_refresh_import_and_restart(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    window = installed_window(qtbot, street_ctx, settings)
    window.show()
    window.show_page("orgs")
    QApplication.processEvents()
    page = window.page("orgs")
    assert isinstance(page, OrgPage)
    name = page.tree.fontMetrics().horizontalAdvance("幸福驿站社区第一网格党支部")
    assert page.tree.columnWidth(NAME) > name  # a long name fits at first
    page.tree.setColumnWidth(NAME, 345)
    page.tree.setColumnWidth(MEMBERS, 71)
    page.reload()
    assert (page.tree.columnWidth(NAME), page.tree.columnWidth(MEMBERS)) == (345, 71)
    window.reload_current()  # 刷新
    window.notify_data_changed("import")
    QApplication.processEvents()
    assert (page.tree.columnWidth(NAME), page.tree.columnWidth(MEMBERS)) == (345, 71)
    assert window.close()
    idle(qtbot, window)

    again = installed_window(qtbot, street_ctx, settings)
    again.show()
    QApplication.processEvents()
    tree = again.page("orgs").tree  # type: ignore[attr-defined]
    assert (tree.columnWidth(NAME), tree.columnWidth(MEMBERS)) == (345, 71)
    again.close()
    idle(qtbot, again)


def test_the_member_table_keeps_its_widths_from_unit_to_unit(
    qtbot: QtBot, street_ctx: AppContext
) -> None:
    page = OrgPage(street_ctx, None)
    qtbot.addWidget(page)
    page.show()
    orgs = OrgService(street_ctx)
    assert page.select_org(orgs.find("和平社区党委").id)
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    view = page.detail.members.view
    view.setColumnWidth(0, 133)
    assert page.select_org(orgs.find("临江社区党委").id)
    assert view.columnWidth(0) == 133
