"""Long work in the window: the event loop keeps turning, and 取消 leaves everything as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from brandoffice import backup as backup_module
from brandoffice.excel import import_kind
from brandoffice.services.context import AppContext
from tests.core.excel.excel_helpers import id_number, write_big_xlsx, write_xlsx
from tests.core.test_cancel_long_work import fingerprint
from tests.ui.windows import choose_file
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MEMBERS = 30_000
UNITS = 300
MAX_STALL_S = 0.100
TICK_MS = 10


class StallMeter:
    """A timer ticking every 10 ms on the UI thread; keeps the longest gap between ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.ticks = 0

    def start(self) -> None:
        """Start counting from now."""
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def stop(self) -> None:
        """Stop; the gap up to now counts too."""
        self._tick()
        self.timer.stop()


def district_units(ctx: AppContext, tmp_path: Path) -> list[str]:
    """Import a street of UNITS units into the empty database; return their names."""
    names = [f"第{i}网格党支部" for i in range(1, UNITS + 1)]
    orgs = write_xlsx(
        tmp_path / "orgs.xlsx",
        ["组织名称", "上级组织"],
        [("示范街道党工委", None), *((n, "示范街道党工委") for n in names)],
    )
    import_kind(ctx, "orgs", orgs)
    return names


def members_file(tmp_path: Path, units: list[str], count: int) -> Path:
    """Write a roster of ``count`` members as Excel writes it."""
    rows = [
        (
            f"党员{i}",
            units[i % len(units)],
            "在职党员",
            id_number(i % 1000, dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000)),
            f"139{i:08d}",
            dt.date(2001, 7, 1),
        )
        for i in range(count)
    ]
    header = ("姓名", "所属组织", "党员类别", "身份证号", "联系电话", "入党日期")
    return write_big_xlsx(tmp_path / "党员.xlsx", "党员", header, rows)


def member_count(ctx: AppContext) -> int:
    assert ctx.db.path is not None
    con = sqlite3.connect(ctx.db.path)
    try:
        return int(con.execute("SELECT count(*) FROM members").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, settings: QSettings) -> Iterator[MainWindow]:
    """The program's own window and pages over the test's database, shown."""
    from ui.pages import install_pages

    win = MainWindow(ctx, settings=settings)
    qtbot.addWidget(win)
    install_pages(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitUntil(lambda: not win.runner.is_busy(), timeout=30_000)
    yield win
    qtbot.waitUntil(lambda: not win.runner.is_busy(), timeout=60_000)
    win.runner.wait(10_000)


def test_district_import_keeps_the_window_responsive(
    qtbot: QtBot,
    ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    msgs: Messages,
    request: pytest.FixtureRequest,
) -> None:
    units = district_units(ctx, tmp_path)
    source = members_file(tmp_path, units, MEMBERS)
    window: MainWindow = request.getfixturevalue("window")
    choose_file(monkeypatch, "get_open_file_name", source)
    meter = StallMeter()
    meter.start()
    window.commands.excel.import_file("members")
    qtbot.waitUntil(lambda: bool(msgs.shown), timeout=300_000)
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=60_000)  # pages reloaded
    meter.stop()
    assert msgs.texts("inform") and "新增 30000 条" in msgs.texts("inform")[0], msgs.shown
    assert member_count(ctx) == MEMBERS
    assert meter.ticks > 100  # the timer really ran through the import
    assert meter.longest < MAX_STALL_S, f"the event loop stalled {meter.longest * 1000:.0f} ms"


def _press_cancel(qtbot: QtBot, window: MainWindow) -> None:
    """Press 取消 on the progress dialog the work opened (before it is even shown)."""
    buttons = [
        button
        for dialog in window.findChildren(QProgressDialog)
        for button in dialog.findChildren(QPushButton)
        if button.text() == "取消"
    ]
    assert len(buttons) == 1, "long work must open one progress dialog with 取消"
    buttons[0].click()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=60_000)


def _files(folder: Path) -> set[str]:
    """Every file under ``folder`` but SQLite's shared memory and the window's settings."""
    skipped = ("-shm", ".ini")
    return {p.name for p in folder.rglob("*") if p.is_file() and not p.name.endswith(skipped)}


@pytest.mark.parametrize("kind", ["import", "report", "bundle", "backup", "check", "repair"])
def test_cancel_in_the_window_changes_nothing(
    qtbot: QtBot,
    ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    msgs: Messages,
    request: pytest.FixtureRequest,
    kind: str,
) -> None:
    units = district_units(ctx, tmp_path)
    source = members_file(tmp_path, units, 2000)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(backup_module, "STEP_PAGES", 1)
    window: MainWindow = request.getfixturevalue("window")
    assert ctx.db.path is not None
    folder = ctx.db.path.parent
    before, files = fingerprint(ctx), _files(folder)
    started: Any
    if kind == "import":
        choose_file(monkeypatch, "get_open_file_name", source)
        window.commands.excel.import_file("members")
        said = "已取消导入党员，数据库没有改动。"
    elif kind in ("backup",):
        window.commands.maintenance.backup(out / "备份.sqlite3")
        said = "已取消备份，没有留下备份文件。"
    elif kind == "check":
        window.commands.maintenance.check()
        said = "已取消检查数据库。"
    elif kind == "repair":
        window.commands.maintenance.repair()
        said = "已取消修复，数据库没有改动。"
    elif kind == "report":
        from ui.reports.dialog import ReportDialog

        started = ReportDialog(ctx, window.runner, window)
        qtbot.addWidget(started)
        started.kind.setCurrentIndex(started.kind.findData("orgs"))  # 300 units, no campaign
        started.start()
        said = "已取消生成"
    else:
        from ui.reports.bundle_dialog import BundleDialog

        started = BundleDialog(ctx, window.runner, window)
        qtbot.addWidget(started)
        started.path.setText(str(out / "材料包.zip"))
        started.start()
        said = "已取消，未生成材料包。"
    _press_cancel(qtbot, window)
    assert window.statusBar().currentMessage().startswith(said)
    assert msgs.shown == []  # a cancel is not an error
    assert fingerprint(ctx) == before
    assert _files(out) == set()
    assert _files(folder) - files <= {p.name for p in (folder / "backups").glob("*before-*")}
