"""What sheet cells name: units, members (by ID number or name within a unit) and campaigns."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.excel.cells import MASKED_ID
from brandoffice.excel.orgindex import OrgIndex, split_path
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import CAMPAIGN, MEMBER
from brandoffice.idcard import mask_id_number, normalise
from brandoffice.services.orgs import subtree_ids

IN_CHUNK = 500
_ID_LIKE = re.compile(r"^[0-9*]{17}[0-9Xx*]$")


def resolve_org(row: CheckedRow, field: str, index: OrgIndex, job: Job) -> int | None:
    """Return the unit a row's cell names, or None (blank, or wrong with a problem recorded).

    Args:
        row: The row.
        field: The field of the unit's column.
        index: The units by name and path.
        job: Where problems go.
    """
    ref = row.values.get(field)
    if not ref or not row.good(field):
        return None
    try:
        return index.resolve(ref)
    except ValidationError as exc:
        job.problems.add(row, field, str(exc))
        return None


def chunked_rows(
    session: Session, query: Select[Any], column: ColumnElement[Any], values: Iterable[Any]
) -> list[Any]:
    """Run ``query`` for ``column IN values`` in chunks and return all rows."""
    wanted = sorted(set(values))
    rows: list[Any] = []
    for start in range(0, len(wanted), IN_CHUNK):
        rows.extend(session.execute(query.where(column.in_(wanted[start : start + IN_CHUNK]))))
    return rows


def export_rows(
    session: Session, query: Select[Any], reveal: bool, unit: str = "org_id"
) -> list[dict[str, Any]]:
    """Run an export's query, naming each row's unit by its path and hiding ID numbers.

    Args:
        session: The reading session.
        query: Rows with the unit's id in column ``unit``, perhaps an ``id_number``.
        reveal: Keep ID numbers; without them a member is found by name and unit.
        unit: The column holding the unit's id; its path goes to ``org``.
    """
    index = OrgIndex.load(session)
    out = []
    for r in session.execute(query):
        record = dict(r._mapping)
        record["org"] = index.text(record[unit])
        if "id_number" in record and not reveal:
            record["id_number"] = None
        out.append(record)
    return out


def year_of(row: CheckedRow, job: Job, field: str = "year") -> int | None:
    """Return a row's year when it is plausible (1949–2200), recording a problem otherwise."""
    from brandoffice.services.record_helpers import year

    value = row.values.get(field)
    if value is None or not row.good(field):
        return None
    try:
        return year(value, field)
    except ValidationError as exc:
        job.problems.add(row, field, str(exc))
        return None


class Campaigns:
    """The campaigns a sheet names, by name."""

    def __init__(self, session: Session, job: Job, field: str = "campaign") -> None:
        names = {r.values[field] for r in job.rows if r.values.get(field) and r.good(field)}
        query = select(CAMPAIGN.c.name, CAMPAIGN.c.id, CAMPAIGN.c.scope_org_id)
        found = chunked_rows(session, query, CAMPAIGN.c.name, names)
        self.ids: dict[str, int] = {r.name: r.id for r in found}
        self.scope_of: dict[int, int | None] = {r.id: r.scope_org_id for r in found}
        self.field = field

    def resolve(self, row: CheckedRow, job: Job) -> int | None:
        """Return the campaign a row names (None for a blank or unknown one, with a problem)."""
        name = row.values.get(self.field)
        if not name or not row.good(self.field):
            return None
        found = self.ids.get(name)
        if found is None:
            job.problems.add(
                row, self.field, f"找不到创建活动“{name}”，请先在软件中建立或用任务表导入"
            )
        return found


class MemberRef(NamedTuple):
    """A stored member as the sheets need it."""

    id: int
    name: str
    org_id: int
    id_number: str | None


