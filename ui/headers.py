"""Column widths that stay: every table and tree keeps them through reloads and restarts.

:func:`keep_columns` is called once per view, after its model is set. The widths are
restored when the view is first shown (from the window's ``QSettings``, keyed by where
the view sits in the window), kept in memory when the model drops its columns or
resets (the header would put them back to the default 100 px), and saved when the
view is hidden (the window closes, the page or dialog goes away). A view shown for the first time, with nothing
saved, keeps the widths its code set and fits the columns named in ``fit`` to their
contents once.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QHeaderView, QTableView, QTreeView, QWidget

PREFIX = "columns"
"""The settings group of the saved header states."""


class ColumnKeeper(QObject):
    """Restores, keeps and saves one view's column widths (see the module docstring).

    Widths only: the sort column and the resize modes stay what the code sets, so
    restoring never sorts a model or turns a stretched column into a fixed one.

    Attributes:
        view: The table or tree.
        fit: Columns fitted to their contents on a first show with nothing saved.
        settings: Where the widths are saved (found at first show; None keeps them in
            memory only).
    """

    def __init__(self, view: QTableView | QTreeView, fit: Iterable[int] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.fit = tuple(fit)
        self.settings: QSettings | None = None
        self._key = ""
        self._shown = False
        self._kept: list[int] | None = None
        model = view.model()
        if model is not None:
            # Before the view goes back to default widths (the columns removed, a reset).
            model.modelAboutToBeReset.connect(self._remember)
            model.columnsAboutToBeRemoved.connect(self._remember)
            model.modelReset.connect(self._put_back)
            model.columnsInserted.connect(self._put_back)
        view.installEventFilter(self)

    def header(self) -> QHeaderView:
        """Return the view's column header."""
        view = self.view
        return view.header() if isinstance(view, QTreeView) else view.horizontalHeader()

    def key(self) -> str:
        """Return the settings key (known once the view has been shown)."""
        return self._key

    def widths(self) -> list[int]:
        """Return the width of every column, in model order."""
        header = self.header()
        return [header.sectionSize(i) for i in range(header.count())]

    def set_widths(self, widths: list[int]) -> None:
        """Give the columns these widths (extra ones ignored, stretched ones stretch)."""
        header = self.header()
        for column, width in enumerate(widths[: header.count()]):
            if width > 0 and header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Restore on the first show, save on every hide."""
        if watched is self.view:
            if event.type() == QEvent.Type.Show and not self._shown:
                self._first_show()
            elif event.type() == QEvent.Type.Hide and self._shown:
                self.save()
        return False

    def save(self) -> None:
        """Write the widths to the settings (nothing before the first show)."""
        if self._shown and self.settings is not None:
            self.settings.setValue(self._key, " ".join(map(str, self.widths())))
            self.settings.sync()

    def _first_show(self) -> None:
        self._shown = True
        self._key = f"{PREFIX}/{view_path(self.view)}"
        self.settings = settings_for(self.view)
        saved = _parse(None if self.settings is None else self.settings.value(self._key))
        if saved:
            self.set_widths(saved)
            return
        for column in self.fit:
            self.view.resizeColumnToContents(column)

    def _remember(self) -> None:
        # A QTableWidget drops its columns while it is being deleted.
        if self._kept is None and shiboken6.isValid(self.view):
            self._kept = self.widths()

    def _put_back(self) -> None:
        kept = self._kept
        if kept is not None and shiboken6.isValid(self.view) and self.header().count() >= len(kept):
            self._kept = None
            self.set_widths(kept)


def _parse(value: object) -> list[int]:
    """Return saved widths ("230 84 …"), none for a value that is not such a list."""
    if not isinstance(value, str):
        return []
    try:
        return [int(part) for part in value.split()]
    except ValueError:
        return []


def keep_columns(view: QTableView | QTreeView, *, fit: Iterable[int] = ()) -> ColumnKeeper:
    """Keep a view's column widths across reloads and restarts (call after ``setModel``).

    Args:
        view: The table or tree.
        fit: Columns (narrow numbers, short codes) fitted to their contents on the
            view's first show when nothing was saved.
    """
    return ColumnKeeper(view, fit)


def settings_for(widget: QWidget) -> QSettings | None:
    """Return the ``settings`` of the nearest ancestor that has them (the main window).

    A dialog counts its parent as an ancestor. None outside the main window (tests of a
    single page), so such views keep their widths in memory only.
    """
    current: QWidget | None = widget
    while current is not None:
        settings = getattr(current, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        current = current.parentWidget()
    return None


def view_path(widget: QWidget) -> str:
    """Return where a widget sits in its window, by class names (stable per version).

    A class name is followed by the widget's object name when it has one, else by its
    position among its parent's children of the same class when there are several.
    """
    parts: list[str] = []
    current: QWidget | None = widget
    while current is not None:
        name = type(current).__name__
        parent = current.parentWidget()
        if current.objectName():
            name += f"#{current.objectName()}"
        elif parent is not None:
            twins = [c for c in parent.children() if type(c) is type(current)]
            if len(twins) > 1:
                name += f"[{twins.index(current)}]"
        parts.append(name)
        current = parent
    return "/".join(reversed(parts))
