"""The base of the 数据 menu's flows: the window, the folder of the last file, a confirmed undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QStandardPaths

from ui import file_dialogs, messages

if TYPE_CHECKING:
    from brandoffice.services.context import AppContext
    from ui.shell import WindowShell

T = TypeVar("T")


def with_suffix(path: str, suffix: str = ".xlsx") -> Path:
    """Return ``path`` ending in ``suffix`` (file dialogs on Linux may leave it off)."""
    result = Path(path)
    return result if result.suffix.lower() == suffix else result.with_name(result.name + suffix)


class MenuFlows(QObject):
    """Flows that pick files in the folder of the last one and run work through the TaskRunner.

    Subclasses set ``LAST_DIR_KEY``, the setting that remembers the folder.
    """

    LAST_DIR_KEY = ""

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window = window

    def _last_dir(self) -> str:
        saved = self.window.settings.value(self.LAST_DIR_KEY)
        if isinstance(saved, str) and Path(saved).is_dir():
            return saved
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _remember_dir(self, path: Path) -> None:
        self.window.settings.setValue(self.LAST_DIR_KEY, str(path.parent))

    def _open_path(self, title: str, file_filter: str) -> Path | None:
        """Ask for a file to read in the last folder; remember its folder (None: cancelled)."""
        chosen, _ = file_dialogs.get_open_file_name(
            self.window, title, self._last_dir(), file_filter
        )
        if not chosen:
            return None
        path = Path(chosen)
        self._remember_dir(path)
        return path

    def _save_path(self, title: str, name: str, file_filter: str) -> Path | None:
        """Ask where to save, suggesting ``name`` in the last folder; remember the folder.

        Returns:
            The file chosen, ending like ``name``; None when cancelled.
        """
        suggested = str(Path(self._last_dir()) / name)
        chosen, _ = file_dialogs.get_save_file_name(self.window, title, suggested, file_filter)
        if not chosen:
            return None
        path = with_suffix(chosen, Path(name).suffix)
        self._remember_dir(path)
        return path

    def _ask_then_undo(
        self,
        title: str,
        question: str,
        undo: Callable[[AppContext], T],
        report: Callable[[T], tuple[str, str]],
        *,
        label: str,
        informative: str,
    ) -> None:
        """Ask 撤销导入/取消; on 撤销导入 run ``undo`` as a write and show ``report``'s title and text."""

        def undo_now() -> None:
            if not self.window.settle_pages():
                return
            ctx = self.window.ctx

            def done(result: T) -> None:
                self.window.notify_data_changed("undo")
                messages.inform(self.window, *report(result))

            self.window.runner.run(lambda: undo(ctx), done, write=True, title=title, label=label)

        messages.confirm(
            self.window, title, question, "撤销导入", undo_now, informative=informative
        )
