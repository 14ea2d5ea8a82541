"""The TaskRunner: results, errors, progress, cancel and one writer at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from brandoffice.errors import CellProblem, ImportRejected, StorageError
from tests.ui.conftest import Messages
from ui import tasks
from ui.tasks import Cancelled, Progress, TaskRunner


@pytest.fixture
def shown(msgs: Messages) -> list[tuple[str, str, str, str | None]]:
    """Record message boxes instead of opening them."""
    return msgs.shown


def test_result_arrives_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    threads: dict[str, Any] = {}
    results: list[int] = []

    def work() -> int:
        threads["work"] = QThread.currentThread()
        return 6 * 7

    def done(value: int) -> None:
        threads["done"] = QThread.currentThread()
        results.append(value)

    handle = runner.run(work, done)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert results == [42]
    assert threads["done"] is QApplication.instance().thread()
    assert threads["work"] is not threads["done"]
    assert not runner.is_busy()


def test_known_error_is_shown_in_chinese(qtbot: QtBot, runner: TaskRunner, shown: list) -> None:
    def work() -> None:
        raise StorageError("磁盘已满，无法写入")

    handle = runner.run(work, lambda _: pytest.fail("must not succeed"), title="备份")
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], StorageError)
    assert shown == [("warn", "备份", "磁盘已满，无法写入", None)]


def test_import_rejected_lists_every_problem(qtbot: QtBot, runner: TaskRunner, shown: list) -> None:
    problems = [
        CellProblem(3, "组织名称", "", "不能为空"),
        CellProblem(7, "党员人数", "-1", "不能为负数"),
    ]

    def work() -> None:
        raise ImportRejected(problems)

    with qtbot.waitSignal(runner.run(work).finished, timeout=5000):
        pass
    ((kind, _title, text, details),) = shown
    assert kind == "warn" and "2 处数据有误" in text
    assert details is not None
    assert details.splitlines() == [str(p) for p in problems]


def test_import_rejected_details_end_with_what_was_not_listed(
    qtbot: QtBot, runner: TaskRunner, shown: list
) -> None:
    problems = [CellProblem(row, "身份证号", "1", "身份证号应为 18 位") for row in range(2, 202)]

    def work() -> None:
        raise ImportRejected(problems, total=190_000, more_rows=189_800)

    with qtbot.waitSignal(runner.run(work).finished, timeout=5000):
        pass
    ((_kind, _title, text, details),) = shown
    assert "190000 处数据有误" in text
    lines = details.splitlines()
    assert len(lines) == 201 and lines[0] == str(problems[0])
    assert lines[-1] == "另有 189800 处错误未列出，共涉及 189800 行"


def test_other_errors_are_logged_and_shown_as_internal(
    qtbot: QtBot, runner: TaskRunner, shown: list, caplog: pytest.LogCaptureFixture
) -> None:
    def work() -> None:
        raise ZeroDivisionError("boom")

    with qtbot.waitSignal(runner.run(work).finished, timeout=5000):
        pass
    ((kind, title, _text, details),) = shown
    assert (kind, title) == ("error", "程序内部错误")
    assert details is not None and "ZeroDivisionError" in details
    assert "Traceback" in caplog.text and "in work" in caplog.text


def test_on_error_replaces_the_message(qtbot: QtBot, runner: TaskRunner, shown: list) -> None:
    caught: list[BaseException] = []

    def work() -> None:
        raise StorageError("锁定")

    with qtbot.waitSignal(runner.run(work, on_error=caught.append).finished, timeout=5000):
        pass
    assert [str(e) for e in caught] == ["锁定"]
    assert shown == []


def test_progress_reaches_the_dialog_and_callers(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()

    def work(progress: Progress) -> str:
        progress(1, 4)
        release.wait(10)
        progress(4, 4)
        return "ok"

    handle = runner.run(work, with_progress=True, label="正在导入…", title="导入")
    dialog = handle.dialog
    assert isinstance(dialog, QProgressDialog)
    assert dialog.windowTitle() == "导入"
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5000)  # after 300 ms
    qtbot.waitUntil(lambda: dialog.labelText() == "正在导入…（1/4）", timeout=5000)
    bar = dialog.findChild(QProgressBar)
    assert bar is not None and (bar.value(), bar.maximum()) == (1, 4)
    release.set()
    with qtbot.waitSignal(handle.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == ["ok"]
    assert handle.dialog is None


def test_quick_work_never_shows_a_dialog(qtbot: QtBot, runner: TaskRunner) -> None:
    handle = runner.run(lambda: 1, label="正在处理…")
    assert handle.dialog is not None
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    visible = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]
    assert visible == []


def test_cancel_button_stops_the_task(qtbot: QtBot, runner: TaskRunner, shown: list) -> None:
    started = threading.Event()
    cancelled: list[bool] = []
    steps: list[int] = []

    def work(progress: Progress) -> None:
        started.set()
        for i in range(10_000):
            progress(i, 10_000)
            steps.append(i)
            QThread.msleep(1)

    handle = runner.run(
        work,
        lambda _: pytest.fail("cancelled work must not succeed"),
        on_cancel=lambda: cancelled.append(True),
        with_progress=True,
        cancellable=True,
        label="正在导出…",
    )
    dialog = handle.dialog
    assert dialog is not None
    assert started.wait(5)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    (button,) = dialog.findChildren(QPushButton)
    assert button.text() == "取消"
    button.click()
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], Cancelled)
    assert cancelled == [True]
    assert len(steps) < 10_000
    assert shown == []  # a cancel is not an error


def test_cancel_requested_for_loops_without_reports(qtbot: QtBot, runner: TaskRunner) -> None:
    def work(progress: Progress) -> str:
        while not progress.cancel_requested():
            QThread.msleep(5)
        return "stopped"

    handle = runner.run(work, with_progress=True)
    handle.cancel()
    with qtbot.waitSignal(handle.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == ["stopped"]


def test_writes_run_one_at_a_time_in_order(qtbot: QtBot, runner: TaskRunner) -> None:
    lock = threading.Lock()
    running = 0
    most = 0
    order: list[int] = []

    def write(n: int) -> Callable[[], int]:
        def work() -> int:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            QThread.msleep(30)
            with lock:
                running -= 1
            return n

        return work

    handles = [runner.run(write(n), order.append, write=True) for n in range(4)]
    assert runner.is_writing()
    with qtbot.waitSignal(handles[-1].finished, timeout=5000):
        pass
    assert order == [0, 1, 2, 3]
    assert most == 1
    assert not runner.is_writing() and not runner.is_busy()


def test_reads_run_beside_a_write(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    write = runner.run(lambda: release.wait(5), write=True)
    read = runner.run(lambda: "read")
    with qtbot.waitSignal(read.succeeded, timeout=5000):
        pass
    assert runner.is_writing()
    release.set()
    with qtbot.waitSignal(write.finished, timeout=5000):
        pass


def test_cancelling_a_queued_write_drops_it(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    ran: list[str] = []
    first = runner.run(lambda: release.wait(5), write=True)
    second = runner.run(lambda: ran.append("second"), write=True)
    with qtbot.waitSignal(second.failed, timeout=1000) as blocker:
        second.cancel()
    assert isinstance(blocker.args[0], Cancelled)
    release.set()
    with qtbot.waitSignal(first.finished, timeout=5000):
        pass
    runner.wait(5000)
    assert ran == []


def test_busy_signal(qtbot: QtBot, runner: TaskRunner) -> None:
    states: list[bool] = []
    runner.busyChanged.connect(states.append)
    handle = runner.run(lambda: None)
    assert states == [True]
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert states == [True, False]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing a QMessageBox
def test_real_message_box_opens_without_blocking(
    qtbot: QtBot, runner: TaskRunner, parent: QWidget
) -> None:
    def work() -> None:
        raise StorageError("数据库被占用")

    with qtbot.waitSignal(runner.run(work, title="保存").finished, timeout=5000):
        pass
    boxes = parent.findChildren(QMessageBox)
    assert [b.text() for b in boxes] == ["数据库被占用"]
    assert boxes[0].isVisible()
    boxes[0].close()


def test_progress_is_throttled(monkeypatch: pytest.MonkeyPatch) -> None:
    emitted: list[tuple[int, int]] = []

    class Carrier:
        class progressed:  # noqa: N801 - stands in for a signal
            @staticmethod
            def emit(done: int, total: int) -> None:
                emitted.append((done, total))

    clock = iter([0.0, 0.01, 0.02, 0.1, 0.11])
    monkeypatch.setattr(tasks.time, "monotonic", lambda: next(clock))
    progress = Progress(Carrier())  # type: ignore[arg-type]
    for i in range(1, 6):
        progress(i, 5)
    assert emitted == [(1, 5), (4, 5), (5, 5)]
