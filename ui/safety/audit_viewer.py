"""工具 → 审计日志: filter the log, verify its signed chain, export it (masked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from brandoffice.safety.auditchain import ChainReport
from brandoffice.safety.auditlog import (
    AuditFilter,
    AuditRow,
    audit_chain_report,
    audit_choices,
    count_audit,
    export_audit,
    query_audit,
)
from brandoffice.safety.permissions import Action
from ui import file_dialogs, messages
from ui.headers import keep_columns
from ui.icons import icon
from ui.safety.audit_model import PAGE, AuditTableModel
from ui.safety.common import make_table, show_error
from ui.widgets import stack

if TYPE_CHECKING:
    from ui.shell import WindowShell

ALL_ACCOUNTS, ALL_ACTIONS, ALL_RESULTS = "全部账户", "全部操作", "全部结果"
RANGES: list[tuple[str, int | None]] = [
    ("全部时间", None),
    ("今天", 0),
    ("最近 7 天", 7),
    ("最近 30 天", 30),
    ("最近 180 天", 180),
    ("指定日期…", -1),
]
CHAIN_OK = "审计日志完整：签名与链条都对得上，没有发现改动、删除或伪造。"


def _day(edit: QDateEdit) -> dt.date:
    qdate = edit.date()
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class AuditViewer(QDialog):
    """The audit log viewer of the 管理员.

    Signals:
        loaded(): A query's first page is shown.
        verified(): The signed chain was verified.
    """

    loaded = Signal()
    verified = Signal()

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window_ = window
        self.ctx = window.ctx
        self._generation = 0
        self.setWindowTitle("审计日志")
        self.setWindowIcon(icon("audit"))
        self.resize(1100, 620)

        self.range = QComboBox()
        for label, days in RANGES:
            self.range.addItem(label, days)
        today = QDate.currentDate()
        self.start = QDateEdit(today.addDays(-30))
        self.end = QDateEdit(today)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.account = QComboBox()
        self.account.addItem(ALL_ACCOUNTS, "")
        self.action = QComboBox()
        self.action.setEditable(True)
        self.action.addItem(ALL_ACTIONS, "")
        typed = self.action.lineEdit()
        assert typed is not None
        typed.setPlaceholderText("操作（可输入部分文字）")
        self.object = QLineEdit()
        self.object.setPlaceholderText("对象类别或名称")
        self.object.setClearButtonEnabled(True)
        self.result_box = QComboBox()
        for label, value in ((ALL_RESULTS, ""), ("成功", "成功"), ("失败", "失败")):
            self.result_box.addItem(label, value)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.reload)
        self.range.currentIndexChanged.connect(self._range_changed)
        for combo in (self.account, self.result_box):
            combo.currentIndexChanged.connect(self._debounce.start)
        self.action.currentTextChanged.connect(self._debounce.start)
        self.object.textChanged.connect(self._debounce.start)
        self.start.dateChanged.connect(self._debounce.start)
        self.end.dateChanged.connect(self._debounce.start)

        filters = QGridLayout()
        filters.addWidget(QLabel("时间："), 0, 0)
        times = QHBoxLayout()
        times.addWidget(self.range)
        self.to_label = QLabel("至")
        times.addWidget(self.start)
        times.addWidget(self.to_label)
        times.addWidget(self.end)
        times.addStretch(1)
        filters.addLayout(times, 0, 1, 1, 3)
        filters.addWidget(QLabel("账户："), 1, 0)
        filters.addWidget(self.account, 1, 1)
        filters.addWidget(QLabel("操作："), 1, 2)
        filters.addWidget(self.action, 1, 3)
        filters.addWidget(QLabel("对象："), 2, 0)
        filters.addWidget(self.object, 2, 1)
        filters.addWidget(QLabel("结果："), 2, 2)
        filters.addWidget(self.result_box, 2, 3)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)

        self.model = AuditTableModel(self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        for column, width in enumerate((150, 110, 120, 220, 50)):
            self.view.setColumnWidth(column, width)
        keep_columns(self.view)
        self.count = QLabel()
        self.chain = QLabel("正在校验审计日志的签名与链条…")
        self.chain.setWordWrap(True)
        self.export_button = QPushButton(icon("export"), "导出…")
        self.export_button.setToolTip(
            "把当前筛选出的记录导出为 Excel 工作簿（证件号和手机号已遮盖）"
        )
        self.export_button.setEnabled(window.access.may(Action.EXPORT))
        self.export_button.clicked.connect(self.export)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)

        stack(self, filters, self.chain, (self.view, 1), bottom)
        self._range_changed()
        self._load_choices()
        self.reload()
        self.verify()

    # -- the filter --------------------------------------------------------------
    def _range_changed(self) -> None:
        custom = self.range.currentData() == -1
        for widget in (self.start, self.to_label, self.end):
            widget.setVisible(custom)
        self._debounce.start()

    def current_filter(self) -> AuditFilter:
        """Return the filter the widgets describe (days by the services' clock)."""
        days = self.range.currentData()
        start = end = None
        if days == -1:
            first, last = _day(self.start), _day(self.end)
            start = dt.datetime.combine(first, dt.time())
            end = dt.datetime.combine(last, dt.time()) + dt.timedelta(days=1)
        elif days is not None:
            start = dt.datetime.combine(self.ctx.today() - dt.timedelta(days=days), dt.time())
        action = self.action.currentText().strip()
        return AuditFilter(
            start=start,
            end=end,
            account=self.account.currentData() or None,
            action=None if action in ("", ALL_ACTIONS) else action,
            object_text=self.object.text().strip() or None,
            result=self.result_box.currentData() or None,
        )

    def _load_choices(self) -> None:
        ctx = self.ctx
        self.window_.runner.run(lambda: audit_choices(ctx), self._fill_choices)

    def _fill_choices(self, choices: tuple[list[str], list[str]]) -> None:
        accounts, actions = choices
        for name in accounts:
            self.account.addItem(name, name)
        typed = self.action.currentText()
        self.action.blockSignals(True)
        for name in actions:
            self.action.addItem(name, name)
        self.action.setCurrentText(typed)
        self.action.blockSignals(False)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        """Query the first page and the count for the current filter (off the UI thread)."""
        self._debounce.stop()
        self._generation += 1
        generation, ctx, flt = self._generation, self.ctx, self.current_filter()

        def work() -> tuple[int, list[AuditRow]]:
            return count_audit(ctx, flt), query_audit(ctx, flt, limit=PAGE)

        def show(found: tuple[int, list[AuditRow]]) -> None:
            if generation != self._generation:
                return  # an older query answered after a newer one was asked
            total, rows = found
            self.model.reset(
                rows, total, lambda offset, n: query_audit(ctx, flt, offset=offset, limit=n)
            )
            self.count.setText(f"共 {total} 条记录")
            self.loaded.emit()

        self.window_.runner.run(work, show, on_error=lambda exc: show_error(self, exc, "审计日志"))

    def verify(self) -> None:
        """Verify the whole log's signatures, links and anchors (off the UI thread)."""
        ctx = self.ctx

        def work() -> ChainReport:
            return audit_chain_report(ctx)

        def show(report: ChainReport) -> None:
            if not report.tampering:
                self.chain.setText("\n".join([CHAIN_OK, *report.notes]))
                self.chain.setStyleSheet("color: #1e8449;" if not report.notes else "")
            else:
                lines = [t.line for t in report.tampering]
                self.chain.setText(
                    "\n".join(lines) + "\n请先备份，再运行“工具 → 检查数据库”，并报告维护人员。"
                )
                self.chain.setStyleSheet("color: #c0392b; font-weight: bold;")
            self.verified.emit()

        self.window_.runner.run(work, show, on_error=lambda exc: show_error(self, exc, "审计日志"))

    # -- export ------------------------------------------------------------------
    def export(self) -> None:
        """Choose a file, then export the filtered entries to it (masked, audited)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"审计日志-{self.ctx.today():%Y%m%d}.xlsx")
        chosen, _ = file_dialogs.get_save_file_name(
            self, "导出审计日志", suggested, "Excel 工作簿 (*.xlsx)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        ctx, flt = self.ctx, self.current_filter()
        self.export_button.setEnabled(False)

        def done(count: int) -> None:
            messages.inform(
                self, "导出完成", f"已导出 {count} 条审计记录（证件号和手机号已遮盖）：\n{path}"
            )
            self.reload()

        handle = self.window_.runner.run(
            lambda: export_audit(ctx, path, flt),
            done,
            on_error=lambda exc: show_error(self, exc, "导出审计日志"),
            write=True,
            title="导出审计日志",
            label="正在导出审计日志…",
        )
        handle.finished.connect(lambda: self.export_button.setEnabled(True))
