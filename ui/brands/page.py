"""The brand page: the register with filters and coverage, the editor and life cycle, reviews."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import BrandStatus, ReviewSubject
from brandoffice.services import brand_view
from brandoffice.services.brand_view import BrandFilter
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.rows import BrandRow
from ui import messages
from ui.brands import common
from ui.brands.coverage_panel import CoveragePanel
from ui.brands.editor import BrandEditor
from ui.brands.filters import FilterBar, StatusChips, without_status
from ui.brands.flows import RegisterFlows
from ui.brands.lifecycle import LifecyclePanel
from ui.brands.new_brand import NewBrandDialog
from ui.brands.pairing import PairingPanel
from ui.brands.register_model import COLUMN_WIDTHS, NAME, BrandTableModel
from ui.brands.review import ReviewPanel
from ui.dialogs import SaveChoice, save_or_discard
from ui.flag import Flag
from ui.headers import keep_columns
from ui.orgs.runner import ImmediateRunner, Runner
from ui.readonly import ReadOnlyControls, enable
from ui.widgets import select_row, stack, two_panes

REGISTER_TAB, BRAND_REVIEW_TAB, ORG_REVIEW_TAB, PAIRING_TAB = range(4)
EDITOR_TAB, LIFECYCLE_TAB = range(2)
EMPTY_HINT = "没有符合条件的品牌。\n可点击状态“全部”、清空查找框或放宽筛选条件。"


class BrandPage(QWidget):
    """The brand register (品牌登记) and everything done with brands.

    Args:
        ctx: The services' context.
        runner: Runs exports, forms and coverage off the UI thread
            (``ui.tasks.TaskRunner``); None runs them at once.
        parent: The owning widget.
    """

    def __init__(
        self, ctx: AppContext, runner: Runner | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner: Runner = runner if runner is not None else ImmediateRunner()
        self.brands = BrandService(ctx)
        self.flows = RegisterFlows(ctx, self.runner, self)
        self.dialog: NewBrandDialog | None = None
        self._reverting = Flag()
        self.filters = FilterBar(ctx, self)
        self.chips = StatusChips(self)
        self.model = BrandTableModel(ctx, self)
        self.table = QTableView(self)
        self._setup_table()
        self.coverage = CoveragePanel(ctx, self.runner, self)
        self.editor = BrandEditor(ctx, self)
        self.lifecycle = LifecyclePanel(ctx, self)
        self.lifecycle.guard = self.save_or_discard
        self.detail = QTabWidget(self)
        self.detail.addTab(self.editor, "品牌信息")
        self.detail.addTab(self.lifecycle, "创建历程与状态")
        self.brand_review = ReviewPanel(ctx, ReviewSubject.BRAND.value, self)
        self.org_review = ReviewPanel(ctx, ReviewSubject.ORG.value, self)
        self.pairing = PairingPanel(ctx, self)
        self.count_label = QLabel(self)
        self.new_button = QPushButton("新建品牌…", self)
        self.delete_button = QPushButton("删除品牌", self)
        self.export_button = QPushButton("导出当前视图…", self)
        self.print_button = QPushButton("打印登记表…", self)
        self.table_stack = QStackedWidget(self)
        self._left = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tabs = QTabWidget(self)
        self._build()
        self._connect()
        self.controls = ReadOnlyControls(
            writes=[self.new_button, self.delete_button],
            reports=[self.export_button, self.print_button],
            parts=[self.editor, self.lifecycle, self.brand_review, self.org_review, self.pairing],
        )
        self.reload()

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        keep_columns(table)

    def _build(self) -> None:
        bar = QHBoxLayout()
        for button in (self.new_button, self.delete_button):
            bar.addWidget(button)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        self.empty_hint = QLabel(EMPTY_HINT, self)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("color: #777; font-size: 14px; background: white;")
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_hint)
        two_panes(self._left, self.table_stack, self.coverage, (3, 2))
        two_panes(self._splitter, self._left, self.detail, (3, 2), [820, 640])
        register = QWidget(self)
        stack(register, bar, self.filters, self.chips, (self._splitter, 1))
        self.tabs.addTab(register, "品牌登记簿")
        self.tabs.addTab(self.brand_review, "品牌评审")
        self.tabs.addTab(self.org_review, "“五个好”评定")
        self.tabs.addTab(self.pairing, "共建对子")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)

    def _connect(self) -> None:
        self.filters.changed.connect(lambda _f: self._apply_filter())
        self.chips.statusChosen.connect(lambda _s: self._apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.detail.setCurrentIndex(EDITOR_TAB))
        self.editor.saved.connect(self._brand_changed)
        self.editor.reloaded.connect(self._brand_reloaded)
        self.lifecycle.changed.connect(self._step_done)
        self.new_button.clicked.connect(self.new_brand)
        self.delete_button.clicked.connect(self.delete_brand)
        self.export_button.clicked.connect(self.export_view)
        self.print_button.clicked.connect(self.print_forms)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(lambda *_a: self._update_count())

    # -- public API ------------------------------------------------------------
    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock every edit of brands, reviews and pairings; exports follow ``allow_reports``."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def splitter(self) -> QSplitter:
        """Return the register/detail splitter (the main window saves its state)."""
        return self._splitter

    def splitters(self) -> list[QSplitter]:
        """Return every splitter whose state the main window remembers."""
        return [
            self._splitter,
            self._left,
            self.brand_review.splitter(),
            self.org_review.splitter(),
        ]

    def has_unsaved_changes(self) -> bool:
        """Tell whether the brand in the editor has edits not yet saved."""
        return self.editor.has_unsaved_changes()

    def save_or_discard(self) -> bool:
        """Ask 保存/放弃/取消 when there are unsaved edits.

        Returns:
            False when the clerk chose 取消 or the save was refused; True otherwise.
        """
        return save_or_discard(self.editor, self._ask_save)

    def _ask_save(self, name: str) -> SaveChoice:
        self.tabs.setCurrentIndex(REGISTER_TAB)
        self.detail.setCurrentIndex(EDITOR_TAB)
        return common.ask_save(self, name)

    def reload(self) -> None:
        """Re-read everything (after an import or a restore); unsaved edits are dropped."""
        kept = self.editor.brand_id()
        self.filters.reload_years()
        self._refresh_view(None)
        self.editor.show_brand(None)
        self.lifecycle.set_brand(None)
        if kept is not None:
            self.select_brand(kept)
        self.coverage.reload()
        self.brand_review.reload()
        self.org_review.reload()
        self.pairing.reload()

    def current_filter(self) -> BrandFilter:
        """Return the filter the register shows (search, filters and the status chip)."""
        return replace(self.filters.value(), status=self.chips.status())

    def select_brand(self, brand_id: int) -> bool:
        """Select a brand in the register (fetching pages as needed).

        Returns:
            True when the brand is now shown in the editor.
        """
        row = self.model.row_of(brand_id)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(brand_id)
        if row < 0:
            return False
        index = self.model.index(row, NAME)
        select_row(self.table, index)
        return self.editor.brand_id() == brand_id

    def selected_rows(self) -> list[BrandRow]:
        """Return the brands selected in the register, in view order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        found = [self.model.row_at(r) for r in rows]
        return [r.brand for r in found if r is not None]

    # -- the register ----------------------------------------------------------
    def _apply_filter(self) -> None:
        self._refresh_view(self.editor.brand_id())

    def _refresh_view(self, keep: int | None) -> None:
        f = self.current_filter()
        with self._reverting:
            self.model.set_filter(f)
        self.chips.set_counts(brand_view.counts_by_status(self.ctx, without_status(f)))
        if keep is not None:
            with self._reverting:
                self.select_brand(keep)
        self._update_buttons()

    def _update_count(self) -> None:
        total = self.model.total()
        self.count_label.setText(f"　当前视图共 {total} 个品牌")
        self.table_stack.setCurrentIndex(0 if total else 1)

    def _update_buttons(self) -> None:
        selected = self.selected_rows()
        enable(self.print_button, bool(selected))
        deletable = len(selected) == 1 and selected[0].status == BrandStatus.CULTIVATING.value
        enable(self.delete_button, deletable)
        self.delete_button.setToolTip(
            "" if deletable else "只能删除处于“培育”状态的品牌；已申报的品牌只能摘牌"
        )

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._reverting:
            return
        found = self.model.row_at(current.row()) if current.isValid() else None
        new_id = found.brand.id if found is not None else None
        if new_id is None or new_id == self.editor.brand_id():
            return
        if not self.save_or_discard():
            with self._reverting:
                select_row(self.table, previous, scroll=False)
            return
        self.editor.show_brand(new_id)
        self.lifecycle.set_brand(self.editor.row())

    def _brand_changed(self, row: BrandRow) -> None:
        line = brand_view.register_row(self.ctx, row.id)
        if line is not None:
            self.model.update_row(line)
        self.lifecycle.set_brand(row)
        self.filters.reload_years()

    def _brand_reloaded(self, row: BrandRow | None) -> None:
        if row is not None:
            self._brand_changed(row)

    def _step_done(self, row: BrandRow) -> None:
        self.editor.reload()
        self._refresh_view(row.id)
        if self.editor.brand_id() != row.id:  # the new status is filtered out of view
            self.editor.show_brand(row.id)
        self.lifecycle.set_brand(self.editor.row())
        self.coverage.reload()

    # -- actions ---------------------------------------------------------------
    def new_brand(self) -> None:
        """Open the 新建品牌 dialog (the unit defaults to the selected brand's)."""
        if not self.save_or_discard():
            return
        current = self.editor.row()
        org_id = current.org_id if current else self.filters.value().unit_id
        dialog = NewBrandDialog(self.ctx, self, org_id)
        dialog.accepted.connect(lambda: self._created(dialog))
        self.dialog = dialog
        dialog.open()

    def _created(self, dialog: NewBrandDialog) -> None:
        if dialog.created is None:
            return
        brand_id = dialog.created.id
        self.filters.reload_years()
        self._refresh_view(None)
        if not self.select_brand(brand_id):
            # Filtered out: show everything so the new brand is in view.
            self.filters.search.clear()
            self.filters.flush()
            self.chips.set_status(None)
            self._refresh_view(None)
            self.select_brand(brand_id)
        self.detail.setCurrentIndex(EDITOR_TAB)
        self.coverage.reload()

    def delete_brand(self) -> None:
        """Delete the selected brand (only in 培育), after asking."""
        selected = self.selected_rows()
        if len(selected) != 1:
            return
        brand = selected[0]

        def answer(choice: int) -> None:
            if choice != 0:
                return
            try:
                self.brands.delete(brand.id)
            except KnownError as exc:
                messages.warn(self, "未删除", str(exc))
                return
            if self.editor.brand_id() == brand.id:
                self.editor.show_brand(None)
                self.lifecycle.set_brand(None)
            self._refresh_view(None)
            self.coverage.reload()

        messages.ask(
            self,
            "删除品牌",
            f"删除品牌“{brand.name}”？删除后不能恢复。",
            ["删除", "取消"],
            answer,
        )

    def export_view(self) -> None:
        """Export the brands of the current view to Excel."""
        self.filters.flush()
        sort, descending = self.model.sort_key()
        self.flows.export_view(self.current_filter(), sort, descending, self.model.total())

    def print_forms(self) -> None:
        """Write the registration forms of the selected brands and open them."""
        selected = self.selected_rows()
        self.flows.print_forms([b.id for b in selected], [b.name for b in selected])
