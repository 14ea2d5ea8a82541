"""Noticing that nobody has touched the program for a while (the idle lock)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
CHECK_MS = 15_000


class IdleWatcher(QObject):
    """Watches every input event of the application; ``idle`` fires after the limit.

    The filter only notes the time of the last input; a timer compares it with the
    limit every ``check_ms``. After firing, the watcher waits until :meth:`arm` is
    called again (after the next sign-in).

    Signals:
        idle(): Nobody gave input for ``limit`` seconds.
    """

    idle = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        check_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.limit: float = 0.0
        self.last = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def arm(self, seconds: float) -> None:
        """Start watching with a limit of ``seconds`` (0 stops watching)."""
        self.limit = max(0.0, float(seconds))
        self.last = self.clock()
        if self.limit:
            self.timer.start()
        else:
            self.timer.stop()

    def disarm(self) -> None:
        """Stop watching (while locked)."""
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the time of every input event; never consumes it."""
        if event.type() in INPUT_EVENTS:
            self.last = self.clock()
        return False

    def check(self) -> None:
        """Fire ``idle`` when the limit has passed since the last input."""
        if self.limit and self.clock() - self.last >= self.limit:
            self.timer.stop()
            self.idle.emit()
