"""The phase calendar (阶段日历): editor, month and timeline views, progress grid, charts."""

from ui.calendar.late import show_late_notice
from ui.calendar.page import CalendarPage

__all__ = ["CalendarPage", "show_late_notice"]
