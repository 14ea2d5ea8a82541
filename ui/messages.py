"""Message boxes opened with open() (never exec), so tests can find and answer them."""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton, QWidget

from brandoffice.errors import ImportRejected, KnownError

Icon = QMessageBox.Icon
log = logging.getLogger(__name__)

INTERNAL_TITLE = "程序内部错误"
INTERNAL_TEXT = (
    "程序内部错误，刚才的操作没有完成。数据库中已保存的内容不受影响。\n"
    "详细信息已写入日志；请把“显示详细信息”中的内容复制给维护人员。"
)
INTERNAL_SHORT = "程序内部错误（详细信息已写入日志）"
_REPORTED = "_brandoffice_reported"


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


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    action: str,
    then: Callable[[], object],
    *,
    informative: str = "",
) -> QMessageBox:
    """Warn and ask ``action``/取消 (取消 the default); ``then`` runs on ``action``."""

    def answered(choice: int) -> None:
        if choice == 0:
            then()

    return ask(
        parent, title, text, [action, "取消"], answered,
        informative=informative, icon=Icon.Warning, default=1,
    )  # fmt: skip


def traceback_text(exc: BaseException) -> str:
    """Return the formatted traceback of an exception."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def text_of(exc: BaseException) -> str:
    """Return what a label may say about a failure: the message of a known error only.

    An unexpected exception's own text is Python's, not the clerk's: it is reported
    through :func:`report_error` and a label says only that an internal error happened.
    """
    return str(exc) if isinstance(exc, KnownError) else INTERNAL_SHORT


def report_error(parent: QWidget | None, exc: BaseException, title: str = "") -> None:
    """Show any failure the one standard way: known errors plainly, bugs logged and shown.

    A known error (a refused input, a missing record, a full disk) is shown as its
    Chinese message. Anything else is a programming error: it is logged with its
    traceback and shown once as an internal error whose traceback can be copied
    from “显示详细信息”, however many handlers pass it on.

    Args:
        parent: The window or dialog the message belongs to.
        exc: The exception.
        title: Title of a known error's message (what was being done).
    """
    if isinstance(exc, ImportRejected):
        lines = "\n".join(exc.detail_lines())
        warn(
            parent,
            title or "导入被拒绝",
            f"{exc}\n请按“显示详细信息”中的清单修改表格后重新导入。",
            details=lines,
        )
    elif isinstance(exc, KnownError):
        warn(parent, title or "操作未完成", str(exc))
    else:
        report_internal(parent, exc, title)


def report_internal(parent: QWidget | None, exc: BaseException, where: str = "") -> None:
    """Log a programming error with its traceback and show it, once per exception."""
    if getattr(exc, _REPORTED, False):
        return
    with contextlib.suppress(AttributeError):  # a type with __slots__: reported every time
        setattr(exc, _REPORTED, True)
    log.error("%s：程序内部错误", where or "操作", exc_info=(type(exc), exc, exc.__traceback__))
    error(parent, INTERNAL_TITLE, INTERNAL_TEXT, details=traceback_text(exc))
