"""A tab page that makes its panel only when the clerk first opens the tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar, cast

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.readonly import ReadOnlyPart

P = TypeVar("P", bound=QWidget)


class LazyTab(QWidget, Generic[P]):
    """Holds the place of a heavy panel in a tab widget and makes it on first need.

    The panel is made the first time the tab is shown or :meth:`panel` is called,
    whichever comes first; ``make`` receives the tab as the panel's parent and should
    bring the panel up to date (the unit shown). Read-only mode asked for before then
    is remembered and handed on.

    Args:
        make: Returns the panel, given its parent.
        parent: The owning widget.
    """

    def __init__(self, make: Callable[[QWidget], P], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make = make
        self._panel: P | None = None
        self._read_only: tuple[bool, bool] | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def is_built(self) -> bool:
        """Tell whether the panel has been made."""
        return self._panel is not None

    def built(self) -> P | None:
        """Return the panel if it has been made, without making it."""
        return self._panel

    def panel(self) -> P:
        """Return the panel, making it now if needed."""
        if self._panel is None:
            panel = self._make(self)
            self._panel = panel
            self._layout.addWidget(panel)
            if self._read_only is not None:
                read_only, allow_reports = self._read_only
                cast(ReadOnlyPart, panel).set_read_only(read_only, allow_reports=allow_reports)
            if self.isVisible():
                panel.show()  # made inside showEvent: the children were shown already
        return self._panel

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock or unlock the panel's writes (remembered until the panel is made)."""
        self._read_only = (read_only, allow_reports)
        if self._panel is not None:
            cast(ReadOnlyPart, self._panel).set_read_only(read_only, allow_reports=allow_reports)

    def showEvent(self, event: QShowEvent) -> None:
        """Make the panel when the tab comes into view."""
        self.panel()
        super().showEvent(event)
