"""What each column of the organisation tree shows, and the ids a drag carries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtGui import QStandardItem

from brandoffice.services.rows import OrgRow
from ui.orgs.widgets import grade_colour, kind_icon
from ui.roles import ROW_ROLE

NAME, KIND, SECTOR, MEMBERS, BRANDS, GRADE = range(6)
HEADERS = ("名称", "类别", "领域", "党员数", "品牌", "评定等次")
MIME_TYPE = "application/x-brandoffice-org-ids"

NAME_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
    | Qt.ItemFlag.ItemIsDropEnabled
    | Qt.ItemFlag.ItemIsEditable
)
"""The name cell of an editable tree: renamed in place, dragged and dropped on."""
CELL_FLAGS = NAME_FLAGS & ~Qt.ItemFlag.ItemIsEditable
"""The other cells of an editable tree."""
READ_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
"""Every cell of a read-only tree."""

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def make_cells(row: OrgRow, brands: Sequence[str], editable: bool) -> list[QStandardItem]:
    """Return the six cells of a unit's row; the name cell carries the row (``ROW_ROLE``).

    Args:
        row: The unit.
        brands: The names of the unit's current brands.
        editable: Give the cells the flags of an editable tree.
    """
    # Copied in Python, not clone()d: an item Qt makes has a Python side PySide does
    # not hear die, and once Qt deletes it (a unit deleted, the tree re-read) that stale
    # wrapper was handed out for whatever Qt put at the same address next.
    cells = [QStandardItem(item) for item in _prototypes(editable)]
    fill_cells(cells, row, brands)
    return cells


@cache
def _prototypes(editable: bool) -> tuple[QStandardItem, ...]:
    # Copied rather than built: handing Qt a flag enum costs more than the copy.
    cells = tuple(QStandardItem() for _column in HEADERS)
    for column, item in enumerate(cells):
        item.setFlags(cell_flags(column, editable))
    cells[MEMBERS].setTextAlignment(_RIGHT)
    return cells


def fill_cells(cells: Sequence[QStandardItem], row: OrgRow, brands: Sequence[str]) -> None:
    """Show a unit's new values in its existing cells."""
    for column, item in enumerate(cells):
        item.setText(text(row, column, brands))
    name = cells[NAME]
    name.setData(row, ROW_ROLE)
    name.setIcon(kind_icon(row.kind, row.is_demo_point))
    name.setToolTip(name_tooltip(row))
    cells[BRANDS].setData("\n".join(brands) or None, _TOOLTIP)
    cells[GRADE].setData(grade_colour(row.grade), _FOREGROUND)  # None drops the colour


def cell_flags(column: int, editable: bool) -> Qt.ItemFlag:
    """Return the flags of a cell in ``column``."""
    if not editable:
        return READ_FLAGS
    return NAME_FLAGS if column == NAME else CELL_FLAGS


def text(row: OrgRow, column: int, brands: Sequence[str]) -> str:
    """Return the text of a cell."""
    if column == NAME:
        return row.name
    if column == KIND:
        return row.kind
    if column == SECTOR:
        return row.sector or ""
    if column == MEMBERS:
        return str(row.member_count)
    if column == BRANDS:
        return "、".join(brands)
    return row.grade or ""


def name_tooltip(row: OrgRow) -> str:
    """Return the tooltip of a name cell (the brand cell's lists the brands)."""
    extra = " · 示范点" if row.is_demo_point else ""
    return f"{row.name}\n{row.kind} · {row.level}{extra}"


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
