"""The service of a simple kind: a member's records in columns its description lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, extract, select

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.excel.colspec import ColType, Column
from brandoffice.kinds.base import RecordKind, takes_kind
from brandoffice.model import Member, Organisation, table_of
from brandoffice.model.base import Base
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import MemberRow

ROSTER_MAX = 5000
"""Members a form offers (a unit's subtree rarely has more)."""
REFERENCES = frozenset({"org", "member", "id_number"})
"""Fields that name the owner rather than hold a value of the record."""
MEMBER, ORG = table_of(Member), table_of(Organisation)


def table_for(kind: RecordKind) -> Table:
    """Return the Core table of a kind."""
    from brandoffice import model

    model.load_all()
    return Base.metadata.tables[kind.table]


def own_columns(kind: RecordKind) -> tuple[Column, ...]:
    """Return the columns of the record's own values (not those naming its owner or its uid)."""
    return tuple(
        c for c in kind.spec.columns if c.field not in REFERENCES and c.kind is not ColType.UID
    )


@takes_kind
def clean(kind: RecordKind, values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Check a record's own values as typed and return them cleaned (the form and Excel).

    Raises:
        ValidationError: A field is blank but required, too long or a date after today;
            ``field`` names it.
    """
    out: dict[str, Any] = {}
    for c in own_columns(kind):
        value = values.get(c.field)
        if c.kind is ColType.DATE:
            if value is None and c.required:
                raise ValidationError(f"{c.header}不能为空", c.field)
            if c.not_in_future and value is not None and value > today:
                raise ValidationError(f"{c.header}不能晚于今天", c.field)
            out[c.field] = value
        else:
            text = None if value is None else str(value)
            out[c.field] = (
                validate.text(text, c.header, c.field, max_len=c.max_len, required=c.required)
                or None
            )
    return out


@dataclass(frozen=True)
class SimpleRow:
    """A stored record with the names of its unit and member."""

    id: int
    org_id: int
    org_name: str
    member_id: int
    member_name: str
    values: dict[str, Any]
    version: int

    def __getattr__(self, name: str) -> Any:
        """Read one of the kind's own fields as an attribute (``row.set_up_on``)."""
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class SimpleData:
    """A unit subtree's records of a year and the members a record may name."""

    rows: list[SimpleRow]
    members: list[MemberRow]


class SimpleRecords:
    """A simple kind's records: read by unit and year, add, correct and delete."""

    def __init__(self, ctx: AppContext, kind: RecordKind) -> None:
        self.ctx, self.kind = ctx, kind
        self.table = table_for(kind)

    def rows(
        self, org_ids: Iterable[int] | None = None, year: int | None = None
    ) -> list[SimpleRow]:
        """Return the records of some units (None: all) and of a year (by the dated field)."""
        t = self.table
        query = self._query()
        if org_ids is not None:
            query = query.where(t.c.org_id.in_(list(org_ids)))
        if year is not None and self.kind.dated:
            query = query.where(extract("year", t.c[self.kind.dated]) == year)
        with self.ctx.db.read() as s:
            return [self._row(r._mapping) for r in s.execute(query)]

    def view(self, org_id: int, year: int) -> SimpleData:
        """Return a unit subtree's records of a year and its members (the tab's read)."""
        units = OrgService(self.ctx).subtree(org_id)
        members = MemberService(self.ctx).page(units, 0, ROSTER_MAX, sort="name")
        return SimpleData(self.rows(units, year), members)

    def get(self, record_id: int) -> SimpleRow:
        """Return one record or raise NotFoundError."""
        with self.ctx.db.read() as s:
            found = s.execute(self._query().where(self.table.c.id == record_id)).first()
        if found is None:
            raise NotFoundError(f"找不到编号为 {record_id} 的{self.kind.label}")
        return self._row(found._mapping)

    @retry_conflicts
    def add(self, member_id: int, values: dict[str, Any]) -> SimpleRow:
        """Record a member's new record.

        Raises:
            ValidationError: A field is wrong, the member is missing or already has it.
        """
        own = clean(self.kind, values, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            member = rh.member(s, member_id, "member")
            self._refuse_duplicate(s, member_id, own, None)
            new_id = int(
                s.execute(
                    self.table.insert()
                    .values(org_id=member.org_id, member_id=member_id, **own)
                    .returning(self.table.c.id)
                ).scalar_one()
            )
            rh.log(s, self.ctx, f"登记{self.kind.label}", self.kind.label, new_id, member.name)
        return self.get(new_id)

    @retry_conflicts
    def update(
        self, record_id: int, version: int, member_id: int, values: dict[str, Any]
    ) -> SimpleRow:
        """Correct a record; refused when someone changed it since ``version``."""
        own = clean(self.kind, values, self.ctx.today())
        t = self.table
        with self.ctx.db.write.begin() as s:
            member = rh.member(s, member_id, "member")
            self._refuse_duplicate(s, member_id, own, record_id)
            done = s.execute(
                t.update()
                .where(t.c.id == record_id, t.c.version == version)
                .values(org_id=member.org_id, member_id=member_id, version=version + 1, **own)
                .returning(t.c.id)
            ).first()
            if done is None:
                self._missing_or_stale(s, record_id)
            rh.log(s, self.ctx, f"修改{self.kind.label}", self.kind.label, record_id, member.name)
        return self.get(record_id)

    @retry_conflicts
    def delete(self, record_id: int) -> None:
        """Delete a record."""
        row = self.get(record_id)
        with self.ctx.db.write.begin() as s:
            s.execute(self.table.delete().where(self.table.c.id == record_id))
            rh.log(
                s, self.ctx, f"删除{self.kind.label}", self.kind.label, record_id, row.member_name
            )

    def _refuse_duplicate(
        self, session: Any, member_id: int, own: dict[str, Any], record_id: int | None
    ) -> None:
        t = self.table
        query = select(t.c.id).where(t.c.member_id == member_id)
        fields = [f for f in self.kind.key if f not in REFERENCES]
        for f in fields:
            query = query.where(t.c[f] == own[f])
        if record_id is not None:
            query = query.where(t.c.id != record_id)
        if session.scalar(query) is not None:
            shown = "、".join(str(own[f]) for f in fields)
            raise ValidationError(f"该党员已有“{shown}”这一{self.kind.label}", fields[0])

    def _missing_or_stale(self, session: Any, record_id: int) -> None:
        current = session.scalar(select(self.table.c.version).where(self.table.c.id == record_id))
        if current is None:
            raise NotFoundError(f"找不到编号为 {record_id} 的{self.kind.label}")
        raise StaleEditError(f"该{self.kind.label}已被他人修改，请重新打开后再改")

    def _query(self) -> Any:
        t = self.table
        return (
            select(t, ORG.c.name.label("org_name"), MEMBER.c.name.label("member_name"))
            .join(ORG, ORG.c.id == t.c.org_id)
            .join(MEMBER, MEMBER.c.id == t.c.member_id)
            .order_by(ORG.c.name, MEMBER.c.name, t.c.id)
        )

    def _row(self, r: Any) -> SimpleRow:
        values = {c.field: r[c.field] for c in own_columns(self.kind)}
        return SimpleRow(
            r["id"],
            r["org_id"],
            r["org_name"],
            r["member_id"],
            r["member_name"],
            values,
            r["version"],
        )
