"""连接服务器: the dialog, the password in a (fake) keyring only, the start-up reconnect."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from brandoffice.db import server
from brandoffice.db.connection import ServerConnection
from brandoffice.safety.credentials import KEYRING_SERVICE
from brandoffice.services.context import AppContext
from tests.memory_keyring import MemoryKeyring, swapped_keyring
from ui import connect_server
from ui.app import current_window, finish
from ui.connect_dialog import (
    ConnectionDialog,
    load_connection,
    remembered_server_url,
    uses_server,
)
from ui.main_window import MainWindow
from ui.safety import startup

PASSWORD = "Qingming-2026"


@pytest.fixture
def fake_keyring() -> Iterator[MemoryKeyring]:
    """Swap in an in-memory keyring for the test."""
    with swapped_keyring(MemoryKeyring()) as memory:
        yield memory


@pytest.fixture
def clerk_login(pg_url: str) -> Iterator[ServerConnection]:
    """A set-up server database and a 组织员 login on it; its connection (no password)."""
    server.setup_server(pg_url)
    name = f"ui_{uuid.uuid4().hex[:6]}"
    server.add_login(pg_url, name, "组织员", PASSWORD)
    owner = make_url(pg_url)
    yield ServerConnection(
        host=str(owner.query["host"]),
        port=5432,
        database=owner.database or "",
        user=name,
        sslmode="disable",
    )
    server.remove_login(pg_url, name)


def _fill(dialog: ConnectionDialog, connection: ServerConnection, password: str) -> None:
    dialog.host_edit.setText(connection.host)
    dialog.port_spin.setValue(connection.port)
    dialog.database_edit.setText(connection.database)
    dialog.user_edit.setText(connection.user)
    dialog.ssl_combo.setCurrentIndex(dialog.ssl_combo.findData(connection.sslmode))
    dialog.password_edit.setText(password)


def test_connect_remembers_the_connection_and_keeps_the_password_in_the_keyring_only(
    qtbot: QtBot,
    settings: QSettings,
    fake_keyring: MemoryKeyring,
    clerk_login: ServerConnection,
    tmp_path: Path,
) -> None:
    dialog = ConnectionDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.rootcert_edit.isEnabled()  # only for verify-full
    _fill(dialog, clerk_login, PASSWORD)
    dialog.remember_check.setChecked(True)
    dialog.accept()
    assert dialog.result() == ConnectionDialog.DialogCode.Accepted, dialog.error_label.text()
    assert make_url(dialog.url).username == clerk_login.user
    assert fake_keyring.store == {(KEYRING_SERVICE, clerk_login.key): PASSWORD}
    assert load_connection(settings) == clerk_login and uses_server(settings)
    settings.sync()
    saved = Path(settings.fileName()).read_text(encoding="utf-8")
    assert clerk_login.user in saved and PASSWORD not in saved
    # The next start opens the server without asking.
    assert remembered_server_url(settings) == clerk_login.url(PASSWORD)
    # Unticked, the password leaves the keyring; the dialog then asks for it.
    again = ConnectionDialog(settings)
    qtbot.addWidget(again)
    assert again.password_edit.text() == PASSWORD and again.remember_check.isChecked()
    again.remember_check.setChecked(False)
    again.accept()
    assert fake_keyring.store == {}
    fresh = ConnectionDialog(settings)
    qtbot.addWidget(fresh)
    assert fresh.user_edit.text() == clerk_login.user and fresh.password_edit.text() == ""


def test_without_a_keyring_the_password_is_asked_each_time_and_kept_nowhere(
    qtbot: QtBot, settings: QSettings, clerk_login: ServerConnection
) -> None:
    with swapped_keyring(fail.Keyring()):
        dialog = ConnectionDialog(settings)
        qtbot.addWidget(dialog)
        assert not dialog.remember_check.isEnabled()
        assert "没有可用的系统密码库" in dialog.remember_check.text()
        _fill(dialog, clerk_login, PASSWORD)
        dialog.remember_check.setChecked(True)
        dialog.accept()
        assert dialog.result() == ConnectionDialog.DialogCode.Accepted, dialog.error_label.text()
        assert load_connection(settings) == clerk_login
        settings.sync()
        assert PASSWORD not in Path(settings.fileName()).read_text(encoding="utf-8")
        again = ConnectionDialog(settings)
        qtbot.addWidget(again)
        assert again.user_edit.text() == clerk_login.user and again.password_edit.text() == ""


def test_bad_fields_and_a_failed_connection_keep_the_dialog_open(
    qtbot: QtBot, settings: QSettings, fake_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    dialog = ConnectionDialog(settings)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != ConnectionDialog.DialogCode.Accepted
    assert dialog.error_label.text() == "请填写服务器地址"
    nowhere = ServerConnection(str(tmp_path), 5432, "brandoffice", "clerk", "disable")
    _fill(dialog, nowhere, "Secret-pw-77")
    dialog.remember_check.setChecked(True)
    dialog.accept()
    assert dialog.result() != ConnectionDialog.DialogCode.Accepted
    assert dialog.error_label.text().startswith("无法连接服务器")
    assert "Secret-pw-77" not in dialog.error_label.toolTip()
    assert load_connection(settings) is None and fake_keyring.store == {}


def test_an_unreachable_server_at_start_offers_the_dialog_and_logs_no_password(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    clerk_login: ServerConnection,
    tmp_path: Path,
) -> None:
    down = ServerConnection(str(tmp_path), 5432, "brandoffice", "clerk", "disable")
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        startup, "ask", lambda title, text, *_a, **_k: asked.append((title, text)) or True
    )

    def reconnect(url: str, reason: str) -> str:
        assert "Secret-pw-77" not in reason
        assert ServerConnection.from_url(url) == down
        return clerk_login.url(PASSWORD)

    with caplog.at_level(logging.WARNING):
        opened = startup.open_for_window(down.url("Secret-pw-77"), reconnect=reconnect)
    assert opened is not None
    try:
        assert asked and asked[0][0] == startup.CANNOT_OPEN
        assert make_url(opened.ctx.db.url).username == clerk_login.user
    finally:
        opened.close()
    assert "Secret-pw-77" not in caplog.text and "clerk:***@" in caplog.text


def test_a_malformed_server_url_at_start_offers_the_dialog(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(startup, "ask", lambda _t, text, *_a, **_k: asked.append(text) or True)
    reasons: list[str] = []

    def reconnect(url: str, reason: str) -> None:
        reasons.append(reason)

    bad = "postgresql+psycopg://clerk:Secret-pw-77@db.district.cn:port/brandoffice"
    with caplog.at_level(logging.WARNING):
        assert startup.open_for_window(bad, reconnect=reconnect) is None
    assert asked and "数据库地址格式不正确" in asked[0] and reasons == asked
    assert "Secret-pw-77" not in asked[0] + caplog.text and "clerk:***@" in asked[0]


def test_the_file_menu_switches_the_window_to_the_server(
    qtbot: QtBot,
    ctx: AppContext,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    clerk_login: ServerConnection,
) -> None:
    window = MainWindow(ctx, settings=settings)
    qtbot.addWidget(window)
    window.show()
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "连接服务器…")
    url = clerk_login.url(PASSWORD)
    monkeypatch.setattr(connect_server, "ask_server_url", lambda *_a, **_k: url)
    action.trigger()
    switched = current_window()
    assert switched is not None and switched is not window
    qtbot.addWidget(switched)
    try:
        assert switched.ctx.db.url == url and not window.isVisible()
        assert PASSWORD not in switched.db_label.text()
    finally:
        switched.close()
        finish(switched)
