"""The 共建对子 tab: pair a brand unit with a lagging unit, record actions, close with a grade."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import GRADE_ORDER, BrandStatus, Grade
from brandoffice.services import brand_view
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService, PairingActionRow, PairingRow
from brandoffice.services.orgs import OrgService
from ui import messages
from ui.brands.common import ROW_ROLE, RowTableModel
from ui.headers import keep_columns
from ui.orgs.widgets import ErrorLabel, grade_colour
from ui.readonly import ReadOnlyControls, enable
from ui.widgets import date_edit, date_of, day_text, dialog_layout, stack

KEEP_GRADE = "（按该单位当前等次）"


class PairingModel(RowTableModel[PairingRow]):
    """Pairings, running ones first."""

    HEADERS = (
        "帮扶单位",
        "品牌",
        "被帮扶单位",
        "结对日期",
        "结束日期",
        "结对前",
        "结对后",
        "活动",
        "备注",
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def cell(self, row: PairingRow, column: int) -> str:
        """Return the text of one cell."""
        values = (
            row.helper_name,
            row.brand_name or "",
            row.lagging_name,
            day_text(row.started_on),
            day_text(row.ended_on) or "进行中",
            row.grade_before or "未评定",
            row.grade_after or "",
            f"{row.action_count} 次",
            (row.note or "").replace("\n", "；"),
        )
        return values[column]

    def sort_value(self, row: PairingRow, column: int) -> object:
        """Sort dates and counts natively."""
        native: dict[int, object] = {3: row.started_on, 7: row.action_count}
        return native.get(column, self.cell(row, column))

    def colour(self, row: PairingRow, column: int) -> QColor | None:
        """Colour grades; a grade that improved is green."""
        if column == 6 and row.improved:
            return QColor("#1e8449")
        if column in (5, 6):
            return grade_colour(row.grade_before if column == 5 else row.grade_after)
        return None


class ActionModel(RowTableModel[PairingActionRow]):
    """What was done within one pairing."""

    HEADERS = ("日期", "帮扶内容")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def cell(self, row: PairingActionRow, column: int) -> str:
        """Return the date or the content."""
        return day_text(row.acted_on) if column == 0 else row.content

    def sort_value(self, row: PairingActionRow, column: int) -> object:
        """Sort dates as dates."""
        return row.acted_on if column == 0 else row.content


class PairingDialog(QDialog):
    """结成共建对子: the helper's brand, the lagging unit, the start date and a note."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建共建对子")
        self.honours = HonourService(ctx)
        self.created: PairingRow | None = None
        self.brand = QComboBox(self)
        self._owner: dict[int, int] = {}
        for r in brand_view.page(ctx, brand_view.BrandFilter(), 0, None, "status"):
            if r.brand.status != BrandStatus.WITHDRAWN.value:
                self.brand.addItem(f"{r.brand.name}（{r.unit}）", r.brand.id)
                self._owner[r.brand.id] = r.brand.org_id
        self.lagging = QComboBox(self)
        units = [o for o in OrgService(ctx).all_rows() if o.grade != Grade.ADVANCED.value]
        units.sort(key=lambda o: (GRADE_ORDER.get(Grade(o.grade), 3) if o.grade else 3, o.id))
        for o in units:
            self.lagging.addItem(f"{o.name}（{o.grade or '未评定'}）", o.id)
        self.started = date_edit(self, ctx.today())
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(60)
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("帮扶品牌（单位）", self.brand)
        form.addRow("被帮扶单位", self.lagging)
        form.addRow("结对日期", self.started)
        form.addRow("备注", self.note)
        dialog_layout(self, form, self.error, ok_text="结对", on_ok=self._submit)
        self.resize(460, self.sizeHint().height())

    def _submit(self) -> None:
        brand_id = self.brand.currentData()
        lagging = self.lagging.currentData()
        if brand_id is None or lagging is None:
            self.error.set_message("请选择帮扶品牌和被帮扶单位")
            return
        try:
            self.created = self.honours.create_pairing(
                self._owner[int(brand_id)],
                int(lagging),
                brand_id=int(brand_id),
                started_on=date_of(self.started),
                note=self.note.toPlainText().strip() or None,
            )
        except KnownError as exc:
            self.error.set_message(str(exc))
            return
        self.accept()


