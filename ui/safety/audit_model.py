"""The audit log as a lazy table: one page of entries at a time, fetched as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from brandoffice.safety.auditlog import AuditRow
from ui.roles import ROW_ROLE, SORT_ROLE, header_text

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[int, int], list[AuditRow]]
PAGE = 200
RED = QColor("#c0392b")


def object_text(row: AuditRow) -> str:
    """Return the object column: ``品牌：和美邻里``, or what there is of it."""
    parts = [p for p in (row.object_type, row.object_name) if p]
    return "：".join(parts)


COLUMNS: list[tuple[str, Callable[[AuditRow], object], Callable[[AuditRow], str]]] = [
    ("时间", lambda r: r.at, lambda r: f"{r.at:%Y-%m-%d %H:%M:%S}"),
    ("账户", lambda r: r.account, lambda r: r.account),
    ("操作", lambda r: r.action, lambda r: r.action),
    ("对象", object_text, object_text),
    ("结果", lambda r: r.result, lambda r: r.result),
    ("详情", lambda r: r.detail or "", lambda r: r.detail or ""),
]


class AuditTableModel(QAbstractTableModel):
    """Entries matching one filter, newest first, loaded :data:`PAGE` rows at a time.

    :meth:`reset` gives the first page, the total and how to fetch more;
    ``fetchMore`` appends the next page (``beginInsertRows``) when the view asks.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._total = 0
        self._fetch: Fetch | None = None

    def reset(self, rows: list[AuditRow], total: int, fetch: Fetch | None) -> None:
        """Show a new result: its first rows, how many there are, and the page reader."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = max(total, len(rows))
        self._fetch = fetch
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many entries match the filter (loaded or not)."""
        return self._total

    def row_at(self, row: int) -> AuditRow:
        """Return the entry shown on line ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        """Tell whether entries remain to be loaded."""
        return not parent.isValid() and self._fetch is not None and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        """Load the next page and append it."""
        if not self.canFetchMore(parent):
            return
        assert self._fetch is not None
        more = self._fetch(len(self._rows), PAGE)
        if not more:
            self._total = len(self._rows)  # fewer entries than counted: deleted meanwhile
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
        self._total = max(self._total, len(self._rows))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell's text, tooltip, colour, entry or sort value."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        _title, value, text = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text(row)
        if role == Qt.ItemDataRole.ForegroundRole and row.result != "成功":
            return QBrush(RED)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return value(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the column titles; rows are numbered from 1."""
        return header_text([c[0] for c in COLUMNS], section, orientation, role, numbered=True)
