"""Shared pieces of the brand page: a read-only row model base, scores, colours, the save question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from brandoffice.model.vocab import BrandStatus
from ui import dialogs
from ui.dialogs import SaveChoice
from ui.list_model import ListTableModel
from ui.roles import ROOT, ROW_ROLE, SORT_ROLE, AnyIndex

__all__ = [
    "ROOT",
    "ROW_ROLE",
    "SORT_ROLE",
    "STATUS_COLOURS",
    "AnyIndex",
    "RowTableModel",
    "ask_save",
    "fmt_score",
]

R = TypeVar("R")

STATUS_COLOURS: dict[str, str] = {
    BrandStatus.CULTIVATING.value: "#2874a6",
    BrandStatus.APPLIED.value: "#b9770e",
    BrandStatus.REVIEWING.value: "#7d3c98",
    BrandStatus.NAMED.value: "#1e8449",
    BrandStatus.RECTIFYING.value: "#d35400",
    BrandStatus.WITHDRAWN.value: "#7f8c8d",
}


def fmt_score(value: float | None) -> str:
    """Return a score with at most two decimals and no trailing zeros."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def ask_save(parent: QWidget | None, name: str) -> SaveChoice:
    """Ask whether to save, discard or keep editing the unsaved edits of brand ``name``.

    Asked synchronously (see :func:`ui.dialogs.ask_save`); tests patch this function.
    """
    return dialogs.ask_save(parent, name, what="品牌")


class RowTableModel(ListTableModel[R]):
    """A read-only table over a list of frozen rows, with a row role and a sort role.

    Subclasses set ``HEADERS`` and implement :meth:`cell`; :meth:`sort_value`
    defaults to the displayed text.
    """

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (a model reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        """Return the rows shown."""
        return list(self._rows)

    def cell(self, row: R, column: int) -> str:
        """Return the text of one cell."""
        raise NotImplementedError

    def sort_value(self, row: R, column: int) -> Any:
        """Return the native value of one cell for sorting."""
        return self.cell(row, column)

    def colour(self, row: R, column: int) -> QColor | None:
        """Return a text colour for one cell, or None for the default."""
        return None

    def alignment(self, row: R, column: int) -> Qt.AlignmentFlag | None:
        """Return the alignment of one cell, or None for the default (numbers go right)."""
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the text, the row object, the sort value or the colour of a cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, column)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self.sort_value(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = self.alignment(row, column)
            return None if align is None else int(align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def index_of(self, match: Callable[[R], bool]) -> QModelIndex:
        """Return the index of the first row for which ``match`` is true."""
        for i, row in enumerate(self._rows):
            if match(row):
                return self.index(i, 0)
        return QModelIndex()
