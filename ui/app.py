"""Start the window: application names and icon, a Chinese font, the database, the welcome."""

from __future__ import annotations

import logging
import platform
import sys
from collections.abc import Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import DatabaseError

from brandoffice.app import is_empty, open_context
from brandoffice.errors import KnownError
from brandoffice.paths import APP_NAME, data_dir, resource
from ui import messages
from ui.icons import icon
from ui.main_window import APP_TITLE, MainWindow
from ui.setup_flows import open_welcome

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
    """Log to ``<data>/logs/brandoffice.log`` (rotated) and stderr; return the log file."""
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
    """Log an exception escaping a slot and tell the user, instead of dying silently."""
    log.error("未处理的异常", exc_info=(kind, exc, tb))
    messages.error(
        QApplication.activeWindow(),
        "程序内部错误",
        "程序内部错误，刚才的操作可能没有完成。详细信息已写入日志。",
        details=messages.traceback_text(exc),
    )


def start(db: str | None, *, settings: QSettings | None = None) -> MainWindow | None:
    """Open the database and show the main window; None (after a message) if it fails.

    Args:
        db: ``--db`` value (path or URL), or None for ``BRANDOFFICE_DB``/the default.
        settings: Where the window keeps its layout (default: the user's QSettings).

    Returns:
        The shown window, or None when the database cannot be opened.
    """
    try:
        ctx = open_context(db)
    except (KnownError, DatabaseError) as exc:
        # DatabaseError: open_context lets "file is not a database" through unconverted.
        log.warning("无法打开数据库 %s：%s", db, exc)
        reason = (
            str(exc) if isinstance(exc, KnownError) else "数据库文件已损坏，或不是本程序的数据库。"
        )
        QMessageBox.critical(
            None,
            "无法打开数据库",
            f"{reason}\n\n请检查数据库文件是否存在、是否被其他程序占用，或从备份恢复"
            "（命令行：brandoffice restore 备份文件）。",
        )
        return None
    from ui.pages import install_pages  # pages import their own widgets

    window = MainWindow(ctx, settings=settings)
    install_pages(window)
    window.restore_settings()
    window.show()
    if is_empty(ctx):
        QTimer.singleShot(0, lambda: open_welcome(window))
    return window


def run(db: str | None) -> int:
    """Run the desktop program; return the exit code (2 when the database cannot be opened)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    setup_logging()
    sys.excepthook = _excepthook
    window = start(db)
    if window is None:
        return EXIT_CANNOT_OPEN
    code = app.exec()
    window.runner.wait(10_000)
    window.ctx.db.dispose()
    return int(code)
