"""The idle lock: after the set minutes without input the window is covered by the login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from brandoffice.safety.accounts import set_idle_lock_minutes
from brandoffice.safety.auditlog import AuditFilter, query_audit
from brandoffice.services.context import AppContext
from tests.ui.safety.conftest import ADMIN, CLERK, sign_in
from ui.main_window import MainWindow
from ui.safety.idle import IdleWatcher
from ui.safety.session import SessionGate

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class Seconds:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def seconds() -> Seconds:
    """The idle watcher's clock."""
    return Seconds()


@pytest.fixture
def gate(
    qtbot: QtBot, login_on: AppContext, settings: QSettings, seconds: Seconds
) -> Iterator[SessionGate]:
    """A window with sign-in on and a 1-minute idle lock, signed in as the 管理员."""
    set_idle_lock_minutes(login_on, 1)
    window = MainWindow(login_on, settings=settings)
    qtbot.addWidget(window)
    window.add_page("plain", "示例页", QIcon(), QLabel("示例"))
    session = SessionGate(window, idle=IdleWatcher(window, clock=seconds, check_ms=10))
    window.session = session
    window.show()
    session.begin()
    sign_in(qtbot, session, ADMIN)
    yield session
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    window.runner.wait(5000)


def test_idle_lock_covers_the_window_and_audits(
    qtbot: QtBot, gate: SessionGate, seconds: Seconds, login_on: AppContext
) -> None:
    window = gate.window
    assert gate.idle.limit == 60 and not window.is_covered()
    other = QDialog(window)
    other.setWindowTitle("另一个对话框")
    other.show()
    seconds.now += 50
    qtbot.keyClick(window, Qt.Key.Key_Shift)  # input resets the idle time
    seconds.now += 50
    qtbot.wait(60)
    assert gate.dialog is None  # only 50 s since the key
    with qtbot.waitSignal(gate.locked, timeout=2000):
        seconds.now += 11
    assert window.is_covered() and not window.body.isVisible()
    assert gate.dialog is not None and gate.dialog.isVisible()
    assert gate.dialog.name_edit.text() == ADMIN
    assert "长时间没有操作" in gate.dialog.note.text()
    assert not other.isVisible()  # its data is hidden too
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=5000)
    (entry,) = query_audit(login_on, AuditFilter(action="空闲锁定", account=ADMIN))
    assert entry.action == "空闲锁定" and entry.object_name == ADMIN
    sign_in(qtbot, gate, CLERK)  # someone else may take over
    assert not window.is_covered() and other.isVisible()
    assert window.ctx.account == CLERK
    assert window.account_label.text() == f"账户：{CLERK}（组织员）"
    assert not window.commands.safety.accounts.isEnabled()  # 组织员: no account page


def test_lock_now_from_the_menu(qtbot: QtBot, gate: SessionGate, login_on: AppContext) -> None:
    lock = gate.window.commands.safety.lock
    assert lock.isVisible() and lock.shortcut().toString() == "Ctrl+L"
    with qtbot.waitSignal(gate.locked, timeout=2000):
        lock.trigger()
    assert gate.window.is_covered()
    qtbot.waitUntil(lambda: not gate.window.runner.is_busy(), timeout=5000)
    assert query_audit(login_on, AuditFilter(action="锁定窗口"))
    lock.trigger()  # already locked: nothing more
    sign_in(qtbot, gate, ADMIN)
    assert not gate.window.is_covered()


def test_no_idle_lock_without_sign_in(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings, seconds: Seconds
) -> None:
    window = MainWindow(street_ctx, settings=settings)
    qtbot.addWidget(window)
    session = SessionGate(window, idle=IdleWatcher(window, clock=seconds, check_ms=10))
    window.session = session
    window.show()
    session.begin()
    seconds.now += 100_000
    qtbot.wait(50)
    assert session.dialog is None and not window.is_covered()
    assert not window.commands.safety.lock.isVisible()
