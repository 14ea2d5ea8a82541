"""The pages of the main window, installed in navigation order.

Each page is built (and its module imported) when it is first shown, so the
window opens with only the page it shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.icons import icon
from ui.main_window import MainWindow


def install_pages(window: MainWindow) -> None:
    """Add every page to ``window`` in navigation order.

    Args:
        window: The main window; its ``ctx`` and ``runner`` are handed to each page.
    """
    ctx, runner = window.ctx, window.runner

    def home() -> QWidget:
        from ui.home import HomePage

        page = HomePage(ctx, runner)
        page.backupRequested.connect(window.commands.backup.trigger)
        return page

    def orgs() -> QWidget:
        from ui.orgs.page import OrgPage

        return OrgPage(ctx, runner)

    def brands() -> QWidget:
        from ui.brands.page import BrandPage

        return BrandPage(ctx, runner)

    def calendar() -> QWidget:
        from ui.calendar.page import CalendarPage

        return CalendarPage(ctx, runner)

    window.add_page("home", "工作台", icon("home"), home)
    window.add_page("orgs", "组织架构", icon("orgs"), orgs)
    window.add_page("brands", "品牌登记", icon("brands"), brands)
    window.add_page("calendar", "阶段日历", icon("calendar"), calendar)
