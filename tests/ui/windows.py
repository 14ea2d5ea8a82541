"""Main windows of the flow tests: one with a blank page, waiting for its work, closing one."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from ui import app as ui_app
from ui.main_window import MainWindow


def blank_window(qtbot: QtBot, ctx: AppContext, settings: QSettings) -> MainWindow:
    """Return a main window on ``ctx`` with one blank page (no page reads anything)."""
    win = MainWindow(ctx, settings=settings)
    qtbot.addWidget(win)
    win.add_page("blank", "空白页", QIcon(), QWidget())
    return win


def idle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait (20 s at the most) until the window's runner has no work left."""
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=20_000)


def close_started(qtbot: QtBot, window: MainWindow) -> None:
    """Close a window ``ui.app.start`` opened: its work done, its database and lock given up."""
    window.close()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    window.runner.wait(5000)
    ui_app.finish(window)
