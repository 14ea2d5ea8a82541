"""The progress grid: units × tasks with status colours, marking many cells at once, evidence."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolBar,
    QWidget,
)

from brandoffice.model.vocab import OVERDUE, ProgressStatus
from brandoffice.services.calendar_view import CalendarData, UnitInfo
from brandoffice.services.campaign_evidence import progress_cells
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.rows import ProgressRow, TaskRow
from ui.calendar.evidence import EvidenceDialog
from ui.calendar.grid_model import CELL_ROLE, PhaseHeader, ProgressGridModel, UnitHeader
from ui.calendar.mark_dialog import Mark, MarkDialog
from ui.calendar.style import STATUS_FILL, STATUS_INK
from ui.orgs.runner import Runner
from ui.readonly import ReadOnlyControls, enable
from ui.widgets import stack

BACKGROUND_FROM = 200
"""Marking more cells than this shows a progress dialog (the write still runs off the UI)."""
COLUMN_WIDTH = 92
LEGEND = (
    ProgressStatus.NOT_STARTED.value,
    ProgressStatus.IN_PROGRESS.value,
    ProgressStatus.DONE.value,
    OVERDUE,
    ProgressStatus.NOT_APPLICABLE.value,
)


def legend_chip(status: str) -> QLabel:
    """Return a small label coloured like a cell of ``status``."""
    chip = QLabel(status)
    chip.setStyleSheet(
        f"background: {STATUS_FILL[status]}; color: {STATUS_INK[status]};"
        " border: 1px solid #cfcfcf; padding: 1px 6px;"
    )
    return chip


class ProgressGrid(QWidget):
    """Grid of the filtered units and the tasks that apply to them.

    Signals:
        progressChanged(object): The re-read ``ProgressRow`` list after a mark.
        evidenceChanged(int, int, int): task id, unit id, new number of files.
    """

    progressChanged = Signal(object)
    evidenceChanged = Signal(int, int, int)

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.model = ProgressGridModel(self)
        self.view = QTableView(self)
        self.header = PhaseHeader(self.model, self.view)
        self.view.setHorizontalHeader(self.header)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._double_clicked)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.header.setDefaultSectionSize(COLUMN_WIDTH)
        rows = UnitHeader(self.view)
        self.view.setVerticalHeader(rows)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setResizeContentsPrecision(0)  # the width is set from the names; never scan 1,000

        self.toolbar = QToolBar(self)
        self.mark_actions: dict[str, QAction] = {}
        for status in (s.value for s in ProgressStatus):
            action = self.toolbar.addAction(f"设为{status}")
            action.setToolTip(f"把所选单元格设为“{status}”（可填写日期和备注）")
            action.triggered.connect(lambda _=False, s=status: self.ask_mark(s))
            self.mark_actions[status] = action
        self.toolbar.addSeparator()
        self.evidence_action = self.toolbar.addAction("佐证材料…")
        self.evidence_action.setToolTip("查看、添加或打开当前单元格的佐证材料")
        self.evidence_action.triggered.connect(self.open_evidence)
        self.summary = QLabel(self)
        legend = QHBoxLayout()
        legend.setSpacing(4)
        legend.addWidget(self.summary)
        legend.addStretch(1)
        legend.addWidget(QLabel("图例："))
        for status in LEGEND:
            legend.addWidget(legend_chip(status))
        stack(self, self.toolbar, legend, (self.view, 1), flush=True)
        self._dialog: MarkDialog | None = None
        self._evidence: EvidenceDialog | None = None
        self.controls = ReadOnlyControls(writes=self.mark_actions.values())
        self._update_actions()
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock marking; evidence can still be listed and opened, not added or removed."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)
        if self._evidence is not None and shiboken6.isValid(self._evidence):
            self._evidence.set_read_only(read_only)

    # -- data ------------------------------------------------------------------
    def set_grid(self, data: CalendarData, units: list[UnitInfo], tasks: list[TaskRow]) -> None:
        """Show the units × tasks of the loaded campaign."""
        self.model.set_grid(data, units, tasks)
        longest = sorted(units, key=lambda u: len(u.name), reverse=True)[:30]
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(u.name) for u in longest), default=80)
        self.view.verticalHeader().setFixedWidth(min(widest + 16, 320))
        self.summary.setText(f"{len(units)} 个单位 × {len(tasks)} 项任务")
        self._update_actions()

    def clear(self) -> None:
        """Show nothing."""
        self.model.clear()
        self.summary.setText("")
        self._update_actions()

    def focus_cell(self, task_id: int, org_id: int) -> bool:
        """Select and scroll to a cell; False when it is not shown under the filter."""
        index = self.model.cell_index(task_id, org_id)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def selected_cells(self) -> list[tuple[int, int]]:
        """Return ``(task_id, org_id)`` of every selected cell that has a progress row."""
        cells: list[tuple[int, int]] = []
        selection = self.view.selectionModel().selection()
        for span in (selection.at(i) for i in range(selection.count())):
            cells += self.model.cells_in(span.top(), span.bottom(), span.left(), span.right())
        return list(dict.fromkeys(cells))

    def _update_actions(self) -> None:
        selected = self.view.selectionModel().hasSelection()
        for action in self.mark_actions.values():
            enable(action, selected)
        current = self.view.currentIndex()
        self.evidence_action.setEnabled(
            current.isValid() and self.model.data(current, CELL_ROLE) is not None
        )

    # -- marking ---------------------------------------------------------------
    def ask_mark(self, status: str) -> MarkDialog | None:
        """Ask date, note and count for the selected cells, then mark them (dialog via open())."""
        cells = self.selected_cells()
        if not cells:
            return None
        dialog = MarkDialog(self, len(cells), status, self.ctx.today())
        dialog.accepted.connect(lambda: self.apply_mark(cells, dialog.mark()))
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()
        return dialog

    def apply_mark(self, cells: list[tuple[int, int]], mark: Mark) -> None:
        """Write one ``set_progress`` call for all cells off the UI thread, then update them."""
        ctx = self.ctx

        def work() -> list[ProgressRow]:
            CampaignService(ctx).set_progress(
                cells, mark.status, done_on=mark.done_on, note=mark.note, count_value=mark.count
            )
            return progress_cells(ctx, cells)

        label = f"正在登记 {len(cells)} 项进度…" if len(cells) > BACKGROUND_FROM else ""
        self.runner.run(work, self._marked, write=True, title="登记任务进度", label=label)

    def _marked(self, rows: list[ProgressRow]) -> None:
        self.model.update_cells(rows)
        self.progressChanged.emit(rows)

    # -- evidence --------------------------------------------------------------
    def open_evidence(self) -> EvidenceDialog | None:
        """Open the evidence files of the current cell (non-modal)."""
        index = self.view.currentIndex()
        cell = self.model.data(index, CELL_ROLE) if index.isValid() else None
        if cell is None:
            return None
        task, unit = self.model.task_at(index.column()), self.model.unit_at(index.row())
        dialog = EvidenceDialog(self.ctx, self.runner, task, unit.id, unit.name, self)
        dialog.set_read_only(self.controls.read_only)
        dialog.countChanged.connect(self._evidence_counted)
        dialog.finished.connect(dialog.deleteLater)
        self._evidence = dialog
        dialog.show()
        return dialog

    def _evidence_counted(self, task_id: int, org_id: int, count: int) -> None:
        self.model.set_evidence_count(task_id, org_id, count)
        self.evidenceChanged.emit(task_id, org_id, count)

    # -- menus -----------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        if not self.view.indexAt(pos).isValid():
            return
        self._update_actions()
        menu = QMenu(self)
        for action in self.mark_actions.values():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.evidence_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.data(index, CELL_ROLE) is not None:
            self.open_evidence()
