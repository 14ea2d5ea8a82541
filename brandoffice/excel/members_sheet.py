"""Importing the member sheet: many rows, matched by ID number or by name within a unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.db.bulk import insert_many
from brandoffice.errors import ValidationError
from brandoffice.excel.batch import CHUNK, BatchLog, update_rows
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import resolve_org
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import MEMBER
from brandoffice.excel.uids import count_notes, drop_copied, load_by_uid, row_uid
from brandoffice.idcard import mask_id_number
from brandoffice.model.base import new_uid, utcnow
from brandoffice.services.context import AppContext
from brandoffice.services.member_counts import members_moved
from brandoffice.services.members import MemberDraft, member_values

WRITTEN = (
    "org_id",
    "name",
    "initials",
    "gender",
    "id_number",
    "phone",
    "category",
    "join_date",
    "posts",
    "note",
)
DERIVED = {"initials": "name", "org_id": "org", "gender": "id_number"}
_IN_CHUNK = 500
_COLUMNS = (MEMBER.c.version, *(MEMBER.c[f] for f in WRITTEN))
NO_UNIT = "所属组织为空：新党员须填写所属组织（已登记的党员可凭身份证号留空）"
NO_UNIT_NEW = "所属组织为空，且身份证号不在已登记的党员中：新党员须填写所属组织"


@dataclass
class MemberPlan:
    """Members to add and members to change."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Rows to write."""
        return len(self.inserts) + len(self.updates)


def plan(session: Session, ctx: AppContext, job: Job) -> MemberPlan:
    """Check every member row and decide what to add and what to update."""
    index = OrgIndex.load(session)
    today = ctx.today()
    units = _stored_units(session, job)
    drop_copied(job, job.rows)
    known = load_by_uid(session, MEMBER, job.rows, *_COLUMNS)
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    for row in job.rows:
        job.ticker.tick()
        org_id = resolve_org(row, "org", index, job)
        if org_id is None and not row.values["org"] and row.good("org"):
            org_id = _unit_by_id_number(row, units, job)
        if not row.ok or org_id is None:
            continue
        v = row.values
        draft = MemberDraft(
            org_id=org_id,
            name=v["name"],
            category=v["category"],
            gender=v["gender"],
            id_number=v["id_number"],
            phone=v["phone"],
            join_date=v["join_date"],
            posts=v["posts"],
            note=v["note"],
        )
        try:  # each cell passed its field's rule when it was read
            cleaned.append((row, member_values(draft, today)))
        except ValidationError as exc:
            job.problems.from_error(row, exc, "name")
    _refuse_duplicates(job, cleaned)
    by_id, by_name = _load_matches(session, [c for _r, c in cleaned])
    result = MemberPlan()
    _notes(job, cleaned)
    matched: dict[int, int] = {}
    foreign = other = 0
    for row, values in cleaned:
        if not row.ok:
            continue
        uid = row_uid(row)
        by_uid = known.get(uid) if uid is not None else None
        if by_uid is not None:
            current = _same_member(row, values, by_uid, by_id, job)
        else:
            current = _match(row, values, by_id, by_name, job)
        if current is None:
            if row.ok:
                if uid is not None:
                    values["uid"] = uid  # not stored here: the member keeps it
                    foreign += 1
                result.inserts.append(values)
            continue
        if uid is not None and by_uid is None:
            other += 1
        first = matched.setdefault(current["id"], row.number)
        if first != row.number:
            job.problems.add(row, "name", f"与第 {first} 行对应同一名已登记的党员")
            continue
        if by_uid is None and current["name"] != values["name"]:
            # A mistyped ID number must not rename someone else; renames go through the form.
            job.problems.add(
                row,
                "id_number",
                f"身份证号 {mask_id_number(current['id_number'])} "
                f"已登记在党员“{current['name']}”名下，与本行姓名不符",
            )
            continue
        if values["gender"] is None and "gender" not in job.present:
            values = {k: v for k, v in values.items() if k != "gender"}  # nothing to derive from
        if not values["category"]:
            values = {k: v for k, v in values.items() if k != "category"}  # blank keeps it
        changed = job.changes(current, values, DERIVED)
        if changed:
            before = {k: current[k] for k in changed}
            result.updates.append((current["id"], current["version"], before, changed))
    count_notes(job, foreign, other)
    return result


def _same_member(
    row: CheckedRow,
    values: dict[str, Any],
    stored: dict[str, Any],
    by_id: dict[str, dict[str, Any]],
    job: Job,
) -> dict[str, Any] | None:
    """Return the member a row names by identity (renamed or not), unless its ID number is
    another member's."""
    number = values["id_number"]
    other = by_id.get(number) if number else None
    if other is not None and other["id"] != stored["id"]:
        job.problems.add(
            row,
            "id_number",
            f"身份证号 {mask_id_number(number)} 已登记在另一名党员“{other['name']}”名下，"
            f"而本行按标识是党员“{stored['name']}”",
        )
        return None
    return stored


