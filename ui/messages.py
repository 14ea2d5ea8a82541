"""Message boxes opened with open() (never exec), so tests can find and answer them."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton, QWidget

Icon = QMessageBox.Icon


def _box(
    parent: QWidget | None, icon: Icon, title: str, text: str, details: str | None
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    return box


def inform(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    details: str | None = None,
    icon: Icon = Icon.Information,
) -> QMessageBox:
    """Show a message with a 确定 button and return at once.

    Args:
        parent: The window the message belongs to (window-modal).
        title: Window title.
        text: The message, in Chinese.
        details: Longer text behind “显示详细信息”.
        icon: The box icon.

    Returns:
        The open box (deleted when closed).
    """
    box = _box(parent, icon, title, text, details)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def warn(
    parent: QWidget | None, title: str, text: str, *, details: str | None = None
) -> QMessageBox:
    """Show a warning (an error the user can act on)."""
    return inform(parent, title, text, details=details, icon=Icon.Warning)


def error(
    parent: QWidget | None, title: str, text: str, *, details: str | None = None
) -> QMessageBox:
    """Show a critical error."""
    return inform(parent, title, text, details=details, icon=Icon.Critical)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    choices: Sequence[str],
    on_answer: Callable[[int], None],
    *,
    informative: str = "",
    icon: Icon = Icon.Question,
    default: int = 0,
) -> QMessageBox:
    """Ask a question with named buttons; ``on_answer`` gets the chosen index.

    The last choice is the cancel/escape button; closing the box answers it too.

    Args:
        parent: The window the question belongs to (window-modal).
        title: Window title.
        text: The question.
        choices: Button labels, e.g. ``["恢复", "取消"]``.
        on_answer: Called with the index of the pressed button.
        informative: A second, smaller paragraph.
        icon: The box icon.
        default: Index of the default button.

    Returns:
        The open box (deleted when closed).
    """
    box = _box(parent, icon, title, text, None)
    if informative:
        box.setInformativeText(informative)
    buttons: list[QPushButton] = []
    last = len(choices) - 1
    for i, label in enumerate(choices):
        role = (
            QMessageBox.ButtonRole.RejectRole
            if i == last and last > 0
            else QMessageBox.ButtonRole.AcceptRole
        )
        buttons.append(box.addButton(label, role))
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[last])

    def answered(button: QAbstractButton) -> None:
        on_answer(buttons.index(button) if button in buttons else last)

    box.buttonClicked.connect(answered)
    box.open()
    return box


def traceback_text(exc: BaseException) -> str:
    """Return the formatted traceback of an exception."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
