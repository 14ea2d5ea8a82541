"""Automatic backups while the window is open: on start, then after 30 minutes of changes."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.safety.backups import list_backups
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from ui.main_window import MainWindow
from ui.safety.autobackup import TIMER_MS, AutoBackup

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _reasons(ctx: AppContext) -> list[str]:
    assert ctx.db.path is not None
    return [b.reason for b in list_backups(ctx.db.path)]


def test_backup_on_start_then_after_thirty_minutes_of_changes(
    qtbot: QtBot, window: MainWindow, street_ctx: AppContext, clock: FakeClock
) -> None:
    auto = AutoBackup(window)
    assert auto.timer.interval() == TIMER_MS == 300_000
    with qtbot.waitSignal(auto.backedUp, timeout=10_000):
        auto.start()
    assert auto.timer.isActive() and _reasons(street_ctx) == ["start"]
    clock.advance(minutes=10)
    auto.tick()  # nothing changed
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=5000)
    OrgService(street_ctx).create(OrgDraft(name="新建社区党委", kind="党委", level="村社区"))
    auto.tick()  # changed, but the last backup is only 10 minutes old
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=5000)
    assert _reasons(street_ctx) == ["start"]
    clock.advance(minutes=25)
    with qtbot.waitSignal(auto.backedUp, timeout=10_000):
        auto.tick()
    assert _reasons(street_ctx) == ["auto", "start"]
    assert window.statusBar().currentMessage().startswith("已自动备份：")
    auto.stop()


def test_failures_go_to_the_status_bar(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brandoffice.errors import StorageError

    auto = AutoBackup(window)

    def full(_ctx: AppContext) -> None:
        raise StorageError("磁盘空间已满")

    monkeypatch.setattr(auto.policy, "on_start", full)
    auto.start()
    qtbot.waitUntil(lambda: "自动备份失败" in window.statusBar().currentMessage(), timeout=5000)
    auto.stop()