class MemberIndex:
    """The members a sheet can name: by ID number, and by name (within a unit or a subtree)."""

    def __init__(
        self, session: Session, index: OrgIndex, names: Iterable[str], numbers: Iterable[str]
    ):
        columns = select(MEMBER.c.id, MEMBER.c.name, MEMBER.c.org_id, MEMBER.c.id_number)
        self.orgs = index
        self.by_number: dict[str, MemberRef] = {}
        self.by_name: defaultdict[str, list[MemberRef]] = defaultdict(list)
        seen: set[int] = set()
        for r in chunked_rows(session, columns, MEMBER.c.name, names) + chunked_rows(
            session, columns, MEMBER.c.id_number, numbers
        ):
            if r.id in seen:
                continue
            seen.add(r.id)
            ref = MemberRef(r.id, r.name, r.org_id, r.id_number)
            self.by_name[ref.name].append(ref)
            if ref.id_number:
                self.by_number[ref.id_number] = ref

    @classmethod
    def for_rows(
        cls, session: Session, index: OrgIndex, job: Job, extra: Iterable[str] = ()
    ) -> MemberIndex:
        """Load the members a sheet's ``member`` and ``id_number`` cells (and ``extra``) name."""
        names = {r.values["member"] for r in job.rows if r.values.get("member")}
        numbers = {r.values["id_number"] for r in job.rows if r.values.get("id_number")}
        more = list(extra)
        names.update(split_path(t)[-1] for t in more if split_path(t))
        numbers.update(n for n in map(normalise, more) if _ID_LIKE.match(n))
        return cls(session, index, names, numbers)

    def resolve(self, row: CheckedRow, job: Job, org_id: int | None) -> MemberRef | None:
        """Return the member a row names by ``id_number``, else by ``member`` within ``org``.

        Args:
            row: The row; its ``org`` cell already resolved to ``org_id``.
            job: Where problems go.
            org_id: The unit named (None for a blank or wrong cell).
        """
        v = row.values
        name, number = v.get("member"), v.get("id_number")
        if not row.good("member") or not row.good("id_number") or not row.good("org"):
            return None
        if number:
            found = self.by_number.get(number)
            if found is None:
                job.problems.add(row, "id_number", "找不到该身份证号的党员，请先导入党员")
                return None
            if name and found.name != name:
                shown = mask_id_number(number)
                job.problems.add(
                    row, "member", f"身份证号 {shown} 登记的党员是“{found.name}”，与本行姓名不符"
                )
                return None
            if org_id is not None and found.org_id != org_id:
                job.problems.add(
                    row, "org", f"党员“{found.name}”属于“{self.orgs.text(found.org_id)}”"
                )
                return None
            return found
        if not name:
            job.problems.add(row, "member", "请填写党员姓名或身份证号")
            return None
        if org_id is None:
            if not v.get("org"):
                job.problems.add(row, "org", "没有身份证号时须填写所属组织")
            return None
        same = [m for m in self.by_name.get(name, []) if m.org_id == org_id]
        if len(same) == 1:
            return same[0]
        unit = self.orgs.text(org_id)
        if not same:
            job.problems.add(row, "member", f"“{unit}”中找不到党员“{name}”")
        else:
            job.problems.add(
                row, "member", f"“{unit}”有 {len(same)} 名党员叫“{name}”，请填写身份证号"
            )
        return None

    def resolve_item(self, text: str, units: set[int]) -> MemberRef | str:
        """Return the member a list item names within some units, or why it names none.

        An item is an ID number, a name unique within the units, or ``组织/姓名``.
        """
        item = text.strip()
        if "*" in item:
            return MASKED_ID
        if _ID_LIKE.match(normalise(item)):  # full-width digits too
            found = self.by_number.get(normalise(item))
            if found is None or found.org_id not in units:
                return f"举办单位及其下级组织中找不到身份证号为 {mask_id_number(item)} 的党员"
            return found
        parts = split_path(item)
        name = parts[-1] if parts else ""
        if len(parts) > 1:
            try:
                unit = self.orgs.resolve("/".join(parts[:-1]))
            except ValidationError as exc:
                return str(exc)
            same = [m for m in self.by_name.get(name, []) if m.org_id == unit]
        else:
            same = [m for m in self.by_name.get(name, []) if m.org_id in units]
        if len(same) == 1 and same[0].org_id in units:
            return same[0]
        if not same or same[0].org_id not in units:
            return f"举办单位及其下级组织中找不到党员“{item}”"
        return f"有 {len(same)} 名党员叫“{name}”，请写成“组织/{name}”或填身份证号"


def member_label(
    member: MemberRef, index: OrgIndex, namesakes: dict[str, int], reveal: bool
) -> str:
    """Write a member in a list cell so that it reads back as the same member.

    Args:
        member: The member.
        index: Units by path.
        namesakes: How many members of the scope carry each name.
        reveal: Fall back to the ID number (masked when False) for namesakes in one unit.
    """
    if namesakes.get(member.name, 0) <= 1:
        return member.name
    if member.id_number and namesakes.get(f"{member.org_id}/{member.name}", 0) > 1:
        return member.id_number if reveal else mask_id_number(member.id_number)
    return f"{index.text(member.org_id)}/{member.name}"


class SubtreeCache:
    """The units below each unit, computed once per unit."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._found: dict[int, set[int]] = {}

    def __call__(self, org_id: int) -> set[int]:
        """Return the ids of a unit and every unit below it."""
        if org_id not in self._found:
            self._found[org_id] = set(subtree_ids(self.session, org_id))
        return self._found[org_id]


def resolve_subject(
    row: CheckedRow, job: Job, index: OrgIndex, members: MemberIndex
) -> tuple[int | None, int | None] | None:
    """Return ``(org_id, None)`` for a unit's record or ``(None, member_id)`` for a member's.

    A row is a member's when it names a member (a name or an ID number); its unit is then
    the member's unit.
    """
    v = row.values
    org_id = resolve_org(row, "org", index, job)
    if v.get("member") or v.get("id_number"):
        found = members.resolve(row, job, org_id)
        return None if found is None else (None, found.id)
    return None if org_id is None else (org_id, None)
