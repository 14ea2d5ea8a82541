"""Read-only models of a brand's archive: life-cycle history, re-inspections, yearly plans."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from brandoffice.services.brand_view import InspectionRow, YearPlanRow
from brandoffice.services.rows import StatusChangeRow
from ui.brands.common import STATUS_COLOURS, AnyIndex, RowTableModel, fmt_score
from ui.widgets import day_text

H_DATE, H_CHANGE, H_LEVEL, H_ACTOR, H_VIA, H_BODY, H_NOTE = range(7)
UNDONE_COLOUR = "#999999"
EXCEPTION_COLOUR = "#b9770e"


class HistoryModel(RowTableModel[StatusChangeRow]):
    """The steps of a brand's life cycle, oldest first."""

    HEADERS = ("日期", "变更", "级别", "经办人", "经由单位", "命名机关", "备注")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: dict[int, str] = {}

    def set_history(self, rows: list[StatusChangeRow], units: dict[int, str]) -> None:
        """Show the history; ``units`` names the units applications went through."""
        self._units = dict(units)
        self.set_rows(rows)

    def cell(self, row: StatusChangeRow, column: int) -> str:
        """Return the text of one cell."""
        if column == H_DATE:
            return day_text(row.changed_on)
        if column == H_CHANGE:
            return f"{row.from_status} → {row.to_status}" if row.from_status else row.to_status
        if column == H_LEVEL:
            return f"申报{row.applied_level}" if row.applied_level else row.level or ""
        if column == H_ACTOR:
            return row.actor or ""
        if column == H_VIA:
            return self._units.get(row.via_org_id, "") if row.via_org_id else ""
        if column == H_BODY:
            return row.naming_body or ""
        parts = [row.note or ""]
        if row.exception_reason:
            parts.append(f"越级例外：{row.exception_reason}")
        if row.undone_at is not None:
            who = f"，{row.undone_by}" if row.undone_by else ""
            parts.append(f"已撤销（{row.undone_at:%Y-%m-%d}{who}）：{row.undo_reason or ''}")
        return "；".join(p for p in parts if p)

    def sort_value(self, row: StatusChangeRow, column: int) -> object:
        """Sort dates as dates."""
        return row.changed_on if column == H_DATE else self.cell(row, column)

    def colour(self, row: StatusChangeRow, column: int) -> QColor | None:
        """Colour the change by the status reached; an undone step grey, an exception amber."""
        if row.undone_at is not None:
            return QColor(UNDONE_COLOUR)
        if column == H_LEVEL and row.exception_reason:
            return QColor(EXCEPTION_COLOUR)
        if column != H_CHANGE:
            return None
        return QColor(STATUS_COLOURS.get(row.to_status, "#000000"))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell's data; an undone step is struck through (its note is not)."""
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and row.undone_at is not None and index.column() != H_NOTE:
                font = QFont()
                font.setStrikeOut(True)
                return font
        return super().data(index, role)


class InspectionModel(RowTableModel[InspectionRow]):
    """The yearly re-inspections of a brand."""

    HEADERS = ("年度", "复查日期", "结果", "得分", "复查人", "备注")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def cell(self, row: InspectionRow, column: int) -> str:
        """Return the text of one cell."""
        values = (
            f"{row.year}年",
            day_text(row.inspected_on),
            row.result,
            fmt_score(row.score),
            row.inspector or "",
            row.note or "",
        )
        return values[column]

    def sort_value(self, row: InspectionRow, column: int) -> object:
        """Sort years, dates and scores natively."""
        native: dict[int, object] = {0: row.year, 1: row.inspected_on, 3: row.score or 0.0}
        return native.get(column, self.cell(row, column))


class YearPlanModel(RowTableModel[YearPlanRow]):
    """A named brand's goals and measures per year."""

    HEADERS = ("年度", "年度目标", "主要措施")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def cell(self, row: YearPlanRow, column: int) -> str:
        """Return the text of one cell."""
        return (f"{row.year}年", row.goals, row.measures or "")[column]

    def sort_value(self, row: YearPlanRow, column: int) -> object:
        """Sort years as numbers."""
        return row.year if column == 0 else self.cell(row, column)
