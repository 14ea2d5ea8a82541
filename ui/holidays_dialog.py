"""节假日安排: a year's days off and 调休 working days, edited or read from the notice."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QWidget,
)

from brandoffice.errors import KnownError, ValidationError
from brandoffice.workdays import (
    ESTIMATE,
    OFF,
    SOURCE_DATABASE,
    WEEKDAY_NAMES,
    WORK,
    SpecialDay,
    holiday_data,
    special_days,
    year_source,
)
from ui import messages
from ui.widgets import chinese_buttons, dialog_layout, spin_box, stack

if TYPE_CHECKING:
    from brandoffice.holiday_notice import NoticePlan
    from brandoffice.services.context import AppContext

DATE, KIND, NAME, WEEKDAY = range(4)
PASTE_HINT = (
    "把国务院办公厅《关于XXXX年部分节假日安排的通知》的全文粘贴到这里，例如：\n"
    "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
    "二、春节：2月5日至12日放假调休，共8天。2月20日（周六）上班。"
)


class NoticeDialog(QDialog):
    """Paste a notice, check the preview, then import it (the OK button waits for a preview)."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入节假日通知")
        self.resize(640, 560)
        self.plan: NoticePlan | None = None
        self._year = year
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(PASTE_HINT)
        self.text.textChanged.connect(self._forget)
        self.preview_button = QPushButton("预览", self)
        self.preview_button.clicked.connect(self.preview)
        self.shown = QTextBrowser(self)
        self.shown.setMaximumHeight(190)
        self.buttons = dialog_layout(
            self,
            QLabel("通知全文（标题中有年份时以标题为准）："),
            (self.text, 1),
            self.preview_button,
            self.shown,
            ok_text="导入",
        )
        self._forget()

    def preview(self) -> None:
        """Read the text and show what would be imported, or why it cannot be."""
        from brandoffice.holiday_notice import parse_notice

        try:
            self.plan = parse_notice(self.text.toPlainText(), None)
        except ValidationError as exc:
            if "没有年份" not in str(exc):
                self._fail(str(exc))
                return
            try:  # a text without title: the year chosen in the dialog
                self.plan = parse_notice(self.text.toPlainText(), self._year)
            except ValidationError as again:
                self._fail(str(again))
                return
        lines = self.plan.preview()
        replaced = year_source(self.plan.year)
        if replaced:
            lines.append(f"导入后将替换{self.plan.year}年现有的安排（{replaced}）。")
        self.shown.setPlainText("\n".join(lines))
        self._ok().setEnabled(True)

    def _fail(self, reason: str) -> None:
        self.plan = None
        self.shown.setHtml(f"<span style='color:#c0392b'>无法导入：{reason}</span>")
        self._ok().setEnabled(False)

    def _forget(self) -> None:
        self.plan = None
        self._ok().setEnabled(False)

    def _ok(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button


class HolidaysDialog(QDialog):
    """The year's special days: add, remove, edit, import a notice, back to built-in data.

    Signals:
        changed(int): A year's plan was saved or removed (the calendar pages reload).
    """

    changed = Signal(int)

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("节假日安排")
        self.resize(560, 620)
        self.year = spin_box(self, 2004, 2100, year, " 年")
        self.year.valueChanged.connect(lambda _y: self.load())
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["日期", "类别", "节日", "星期"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        self.add_button = QPushButton("添加一天", self)
        self.add_button.clicked.connect(self.add_day)
        self.remove_button = QPushButton("删除所选", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton("粘贴通知导入…", self)
        self.import_button.clicked.connect(self.import_notice)
        self.builtin_button = QPushButton("删除本机数据", self)
        self.builtin_button.setToolTip("删除本机保存的该年安排，恢复内置数据（没有时按周末估算）")
        self.builtin_button.clicked.connect(self.clear)
        self.buttons = chinese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
            )
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份："))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.import_button)
        edit = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.builtin_button):
            edit.addWidget(button)
        edit.addStretch(1)
        note = QLabel(f"“{OFF}”＝放假（含节日中的周末），“{WORK}”＝调休上班的周六或周日。")
        note.setStyleSheet("color: #5f6368;")
        stack(self, top, self.source, (self.table, 1), edit, note, self.buttons)
        self._loading = False
        self.load()

    # -- reading ---------------------------------------------------------------
    def load(self) -> None:
        """Show the chosen year's days and where they come from."""
        year = self.year.value()
        source = year_source(year)
        if source is None:
            text = (
                f"<span style='color:#c0392b'><b>{year}年没有节假日安排，工作日{ESTIMATE}。</b></span>"
                "国务院办公厅的通知发布后，点“粘贴通知导入…”。"
            )
        elif source == SOURCE_DATABASE:
            text = f"{year}年：本机数据（导入或修改过），优先于内置数据。"
        else:
            text = f"{year}年：内置数据（chinese-calendar）。修改后保存为本机数据。"
        self.source.setText(text)
        self.builtin_button.setEnabled(year in holiday_data().years)
        self._loading = True
        self.table.setRowCount(0)
        for day in special_days(year):
            self._append(day.day, day.kind, day.name)
        self._loading = False

    def days(self) -> list[SpecialDay]:
        """Return the table's days, checked row by row.

        Raises:
            ValidationError: A date that does not read, naming the row.
        """
        year = self.year.value()
        out = []
        for row in range(self.table.rowCount()):
            text = self._text(row, DATE)
            try:
                day = dt.date.fromisoformat(text)
            except ValueError as exc:
                raise ValidationError(
                    f"第{row + 1}行 [日期] “{text}”：应为 2027-01-01 这样的日期"
                ) from exc
            kind_box = self.table.cellWidget(row, KIND)
            kind = kind_box.currentText() if isinstance(kind_box, QComboBox) else OFF
            out.append(SpecialDay(day, kind, self._text(row, NAME), year))
        return out

    # -- editing ---------------------------------------------------------------
    def add_day(self) -> None:
        """Append a day after the last one (edit its date, kind and name in place)."""
        rows = self.table.rowCount()
        last = self._text(rows - 1, DATE) if rows else ""
        try:
            day = dt.date.fromisoformat(last) + dt.timedelta(days=1)
        except ValueError:
            day = dt.date(self.year.value(), 1, 1)
        self._append(day, OFF, self._text(rows - 1, NAME) if rows else "元旦")
        self.table.scrollToBottom()
        self.table.selectRow(rows)

    def remove_selected(self) -> None:
        """Remove the selected rows from the table (saved with 保存)."""
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def save(self) -> None:
        """Save the table as the year's plan in the database."""
        from brandoffice.services.holidays import save_year

        try:
            saved = save_year(self.ctx, self.year.value(), self.days())
        except KnownError as exc:
            messages.report_error(self, exc, "节假日安排未保存")
            return
        self.changed.emit(self.year.value())
        self.load()
        messages.inform(
            self, "节假日安排", f"{self.year.value()}年的安排已保存（{len(saved)}天）。"
        )

    def clear(self) -> None:
        """Delete the year's plan from the database, after asking."""
        year = self.year.value()

        def answered(choice: int) -> None:
            if choice != 0:
                return
            from brandoffice.services.holidays import clear_year

            clear_year(self.ctx, year)
            self.changed.emit(year)
            self.load()

        messages.ask(
            self,
            "删除本机数据",
            f"删除本机保存的{year}年节假日安排？",
            ["删除", "取消"],
            answered,
            informative="删除后该年使用内置数据；没有内置数据时工作日按周末估算。",
        )

    def import_notice(self) -> NoticeDialog:
        """Open the paste-and-preview dialog; an accepted notice is saved at once."""
        dialog = NoticeDialog(self.year.value(), self)
        dialog.accepted.connect(lambda: self._import(dialog.plan))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _import(self, plan: NoticePlan | None) -> None:
        from brandoffice.services.holidays import save_year

        if plan is None:
            return
        try:
            save_year(self.ctx, plan.year, plan.days(), action="导入节假日通知")
        except KnownError as exc:
            messages.report_error(self, exc, "通知未导入")
            return
        self.year.setValue(plan.year)
        self.load()
        self.changed.emit(plan.year)

    # -- table -----------------------------------------------------------------
    def _append(self, day: dt.date, kind: str, name: str) -> None:
        loading, self._loading = self._loading, True
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, DATE, QTableWidgetItem(day.isoformat()))
        box = QComboBox(self.table)
        box.addItems([OFF, WORK])
        box.setCurrentText(kind)
        self.table.setCellWidget(row, KIND, box)
        self.table.setItem(row, NAME, QTableWidgetItem(name))
        weekday = QTableWidgetItem(WEEKDAY_NAMES[day.weekday()])
        weekday.setFlags(weekday.flags() & ~weekday.flags().ItemIsEditable)
        self.table.setItem(row, WEEKDAY, weekday)
        self._loading = loading

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != DATE:
            return
        try:
            text = WEEKDAY_NAMES[dt.date.fromisoformat(item.text().strip()).weekday()]
        except ValueError:
            text = "？"
        cell = self.table.item(item.row(), WEEKDAY)
        if cell is not None:
            cell.setText(text)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""


def open_holidays_dialog(ctx: AppContext, year: int, parent: QWidget) -> HolidaysDialog:
    """Open the dialog window-modal (deleted when closed) and return it."""
    dialog = HolidaysDialog(ctx, year, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
