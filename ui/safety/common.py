"""Small helpers shared by the safety dialogs: errors shown on the dialog, tables, sizes."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QWidget

from ui import messages
from ui.widgets import row_table


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
    view = row_table(parent)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def human_size(size: int) -> str:
    """Return a byte count as ``512 字节``, ``12.3 KB`` or ``4.5 MB``."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
