"""Table models of the home page: a generic list over frozen rows and the sector × grade grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ui.roles import ROW_ROLE, SORT_ROLE, header_text

if TYPE_CHECKING:
    from brandoffice.services.dashboard import Dashboard

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a :class:`RecordTableModel`.

    Attributes:
        title: Header text.
        value: Native value of the cell (sort role); also the text when ``text`` is None.
        text: Displayed text, when it differs from ``str(value)``.
        align: Cell alignment.
    """

    title: str
    value: Callable[[R], object]
    text: Callable[[R], str] | None = None
    align: Qt.AlignmentFlag = LEFT


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of frozen rows, one line per row."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        foreground: Callable[[R], QColor | None] | None = None,
        tooltip: Callable[[R], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._foreground = foreground
        self._tooltip = tooltip

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (a reset: the list is reloaded as a whole)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R:
        """Return the frozen row shown on line ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of rows (none below a cell)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of columns (none below a cell)."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell's text, alignment, colour, tooltip, row object or sort value."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            if column.text is not None:
                return column.text(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.ForegroundRole and self._foreground is not None:
            colour = self._foreground(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = self._tooltip(row) if self._tooltip is not None else None
            return extra or self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return column.value(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return column titles; rows are numbered from 1."""
        return header_text(
            [c.title for c in self._columns], section, orientation, role, numbered=True
        )


class SectorGradeModel(QAbstractTableModel):
    """Units counted by sector (rows) and grade (columns), with a 合计 row and column."""

    TOTAL = "合计"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board: Dashboard | None = None

    def set_dashboard(self, board: Dashboard) -> None:
        """Show the grid of a new summary."""
        self.beginResetModel()
        self._board = board
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return one row per sector plus the total row."""
        if parent.isValid() or self._board is None:
            return 0
        return len(self._board.sectors) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return one column per grade plus the total column."""
        if parent.isValid() or self._board is None:
            return 0
        return len(self._board.grades) + 1

    def count(self, row: int, column: int) -> int:
        """Return the number in a cell, totals included."""
        board = self._board
        assert board is not None
        last_row, last_col = len(board.sectors), len(board.grades)
        if row == last_row and column == last_col:
            return board.unit_total
        if row == last_row:
            return board.grade_total(column)
        if column == last_col:
            return board.sector_total(row)
        return board.units[row][column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the count, centred; totals in bold."""
        if not index.isValid() or self._board is None:
            return None
        row, column = index.row(), index.column()
        if row >= self.rowCount() or column >= self.columnCount():
            return None
        total = row == len(self._board.sectors) or column == len(self._board.grades)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            number = self.count(row, column)
            if role == SORT_ROLE:
                return number
            return str(number) if number or total else "–"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(CENTER.value)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not total and not self.count(row, column):
            return QBrush(QColor("#9aa0a6"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return grade names across and sector names down."""
        if role != Qt.ItemDataRole.DisplayRole or self._board is None:
            return None
        labels = (
            self._board.grades
            if orientation == Qt.Orientation.Horizontal
            else (self._board.sectors)
        )
        if 0 <= section < len(labels):
            return labels[section]
        if section == len(labels):
            return self.TOTAL
        return None
