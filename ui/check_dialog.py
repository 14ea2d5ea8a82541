"""The dialog showing the result of 检查数据库."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from brandoffice.maintenance import CheckReport
from brandoffice.safety.consistency import findings


def report_text(report: CheckReport) -> str:
    """Return the whole report as plain Chinese text (shown, and copied to the clipboard).

    The findings are the very lines ``brandoffice check`` prints.
    """
    lines = ["检查通过：未发现问题。" if report.ok else f"发现 {len(report.problems)} 个问题："]
    lines += [f"  {finding.line}" for finding in findings(report)]
    if report.repairable:
        lines.append(f"其中 {report.repairable} 项可以自动修复：点“修复”（修复前自动备份）。")
    if report.counts:
        lines.append("")
        lines.append("记录数：")
        lines += [f"  {label}：{count}" for label, count in report.counts.items()]
    return "\n".join(lines)


def verdict_text(report: CheckReport) -> str:
    """Return the one-line verdict above the report."""
    if not report.ok and report.repairable >= len(report.problems):
        return f"发现 {len(report.problems)} 个问题，都可以自动修复：请点“修复”。"
    if not report.ok:
        return f"发现 {len(report.problems)} 个问题，请先备份，再联系维护人员。"
    if report.warnings:
        return f"检查通过：数据库完整，数据一致；另有 {len(report.warnings)} 条提示。"
    return "检查通过：数据库完整，数据一致。"


class CheckReportDialog(QDialog):
    """Shows a :class:`CheckReport`: a verdict line and the full text, with 复制 and 关闭.

    Signals:
        repairRequested: The clerk asked to repair what can be repaired (修复 is shown
            only when the report has something repairable).
    """

    repairRequested = Signal()

    def __init__(self, report: CheckReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("检查数据库")
        self.resize(620, 400)
        layout = QVBoxLayout(self)
        self.verdict = QLabel(verdict_text(report))
        colour = "#1e8449" if report.ok else "#c0392b"
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold; font-size: 120%;")
        self.verdict.setWordWrap(True)
        self.text = QPlainTextEdit(report_text(report))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.repair_button = buttons.addButton("修复", QDialogButtonBox.ButtonRole.ActionRole)
        self.repair_button.setToolTip("先备份，再补建缺少的任务进度记录；不删除任何数据")
        self.repair_button.setVisible(report.repairable > 0)
        self.repair_button.clicked.connect(self._repair)
        copy = buttons.addButton("复制报告", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.verdict)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def items(self) -> list[str]:
        """Return the findings shown, one line each, as the command line prints them."""
        return [finding.line for finding in findings(self.report)]

    def copy(self) -> None:
        """Put the report text on the clipboard."""
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(report_text(self.report))

    def _repair(self) -> None:
        self.repairRequested.emit()
        self.accept()
