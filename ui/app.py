"""Start the window: application names and icon, a Chinese font, the database, the welcome."""

from __future__ import annotations

import logging
import os
import platform
import sys
from collections.abc import Callable, Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from brandoffice.errors import KnownError
from brandoffice.paths import APP_NAME, DB_ENV, data_dir, resource
from brandoffice.safety.masking import install_log_masking
from brandoffice.safety.opening import OpenedDatabase
from brandoffice.services.context import Clock, system_clock
from ui import messages
from ui.connect_server import set_switcher
from ui.home import HomePage
from ui.icons import icon
from ui.input_method import route_fcitx_through_ibus
from ui.main_window import APP_TITLE, MainWindow
from ui.pages import install_pages
from ui.safety.autobackup import AutoBackup
from ui.safety.idle import IdleWatcher
from ui.safety.session import SessionGate
from ui.safety.startup import open_for_window

log = logging.getLogger(__name__)

EXIT_CANNOT_OPEN = 2
DESKTOP_FILE = "brandoffice"
FALLBACK_FONT = "BrandOffice Sans SC"
CJK_FONTS = {
    "Windows": ("Microsoft YaHei UI", "Microsoft YaHei", "SimHei", "SimSun"),
    "Darwin": ("PingFang SC", "Hiragino Sans GB", "Heiti SC"),
    "Linux": (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Micro Hei",
        "Droid Sans Fallback",
    ),
}


def choose_cjk_font(available: Iterable[str], system: str) -> str | None:
    """Return the preferred installed Chinese UI font for an OS, or None.

    Args:
        available: Installed font families.
        system: ``platform.system()``: Windows, Darwin or Linux.

    Returns:
        The first preferred family that is installed (any OS's list as a fallback).
    """
    installed = set(available)
    preferred = list(CJK_FONTS.get(system, ()))
    preferred += [f for fonts in CJK_FONTS.values() for f in fonts if f not in preferred]
    return next((family for family in preferred if family in installed), None)


def load_fallback_font() -> str | None:
    """Give Qt the shipped font(s) in ``resources/fonts/``; return the Chinese family.

    Returns:
        ``BrandOffice Sans SC`` (or the first family a shipped file provides), or None
        when no font file could be loaded.
    """
    folder = resource("fonts")
    families: list[str] = []
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.lower().endswith((".otf", ".ttf")):
                font_id = QFontDatabase.addApplicationFontFromData(entry.read_bytes())
                if font_id < 0:
                    log.warning("无法载入自带字体 %s", entry.name)
                    continue
                families += QFontDatabase.applicationFontFamilies(font_id)
    if FALLBACK_FONT in families:
        return FALLBACK_FONT
    return families[0] if families else None


def configure_application(app: QApplication) -> None:
    """Set names (QSettings, desktop entry), the window icon, and a Chinese font first."""
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_TITLE)
    QApplication.setDesktopFileName(DESKTOP_FILE)  # Wayland/X11 match brandoffice.desktop
    QApplication.setWindowIcon(icon("app"))
    install_chinese_translations(app)
    family = choose_cjk_font(QFontDatabase.families(), platform.system())
    if family is None:
        family = load_fallback_font()
        if family is None:
            log.warning("没有找到中文字体，界面文字可能显示为方框")
            return
        log.info("系统没有中文字体，使用自带的 %s", family)
    font = app.font()
    font.setFamilies([family, *[f for f in font.families() if f != family]])
    app.setFont(font)


def install_chinese_translations(app: QApplication) -> bool:
    """Load Qt's own zh_CN strings so standard buttons and menus speak Chinese (是/否/取消)."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder
    ):
        log.warning("没有找到 Qt 的中文翻译文件（%s），标准按钮将显示英文", folder)
        return False
    app.installTranslator(translator)
    return True


def setup_logging() -> Path:
    """Log to ``<data>/logs/brandoffice.log`` (rotated) and stderr; return the log file.

    ID card and mobile numbers are masked in every record before any handler sees it.
    """
    install_log_masking()
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "brandoffice.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    root.addHandler(logging.StreamHandler())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migration chatter on every start
    return path


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an exception escaping a slot or a dialog and tell the user, instead of dying silently."""
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    messages.report_error(QApplication.activeWindow(), exc, "未处理的异常")


def start(
    db: str | None,
    *,
    settings: QSettings | None = None,
    clock: Clock = system_clock,
    idle: IdleWatcher | None = None,
) -> MainWindow | None:
    """Open the database and show the main window; None (after a message) if it fails.

    A second instance is offered the database read-only, a damaged file the newest
    good backup. When sign-in is on, the window stays covered until someone signs
    in; then, once the home page's first count is on screen, the automatic backups,
    the start-up messages and the late-task notice follow (:func:`after_start`).

    Args:
        db: ``--db`` value (path or URL), or None for ``BRANDOFFICE_DB``/the default.
        settings: Where the window keeps its layout (default: the user's QSettings).
        clock: The services' clock (tests move it).
        idle: The idle watcher (tests give one with a fake clock).

    Returns:
        The shown window, or None when the database is not opened.
    """
    settings = settings if settings is not None else QSettings()
    if db is None and not os.environ.get(DB_ENV) and settings.contains("server/host"):
        from ui.connect_dialog import remembered_server_url

        db = remembered_server_url(settings)  # None: cancelled, the local database opens
    opened = open_for_window(db, clock=clock, reconnect=_reconnect(settings))
    if opened is None:
        return None
    window = MainWindow(opened.ctx, settings=settings)
    window.database = opened
    watch_files(window, opened)
    gate = SessionGate(window, read_only_db=opened.read_only, idle=idle)
    window.session = gate
    install_pages(window)
    window.restore_settings()
    _current.append(window)
    gate.started.connect(
        lambda: window.when_painted(lambda: after_home_count(window, lambda: after_start(window)))
    )
    window.show()
    gate.begin()
    return window


