"""The one helper that runs work on QThreadPool and hands results back on the UI thread."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from brandoffice.errors import KnownError
from brandoffice.progress import Cancelled
from ui import messages

__all__ = ["Cancelled", "Progress", "TaskHandle", "TaskRunner"]

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 300
SWITCH_INTERVAL_S = 0.001
"""How long a busy worker keeps the GIL before the window's thread may take it.

Python's default, 5 ms, is paid at each of the window's many calls into Qt that
release the GIL while a task computes: showing the progress dialog then held the
event loop for over 100 ms.
"""
_EMIT_EVERY_S = 0.05


class Progress:
    """What a task calls to report progress; safe to call from the worker thread.

    ``progress(done, total)`` forwards the numbers to the UI thread (at most every
    50 ms) and raises :class:`Cancelled` once the user asked to cancel, so domain
    code that takes ``progress=`` stops at its next report without knowing Qt.
    """

    def __init__(self, carrier: _Carrier) -> None:
        self._carrier = carrier
        self._cancel = threading.Event()
        self._last = float("-inf")

    def __call__(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` steps; raise Cancelled when cancel was asked."""
        if self._cancel.is_set():
            raise Cancelled
        now = time.monotonic()
        if done >= total or now - self._last >= _EMIT_EVERY_S:
            self._last = now
            self._carrier.progressed.emit(int(done), int(total))

    def cancel_requested(self) -> bool:
        """Tell whether the user asked to cancel (for loops that do not report)."""
        return self._cancel.is_set()

    def request_cancel(self) -> None:
        """Ask the task to stop at its next report."""
        self._cancel.set()


