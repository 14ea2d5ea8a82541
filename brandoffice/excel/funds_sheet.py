"""The special-funds sheet (专项经费): entries of brands and demonstration points, in fen."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import resolve_org
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import BRAND, FUND, ORG
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.model.vocab import FundKind
from brandoffice.services.context import AppContext
from brandoffice.services.funds import yuan

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


def plan(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every entry, decide what to add and update, and refuse overspending."""
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
        if org_id is not None and org_id not in points:
            job.problems.add(row, "point", "该组织不是示范点，专项经费只能记在品牌或示范点上")
        if not v["brand"] and not v["point"] and row.good("brand") and row.good("point"):
            job.problems.add(row, "brand", "请填写品牌或示范点（二者选一）")
        elif v["brand"] and v["point"]:
            job.problems.add(row, "point", "品牌和示范点只能填一个")
        if v["entry_on"] is not None and v["entry_on"] > today:
            job.problems.add(row, "entry_on", "经费日期不能晚于今天")
        if row.ok and (brand_id is None) != (org_id is None):
            fields = ("kind", "amount_fen", "item", "entry_on", "note")
            cleaned.append(
                (row, {"brand_id": brand_id, "org_id": org_id, **{f: v[f] for f in fields}})
            )
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
        approved, spent = totals[target][APPROVED], totals[target][SPENT]
        if spent > approved:
            name = names[target[0]] if target[0] is not None else index.text(target[1] or 0)
            job.problems.add(
                row,
                "amount_fen",
                f"“{name}”的支出将超出批准额度：批准合计 {yuan(approved)} 元，"
                f"支出合计将为 {yuan(spent)} 元",
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
