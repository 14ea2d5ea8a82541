"""Helpers of the brand page tests: typing Chinese, pressing OK, a small PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget


def type_text(widget: QWidget, text: str, *, replace: bool = False) -> None:
    """Type ``text`` into a widget as key presses (QTest.keyClicks aborts on non-ASCII).

    Args:
        widget: The focused field.
        text: What to type, one key press per character.
        replace: Select everything first, so the typing replaces it.
    """
    if replace and isinstance(widget, QLineEdit):
        widget.selectAll()
        if widget.hasSelectedText():
            _key(widget, Qt.Key.Key_Delete, "")
    for ch in text:
        _key(widget, Qt.Key.Key_unknown, ch)


def _key(widget: QWidget, key: Qt.Key, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def press_ok(dialog: Any) -> None:
    """Press the dialog's OK button as the clerk would."""
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def png(tmp_path: Path, colour: str = "#c0392b") -> Path:
    """Write a 64×64 PNG of one colour and return its path."""
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    path = tmp_path / f"logo{colour[1:]}.png"
    assert image.save(str(path))
    return path
