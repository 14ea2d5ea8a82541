"""The brand register as a lazy table model: pages of rows filtered and sorted in SQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from brandoffice.services import brand_view
from brandoffice.services.brand_view import BrandFilter, RegisterRow
from brandoffice.services.context import AppContext
from ui.brands.common import ROOT, ROW_ROLE, SORT_ROLE, STATUS_COLOURS, AnyIndex
from ui.roles import header_text

NAME, UNIT, SECTOR, LEVEL, STATUS, YEAR, SLOGAN, NAMING_BODY = range(8)
HEADERS = ("品牌名称", "所属单位", "领域", "级别", "状态", "年度", "口号", "命名机关")
SORT_FIELDS = {
    NAME: "name",
    UNIT: "unit",
    SECTOR: "sector",
    LEVEL: "level",
    STATUS: "status",
    YEAR: "year",
    SLOGAN: "slogan",
    NAMING_BODY: "naming_body",
}
COLUMN_WIDTHS = {
    NAME: 110,
    UNIT: 170,
    SECTOR: 56,
    LEVEL: 56,
    STATUS: 50,
    YEAR: 50,
    SLOGAN: 170,
    NAMING_BODY: 90,
}
PAGE_SIZE = 200


def cell_value(row: RegisterRow, column: int) -> Any:
    """Return the native value of a register cell (str, int or None)."""
    b = row.brand
    values = (b.name, row.unit, row.sector, b.level, b.status, b.year, b.slogan, b.naming_body)
    return values[column]


class BrandTableModel(QAbstractTableModel):
    """The brands matching a :class:`BrandFilter`, loaded 200 at a time.

    Sorting by a header reloads the first page sorted in SQL; a new filter resets
    the model. ``ROW_ROLE`` returns the :class:`RegisterRow`, ``SORT_ROLE`` the
    native cell value.
    """

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._filter = BrandFilter()
        self._rows: list[RegisterRow] = []
        self._exhausted = True
        self._total = 0
        self._sort = "id"
        self._descending = False

    # -- loading -------------------------------------------------------------
    def filter(self) -> BrandFilter:
        """Return the filter in force."""
        return self._filter

    def sort_key(self) -> tuple[str, bool]:
        """Return the SQL sort key and direction in force."""
        return self._sort, self._descending

    def set_filter(self, f: BrandFilter) -> None:
        """Show the brands matching ``f`` (first page)."""
        self._filter = f
        self.reload()

    def reload(self, at_least: int = 0) -> None:
        """Reset and load the first page (or enough pages to keep ``at_least`` rows)."""
        self.beginResetModel()
        self._total = brand_view.count(self.ctx, self._filter)
        limit = max(at_least, PAGE_SIZE)
        self._rows = brand_view.page(self.ctx, self._filter, 0, limit, self._sort, self._descending)
        self._exhausted = len(self._rows) < limit
        self.endResetModel()

    def total(self) -> int:
        """Return how many brands match the filter in the database."""
        return self._total

    def canFetchMore(self, parent: AnyIndex = ROOT) -> bool:
        """Tell whether more pages wait in the database."""
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = ROOT) -> None:
        """Append the next page."""
        if parent.isValid() or self._exhausted:
            return
        rows = brand_view.page(
            self.ctx, self._filter, len(self._rows), PAGE_SIZE, self._sort, self._descending
        )
        self._exhausted = len(rows) < PAGE_SIZE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the clicked column and reload from the first page."""
        self._sort = SORT_FIELDS.get(column, "id")
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def update_row(self, row: RegisterRow) -> None:
        """Replace a loaded brand's row after an edit (``dataChanged``)."""
        for i, old in enumerate(self._rows):
            if old.brand.id == row.brand.id:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))
                return

    def row_of(self, brand_id: int) -> int:
        """Return the model row of a loaded brand, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.brand.id == brand_id), -1)

    def row_at(self, row: int) -> RegisterRow | None:
        """Return the register row at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- table ---------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        """Return the number of loaded rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        """Return the number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the Chinese column titles."""
        return header_text(HEADERS, section, orientation, role, numbered=False)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, the row, its sort value, its colour or its tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = cell_value(row, column)
            return "" if value is None else str(value)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return cell_value(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return QColor(STATUS_COLOURS.get(row.brand.status, "#000000"))
        if role == Qt.ItemDataRole.ToolTipRole and column in (SLOGAN, UNIT, NAMING_BODY):
            value = cell_value(row, column)
            return None if value is None else str(value)
        return None
