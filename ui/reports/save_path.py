"""The 保存为 row of the report dialogs: a suggested file name until the clerk picks one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from ui import file_dialogs
from ui.reports.pages import documents_folder


class SavePath:
    """A path field and 浏览…; the path follows the dialog's choices until typed or browsed.

    Args:
        parent: The dialog.
        caption: The title of the file dialog.
        name_filter: Its name filter, e.g. ``"zip 压缩包 (*.zip)"``.
        suffix: The file's suffix without the dot, added when missing.
    """

    def __init__(self, parent: QWidget, caption: str, name_filter: str, suffix: str) -> None:
        self._parent, self._caption = parent, caption
        self._filter, self._suffix = name_filter, suffix
        self.edited = False
        self.edit = QLineEdit(parent)
        self.edit.textEdited.connect(self._typed)
        browse = QPushButton("浏览…", parent)
        browse.clicked.connect(self.choose)
        self.row = QHBoxLayout()
        self.row.addWidget(self.edit, 1)
        self.row.addWidget(browse)

    def suggest(self, name_of: Callable[[], str]) -> None:
        """Show the name ``name_of`` returns in the folder shown, unless the clerk chose a path.

        The folder is the documents folder at first; ``name_of`` is called only when needed.
        """
        if self.edited:
            return
        folder = Path(self.edit.text()).parent if self.edit.text() else documents_folder()
        self.edit.setText(str(folder / name_of()))

    def _typed(self) -> None:
        self.edited = True

    def choose(self) -> None:
        """Ask where to save (a non-blocking file dialog)."""
        file_dialogs.open_save_dialog(
            self._parent, self._caption, self.edit.text(), self._filter, self._suffix, self._chosen
        )

    def _chosen(self, path: str) -> None:
        if path:
            self.edited = True
            self.edit.setText(path)

    def chosen_file(self) -> Path | None:
        """Return the file, ending in the suffix; None while empty or its folder is missing."""
        path = Path(self.edit.text().strip())
        ending = f".{self._suffix}"
        if path.suffix.lower() != ending:
            path = path.with_name(path.name + ending)
        if not self.edit.text().strip() or not path.parent.is_dir():
            return None
        return path
