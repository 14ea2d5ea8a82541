"""The pages of the main window, installed in navigation order."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle

from ui.brands.page import BrandPage
from ui.calendar import CalendarPage
from ui.home import HomePage
from ui.main_window import MainWindow
from ui.orgs.page import OrgPage


def install_pages(window: MainWindow) -> None:
    """Add every page to ``window`` in navigation order.

    Args:
        window: The main window; its ``ctx`` and ``runner`` are handed to each page.
    """
    style = window.style()
    home = HomePage(window.ctx, window.runner)
    home.backupRequested.connect(window.commands.backup.trigger)
    window.add_page(
        "home", "工作台", style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon), home
    )
    window.add_page(
        "orgs",
        "组织架构",
        style.standardIcon(QStyle.StandardPixmap.SP_FileDialogListView),
        OrgPage(window.ctx, window.runner),
    )
    window.add_page(
        "brands",
        "品牌登记",
        style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
        BrandPage(window.ctx, window.runner),
    )
    window.add_page(
        "calendar",
        "阶段日历",
        style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView),
        CalendarPage(window.ctx, window.runner),
    )
