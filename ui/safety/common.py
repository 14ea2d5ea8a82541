"""Small helpers shared by the safety dialogs: errors shown on the dialog, tables, sizes."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from brandoffice.errors import KnownError
from ui import messages

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str) -> None:
    """Show a task's failure on ``parent`` (a dialog: the window is blocked behind it).

    Args:
        parent: The dialog the message belongs to.
        exc: The exception; known errors are shown plainly, bugs as internal errors.
        title: Title of the message.
    """
    if isinstance(exc, KnownError):
        messages.warn(parent, title, str(exc))
        return
    log.error("%s：后台任务出错", title, exc_info=exc)
    messages.error(
        parent,
        "程序内部错误",
        "程序内部错误，操作未完成。请把“显示详细信息”中的内容发给维护人员。",
        details=messages.traceback_text(exc),
    )


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
