"""One level of undo for a record form: drop unsaved edits, or bring back the last save's values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from brandoffice.errors import NotFoundError
from ui.readonly import enable

S = TypeVar("S")
R = TypeVar("R")

UNDO_TIP = "撤销未保存的修改；没有未保存的修改时，恢复为上次保存前的内容"


def stored_or_none(get: Callable[[int], R], record_id: int | None) -> R | None:
    """Return ``get(record_id)``; None for no id or a record deleted meanwhile."""
    if record_id is None:
        return None
    try:
        return get(record_id)
    except NotFoundError:
        return None


class SaveBar:
    """The last row of a record form: what happened, 撤销 and 保存 (the default button).

    Args:
        parent: The form's widget, parent of the three widgets.
    """

    def __init__(self, parent: QWidget) -> None:
        self.status = QLabel(parent)
        self.undo_button = QPushButton("撤销", parent)
        self.undo_button.setToolTip(UNDO_TIP)
        self.save_button = QPushButton("保存", parent)
        self.save_button.setDefault(True)
        self.row = QHBoxLayout()
        self.row.addWidget(self.status, 1)
        self.row.addWidget(self.undo_button)
        self.row.addWidget(self.save_button)


class SnapshotUndo(Generic[S]):
    """Mixin of a form widget that keeps snapshots of its values.

    The widget sets ``_baseline`` (the stored values) and ``_before_save`` (the
    values the last save replaced) and provides ``_save_bar``, ``_show_snapshot``
    and ``current``; the mixin adds :meth:`undo`, :meth:`has_unsaved_changes` and
    ``_update_buttons`` (the state of 撤销 and 保存).
    """

    _baseline: S | None
    _before_save: S | None

    def _save_bar(self) -> SaveBar | None:
        """Return the form's status, 撤销 and 保存 (None while they are not made)."""
        raise NotImplementedError

    def _show_snapshot(self, snapshot: S) -> None:
        raise NotImplementedError

    def current(self) -> S | None:
        """Return what the widgets hold now (None while nothing is shown)."""
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        """Tell whether the form differs from the stored values."""
        current = self.current()
        return current is not None and current != self._baseline

    def _update_buttons(self) -> None:
        bar = self._save_bar()
        if bar is None:
            return
        dirty = self.has_unsaved_changes()
        enable(bar.save_button, dirty)
        enable(bar.undo_button, dirty or self._before_save is not None)
        if dirty:
            bar.status.setText("有未保存的修改")

    def _say(self, text: str) -> None:
        if (bar := self._save_bar()) is not None:
            bar.status.setText(text)

    def undo(self) -> None:
        """Drop unsaved edits; with none, bring back the values from before the last save.

        The restored values are shown, not stored: 保存 stores them (one level of undo).
        """
        if self._baseline is None:
            return
        if self.has_unsaved_changes():
            self._show_snapshot(self._baseline)
            self._say("已撤销未保存的修改")
        elif self._before_save is not None:
            self._show_snapshot(self._before_save)
            self._before_save = None
            self._say("已恢复为上次保存前的内容，点击“保存”生效")
        self._update_buttons()