def _reconnect(settings: QSettings) -> Callable[[str, str], str | None]:
    def reconnect(url: str, reason: str) -> str | None:
        from brandoffice.db.connection import ServerConnection
        from ui.connect_dialog import ask_server_url

        initial = ServerConnection.from_url(url)
        return ask_server_url(settings, initial=initial, reason=reason)

    return reconnect


_current: list[MainWindow] = []


def current_window() -> MainWindow | None:
    """Return the window ``run`` finishes: the last one started (a switch replaces it)."""
    return _current[-1] if _current else None


def switch_database(old: MainWindow, url: str) -> MainWindow | None:
    """Open ``url`` in a new window and close ``old``; None (old kept) when it cannot be opened.

    Refused while ``old`` is writing or the clerk keeps unsaved edits.
    """
    if old.runner.is_writing() or not old.settle_pages():
        return None
    new = start(url, settings=old.settings, clock=old.ctx.clock)
    if new is None:
        return None
    old.close()
    old.runner.wait(10_000)
    finish(old)
    if old in _current:
        _current.remove(old)
    return new


set_switcher(switch_database)


def watch_files(window: MainWindow, opened: OpenedDatabase) -> None:
    """Guard the writes of a database this window holds the lock of, and check it on a timer."""
    path = opened.ctx.db.path
    if opened.lock is None or path is None:
        return
    from brandoffice.safety.lockwatch import FileWatch
    from ui.safety.filewatch import FileWatchTimer

    watch = FileWatch(path)
    opened.ctx.db.on_engine(watch.guard)
    window.file_watch = FileWatchTimer(window, watch)
    window.file_watch.start()


def after_home_count(window: MainWindow, work: Callable[[], None]) -> None:
    """Run ``work`` once the home page's count under way is on screen (at once without one).

    The first paint starts the home page's count, which on an SQLite file needs no
    SQLAlchemy; the start-up work loads SQLAlchemy and the ORM, which held up the
    count for half a second when both ran side by side. On a server both need
    SQLAlchemy and wait on the network: they still run side by side.
    """
    page = window.page("home") if window.is_built("home") else None
    if isinstance(page, HomePage) and window.ctx.db.path is not None:
        page.after_count(work)
    else:
        work()


def after_start(window: MainWindow) -> None:
    """Once the window is open for use: backups, warnings, the welcome, the office or the late notice.

    Whether the database is empty is read in the background, which also loads the
    services; the window answers the clerk meanwhile.
    """
    ctx, opened = window.ctx, window.database
    for text in opened.warnings if opened is not None else []:
        messages.warn(window, "请注意", text)
    calendar = "calendar" in window.page_keys()

    def look() -> tuple[bool, bool]:
        from brandoffice.app import is_empty
        from brandoffice.services.settings import office_identity

        empty = is_empty(ctx)
        if not empty and calendar:
            import ui.calendar.late  # noqa: F401 - loaded here, off the UI thread

        return empty, office_identity(ctx).is_set

    window.runner.run(
        look,
        lambda found: _after_look(window, *found),
        on_error=lambda exc: window.runner.show_error(exc, "读取数据库失败"),
    )


def _after_look(window: MainWindow, empty: bool, office_set: bool = True) -> None:
    ctx, opened = window.ctx, window.database
    if (opened is None or not opened.read_only) and ctx.db.is_sqlite:
        window.auto_backup = AutoBackup(window)
        window.auto_backup.start(backup_now=not empty)
    if window.access.editable and empty:
        from ui.setup_flows import open_welcome

        open_welcome(window)
        return
    if window.access.editable and not office_set:
        from ui.office import open_office_dialog

        open_office_dialog(window, first=True)
        return
    if "calendar" in window.page_keys():
        from ui.calendar.late import show_late_notice

        show_late_notice(
            window, ctx, window.runner, on_open_calendar=lambda: window.show_page("calendar")
        )


def run(db: str | None) -> int:
    """Run the desktop program; return the exit code (2 when the database cannot be opened)."""
    via_ibus = QApplication.instance() is None and route_fcitx_through_ibus()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    setup_logging()
    if via_ibus:
        log.info("no fcitx plugin in this Qt: typing goes through fcitx5's IBus frontend")
    sys.excepthook = _excepthook
    window = start(db)
    if window is None:
        return EXIT_CANNOT_OPEN
    code = app.exec()
    window = current_window() or window
    window.runner.wait(10_000)
    finish(window)
    return int(code)


def finish(window: MainWindow) -> None:
    """Audit the end of the session, close the database and give up its lock."""
    gate = window.session
    if gate is not None and gate.account is not None and not gate.read_only_db:
        from brandoffice.safety.accounts import sign_out

        try:
            sign_out(window.ctx)
        except KnownError as exc:
            log.warning("无法记录退出登录：%s", exc)
    if window.database is not None:
        window.database.close()
    else:
        window.ctx.db.dispose()
