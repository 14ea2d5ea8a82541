"""Members of one unit as a paged table model, sorted in SQL, numbers masked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from brandoffice.idcard import mask_id_number, mask_phone
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.rows import MemberRow
from ui.paged_model import PagedTableModel
from ui.roles import ROW_ROLE, SORT_ROLE, AnyIndex

NAME, GENDER, ID_NUMBER, PHONE, CATEGORY, JOIN_DATE, POSTS = range(7)
HEADERS = ("姓名", "性别", "身份证号", "电话", "类别", "入党日期", "亮牌示范")
SORT_FIELDS = {
    NAME: "name",
    GENDER: "gender",
    ID_NUMBER: "id_number",
    PHONE: "phone",
    CATEGORY: "category",
    JOIN_DATE: "join_date",
}


class MemberTableModel(PagedTableModel[MemberRow]):
    """The members of one unit, loaded a page of 200 at a time.

    ID and phone numbers are shown masked unless :meth:`reveal` was asked for
    that row; sorting by a header resets the model and reloads it sorted in SQL.
    """

    HEADERS = HEADERS
    SORT_FIELDS = SORT_FIELDS

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.members = MemberService(ctx)
        self._org_id: int | None = None
        self._revealed: set[int] = set()

    # -- loading -------------------------------------------------------------
    def set_org(self, org_id: int | None) -> None:
        """Show the members of ``org_id`` (none for None), first page only."""
        self._org_id = org_id
        self._revealed.clear()
        self.reload()

    def org_id(self) -> int | None:
        """Return the unit shown."""
        return self._org_id

    def _count(self) -> int:
        return 0 if self._org_id is None else self.members.count([self._org_id])

    def _page(self, offset: int, limit: int) -> list[MemberRow]:
        if self._org_id is None:
            return []
        return self.members.page([self._org_id], offset, limit, self._sort, self._descending)

    # -- table ---------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the (masked) text, the row or the sort value of a cell."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        hidden = column in (ID_NUMBER, PHONE) and row.id not in self._revealed
        if role == Qt.ItemDataRole.ToolTipRole and hidden:
            return "已隐藏部分号码；右键选择“显示完整号码”查看"
        return None

    def _text(self, row: MemberRow, column: int) -> str:
        revealed = row.id in self._revealed
        if column == NAME:
            return row.name
        if column == GENDER:
            return row.gender or ""
        if column == ID_NUMBER:
            return (row.id_number or "") if revealed else mask_id_number(row.id_number)
        if column == PHONE:
            return (row.phone or "") if revealed else mask_phone(row.phone)
        if column == CATEGORY:
            return row.category
        if column == JOIN_DATE:
            return row.join_date.isoformat() if row.join_date else ""
        return "、".join(row.posts)

    @staticmethod
    def _sort_value(row: MemberRow, column: int) -> Any:
        values: dict[int, Any] = {
            NAME: row.name,
            GENDER: row.gender or "",
            ID_NUMBER: row.id_number or "",
            PHONE: row.phone or "",
            CATEGORY: row.category,
            JOIN_DATE: row.join_date,
            POSTS: len(row.posts),
        }
        return values[column]

    # -- edits ---------------------------------------------------------------
    def row_at(self, row: int) -> MemberRow:
        """Return the member in table row ``row``."""
        return self._rows[row]

    def row_of(self, member_id: int) -> int:
        """Return the table row of a loaded member, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == member_id), -1)

    def find(self, member_id: int) -> int:
        """Fetch pages until ``member_id`` is loaded; return its row or -1."""
        row = self.row_of(member_id)
        while row < 0 and self.canFetchMore():
            self.fetchMore()
            row = self.row_of(member_id)
        return row

    def is_revealed(self, member_id: int) -> bool:
        """Tell whether the clerk asked to see this member's full numbers."""
        return member_id in self._revealed

    def reveal(self, row: int, shown: bool = True) -> None:
        """Show (or mask again) the full ID and phone numbers of one row."""
        member_id = self._rows[row].id
        if shown:
            self._revealed.add(member_id)
        else:
            self._revealed.discard(member_id)
        self.dataChanged.emit(self.index(row, ID_NUMBER), self.index(row, PHONE))

    def replace(self, member: MemberRow) -> None:
        """Show a saved member in place (``dataChanged``), or drop it when it left."""
        row = self.row_of(member.id)
        if row < 0:
            return
        if member.org_id != self._org_id:
            self.remove(member.id)
            return
        self._rows[row] = member
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def remove(self, member_id: int) -> None:
        """Drop a member that was deleted or moved away."""
        row = self.row_of(member_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._total -= 1
        self._revealed.discard(member_id)
        self.endRemoveRows()
