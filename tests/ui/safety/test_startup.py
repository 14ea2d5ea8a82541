"""Start-up: a second instance, a damaged file, a network share, the login at start, roles."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from brandoffice.errors import StorageError
from brandoffice.maintenance import backup
from brandoffice.model import AuditEntry, Setting
from brandoffice.safety.accounts import list_accounts, sign_out
from brandoffice.safety.permissions import Action, NotSignedInError, PermissionDeniedError
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from tests.ui.conftest import Messages, build_street
from tests.ui.read_only_check import org_page_reads, usable_inputs
from tests.ui.safety.conftest import ADMIN, CLERK, LEADER, PASSWORD, sign_in
from tests.ui.windows import close_started
from ui import app as ui_app
from ui.brands.page import BrandPage
from ui.main_window import MainWindow
from ui.orgs.page import OrgPage
from ui.safety import startup
from ui.safety.access import LEADER_TEXT, READ_ONLY_DB_TEXT
from ui.safety.login import LoginDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
NEW_ORG = OrgDraft(name="新建社区党委", kind="党委", level="村社区", sector="社区")


class Questions:
    """The start-up questions asked, and the answers to give (default: the first button)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str]] = []
        self.answers: list[bool] = []

    def ask(self, title: str, text: str, _yes: str, _no: str, *, informative: str = "") -> bool:
        self.asked.append((title, text, informative))
        return self.answers.pop(0) if self.answers else True


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    """Answer the start-up questions instead of showing them."""
    record = Questions()
    monkeypatch.setattr(startup, "ask", record.ask)
    return record


@pytest.fixture
def start(
    qtbot: QtBot, db_path: Path, settings: QSettings, clock: FakeClock
) -> Iterator[Callable[[], MainWindow]]:
    """Start the program on the test database; what it opened is closed after the test.

    Not given to ``qtbot.addWidget``: pytest-qt would close the window before this teardown.
    """
    started: list[MainWindow] = []

    def run() -> MainWindow:
        window = ui_app.start(str(db_path), settings=settings, clock=clock)
        assert window is not None
        started.append(window)
        return window

    yield run
    for window in started:
        close_started(qtbot, window)
        window.deleteLater()


def _write_actions(window: MainWindow) -> dict[str, bool]:
    c = window.commands
    actions = {
        "备份": c.backup,
        "备份到": c.backup_to,
        "恢复": c.restore,
        "导入": c.import_action,
        "撤销导入": c.undo_import,
        "导出": c.export_action,
        "备份与恢复": c.safety.backups,
        "账户": c.safety.accounts,
    }
    return {name: action.isEnabled() for name, action in actions.items()}


def test_second_instance_opens_read_only_with_write_actions_disabled(
    qtbot: QtBot,
    street_ctx: AppContext,
    db_path: Path,
    msgs: Messages,
    questions: Questions,
    hold_lock: Callable[[Path], Any],
    start: Callable[[], MainWindow],
) -> None:
    proc = hold_lock(db_path)
    window = start()
    ((title, text, _info),) = questions.asked
    assert title == "数据库正在使用"
    assert text.startswith("另一个 BrandOffice 正在使用此数据库（持有者：")
    assert f"进程 {proc.pid}" in text and text.endswith("以只读方式打开？")
    assert window.windowTitle() == "党建品牌工作台 【只读】"
    assert window.banner.isVisible() and window.banner.text() == READ_ONLY_DB_TEXT
    assert not any(_write_actions(window).values())
    assert window.commands.check.isEnabled() and window.commands.safety.audit.isEnabled()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)  # after-start work
    assert window.auto_backup is None  # the other instance backs up
    orgs, brands = window.page("orgs"), window.page("brands")
    assert window.pages_without_read_only() == []
    assert isinstance(orgs, OrgPage) and isinstance(brands, BrandPage)
    assert orgs.select_org(OrgService(window.ctx).all_rows()[0].id)
    assert usable_inputs(orgs, org_page_reads(orgs)) == []
    assert not brands.export_button.isEnabled()  # no report is written on a read-only file
    with pytest.raises(StorageError, match="不能写入"):
        OrgService(window.ctx).create(NEW_ORG)


def test_second_instance_refused_ends_the_start(
    street_ctx: AppContext,
    db_path: Path,
    clock: FakeClock,
    settings: QSettings,
    questions: Questions,
    hold_lock: Callable[[Path], Any],
) -> None:
    hold_lock(db_path)
    questions.answers.append(False)
    assert ui_app.start(str(db_path), settings=settings, clock=clock) is None
    assert len(questions.asked) == 1


def test_damaged_file_offers_the_newest_good_backup_and_opens_it(
    qtbot: QtBot,
    street_ctx: AppContext,
    db_path: Path,
    msgs: Messages,
    questions: Questions,
    start: Callable[[], MainWindow],
) -> None:
    good = backup(street_ctx)
    street_ctx.db.dispose()
    size = db_path.stat().st_size
    with db_path.open("r+b") as fh:  # damage pages after the first
        fh.seek(4096 * 2)
        fh.write(b"\xa5" * min(4096 * 4, size - 4096 * 2))
    window = start()
    ((title, text, informative),) = questions.asked
    assert title == "数据库文件已损坏" and "已将损坏的文件改名保留为" in text
    assert str(good) in informative
    moved = list(db_path.parent.glob("test.sqlite3.corrupt-*"))
    assert moved and any(p.name in text for p in moved)
    assert len(OrgService(window.ctx).all_rows()) == 4
    qtbot.waitUntil(lambda: any("已从备份" in t for t in msgs.texts("warn")), timeout=5000)


