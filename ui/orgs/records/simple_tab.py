"""The tab and form of a simple kind, built from its description: a list of the unit's records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from brandoffice.excel.colspec import ColType
from brandoffice.kinds.base import RecordKind, takes_kind
from brandoffice.kinds.simple_service import SimpleRecords, SimpleRow, own_columns
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import MemberRow, OrgRow
from ui.home_models import Column
from ui.orgs.records.common import (
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    button_bar,
    text_box,
)
from ui.orgs.runner import Runner
from ui.widgets import date_edit, date_of, day_text

ROSTER_MAX = 5000
"""Members offered in the form (a unit's subtree rarely has more)."""
LONG_TEXT = 500
"""Fields longer than this get a box of several lines."""


@dataclass(frozen=True)
class SimpleData:
    """A unit subtree's records of a year and the members a record may name."""

    rows: list[SimpleRow]
    members: list[MemberRow]


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return day_text(value)
    return "" if value is None else str(value)


class SimpleDialog(RecordDialog):
    """Record or correct one record of a simple kind: a member and the kind's own fields."""

    def __init__(
        self,
        kind: RecordKind,
        service: SimpleRecords,
        parent: QWidget | None,
        members: list[MemberRow],
        row: SimpleRow | None = None,
    ) -> None:
        super().__init__(parent, f"{'修改' if row else '登记'}{kind.label}")
        self.kind, self.service, self.row = kind, service, row
        self.member = QComboBox(self)
        for m in members:
            self.member.addItem(m.name, m.id)
        if row is not None:
            self.member.setCurrentIndex(max(self.member.findData(row.member_id), 0))
        self.add_row("党员：", self.member, "member")
        self.fields: dict[str, QWidget] = {}
        for c in own_columns(kind):
            value = row.values.get(c.field) if row else None
            widget: QWidget
            if c.kind is ColType.DATE:
                widget = date_edit(self, value or service.ctx.today())
            elif c.max_len > LONG_TEXT:
                widget = text_box(self, value)
            else:
                widget = QLineEdit(value or "", self)
                widget.setMaxLength(c.max_len)
            self.fields[c.field] = widget
            self.add_row(f"{c.header}{'*' if c.required else ''}：", widget, c.field)
        self.finish()

    def values(self) -> dict[str, Any]:
        """Return the fields as typed (the service checks them)."""
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                out[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            else:
                out[name] = date_of(widget)  # type: ignore[arg-type]
        return out

    def save(self) -> SimpleRow:
        """Store through the kind's service."""
        member_id = self.member.currentData()
        if self.row is None:
            return self.service.add(member_id, self.values())
        return self.service.update(self.row.id, self.row.version, member_id, self.values())


def _value_column(header: str, field: str) -> Column[SimpleRow]:
    """Return the column showing one of the kind's own fields."""

    def value(row: SimpleRow) -> object:
        return _text(row.values[field])

    return Column(header, value)


@takes_kind
class SimpleTab(RecordTab):
    """The records of a simple kind in a unit's subtree, of the year shown (by its dated field)."""

    def __init__(
        self, kind: RecordKind, ctx: Any, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, runner, parent)
        self.kind = kind
        self.service = SimpleRecords(ctx, kind)
        columns: list[Column[SimpleRow]] = [
            Column("单位", lambda r: r.org_name),
            Column("党员", lambda r: r.member_name),
            *(_value_column(c.header, c.field) for c in own_columns(kind)),
        ]
        self.model: RowsModel[SimpleRow] = RowsModel(columns, parent=self)
        self.table = HintedTable(self.model, f"本单位尚未登记{kind.label}。", self)
        self.table.view.doubleClicked.connect(lambda _i: self.edit())
        bar, self.buttons = button_bar(
            self, ("登记…", self.add), ("修改…", self.edit), ("删除", self.delete)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def fetch(self, org: OrgRow, year: int) -> SimpleData:
        """Read the records and the members of the unit's subtree."""
        units = OrgService(self.ctx).subtree(org.id)
        members = MemberService(self.ctx).page(units, 0, ROSTER_MAX, sort="name")
        return SimpleData(self.service.rows(units, year), members)

    def present(self, data: SimpleData) -> None:
        """Show the records and how many."""
        self.model.set_rows(data.rows)
        self.note.setText(
            f"{self.year}年度{self.kind.label}：{len(data.rows)}个。{self.kind.summary}。"
        )

    def add(self) -> None:
        """Open the form for a new record."""
        if self.data is not None:
            dialog = SimpleDialog(self.kind, self.service, self, self.data.members)
            self.open_dialog(dialog, self.refresh_to)

    def edit(self) -> None:
        """Open the selected record's form."""
        row = self.table.current() if self.table else None
        if row is not None and self.data is not None:
            dialog = SimpleDialog(self.kind, self.service, self, self.data.members, row)
            self.open_dialog(dialog, self.refresh_to)

    def delete(self) -> None:
        """Delete the selected record after asking."""
        row = self.table.current() if self.table else None
        if row is None:
            return
        what = f"{row.member_name}的“{_text(next(iter(row.values.values()), ''))}”"
        self.confirm_delete(
            f"删除{self.kind.label}",
            f"删除{what}？",
            lambda: self.service.delete(row.id),
        )
