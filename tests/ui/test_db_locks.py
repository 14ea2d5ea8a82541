"""The window keeps its SQLite locks through every flow that shows a file dialog or writes files.

On Linux closing any descriptor of a file drops the process's POSIX locks on it, and a
file dialog's model used to read the first bytes of every listed file (``x.db``,
``x.db-shm``). Each flow here lists the database's own folder in a real (Qt, not
native) file dialog, then ``/proc/locks`` must still show this process's locks on the
database and on its ``-shm``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from brandoffice.app import open_context
from brandoffice.safety.lockwatch import _locked_inodes
from tests.conftest import FakeClock
from tests.ui.conftest import build_street
from ui import app as ui_app
from ui import file_dialogs
from ui.file_dialogs import SafeFileDialog
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX locks, /proc/locks"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]
LISTING_SECONDS = 1.5  # the file-system model fetches icons on a background thread


def held_locks(db: Path) -> set[str]:
    """Return which of the database and its -shm this process holds a POSIX lock on."""
    with open("/proc/locks", encoding="ascii") as fh:
        locked = _locked_inodes(os.getpid(), fh.read())
    files = {"db": db, "shm": db.with_name(db.name + "-shm")}
    return {k for k, p in files.items() if p.exists() and p.stat().st_ino in locked}


class DialogDriver:
    """Answers the next file dialog: shows the database's folder in it, waits, then answers."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.answer: str | None = None  # a path to choose, or None to cancel
        self.seen = 0
        self._since: dict[int, float] = {}
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, SafeFileDialog) or not widget.isVisible():
                continue
            key = id(widget)
            if key not in self._since:
                self._since[key] = time.monotonic()
                widget.setDirectory(str(self.folder))
                continue
            if time.monotonic() - self._since[key] < LISTING_SECONDS:
                continue
            if self.answer is None:
                self.seen += 1
                widget.reject()
                continue
            if Path(self.answer).resolve() not in [
                Path(f).resolve() for f in widget.selectedFiles()
            ]:
                # Type the name in the chosen folder; check again at the next poll.
                widget.setDirectory(str(Path(self.answer).parent))
                edit = widget.findChild(QLineEdit, "fileNameEdit")  # typed, as a clerk would
                assert edit is not None
                edit.setText(Path(self.answer).name)
                continue
            self.seen += 1
            widget.accept()


@pytest.fixture
def started(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, clock: FakeClock, msgs: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[MainWindow, Path]]:  # fmt: skip
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda *_a: True)
    db = tmp_path / "data" / "brandoffice.db"  # '.db': Qt's MIME sniffing reads such files
    ctx = open_context(str(db), clock=clock)
    build_street(ctx)
    ctx.db.dispose()
    window = ui_app.start(str(db), settings=settings, clock=clock)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.auto_backup is not None, timeout=20_000)
    idle(qtbot, window)
    yield window, db
    idle(qtbot, window)
    ui_app.finish(window)


def idle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window's background work is done."""
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=60_000)


def write_through(
    qtbot: QtBot, window: MainWindow, driver: DialogDriver, dialog: Any, path: Path
) -> None:
    """Choose ``path`` in a report or bundle dialog's save dialog, write it and wait."""
    driver.answer = str(path)
    dialog.choose_path()
    qtbot.waitUntil(lambda: dialog.path.text().endswith(path.name), timeout=10_000)
    dialog.start()
    idle(qtbot, window)


def flows(
    window: MainWindow, db: Path, out: Path
) -> list[tuple[str, str | None, Callable[[], object]]]:
    """Return (name, answer, start) of every flow that shows a file dialog."""
    excel, upkeep = window.commands.excel, window.commands.maintenance
    template = out / "组织导入模板.xlsx"
    return [
        ("backup to a file", str(out / "备份.sqlite3"), upkeep.backup_to),
        ("restore (cancelled)", None, upkeep.restore),
        ("import template", str(template), lambda: excel.template("orgs")),
        ("import", str(template), lambda: excel.import_file("orgs")),
        ("open a file", None, lambda: file_dialogs.get_open_file_name(window, "选择", str(db.parent))),
        ("choose a folder", None, lambda: file_dialogs.get_existing_directory(window, "文件夹")),
        ("backup", None, upkeep.backup),
    ]  # fmt: skip


def test_every_file_flow_keeps_the_database_locked(
    qtbot: QtBot, started: tuple[MainWindow, Path], tmp_path: Path, msgs: Messages
) -> None:
    window, db = started
    out = tmp_path / "out"
    out.mkdir()
    assert held_locks(db) == {"db", "shm"}
    driver = DialogDriver(db.parent)
    for name, answer, start in flows(window, db, out):
        driver.answer = answer
        start()
        idle(qtbot, window)
        assert held_locks(db) == {"db", "shm"}, name
    assert driver.seen >= 6
    # Reports, the bundle and their save dialogs (opened with open(), not exec()).
    report: Any = window.commands.show_report_dialog()
    write_through(qtbot, window, driver, report, out / "lock-report.docx")
    assert report.written is not None and report.written.exists()
    report.close()
    bundle: Any = window.commands.show_bundle_dialog()
    write_through(qtbot, window, driver, bundle, out / "lock-bundle.zip")
    bundle.close()
    assert (out / "lock-bundle.zip").exists(), msgs.shown
    assert (out / "备份.sqlite3").exists()
    assert held_locks(db) == {"db", "shm"}
    assert window.file_watch is not None and window.file_watch.watch.check() is None


def test_the_database_is_hidden_and_refused_in_file_dialogs(
    qtbot: QtBot, started: tuple[MainWindow, Path], msgs: Messages
) -> None:
    window, db = started
    dialog = file_dialogs.file_dialog(window, "选择", str(db.parent))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.show()
    proxy = dialog.proxyModel()
    source = proxy.sourceModel()
    qtbot.waitUntil(lambda: source.rowCount(source.index(str(db.parent))) >= 3, timeout=10_000)  # type: ignore[call-arg]
    root = proxy.mapFromSource(source.index(str(db.parent)))  # type: ignore[call-arg]
    names = {proxy.index(r, 0, root).data() for r in range(proxy.rowCount(root))}
    assert "backups" in names
    assert not names & {db.name, db.name + "-wal", db.name + "-shm", db.name + ".lock"}
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None
    edit.setText(db.name)  # typed by hand: hidden, yet refused
    dialog.accept()
    assert dialog.isVisible() and "正在使用的数据库文件" in msgs.texts("warn")[-1]
    dialog.reject()
    assert held_locks(db) == {"db", "shm"}
