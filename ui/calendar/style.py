"""Colours, date texts and small drawing helpers shared by the calendar views."""

from __future__ import annotations

import datetime as dt
from functools import cache

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

from brandoffice.model.vocab import OVERDUE, ProgressStatus

DONE, IN_PROGRESS = ProgressStatus.DONE.value, ProgressStatus.IN_PROGRESS.value
NOT_STARTED, NOT_APPLICABLE = ProgressStatus.NOT_STARTED.value, ProgressStatus.NOT_APPLICABLE.value

STATUS_INK: dict[str, str] = {
    DONE: "#2e9d5b",
    IN_PROGRESS: "#3b7dd8",
    NOT_STARTED: "#8a8a8a",
    OVERDUE: "#d64541",
    NOT_APPLICABLE: "#b0b0b0",
}
"""Strong colour of each shown status (the charts use the same hues)."""

STATUS_FILL: dict[str, str] = {
    DONE: "#d5f0de",
    IN_PROGRESS: "#dbe8fb",
    NOT_STARTED: "#ffffff",
    OVERDUE: "#fadbd9",
    NOT_APPLICABLE: "#ececec",
}
"""Light cell background of each shown status."""

PHASE_COLOURS = ("#c0392b", "#2874a6", "#1e8449", "#8e44ad", "#d68910", "#138d75", "#5d6d7e")
HOLIDAY_RED = QColor("#d64541")
MAKEUP_BLUE = QColor("#2874a6")
TODAY_BLUE = QColor("#1a73e8")
WEEKDAY_TITLES = ("一", "二", "三", "四", "五", "六", "日")


def phase_colour(index: int) -> QColor:
    """Return the band colour of the ``index``-th phase."""
    return QColor(PHASE_COLOURS[index % len(PHASE_COLOURS)])


@cache
def status_brush(status: str, fill: bool = True) -> QBrush:
    """Return the (cached) background or text brush of a shown status."""
    table = STATUS_FILL if fill else STATUS_INK
    return QBrush(QColor(table.get(status, "#ffffff")))


def short_date(day: dt.date) -> str:
    """Return ``5月20日``."""
    return f"{day.month}月{day.day}日"


def full_date(day: dt.date) -> str:
    """Return ``2026年5月20日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def to_qdate(day: dt.date) -> QDate:
    """Convert a date for Qt date fields."""
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    """Convert a Qt date back."""
    return dt.date(day.year(), day.month(), day.day())


@cache
def paperclip_icon() -> QIcon:
    """Return a small 'has evidence files' mark for grid cells."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#5d6d7e"), 1.2))
    painter.setBrush(QColor("#fdfefe"))
    painter.drawRect(2, 1, 8, 10)
    painter.drawLine(4, 4, 8, 4)
    painter.drawLine(4, 6, 8, 6)
    painter.drawLine(4, 8, 7, 8)
    painter.end()
    return QIcon(pixmap)


def badge(painter: QPainter, x: float, y: float, text: str, colour: QColor) -> float:
    """Draw a small filled badge (休, 班) with its top-right corner at (x, y); return its width."""
    metrics = painter.fontMetrics()
    width = metrics.horizontalAdvance(text) + 6
    height = metrics.height()
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(int(x - width), int(y), width, height, 3, 3)
    painter.setPen(QColor("white"))
    painter.drawText(int(x - width), int(y), width, height, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return float(width)
