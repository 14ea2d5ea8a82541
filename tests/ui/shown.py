"""Showing a widget in the window tests: registered, sized, shown and exposed."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

Shown = TypeVar("Shown", bound=QWidget)


def shown(qtbot: QtBot, widget: Shown, width: int = 1400, height: int = 900) -> Shown:
    """Let ``qtbot`` close ``widget`` after the test; size it, show it, wait until it is exposed."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
