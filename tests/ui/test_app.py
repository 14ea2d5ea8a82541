"""Start-up: names, icon, the Chinese font, opening the database, the welcome, lazy imports."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from brandoffice.office import OfficeIdentity, OfficeKind
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.settings import office_identity
from tests.conftest import printed_by_python
from tests.ui.windows import close_started, data_changes
from ui import app as ui_app
from ui.main_window import MainWindow
from ui.office import OfficeDialog
from ui.setup_flows import apply_welcome
from ui.welcome import DEMO, WelcomeDialog

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen, showing windows
ROOT = Path(__file__).resolve().parents[2]


def test_font_choice_prefers_the_platform_font() -> None:
    both = ["DejaVu Sans", "Noto Sans CJK SC", "Microsoft YaHei"]
    assert ui_app.choose_cjk_font(both, "Linux") == "Noto Sans CJK SC"
    assert ui_app.choose_cjk_font(both, "Windows") == "Microsoft YaHei"
    assert ui_app.choose_cjk_font(["Noto Sans CJK SC"], "Windows") == "Noto Sans CJK SC"
    assert ui_app.choose_cjk_font(["DejaVu Sans"], "Linux") is None


def test_configure_application_puts_a_chinese_font_first(qapp: QApplication) -> None:
    before = qapp.font()
    try:
        ui_app.configure_application(qapp)
        assert qapp.organizationName() == "BrandOffice"
        assert qapp.applicationName() == "BrandOffice"
        family = qapp.font().families()[0]
        assert family in QFontDatabase.families()
        assert family == ui_app.choose_cjk_font(QFontDatabase.families(), "Linux")
    finally:
        qapp.setFont(before)


@pytest.mark.parametrize("content", [None, b"garbage" * 500])
def test_start_refuses_a_database_it_cannot_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, title, text, *a: shown.append((title, text))
    )
    target = tmp_path / "bad.sqlite3"
    if content is None:
        target.mkdir()  # a folder where the file should be
    else:
        target.write_bytes(content)
    assert ui_app.start(str(target)) is None
    ((title, text),) = shown
    assert title == "无法打开数据库" and "从备份恢复" in text
    assert "Error" not in text.splitlines()[0]


def test_start_on_an_empty_database_opens_the_welcome(
    qtbot: QtBot, tmp_path: Path, msgs: Messages, settings: QSettings
) -> None:
    window = ui_app.start(str(tmp_path / "new.sqlite3"), settings=settings)
    assert window is not None
    qtbot.addWidget(window)
    assert (tmp_path / "new.sqlite3").is_file()  # the database exists before the welcome
    qtbot.waitUntil(lambda: window.findChild(WelcomeDialog) is not None, timeout=5000)
    welcome = window.findChild(WelcomeDialog)
    assert isinstance(welcome, WelcomeDialog) and welcome.isVisible()
    assert msgs.asked == [] and not window.runner.is_writing()
    assert window.page_keys()[:2] == ["home", "orgs"]
    welcome.reject()
    close_started(qtbot, window)


def test_start_on_a_filled_database_does_not_ask(
    qtbot: QtBot, ctx: AppContext, db_path: Path, msgs: Messages, settings: QSettings
) -> None:
    OrgService(ctx).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    window = ui_app.start(str(db_path), settings=settings)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.wait(50)
    assert msgs.asked == [] and window.findChild(WelcomeDialog) is None
    close_started(qtbot, window)


def test_start_on_a_filled_database_without_an_office_asks_for_it(
    qtbot: QtBot, ctx: AppContext, db_path: Path, msgs: Messages, settings: QSettings
) -> None:
    OrgService(ctx).create(OrgDraft(name="青山镇党委", kind="党委", level="街道乡镇"))
    window = ui_app.start(str(db_path), settings=settings)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.findChild(OfficeDialog) is not None, timeout=5000)
    dialog = window.findChild(OfficeDialog)
    assert isinstance(dialog, OfficeDialog) and dialog.isVisible()
    assert window.findChild(WelcomeDialog) is None and not dialog.save_button.isEnabled()
    dialog.fields.kind_combo.setCurrentText("镇")
    dialog.fields.name_edit.setText("青山镇")
    with qtbot.waitSignal(dialog.finished):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    assert office_identity(window.ctx) == OfficeIdentity(OfficeKind.TOWN, "青山镇")
    close_started(qtbot, window)
    again = ui_app.start(str(db_path), settings=settings)  # set: not asked again
    assert again is not None
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: not again.runner.is_busy(), timeout=10_000)
    qtbot.wait(50)
    assert again.findChild(OfficeDialog) is None
    close_started(qtbot, again)


def test_welcome_demo_choice_runs_build_demo_and_reloads(
    qtbot: QtBot,
    ctx: AppContext,
    msgs: Messages,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []

    def build_demo(context: AppContext, progress: Callable[[int, int], None] | None = None) -> str:
        calls.append(context)
        assert progress is not None
        progress(1, 2)
        OrgService(context).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
        progress(2, 2)
        return "1 个组织"

    monkeypatch.setitem(
        sys.modules, "brandoffice.demo", types.SimpleNamespace(build_demo=build_demo)
    )
    window = MainWindow(ctx, settings=settings)
    qtbot.addWidget(window)
    reasons = data_changes(window)
    handle = apply_welcome(window, DEMO, None)
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        pass
    assert calls == [ctx] and reasons == ["demo"]
    (text,) = msgs.texts("inform")
    assert text.startswith("1 个组织") and "空白数据库" in text


def test_fallback_font_when_no_chinese_family(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = qapp.font()
    monkeypatch.setattr(ui_app, "choose_cjk_font", lambda *_a: None)
    try:
        ui_app.configure_application(qapp)
        assert qapp.font().families()[0] == ui_app.FALLBACK_FONT == "BrandOffice Sans SC"
        assert ui_app.FALLBACK_FONT in QFontDatabase.families()
        metrics = QFontMetrics(QFont(ui_app.FALLBACK_FONT))
        assert all(metrics.inFontUcs4(ord(ch)) for ch in "党建品牌工作台")
    finally:
        qapp.setFont(before)


def test_fallback_font_missing_leaves_the_font_alone(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui_app, "resource", lambda *_parts: tmp_path / "no-fonts")
    assert ui_app.load_fallback_font() is None


def test_application_icon_and_desktop_name(qapp: QApplication) -> None:
    before = qapp.font()
    try:
        ui_app.configure_application(qapp)
    finally:
        qapp.setFont(before)
    assert QApplication.desktopFileName() == "brandoffice"
    assert not QApplication.windowIcon().isNull()
    assert QApplication.windowIcon().availableSizes()[0].width() == 256


def test_startup_keeps_heavy_libraries_unloaded() -> None:
    code = (
        "import sys, importlib.util\n"
        "mods = ['ui.app', 'ui.main_window', 'ui.home', 'ui.actions', 'ui.tasks', 'ui.pages']\n"
        "for m in mods: __import__(m)\n"
        "heavy = ('openpyxl', 'matplotlib', 'docx', 'python_calamine', 'brandoffice.excel',\n"
        "         'brandoffice.demo', 'brandoffice.reports', 'brandoffice.charts',\n"
        # The window opens before these load: the dashboard with the first count (on an
        # SQLite file without SQLAlchemy), the ORM and the services in the background after
        # it, Alembic only to migrate, pages when shown.
        "         'sqlalchemy.orm', 'alembic', 'brandoffice.model.org', 'brandoffice.services.orgs',\n"
        "         'brandoffice.services.dashboard', 'ui.orgs.page', 'ui.brands.page',\n"
        "         'ui.calendar.page', 'pypinyin')\n"
        "print(','.join(sorted(n for n in sys.modules if n.split('.')[0] in heavy\n"
        "                      or any(n.startswith(h + '.') or n == h for h in heavy))))\n"
    )
    assert printed_by_python(code) == ""


def test_the_main_pages_leave_office_file_libraries_unloaded() -> None:
    """The tree, the register and the calendar load no Excel/Word/chart library (memory, issue 21).

    openpyxl brings numpy, Pillow and lxml along: about 30 MB and a third of a second.
    """
    code = (
        "import sys\n"
        "for m in ('ui.orgs.page', 'ui.brands.page', 'ui.calendar.page', 'ui.home'):\n"
        "    __import__(m)\n"
        "heavy = ('openpyxl', 'numpy', 'PIL', 'lxml', 'matplotlib', 'docx', 'python_calamine')\n"
        "print(','.join(sorted(n for n in sys.modules if n.split('.')[0] in heavy)))\n"
    )
    assert printed_by_python(code) == ""


def test_standard_buttons_speak_chinese(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.app import install_chinese_translations

    assert install_chinese_translations(qapp)  # type: ignore[arg-type]
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
