"""The window's watch over its SQLite file: a lost lock or a deleted log stops writing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from brandoffice.safety.lockwatch import FileWatch, emergency_backup

if TYPE_CHECKING:
    from ui.shell import WindowShell

log = logging.getLogger(__name__)
TIMER_MS = 5_000
TITLE = "数据库文件异常"


class FileWatchTimer(QObject):
    """Checks the database's locks and log every few seconds (writes check on their own).

    On the first problem it stops, copies what the live connection sees into a
    verified backup (off the UI thread) and tells the clerk to restart; the core
    guard (:meth:`FileWatch.guard`) refuses every write from then on.

    Signals:
        rescued(object): The emergency backup (a Path), or None when it failed.
    """

    rescued = Signal(object)

    def __init__(self, window: WindowShell, watch: FileWatch, interval_ms: int = TIMER_MS) -> None:
        super().__init__(window)
        self.window = window
        self.watch = watch
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Start checking."""
        self.timer.start()

    def tick(self) -> None:
        """Check now; on a problem, save the clerk's work and say so (once)."""
        if self.watch.check() is None:
            return
        self.timer.stop()
        log.error("数据库文件异常：%s", self.watch.problem)
        db = self.window.ctx.db
        self.window.runner.run(lambda: emergency_backup(db), self._saved, on_error=self._not_saved)

    def _saved(self, path: Path) -> None:
        log.warning("紧急备份：%s", path)
        self._tell(f"此前的全部数据已另存为经过校验的备份：\n{path}")
        self.rescued.emit(path)

    def _not_saved(self, exc: BaseException) -> None:
        log.error("紧急备份失败：%s", exc, exc_info=exc)
        self._tell(f"紧急备份没有成功（{exc}）。请不要关闭本窗口，立即联系维护人员。")
        self.rescued.emit(None)

    def _tell(self, saved: str) -> None:
        from ui import messages

        messages.error(self.window, TITLE, f"{self.watch.message()}\n\n{saved}")
