"""Overdue tasks and tasks due within seven days: the page's list and the start-up notice."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services.calendar_view import LateTask, due_info, group_late, late_items
from brandoffice.services.context import AppContext
from brandoffice.services.progress_stats import LateItem
from brandoffice.workdays import ESTIMATE, estimate_note, working_days_between
from ui.home_models import CENTER, Column, RecordTableModel
from ui.orgs.runner import Runner
from ui.widgets import at_right, row_table, stack

log = logging.getLogger(__name__)
RED, ORANGE = QColor("#c0392b"), QColor("#b9770e")


def late_text(due_on: dt.date, overdue: bool, today: dt.date) -> str:
    """Return ``逾期3天``, ``今天到期`` or ``还剩2个工作日`` (today and the due day counted)."""
    if overdue:
        return f"逾期{(today - due_on).days}天"
    if due_on == today:
        return "今天到期"
    left = working_days_between(today, due_on)
    return f"还剩{left.days}个工作日" + ("" if left.exact else f"（{ESTIMATE}）")


FIT_ROWS = 50


def _table(model: RecordTableModel[LateItem] | RecordTableModel[LateTask]) -> QTableView:
    view = row_table(model=model)
    # Columns fit their first rows: measuring hundreds of rows froze the window for 0.2 s.
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


class LatePanel(QWidget):
    """The list beside the calendar; double-click jumps to the cell in the progress grid.

    Signals:
        itemActivated(object): The ``LateItem`` double-clicked.
    """

    itemActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = dt.date.today()
        self.model: RecordTableModel[LateItem] = RecordTableModel(
            [
                Column(
                    "状态",
                    lambda i: (not i.overdue, i.due_on),
                    lambda i: late_text(i.due_on, i.overdue, self._today),
                ),
                Column("截止", lambda i: i.due_on, lambda i: f"{i.due_on:%m-%d}", CENTER),
                Column("单位", lambda i: i.org_name),
                Column("任务", lambda i: i.task_name),
            ],
            foreground=lambda i: RED if i.overdue else ORANGE,
            tooltip=lambda i: (
                f"{i.org_name}：{i.task_name}（{i.phase_name}），截止 {i.due_on}，"
                + due_info(i.due_on, self._today).text
            ),
            parent=self,
        )
        self.view = _table(self.model)
        metrics = self.view.fontMetrics()
        self.view.setColumnWidth(0, metrics.horizontalAdvance("还剩5个工作日") + 12)
        self.view.setColumnWidth(1, metrics.horizontalAdvance("12-31") + 14)
        self.view.setColumnWidth(2, metrics.horizontalAdvance("光明科技公司党支部") + 12)
        self.view.doubleClicked.connect(self._activated)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        self.set_items([], self._today)

    def set_items(self, items: Sequence[LateItem], today: dt.date) -> None:
        """Show the items (most urgent first)."""
        self._today = today
        self.model.set_rows(list(items))
        overdue = sum(i.overdue for i in items)
        soon = len(items) - overdue
        unknown = sorted(
            {
                y
                for i in items
                if not i.overdue
                for y in working_days_between(today, i.due_on).unknown_years
            }
        )
        caveat = (
            f"<br><span style='color:#c0392b'>{estimate_note(*unknown)}</span>" if unknown else ""
        )
        if not items:
            self.title.setText("<b>逾期与七天内到期</b><br>没有逾期或七天内到期的任务。")
        else:
            self.title.setText(
                f"<b>逾期与七天内到期</b><br><span style='color:#c0392b'>逾期 {overdue} 项</span>，"
                f"<span style='color:#b9770e'>七天内到期 {soon} 项</span>（双击跳到进度表）{caveat}"
            )

    def items(self) -> list[LateItem]:
        """Return the items listed."""
        return [self.model.row_at(r) for r in range(self.model.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.itemActivated.emit(self.model.row_at(index.row()))


class LateNotice(QDialog):
    """A non-modal notice listing late tasks, grouped by task, shown when the program starts.

    Signals:
        openCalendar(): The user asked to see the phase calendar.
    """

    openCalendar = Signal()

    def __init__(
        self, tasks: Sequence[LateTask], today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("任务提醒")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.model: RecordTableModel[LateTask] = RecordTableModel(
            [
                Column(
                    "状态",
                    lambda t: (not t.overdue, t.due_on),
                    lambda t: late_text(t.due_on, t.overdue, today),
                ),
                Column("截止日期", lambda t: t.due_on, lambda t: f"{t.due_on:%Y-%m-%d}", CENTER),
                Column("任务", lambda t: t.task_name),
                Column("阶段", lambda t: t.phase_name),
                Column(
                    "未完成单位", lambda t: len(t.units), lambda t: f"{len(t.units)} 个", CENTER
                ),
            ],
            foreground=lambda t: RED if t.overdue else ORANGE,
            tooltip=lambda t: "、".join(t.units[:30]) + ("……" if len(t.units) > 30 else ""),
            parent=self,
        )
        self.model.set_rows(list(tasks))
        view = _table(self.model)
        view.setColumnWidth(0, 150)
        view.setColumnWidth(1, 100)
        view.setColumnWidth(2, 220)
        overdue = sum(t.overdue for t in tasks)
        text = QLabel(
            f"有 <b style='color:#c0392b'>{overdue}</b> 项任务已逾期、"
            f"<b style='color:#b9770e'>{len(tasks) - overdue}</b> 项任务七天内到期"
            "（把鼠标停在一行上可看到未完成的单位）。",
            self,
        )
        text.setWordWrap(True)
        go = QPushButton("查看阶段日历", self)
        go.clicked.connect(self._open_calendar)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        stack(self, text, (view, 1), at_right(go, close))
        self.resize(760, 360)

    def _open_calendar(self) -> None:
        self.openCalendar.emit()
        self.close()


def show_late_notice(
    parent: QWidget | None,
    ctx: AppContext,
    runner: Runner | None = None,
    on_open_calendar: Callable[[], None] | None = None,
) -> LateNotice | None:
    """Show the start-up notice of overdue tasks and tasks due within seven days, if any.

    Args:
        parent: The main window.
        ctx: The service context.
        runner: Reads off the UI thread when given; the notice then appears when ready
            and this returns None.
        on_open_calendar: Called when the user presses 查看阶段日历 (show the calendar page).

    Returns:
        The notice shown (without a runner), or None when nothing is late.
    """
    shown: list[LateNotice] = []

    def show(tasks: list[LateTask]) -> None:
        if not tasks:
            return
        notice = LateNotice(tasks, ctx.today(), parent)
        if on_open_calendar is not None:
            notice.openCalendar.connect(on_open_calendar)
        notice.show()
        shown.append(notice)

    def work() -> list[LateTask]:
        return group_late(late_items(ctx, None))

    if runner is None:
        show(work())
    else:
        runner.run(work, show, on_error=lambda exc: log.warning("读取逾期任务失败", exc_info=exc))
    return shown[0] if shown else None
