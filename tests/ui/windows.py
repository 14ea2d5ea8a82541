"""Main windows of the flow tests: one with a blank page, waiting for its work, closing one;
its data-change reasons; the answer of a file dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from ui import app as ui_app
from ui import file_dialogs
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


def data_changes(window: MainWindow) -> list[str]:
    """Return a list that gets each reason the window's ``dataChanged`` gives from now on."""
    reasons: list[str] = []
    window.dataChanged.connect(reasons.append)
    return reasons


def close_started(qtbot: QtBot, window: MainWindow) -> None:
    """Close a window ``ui.app.start`` opened: its work done, its database and lock given up."""
    window.close()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    window.runner.wait(5000)
    ui_app.finish(window)


def choose_file(
    monkeypatch: pytest.MonkeyPatch, dialog: str, path: Path | str
) -> list[tuple[Any, ...]]:
    """Make the file dialog ``dialog`` of ``ui.file_dialogs`` answer ``path``.

    Return the arguments of each call it gets (parent, caption, folder, filter).
    """
    calls: list[tuple[Any, ...]] = []

    def answer(*args: Any, **_kw: Any) -> tuple[str, str]:
        calls.append(args)
        return str(path), ""

    monkeypatch.setattr(file_dialogs, dialog, answer)
    return calls
