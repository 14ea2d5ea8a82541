"""The 党员 tab: a paged member table with add, edit, delete, transfer and reveal."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.safety.permissions import Action
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.rows import MemberRow
from ui.headers import keep_columns
from ui.orgs import dialogs
from ui.orgs.member_dialog import MemberDialog
from ui.orgs.member_model import ID_NUMBER, NAME, PHONE, MemberTableModel
from ui.orgs.picker import UnitPicker
from ui.orgs.records.member_records import MemberRecordsPanel
from ui.orgs.runner import ImmediateRunner, Runner
from ui.readonly import ReadOnlyControls, enable
from ui.safety.access import access_of
from ui.widgets import stack, two_panes


class MemberPanel(QWidget):
    """Members of the selected unit.

    Signals:
        changed: Members were added, removed or moved (counts may differ).
    """

    changed = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = MemberService(ctx)
        self.model = MemberTableModel(ctx, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((NAME, 80), (ID_NUMBER, 170), (PHONE, 110)):
            self.view.setColumnWidth(column, width)
        keep_columns(self.view)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.count_label = QLabel(self)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        for text, slot in (
            ("新增", self.add),
            ("编辑", self.edit_selected),
            ("删除", self.delete_selected),
            ("转移到其他组织", self.transfer_selected),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[text] = button
        # Through the button: a disabled 编辑 (read-only, no unit) opens nothing.
        self.view.doubleClicked.connect(lambda _i: self.buttons["编辑"].click())
        self.records = MemberRecordsPanel(ctx, runner or ImmediateRunner(), self)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.split = two_panes(
            QSplitter(Qt.Orientation.Vertical, self), self.view, self.records, (3, 2), [380, 240]
        )
        stack(self, bar, (self.split, 1))
        self._dialog: MemberDialog | UnitPicker | None = None
        self.controls = ReadOnlyControls(writes=self.buttons.values())
        self.model.modelReset.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self._update_count()

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock adding, editing, deleting and moving members (finding and revealing stay)."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def set_org(self, org_id: int | None) -> None:
        """Show the members of a unit."""
        self.model.set_org(org_id)
        self.records.set_member(None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        valid = current.isValid() and current.row() < self.model.rowCount()
        self.records.set_member(self.model.row_at(current.row()) if valid else None)

    def _update_count(self) -> None:
        org = self.model.org_id()
        self.count_label.setText("" if org is None else f"共 {self.model.total()} 名党员")
        for button in self.buttons.values():
            enable(button, org is not None)

    def selected_rows(self) -> list[MemberRow]:
        """Return the selected members, in table order."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.row_at(r) for r in rows]

    def select_member(self, member_id: int) -> bool:
        """Load pages until the member shows, then select and scroll to it."""
        row = self.model.find(member_id)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, NAME))
        return True

    # -- actions -------------------------------------------------------------
    def add(self) -> None:
        """Open the member form for a new member of the unit."""
        org_id = self.model.org_id()
        if org_id is not None:
            self._open(MemberDialog(self.ctx, self, org_id))

    def edit_selected(self) -> None:
        """Open the member form for the current member."""
        members = self.selected_rows()
        org_id = self.model.org_id()
        if members and org_id is not None:
            fresh = self.service.get(members[0].id)
            self._open(MemberDialog(self.ctx, self, org_id, fresh))

    def _open(self, dialog: MemberDialog) -> None:
        self._dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()

    def _saved(self, dialog: MemberDialog) -> None:
        member = dialog.saved
        if member is None:
            return
        if dialog.member is None:
            self.model.reload(at_least=self.model.rowCount() + 1)
            self.select_member(member.id)
            self.changed.emit()
        else:
            self.model.replace(member)

    def delete_selected(self) -> None:
        """Delete the selected members after a confirmation."""
        members = self.selected_rows()
        if not members:
            return
        names = "、".join(m.name for m in members[:5]) + ("等" if len(members) > 5 else "")
        if not dialogs.confirm(
            self, "删除党员", f"确定删除党员 {names}（共 {len(members)} 名）吗？\n删除后不能恢复。"
        ):
            return
        for member in members:
            try:
                self.service.delete(member.id)
            except KnownError as exc:
                dialogs.warn(self, str(exc))
                break
            self.model.remove(member.id)
        self.changed.emit()

    def reveal(self, member: MemberRow) -> None:
        """Show one member's full numbers, once the audit log has recorded it."""
        try:
            self.service.record_reveal(member.id)
        except KnownError as exc:
            dialogs.warn(self, str(exc))
            return
        row = self.model.row_of(member.id)
        if row >= 0:
            self.model.reveal(row)

    def transfer_selected(self) -> None:
        """Pick another unit and move the selected members there."""
        members = self.selected_rows()
        if not members:
            return
        picker = UnitPicker(self.ctx, self, "转移党员", f"把 {len(members)} 名党员转移到：")
        self._dialog = picker
        picker.accepted.connect(lambda: self._transfer(picker, members))
        picker.open()

    def _transfer(self, picker: UnitPicker, members: list[MemberRow]) -> None:
        made, org_id = picker.chosen()
        if not made or org_id is None or org_id == self.model.org_id():
            return
        try:
            self.service.move([m.id for m in members], org_id)
        except KnownError as exc:
            dialogs.warn(self, str(exc))
            return
        for member in members:
            self.model.remove(member.id)
        self.changed.emit()

    def _menu(self, pos: QPoint) -> None:
        self.build_menu(pos).exec(self.view.viewport().mapToGlobal(pos))

    def build_menu(self, pos: QPoint) -> QMenu:
        """Build the context menu for the row under a viewport position."""
        index = self.view.indexAt(pos)
        menu = QMenu(self)
        self.controls.lock_transient(menu.addAction("新增党员…", self.add))
        if index.isValid():
            row = index.row()
            if row not in {i.row() for i in self.view.selectionModel().selectedRows()}:
                self.view.selectRow(row)
            member = self.model.row_at(row)
            self.controls.lock_transient(menu.addAction("编辑…", self.edit_selected))
            if self.model.is_revealed(member.id):
                menu.addAction("隐藏完整号码", lambda: self.model.reveal(row, False))
            elif access_of(self).may(Action.REVEAL):
                menu.addAction("显示完整号码", lambda: self.reveal(member))
            else:
                menu.addAction("显示完整号码（无此权限）").setEnabled(False)
            menu.addSeparator()
            self.controls.lock_transient(
                menu.addAction("转移到其他组织…", self.transfer_selected),
                menu.addAction("删除", self.delete_selected),
            )
        return menu
