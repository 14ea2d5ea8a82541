"""The 领导小组 tab: an editable list of 组长, 副组长 and 组员."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from brandoffice.model.vocab import GroupRole
from brandoffice.services.rows import SeatRow
from ui.flag import Flag
from ui.headers import keep_columns
from ui.orgs.widgets import ErrorLabel
from ui.readonly import ReadOnlyControls
from ui.widgets import stack

Seat = tuple[str, str, str | None]
ROLE, PERSON, TITLE = range(3)


class LeadingGroupEditor(QWidget):
    """Edits a unit's leading group; saved by the detail panel with the form.

    Signals:
        edited: A seat was added, removed or changed.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["职务", "姓名", "单位职务"])
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(ROLE, 110)
        self.table.setColumnWidth(PERSON, 140)
        keep_columns(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self._changed())
        self.error = ErrorLabel(self)
        add = QPushButton("添加成员", self)
        add.clicked.connect(lambda: self.add_seat(GroupRole.MEMBER.value, "", None))
        remove = QPushButton("删除所选", self)
        remove.clicked.connect(self.remove_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("组长、副组长、组员（书记是第一责任人，一般任组长）", self), 1)
        bar.addWidget(add)
        bar.addWidget(remove)
        stack(self, bar, (self.table, 1), self.error)
        self._loading = Flag()
        self.controls = ReadOnlyControls(writes=[add, remove, self.table])

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock adding, removing and editing seats (the list stays readable)."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def load(self, seats: list[Seat]) -> None:
        """Show these seats (replacing what is shown)."""
        with self._loading:
            self.table.setRowCount(0)
            for role, person, title in seats:
                self.add_seat(role, person, title)
        self.error.set_message(None)

    def add_seat(self, role: str, person: str, title: str | None) -> None:
        """Append a seat row."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        combo.addItems([r.value for r in GroupRole])
        combo.setCurrentText(role)
        combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.table.setCellWidget(row, ROLE, combo)
        self.controls.add_writes(combo)
        self.table.setItem(row, PERSON, QTableWidgetItem(person))
        self.table.setItem(row, TITLE, QTableWidgetItem(title or ""))
        self._changed()

    def remove_selected(self) -> None:
        """Remove the selected seats."""
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._changed()

    def seats(self) -> list[Seat]:
        """Return the seats in order; rows left completely blank are skipped."""
        found: list[Seat] = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, ROLE)
            assert isinstance(combo, QComboBox)
            person = (self.table.item(row, PERSON) or QTableWidgetItem()).text().strip()
            title = (self.table.item(row, TITLE) or QTableWidgetItem()).text().strip()
            if person or title:
                found.append((combo.currentText(), person, title or None))
        return found

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()


def seats_of(rows: list[SeatRow]) -> list[Seat]:
    """Return stored seats in the editor's shape."""
    return [(r.role, r.person_name, r.title) for r in rows]
