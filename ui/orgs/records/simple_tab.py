"""The tab of a simple kind, built from its description: a list of the unit's records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QWidget

from brandoffice.kinds.base import RecordKind, takes_kind
from brandoffice.kinds.simple_service import SimpleData, SimpleRecords, SimpleRow, own_columns
from brandoffice.services.context import AppContext
from brandoffice.services.rows import OrgRow
from ui.home_models import Column
from ui.orgs.records.kind_form import Store
from ui.orgs.records.kind_tab import KindTab, Owners
from ui.orgs.runner import Runner
from ui.widgets import day_text


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return day_text(value)
    return "" if value is None else str(value)


def _value_column(header: str, field: str) -> Column[SimpleRow]:
    """Return the column showing one of the kind's own fields."""
    return Column(header, lambda row: _text(row.values[field]))


def simple_store(service: SimpleRecords) -> Store:
    """Return how the form stores a simple kind's record (the member apart from the values)."""
    return Store(
        draft=dict,
        create=lambda v: service.add(v["member_id"], v),
        update=lambda i, version, v: service.update(i, version, v["member_id"], v),
        get=service.get,
        delete=service.delete,
    )


@takes_kind
class SimpleTab(KindTab):
    """The records of a simple kind in a unit's subtree, of the year shown (by its dated field)."""

    OWNER, OWNER_FIELDS = "党员", ("member_id",)

    def __init__(
        self, kind: RecordKind, ctx: AppContext, runner: Runner, parent: QWidget | None = None
    ) -> None:
        self.service = SimpleRecords(ctx, kind)
        self.FIELDS = tuple(c.field for c in own_columns(kind))
        super().__init__(
            ctx,
            runner,
            parent,
            kind=kind,
            store=simple_store(self.service),
            columns=[
                Column("单位", lambda r: r.org_name),
                Column("党员", lambda r: r.member_name),
                *(_value_column(c.header, c.field) for c in own_columns(kind)),
            ],
            hint=f"本单位尚未登记{kind.label}。",
        )

    def fetch(self, org: OrgRow, year: int) -> SimpleData:
        """Read the records and the members of the unit's subtree."""
        return self.service.view(org.id, year)

    def present(self, data: SimpleData) -> None:
        """Show the records and how many."""
        self.model.set_rows(data.rows)
        self.note.setText(
            f"{self.year}年度{self.kind.label}：{len(data.rows)}个。{self.kind.summary}。"
        )

    def owners(self) -> Owners:
        """Return the members of the unit's subtree."""
        data: SimpleData | None = self.data
        return [(m.name, (m.id,)) for m in data.members] if data else []

    def question(self, row: SimpleRow) -> str:
        """Name the member and the record's first value."""
        return f"删除{row.member_name}的“{_text(next(iter(row.values.values()), ''))}”？"
