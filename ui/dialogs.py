"""Questions shared by every page: what to do with unsaved edits."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget


class Named(Protocol):
    """A stored row with a name."""

    @property
    def name(self) -> str: ...


class RecordEditor(Protocol):
    """A form showing one stored row, maybe with unsaved edits (brand editor, unit detail)."""

    def has_unsaved_changes(self) -> bool: ...
    def row(self) -> Named | None: ...
    def save(self) -> bool: ...
    def reload(self) -> None: ...


class SaveChoice(StrEnum):
    """What to do with unsaved edits."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save(parent: QWidget | None, name: str, *, what: str = "") -> SaveChoice:
    """Ask whether to save, discard or keep editing the unsaved edits of ``name``.

    This one question is asked synchronously: the main window needs the answer before
    it may close or switch (the ``save_or_discard() -> bool`` contract). Tests patch it.

    Args:
        parent: The window asking.
        name: What is being edited (shown in quotes).
        what: A word put before the name (品牌 …).
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "未保存的修改",
        f"{what}“{name}”的修改尚未保存。\n是否保存？",
        parent=parent,
    )
    save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("放弃", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    if box.clickedButton() is save:
        return SaveChoice.SAVE
    if box.clickedButton() is discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


def settle_unsaved(
    choice: SaveChoice, save: Callable[[], bool], discard: Callable[[], None]
) -> bool:
    """Act on the answer of :func:`ask_save`.

    Returns:
        What ``save`` returned for 保存, True after ``discard`` for 放弃, False for 取消.
    """
    if choice is SaveChoice.SAVE:
        return save()
    if choice is SaveChoice.DISCARD:
        discard()
        return True
    return False


def save_or_discard(editor: RecordEditor, ask: Callable[[str], SaveChoice]) -> bool:
    """Ask 保存/放弃/取消 (``ask`` takes the row's name) when ``editor`` has unsaved edits.

    Returns:
        False when the clerk chose 取消 or the save was refused; True otherwise.
    """
    if not editor.has_unsaved_changes():
        return True
    row = editor.row()
    return settle_unsaved(ask(row.name if row else ""), editor.save, editor.reload)
