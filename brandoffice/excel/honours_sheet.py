"""The honours sheet (表彰): nominations and decisions of units, members and brands."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import MemberIndex, export_rows, resolve_subject
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import BRAND, COMMENDATION, MEMBER
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.kinds.honours import COMMENDATIONS
from brandoffice.model.vocab import HonourStatus
from brandoffice.services import commendations as honours
from brandoffice.services.commendations import BRAND_HONOURS, HonourDraft
from brandoffice.services.context import AppContext

OWN = (
    "level",
    "status",
    "nominated_by",
    "nominated_on",
    "awarded_by",
    "awarded_on",
    "doc_number",
    "note",
)
HONOURS = Keyed(
    COMMENDATION,
    key=("kind", "org_id", "member_id", "brand_id", "year"),
    fields=("kind", "org_id", "member_id", "brand_id", "year", *OWN),
    load_by="year",
    derived={"org_id": "org", "member_id": "member", "brand_id": "brand"},
    duplicate="kind",
    what="同一对象、同一年度的同类表彰",
)
FIELDS = COMMENDATIONS.rule_fields


def plan(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every row by the service's rules (nominee, decision, dates) and plan the writes."""
    index = OrgIndex.load(session)
    members = MemberIndex.for_rows(session, index, job)
    brands = {
        (o, n): i for i, o, n in session.execute(select(BRAND.c.id, BRAND.c.org_id, BRAND.c.name))
    }
    today = ctx.today()
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        subject = resolve_subject(row, job, index, members)
        if v["kind"] is None or v["year"] is None:
            continue  # a required cell the reader refused
        # An unknown nominee (already reported) stands in as 0: the rest is checked anyway.
        field = honours.nominee_field(v["kind"])
        org_id, member_id = subject or ((0, None) if field != "member_id" else (None, 0))
        brand_id = None
        if field == "brand_id":
            brand_id = _brand(row, job, brands, index, org_id)
            org_id = None
        elif v["brand"] and row.good("brand"):
            job.problems.add(row, "brand", f"只有“{BRAND_HONOURS[0].value}”填写品牌")
        status = v["status"] or (
            HonourStatus.AWARDED.value if v["awarded_on"] else HonourStatus.NOMINATED.value
        )
        draft = HonourDraft(
            v["year"],
            v["kind"],
            org_id=org_id,
            member_id=member_id,
            brand_id=brand_id,
            level=v["level"],
            status=status,
            nominated_by=v["nominated_by"],
            nominated_on=v["nominated_on"],
            awarded_by=v["awarded_by"],
            awarded_on=v["awarded_on"],
            doc_number=v["doc_number"],
            note=v["note"],
        )
        values = job.problems.by_rule(row, honours.clean, draft, today, fields=FIELDS)
        if values is not None and subject is not None and row.ok:
            values.pop("review_round_id")  # not in the sheet: a link made in the window stays
            cleaned.append((row, values))
    return plan_keyed(session, job, HONOURS, cleaned)


def _brand(
    row: CheckedRow,
    job: Job,
    brands: dict[tuple[int | None, str], int],
    index: OrgIndex,
    org_id: int | None,
) -> int:
    """Return the brand a row names within its unit (0 when missing: the row is refused)."""
    name = row.values["brand"]
    if not name:
        if row.good("brand"):
            job.problems.add(row, "brand", f"“{BRAND_HONOURS[0].value}”须填写品牌")
        return 0
    found = brands.get((org_id, name))
    if found is None and org_id and row.good("brand"):
        unit = index.path_of[org_id][-1]
        job.problems.add(row, "brand", f"“{unit}”没有名为“{name}”的品牌，请先登记或导入品牌")
    return found or 0


def apply(session: Session, plan: Upserts, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Write the planned honours."""
    apply_upserts(session, plan, log, job)


def export(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every honour as a sheet row, by year, kind and unit (ID numbers when revealed)."""
    unit = func.coalesce(COMMENDATION.c.org_id, MEMBER.c.org_id, BRAND.c.org_id)
    query = (
        select(
            COMMENDATION,
            unit.label("unit"),
            MEMBER.c.name.label("member"),
            MEMBER.c.id_number,
            BRAND.c.name.label("brand"),
        )
        .outerjoin(MEMBER, MEMBER.c.id == COMMENDATION.c.member_id)
        .outerjoin(BRAND, BRAND.c.id == COMMENDATION.c.brand_id)
        .order_by(COMMENDATION.c.year, COMMENDATION.c.kind, unit, COMMENDATION.c.id)
    )
    return export_rows(session, query, reveal, "unit")
