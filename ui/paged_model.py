"""A table model that reads its rows from the database a page at a time, sorted in SQL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt

from ui.list_model import ListTableModel
from ui.roles import ROOT, AnyIndex

R = TypeVar("R")

PAGE_SIZE = 200


class PagedTableModel(ListTableModel[R]):
    """Rows loaded ``page_size`` at a time; a click on a header reloads them sorted in SQL.

    Subclasses set ``HEADERS`` and ``SORT_FIELDS`` (column to SQL sort key) and
    implement :meth:`_count` and :meth:`_page`.
    """

    SORT_FIELDS: Mapping[int, str] = {}
    page_size = PAGE_SIZE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._exhausted = True
        self._total = 0
        self._sort = "id"
        self._descending = False

    def _count(self) -> int:
        """Return how many rows the database holds for the model."""
        raise NotImplementedError

    def _page(self, offset: int, limit: int) -> list[R]:
        """Return at most ``limit`` rows from ``offset`` in the sort order in force."""
        raise NotImplementedError

    # -- loading -------------------------------------------------------------
    def reload(self, at_least: int = 0) -> None:
        """Reset and load the first page (or enough pages to keep ``at_least`` rows)."""
        self.beginResetModel()
        self._total = self._count()
        limit = max(at_least, self.page_size)
        self._rows = self._page(0, limit)
        self._exhausted = len(self._rows) < limit
        self.endResetModel()

    def total(self) -> int:
        """Return how many rows the database holds (loaded or not)."""
        return self._total

    def sort_key(self) -> tuple[str, bool]:
        """Return the SQL sort key and direction in force."""
        return self._sort, self._descending

    def canFetchMore(self, parent: AnyIndex = ROOT) -> bool:
        """Tell whether more pages wait in the database."""
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = ROOT) -> None:
        """Append the next page."""
        if parent.isValid() or self._exhausted:
            return
        rows = self._page(len(self._rows), self.page_size)
        self._exhausted = len(rows) < self.page_size
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the clicked column and reload from the first page."""
        self._sort = self.SORT_FIELDS.get(column, "id")
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
