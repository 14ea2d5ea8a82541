"""Every file dialog the program shows: names only, never the open database's own files.

Qt's file-system model asks its icon provider for every file of a listed folder, on a
background thread, and the stock provider reads the first bytes of files whose name
does not tell their type (``x.db``, ``x.sqlite3-shm``). Closing that descriptor drops
every POSIX lock this process holds on the file, so a file dialog showing the folder
of the open database silently unlocked it. Dialogs made here decide icons and types
by name only, hide the database and its side files, and refuse them when typed in.
On Windows the native dialog is kept (its locks belong to handles, not processes);
elsewhere Qt's own dialog is used, since a native one may sniff in this process.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QFileSystemModel, QWidget

from brandoffice.safety.dbfiles import database_file_names, is_database_file, refuse_message
from ui import messages

_protected: Path | None = None
_hidden_names: frozenset[str] = frozenset()
NATIVE = sys.platform == "win32"


def protect_database(db_path: Path | None) -> None:
    """Hide ``db_path`` and its side files from every file dialog shown from now on."""
    global _protected, _hidden_names
    _protected = db_path
    _hidden_names = database_file_names(db_path) if db_path is not None else frozenset()


def protected_database() -> Path | None:
    """Return the database file dialogs hide (None when none)."""
    return _protected


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name alone: never opens a file."""

    def icon(self, what: Any) -> Any:
        """Return the folder or file icon for a QFileInfo; a standard icon for an IconType."""
        if isinstance(what, QFileInfo):
            kind = (
                QFileIconProvider.IconType.Folder
                if what.isDir()
                else QFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        """Return 文件夹 or ``XLSX 文件`` from the name."""
        if info.isDir():
            return "文件夹"
        suffix = info.suffix()
        return f"{suffix.upper()} 文件" if suffix else "文件"


class HideDatabaseFiles(QSortFilterProxyModel):
    """Leave the open database and its ``-wal``/``-shm``/``-journal``/``.lock`` out of listings."""

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        """Accept every row but the protected database's files."""
        model = self.sourceModel()
        if not isinstance(model, QFileSystemModel):
            return True
        index = model.index(row, 0, parent)
        if model.fileName(index) not in _hidden_names:
            return True
        return not is_database_file(model.filePath(index), _protected)


class SafeFileDialog(QFileDialog):
    """A QFileDialog that never sniffs files and never hands out the open database."""

    def __init__(
        self,
        parent: QWidget | None = None,
        caption: str = "",
        directory: str = "",
        filter: str = "",
    ) -> None:
        super().__init__(parent, caption, directory, filter)
        if not NATIVE:
            self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
        self.provider = NameOnlyIconProvider()
        self.setIconProvider(self.provider)
        self.setProxyModel(HideDatabaseFiles(self))

    def accept(self) -> None:
        """Refuse the database's own files, typed in or pasted; accept anything else."""
        for path in self.selectedFiles():
            if is_database_file(path, _protected):
                messages.warn(self, self.windowTitle() or "选择文件", refuse_message(path))
                return
        super().accept()


def file_dialog(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""
) -> SafeFileDialog:
    """Return a file dialog to configure and ``open()`` (the only way ui/ makes one)."""
    return SafeFileDialog(parent, caption, directory, filter)


def open_save_dialog(
    parent: QWidget | None,
    caption: str,
    directory: str,
    filter: str,
    suffix: str,
    chosen: Callable[[str], None],
) -> SafeFileDialog:
    """Open a non-blocking "save as" dialog that calls ``chosen`` with the path picked.

    Args:
        parent: The dialog's parent.
        caption: The title.
        directory: The folder or suggested file shown first.
        filter: The name filter, e.g. ``"Word 文档 (*.docx)"``.
        suffix: Added to a name typed without one (``"docx"``).
        chosen: Called with the path once the clerk accepts.
    """
    dialog = file_dialog(parent, caption, directory, filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def _run(dialog: SafeFileDialog) -> list[str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        chosen = dialog.selectedFiles()
    finally:
        dialog.deleteLater()
    refused = [p for p in chosen if is_database_file(p, _protected)]
    if refused:  # a native dialog does not call accept()
        messages.warn(dialog.parentWidget(), "选择文件", refuse_message(refused[0]))
        return []
    return chosen


def get_open_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""
) -> tuple[str, str]:
    """Ask for one existing file, like ``QFileDialog.getOpenFileName``."""
    dialog = file_dialog(parent, caption, directory, filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog)
    return (chosen[0], dialog.selectedNameFilter()) if chosen else ("", "")


def get_save_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""
) -> tuple[str, str]:
    """Ask where to save, like ``QFileDialog.getSaveFileName``."""
    dialog = file_dialog(parent, caption, directory, filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chosen = _run(dialog)
    return (chosen[0], dialog.selectedNameFilter()) if chosen else ("", "")


def get_existing_directory(parent: QWidget | None, caption: str = "", directory: str = "") -> str:
    """Ask for a folder, like ``QFileDialog.getExistingDirectory``."""
    dialog = file_dialog(parent, caption, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""
