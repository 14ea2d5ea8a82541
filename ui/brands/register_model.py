"""The brand register as a lazy table model: pages of rows filtered and sorted in SQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from brandoffice.services import brand_view
from brandoffice.services.brand_view import BrandFilter, RegisterRow
from brandoffice.services.context import AppContext
from ui.brands.common import ROW_ROLE, SORT_ROLE, STATUS_COLOURS, AnyIndex
from ui.paged_model import PagedTableModel

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


def cell_value(row: RegisterRow, column: int) -> Any:
    """Return the native value of a register cell (str, int or None)."""
    b = row.brand
    values = (b.name, row.unit, row.sector, b.level, b.status, b.year, b.slogan, b.naming_body)
    return values[column]


class BrandTableModel(PagedTableModel[RegisterRow]):
    """The brands matching a :class:`BrandFilter`, loaded 200 at a time.

    Sorting by a header reloads the first page sorted in SQL; a new filter resets
    the model. ``ROW_ROLE`` returns the :class:`RegisterRow`, ``SORT_ROLE`` the
    native cell value.
    """

    HEADERS = HEADERS
    SORT_FIELDS = SORT_FIELDS

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._filter = BrandFilter()

    # -- loading -------------------------------------------------------------
    def filter(self) -> BrandFilter:
        """Return the filter in force."""
        return self._filter

    def set_filter(self, f: BrandFilter) -> None:
        """Show the brands matching ``f`` (first page)."""
        self._filter = f
        self.reload()

    def _count(self) -> int:
        return brand_view.count(self.ctx, self._filter)

    def _page(self, offset: int, limit: int) -> list[RegisterRow]:
        return brand_view.page(self.ctx, self._filter, offset, limit, self._sort, self._descending)

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

    # -- table ---------------------------------------------------------------
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
