"""The home page (工作台): unit grid, brand counts, due tasks, coming 换届 and the last backup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services.context import AppContext
from ui.home_models import CENTER, Column, RecordTableModel, SectorGradeModel
from ui.readonly import ReadOnlyControls, enable
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the summary loads in the background, with the first count
    from brandoffice.services.dashboard import Dashboard, DueItem, TermItem

RED = QColor("#c0392b")
ORANGE = QColor("#b9770e")
WEEKDAYS = "一二三四五六日"


def chinese_date(day: dt.date) -> str:
    """Return ``2026年5月20日 星期三``."""
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def due_text(item: DueItem, today: dt.date) -> str:
    """Return the status column text: ``逾期3天``, ``今天到期`` or the stored status."""
    if item.overdue:
        return f"逾期{(today - item.due_on).days}天"
    if item.due_on == today:
        return "今天到期"
    return f"{item.status}（还有{(item.due_on - today).days}天）"


def term_text(item: TermItem) -> str:
    """Return ``已到期12天`` or ``还有45天``."""
    return f"已到期{-item.days_left}天" if item.expired else f"还有{item.days_left}天"


def coverage_text(board: Dashboard) -> str:
    """Say how many communities have a brand and whether the yearly quota is met."""
    cov = board.coverage
    text = f"一社区一品牌：{cov.covered}/{cov.communities} 个社区已有品牌"
    if cov.uncovered:
        names = "、".join(u.name for u in cov.uncovered[:4])
        more = f"等 {len(cov.uncovered)} 个" if len(cov.uncovered) > 4 else ""
        text += f"；尚无品牌：{names}{more}"
    missed = [q.name for q in cov.quotas if not q.met]
    if cov.quotas:
        text += f"。{cov.year}年新建品牌：" + (
            "各党（工）委均已达标" if not missed else f"{'、'.join(missed)}尚未新建"
        )
    return text


def backup_text(board: Dashboard, now: dt.datetime) -> tuple[str, bool]:
    """Return the backup line and whether it needs attention (none or older than 7 days)."""
    if board.backup_hint:
        return board.backup_hint, False
    if board.last_backup is None:
        return "尚未备份", True
    days = (now.date() - board.last_backup.date()).days
    when = board.last_backup.strftime("%Y-%m-%d %H:%M")
    ago = "今天" if days <= 0 else f"{days}天前"
    return f"上次备份：{when}（{ago}）", days > 7


FIT_ROWS = 50


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    # Columns fit their first rows: measuring hundreds of rows froze the window for 0.2 s.
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def _empty_note(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: #5f6368; padding: 16px;")
    return label


COUNTING = "正在统计…"


class _Card(QGroupBox):
    """A titled card showing its table, or a note: still counting, or nothing to list."""

    def __init__(self, title: str, empty_text: str, table: QTableView | None = None) -> None:
        super().__init__(title)
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.stack = QStackedWidget()
        self.empty_text = empty_text
        self.empty = _empty_note(COUNTING)  # until the first count arrives
        self.stack.addWidget(self.empty)
        self.table = table
        if table is not None:
            self.stack.addWidget(table)
        layout.addWidget(self.stack, 1)

    def show_table(self, has_rows: bool) -> None:
        """Show the table when it has rows, the note otherwise."""
        if self.table is not None and has_rows:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty.setText(self.empty_text)
            self.stack.setCurrentWidget(self.empty)


class HomePage(QWidget):
    """The at-a-glance page; it only displays :func:`brandoffice.services.dashboard.home_summary`.

    Signals:
        backupRequested(): The 立即备份 button was pressed (the window runs its backup action).
        loaded(object): A new :class:`Dashboard` is on screen.
    """

    backupRequested = Signal()
    loaded = Signal(object)
    reload_on_show = True
    """Other pages change the numbers: recount whenever the page comes into view."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.board: Dashboard | None = None
        self._loading = False
        self._again = False
        self._waiting: list[Callable[[], None]] = []

        self.units_model = SectorGradeModel(self)
        self.due_model: RecordTableModel[DueItem] = RecordTableModel(
            [
                Column("单位", lambda i: i.org_name),
                Column("任务", lambda i: i.task_name),
                Column("阶段", lambda i: i.phase_name),
                Column("截止日期", lambda i: i.due_on, align=CENTER),
                Column(
                    "状态",
                    lambda i: (not i.overdue, i.due_on),
                    text=lambda i: due_text(i, self._today()),
                ),
            ],
            foreground=lambda i: RED if i.overdue else None,
            parent=self,
        )
        self.terms_model: RecordTableModel[TermItem] = RecordTableModel(
            [
                Column("单位", lambda t: t.org_name),
                Column("书记", lambda t: t.secretary or "（未填）"),
                Column("任期届满", lambda t: t.term_end, align=CENTER),
                Column("距届满", lambda t: t.days_left, text=term_text, align=CENTER),
            ],
            foreground=lambda t: RED if t.expired else (ORANGE if t.days_left <= 30 else None),
            parent=self,
        )
        self._build()
        self.controls = ReadOnlyControls(writes=[self.backup_button])

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Disable 立即备份 while nothing may be written (the counts stay on view)."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    # -- layout ----------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        header = QHBoxLayout()
        title = QLabel("工作台")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.date_label = QLabel(f"今天是 {chinese_date(self.ctx.today())}")  # again with the count
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setToolTip("重新统计（F5）")
        self.refresh_button.clicked.connect(self.reload)
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(self.date_label)
        header.addStretch(1)
        header.addWidget(self.refresh_button)
        outer.addLayout(header)
        self.holiday_note = QLabel()
        self.holiday_note.setWordWrap(True)
        self.holiday_note.setStyleSheet(
            "color: #8a4b00; background: #fff4e0; border: 1px solid #f0c36d; padding: 6px;"
        )
        self.holiday_note.hide()
        outer.addWidget(self.holiday_note)

        units_view = _table(self.units_model)
        units_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        units_view.verticalHeader().setVisible(True)
        units_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.units_card = _Card(
            "组织概况（领域 × 评定等次）",
            "还没有组织。请在“组织架构”中添加，或从 Excel 导入。",
            units_view,
        )

        self.brand_card = QGroupBox("品牌状态")
        self.brand_grid = QGridLayout(self.brand_card)
        self.brand_grid.setHorizontalSpacing(4)
        counting = QLabel(COUNTING)
        counting.setStyleSheet("color: #5f6368;")
        self.brand_grid.addWidget(counting, 0, 0)

        self.backup_card = QGroupBox("数据备份")
        backup_layout = QVBoxLayout(self.backup_card)
        self.backup_label = QLabel(COUNTING)
        self.backup_label.setWordWrap(True)
        self.db_label = QLabel()
        self.db_label.setWordWrap(True)
        self.db_label.setStyleSheet("color: #5f6368;")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backupRequested)
        backup_layout.addWidget(self.backup_label)
        backup_layout.addWidget(self.db_label)
        backup_layout.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeft)

        due_view = _table(self.due_model)
        self._fit_columns(due_view, stretch=1)
        self.due_card = _Card(
            "逾期与本周到期的任务", "没有逾期任务，本周也没有到期任务。", due_view
        )
        terms_view = _table(self.terms_model)
        self._fit_columns(terms_view, stretch=0)
        self.terms_card = _Card("六个月内换届", "六个月内没有任期届满的组织。", terms_view)

        side = QVBoxLayout()
        side.addWidget(self.brand_card)
        side.addWidget(self.backup_card)
        side.addStretch(1)
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.units_card, 0, 0)
        grid.addLayout(side, 0, 1)
        grid.addWidget(self.due_card, 1, 0)
        grid.addWidget(self.terms_card, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 1)
        outer.addLayout(grid, 1)

    @staticmethod
    def _fit_columns(view: QTableView, stretch: int) -> None:
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # -- data ------------------------------------------------------------------
    def _today(self) -> dt.date:
        return self.board.today if self.board is not None else self.ctx.today()

    def reload(self) -> None:
        """Recount in the background and show the result (a second call waits its turn)."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        ctx = self.ctx

        def count() -> Dashboard:
            from brandoffice.services.dashboard import home_summary
            from brandoffice.workdays import holiday_data

            board = home_summary(ctx)  # an SQLite file: read without loading SQLAlchemy
            holiday_data()  # December's note asks for the plans: read here, not on the UI thread
            return board

        self.runner.run(count, self._loaded, on_error=self._failed)

    def after_count(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the count under way is on screen (or failed); at once if none is.

        The window's other start-up work waits for the first count (``ui.app.start``),
        which then has the interpreter to itself.
        """
        if self._loading:
            self._waiting.append(work)
        else:
            work()

    def _run_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for work in waiting:
            work()

    def _failed(self, exc: BaseException) -> None:
        self._loading = self._again = False
        self._run_waiting()
        self.runner.show_error(exc, "工作台统计失败")

    def _loaded(self, board: Dashboard) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()
        self.show_dashboard(board)
        self._run_waiting()

    def show_dashboard(self, board: Dashboard) -> None:
        """Put a summary on screen."""
        self.board = board
        self.date_label.setText(f"今天是 {chinese_date(board.today)}")
        from brandoffice.workdays import next_year_reminder

        reminder = next_year_reminder(board.today)
        self.holiday_note.setText(reminder or "")
        self.holiday_note.setVisible(reminder is not None)
        self.units_model.set_dashboard(board)
        self.units_card.caption.setText(
            f"共 {board.unit_total} 个组织；先进、中间、后进为“五个好”评定后的等次。"
        )
        self.units_card.show_table(board.unit_total > 0)
        self._fit_units_height()
        self._show_brands(board)
        self.due_model.set_rows(board.due)
        week_end = f"{board.week_end.month}月{board.week_end.day}日"
        self.due_card.caption.setText(
            f"<span style='color:{RED.name()}'><b>逾期 {board.overdue_count} 项</b></span>"
            f"　本周（至{week_end}）到期 {board.due_this_week_count} 项"
            + (
                f"　<span style='color:#5f6368'>（列出最早的 {len(board.due)} 项，"
                "全部请到“阶段日历”查看）</span>"
                if board.due_unlisted
                else ""
            )
        )
        self.due_card.show_table(bool(board.due))
        self.terms_model.set_rows(board.terms)
        expired = sum(1 for t in board.terms if t.expired)
        self.terms_card.caption.setText(
            f"{len(board.terms)} 个组织需在半年内换届"
            + (f"，其中 {expired} 个已到期" if expired else "")
        )
        self.terms_card.show_table(bool(board.terms))
        text, attention = backup_text(board, self.ctx.clock())
        self.backup_label.setText(text)
        self.backup_label.setStyleSheet(
            f"color: {RED.name()}; font-weight: bold;" if attention else ""
        )
        path = self.ctx.db.path
        self.db_label.setText(f"数据库：{path}" if path else "数据库：服务器（PostgreSQL）")
        enable(self.backup_button, path is not None)
        self.loaded.emit(board)

    def _fit_units_height(self) -> None:
        """Size the grid to its rows: it never needs a scroll bar."""
        view = self.units_card.table
        assert view is not None
        height = (
            view.horizontalHeader().sizeHint().height()
            + view.verticalHeader().length()
            + 2 * view.frameWidth()
        )
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        view.setFixedHeight(height)

    def _show_brands(self, board: Dashboard) -> None:
        """Show one tile per status: the count large, the status below it."""
        while self.brand_grid.count():
            item = self.brand_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        big = QFont(self.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.6)
        centre = Qt.AlignmentFlag.AlignCenter
        for column, (status, count) in enumerate(board.brand_counts):
            number = QLabel(str(count))
            number.setFont(big)
            number.setAlignment(centre)
            if not count:
                number.setStyleSheet("color: #9aa0a6;")
            name = QLabel(status)
            name.setAlignment(centre)
            self.brand_grid.addWidget(number, 0, column)
            self.brand_grid.addWidget(name, 1, column)
            self.brand_grid.setColumnStretch(column, 1)
        total = QLabel(f"合计 {board.brand_total} 个品牌（按品牌生命周期状态统计）")
        total.setStyleSheet("color: #5f6368;")
        span = max(1, len(board.brand_counts))
        self.brand_grid.addWidget(total, 2, 0, 1, span)
        self.coverage_label = QLabel(coverage_text(board))
        self.coverage_label.setWordWrap(True)
        self.brand_grid.addWidget(self.coverage_label, 3, 0, 1, span)
