"""Fixtures of the safety window tests: a window, accounts, and a process holding the lock."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from brandoffice.safety.accounts import create_account, set_login_required
from brandoffice.services.context import AppContext
from tests.core.safety import lock_holder
from ui.main_window import MainWindow
from ui.safety.session import SessionGate

ADMIN, LEADER, CLERK = "王管理", "李领导", "张组织"
PASSWORD = "Dangjian-2026"


def sign_in(qtbot: QtBot, gate: SessionGate | None, name: str, password: str = PASSWORD) -> None:
    """Sign ``name`` in through the gate's login dialog; wait until the gate says so."""
    assert gate is not None and gate.dialog is not None
    dialog = gate.dialog
    dialog.name_edit.setText(name)
    dialog.password_edit.setText(password)
    with qtbot.waitSignal(gate.signedIn, timeout=10_000):
        dialog.ok_button.click()


@pytest.fixture
def window(qtbot: QtBot, street_ctx: AppContext, settings: QSettings) -> Iterator[MainWindow]:
    """A shown main window over the small street, with one plain page."""
    win = MainWindow(street_ctx, settings=settings)
    qtbot.addWidget(win)
    win.add_page("plain", "示例页", QIcon(), QLabel("示例"))
    win.show()
    yield win
    qtbot.waitUntil(lambda: not win.runner.is_busy(), timeout=10_000)
    win.runner.wait(5000)


@pytest.fixture
def accounts(ctx: AppContext) -> dict[str, str]:
    """A 管理员, a 领导 and a 组织员, all with :data:`PASSWORD`; returns roles by name."""
    roles = {ADMIN: "管理员", LEADER: "领导", CLERK: "组织员"}
    for name, role in roles.items():
        create_account(ctx, name, role, PASSWORD)
    return roles


@pytest.fixture
def login_on(ctx: AppContext, accounts: dict[str, str]) -> AppContext:
    """The test database with the three accounts and 启动时需要登录 on."""
    set_login_required(ctx, True)
    return ctx


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """Start another process holding a database's instance lock (killed afterwards)."""
    started: list[subprocess.Popen[str]] = []

    def hold(db_path: Path) -> subprocess.Popen[str]:
        started.append(lock_holder.hold_lock(db_path))
        return started[-1]

    yield hold
    for proc in started:
        lock_holder.kill(proc)
