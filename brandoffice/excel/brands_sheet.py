"""Importing the brand register: names of 4–8 characters, carriers; status only as stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.excel.batch import BatchLog, RowUpdate, update_with_children
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import resolve_org
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import BRAND, CARRIER, HISTORY, insert_one
from brandoffice.excel.uids import count_notes, drop_copied, load_by_uid, row_uid
from brandoffice.model.vocab import BrandStatus
from brandoffice.services.brands import BrandDraft, brand_name_problem, clean_brand
from brandoffice.services.context import AppContext
from brandoffice.services.rows import CarrierRow

DRAFT_FIELDS = (
    "name",
    "year",
    "logo_text",
    "theme",
    "slogan",
    "connotation",
    "concept",
    "role_played",
    "service_site",
    "service_items",
    "objectives",
    "measures",
    "note",
)
STATUS_FIELDS = ("status", "level", "naming_body", "named_on")
WRITTEN = ("org_id", "initials", *DRAFT_FIELDS, *STATUS_FIELDS)
DERIVED = {"initials": "name", "org_id": "org"}
LIFE_CYCLE_FIELDS = {"status": "状态", "level": "命名级别", "named_on": "命名日期"}
"""Fields only the life cycle's steps change; an import may repeat them, never change them."""
NAMING = {"naming_body": "命名机关"}
STEP_HINT = "请在“品牌登记”的“创建历程与状态”中用“办理下一步”逐步办理（申报、评审、命名、摘牌等）"
IMPORT_NOTE = "Excel导入"
_COLUMNS = (BRAND.c.version, *(BRAND.c[f] for f in WRITTEN))


@dataclass
class BrandChange:
    """One brand to add or change, with its carriers."""

    values: dict[str, Any]
    carriers: list[CarrierRow] | None
    brand_id: int | None = None
    version: int = 0
    before: dict[str, Any] = field(default_factory=dict)
    old_carriers: list[CarrierRow] = field(default_factory=list)
    year_blank: bool = False
    uid: str | None = None


