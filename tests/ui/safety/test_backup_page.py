"""工具 → 备份与恢复: the list of backups, 立即备份, 恢复所选…, and the server text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from brandoffice.db.engine import Database
from brandoffice.safety.backups import take_backup
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from tests.ui.windows import data_changes
from ui.main_window import MainWindow
from ui.safety.access import Access
from ui.safety.backup_page import BackupDialog

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def _open(qtbot: QtBot, window: MainWindow) -> BackupDialog:
    with qtbot.waitSignal(window.runner.busyChanged, timeout=5000):
        dialog = window.commands.safety.show_backups()
    assert isinstance(dialog, BackupDialog)
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    return dialog


def _labels(dialog: BackupDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_backups_are_listed_newest_first(
    qtbot: QtBot,
    window: MainWindow,
    street_ctx: AppContext,
    clock: FakeClock,
    qtmodeltester: object,
) -> None:
    for reason in ("manual", "auto", "before-import"):
        clock.advance(hours=1)
        take_backup(street_ctx, reason)
    dialog = _open(qtbot, window)
    assert dialog.windowTitle() == "备份与恢复" and dialog.isVisible()
    assert _labels(dialog, 1) == ["导入前自动备份", "定时自动备份", "手动备份"]
    assert _labels(dialog, 0)[0] == "2026-05-20 12:00:00"
    assert all(text.endswith("KB") for text in _labels(dialog, 2))
    assert dialog.summary.text().startswith("共 3 份备份")
    assert dialog.model.headerData(2, Qt.Orientation.Horizontal) == "大小"
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    assert window.commands.safety.show_backups() is dialog  # one at a time
    dialog.reject()


def test_backup_now_then_restore_the_selected_backup(
    qtbot: QtBot, window: MainWindow, street_ctx: AppContext, clock: FakeClock, msgs: Messages
) -> None:
    dialog = _open(qtbot, window)
    assert dialog.model.rowCount() == 0 and "还没有备份" in dialog.summary.text()
    assert not dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.backup_button.click()
    assert _labels(dialog, 1) == ["手动备份"]
    OrgService(street_ctx).create(OrgDraft(name="恢复后应消失", kind="党支部", level="基层单位"))
    clock.advance(minutes=5)
    dialog.view.selectRow(0)
    assert dialog.restore_button.isEnabled()
    reasons = data_changes(window)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.restore_button.click()
    title, text, choices = msgs.asked[-1]
    assert title == "恢复数据" and choices == ["恢复", "取消"] and "替换当前全部数据" in text
    names = [o.name for o in OrgService(street_ctx).all_rows()]
    assert "恢复后应消失" not in names and len(names) == 4
    assert reasons == ["restore"]
    assert msgs.shown[-1][1] == "恢复完成"
    assert _labels(dialog, 1) == ["恢复前自动备份", "手动备份"]
    dialog.reject()


def test_restore_is_for_the_admin_and_backup_for_the_clerk(
    qtbot: QtBot, window: MainWindow, street_ctx: AppContext
) -> None:
    take_backup(street_ctx)
    window.apply_access(Access(role="组织员", account="张组织"))
    dialog = _open(qtbot, window)
    dialog.view.selectRow(0)
    assert dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
    dialog.reject()
    window.apply_access(Access(role="领导", account="李领导"))
    assert not window.commands.safety.backups.isEnabled()


def test_server_database_shows_how_to_use_pg_dump(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Database, "path", property(lambda _self: None))
    dialog = BackupDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.findChild(QLabel, "serverText")
    assert isinstance(text, QLabel)
    assert "pg_dump" in text.text() and "pg_restore" in text.text()
