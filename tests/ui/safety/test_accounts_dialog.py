"""工具 → 账户与登录: add, reset, role, disable, unlock, and the login settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.safety.accounts import (
    LoginError,
    authenticate,
    get_account,
    idle_lock_minutes,
    login_required,
)
from brandoffice.services.context import AppContext
from tests.ui.safety.conftest import ADMIN, CLERK, LEADER
from ui.main_window import MainWindow
from ui.safety.accounts_dialog import AccountsDialog

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
NEW_PASSWORD = "Xinmima-2026!"


def _open(qtbot: QtBot, window: MainWindow) -> AccountsDialog:
    dialog = window.commands.safety.show_accounts()
    assert isinstance(dialog, AccountsDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    return dialog


def _select(dialog: AccountsDialog, name: str) -> None:
    names = [dialog.model.row_at(r).name for r in range(dialog.model.rowCount())]
    dialog.view.selectRow(names.index(name))


def _state(dialog: AccountsDialog, name: str) -> str:
    _select(dialog, name)
    row = dialog.view.selectionModel().selectedRows()[0].row()
    return str(dialog.model.data(dialog.model.index(row, 2)))


def test_accounts_are_listed_and_new_ones_follow_the_policy(
    qtbot: QtBot, window: MainWindow, accounts: dict[str, str], qtmodeltester: object
) -> None:
    dialog = _open(qtbot, window)
    assert dialog.model.rowCount() == 3
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    assert not dialog.login_box.isChecked() and dialog.idle_spin.value() == 15
    form = dialog.add_account()
    form.name_edit.setText("赵新")
    form.password_edit.setText("abc")
    assert "至少 8 位" in form.message.text()  # checked while typing
    form.password_edit.setText("abcdefgh")
    form.ok_button.click()
    assert "现在只有 1 种" in form.message.text() and form.isVisible()
    form.password_edit.setText(NEW_PASSWORD)
    form.repeat_edit.setText(NEW_PASSWORD)
    form.name_edit.setText(ADMIN)
    form.ok_button.click()
    qtbot.waitUntil(lambda: "已存在" in form.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    form.name_edit.setText("赵新")
    results: list[int] = []
    form.finished.connect(results.append)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        form.ok_button.click()
    assert results == [1] and dialog.model.rowCount() == 4  # accepted, then deleted
    assert get_account(window.ctx, "赵新").role == "组织员"


def test_reset_role_disable_and_unlock(
    qtbot: QtBot,
    window: MainWindow,
    accounts: dict[str, str],
    msgs: Messages,
    street_ctx: AppContext,
) -> None:
    ctx = street_ctx
    for _ in range(5):
        with pytest.raises(LoginError):
            authenticate(ctx, LEADER, "Wrong-pass-1")
    dialog = _open(qtbot, window)
    assert _state(dialog, LEADER).startswith("锁定至")
    assert dialog.unlock_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.unlock_button.click()
    assert _state(dialog, LEADER) == "正常"

    _select(dialog, LEADER)
    form = dialog.reset_password()
    assert form is not None and form.name_edit.text() == LEADER and form.name_edit.isReadOnly()
    form.password_edit.setText(NEW_PASSWORD)
    form.repeat_edit.setText(NEW_PASSWORD)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        form.ok_button.click()
    assert authenticate(ctx, LEADER, NEW_PASSWORD).name == LEADER

    _select(dialog, CLERK)
    dialog.role.setCurrentIndex(dialog.role.findData("领导"))
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.role_button.click()
    assert get_account(ctx, CLERK).role == "领导"

    _select(dialog, CLERK)
    assert dialog.disable_button.text() == "停用"
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.disable_button.click()
    assert _state(dialog, CLERK) == "已停用" and dialog.disable_button.text() == "启用"

    _select(dialog, ADMIN)  # the last 管理员 stays
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.disable_button.click()
    assert "至少要保留一个可用的管理员账户" in msgs.texts("warn")[-1]
    assert not get_account(ctx, ADMIN).disabled


def test_login_setting_and_idle_minutes(
    qtbot: QtBot, window: MainWindow, accounts: dict[str, str], street_ctx: AppContext
) -> None:
    dialog = _open(qtbot, window)
    assert dialog.login_box.isEnabled()  # SQLite: the clerk chooses
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.login_box.click()
    assert login_required(street_ctx) and dialog.login_box.isChecked()
    dialog.idle_spin.setValue(5)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.idle_save.click()
    assert idle_lock_minutes(street_ctx) == 5
    dialog.idle_spin.setValue(0)
    assert dialog.idle_spin.text() == "不锁定"


def test_turning_login_on_needs_an_admin(
    qtbot: QtBot, window: MainWindow, msgs: Messages, street_ctx: AppContext
) -> None:
    dialog = window.commands.safety.show_accounts()
    assert isinstance(dialog, AccountsDialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.login_box.click()
    assert msgs.texts("warn") == ["请先创建一个管理员账户，再开启登录"]
    assert not dialog.login_box.isChecked() and not login_required(street_ctx)
