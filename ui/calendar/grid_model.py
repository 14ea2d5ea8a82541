"""The units × tasks progress table model, and a header that groups task columns by phase."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from brandoffice.model.vocab import OVERDUE
from brandoffice.services.calendar_view import CalendarData, UnitInfo, due_info
from brandoffice.services.record_tasks import tie_of
from brandoffice.services.rows import ProgressRow, TaskRow
from brandoffice.workdays import day_info
from ui.calendar.style import (
    DONE,
    NOT_APPLICABLE,
    NOT_STARTED,
    full_date,
    paperclip_icon,
    phase_colour,
    status_brush,
)

Index = QModelIndex | QPersistentModelIndex

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
"""Role: the shown status of a cell, or None where the task does not apply to the unit."""
CELL_ROLE = Qt.ItemDataRole.UserRole + 2
"""Role: ``(task_id, org_id)`` of a cell that has a progress row, else None."""

NO_ROW = ""
"""Stored status of a cell without a progress row (the task does not apply)."""
RECORD_MARK = "·记"
"""Follows the text of a cell a record completed (the tooltip names the record)."""
_CENTER = int(Qt.AlignmentFlag.AlignCenter.value)


def cell_text(row: ProgressRow) -> str:
    """Return the short text of a cell: ``✓ 5/12``, ``进行中``, ``逾期`` …"""
    status = row.shown_status
    if status == DONE:
        text = f"✓ {row.done_on.month}/{row.done_on.day}" if row.done_on else "✓"
        return text + RECORD_MARK if row.record_evidence else text
    return status


def cell_tooltip(task: TaskRow, unit: UnitInfo, row: ProgressRow | None, evidence: int) -> str:
    """Return the tooltip of a cell: status, date done, count, note and evidence."""
    lines = [f"{unit.name} · {task.name}"]
    if row is None:
        lines.append("此任务不适用于该单位")
        return "\n".join(lines)
    lines.append(f"状态：{row.shown_status}")
    tie = tie_of(task.record_kind)
    if row.record_evidence:
        label = tie.label if tie else "记录"
        lines.append(f"由“{label}”记录自动完成：{row.record_evidence}")
    elif tie is not None and row.shown_status != DONE:
        lines.append(f"登记“{tie.label}”后自动完成")
    if row.shown_status == OVERDUE:
        lines.append(f"截止日期 {full_date(task.due_on)} 已过，尚未完成")
    if row.done_on:
        lines.append(f"完成日期：{full_date(row.done_on)}")
    if row.count_value is not None:
        target = f"（目标 {task.target_count}）" if task.target_count else ""
        lines.append(f"数量：{row.count_value}{target}")
    if row.note:
        lines.append(f"备注：{row.note}")
    need = task.evidence_kind + (f"：{task.evidence_note}" if task.evidence_note else "")
    wanted = "" if task.evidence_kind == "无" else f"（要求{need}）"
    lines.append(f"佐证材料：{evidence} 份{wanted}")
    return "\n".join(lines)


class ProgressGridModel(QAbstractTableModel):
    """Rows are units, columns are tasks (grouped by phase); statuses are precomputed.

    ``data()`` reads two nested lists and a cached brush: no database access. A
    unit's row of statuses is looked up, and a cell's text formatted, when first
    needed (a reset touches no cell), so 1,000 units × 20 tasks open and scroll
    smoothly.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data: CalendarData | None = None
        self._units: list[UnitInfo] = []
        self._tasks: list[TaskRow] = []
        self._task_ids: list[int] = []
        self._status: list[list[str] | None] = []
        self._text: list[list[str | None] | None] = []
        self._evidence: dict[tuple[int, int], int] = {}
        self._row_of: dict[int, int] = {}
        self._col_of: dict[int, int] = {}
        self._spans: list[tuple[int, int, int, str]] = []
        self._off_day: list[bool] = []

    # -- loading ---------------------------------------------------------------
    def set_grid(self, data: CalendarData, units: list[UnitInfo], tasks: list[TaskRow]) -> None:
        """Show ``units`` × ``tasks`` of the loaded campaign (a reset)."""
        self.beginResetModel()
        self._data = data
        self._units, self._tasks = list(units), list(tasks)
        self._evidence = dict(data.evidence)
        self._row_of = {u.id: r for r, u in enumerate(self._units)}
        self._col_of = {t.id: c for c, t in enumerate(self._tasks)}
        self._task_ids = [t.id for t in self._tasks]
        self._status = [None] * len(self._units)  # a unit's row when first needed
        self._text = [None] * len(self._units)
        self._spans = self._phase_spans()
        self._off_day = [not day_info(t.due_on).workday for t in self._tasks]
        self.endResetModel()

    def clear(self) -> None:
        """Show nothing (no campaign)."""
        self.beginResetModel()
        self._data, self._units, self._tasks = None, [], []
        self._task_ids, self._status, self._text, self._spans, self._off_day = [], [], [], [], []
        self._row_of, self._col_of = {}, {}
        self.endResetModel()

    def _phase_spans(self) -> list[tuple[int, int, int, str]]:
        if self._data is None:
            return []
        index_of = {p.id: i for i, p in enumerate(self._data.phases)}
        spans: list[tuple[int, int, int, str]] = []
        for col, task in enumerate(self._tasks):
            phase = self._data.phase_of[task.id]
            if spans and spans[-1][2] == index_of[phase.id]:
                first, _last, i, name = spans[-1]
                spans[-1] = (first, col, i, name)
            else:
                spans.append((col, col, index_of[phase.id], phase.name))
        return spans

    # -- edits -----------------------------------------------------------------
    def update_cells(self, rows: Iterable[ProgressRow]) -> int:
        """Take re-read progress rows; emit ``dataChanged`` for exactly those cells.

        Cells are grouped into runs of consecutive rows per column, one signal per run.

        Returns:
            The number of cells updated.
        """
        if self._data is None:
            return 0
        touched: dict[int, list[int]] = {}
        for row in rows:
            self._data.progress[(row.task_id, row.org_id)] = row
            r, c = self._row_of.get(row.org_id), self._col_of.get(row.task_id)
            if r is None or c is None:
                continue
            self._statuses(r)[c] = row.shown_status
            self._texts(r)[c] = cell_text(row)
            touched.setdefault(c, []).append(r)
        count = 0
        for c, row_list in touched.items():
            row_list.sort()
            count += len(row_list)
            start = prev = row_list[0]
            for r in [*row_list[1:], None]:
                if r is not None and r == prev + 1:
                    prev = r
                    continue
                self.dataChanged.emit(self.index(start, c), self.index(prev, c))
                if r is not None:
                    start = prev = r
        return count

    def set_evidence_count(self, task_id: int, org_id: int, count: int) -> None:
        """Record a cell's new number of evidence files."""
        self._evidence[(task_id, org_id)] = count
        if self._data is not None:
            self._data.evidence[(task_id, org_id)] = count
        r, c = self._row_of.get(org_id), self._col_of.get(task_id)
        if r is not None and c is not None:
            index = self.index(r, c)
            self.dataChanged.emit(index, index)

    # -- lookups ---------------------------------------------------------------
    def unit_at(self, row: int) -> UnitInfo:
        """Return the unit of a row."""
        return self._units[row]

    def task_at(self, column: int) -> TaskRow:
        """Return the task of a column."""
        return self._tasks[column]

    def cell_index(self, task_id: int, org_id: int) -> QModelIndex:
        """Return the index of a cell, invalid when it is not shown."""
        r, c = self._row_of.get(org_id), self._col_of.get(task_id)
        return self.index(r, c) if r is not None and c is not None else QModelIndex()

    def cells_in(self, top: int, bottom: int, left: int, right: int) -> list[tuple[int, int]]:
        """Return ``(task_id, org_id)`` of the cells with a progress row in a rectangle."""
        out = []
        for r in range(top, bottom + 1):
            statuses, org_id = self._statuses(r), self._units[r].id
            for c in range(left, right + 1):
                if statuses[c] != NO_ROW:
                    out.append((self._tasks[c].id, org_id))
        return out

    def phase_spans(self) -> list[tuple[int, int, int, str]]:
        """Return ``(first column, last column, phase index, phase name)`` per phase group."""
        return self._spans

    def _statuses(self, r: int) -> list[str]:
        """Return the shown statuses of a unit's row (NO_ROW where a task does not apply)."""
        statuses = self._status[r]
        if statuses is None:
            if self._data is None:
                statuses = [NO_ROW] * len(self._task_ids)
            else:
                shown, unit = self._data.progress.value, self._units[r].id
                statuses = [shown((t, unit), "shown_status", NO_ROW) for t in self._task_ids]
            self._status[r] = statuses
        return statuses

    def _texts(self, r: int) -> list[str | None]:
        """Return a unit's row of cell texts, None where not yet made."""
        texts = self._text[r]
        if texts is None:
            texts = self._text[r] = [None] * len(self._task_ids)
        return texts

    def _cell_text(self, r: int, c: int) -> str:
        status = self._statuses(r)[c]
        if status != DONE or self._data is None:
            return status
        return cell_text(self._data.progress[(self._tasks[c].id, self._units[r].id)])

    # -- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of units (none below a cell)."""
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of tasks (none below a cell)."""
        return 0 if parent.isValid() else len(self._tasks)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cells are selectable, never editable in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, colours, mark, tooltip, status or ids."""
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._text[r] or self._texts(r)
            text = texts[c]
            if text is None:
                text = texts[c] = self._cell_text(r, c)
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            return status_brush((self._status[r] or self._statuses(r))[c] or NOT_APPLICABLE)
        if role == Qt.ItemDataRole.ForegroundRole:
            status = (self._status[r] or self._statuses(r))[c]
            return status_brush(status or NOT_APPLICABLE, False) if status != NOT_STARTED else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        if role == Qt.ItemDataRole.DecorationRole:
            key = (self._tasks[c].id, self._units[r].id)
            return paperclip_icon() if self._evidence.get(key) else None
        if role == STATUS_ROLE:
            return self._statuses(r)[c] or None
        if role == CELL_ROLE:
            return (self._tasks[c].id, self._units[r].id) if self._statuses(r)[c] else None
        if role == Qt.ItemDataRole.ToolTipRole and self._data is not None:
            task, unit = self._tasks[c], self._units[r]
            key = (task.id, unit.id)
            row = self._data.progress.get(key)
            return cell_tooltip(task, unit, row, self._evidence.get(key, 0))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Tasks (with due date) across, units down; tooltips say more."""
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._tasks):
                return None
            task = self._tasks[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{task.name}\n{task.due_on.month}/{task.due_on.day}"
            if role == Qt.ItemDataRole.ToolTipRole and self._data is not None:
                info = due_info(task.due_on, self._data.today)
                phase = self._data.phase_of[task.id].name
                due = f"截止：{full_date(task.due_on)}（{info.text}）"
                lines = [task.name, f"阶段：{phase}", due]
                if info.note:
                    lines.append(f"注意：{info.note}")
                lines.append(
                    f"适用：{task.scope}"
                    + (f"（{'、'.join(task.scope_values)}）" if task.scope_values else "")
                )
                tie = tie_of(task.record_kind)
                if tie is not None:
                    lines.append(f"完成方式：单位登记“{tie.label}”后自动完成")
                return "\n".join(lines)
            if role == Qt.ItemDataRole.ForegroundRole:
                return status_brush(OVERDUE, False) if self._off_day[section] else None
            return None
        if not 0 <= section < len(self._units):
            return None
        unit = self._units[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{unit.name}\n{unit.kind} · {unit.sector or '未填领域'}"
        return None


class PhaseHeader(QHeaderView):
    """A horizontal header with a coloured band naming the phase above its task columns."""

    BAND = 22

    def __init__(self, model: ProgressGridModel, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._grid = model
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def sizeHint(self) -> QSize:
        """Room for the phase band above two lines of task text."""
        lines = 2 * self.fontMetrics().height() + 10
        return QSize(super().sizeHint().width(), lines + self.BAND)

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        """Draw the task below the band: its name (elided) over its due date."""
        body = rect.adjusted(0, self.BAND, 0, 0)
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logical_index)
        option.rect = body
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        text = str(self._grid.headerData(logical_index, Qt.Orientation.Horizontal) or "")
        name, _, due = text.partition("\n")
        ink = self._grid.headerData(
            logical_index, Qt.Orientation.Horizontal, Qt.ItemDataRole.ForegroundRole
        )
        half = body.height() // 2
        metrics = painter.fontMetrics()
        top = QRect(body.left() + 3, body.top() + 3, body.width() - 6, half - 3)
        bottom = QRect(body.left() + 3, body.top() + half, body.width() - 6, half - 3)
        painter.save()
        painter.setPen(self.palette().color(self.foregroundRole()))
        elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, top.width())
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, elided)
        if ink is not None:
            painter.setPen(ink.color())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, due)
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the sections, then the phase bands across their columns."""
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        metrics = painter.fontMetrics()
        for first, last, index, name in self._grid.phase_spans():
            left = self.sectionViewportPosition(first)
            right = self.sectionViewportPosition(last) + self.sectionSize(last)
            rect = QRect(left, 0, right - left, self.BAND)
            colour = phase_colour(index)
            painter.fillRect(rect.adjusted(0, 0, -1, -2), colour)
            painter.setPen(QColor("white"))
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(rect.width() - 8, 0))
            painter.drawText(rect.adjusted(4, 0, -4, -2), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


class UnitHeader(QHeaderView):
    """The vertical header of units: its width is set from the names, never measured.

    Qt sizes a header by asking the model for a hundred sections at each end, in
    four roles; with a fixed width that answer is never used.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def sizeHint(self) -> QSize:
        """The fixed width, one row high."""
        return QSize(self.minimumWidth(), self.defaultSectionSize())
