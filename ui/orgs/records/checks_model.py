"""A table of frozen rows with check columns in front (推荐; 出席/缺席), one mark per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from ui.home_models import Column, Index
from ui.roles import ROW_ROLE, SORT_ROLE, header_text

R = TypeVar("R")
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class ChecksModel(QAbstractTableModel, Generic[R]):
    """Rows with ``marks`` check columns before the data columns.

    A row carries at most one mark (checking 缺席 clears 出席); rows for which
    ``enabled`` says False cannot be marked (already commended, …).
    """

    def __init__(
        self,
        marks: Sequence[str],
        columns: Sequence[Column[R]],
        key: Callable[[R], int],
        *,
        enabled: Callable[[R], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._marks = list(marks)
        self._columns = list(columns)
        self._key = key
        self._enabled = enabled
        self._rows: list[R] = []
        self._state: dict[int, int] = {}

    def set_rows(self, rows: Sequence[R], marked: dict[int, int] | None = None) -> None:
        """Show new rows; ``marked`` maps a row key to the index of its mark."""
        self.beginResetModel()
        self._rows = list(rows)
        self._state = dict(marked or {})
        self.endResetModel()

    def row_at(self, row: int) -> R:
        """Return the frozen row of line ``row``."""
        return self._rows[row]

    def rows(self) -> list[R]:
        """Return the rows shown, in order."""
        return list(self._rows)

    def marked(self, mark: int = 0) -> list[R]:
        """Return the rows carrying mark ``mark``, in table order."""
        return [r for r in self._rows if self._state.get(self._key(r)) == mark]

    def set_all(self, mark: int | None) -> None:
        """Give every markable row ``mark`` (None clears every mark)."""
        for row in self._rows:
            if self._can_mark(row):
                if mark is None:
                    self._state.pop(self._key(row), None)
                else:
                    self._state[self._key(row)] = mark
        if self._rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    def _can_mark(self, row: R) -> bool:
        return self._enabled is None or self._enabled(row)

    # -- Qt model ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of rows (none below a cell)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the check columns plus the data columns."""
        return 0 if parent.isValid() else len(self._marks) + len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Check columns are checkable on markable rows."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        row = self._rows[index.row()]
        if index.column() < len(self._marks) and self._can_mark(row):
            return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() < len(self._marks):
            return base
        return base | Qt.ItemFlag.ItemIsEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return check states, texts, the row object and sort values."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if column < len(self._marks):
            if role == Qt.ItemDataRole.CheckStateRole:
                return CHECKED if self._state.get(self._key(row)) == column else UNCHECKED
            if role == SORT_ROLE:
                return self._state.get(self._key(row)) == column
            return None
        spec = self._columns[column - len(self._marks)]
        value = spec.value(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if spec.text is not None:
                return spec.text(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(spec.align.value)
        if role == SORT_ROLE:
            return value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Check or uncheck a mark; checking one mark clears the row's other mark."""
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() >= len(self._marks)
        ):
            return False
        row = self._rows[index.row()]
        if not self._can_mark(row):
            return False
        on = value in (CHECKED, CHECKED.value, 2, True)
        key = self._key(row)
        if on:
            self._state[key] = index.column()
        elif self._state.get(key) == index.column():
            del self._state[key]
        else:
            return False
        last = len(self._marks) - 1
        self.dataChanged.emit(
            self.index(index.row(), 0),
            self.index(index.row(), last),
            [Qt.ItemDataRole.CheckStateRole],
        )
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the mark titles, then the column titles; rows are numbered from 1."""
        return header_text(
            [*self._marks, *(c.title for c in self._columns)],
            section,
            orientation,
            role,
            numbered=True,
        )
