"""Item roles and index types shared by every item model of the window."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""Returns the frozen row behind an index."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""Returns the native value of a cell (int, date, str) for sorting."""

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
"""The invalid index, as a default argument (never mutated)."""
