"""The base of the 数据 menu's flows: the window, the folder of the last file, a confirmed undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QStandardPaths

from ui import messages

if TYPE_CHECKING:
    from brandoffice.services.context import AppContext
    from ui.shell import WindowShell

T = TypeVar("T")


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
