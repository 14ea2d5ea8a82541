"""The dialog asking status, date done, note and count before marking many cells at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from brandoffice.model.vocab import ProgressStatus
from ui.calendar.style import DONE, from_qdate, to_qdate
from ui.orgs.widgets import ErrorLabel
from ui.widgets import dialog_layout, spin_box


@dataclass(frozen=True)
class Mark:
    """What to write into every selected cell."""

    status: str
    done_on: dt.date | None
    note: str | None
    count: int | None


class MarkDialog(QDialog):
    """Ask how to mark ``count`` cells; read :meth:`mark` after ``accepted``."""

    def __init__(self, parent: QWidget | None, cells: int, status: str, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记任务进度")
        self.setMinimumWidth(360)
        self._today = today
        self.status = QComboBox(self)
        self.status.addItems([s.value for s in ProgressStatus])
        self.status.setCurrentText(status)
        self.done_on = QDateEdit(self)
        self.done_on.setDisplayFormat("yyyy-MM-dd")
        self.done_on.setCalendarPopup(True)
        self.done_on.setDate(to_qdate(today))
        self.date_error = ErrorLabel(self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("不填写则保留原有备注")
        self.count_box = QCheckBox("填写数量", self)
        self.count = spin_box(self, 0, 1_000_000)
        self.count.setEnabled(False)
        self.count_box.toggled.connect(self.count.setEnabled)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_box)
        count_row.addWidget(self.count, 1)
        form = QFormLayout()
        form.addRow("完成情况", self.status)
        form.addRow("完成日期", self.done_on)
        form.addRow("", self.date_error)
        form.addRow("备注", self.note)
        form.addRow("数量", count_row)
        dialog_layout(
            self, QLabel(f"将所选的 {cells} 项任务进度设为：", self), form, on_ok=self._accept
        )
        self.status.currentTextChanged.connect(self._status_changed)
        self._status_changed(status)

    def _status_changed(self, status: str) -> None:
        self.done_on.setEnabled(status == DONE)
        self.date_error.set_message(None)

    def mark(self) -> Mark:
        """Return the choices made."""
        status = self.status.currentText()
        return Mark(
            status,
            from_qdate(self.done_on.date()) if status == DONE else None,
            self.note.text().strip() or None,
            self.count.value() if self.count_box.isChecked() else None,
        )

    def _accept(self) -> None:
        mark = self.mark()
        if mark.done_on is not None and mark.done_on > self._today:
            self.date_error.set_message("完成日期不能晚于今天")
            return
        self.accept()
