"""The month tab: navigation and zoom buttons, the painted month, and the chosen day's tasks."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services.calendar_records import DatedRecord
from brandoffice.services.calendar_view import CalendarData, TaskSummary, due_info, phase_months
from brandoffice.workdays import calendar_knows, day_info, estimate_note
from ui.calendar.month_view import MonthView
from ui.calendar.record_marks import legend_html, records_html
from ui.calendar.style import full_date
from ui.widgets import two_panes


def _button(text: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


def day_details(
    day: dt.date,
    data: CalendarData,
    summaries: dict[int, TaskSummary],
    task_ids: set[int] | None,
    records: tuple[DatedRecord, ...] = (),
) -> str:
    """Return the HTML of the details under the month: the day, phases, tasks due, records."""
    info = day_info(day)
    kind = "工作日"
    if info.holiday and not info.workday:
        kind = f"{info.holiday}假期（休）"
    elif info.makeup_workday:
        kind = "调休上班（班）"
    elif not info.workday:
        kind = "休息日"
    if not info.exact:
        kind += f"（{estimate_note(day.year)}）"
    parts = [f"<b>{full_date(day)}</b>　{kind}"]
    phases = [p for p in data.phases if p.start_on <= day <= p.end_on]
    if phases:
        parts.append(
            "所处阶段：" + "、".join(f"{html.escape(p.name)}（{phase_months(p)}）" for p in phases)
        )
    due = [t for t in data.tasks if t.due_on == day and (task_ids is None or t.id in task_ids)]
    if not due:
        parts.append("当天没有截止的任务。")
    for task in due:
        facts = due_info(task.due_on, data.today)
        summary = summaries.get(task.id)
        line = f"• <b>{html.escape(task.name)}</b>：{facts.text}"
        if summary is not None:
            line += f"；{summary.text()}"
        if facts.note:
            line += f"　<span style='color:#d64541'>⚠ {html.escape(facts.note)}</span>"
        parts.append(line)
    if records:
        parts.append("当天的创建活动记录：")
        parts.extend(records_html(records))
    return "<br>".join(parts)


class MonthPanel(QWidget):
    """Month navigation (上月/本月/下月), zoom (−/+/100%), the month and the day details.

    Signals:
        monthShown(int, int): Another month is shown (the page reads its dated records).
    """

    monthShown = Signal(int, int)
    holidaysRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = MonthView(self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.view)
        self.scroll_area.setWidgetResizable(True)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.estimate = QLabel(self)
        self.estimate.setStyleSheet("color: #c0392b;")
        self.estimate.linkActivated.connect(lambda _link: self.holidaysRequested.emit())
        self.prev_button = _button("◀ 上月", "显示上一个月", self)
        self.next_button = _button("下月 ▶", "显示下一个月", self)
        self.today_button = _button("本月", "回到今天所在的月份", self)
        self.zoom_out = _button("－", "缩小（Ctrl+滚轮）", self)
        self.zoom_in = _button("＋", "放大（Ctrl+滚轮）", self)
        self.zoom_reset = _button("100%", "恢复默认大小", self)
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.zoom_out.clicked.connect(lambda: self.view.set_zoom(self.view.zoom() / 1.2))
        self.zoom_in.clicked.connect(lambda: self.view.set_zoom(self.view.zoom() * 1.2))
        self.zoom_reset.clicked.connect(lambda: self.view.set_zoom(1.0))
        self.view.zoomChanged.connect(lambda z: self.zoom_reset.setText(f"{z:.0%}"))
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        legend = QLabel(
            "<span style='color:#d64541'>休</span>＝法定节假日　"
            "<span style='color:#2874a6'>班</span>＝调休上班　"
            "<span style='color:#d64541'>!</span>＝截止日在休息日　"
            "<span style='color:#9e9e9e'>估</span>＝按周末估算　彩色横条＝阶段<br>" + legend_html(),
            self,
        )
        bar = QHBoxLayout()
        for widget in (self.prev_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.title)
        bar.addWidget(self.estimate)
        bar.addStretch(1)
        bar.addWidget(legend)
        bar.addSpacing(12)
        for widget in (self.zoom_out, self.zoom_reset, self.zoom_in):
            bar.addWidget(widget)
        self.split = two_panes(
            QSplitter(Qt.Orientation.Vertical, self), self.scroll_area, self.details, (5, 1),
            [680, 110], collapsible=True,
        )  # fmt: skip
        self.details.setMinimumHeight(50)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.split, 1)
        self._data: CalendarData | None = None
        self._summaries: dict[int, TaskSummary] = {}
        self._task_ids: set[int] | None = None
        self.view.daySelected.connect(self._show_day)
        self._update_title()

    def set_data(
        self,
        data: CalendarData | None,
        summaries: dict[int, TaskSummary],
        task_ids: set[int] | None,
        *,
        keep_month: bool = True,
    ) -> None:
        """Show a campaign; on first load jump to today's month (or the campaign's first)."""
        first = self._data is None or data is None or self._data.campaign.id != data.campaign.id
        self._data, self._summaries, self._task_ids = data, summaries, task_ids
        self.view.set_data(data, summaries, task_ids)
        if data is not None and (first or not keep_month):
            self.go_today()
        self._show_day(self.view.selected() or (data.today if data else dt.date.today()))
        self._update_title()

    def go_today(self) -> None:
        """Show today's month, or the campaign's first month when today is outside it."""
        if self._data is None:
            return
        start, end = self._data.span()
        day = self._data.today if start <= self._data.today <= end else start
        self.view.show_month(day.year, day.month)
        self._update_title()
        self.monthShown.emit(day.year, day.month)

    def step(self, months: int) -> None:
        """Move by whole months."""
        year, month = self.view.month()
        index = year * 12 + month - 1 + months
        self.view.show_month(index // 12, index % 12 + 1)
        self._update_title()
        self.monthShown.emit(*self.view.month())

    def set_records(self, records: dict[dt.date, tuple[DatedRecord, ...]]) -> None:
        """Show the dated records of the month (chips, tooltips and the day details)."""
        self.view.set_records(records)
        self._show_day(self.view.selected() or (self._data.today if self._data else None))

    def _update_title(self) -> None:
        year, month = self.view.month()
        self.title.setText(f"{year}年{month}月")
        shown = not calendar_knows(year)
        self.estimate.setVisible(shown)
        if shown:
            self.estimate.setText(f"{estimate_note(year)}　<a href='holidays'>导入节假日通知…</a>")

    def refresh_days(self) -> None:
        """Redraw after the holiday plans changed: day kinds, the estimate note, details."""
        self.view.set_data(self._data, self._summaries, self._task_ids)
        self._update_title()
        self._show_day(self.view.selected() or (self._data.today if self._data else None))

    def _show_day(self, day: object) -> None:
        if self._data is None or not isinstance(day, dt.date):
            self.details.setHtml("")
            return
        records = self.view.records(day)
        self.details.setHtml(day_details(day, self._data, self._summaries, self._task_ids, records))
