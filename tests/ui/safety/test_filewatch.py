"""The window notices a deleted log or a lost lock, saves a verified backup and stops writing."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from brandoffice.app import open_context
from brandoffice.backup import integrity_ok
from brandoffice.safety.lockwatch import DatabaseFilesLostError
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from tests.ui.conftest import build_street
from ui import app as ui_app

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and POSIX locks"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


@pytest.mark.parametrize("damage", ["delete-log", "drop-lock"])
def test_lost_files_are_saved_and_writes_refused(
    qtbot: QtBot, db_path: Path, settings: QSettings, clock: FakeClock, msgs: Messages, damage: str
) -> None:
    ctx = open_context(str(db_path), clock=clock)
    build_street(ctx)
    ctx.db.dispose()
    window = ui_app.start(str(db_path), settings=settings, clock=clock)
    assert window is not None and window.file_watch is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=30_000)
    OrgService(window.ctx).create(
        OrgDraft(name="只在日志里的社区党委", kind="党委", level="村社区", sector="社区")
    )
    window.file_watch.tick()
    assert not msgs.texts("error")  # all well: nothing said
    if damage == "delete-log":
        for suffix in ("-wal", "-shm"):
            os.unlink(db_path.with_name(db_path.name + suffix))
    else:
        with open(db_path.with_name(db_path.name + "-shm"), "rb") as fh:
            fh.read(8)
    with qtbot.waitSignal(window.file_watch.rescued, timeout=30_000) as saved:
        window.file_watch.tick()
    backup = saved.args[0] if saved.args else None
    assert backup is not None and integrity_ok(backup)
    assert "重新打开" in msgs.texts("error")[-1] and str(backup) in msgs.texts("error")[-1]
    con = sqlite3.connect(backup)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM organisations")]
    finally:
        con.close()
    assert "只在日志里的社区党委" in names
    with pytest.raises(DatabaseFilesLostError):
        OrgService(window.ctx).create(
            OrgDraft(name="不该保存", kind="党委", level="村社区", sector="社区")
        )
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=30_000)
    ui_app.finish(window)