class ActionDialog(QDialog):
    """登记帮扶活动: date and content."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on = date_edit(self, ctx.today())
        self.content = QPlainTextEdit(self)
        self.content.setPlaceholderText("如：联合开展政策宣讲，帮助制定整改方案")
        self.content.setFixedHeight(90)
        self.grade = QComboBox(self)
        self.grade.addItem(KEEP_GRADE, None)
        for g in Grade:
            self.grade.addItem(g.value, g.value)
        form = QFormLayout()
        form.addRow("日期", self.on)
        self.grade_row = form.rowCount()
        form.addRow("结对后等次", self.grade)
        form.addRow("内容" if "活动" in title else "备注", self.content)
        self.form = form
        dialog_layout(self, form)
        self.resize(420, self.sizeHint().height())

    def ask_grade(self, on: bool) -> None:
        """Show the 结对后等次 field (when closing a pairing)."""
        self.form.setRowVisible(self.grade_row, on)


class PairingPanel(QWidget):
    """Lists pairings; creates, records actions and closes them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.honours = HonourService(ctx)
        self.dialog: QDialog | None = None
        self.pairings = PairingModel(self)
        self.action_model = ActionModel(self)
        self.view = self._table(self.pairings)
        self.action_view = self._table(self.action_model)
        self.new_button = QPushButton("新建共建对子…", self)
        self.action_button = QPushButton("登记帮扶活动…", self)
        self.close_button = QPushButton("结束结对…", self)
        self.new_button.clicked.connect(self.new_pairing)
        self.action_button.clicked.connect(lambda: self.ask_action(closing=False))
        self.close_button.clicked.connect(lambda: self.ask_action(closing=True))
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._selected())
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        bar.addWidget(self.action_button)
        bar.addWidget(self.close_button)
        top = QGroupBox("共建对子（品牌单位结对帮扶后进单位）", self)
        QVBoxLayout(top).addWidget(self.view)
        bottom = QGroupBox("帮扶活动", self)
        QVBoxLayout(bottom).addWidget(self.action_view)
        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.addWidget(top)
        self._splitter.addWidget(bottom)
        stack(self, bar, (self._splitter, 1))
        self.controls = ReadOnlyControls(
            writes=[self.new_button, self.action_button, self.close_button]
        )
        self._selected()

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock creating pairings, recording actions and closing them."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def _table(self, model: QAbstractItemModel) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        keep_columns(view)
        return view

    def reload(self, keep: int | None = None) -> None:
        """Re-read the pairings, selecting ``keep`` (or the current one)."""
        current = self.current()
        keep = keep if keep is not None else (current.id if current else None)
        self.pairings.set_rows(self.honours.pairings())
        index = self.pairings.index_of(lambda p: p.id == keep)
        if not index.isValid() and self.pairings.rowCount():
            index = self.pairings.index(0, 0)
        self.view.setCurrentIndex(index)
        self._selected()

    def current(self) -> PairingRow | None:
        """Return the selected pairing."""
        index: QModelIndex = self.view.currentIndex()
        row = self.pairings.data(index, ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, PairingRow) else None

    def _selected(self) -> None:
        row = self.current()
        self.action_model.set_rows(self.honours.actions(row.id) if row else [])
        running = row is not None and row.is_open
        enable(self.action_button, running)
        enable(self.close_button, running)

    def new_pairing(self) -> None:
        """Open the new pairing dialog."""
        dialog = PairingDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self.reload(dialog.created.id if dialog.created else None))
        self.dialog = dialog
        dialog.open()

    def ask_action(self, *, closing: bool) -> None:
        """Ask an action's date and content, or the end date and grade after (closing)."""
        row = self.current()
        if row is None:
            return
        title = f"结束结对：{row.lagging_name}" if closing else f"登记帮扶活动：{row.lagging_name}"
        dialog = ActionDialog(self.ctx, self, title)
        dialog.ask_grade(closing)
        dialog.accepted.connect(lambda: self._record(row.id, dialog, closing))
        self.dialog = dialog
        dialog.open()

    def _record(self, pairing_id: int, dialog: ActionDialog, closing: bool) -> None:
        text = dialog.content.toPlainText().strip()
        try:
            if closing:
                self.honours.close_pairing(
                    pairing_id,
                    ended_on=date_of(dialog.on),
                    grade_after=dialog.grade.currentData(),
                    note=text or None,
                )
            else:
                self.honours.add_action(pairing_id, date_of(dialog.on), text)
        except KnownError as exc:
            messages.warn(self, "未登记", str(exc))
            return
        self.reload(pairing_id)
