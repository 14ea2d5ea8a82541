"""A painted month: phases as coloured bands, tasks on their due dates, holidays, 休 and 班."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from brandoffice.services.calendar_records import DatedRecord
from brandoffice.services.calendar_view import (
    CalendarData,
    DayCell,
    TaskSummary,
    due_info,
    month_cells,
)
from brandoffice.workdays import estimate_note
from ui.calendar.record_marks import paint_marks, records_html
from ui.calendar.style import (
    HOLIDAY_RED,
    MAKEUP_BLUE,
    TODAY_BLUE,
    WEEKDAY_TITLES,
    badge,
    full_date,
    phase_colour,
    status_brush,
)

ESTIMATE_GREY = QColor("#9e9e9e")
"""The 估 badge of a day in a year without holiday data (按周末估算)."""
ZOOM_MIN, ZOOM_MAX = 0.7, 2.5
BASE_CELL = QSize(100, 104)  # seven fit beside the late list in a 1280-wide window


def day_tooltip(
    cell: DayCell,
    data: CalendarData,
    summaries: dict[int, TaskSummary],
    records: tuple[DatedRecord, ...] = (),
) -> str:
    """Return the rich-text tooltip of a day: kind, phases, tasks with days left, records."""
    info = cell.info
    head = full_date(cell.day)
    if info.holiday and not info.workday:
        head += f"　{info.holiday}（休）"
    elif info.makeup_workday:
        head += f"　调休上班（{info.holiday or '补班'}）"
    elif not info.workday:
        head += "　休息日"
    lines = [f"<b>{html.escape(head)}</b>"]
    if not info.exact:
        lines.append(f"<span style='color:#c0392b'>{estimate_note(cell.day.year)}</span>")
    for i in cell.phases:
        phase = data.phases[i]
        lines.append(
            f"阶段：{html.escape(phase.name)}（{phase.start_on:%m-%d} 至 {phase.end_on:%m-%d}）"
        )
    for task in cell.tasks:
        due = due_info(task.due_on, data.today)
        summary = summaries.get(task.id)
        state = f"，{summary.text()}" if summary is not None else ""
        lines.append(f"截止：{html.escape(task.name)}（{due.text}{state}）")
        if due.note:
            lines.append(f"<span style='color:#d64541'>⚠ {html.escape(due.note)}</span>")
    lines.extend(records_html(records))
    return "<br>".join(lines)


class MonthView(QWidget):
    """One month, six weeks from a Monday; Ctrl+wheel zooms.

    Signals:
        daySelected(object): The ``datetime.date`` clicked.
        zoomChanged(float): The new zoom factor.
    """

    daySelected = Signal(object)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: CalendarData | None = None
        self._summaries: dict[int, TaskSummary] = {}
        self._task_ids: set[int] | None = None
        self._cells: list[DayCell] = []
        self._records: dict[dt.date, tuple[DatedRecord, ...]] = {}
        self._year, self._month = dt.date.today().year, dt.date.today().month
        self._zoom = 1.0
        self._selected: dt.date | None = None
        self.setBackgroundRole(self.backgroundRole())
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    # -- state -----------------------------------------------------------------
    def set_data(
        self,
        data: CalendarData | None,
        summaries: dict[int, TaskSummary],
        task_ids: set[int] | None,
    ) -> None:
        """Show a campaign; colours follow ``summaries``, only ``task_ids`` are placed."""
        self._data, self._summaries, self._task_ids = data, summaries, task_ids
        self._rebuild()

    def set_records(self, records: dict[dt.date, tuple[DatedRecord, ...]]) -> None:
        """Show dated campaign records (training, commitments …) as chips on their days."""
        self._records = records
        self.update()

    def records(self, day: dt.date) -> tuple[DatedRecord, ...]:
        """Return the records shown on a day."""
        return self._records.get(day, ())

    def show_month(self, year: int, month: int) -> None:
        """Show another month."""
        self._year, self._month = year, month
        self._rebuild()

    def month(self) -> tuple[int, int]:
        """Return the (year, month) shown."""
        return self._year, self._month

    def cells(self) -> list[DayCell]:
        """Return the 42 day cells shown."""
        return self._cells

    def select_day(self, day: dt.date) -> None:
        """Mark a day as selected and announce it."""
        self._selected = day
        self.update()
        self.daySelected.emit(day)

    def selected(self) -> dt.date | None:
        """Return the day last clicked, if any."""
        return self._selected

    def zoom(self) -> float:
        """Return the zoom factor (1.0 is the default size)."""
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """Scale cells and text; clamped to 0.7–2.5."""
        zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        if abs(zoom - self._zoom) < 1e-6:
            return
        self._zoom = zoom
        self.updateGeometry()
        self.update()
        self.zoomChanged.emit(zoom)

    def _rebuild(self) -> None:
        if self._data is None:
            self._cells = []
        else:
            self._cells = month_cells(self._data, self._year, self._month, self._task_ids)
        self.update()

    # -- geometry --------------------------------------------------------------
    def sizeHint(self) -> QSize:
        """Seven cells wide, six high, at the current zoom."""
        return self.minimumSizeHint()

    def minimumSizeHint(self) -> QSize:
        """The zoomed cell size times the grid."""
        return QSize(
            int(7 * BASE_CELL.width() * self._zoom),
            self._header_height() + int(6 * BASE_CELL.height() * self._zoom),
        )

    def _font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * self._zoom * scale))
        font.setBold(bold)
        return font

    def _header_height(self) -> int:
        return int(self.fontMetrics().height() * max(1.0, self._zoom)) + 8

    def _cell_rect(self, index: int) -> QRect:
        head = self._header_height()
        width, height = self.width() / 7, (self.height() - head) / 6
        row, col = divmod(index, 7)
        left, top = round(col * width), head + round(row * height)
        return QRect(
            left, top, round((col + 1) * width) - left, round((row + 1) * height) + head - top
        )

    def _index_at(self, pos: QPoint) -> int | None:
        for i in range(len(self._cells)):
            if self._cell_rect(i).contains(pos):
                return i
        return None

    # -- painting --------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the weekday header, the day cells, the phase bands and the tasks."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        head = self._header_height()
        painter.setFont(self._font(bold=True))
        width = self.width() / 7
        for col, title in enumerate(WEEKDAY_TITLES):
            rect = QRect(round(col * width), 0, round(width), head)
            painter.fillRect(rect, QColor("#f2f3f4"))
            painter.setPen(HOLIDAY_RED if col >= 5 else QColor("#333333"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"周{title}")
        if not self._cells:
            painter.setPen(QColor("#777777"))
            painter.drawText(
                self.rect().adjusted(0, head, 0, 0),
                Qt.AlignmentFlag.AlignCenter,
                "没有可显示的创建活动",
            )
            painter.end()
            return
        for i, cell in enumerate(self._cells):
            self._paint_day(painter, i, cell)
        self._paint_bands(painter)
        for i, cell in enumerate(self._cells):
            self._paint_tasks(painter, i, cell)
        painter.setFont(self._font(0.8))
        for i, cell in enumerate(self._cells):
            if cell.day in self._records:
                paint_marks(painter, self._cell_rect(i), self._records[cell.day], self._mark())
        painter.end()

    def _line(self) -> int:
        return int(self.fontMetrics().height() * self._zoom) + 4

    def _mark(self) -> int:
        return int(self.fontMetrics().height() * self._zoom * 0.95) + 2

    def _band(self) -> int:
        return int(self.fontMetrics().height() * self._zoom * 0.85) + 2

    def _lanes(self) -> dict[int, int]:
        shown = sorted({i for c in self._cells for i in c.phases})
        return {phase: lane for lane, phase in enumerate(shown)}

    def _paint_day(self, painter: QPainter, i: int, cell: DayCell) -> None:
        rect = self._cell_rect(i)
        today = self._data.today if self._data else None
        fill = QColor("#ffffff") if cell.in_month else QColor("#f6f6f6")
        if cell.day == today:
            fill = QColor("#e8f0fe")
        painter.fillRect(rect, fill)
        painter.setPen(QPen(QColor("#d5d8dc"), 1))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        info = cell.info
        off = not info.workday
        painter.setFont(self._font(1.05, bold=True))
        ink = HOLIDAY_RED if off else QColor("#222222")
        if not cell.in_month:
            ink = QColor("#b0b0b0")
        painter.setPen(ink)
        top = QRect(rect.left() + 5, rect.top() + 2, rect.width() - 10, self._line())
        painter.drawText(
            top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(cell.day.day)
        )
        number_width = painter.fontMetrics().horizontalAdvance(f"{cell.day.day} ")
        painter.setFont(self._font(0.85))
        if info.holiday and off:
            painter.setPen(HOLIDAY_RED if cell.in_month else QColor("#e0a09c"))
            name_rect = top.adjusted(number_width + 2, 0, -22, 0)
            text = painter.fontMetrics().elidedText(
                info.holiday, Qt.TextElideMode.ElideRight, max(name_rect.width(), 0)
            )
            painter.drawText(
                name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
            badge(painter, top.right(), top.top() + 2, "休", HOLIDAY_RED)
        elif info.makeup_workday:
            badge(painter, top.right(), top.top() + 2, "班", MAKEUP_BLUE)
        elif not info.exact and cell.in_month:
            badge(painter, top.right(), top.top() + 2, "估", ESTIMATE_GREY)
        if cell.day == today or cell.day == self._selected:
            colour = TODAY_BLUE if cell.day == today else QColor("#555555")
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

    def _paint_bands(self, painter: QPainter) -> None:
        assert self._data is not None
        painter.setFont(self._font(0.8))
        for week in range(6):
            days = self._cells[week * 7 : week * 7 + 7]
            for phase, lane in self._lanes().items():
                runs: list[list[int]] = []
                for c, cell in enumerate(days):
                    if phase not in cell.phases:
                        continue
                    same = runs and runs[-1][-1] == c - 1 and days[c - 1].in_month == cell.in_month
                    if same:
                        runs[-1].append(c)
                    else:
                        runs.append([c])
                for run in runs:
                    self._paint_band(painter, week * 7, run, phase, lane, days[run[0]].in_month)

    def _paint_band(
        self, painter: QPainter, base: int, cols: list[int], phase: int, lane: int, inside: bool
    ) -> None:
        """Draw one phase band over consecutive days of a week (faded outside the month)."""
        assert self._data is not None
        first_rect = self._cell_rect(base + cols[0])
        last_rect = self._cell_rect(base + cols[-1])
        y = first_rect.top() + self._line() + 2 + lane * (self._band() + 2)
        band = QRect(
            first_rect.left() + 2, y, last_rect.right() - first_rect.left() - 3, self._band()
        )
        colour = phase_colour(phase)
        if not inside:
            colour.setAlpha(110)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(band, 3, 3)
        painter.setPen(QColor("white"))
        name = self._data.phases[phase].name
        text = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, band.width() - 8)
        painter.drawText(
            band.adjusted(4, 0, -4, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    def _paint_tasks(self, painter: QPainter, i: int, cell: DayCell) -> None:
        if not cell.tasks:
            return
        assert self._data is not None
        rect = self._cell_rect(i)
        lanes = len(self._lanes())
        y = rect.top() + self._line() + 4 + lanes * (self._band() + 2)
        painter.setFont(self._font(0.85))
        metrics = painter.fontMetrics()
        step = metrics.height() + 2
        bottom = rect.bottom() - 3 - (self._mark() + 2 if cell.day in self._records else 0)
        room = max(0, (bottom - y) // step)
        shown = cell.tasks if len(cell.tasks) <= room else cell.tasks[: max(room - 1, 0)]
        off_day = not cell.info.workday
        for task in shown:
            summary = self._summaries.get(task.id)
            state = summary.state if summary is not None else "未开始"
            chip = QRect(rect.left() + 5, y + 3, step - 6, step - 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(status_brush(state, False))
            painter.drawRoundedRect(chip, 2, 2)
            text_rect = QRect(chip.right() + 4, y, rect.right() - chip.right() - 8, step)
            if off_day:
                mark = QRect(text_rect.right() - step + 4, y + 2, step - 4, step - 4)
                painter.setBrush(HOLIDAY_RED)
                painter.drawEllipse(mark)
                painter.setPen(QColor("white"))
                painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "!")
                text_rect.setRight(mark.left() - 2)
            painter.setPen(QColor("#b03a2e") if state == "逾期" else QColor("#222222"))
            text = metrics.elidedText(task.name, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
            y += step
        if len(shown) < len(cell.tasks):
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRect(rect.left() + 5, y, rect.width() - 10, step),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"另有 {len(cell.tasks) - len(shown)} 项…",
            )

    # -- events ----------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """Show a day's tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._index_at(event.pos())
            if index is None or self._data is None:
                QToolTip.hideText()
                return True
            cell = self._cells[index]
            text = day_tooltip(cell, self._data, self._summaries, self.records(cell.day))
            QToolTip.showText(event.globalPos(), text, self, self._cell_rect(index))
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Select the day clicked."""
        index = self._index_at(event.position().toPoint())
        if index is not None:
            self.select_day(self._cells[index].day)
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms; plain wheel scrolls the surrounding area."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1.1 if event.angleDelta().y() > 0 else 1 / 1.1
            self.set_zoom(self._zoom * step)
            event.accept()
            return
        event.ignore()
