"""The dialog showing the result of 检查数据库."""

from __future__ import annotations

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


def report_text(report: CheckReport) -> str:
    """Return the whole report as plain Chinese text (shown, and copied to the clipboard)."""
    lines = ["检查通过：未发现问题。" if report.ok else f"发现 {len(report.problems)} 个问题："]
    lines += [f"  问题：{p}" for p in report.problems]
    lines += [f"  已修复：{r}" for r in report.repaired]
    if report.counts:
        lines.append("")
        lines.append("记录数：")
        lines += [f"  {label}：{count}" for label, count in report.counts.items()]
    return "\n".join(lines)


class CheckReportDialog(QDialog):
    """Shows a :class:`CheckReport`: a verdict line and the full text, with 复制 and 关闭."""

    def __init__(self, report: CheckReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("检查数据库")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        self.verdict = QLabel(
            "检查通过：数据库完整，数据一致。"
            if report.ok
            else f"发现 {len(report.problems)} 个问题，请先备份，再联系维护人员。"
        )
        colour = "#1e8449" if report.ok else "#c0392b"
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold; font-size: 120%;")
        self.verdict.setWordWrap(True)
        self.text = QPlainTextEdit(report_text(report))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        copy = buttons.addButton("复制报告", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.verdict)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        """Put the report text on the clipboard."""
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(report_text(self.report))
