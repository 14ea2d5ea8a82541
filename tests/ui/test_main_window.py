"""The main window: pages, remembered layout, closing, backup/restore/check actions."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QWidget
from pytestqt.qtbot import QtBot

from brandoffice.backup import integrity_ok
from brandoffice.paths import backup_dir
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.ui.windows import choose_file
from ui import file_dialogs
from ui.home import HomePage
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen, showing windows

HAS_ORG_PAGE = importlib.util.find_spec("ui.orgs.page") is not None


class FakePage(QLabel):
    """A page with the optional duck-typed API."""

    def __init__(self, unsaved: bool = False, agree: bool = True) -> None:
        super().__init__("fake")
        self.reloads = 0
        self.unsaved = unsaved
        self.agree = agree
        self.asked = 0
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.addWidget(QLabel("left"))
        self._splitter.addWidget(QLabel("right"))
        self._splitter.resize(400, 100)

    def reload(self) -> None:
        self.reloads += 1

    def splitter(self) -> QSplitter:
        return self._splitter

    def has_unsaved_changes(self) -> bool:
        return self.unsaved

    def save_or_discard(self) -> bool:
        self.asked += 1
        if self.agree:
            self.unsaved = False
        return self.agree


def make_window(qtbot: QtBot, ctx: AppContext, settings: QSettings) -> MainWindow:
    window = MainWindow(ctx, settings=settings)
    qtbot.addWidget(window)
    home = HomePage(ctx, window.runner)
    home.backupRequested.connect(window.commands.backup.trigger)  # as ui.pages does
    window.add_page("home", "工作台", QIcon(), home)
    return window


def installed_window(qtbot: QtBot, ctx: AppContext, settings: QSettings) -> MainWindow:
    """A window with the program's own pages (``ui.pages``), settings restored, not shown."""
    from ui.pages import install_pages

    window = MainWindow(ctx, settings=settings)
    qtbot.addWidget(window)
    install_pages(window)
    window.restore_settings()
    return window


@pytest.fixture
def window(qtbot: QtBot, street_ctx: AppContext, settings: QSettings) -> Iterator[MainWindow]:
    win = make_window(qtbot, street_ctx, settings)
    win.add_page("fake", "示例页", QIcon(), FakePage())
    win.restore_settings()
    home = win.page("home")
    assert isinstance(home, HomePage)
    with qtbot.waitSignal(home.loaded, timeout=5000):
        win.show()
    yield win
    win.runner.wait(5000)


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)


def test_window_has_title_menus_toolbar_and_pages(window: MainWindow) -> None:
    assert window.windowTitle() == "党建品牌工作台"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "数据(&D)", "报告(&R)", "工具(&T)", "帮助(&H)"]
    tools = window.menuBar().actions()[3].menu()
    assert [a.text() for a in tools.actions() if a.text()] == [
        "检查数据库",
        "备份与恢复…",
        "节假日安排…",
        "账户与登录…",
        "审计日志…",
        "打开数据文件夹",
    ]
    toolbar = [a.text() for a in window.commands.toolbar.actions() if a.text()]
    assert toolbar == ["导入", "导出", "生成报告…", "备份", "检查数据库", "刷新", "使用指南"]
    assert window.page_keys() == ["home", "fake"]
    assert window.current_key() == "home"
    with pytest.raises(ValueError, match="already added"):
        window.add_page("home", "again", QIcon(), QWidget())


def test_navigation_switches_pages_and_reloads_stale_ones(qtbot: QtBot, window: MainWindow) -> None:
    fake = window.page("fake")
    assert isinstance(fake, FakePage)
    window.nav.setCurrentRow(1)
    assert window.stack.currentWidget() is fake and fake.reloads == 0
    window.show_page("home")
    home = window.page("home")
    assert isinstance(home, HomePage)
    window.notify_data_changed("import")
    assert fake.reloads == 0  # hidden: reloaded when shown
    idle(qtbot, window)
    window.show_page("fake")
    assert fake.reloads == 1
    window.show_page("home")
    idle(qtbot, window)
    window.show_page("fake")
    assert fake.reloads == 1  # not stale any more
    window.reload_current()
    assert fake.reloads == 2


def test_home_reloads_whenever_shown(
    qtbot: QtBot, window: MainWindow, street_ctx: AppContext
) -> None:
    home = window.page("home")
    assert isinstance(home, HomePage)
    window.show_page("fake")
    OrgService(street_ctx).create(
        OrgDraft(name="新建社区党委", kind="党委", level="村社区", sector="社区")
    )
    with qtbot.waitSignal(home.loaded, timeout=5000):
        window.show_page("home")
    assert home.board is not None and home.board.unit_total == 5


