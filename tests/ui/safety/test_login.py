"""The login dialog: wrong passwords, the lockout after five, success, a read-only database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brandoffice.app import open_context
from brandoffice.safety.auditlog import AuditFilter, count_audit
from brandoffice.safety.readonly_login import MemoryLockout
from brandoffice.services.context import AppContext
from tests.conftest import FakeClock
from tests.ui.safety.conftest import ADMIN, LEADER, PASSWORD
from ui.safety.login import LoginDialog
from ui.tasks import TaskRunner


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """A task runner without a window."""
    tasks = TaskRunner()
    yield tasks
    tasks.wait(5000)


def _dialog(qtbot: QtBot, ctx: AppContext, runner: TaskRunner, **kw: object) -> LoginDialog:
    dialog = LoginDialog(ctx, runner, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def _attempt(qtbot: QtBot, dialog: LoginDialog, name: str, password: str) -> str:
    dialog.name_edit.setText(name)
    dialog.password_edit.setText(password)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    return dialog.message.text()


def test_wrong_password_is_refused_with_a_message(
    qtbot: QtBot, ctx: AppContext, accounts: dict[str, str], runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, ctx, runner)
    assert dialog.windowTitle() == "登录 党建品牌工作台"
    dialog.ok_button.click()
    assert dialog.message.text() == "请输入用户名和密码" and not dialog.busy
    assert _attempt(qtbot, dialog, ADMIN, "wrong-Password1") == "用户名或密码错误"
    assert _attempt(qtbot, dialog, "无此人", PASSWORD) == "用户名或密码错误"
    assert dialog.isVisible() and dialog.password_edit.text() == ""
    assert ctx.account == "本机用户"
    assert count_audit(ctx, AuditFilter(action="登录失败")) == 2


def test_five_failures_lock_the_account_for_fifteen_minutes(
    qtbot: QtBot,
    ctx: AppContext,
    accounts: dict[str, str],
    runner: TaskRunner,
    clock: FakeClock,
) -> None:
    dialog = _dialog(qtbot, ctx, runner)
    for _ in range(4):
        assert _attempt(qtbot, dialog, LEADER, "Wrong-pass-1") == "用户名或密码错误"
    fifth = _attempt(qtbot, dialog, LEADER, "Wrong-pass-1")
    assert fifth.startswith("连续 5 次密码错误。账户已锁定，请于 09:15 后再试")
    assert _attempt(qtbot, dialog, LEADER, PASSWORD).startswith("账户已锁定")
    clock.advance(minutes=16)
    with qtbot.waitSignal(dialog.signedIn, timeout=10_000) as signed:
        dialog.name_edit.setText(LEADER)
        dialog.password_edit.setText(PASSWORD)
        dialog.ok_button.click()
    assert signed.args[0].name == LEADER and signed.args[0].role == "领导"
    assert ctx.account == LEADER and not dialog.isVisible()
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_success_sets_the_account(
    qtbot: QtBot, ctx: AppContext, accounts: dict[str, str], runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, ctx, runner, name=ADMIN)
    assert dialog.name_edit.text() == ADMIN
    with qtbot.waitSignal(dialog.signedIn, timeout=10_000):
        dialog.password_edit.setText(PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)  # Esc does not leave
        assert dialog.isVisible()
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert ctx.account == ADMIN
    assert count_audit(ctx, AuditFilter(action="登录", result="成功")) == 1


def test_read_only_database_counts_failures_in_memory(
    qtbot: QtBot,
    ctx: AppContext,
    accounts: dict[str, str],
    db_path: Path,
    clock: FakeClock,
    runner: TaskRunner,
) -> None:
    before = count_audit(ctx)
    reader = open_context(str(db_path), clock=clock, read_only=True)
    try:
        lockout = MemoryLockout()
        dialog = _dialog(qtbot, reader, runner, read_only_db=True, lockout=lockout)
        for _ in range(4):
            assert _attempt(qtbot, dialog, ADMIN, "Wrong-pass-1") == "用户名或密码错误"
        assert "账户已锁定" in _attempt(qtbot, dialog, ADMIN, "Wrong-pass-1")
        assert "账户已锁定" in _attempt(qtbot, dialog, ADMIN, PASSWORD)
        clock.advance(minutes=16)
        with qtbot.waitSignal(dialog.signedIn, timeout=10_000):
            _attempt(qtbot, dialog, ADMIN, PASSWORD)
        assert reader.account == ADMIN
    finally:
        reader.db.dispose()
    assert count_audit(ctx) == before  # nothing written
