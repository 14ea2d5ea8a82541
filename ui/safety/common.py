"""Small helpers shared by the safety dialogs: errors shown on the dialog, tables, sizes."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui import messages


def show_error(parent: QWidget | None, exc: BaseException, title: str) -> None:
    """Show a task's failure on ``parent`` (a dialog: the window is blocked behind it).

    Args:
        parent: The dialog the message belongs to.
        exc: The exception; known errors are shown plainly, bugs as internal errors.
        title: Title of the message.
    """
    messages.report_error(parent, exc, title)


def make_table(parent: QWidget | None = None) -> QTableView:
    """Return a read-only, row-selecting table view without a row header."""
    view = QTableView(parent)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def human_size(size: int) -> str:
    """Return a byte count as ``512 字节``, ``12.3 KB`` or ``4.5 MB``."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