def test_settings_restore_page_geometry_and_splitters(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    first = make_window(qtbot, street_ctx, settings)
    fake = FakePage()
    first.add_page("fake", "示例页", QIcon(), fake)
    first.restore_settings()
    first.show()
    first.setGeometry(QRect(40, 50, 711, 477))  # offscreen screens are 800×600
    fake.splitter().setSizes([100, 300])
    sizes = fake.splitter().sizes()
    first.show_page("fake")
    first.close()
    idle(qtbot, first)

    second = make_window(qtbot, street_ctx, settings)
    again = FakePage()
    second.add_page("fake", "示例页", QIcon(), again)
    second.restore_settings()
    second.show()
    assert second.current_key() == "fake"
    assert (second.width(), second.height()) == (711, 477)
    assert again.splitter().sizes() == sizes
    second.close()
    idle(qtbot, second)


def test_unknown_saved_page_falls_back_to_home(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    settings.setValue("window/page", "calendar")
    win = make_window(qtbot, street_ctx, settings)
    win.restore_settings()
    assert win.current_key() == "home"


def test_close_asks_pages_with_unsaved_changes(qtbot: QtBot, window: MainWindow) -> None:
    fake = window.page("fake")
    assert isinstance(fake, FakePage)
    fake.unsaved, fake.agree = True, False
    assert not window.close()
    assert window.isVisible() and fake.asked == 1
    assert window.current_key() == "fake"  # shown so the clerk sees what is unsaved
    fake.agree = True
    assert window.close()
    assert fake.asked == 2


def test_close_waits_for_a_running_write(qtbot: QtBot, window: MainWindow) -> None:
    import threading

    release = threading.Event()
    window.runner.run(lambda: release.wait(5), write=True)
    assert not window.close()
    assert window.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_backup_to_a_chosen_file(
    qtbot: QtBot,
    window: MainWindow,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "chosen" / "我的备份.sqlite3"
    monkeypatch.setattr(
        file_dialogs,
        "get_save_file_name",
        lambda *a, **k: (str(target), "数据库备份 (*.sqlite3 *.db)"),
    )
    window.commands.backup_to.trigger()
    idle(qtbot, window)
    assert integrity_ok(target)
    assert msgs.texts("inform") == [f"备份完成并已校验：\n{target}"]


def test_backup_action_updates_the_home_page(
    qtbot: QtBot, window: MainWindow, msgs: Messages, street_ctx: AppContext
) -> None:
    home = window.page("home")
    assert isinstance(home, HomePage)
    assert home.backup_label.text() == "尚未备份"
    with qtbot.waitSignal(home.loaded, timeout=10_000):
        home.backup_button.click()  # the 立即备份 button runs the window's action
    files = list(backup_dir(street_ctx.db.path).glob("*.sqlite3"))
    assert len(files) == 1 and integrity_ok(files[0])
    assert home.backup_label.text().startswith("上次备份：")
    assert msgs.shown[0][1] == "备份完成"


def test_backup_refuses_the_live_database(
    window: MainWindow, msgs: Messages, street_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = str(street_ctx.db.path)
    choose_file(monkeypatch, "get_save_file_name", live)
    window.commands.backup_to.trigger()
    assert not window.runner.is_busy()
    assert "正在使用的数据库" in msgs.texts("warn")[0]


def test_check_action_reports_ok(qtbot: QtBot, window: MainWindow) -> None:
    window.commands.check.trigger()
    qtbot.waitUntil(lambda: window.commands.maintenance.report_dialog is not None, timeout=10_000)
    dialog = window.commands.maintenance.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.verdict.text() == "检查通过：数据库完整，数据一致。"
    assert "组织：4" in dialog.text.toPlainText()
    dialog.reject()


def test_restore_brings_back_the_backup_and_reloads(
    qtbot: QtBot,
    window: MainWindow,
    msgs: Messages,
    street_ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = tmp_path / "before.sqlite3"
    choose_file(monkeypatch, "get_save_file_name", saved)
    window.commands.backup_to.trigger()
    idle(qtbot, window)
    OrgService(street_ctx).create(OrgDraft(name="恢复后应消失", kind="党支部", level="基层单位"))
    fake = window.page("fake")
    assert isinstance(fake, FakePage)
    fake.unsaved = True

    choose_file(monkeypatch, "get_open_file_name", saved)
    home = window.page("home")
    assert isinstance(home, HomePage)
    window.commands.restore.trigger()
    assert msgs.asked[-1][2] == ["恢复", "取消"]
    assert fake.asked == 1  # unsaved edits settled first
    window.show_page("home")
    idle(qtbot, window)
    names = [o.name for o in OrgService(street_ctx).all_rows()]
    assert "恢复后应消失" not in names and len(names) == 4
    assert msgs.shown[-1][1] == "恢复完成"
    assert home.board is not None and home.board.unit_total == 4
    safety = list(backup_dir(street_ctx.db.path).glob("*before-restore*"))
    assert len(safety) == 1 and integrity_ok(safety[0])


def test_restore_cancelled_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose_file(monkeypatch, "get_open_file_name", tmp_path / "x.sqlite3")
    msgs.answers.append(1)  # 取消
    window.commands.restore.trigger()
    assert not window.runner.is_busy() and msgs.shown == []


def test_restore_of_a_broken_file_is_refused(
    qtbot: QtBot,
    window: MainWindow,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    choose_file(monkeypatch, "get_open_file_name", broken)
    window.commands.restore.trigger()
    idle(qtbot, window)
    assert msgs.shown[-1][0] == "warn" and "已损坏" in msgs.shown[-1][2]


def test_every_toolbar_and_menu_action_has_a_shipped_icon(window: MainWindow) -> None:
    from ui.icons import icon

    toolbar = [a for a in window.commands.toolbar.actions() if not a.isSeparator()]
    assert len(toolbar) == 7  # import, export, report, backup, check, refresh, guide
    for action in toolbar:
        assert not action.icon().isNull(), action.text()
    menus = [a.menu() for a in window.menuBar().actions()]
    shown = [a for m in menus for a in m.actions() if not a.isSeparator() and a.text() != "退出"]
    assert not [a.text() for a in shown if a.icon().isNull()]
    commands = window.commands
    expected = {"import": commands.import_action, "backup": commands.backup}
    expected |= {"help": commands.guide, "restore": commands.restore, "check": commands.check}
    for name, action in expected.items():  # the shipped SVGs, not the style's icons
        assert action.icon().cacheKey() == icon(name).cacheKey(), name


def test_about_names_version_licence_and_data(window: MainWindow, msgs: Messages) -> None:
    from brandoffice import __version__
    from brandoffice.paths import data_dir

    window.commands.about.trigger()
    ((kind, title, text, details),) = msgs.shown
    assert kind == "inform" and title == "关于 党建品牌工作台"
    assert text.startswith("党建品牌工作台")
    assert f"版本：{__version__}" in text and "许可证：MIT" in text
    assert f"数据文件夹：{data_dir()}" in text
    assert f"数据库：{window.ctx.db.path}" in text
    assert details is not None and "SIL 开放字体许可证" in details and "PySide6" in details


def test_pages_are_built_when_first_shown(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    window = installed_window(qtbot, street_ctx, settings)
    assert not any(window.is_built(key) for key in window.page_keys())
    window.show()
    assert [key for key in window.page_keys() if window.is_built(key)] == ["home"]
    window.commands.refresh.trigger()  # data changes touch only built pages
    window.notify_data_changed("import")
    window.show_page("brands")
    assert window.is_built("brands") and not window.is_built("orgs")
    assert window.stack.currentWidget() is window.page("brands")
    assert [key for key, _page in window.pages()] == ["home", "brands"]
    window.close()
    idle(qtbot, window)


@pytest.mark.skipif(not HAS_ORG_PAGE, reason="ui/orgs/page.py (组织架构) not written yet")
def test_installed_pages_include_the_org_page(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    from ui.orgs.page import OrgPage

    window = installed_window(qtbot, street_ctx, settings)
    window.show()
    keys = window.page_keys()
    assert keys[:3] == ["home", "orgs", "brands"]
    assert [window.nav.item(i).text() for i in range(3)] == ["工作台", "组织架构", "品牌登记"]
    orgs = window.page("orgs")
    assert isinstance(orgs, OrgPage)
    window.show_page("orgs")
    QApplication.processEvents()  # the page was built after the window: let it lay out
    orgs.splitter().setSizes([300, 700])
    sizes = orgs.splitter().sizes()
    assert window.close()
    idle(qtbot, window)
    assert settings.value("window/page") == "orgs"
    again = installed_window(qtbot, street_ctx, settings)
    again.show()
    assert again.current_key() == "orgs"
    again_orgs = again.page("orgs")
    assert isinstance(again_orgs, OrgPage)
    QApplication.processEvents()
    assert again_orgs.splitter().sizes() == sizes
    again.notify_data_changed("import")  # the shown org page reloads without complaint
    again.close()
    idle(qtbot, again)


def test_window_opens_on_the_demo_street(
    qtbot: QtBot, request: pytest.FixtureRequest, settings: QSettings
) -> None:
    demo = pytest.importorskip("brandoffice.demo", reason="brandoffice.demo not written yet")
    if not hasattr(demo, "build_demo"):
        pytest.skip("brandoffice.demo.build_demo not written yet")
    demo_ctx: AppContext = request.getfixturevalue("demo_ctx")
    window = installed_window(qtbot, demo_ctx, settings)
    home = window.page("home")
    assert isinstance(home, HomePage)
    with qtbot.waitSignal(home.loaded, timeout=20_000):
        window.show()
    board = home.board
    assert board is not None and board.unit_total > 0 and board.brand_total > 0
    assert home.units_model.data(
        home.units_model.index(len(board.sectors), len(board.grades))
    ) == str(board.unit_total)
    assert home.due_model.rowCount() == len(board.due)
    window.close()
    idle(qtbot, window)


def test_report_menu_opens_the_report_and_bundle_dialogs(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    from ui.reports import BundleDialog, ReportDialog

    window = MainWindow(street_ctx, settings=settings)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "报告(&R)" in menus
    report = window.commands.show_report_dialog()
    bundle = window.commands.show_bundle_dialog()
    assert isinstance(report, ReportDialog) and isinstance(bundle, BundleDialog)
    report.reject()
    bundle.reject()


def test_every_installed_page_shows_the_data_when_first_opened(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    from ui.brands.page import BrandPage
    from ui.calendar.page import CalendarPage
    from ui.orgs.page import OrgPage

    window = installed_window(qtbot, street_ctx, settings)
    window.show()
    for key in ("orgs", "brands", "calendar"):
        window.show_page(key)
    orgs, brands, calendar = (window.page(k) for k in ("orgs", "brands", "calendar"))
    assert isinstance(orgs, OrgPage) and isinstance(brands, BrandPage)
    assert isinstance(calendar, CalendarPage)
    qtbot.waitUntil(lambda: calendar.data is not None, timeout=10_000)
    assert calendar.campaign_box.count() == 1 and calendar.stack.currentIndex() == 1
    assert orgs.model.rowCount() > 0 and brands.model.rowCount() == 2
    idle(qtbot, window)
    window.runner.wait(5000)


def test_every_installed_page_follows_the_window_into_read_only_mode(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings
) -> None:
    from tests.ui.read_only_check import org_page_reads, usable_inputs
    from ui.brands.page import BrandPage
    from ui.calendar.page import CalendarPage
    from ui.orgs.page import OrgPage
    from ui.pages import install_pages
    from ui.safety.access import Access

    window = MainWindow(street_ctx, settings=settings)
    qtbot.addWidget(window)
    window.apply_access(Access(read_only_db=True))  # pages added afterwards start read-only
    install_pages(window)
    home, orgs, brands, calendar = (window.page(k) for k in ("home", "orgs", "brands", "calendar"))
    assert window.pages_without_read_only() == []  # asked once the pages exist
    assert isinstance(home, HomePage) and isinstance(orgs, OrgPage)
    assert isinstance(brands, BrandPage) and isinstance(calendar, CalendarPage)
    assert orgs.select_org(OrgService(street_ctx).all_rows()[0].id)
    assert usable_inputs(orgs, org_page_reads(orgs)) == []
    assert not home.backup_button.isEnabled() and not brands.export_button.isEnabled()
    assert not calendar.new_action.isEnabled()
    window.apply_access(Access(role="领导", account="李领导"))  # reads and reports
    assert brands.export_button.isEnabled() and not brands.new_button.isEnabled()
    assert usable_inputs(orgs, org_page_reads(orgs)) == []
    window.apply_access(Access())  # one PC, no sign-in: everything again
    assert orgs.detail.members.buttons["新增"].isEnabled()
    assert not orgs.detail.form.name_edit.isReadOnly() and brands.new_button.isEnabled()
    assert calendar.new_action.isEnabled()
    idle(qtbot, window)
    window.runner.wait(5000)