@dataclass
class BrandPlan:
    """Brands to add and brands to change."""

    inserts: list[BrandChange] = field(default_factory=list)
    updates: list[BrandChange] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Rows to write."""
        return len(self.inserts) + len(self.updates)


def plan(session: Session, ctx: AppContext, job: Job) -> BrandPlan:
    """Check every brand row and decide what to add and what to update."""
    index = OrgIndex.load(session)
    this_year = ctx.today().year
    seen: dict[str, int] = {}
    result = BrandPlan()
    drop_copied(job, job.rows)
    known = load_by_uid(session, BRAND, job.rows, *_COLUMNS)
    for row in job.rows:
        job.ticker.tick()
        name_ok = _check_name(row, job)
        org_id = resolve_org(row, "org", index, job)
        if not row.ok or not name_ok or org_id is None:
            continue
        year_blank = row.values["year"] is None
        given: dict[str, Any] = {
            f: row.values[f] for f in DRAFT_FIELDS if row.values[f] is not None
        }
        if year_blank:
            given["year"] = this_year
        draft = BrandDraft(org_id=org_id, carriers=row.values["carriers"], **given)
        try:
            values = clean_brand(draft)
        except ValidationError as exc:
            job.problems.from_error(row, exc, "name")
            continue
        first = seen.setdefault(values["name"], row.number)
        if first != row.number:
            job.problems.add(row, "name", f"与第 {first} 行的品牌名称重复")
            continue
        values.update({f: row.values[f] for f in STATUS_FIELDS})
        carriers = row.values["carriers"] if "carriers" in job.present else None
        change = BrandChange(values, carriers, year_blank=year_blank, uid=row_uid(row))
        _plan_row(session, row, job, result, (change, known))
    foreign = sum(1 for c in result.inserts if "uid" in c.values)
    other = sum(1 for c in result.updates if c.uid is not None and c.uid not in known)
    count_notes(job, foreign, other)
    defaulted = sum(1 for c in result.inserts if c.year_blank)
    job.note(defaulted, f"创建年度未填，按今年（{this_year}年）记", "个")
    return result


def _check_name(row: CheckedRow, job: Job) -> bool:
    name = row.values["name"]
    if not name or not row.good("name"):
        return False
    problem = brand_name_problem(name)
    if problem:
        job.problems.add(row, "name", problem)
        return False
    return True


def _plan_row(
    session: Session,
    row: CheckedRow,
    job: Job,
    result: BrandPlan,
    found: tuple[BrandChange, dict[str, dict[str, Any]]],
) -> None:
    """Plan one row: the brand its identity names (renamed or not), else the one of its name."""
    change, known = found
    values = change.values
    current = session.execute(select(BRAND.c.id, *_COLUMNS).where(BRAND.c.name == values["name"]))
    named = current.first()
    by_name = dict(named._mapping) if named is not None else None
    stored = known.get(change.uid) if change.uid is not None else None
    if stored is not None and by_name is not None and by_name["id"] != stored["id"]:
        job.problems.add(
            row,
            "name",
            f"已有另一个品牌叫“{values['name']}”，按标识本行是品牌“{stored['name']}”，不能改成这个名称",
        )
        return
    stored = stored or by_name
    if not _status_unchanged(row, job, values, stored):
        return
    if stored is None:
        if change.uid is not None:
            values["uid"] = change.uid  # not stored here: the brand keeps it
        values["status"] = BrandStatus.CULTIVATING.value
        result.inserts.append(change)
        return
    for key in LIFE_CYCLE_FIELDS:
        if values[key] is None:
            values.pop(key)  # blank: the stored life cycle stays
    if change.year_blank:
        values.pop("year")  # a brand already registered keeps its year
    change.brand_id, change.version = stored["id"], stored["version"]
    changed = job.changes(stored, values, DERIVED)
    change.before = {k: stored[k] for k in changed}
    change.values = changed
    if change.carriers is not None:
        change.old_carriers = _carriers(session, stored["id"])
        if change.old_carriers == change.carriers:
            change.carriers = None
    if changed or change.carriers is not None:
        result.updates.append(change)


def _status_unchanged(
    row: CheckedRow, job: Job, values: dict[str, Any], stored: dict[str, Any] | None
) -> bool:
    """Refuse a status, level or naming date the sheet would change (the life cycle's steps)."""
    fine = True
    fields = LIFE_CYCLE_FIELDS if stored is not None else {**LIFE_CYCLE_FIELDS, **NAMING}
    for key, label in fields.items():
        given = values[key]
        if given is None or not row.good(key):
            continue
        if stored is None:
            if key == "status" and given == BrandStatus.CULTIVATING.value:
                continue
            job.problems.add(row, key, f"新品牌只能以“培育”状态导入，{label}{STEP_HINT}")
            fine = False
        elif given != stored[key]:
            now = stored[key] if stored[key] is not None else "空"
            job.problems.add(row, key, f"{label}不能通过导入修改（现为“{now}”），{STEP_HINT}")
            fine = False
    return fine


def _carriers(session: Session, brand_id: int) -> list[CarrierRow]:
    rows = session.execute(
        select(CARRIER.c.name, CARRIER.c.description)
        .where(CARRIER.c.brand_id == brand_id)
        .order_by(CARRIER.c.position, CARRIER.c.id)
    )
    return [CarrierRow(r.name, r.description) for r in rows]


def _carrier_rows(brand_id: int, carriers: list[CarrierRow]) -> list[dict[str, Any]]:
    return [
        {"brand_id": brand_id, "name": c.name, "description": c.description, "position": i}
        for i, c in enumerate(carriers)
    ]


def apply(session: Session, plan: BrandPlan, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Insert new brands (培育) with carriers and a history entry, then update the changed ones."""
    today = ctx.today()
    history: list[dict[str, Any]] = []
    for change in plan.inserts:
        brand_id = insert_one(session, BRAND, {**change.values, "import_batch_id": log.batch_id})
        if change.carriers:
            session.execute(CARRIER.insert(), _carrier_rows(brand_id, change.carriers))
        history.append(
            {
                "brand_id": brand_id,
                "changed_on": today,
                "from_status": None,
                "to_status": change.values["status"],
                "level": change.values["level"],
                "actor": ctx.account,
                "note": IMPORT_NOTE,
            }
        )
        job.ticker.tick()
    if history:
        session.execute(HISTORY.insert(), history)
    updates = []
    for change in plan.updates:
        assert change.brand_id is not None
        updates.append(
            RowUpdate(
                change.brand_id,
                change.version,
                change.values,
                change.before,
                _carrier_rows(change.brand_id, change.old_carriers),
                None
                if change.carriers is None
                else _carrier_rows(change.brand_id, change.carriers),
            )
        )
    update_with_children(
        session, BRAND, CARRIER.c.brand_id, "carriers", updates, log, job.ticker.tick
    )
    log.inserted += len(plan.inserts)
    log.updated += len(plan.updates)
