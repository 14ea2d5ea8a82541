"""The pages of the main window, installed in navigation order."""

from __future__ import annotations

from ui.brands.page import BrandPage
from ui.calendar import CalendarPage
from ui.home import HomePage
from ui.icons import icon
from ui.main_window import MainWindow
from ui.orgs.page import OrgPage


def install_pages(window: MainWindow) -> None:
    """Add every page to ``window`` in navigation order.

    Args:
        window: The main window; its ``ctx`` and ``runner`` are handed to each page.
    """
    home = HomePage(window.ctx, window.runner)
    home.backupRequested.connect(window.commands.backup.trigger)
    window.add_page("home", "工作台", icon("home"), home)
    window.add_page(
        "orgs",
        "组织架构",
        icon("orgs"),
        OrgPage(window.ctx, window.runner),
    )
    window.add_page(
        "brands",
        "品牌登记",
        icon("brands"),
        BrandPage(window.ctx, window.runner),
    )
    window.add_page(
        "calendar",
        "阶段日历",
        icon("calendar"),
        CalendarPage(window.ctx, window.runner),
    )
