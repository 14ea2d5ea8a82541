"""Automatic backups while the window is open: on start, then every 30 minutes of changed use."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from brandoffice.safety.backups import BackupPolicy
from ui import messages

if TYPE_CHECKING:
    from ui.shell import WindowShell

log = logging.getLogger(__name__)
TIMER_MS = 5 * 60 * 1000


class AutoBackup(QObject):
    """Runs :class:`BackupPolicy` in the window's runner, as writes.

    :meth:`start` backs up when the newest backup is older than a day; a timer
    then asks the policy every 5 minutes, and the policy backs up when something
    changed and the newest backup is 30 minutes old. Failures go to the log and
    the status bar, never into a message box every five minutes.

    Signals:
        backedUp(object): The new backup file (a Path).
    """

    backedUp = Signal(object)

    def __init__(
        self, window: WindowShell, policy: BackupPolicy | None = None, interval_ms: int = TIMER_MS
    ) -> None:
        super().__init__(window)
        self.window = window
        self.policy = policy or BackupPolicy()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    def start(self, *, backup_now: bool = True) -> None:
        """Back up if the last backup is older than a day, then start the timer.

        Args:
            backup_now: False for an empty database: nothing to keep yet, and the
                timer backs it up once it was filled.
        """
        ctx, policy = self.window.ctx, self.policy
        if backup_now:
            self._run(lambda: policy.on_start(ctx))
        self.timer.start()

    def stop(self) -> None:
        """Stop the timer."""
        self.timer.stop()

    def tick(self) -> None:
        """Ask the policy whether 30 minutes of changed use have passed."""
        if self.window.runner.is_writing():
            return  # the next tick comes in five minutes
        ctx, policy = self.window.ctx, self.policy
        self._run(lambda: policy.on_timer(ctx))

    def _run(self, work: Callable[[], Path | None]) -> None:
        self.window.runner.run(work, self._done, on_error=self._failed, write=True)

    def _done(self, path: Path | None) -> None:
        if path is None:
            return
        log.info("自动备份：%s", path)
        self.window.statusBar().showMessage(f"已自动备份：{path.name}", 5000)
        self.window.refresh_page("home")
        self.backedUp.emit(path)

    def _failed(self, exc: BaseException) -> None:
        log.warning("自动备份失败：%s", exc, exc_info=exc)
        self.window.statusBar().showMessage(f"自动备份失败：{messages.text_of(exc)}", 15000)
