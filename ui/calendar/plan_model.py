"""A two-level tree model of a campaign's plan: phases, and the tasks of each phase."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from brandoffice.services.rows import PhaseRow, TaskRow
from brandoffice.workdays import is_holiday_due
from ui.calendar.style import HOLIDAY_RED, phase_colour
from ui.roles import ROW_ROLE

Index = QModelIndex | QPersistentModelIndex

HEADERS = ("名称", "日期", "适用范围", "佐证材料", "权重")


def scope_text(task: TaskRow) -> str:
    """Return ``全部`` or ``按领域：社区、学校``."""
    return f"{task.scope}：{'、'.join(task.scope_values)}" if task.scope_values else task.scope


class PlanModel(QAbstractItemModel):
    """Phases at the top level, their tasks below; read-only, reset on every reload."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._phases: list[PhaseRow] = []
        self._tasks: list[list[TaskRow]] = []

    def set_plan(self, phases: Sequence[PhaseRow], tasks: Sequence[TaskRow]) -> None:
        """Show the phases and tasks of a campaign."""
        self.beginResetModel()
        self._phases = list(phases)
        self._tasks = [[t for t in tasks if t.phase_id == p.id] for p in self._phases]
        self.endResetModel()

    def phases(self) -> list[PhaseRow]:
        """Return the phases shown."""
        return list(self._phases)

    def index_of(self, kind: str, row_id: int) -> QModelIndex:
        """Return the index of a phase (``kind`` "phase") or task ("task") by id."""
        for p, phase in enumerate(self._phases):
            if kind == "phase" and phase.id == row_id:
                return self.index(p, 0)
            for t, task in enumerate(self._tasks[p]):
                if kind == "task" and task.id == row_id:
                    return self.index(t, 0, self.index(p, 0))
        return QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Top-level lines carry id 0; task lines carry their phase's row + 1."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Return the phase of a task line; phases have no parent."""
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Phases at the top, tasks below a phase, nothing below a task."""
        if not parent.isValid():
            return len(self._phases)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._tasks[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Name, dates, scope, evidence, weight."""
        return len(HEADERS)

    def _row(self, index: Index) -> PhaseRow | TaskRow:
        if index.internalId() == 0:
            return self._phases[index.row()]
        return self._tasks[int(index.internalId()) - 1][index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return texts, the phase colour, a holiday warning and the row object."""
        if not index.isValid():
            return None
        row = self._row(index)
        column = index.column()
        if role == ROW_ROLE:
            return row
        if isinstance(row, PhaseRow):
            if role == Qt.ItemDataRole.DisplayRole:
                return (row.name, f"{row.start_on:%Y-%m-%d} 至 {row.end_on:%Y-%m-%d}", "", "", "")[
                    column
                ]
            if role == Qt.ItemDataRole.ForegroundRole and column == 0:
                return phase_colour(index.row())
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                f"{row.due_on:%Y-%m-%d} 截止",
                scope_text(row),
                row.evidence_kind,
                f"{row.weight:g}",
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and is_holiday_due(row.due_on):
            return HOLIDAY_RED
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and is_holiday_due(row.due_on):
            from brandoffice.workdays import due_date_note

            return due_date_note(row.due_on)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None
