"""What each column of the organisation tree shows, and the ids a drag carries."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt

from brandoffice.model.vocab import GRADE_ORDER, Grade
from brandoffice.services.rows import OrgRow
from ui.orgs.widgets import grade_colour, kind_icon
from ui.roles import SORT_ROLE

NAME, KIND, SECTOR, MEMBERS, BRANDS, GRADE = range(6)
HEADERS = ("名称", "类别", "领域", "党员数", "品牌", "评定等次")
MIME_TYPE = "application/x-brandoffice-org-ids"

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def cell(row: OrgRow, column: int, role: int, brands: list[str]) -> Any:
    """Return what ``role`` asks of one cell.

    Args:
        row: The unit.
        column: One of the column constants.
        role: A Qt item role (or ``SORT_ROLE``).
        brands: The names of the unit's current brands.

    Returns:
        Text, a native sort value, an icon, a colour, a tooltip or None.
    """
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
        return text(row, column, brands)
    if role == SORT_ROLE:
        return sort_value(row, column, brands)
    if role == Qt.ItemDataRole.DecorationRole and column == NAME:
        return kind_icon(row.kind, row.is_demo_point)
    if role == Qt.ItemDataRole.ForegroundRole and column == GRADE:
        return grade_colour(row.grade)
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip(row, column, brands)
    if role == Qt.ItemDataRole.TextAlignmentRole and column == MEMBERS:
        return _RIGHT
    return None


def text(row: OrgRow, column: int, brands: list[str]) -> str:
    """Return the text of a cell."""
    values = {
        NAME: row.name,
        KIND: row.kind,
        SECTOR: row.sector or "",
        MEMBERS: str(row.member_count),
        BRANDS: "、".join(brands),
        GRADE: row.grade or "",
    }
    return values[column]


def sort_value(row: OrgRow, column: int, brands: list[str]) -> Any:
    """Return the native value to sort a column by (numbers for counts and grades)."""
    if column == MEMBERS:
        return row.member_count
    if column == BRANDS:
        return len(brands)
    if column == GRADE:
        return GRADE_ORDER[Grade(row.grade)] if row.grade else -1
    return text(row, column, brands)


def tooltip(row: OrgRow, column: int, brands: list[str]) -> str | None:
    """Return the tooltip of the name and brand cells."""
    if column == NAME:
        extra = " · 示范点" if row.is_demo_point else ""
        return f"{row.name}\n{row.kind} · {row.level}{extra}"
    if column == BRANDS and brands:
        return "\n".join(brands)
    return None


def pack_ids(ids: list[int]) -> QMimeData:
    """Return drag data carrying unit ids."""
    data = QMimeData()
    data.setData(MIME_TYPE, QByteArray(json.dumps(ids).encode()))
    return data


def unpack_ids(data: QMimeData) -> list[int]:
    """Return the unit ids of drag data (none for foreign data)."""
    if not data.hasFormat(MIME_TYPE):
        return []
    try:
        values = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
    except ValueError:
        return []
    return [int(i) for i in values if isinstance(i, int)]
