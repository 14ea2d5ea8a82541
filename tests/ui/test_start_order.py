"""The order of the start: the window paints first, then the background work and SQLAlchemy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.app import open_context
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
ROOT = Path(__file__).resolve().parents[2]

# Starts the window as the program does and reports what had happened when start()
# returned (the window shown, not yet painted), when the home page first had its numbers
# and once the background work was done. The clock is the day given (December asks the
# holiday plans for next year's note).
CHILD = """
import datetime as dt, json, sys
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from ui.app import configure_application, start
app = QApplication([])
configure_application(app)
now = dt.datetime.fromisoformat(sys.argv[3])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = start(sys.argv[1], settings=settings, clock=lambda: now)
at_show = {"sqlalchemy": "sqlalchemy" in sys.modules, "busy": window.runner.is_busy()}
home = window.page("home")
counted = []
home.loaded.connect(lambda board: counted.append("sqlalchemy" in sys.modules))
loop = QEventLoop()
home.loaded.connect(loop.quit)
QTimer.singleShot(60_000, loop.quit)
loop.exec()
window.runner.wait(30_000)
units = sum(map(sum, home.board.units)) if home.board is not None else None
seen = {**at_show, "filled": home.board is not None, "units": units}
seen["sqlalchemy when counted"] = counted[0] if counted else None
seen["sqlalchemy at the end"] = "sqlalchemy" in sys.modules
print(json.dumps(seen))
"""


@pytest.mark.parametrize("now", ["2026-05-20T09:00:00", "2026-12-07T09:00:00"])
def test_the_window_paints_and_counts_before_sqlalchemy_and_the_background_work(
    tmp_path: Path, now: str
) -> None:
    path = tmp_path / "street.sqlite3"
    ctx = open_context(str(path))
    OrgService(ctx).create(
        OrgDraft(name="幸福社区党委", kind="党委", level="村社区", sector="社区")
    )
    ctx.db.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(tmp_path / "layout.ini"), now],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    # An SQLite file is locked, checked, read and counted for the home page with sqlite3
    # (in December with next year's holiday plans); SQLAlchemy, the ORM and the rest of
    # the background work come after the home page is filled.
    assert seen == {
        "sqlalchemy": False,
        "busy": False,
        "filled": True,
        "units": 1,
        "sqlalchemy when counted": False,
        "sqlalchemy at the end": True,
    }


def test_work_waits_for_the_first_paint(qtbot: QtBot, street_ctx: AppContext) -> None:
    window = MainWindow(street_ctx)
    qtbot.addWidget(window)
    done: list[str] = []
    window.when_painted(lambda: done.append("queued"))
    assert done == []
    window.show()
    assert done == []  # shown is not yet painted
    qtbot.waitUntil(lambda: done == ["queued"], timeout=5000)
    window.when_painted(lambda: done.append("at once"))
    assert done == ["queued", "at once"]


def test_an_unpainted_window_runs_the_work_after_a_while(
    qtbot: QtBot, street_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(street_ctx)
    qtbot.addWidget(window)
    monkeypatch.setattr(MainWindow, "paintEvent", lambda *_args: None)  # never drawn
    done: list[str] = []
    window.when_painted(lambda: done.append("late"))
    window.show()
    qtbot.waitUntil(lambda: done == ["late"], timeout=5000)