class _Carrier(QObject):
    """Signals from a worker thread, delivered (queued) to slots on the UI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    """Calls the task on a pool thread and reports through the carrier."""

    def __init__(self, fn: Callable[[], Any], carrier: _Carrier) -> None:
        super().__init__()
        self._fn = fn
        self._carrier = carrier

    def run(self) -> None:
        """Run the task; never lets an exception escape into Qt."""
        try:
            result = self._fn()
        except BaseException as exc:
            self._carrier.failed.emit(exc)
        else:
            self._carrier.succeeded.emit(result)


class TaskHandle(QObject):
    """One submitted task: its signals, its progress dialog and its callbacks.

    Signals:
        succeeded(object): The result, after ``on_done`` ran.
        failed(object): The exception (including Cancelled), after it was shown.
        finished(): Either way, last.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, runner: TaskRunner, fn: Callable[..., Any], options: dict[str, Any]) -> None:
        super().__init__(runner)
        self._runner = runner
        self._fn = fn
        self._opts = options
        self.write: bool = options["write"]
        self.done = False
        self.carrier = _Carrier(self)
        self.progress = Progress(self.carrier)
        self.dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self.carrier.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.carrier.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self.carrier.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Ask the task to stop (queued tasks are dropped at once)."""
        self.progress.request_cancel()
        self._runner._drop_queued(self)

    def start(self, pool: QThreadPool) -> None:
        """Show the (delayed) progress dialog and hand the work to the pool."""
        label = self._opts["label"]
        if label:
            self._make_dialog(label)
        fn, progress = self._fn, self.progress
        call = (lambda: fn(progress)) if self._opts["with_progress"] else fn
        pool.start(_Worker(call, self.carrier))

    def _make_dialog(self, label: str) -> None:
        cancel_text = "取消" if self._opts["cancellable"] else ""
        dialog = QProgressDialog(label, cancel_text, 0, 0, self._runner.parent_widget())
        dialog.setWindowTitle(self._opts["title"] or "请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        # Our own bar: updating it never calls QProgressDialog.setValue(), which runs a
        # nested processEvents() on modal dialogs and would re-enter our slots.
        self._bar = QProgressBar(dialog)
        self._bar.setRange(0, 0)
        dialog.setBar(self._bar)
        if not self._opts["cancellable"]:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self._on_cancel_pressed)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setValue(0)  # starts the show-after timer
        self.dialog = dialog

    @Slot()
    def _on_cancel_pressed(self) -> None:
        self.progress.request_cancel()
        self._runner.message.emit("正在取消…")

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._bar is None:
            return
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
        if self.dialog is not None:
            self.dialog.setLabelText(f"{self._opts['label']}（{done}/{total}）")

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._close()
        on_done = self._opts["on_done"]
        try:
            if on_done is not None:
                on_done(result)
        finally:
            self.succeeded.emit(result)
            self.finished.emit()
            self.deleteLater()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._close()
        try:
            if isinstance(exc, Cancelled):
                self._runner.message.emit(self._opts["cancelled"] or "已取消")
                if self._opts["on_cancel"] is not None:
                    self._opts["on_cancel"]()
            elif self._opts["on_error"] is not None:
                if not isinstance(exc, KnownError):
                    # A bug is logged and shown the standard way; the handler still
                    # runs so its screen can recover, and shows only messages.text_of().
                    messages.report_internal(self._runner.parent_widget(), exc, self._opts["title"])
                self._opts["on_error"](exc)
            else:
                self._runner.show_error(exc, self._opts["title"])
        finally:
            self.failed.emit(exc)
            self.finished.emit()
            self.deleteLater()

    def _close(self) -> None:
        self.done = True
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._on_cancel_pressed)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = self._bar = None
        self._runner._finished(self)


class TaskRunner(QObject):
    """Runs plain callables on a thread pool; results and errors arrive on the UI thread.

    Reads run side by side; tasks submitted with ``write=True`` run one at a time in
    submission order, so two writers never race for the database. Tasks get ids,
    paths and the context (with its session factories) - never widgets.

    Signals:
        message(str): A short status text (取消, 等待…) for the status bar.
        busyChanged(bool): Whether any task is running or queued.
    """

    message = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._parent = parent
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[TaskHandle] = set()
        self._writes: deque[TaskHandle] = deque()
        self._writing: TaskHandle | None = None

    def parent_widget(self) -> QWidget | None:
        """Return the window that dialogs and messages belong to."""
        return self._parent

    def set_parent_widget(self, widget: QWidget | None) -> None:
        """Use another window for dialogs and messages."""
        self._parent = widget

    def run(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], object] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        write: bool = False,
        title: str = "",
        label: str = "",
        with_progress: bool = False,
        cancellable: bool = False,
        cancelled: str = "",
    ) -> TaskHandle:
        """Run ``fn`` on the pool and call ``on_done(result)`` on the UI thread.

        Args:
            fn: The work: ``fn()``, or ``fn(progress)`` with ``with_progress``. It must
                not touch widgets; give it ids, paths and the context.
            on_done: Receives the result on the UI thread.
            on_error: Receives any exception instead of the standard message box.
            on_cancel: Called when the task stopped because the user cancelled.
            write: Queue behind other writes (one writer at a time).
            title: Title of the progress dialog and of error messages.
            label: Text of the progress dialog; no dialog without it. The dialog
                appears only when the work takes longer than 300 ms.
            with_progress: Pass a :class:`Progress` to ``fn``.
            cancellable: Give the dialog a 取消 button (the task stops at its next
                ``progress()`` call, which raises :class:`Cancelled`).
            cancelled: The status text after a cancel, saying what was left as it
                was (``已取消导入，数据库没有改动``); ``已取消`` when empty.

        Returns:
            The handle with ``succeeded``/``failed``/``finished`` signals.
        """
        options = {
            "on_done": on_done,
            "on_error": on_error,
            "on_cancel": on_cancel,
            "write": write,
            "title": title,
            "label": label,
            "with_progress": with_progress,
            "cancellable": cancellable,
            "cancelled": cancelled,
        }
        handle = TaskHandle(self, fn, options)
        self._active.add(handle)
        if len(self._active) == 1:
            self.busyChanged.emit(True)
        if write and self._writing is not None:
            self._writes.append(handle)
            self.message.emit("等待前一项操作完成…")
        else:
            if write:
                self._writing = handle
            handle.start(self._pool)
        return handle

    def is_busy(self) -> bool:
        """Tell whether any task is running or queued."""
        return bool(self._active)

    def is_writing(self) -> bool:
        """Tell whether a write is running or queued."""
        return self._writing is not None

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool threads are idle (shutdown only; results are not delivered)."""
        return bool(self._pool.waitForDone(msecs))

    def show_error(self, exc: BaseException, title: str = "") -> None:
        """Show an exception the standard way: known errors plainly, bugs as internal errors."""
        messages.report_error(self._parent, exc, title)

    # -- bookkeeping ---------------------------------------------------------
    def _finished(self, handle: TaskHandle) -> None:
        self._active.discard(handle)
        if handle is self._writing:
            self._writing = None
            if self._writes:
                self._writing = self._writes.popleft()
                self._writing.start(self._pool)
        if not self._active:
            self.busyChanged.emit(False)

    def _drop_queued(self, handle: TaskHandle) -> None:
        if handle in self._writes:
            self._writes.remove(handle)
            handle._on_failed(Cancelled())
