"""The timeline (Gantt) of phases and tasks with today marked; Ctrl+wheel zooms."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from brandoffice.services.calendar_view import (
    CalendarData,
    TaskSummary,
    due_info,
    phase_months,
    task_due_text,
)
from brandoffice.services.rows import PhaseRow, TaskRow
from brandoffice.workdays import day_info
from ui.calendar.style import HOLIDAY_RED, TODAY_BLUE, full_date, phase_colour, status_brush

PX_MIN, PX_MAX = 1.0, 48.0
LABEL_WIDTH = 250
MARGIN_DAYS = 7


@dataclass(frozen=True)
class Lane:
    """One line of the timeline: a phase bar or a task's due date."""

    phase: PhaseRow
    phase_index: int
    task: TaskRow | None = None


class TimelineView(QAbstractScrollArea):
    """Phases as bars and tasks as diamonds on a day axis; the label column stays put.

    Signals:
        zoomChanged(float): Pixels per day.
    """

    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: CalendarData | None = None
        self._summaries: dict[int, TaskSummary] = {}
        self._lanes: list[Lane] = []
        self._first = self._last = dt.date.today()
        self._px = 4.0
        self._fit_pending = False
        self.viewport().setBackgroundRole(self.backgroundRole())
        self.horizontalScrollBar().setSingleStep(20)
        self.verticalScrollBar().setSingleStep(20)

    # -- state -----------------------------------------------------------------
    def set_data(
        self, data: CalendarData | None, summaries: dict[int, TaskSummary], tasks: list[TaskRow]
    ) -> None:
        """Show the phases and the given tasks (those applying to the filtered units)."""
        fresh = data is not None and (
            self._data is None or self._data.campaign.id != data.campaign.id
        )
        self._data, self._summaries = data, summaries
        self._lanes = []
        if data is not None:
            shown = {t.id for t in tasks}
            for i, phase in enumerate(data.phases):
                self._lanes.append(Lane(phase, i))
                self._lanes += [
                    Lane(phase, i, t)
                    for t in data.tasks
                    if t.phase_id == phase.id and t.id in shown
                ]
            first, last = data.span()
            self._first = first - dt.timedelta(days=MARGIN_DAYS)
            self._last = last + dt.timedelta(days=MARGIN_DAYS)
        self._update_scrollbars()
        self._fit_pending = self._fit_pending or fresh
        self._fit_if_ready()
        self.viewport().update()

    def calendar(self) -> CalendarData | None:
        """Return the campaign shown."""
        return self._data

    def lanes(self) -> list[Lane]:
        """Return the lines shown, phases followed by their tasks."""
        return list(self._lanes)

    def pixels_per_day(self) -> float:
        """Return the zoom as pixels per day."""
        return self._px

    def set_pixels_per_day(self, px: float, anchor: float | None = None) -> None:
        """Zoom, keeping the day under ``anchor`` (viewport x) in place."""
        px = max(PX_MIN, min(PX_MAX, px))
        if abs(px - self._px) < 1e-6:
            return
        anchor = anchor if anchor is not None else self.viewport().width() / 2
        day = (anchor - LABEL_WIDTH + self.horizontalScrollBar().value()) / self._px
        self._px = px
        self._update_scrollbars()
        self.horizontalScrollBar().setValue(int(day * px - anchor + LABEL_WIDTH))
        self.viewport().update()
        self.zoomChanged.emit(px)

    def fit_width(self) -> None:
        """Zoom so that the whole campaign fits the width."""
        days = (self._last - self._first).days + 1
        room = max(self.viewport().width() - LABEL_WIDTH - 10, 100)
        self.set_pixels_per_day(room / max(days, 1))

    def scroll_to(self, day: dt.date) -> None:
        """Scroll so that ``day`` is a third from the left of the chart area."""
        room = self.viewport().width() - LABEL_WIDTH
        self.horizontalScrollBar().setValue(int(self._x_of(day) - room / 3))

    # -- geometry --------------------------------------------------------------
    def _row_height(self) -> int:
        return self.fontMetrics().height() + 12

    def _axis_height(self) -> int:
        return 2 * self.fontMetrics().height() + 12

    def _x_of(self, day: dt.date) -> float:
        return (day - self._first).days * self._px

    def _update_scrollbars(self) -> None:
        width = ((self._last - self._first).days + 1) * self._px
        room = self.viewport().width() - LABEL_WIDTH
        self.horizontalScrollBar().setRange(0, max(0, int(width - room)))
        self.horizontalScrollBar().setPageStep(max(room, 1))
        height = len(self._lanes) * self._row_height()
        rows_room = self.viewport().height() - self._axis_height()
        self.verticalScrollBar().setRange(0, max(0, height - rows_room))
        self.verticalScrollBar().setPageStep(max(rows_room, 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the scroll ranges in step with the size; fit a new campaign once shown."""
        super().resizeEvent(event)
        self._update_scrollbars()
        self._fit_if_ready()

    def _fit_if_ready(self) -> None:
        if self._fit_pending and self.viewport().width() > LABEL_WIDTH + 200:
            self._fit_pending = False
            self.fit_width()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Repaint: the label column and the axis stay, so no blitting."""
        self.viewport().update()

    # -- painting --------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint day shading, bars, diamonds, today, then the fixed axis and labels."""
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self.viewport().rect()
        if self._data is None:
            painter.setPen(QColor("#777777"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "没有可显示的创建活动")
            painter.end()
            return
        ox = LABEL_WIDTH - self.horizontalScrollBar().value()
        oy = self._axis_height() - self.verticalScrollBar().value()
        row_h = self._row_height()
        chart = QRect(LABEL_WIDTH, self._axis_height(), area.width() - LABEL_WIDTH, area.height())
        painter.setClipRect(chart)
        self._paint_days(painter, ox, chart)
        for i, lane in enumerate(self._lanes):
            top = oy + i * row_h
            if top + row_h < chart.top() or top > area.bottom():
                continue
            if i % 2:
                painter.fillRect(
                    QRect(chart.left(), top, chart.width(), row_h), QColor(0, 0, 0, 10)
                )
            if lane.task is None:
                self._paint_phase(painter, lane, ox, top, row_h)
            else:
                self._paint_task(painter, lane.task, ox, top, row_h)
        today = self._data.today
        x = ox + self._x_of(today) + self._px / 2
        painter.setPen(QPen(TODAY_BLUE, 2))
        painter.drawLine(QPointF(x, chart.top()), QPointF(x, area.bottom()))
        painter.setClipping(False)
        self._paint_axis(painter, ox, area)
        self._paint_labels(painter, oy, area)
        painter.end()

    def _visible_days(self, ox: int, chart: QRect) -> range:
        first = max(0, int((chart.left() - ox) / self._px) - 1)
        last = min((self._last - self._first).days, int((chart.right() - ox) / self._px) + 1)
        return range(first, last + 1)

    def _paint_days(self, painter: QPainter, ox: int, chart: QRect) -> None:
        if self._px < 3:
            return
        for offset in self._visible_days(ox, chart):
            day = self._first + dt.timedelta(days=offset)
            info = day_info(day)
            if info.workday or (self._px < 8 and not info.holiday):
                continue
            colour = QColor(253, 226, 224) if info.holiday else QColor(242, 243, 244)
            x = ox + offset * self._px
            painter.fillRect(
                QRect(int(x), chart.top(), max(1, int(self._px)), chart.height()), colour
            )

    def _paint_phase(self, painter: QPainter, lane: Lane, ox: int, top: int, row_h: int) -> None:
        phase = lane.phase
        left = ox + self._x_of(phase.start_on)
        right = ox + self._x_of(phase.end_on) + self._px
        bar = QRect(int(left), top + 4, max(2, int(right - left)), row_h - 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(phase_colour(lane.phase_index))
        painter.drawRoundedRect(bar, 4, 4)
        painter.setPen(QColor("white"))
        visible = bar.adjusted(max(0, LABEL_WIDTH - bar.left()), 0, 0, 0)
        if visible.width() > 20:
            bar = visible  # keep the name readable when the bar starts off-screen
        text = painter.fontMetrics().elidedText(
            f"{phase.name}  {phase.start_on:%m-%d} 至 {phase.end_on:%m-%d}",
            Qt.TextElideMode.ElideRight,
            max(bar.width() - 10, 0),
        )
        painter.drawText(
            bar.adjusted(6, 0, -4, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    def _paint_task(self, painter: QPainter, task: TaskRow, ox: int, top: int, row_h: int) -> None:
        assert self._data is not None
        summary = self._summaries.get(task.id)
        state = summary.state if summary is not None else "未开始"
        cx = ox + self._x_of(task.due_on) + self._px / 2
        cy = top + row_h / 2
        r = row_h / 2 - 4
        diamond = QPolygonF(
            [QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r), QPointF(cx - r, cy)]
        )
        off_day = not day_info(task.due_on).workday
        painter.setPen(QPen(HOLIDAY_RED, 2) if off_day else QPen(QColor("#555555"), 1))
        painter.setBrush(status_brush(state, False))
        painter.drawPolygon(diamond)
        due = task_due_text(task.due_on, self._data.today, summary)
        text = f"{task.due_on.month}/{task.due_on.day}　{due}"
        if summary is not None:
            text += f"　{summary.text()}"
        if off_day:
            text = "! " + text
        painter.setPen(HOLIDAY_RED if off_day or state == "逾期" else QColor("#333333"))
        painter.drawText(
            _rect(cx + r + 6, top, 2000, row_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    def _paint_axis(self, painter: QPainter, ox: int, area: QRect) -> None:
        height = self._axis_height()
        painter.fillRect(QRect(0, 0, area.width(), height), QColor("#f2f3f4"))
        painter.setClipRect(QRect(LABEL_WIDTH, 0, area.width() - LABEL_WIDTH, height))
        half = height // 2
        painter.setPen(QColor("#333333"))
        day = dt.date(self._first.year, self._first.month, 1)
        while day <= self._last:
            nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
            left, right = ox + self._x_of(day), ox + self._x_of(nxt)
            painter.setPen(QColor("#aab0b6"))
            painter.drawLine(QPointF(left, 0), QPointF(left, area.height()))
            painter.setPen(QColor("#333333"))
            label = f"{day.year}年{day.month}月" if right - left > 80 else f"{day.month}月"
            painter.drawText(
                _rect(left + 4, 2, right - left - 6, half),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            day = nxt
        step = 1 if self._px >= 18 else 7 if self._px >= 3 else 0
        if step:
            painter.setFont(self._small_font())
            for offset in self._visible_days(ox, QRect(LABEL_WIDTH, 0, area.width(), 1)):
                d = self._first + dt.timedelta(days=offset)
                if step == 7 and d.weekday() != 0:
                    continue
                x = ox + offset * self._px
                painter.setPen(HOLIDAY_RED if not day_info(d).workday else QColor("#555555"))
                painter.drawText(
                    _rect(x, half, max(self._px * step, 20), half),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    str(d.day),
                )
            painter.setFont(self.font())
        assert self._data is not None
        x = ox + self._x_of(self._data.today) + self._px / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TODAY_BLUE)
        label = f"今天 {self._data.today.month}/{self._data.today.day}"
        width = painter.fontMetrics().horizontalAdvance(label) + 10
        painter.drawRoundedRect(_rect(x - width / 2, half, width, half - 2), 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(
            _rect(x - width / 2, half, width, half - 2), Qt.AlignmentFlag.AlignCenter, label
        )
        painter.setClipping(False)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        return font

    def _paint_labels(self, painter: QPainter, oy: int, area: QRect) -> None:
        assert self._data is not None
        row_h = self._row_height()
        painter.fillRect(QRect(0, 0, LABEL_WIDTH, area.height()), QColor("#fbfcfc"))
        painter.setPen(QColor("#d5d8dc"))
        painter.drawLine(LABEL_WIDTH - 1, 0, LABEL_WIDTH - 1, area.height())
        painter.setPen(QColor("#333333"))
        painter.drawText(
            QRect(8, 0, LABEL_WIDTH - 16, self._axis_height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "阶段 / 任务",
        )
        painter.setClipRect(QRect(0, self._axis_height(), LABEL_WIDTH, area.height()))
        bold = QFont(self.font())
        bold.setBold(True)
        for i, lane in enumerate(self._lanes):
            top = oy + i * row_h
            if top + row_h < self._axis_height() or top > area.bottom():
                continue
            if lane.task is None:
                painter.setFont(bold)
                painter.setPen(phase_colour(lane.phase_index))
                text = f"{lane.phase.name}（{phase_months(lane.phase)}）"
                indent = 8
            else:
                painter.setFont(self.font())
                painter.setPen(QColor("#222222"))
                text, indent = lane.task.name, 22
            rect = QRect(indent, top, LABEL_WIDTH - indent - 6, row_h)
            text = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setFont(self.font())

    # -- events ----------------------------------------------------------------
    def lane_at(self, y: float) -> Lane | None:
        """Return the lane under viewport y."""
        row = int(
            (y - self._axis_height() + self.verticalScrollBar().value()) // self._row_height()
        )
        return (
            self._lanes[row] if 0 <= row < len(self._lanes) and y >= self._axis_height() else None
        )

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips of phases and tasks (due date, working days left, holiday warning)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            lane = self.lane_at(event.pos().y())
            if lane is None or self._data is None:
                QToolTip.hideText()
                return True
            QToolTip.showText(event.globalPos(), self._tooltip(lane), self.viewport())
            return True
        return super().viewportEvent(event)

    def _tooltip(self, lane: Lane) -> str:
        assert self._data is not None
        phase = lane.phase
        if lane.task is None:
            return (
                f"<b>{html.escape(phase.name)}</b><br>{full_date(phase.start_on)} 至 "
                f"{full_date(phase.end_on)}"
            )
        task = lane.task
        facts = due_info(task.due_on, self._data.today)
        summary = self._summaries.get(task.id)
        due = task_due_text(task.due_on, self._data.today, summary)
        lines = [
            f"<b>{html.escape(task.name)}</b>（{html.escape(phase.name)}）",
            f"截止：{full_date(task.due_on)}，{due}",
        ]
        if summary is not None:
            lines.append(summary.text())
        if facts.note:
            lines.append(f"<span style='color:#d64541'>⚠ {html.escape(facts.note)}</span>")
        return "<br>".join(lines)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms around the mouse; the plain wheel scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
            self.set_pixels_per_day(self._px * step, event.position().x())
            event.accept()
            return
        super().wheelEvent(event)


def _rect(x: float, y: float, w: float, h: float) -> QRect:
    """Return an integer rectangle from float coordinates."""
    return QRect(int(x), int(y), int(w), int(h))
