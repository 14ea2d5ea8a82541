"""The base of the flat table models: a list of row objects under a row of column titles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from ui.roles import ROOT, AnyIndex, header_text

R = TypeVar("R")


class ListTableModel(QAbstractTableModel, Generic[R]):
    """One row object a line, ``HEADERS`` across (and the line's number down when ``NUMBERED``).

    Subclasses fill ``_rows`` and implement ``data``.
    """

    HEADERS: Sequence[str] = ()
    NUMBERED = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def row_at(self, row: int) -> R | None:
        """Return the row object at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        """Return the number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        """Return the number of columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the Chinese column titles (and the rows' numbers when ``NUMBERED``)."""
        return header_text(self.HEADERS, section, orientation, role, numbered=self.NUMBERED)
