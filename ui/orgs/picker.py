"""A dialog to pick a unit from the (lazy) tree or by search."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from brandoffice.services.context import AppContext
from ui.headers import keep_columns
from ui.orgs.search import DEBOUNCE_MS, HIT_ROLE, HitModel, SearchHit, search_hits
from ui.orgs.tree_model import NAME, OrgTreeModel
from ui.orgs.widgets import ErrorLabel
from ui.widgets import dialog_layout


class UnitPicker(QDialog):
    """Choose a target unit; optionally "no parent" (top level).

    Open it with ``open()`` and read :meth:`chosen` after ``accepted``.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        title: str,
        prompt: str,
        *,
        allow_root: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.ctx = ctx
        self._allow_root = allow_root
        self.model = OrgTreeModel(ctx, self, editable=False)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setColumnWidth(NAME, 280)
        for column in range(1, self.model.columnCount()):
            self.tree.setColumnHidden(column, column > 2)
        keep_columns(self.tree)
        self.tree.doubleClicked.connect(lambda _i: self._accept())
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("输入名称或拼音首字母查找")
        self.search.setClearButtonEnabled(True)
        self.hits = HitModel(self)
        self.results = QListView(self)
        self.results.setModel(self.hits)
        self.results.doubleClicked.connect(lambda _i: self._accept())
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.results)
        self.root_box = QCheckBox("移到最顶层（无上级组织）", self)
        self.root_box.setVisible(allow_root)
        self.root_box.toggled.connect(lambda on: self.stack.setEnabled(not on))
        self.error = ErrorLabel(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._search)
        self.search.textEdited.connect(lambda _t: self.timer.start())
        dialog_layout(
            self,
            QLabel(prompt, self),
            self.search,
            (self.stack, 1),
            self.root_box,
            self.error,
            on_ok=self._accept,
        )
        self.resize(520, 560)
        if self.model.rowCount() == 1:
            self.tree.expand(self.model.index(0, 0))

    def _search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.stack.setCurrentWidget(self.tree)
            return
        self.hits.set_hits(search_hits(self.ctx, text, members=False), "未找到匹配的组织")
        self.results.setCurrentIndex(self.hits.index(0, 0))
        self.stack.setCurrentWidget(self.results)

    def select_id(self, org_id: int) -> None:
        """Pre-select a unit in the tree (tests and "same as before" defaults)."""
        index = self.model.index_for_id(org_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def chosen(self) -> tuple[bool, int | None]:
        """Return (made a choice, unit id or None for top level)."""
        if self._allow_root and self.root_box.isChecked():
            return True, None
        if self.stack.currentWidget() is self.results:
            hit = self.hits.data(self.results.currentIndex(), HIT_ROLE)
            return (True, hit.id) if isinstance(hit, SearchHit) else (False, None)
        index: QModelIndex = self.tree.currentIndex()
        row = self.model.row_for(index)
        return (True, row.id) if row is not None else (False, None)

    def ask(self, chosen: Callable[[int], object], *, select: int | None = None) -> UnitPicker:
        """Open the picker (window-modal) at ``select``; ``chosen`` gets the unit picked."""
        if select is not None:
            self.select_id(select)
        self.accepted.connect(lambda: self._answer(chosen))
        self.open()
        return self

    def _answer(self, chosen: Callable[[int], object]) -> None:
        made, org_id = self.chosen()
        if made and org_id is not None:
            chosen(org_id)

    def _accept(self) -> None:
        made, _org_id = self.chosen()
        if not made:
            self.error.set_message("请先选择一个组织")
            return
        self.accept()


def pick_unit(
    ctx: AppContext,
    parent: QWidget,
    title: str,
    prompt: str,
    chosen: Callable[[int], object],
    *,
    select: int | None = None,
) -> UnitPicker:
    """Open a window-modal picker that calls ``chosen`` with the unit picked, then goes."""
    picker = UnitPicker(ctx, parent, title, prompt)
    picker.finished.connect(picker.deleteLater)
    return picker.ask(chosen, select=select)
