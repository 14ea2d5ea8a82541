"""The organisation page: search on top, the unit tree left, the selected unit right."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QWidget,
)

from brandoffice.errors import NotFoundError
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import OrgRow
from ui import dialogs
from ui.flag import Flag
from ui.headers import keep_columns
from ui.orgs.detail import MEMBER_TAB, OrgDetail
from ui.orgs.dialogs import warn
from ui.orgs.runner import ImmediateRunner, Runner
from ui.orgs.search import SearchBox
from ui.orgs.tree_actions import TreeActions
from ui.orgs.tree_model import BRANDS, GRADE, KIND, MEMBERS, NAME, SECTOR, OrgTreeModel
from ui.readonly import ReadOnlyControls
from ui.widgets import empty_page, select_row, stack, two_panes

TYPICAL_NAME = "幸福驿站社区第一网格党支部"
COLUMN_WIDTHS = {NAME: 230, KIND: 84, SECTOR: 66, MEMBERS: 52, BRANDS: 100, GRADE: 64}
AUTO_EXPAND_ROOTS = 3
AUTO_EXPAND_CHILDREN = 1000


class OrgPage(QWidget):
    """Keeps the organisation tree, the units' details and their members.

    Args:
        ctx: The services' context.
        runner: Runs slow reads off the UI thread (``ui.tasks.TaskRunner``);
            None runs them at once.
        parent: The owning widget.
    """

    def __init__(
        self, ctx: AppContext, runner: Runner | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner: Runner = runner if runner is not None else ImmediateRunner()
        self.orgs = OrgService(ctx)
        self.search = SearchBox(ctx, self)
        self.model = OrgTreeModel(
            ctx, self, open_roots=AUTO_EXPAND_ROOTS, open_limit=AUTO_EXPAND_CHILDREN
        )
        self.tree = QTreeView(self)
        self._setup_tree()
        self.detail = OrgDetail(ctx, self.runner, self)
        self.tree_actions = TreeActions(ctx, self.tree, self.model, self._guard)
        self.new_button = self._new_button()
        self.left = QStackedWidget(self)
        self.left.addWidget(self.tree)
        self.left.addWidget(self._empty_page())
        self._splitter = two_panes(
            QSplitter(Qt.Orientation.Horizontal, self), self.left, self.detail, (2, 3), [650, 850]
        )
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(QLabel("查找：", self))
        top.addWidget(self.search, 1)
        stack(self, top, (self._splitter, 1))
        self._quiet = Flag()  # raised while the page itself moves the current row
        self._kept: int | None = None
        self._open: list[int] = []  # units open in the view while a move runs
        self.controls = ReadOnlyControls(
            writes=[self.tree, self.new_action, self.empty_new_button], parts=[self.detail]
        )
        self.tree_actions.controls = self.controls
        self._connect()
        self._expand_top()
        self._show_empty()

    def _new_button(self) -> QToolButton:
        """Return the top row's 新增组织 button (its menu adds a top-level unit)."""
        self.new_action = QAction("新增组织…", self)
        self.new_action.setToolTip("在所选组织下新增下级组织；未选组织时新增顶层组织")
        self.new_action.triggered.connect(self.add_org)
        menu = QMenu(self)
        menu.addAction("新增下级组织…", self.add_org)
        menu.addAction("新增顶层组织…", lambda: self.tree_actions.add_child(None))
        self.new_action.setMenu(menu)
        button = QToolButton(self)
        button.setDefaultAction(self.new_action)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        return button

    def _empty_page(self) -> QWidget:
        page, self.empty_new_button = empty_page(
            self,
            "还没有组织。\n先新增顶层组织（街道党工委或镇党委），再在它下面新增社区、村"
            "和各党支部；也可从 Excel 导入组织名单。",
            "新增组织…",
            lambda: self.tree_actions.add_child(None),
        )
        return page

    def _show_empty(self) -> None:
        """Show the hint with its button while the tree has no unit, else the tree."""
        self.left.setCurrentIndex(0 if self.model.rowCount() else 1)

    def _setup_tree(self) -> None:
        tree = self.tree
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setDropIndicatorShown(True)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        for column, width in COLUMN_WIDTHS.items():
            tree.setColumnWidth(column, width)
        # Wide enough for a long unit name three levels down, with its icon.
        name = tree.fontMetrics().horizontalAdvance(TYPICAL_NAME) + 3 * tree.indentation() + 28
        tree.setColumnWidth(NAME, max(COLUMN_WIDTHS[NAME], name))
        keep_columns(tree, fit=(KIND, MEMBERS, GRADE))

    def _connect(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.customContextMenuRequested.connect(self.tree_actions.show_menu)
        self.model.refused.connect(lambda message: warn(self, message))
        self.model.guard = self._guard
        self.model.moveStarting.connect(self._move_starting)
        self.model.moveFinished.connect(self._move_finished)
        self.tree_actions.created.connect(self.select_org)
        self.tree_actions.changed.connect(self._units_changed)
        self.tree_actions.deleted.connect(self._unit_deleted)
        self.detail.saved.connect(self._detail_saved)
        self.detail.reloaded.connect(self._detail_saved)
        self.search.orgChosen.connect(self.select_org)
        self.search.memberChosen.connect(self.select_member)
        self.model.rowsInserted.connect(self._show_empty)
        self.model.rowsRemoved.connect(self._show_empty)

    def _expand_top(self) -> None:
        # The model has read the children of a few top units with its top level, never
        # the whole tree; a unit with thousands of direct children waits to be opened.
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.model.rowCount(index) > 0:
                self.tree.expand(index)

    # -- public API ------------------------------------------------------------
    def splitter(self) -> QSplitter:
        """Return the splitter (the main window saves and restores its state)."""
        return self._splitter

    def add_org(self) -> None:
        """Open the new-unit dialog under the current unit (top level when none)."""
        self.tree_actions.add_child(self.model.row_for(self.tree.currentIndex()))

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock renaming, dragging and the menu of the tree and the detail's edits."""
        self.model.editable = not read_only
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def has_unsaved_changes(self) -> bool:
        """Tell whether the selected unit has edits not yet saved."""
        return self.detail.has_unsaved_changes()

    def save_or_discard(self) -> bool:
        """Ask 保存/放弃/取消 when there are unsaved edits.

        Returns:
            False when the clerk chose 取消 or the save was refused; True otherwise.
        """
        return dialogs.save_or_discard(self.detail, lambda name: dialogs.ask_save(self, name))

    def reload(self) -> None:
        """Re-read everything (after an import or a restore); unsaved edits are dropped.

        The units open before stay open (those still there).
        """
        current = self.detail.org_id()
        opened = self._expanded_ids()  # parents before their children
        with self._quiet:
            self.model.reload()
        self._expand_top()
        self._reopen(opened)
        self.detail.show_org(None)
        if current is not None:
            self.select_org(current)

    def select_org(self, org_id: int) -> bool:
        """Select a unit, fetching and expanding its ancestors on the way.

        Returns:
            True when the unit is now shown (False if missing or the clerk cancelled).
        """
        try:
            chain = self._chain(org_id)
        except NotFoundError:
            return False
        index = self.model.reveal_path(chain)
        if not index.isValid():
            return False
        self._expand_to(index)
        select_row(self.tree, index)
        return self.detail.org_id() == org_id

    def select_member(self, member_id: int) -> bool:
        """Select a member's unit, open the 党员 tab and select the member.

        Returns:
            True when the member row is selected.
        """
        try:
            member = MemberService(self.ctx).get(member_id)
        except NotFoundError:
            return False
        if not self.select_org(member.org_id):
            return False
        self.detail.tabs.setCurrentIndex(MEMBER_TAB)
        return self.detail.members.select_member(member_id)

    # -- reactions -------------------------------------------------------------
    def _chain(self, org_id: int) -> list[int]:
        chain: list[int] = []
        current: int | None = org_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.orgs.get(current).parent_id
        return list(reversed(chain))

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._quiet:
            return
        row = self.model.row_for(current)
        new_id = row.id if row is not None else None
        if new_id == self.detail.org_id():
            return
        if not self.save_or_discard():
            with self._quiet:
                select_row(self.tree, previous, scroll=False)
            return
        self.detail.show_org(new_id)

    def _expand_to(self, index: QModelIndex) -> None:
        """Open the ancestors of ``index`` (an invalid index opens nothing)."""
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()

    def _reopen(self, org_ids: list[int]) -> None:
        """Open units again, parents first (their children are read on the way).

        The view only stores an expansion while a layout is pending, so the children of
        a unit not read yet are read here, before its open children are looked up.
        """
        for org_id in org_ids:
            index = self.model.index_for_id(org_id)
            if self.model.canFetchMore(index):
                self.model.fetchMore(index)
            self.tree.expand(index)

    def _expanded_ids(self) -> list[int]:
        """Return the units open in the view (walking open units only)."""
        found: list[int] = []
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for position in range(self.model.rowCount(parent)):
                index = self.model.index(position, NAME, parent)
                row = self.model.row_for(index)
                if row is not None and self.tree.isExpanded(index):
                    found.append(row.id)
                    pending.append(index)
        return found

    def _guard(self, ids: list[int]) -> bool:
        if self.detail.org_id() in ids:
            return self.save_or_discard()
        return True

    def _units_changed(self, ids: list[int]) -> None:
        if self.detail.org_id() in ids:
            self.detail.reload()

    def _unit_deleted(self, org_id: int) -> None:
        # Called before the row leaves the model: its form is dropped without asking.
        if self.detail.org_id() == org_id:
            self.detail.show_org(None)

    def _detail_saved(self, row: OrgRow | None) -> None:
        # A new parent may take the row out of the view: keep showing the saved unit.
        if row is None:
            return
        with self._quiet:
            self.model.update_rows([row])
        self.select_org(row.id)

    def _move_starting(self) -> None:
        self._kept = self.detail.org_id()
        self._open = self._expanded_ids()
        self._quiet.raised = True

    def _move_finished(self, ids: list[int]) -> None:
        # A moved row is taken out and put back closed: open again what was open, and
        # the new parents, so the moved units show where they went.
        self._quiet.raised = False
        opened, self._open = self._open, []
        for org_id in ids:
            self._expand_to(self.model.index_for_id(org_id))
        self._reopen(opened)
        kept, self._kept = self._kept, None
        if kept is None:
            return
        if not self.detail.has_unsaved_changes():
            self.detail.reload()  # new version number and path
        self.select_org(kept)