def test_damaged_file_without_backup_is_refused(
    db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        startup.QMessageBox, "critical", lambda _p, title, text, *a: shown.append((title, text))
    )
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    assert ui_app.start(str(db_path), clock=clock) is None
    ((title, text),) = shown
    assert title == "无法打开数据库" and "没有找到完好的备份" in text


def test_network_share_warning_is_shown(
    qtbot: QtBot,
    street_ctx: AppContext,
    msgs: Messages,
    monkeypatch: pytest.MonkeyPatch,
    start: Callable[[], MainWindow],
) -> None:
    from brandoffice.safety import opening

    monkeypatch.setattr(opening, "network_share_warning", lambda _p: "数据库文件位于网络共享上。")
    start()
    warning = ("warn", "请注意", "数据库文件位于网络共享上。", None)
    qtbot.waitUntil(lambda: warning in msgs.shown)  # once the window has painted


def test_login_at_start_covers_the_window_until_signed_in(
    qtbot: QtBot, login_on: AppContext, start: Callable[[], MainWindow]
) -> None:
    build_street(login_on)
    window = start()
    gate = window.session
    assert gate is not None and isinstance(gate.dialog, LoginDialog)
    assert gate.dialog.isVisible() and window.is_covered() and not window.body.isVisible()
    assert not window.menuBar().isEnabled()
    started: list[bool] = []
    gate.started.connect(lambda: started.append(True))
    sign_in(qtbot, window.session, ADMIN)
    assert started == [True] and not window.is_covered() and window.body.isVisible()
    assert window.ctx.account == ADMIN and gate.account is not None
    assert window.account_label.text() == f"账户：{ADMIN}（管理员）"
    assert window.windowTitle() == "党建品牌工作台" and not window.banner.isVisible()
    assert all(_write_actions(window).values()) and window.commands.safety.lock.isVisible()
    qtbot.waitUntil(lambda: window.auto_backup is not None, timeout=5000)


def test_leader_gets_a_read_only_window_but_reports(
    qtbot: QtBot, login_on: AppContext, start: Callable[[], MainWindow]
) -> None:
    build_street(login_on)
    window = start()
    sign_in(qtbot, window.session, LEADER)
    assert window.windowTitle() == "党建品牌工作台 【只读】"
    assert window.banner.text() == LEADER_TEXT
    assert not any(_write_actions(window).values())
    assert not window.commands.safety.audit.isEnabled()
    assert window.access.may(Action.REPORT) and window.access.may(Action.READ)
    brands = window.page("brands")
    assert isinstance(brands, BrandPage)
    assert brands.export_button.isEnabled() and not brands.new_button.isEnabled()
    assert window.ctx.role == "领导" and window.ctx.account == LEADER  # the core's gate
    with pytest.raises(PermissionDeniedError, match="领导"):
        OrgService(window.ctx).create(NEW_ORG)
    with pytest.raises(PermissionDeniedError, match="领导"):
        list_accounts(window.ctx)  # accounts are the 管理员's, in the core too
    sign_out(window.ctx)  # its own audit entries still go through
    with window.ctx.db.read() as s:
        last = s.execute(select(AuditEntry.account, AuditEntry.action).order_by(AuditEntry.id))
        assert list(last)[-1] == (LEADER, "退出登录")
    with pytest.raises(NotSignedInError):  # signed out: nothing until the next sign-in
        OrgService(window.ctx).create(NEW_ORG)


def test_the_window_lock_signs_the_core_out(
    qtbot: QtBot, login_on: AppContext, start: Callable[[], MainWindow]
) -> None:
    window = start()
    sign_in(qtbot, window.session, CLERK)
    OrgService(window.ctx).create(NEW_ORG)
    gate = window.session
    assert gate is not None
    gate.lock("锁定窗口")
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    assert window.ctx.role == ""
    with pytest.raises(NotSignedInError):
        OrgService(window.ctx).create(dataclasses.replace(NEW_ORG, name="和平社区党委"))
    sign_in(qtbot, window.session, ADMIN)
    assert (window.ctx.account, window.ctx.role) == (ADMIN, "管理员")
    with window.ctx.db.read() as s:
        rows = list(
            s.execute(select(AuditEntry.account, AuditEntry.action).order_by(AuditEntry.id))
        )
    assert (CLERK, "新增组织") in rows and (CLERK, "锁定窗口") in rows
    assert rows[-1] == (ADMIN, "登录")


def test_giving_up_at_the_login_closes_the_window(
    qtbot: QtBot, login_on: AppContext, start: Callable[[], MainWindow]
) -> None:
    window = start()
    gate = window.session
    assert gate is not None and gate.dialog is not None
    gate.dialog.quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_first_admin_is_created_at_start(
    qtbot: QtBot, ctx: AppContext, start: Callable[[], MainWindow]
) -> None:
    with ctx.db.write.begin() as s:  # sign-in on without any 管理员 (as on a new server)
        s.add(Setting(key="login_required", value="1"))
    window = start()
    gate = window.session
    assert gate is not None and gate.dialog is not None and gate.dialog.first_admin
    dialog = gate.dialog
    dialog.name_edit.setText("首任管理员")
    dialog.password_edit.setText("short")
    dialog.ok_button.click()
    assert "至少 8 位" in dialog.message.text()
    dialog.password_edit.setText(PASSWORD)
    dialog.repeat_edit.setText(PASSWORD + "x")
    dialog.ok_button.click()
    assert dialog.message.text() == "两次输入的密码不一致"
    dialog.repeat_edit.setText(PASSWORD)
    with qtbot.waitSignal(gate.signedIn, timeout=10_000):
        dialog.ok_button.click()
    assert [(a.name, a.role) for a in list_accounts(ctx)] == [("首任管理员", "管理员")]
    assert window.ctx.account == "首任管理员"
