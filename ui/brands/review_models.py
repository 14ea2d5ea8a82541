"""Models of the review grid: scores (subjects × reviewers by criteria) and the live results."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from brandoffice.errors import KnownError
from brandoffice.model.vocab import Grade
from brandoffice.services.reviews import (
    PROPOSE_NAMING,
    RETURN_TO_CULTIVATION,
    CriterionRow,
    SubjectResult,
)
from ui.brands.common import ROOT, ROW_ROLE, SORT_ROLE, AnyIndex, RowTableModel, fmt_score

SUBJECT, REVIEWER = range(2)
FIRST_CRITERION = 2
Saver = Callable[[int, str, str, float], None]
"""Stores one score: (subject id, reviewer, criterion name, score); raises KnownError."""

GOOD, BAD = "#1e8449", "#c0392b"
MISSING_BACKGROUND = "#fdf2e9"
BANDS = ("#ffffff", "#f2f6fb")
FALLBACKS = (RETURN_TO_CULTIVATION, Grade.LAGGING.value)
BEST = (PROPOSE_NAMING, Grade.ADVANCED.value)


@dataclass(frozen=True, slots=True)
class GridRow:
    """One line of the grid: a reviewer's scores of one subject."""

    subject_id: int
    subject: str
    reviewer: str


def parse_score(value: Any) -> float | None:
    """Return the number typed in a cell, or None when it is not a finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace("，", ".").replace(",", "."))
        except ValueError:
            return None
    return number if math.isfinite(number) else None


class ScoreGridModel(QAbstractTableModel):
    """Rows are subjects × reviewers, columns the criteria and the reviewer's weighted sum.

    Edits are checked against each criterion's range and stored through ``saver``;
    none are offered while ``editable`` is False (read-only mode).

    Signals:
        refused(str): Why an edit was not taken.
        scoresChanged(): A score was stored (results should be recomputed).
    """

    refused = Signal(str)
    scoresChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.saver: Saver | None = None
        self.editable = True
        self._criteria: list[CriterionRow] = []
        self._rows: list[GridRow] = []
        self._scores: dict[tuple[int, str, int], float] = {}
        self._band: list[int] = []

    def set_grid(
        self,
        criteria: list[CriterionRow],
        subjects: list[tuple[int, str]],
        reviewers: list[str],
        scores: dict[tuple[int, str, int], float],
    ) -> None:
        """Show a round: ``scores`` maps (subject id, reviewer, criterion id) to a score."""
        self.beginResetModel()
        self._criteria = list(criteria)
        self._rows = [GridRow(sid, name, who) for sid, name in subjects for who in reviewers]
        self._band = [i % 2 for i, _s in enumerate(subjects) for _r in reviewers]
        self._scores = dict(scores)
        self.endResetModel()

    def criteria(self) -> list[CriterionRow]:
        """Return the criteria (columns) shown."""
        return list(self._criteria)

    def grid_rows(self) -> list[GridRow]:
        """Return the grid's lines."""
        return list(self._rows)

    def score(self, subject_id: int, reviewer: str, criterion_id: int) -> float | None:
        """Return one stored score, or None."""
        return self._scores.get((subject_id, reviewer, criterion_id))

    def subtotal(self, row: GridRow) -> float | None:
        """Return the reviewer's weighted sum over the scored criteria (None if none)."""
        parts = [
            (c.weight, self._scores.get((row.subject_id, row.reviewer, c.id)))
            for c in self._criteria
        ]
        given = [w * s for w, s in parts if s is not None]
        return sum(given) if given else None

    def find(self, subject_id: int, reviewer: str, criterion: str) -> Any:
        """Return the index of a score cell (tests and keyboard navigation)."""
        column = next(i for i, c in enumerate(self._criteria) if c.name == criterion)
        row = next(
            i
            for i, r in enumerate(self._rows)
            if r.subject_id == subject_id and r.reviewer == reviewer
        )
        return self.index(row, FIRST_CRITERION + column)

    # -- table ---------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        """Return subjects × reviewers."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        """Return subject, reviewer, one column per criterion and the weighted sum."""
        return 0 if parent.isValid() else FIRST_CRITERION + len(self._criteria) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return 评审对象, 评审人, each criterion with its weight and range, 加权小计."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if section == SUBJECT:
            return "评审对象"
        if section == REVIEWER:
            return "评审人"
        c = self._criterion(section)
        if c is None:
            return "加权小计"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{c.name}：权重 {fmt_score(c.weight)}，0–{fmt_score(c.max_score)} 分"
        return f"{c.name}（×{fmt_score(c.weight)}）"

    def _criterion(self, column: int) -> CriterionRow | None:
        i = column - FIRST_CRITERION
        return self._criteria[i] if 0 <= i < len(self._criteria) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, its native value, the grid row, or its look."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        criterion = self._criterion(column)
        if column == SUBJECT:
            native: Any = row.subject
        elif column == REVIEWER:
            native = row.reviewer
        elif criterion is not None:
            native = self._scores.get((row.subject_id, row.reviewer, criterion.id))
        else:
            native = self.subtotal(row)
        if role == Qt.ItemDataRole.DisplayRole and column == SUBJECT:
            # A score sheet: the subject's name once, on its first reviewer's line.
            first = index.row() == 0 or self._rows[index.row() - 1].subject_id != row.subject_id
            return row.subject if first else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return native if isinstance(native, str) else fmt_score(native)
        if role == SORT_ROLE:
            return native
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= FIRST_CRITERION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if criterion is not None and native is None:
                return QBrush(QColor(MISSING_BACKGROUND))
            return QBrush(QColor(BANDS[self._band[index.row()]]))
        if role == Qt.ItemDataRole.FontRole and column == FIRST_CRITERION + len(self._criteria):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and criterion is not None:
            top = fmt_score(criterion.max_score)
            return f"{row.reviewer}对“{row.subject}”的{criterion.name}评分（0–{top}）"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Criterion cells are editable (unless the grid is read-only)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = super().flags(index)
        if self.editable and self._criterion(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Check a score against its criterion's range and store it through the saver."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        criterion = self._criterion(index.column())
        if criterion is None or not 0 <= index.row() < len(self._rows):
            return False
        row = self._rows[index.row()]
        if str(value).strip() == "":
            return False
        number = parse_score(value)
        if number is None:
            self.refused.emit(f"“{value}”不是数字，请输入0到{fmt_score(criterion.max_score)}的分数")
            return False
        if not 0 <= number <= criterion.max_score:
            self.refused.emit(
                f"“{criterion.name}”的评分应在0到{fmt_score(criterion.max_score)}之间"
                f"（输入的是{fmt_score(number)}）"
            )
            return False
        key = (row.subject_id, row.reviewer, criterion.id)
        if self._scores.get(key) == number:
            return True
        if self.saver is not None:
            try:
                self.saver(row.subject_id, row.reviewer, criterion.name, number)
            except KnownError as exc:
                self.refused.emit(str(exc))
                return False
        self._scores[key] = number
        last = self.columnCount() - 1
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        total = self.index(index.row(), last)
        self.dataChanged.emit(total, total, [Qt.ItemDataRole.DisplayRole])
        self.scoresChanged.emit()
        return True


class ResultsModel(RowTableModel[SubjectResult]):
    """The round's results, best first: rank, means per criterion, total and outcome."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self.HEADERS = self._headers()

    def _headers(self) -> tuple[str, ...]:
        means = (f"{n}均分" for n in self._names)
        return ("名次", "评审对象", *means, "总分", "建议结果", "评审人数")

    def set_results(self, criteria: list[CriterionRow], results: list[SubjectResult]) -> None:
        """Show results computed for these criteria (a reset)."""
        self.beginResetModel()
        self._names = [c.name for c in criteria]
        self.HEADERS = self._headers()
        self._rows = list(results)
        self.endResetModel()

    def cell(self, row: SubjectResult, column: int) -> str:
        """Return the text of one cell."""
        n = len(self._names)
        if column == 0:
            return str(row.rank)
        if column == 1:
            return row.name
        if 2 <= column < 2 + n:
            return fmt_score(row.means[column - 2])
        if column == 2 + n:
            return fmt_score(row.total)
        if column == 3 + n:
            return row.outcome or f"评分不全（缺：{'、'.join(row.missing)}）"
        return str(row.reviewer_count)

    def sort_value(self, row: SubjectResult, column: int) -> object:
        """Sort ranks, means and totals as numbers."""
        n = len(self._names)
        if column == 0:
            return row.rank
        if 2 <= column < 2 + n:
            return row.means[column - 2]
        if column == 2 + n:
            return row.total
        if column == 4 + n:
            return row.reviewer_count
        return self.cell(row, column)

    def alignment(self, row: SubjectResult, column: int) -> Qt.AlignmentFlag | None:
        """Right-align ranks, means, totals and counts."""
        n = len(self._names)
        if column == 0 or 2 <= column <= 2 + n or column == 4 + n:
            return Qt.AlignmentFlag.AlignRight
        return None

    def colour(self, row: SubjectResult, column: int) -> QColor | None:
        """Colour the outcome: the best green, the fallback red, others plain."""
        if column != 3 + len(self._names) or row.outcome is None:
            return None
        if row.outcome in BEST:
            return QColor(GOOD)
        return QColor(BAD) if row.outcome in FALLBACKS else None
