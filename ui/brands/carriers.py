"""Editable lists of the brand editor: carriers (name + description) and service items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services.rows import CarrierRow
from ui.brands.common import ROW_ROLE, SORT_ROLE, AnyIndex
from ui.headers import keep_columns
from ui.list_model import ListTableModel

CARRIER_NAME, CARRIER_DESCRIPTION = range(2)
CARRIER_HEADERS = ("载体名称", "说明")
NEW_CARRIER = "新载体"
NEW_ITEM = "新服务内容"


class CarrierTableModel(ListTableModel[CarrierRow]):
    """The carriers of the brand being edited; cells are editable, rows can move.

    Signals:
        edited(): Any change made through the model.
    """

    edited = Signal()
    HEADERS = CARRIER_HEADERS
    NUMBERED = True

    def set_carriers(self, carriers: list[CarrierRow]) -> None:
        """Show these carriers (a reset, no ``edited``)."""
        self.beginResetModel()
        self._rows = list(carriers)
        self.endResetModel()

    def carriers(self) -> list[CarrierRow]:
        """Return the carriers as edited."""
        return list(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, or the carrier for ``ROW_ROLE``."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, SORT_ROLE):
            return row.name if index.column() == CARRIER_NAME else (row.description or "")
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Cells are editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change a name (not to empty) or a description."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "").strip()
        old = self._rows[index.row()]
        if index.column() == CARRIER_NAME:
            if not text:
                return False
            new = CarrierRow(text, old.description)
        else:
            new = CarrierRow(old.name, text or None)
        if new == old:
            return True
        self._rows[index.row()] = new
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        self.edited.emit()
        return True

    def add(self, carrier: CarrierRow | None = None) -> int:
        """Append a carrier and return its row."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(carrier or CarrierRow(NEW_CARRIER, None))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> None:
        """Remove the carrier at ``row``."""
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.edited.emit()

    def move(self, row: int, delta: int) -> int:
        """Move a carrier up (-1) or down (+1); return its new row."""
        target = row + delta
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        # Qt's destination is the row *before which* the moved row lands.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (delta > 0))
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self.edited.emit()
        return target


def _beside(owner: QWidget, view: QWidget, *buttons: QWidget) -> None:
    """Lay ``owner`` out as ``view`` with ``buttons`` stacked at its right."""
    column = QVBoxLayout()
    for button in buttons:
        column.addWidget(button)
    column.addStretch(1)
    layout = QHBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(view, 1)
    layout.addLayout(column)


def _tool(parent: QWidget, text: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    return button


class CarrierEditor(QWidget):
    """The carriers table with 添加/删除/上移/下移."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CarrierTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(CARRIER_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CARRIER_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(CARRIER_NAME, 150)
        keep_columns(self.view)
        self.view.setMinimumHeight(110)
        self.add_button = _tool(self, "添加", "添加一个创建载体")
        self.remove_button = _tool(self, "删除", "删除选中的载体")
        self.up_button = _tool(self, "上移", "上移选中的载体")
        self.down_button = _tool(self, "下移", "下移选中的载体")
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(lambda: self.model.remove(self._current()))
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        _beside(
            self, self.view, self.add_button, self.remove_button, self.up_button, self.down_button
        )

    def _current(self) -> int:
        return self.view.currentIndex().row()

    def _add(self) -> None:
        row = self.model.add()
        index = self.model.index(row, CARRIER_NAME)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def _move(self, delta: int) -> None:
        row = self.model.move(self._current(), delta)
        self.view.setCurrentIndex(self.model.index(row, CARRIER_NAME))


class ServiceItemsEditor(QWidget):
    """An editable list of service items (服务内容), one per line.

    Signals:
        edited(): An item was added, removed, changed or moved.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        # Room for about six items; more scroll (the list is one field among many).
        self.list.setFixedHeight(self.list.fontMetrics().lineSpacing() * 7 + 8)
        self.list.itemChanged.connect(lambda _i: self.edited.emit())
        self.add_button = _tool(self, "添加", "添加一项服务内容")
        self.remove_button = _tool(self, "删除", "删除选中的服务内容")
        self.up_button = _tool(self, "上移", "上移选中的服务内容")
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(self._up)
        _beside(self, self.list, self.add_button, self.remove_button, self.up_button)

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def set_items(self, items: list[str]) -> None:
        """Show these items (no ``edited``)."""
        self.list.blockSignals(True)
        self.list.clear()
        for text in items:
            self.list.addItem(self._item(text))
        self.list.blockSignals(False)

    def items(self) -> list[str]:
        """Return the non-empty items in order."""
        texts = (self.list.item(i).text().strip() for i in range(self.list.count()))
        return [t for t in texts if t]

    def add(self, text: str) -> None:
        """Append an item."""
        self.list.blockSignals(True)
        self.list.addItem(self._item(text))
        self.list.blockSignals(False)
        self.edited.emit()

    def _add(self) -> None:
        self.add(NEW_ITEM)
        item = self.list.item(self.list.count() - 1)
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.edited.emit()

    def _up(self) -> None:
        row = self.list.currentRow()
        if row > 0:
            self.list.blockSignals(True)
            item = self.list.takeItem(row)
            self.list.insertItem(row - 1, item)
            self.list.setCurrentRow(row - 1)
            self.list.blockSignals(False)
            self.edited.emit()