def _stored_units(session: Session, job: Job) -> dict[str, int]:
    """Return the units of the stored members that rows without a unit name by ID number."""
    numbers = [
        r.values["id_number"] for r in job.rows if not r.values["org"] and r.values["id_number"]
    ]
    found: dict[str, int] = {}
    for start in range(0, len(numbers), _IN_CHUNK):
        chunk = numbers[start : start + _IN_CHUNK]
        query = select(MEMBER.c.id_number, MEMBER.c.org_id).where(MEMBER.c.id_number.in_(chunk))
        found.update({r.id_number: r.org_id for r in session.execute(query)})
    return found


def _unit_by_id_number(row: CheckedRow, units: dict[str, int], job: Job) -> int | None:
    """Return the unit of the registered member a row without a unit names, or refuse it."""
    number = row.values["id_number"]
    if not number:
        if row.good("id_number"):
            job.problems.add(row, "org", NO_UNIT)
        return None
    if number not in units:
        job.problems.add(row, "org", NO_UNIT_NEW)
        return None
    return units[number]


def _notes(job: Job, cleaned: list[tuple[CheckedRow, dict[str, Any]]]) -> None:
    """Say what was derived or left blank."""
    if "gender" in job.present:
        derived = sum(1 for r, v in cleaned if not r.values["gender"] and v["gender"])
    else:
        derived = sum(1 for _r, v in cleaned if v["gender"])
    job.note(derived, "性别按身份证号填写", "人")
    job.note(
        sum(1 for _r, v in cleaned if not v["category"]),
        "党员类别未填（新党员留空待补，已登记的保留原类别）",
        "人",
    )


def _refuse_duplicates(job: Job, cleaned: list[tuple[CheckedRow, dict[str, Any]]]) -> None:
    """Refuse a second row with the same ID number, or the same name in a unit without one."""
    seen_id: dict[str, int] = {}
    seen_name: dict[tuple[int, str], int] = {}
    for row, values in cleaned:
        if values["id_number"]:
            first = seen_id.setdefault(values["id_number"], row.number)
            if first != row.number:
                job.problems.add(row, "id_number", f"与第 {first} 行的身份证号重复")
        else:
            first = seen_name.setdefault((values["org_id"], values["name"]), row.number)
            if first != row.number:
                job.problems.add(
                    row, "name", f"与第 {first} 行重复：同一组织的同名党员，且都没有填身份证号"
                )


def _load_matches(
    session: Session, cleaned: list[dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], dict[tuple[int, str], list[dict[str, Any]]]]:
    """Load the stored members the rows may update: by ID number, and by unit and name
    among those without an ID number."""
    columns = (MEMBER.c.id, *_COLUMNS)
    numbers = sorted({c["id_number"] for c in cleaned if c["id_number"]})
    by_id: dict[str, dict[str, Any]] = {}
    for start in range(0, len(numbers), _IN_CHUNK):
        query = select(*columns).where(MEMBER.c.id_number.in_(numbers[start : start + _IN_CHUNK]))
        by_id.update({r.id_number: dict(r._mapping) for r in session.execute(query)})
    org_ids = sorted({c["org_id"] for c in cleaned})
    by_name: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for start in range(0, len(org_ids), _IN_CHUNK):
        query = select(*columns).where(
            MEMBER.c.id_number.is_(None), MEMBER.c.org_id.in_(org_ids[start : start + _IN_CHUNK])
        )
        for r in session.execute(query):
            by_name.setdefault((r.org_id, r.name), []).append(dict(r._mapping))
    return by_id, by_name


def _match(
    row: CheckedRow,
    values: dict[str, Any],
    by_id: dict[str, dict[str, Any]],
    by_name: dict[tuple[int, str], list[dict[str, Any]]],
    job: Job,
) -> dict[str, Any] | None:
    if values["id_number"] and values["id_number"] in by_id:
        return by_id[values["id_number"]]
    # A unit's member without an ID number is the one a row names, ID added or not.
    same = by_name.get((values["org_id"], values["name"]), [])
    if len(same) > 1:
        if values["id_number"]:
            return None
        job.problems.add(
            row,
            "name",
            f"该组织已有 {len(same)} 名叫“{values['name']}”且没有身份证号"
            "的党员，无法确定更新哪一位；请填写身份证号",
        )
        return None
    return same[0] if same else None


def apply(session: Session, plan: MemberPlan, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Insert new members with executemany in chunks, then update the changed ones."""
    now = utcnow()
    shared = {"import_batch_id": log.batch_id, "created_at": now, "updated_at": now}
    for start in range(0, len(plan.inserts), CHUNK):
        chunk = plan.inserts[start : start + CHUNK]
        rows = [{**v, "uid": v.get("uid") or new_uid()} for v in chunk]
        insert_many(session, MEMBER, rows, shared)
        job.ticker.tick(len(chunk))
    update_rows(session, MEMBER, [(i, v, after) for i, v, _b, after in plan.updates])
    for member_id, version, before, _after in plan.updates:
        log.before(MEMBER, member_id, before, version + 1)
    members_moved(
        session, [(b["org_id"], a["org_id"]) for _i, _v, b, a in plan.updates if "org_id" in a]
    )
    job.ticker.tick(len(plan.updates))
    log.inserted += len(plan.inserts)
    log.updated += len(plan.updates)
