"""Read-only mode of the pages: switch the controls that write off, and back on as they were.

:func:`set_writable` locks a control and later restores it. While a control is locked,
its own code changes its enabled state through :func:`enable`, which only remembers
the wish; unlocking shows what was wished last. How a control is locked depends on
its kind:

- text fields (``QLineEdit``, ``QPlainTextEdit``, ``QTextEdit``) become read-only,
  greyed, their text still selectable;
- item views stop editing in place and dragging, and stay scrollable and selectable;
- anything else (buttons, combo boxes, date and number fields, actions) is disabled.

Pages and their panels keep their controls in a :class:`ReadOnlyControls`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeAlias, cast

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

Control: TypeAlias = QWidget | QAction
"""Something that writes when used: a widget or an action."""

TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit)
INPUTS = (*TEXT_FIELDS, QAbstractSpinBox, QComboBox, QAbstractButton, QAbstractItemView)
"""The widgets :func:`inputs_of` collects from a form."""

_WANTED = "readOnlyWanted"  # the state to restore; unset while the control is not locked
_TINTED = "readOnlyTinted"  # the lock greyed the field's own palette


class ReadOnlyPart(Protocol):
    """A panel that follows its page into read-only mode."""

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock or unlock the panel's write (and report) controls."""


def _state(control: Control) -> object:
    """Return what a control is now, before it is locked."""
    if isinstance(control, TEXT_FIELDS):
        return not control.isReadOnly()
    if isinstance(control, QAbstractItemView):
        return (control.editTriggers(), control.dragDropMode())
    if isinstance(control, QWidget):
        return not control.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
    return control.isEnabled()


def _lock(control: Control) -> None:
    if isinstance(control, TEXT_FIELDS):
        control.setReadOnly(True)
        if not control.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
            grey = QPalette(control.palette())
            grey.setColor(QPalette.ColorRole.Base, grey.color(QPalette.ColorRole.Window))
            control.setPalette(grey)
            control.setProperty(_TINTED, True)
    elif isinstance(control, QAbstractItemView):
        control.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        control.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
    else:
        control.setEnabled(False)


def _restore(control: Control, state: object) -> None:
    if isinstance(control, TEXT_FIELDS):
        control.setReadOnly(not state)
        if control.property(_TINTED):
            control.setProperty(_TINTED, None)
            control.setPalette(QPalette())  # back to the inherited palette
    elif isinstance(control, QAbstractItemView):
        triggers, mode = cast(tuple[Any, Any], state)
        control.setEditTriggers(triggers)
        control.setDragDropMode(mode)
    else:
        control.setEnabled(bool(state))


def set_writable(controls: Iterable[Control], writable: bool) -> None:
    """Lock (``writable=False``) or unlock controls that write.

    Locking twice or unlocking an unlocked control changes nothing; controls whose
    Qt object is gone are skipped.

    Args:
        controls: Widgets and actions that write when used.
        writable: False to lock them, True to restore what they were (or were asked to
            become through :func:`enable` meanwhile).
    """
    for control in controls:
        if not shiboken6.isValid(control):
            continue
        wanted = control.property(_WANTED)
        if not writable and wanted is None:
            control.setProperty(_WANTED, _state(control))
            _lock(control)
        elif writable and wanted is not None:
            control.setProperty(_WANTED, None)
            _restore(control, wanted)


def enable(control: Control, on: bool) -> None:
    """Enable or disable a control from its own code; while locked, remember it for later.

    Use it instead of ``setEnabled`` for buttons and actions that write and are enabled
    by selection or state (保存 only when something changed, 删除 only with a selection).
    """
    if control.property(_WANTED) is None:
        control.setEnabled(on)
    else:
        control.setProperty(_WANTED, on)


def is_writable(control: Control) -> bool:
    """Tell whether a control is not locked by :func:`set_writable`."""
    return control.property(_WANTED) is None


def inputs_of(container: QWidget) -> list[QWidget]:
    """Return the fields and buttons of a form, not the parts inside them.

    The inner line edit of a spin box, a combo box's list or a tab bar's scroll buttons
    are left out: locking the field itself covers them.
    """
    opaque = (*INPUTS, QTabBar)
    found: list[QWidget] = []
    for child in container.findChildren(QWidget):
        if not isinstance(child, INPUTS):
            continue
        parent = child.parentWidget()
        while parent is not None and parent is not container and not isinstance(parent, opaque):
            parent = parent.parentWidget()
        if parent is None or parent is container:
            found.append(child)
    return found


class ReadOnlyControls:
    """The controls one page or panel switches for read-only mode.

    Write controls are locked while read-only; report controls (export, print) while
    reports are not allowed; parts (sub-panels) are told the same.

    Attributes:
        read_only: Nothing may be written now.
        allow_reports: Exports and printouts may be made now.
    """

    def __init__(
        self,
        *,
        writes: Iterable[Control] = (),
        reports: Iterable[Control] = (),
        parts: Iterable[ReadOnlyPart] = (),
    ) -> None:
        self.read_only = False
        self.allow_reports = True
        self._writes: list[Control] = []
        self._reports: list[Control] = list(reports)
        self._parts: list[ReadOnlyPart] = list(parts)
        self.add_writes(*writes)

    def add_writes(self, *controls: Control) -> None:
        """Add write controls; while read-only they are locked at once (rebuilt buttons)."""
        self._writes = [c for c in self._writes if shiboken6.isValid(c)]
        self._writes += [c for c in controls if c not in self._writes]
        if self.read_only:
            set_writable(controls, False)

    def writes(self) -> list[Control]:
        """Return the write controls that still exist."""
        return [c for c in self._writes if shiboken6.isValid(c)]

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock or unlock the write controls, the report controls and the parts.

        Args:
            read_only: Nothing may be written (a database opened read-only, the 领导 role).
            allow_reports: Exports and printouts may still be made.
        """
        self.read_only, self.allow_reports = read_only, allow_reports
        set_writable(self.writes(), not read_only)
        set_writable(self._reports, allow_reports)
        for part in self._parts:
            part.set_read_only(read_only, allow_reports=allow_reports)

    def lock_transient(self, *controls: Control) -> None:
        """Lock controls made for the moment (a context menu's actions) while read-only."""
        if self.read_only:
            set_writable(controls, False)
