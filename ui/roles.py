"""Item roles and index types shared by every item model of the window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""Returns the frozen row behind an index."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""Returns the native value of a cell (int, date, str) for sorting."""

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
"""The invalid index, as a default argument (never mutated)."""


def header_text(
    titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int, *, numbered: bool
) -> str | None:
    """Return a column's title across, and down the row's number from 1 (when ``numbered``)."""
    if role != Qt.ItemDataRole.DisplayRole:
        return None
    if orientation == Qt.Orientation.Vertical:
        return str(section + 1) if numbered else None
    return titles[section] if 0 <= section < len(titles) else None
