"""The special-funds sheet (专项经费): entries of brands and demonstration points, in fen."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import resolve_org
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import BRAND, FUND, ORG
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.kinds.campaign import FUNDS
from brandoffice.model.vocab import FundKind
from brandoffice.services.context import AppContext
from brandoffice.services.funds import FundDraft, check_point, check_totals, clean

ENTRIES = Keyed(
    FUND,
    key=("brand_id", "org_id", "kind", "entry_on", "item"),
    fields=("brand_id", "org_id", "kind", "amount_fen", "item", "entry_on", "note"),
    load_by="entry_on",
    derived={"brand_id": "brand", "org_id": "point"},
    duplicate="item",
    what="同一对象、同一类别、同一日期的同名经费项目",
)
APPROVED, SPENT = FundKind.APPROVED.value, FundKind.SPENT.value
Target = tuple[int | None, int | None]
FIELDS = FUNDS.rule_fields


def plan(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every entry by the service's rules, decide what to write, refuse overspending."""
    index = OrgIndex.load(session)
    brands = dict(session.execute(select(BRAND.c.name, BRAND.c.id)).all())
    points = set(session.scalars(select(ORG.c.id).where(ORG.c.is_demo_point.is_(True))))
    today = ctx.today()
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        brand_id = brands.get(v["brand"]) if v["brand"] else None
        if v["brand"] and brand_id is None and row.good("brand"):
            job.problems.add(row, "brand", "找不到该品牌，请先登记或导入品牌")
        org_id = resolve_org(row, "point", index, job)
        if org_id is not None:
            name = index.path_of[org_id][-1]
            job.problems.by_rule(row, check_point, name, org_id in points, fields=FIELDS)
        if not row.good("brand") or not row.good("point"):
            continue
        draft = FundDraft(
            kind=v["kind"],
            amount=Decimal(v["amount_fen"] or 0) / 100,
            item=v["item"],
            entry_on=v["entry_on"],
            brand_id=brand_id,
            org_id=org_id,
            note=v["note"],
        )
        values = job.problems.by_rule(row, clean, draft, today, fields=FIELDS)
        if values is not None and row.ok:
            cleaned.append((row, values))
    result = plan_keyed(session, job, ENTRIES, cleaned)
    _check_balances(session, job, result, brands, index)
    return result


def _check_balances(
    session: Session, job: Job, plan: Upserts, brands: dict[str, int], index: OrgIndex
) -> None:
    """Refuse an import after which a target would have spent more than was approved."""
    touched: dict[Target, CheckedRow] = {}
    for key, row in plan.rows.items():
        target = cast(Target, key[:2])
        if row.ok and (target not in touched or key[2] == SPENT):
            touched[target] = row  # the last spending row (else the first row) is named
    if not touched:
        return
    totals: defaultdict[Target, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    query = select(FUND.c.brand_id, FUND.c.org_id, FUND.c.kind, func.sum(FUND.c.amount_fen))
    for brand_id, org_id, kind, amount in session.execute(
        query.group_by(FUND.c.brand_id, FUND.c.org_id, FUND.c.kind)
    ):
        totals[(brand_id, org_id)][kind] += int(amount)
    for values in plan.inserts:
        totals[(values["brand_id"], values["org_id"])][values["kind"]] += values["amount_fen"]
    by_id = {c["id"]: c for c in plan.current.values()}
    for row_id, _version, before, after in plan.updates:
        if "amount_fen" in after:
            current = by_id[row_id]
            change = after["amount_fen"] - before["amount_fen"]
            totals[(current["brand_id"], current["org_id"])][current["kind"]] += change
    names = {i: n for n, i in brands.items()}
    for target, row in touched.items():
        name = names[target[0]] if target[0] is not None else index.path_of[target[1] or 0][-1]
        amounts = totals[target]
        job.problems.by_rule(
            row, check_totals, name, amounts[APPROVED], amounts[SPENT], fields=FIELDS
        )


def apply(session: Session, plan: Upserts, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Write the planned entries."""
    apply_upserts(session, plan, log, job)


def export(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every entry as a sheet row, by brand or demonstration point, then date."""
    index = OrgIndex.load(session)
    query = (
        select(FUND, BRAND.c.name.label("brand"))
        .outerjoin(BRAND, BRAND.c.id == FUND.c.brand_id)
        .order_by(
            FUND.c.brand_id.is_(None), BRAND.c.name, FUND.c.org_id, FUND.c.entry_on, FUND.c.id
        )
    )
    out = []
    for r in session.execute(query):
        record = dict(r._mapping)
        record["point"] = index.text(r.org_id) if r.org_id is not None else None
        out.append(record)
    return out
