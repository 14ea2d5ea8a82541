"""One level of undo for a record form: drop unsaved edits, or bring back the last save's values."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtWidgets import QLabel

S = TypeVar("S")


class SnapshotUndo(Generic[S]):
    """Mixin of a form widget that keeps snapshots of its values.

    The widget sets ``_baseline`` (the stored values) and ``_before_save`` (the
    values the last save replaced) and provides ``_status_label``, ``_show_snapshot``,
    ``_update_buttons`` and ``has_unsaved_changes``; the mixin adds :meth:`undo`.
    """

    _baseline: S | None
    _before_save: S | None

    def _status_label(self) -> QLabel:
        """Return the label that says what undo did."""
        raise NotImplementedError

    def _show_snapshot(self, snapshot: S) -> None:
        raise NotImplementedError

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        """Tell whether the form differs from the stored values."""
        raise NotImplementedError

    def undo(self) -> None:
        """Drop unsaved edits; with none, bring back the values from before the last save.

        The restored values are shown, not stored: 保存 stores them (one level of undo).
        """
        if self._baseline is None:
            return
        if self.has_unsaved_changes():
            self._show_snapshot(self._baseline)
            self._status_label().setText("已撤销未保存的修改")
        elif self._before_save is not None:
            self._show_snapshot(self._before_save)
            self._before_save = None
            self._status_label().setText("已恢复为上次保存前的内容，点击“保存”生效")
        self._update_buttons()
