"""Sheets of records made by a unit or by a member: public commitments and models' deeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import MemberIndex, export_rows, resolve_subject, year_of
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import COMMITMENT, DEED, MEMBER
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.model.vocab import Fulfilment
from brandoffice.services.context import AppContext

SUBJECT = {"org_id": "org", "member_id": "member"}
COMMITMENTS = Keyed(
    COMMITMENT,
    key=("org_id", "member_id", "year", "content"),
    fields=(
        "org_id",
        "member_id",
        "year",
        "content",
        "post",
        "made_on",
        "published_in",
        "fulfilment",
        "checked_on",
        "check_note",
    ),
    load_by="year",
    derived={**SUBJECT, "year": "made_on", "checked_on": "fulfilment"},
    duplicate="content",
    what="同一承诺主体、同一年度的相同承诺",
)
DEEDS = Keyed(
    DEED,
    key=("org_id", "member_id", "title"),
    fields=("org_id", "member_id", "title", "summary", "deed_on"),
    load_by="title",
    derived=SUBJECT,
    duplicate="title",
    what="同一对象的同名事迹",
)
NEEDS_REASON = (Fulfilment.PARTLY.value, Fulfilment.NOT_FULFILLED.value)
Values = Callable[[CheckedRow, Job, AppContext], dict[str, Any] | None]


def _plan(
    session: Session, ctx: AppContext, job: Job, values_of: Values
) -> list[tuple[CheckedRow, dict[str, Any]]]:
    """Resolve every row's unit or member and its own values (None when a cell is wrong)."""
    index = OrgIndex.load(session)
    members = MemberIndex.for_rows(session, index, job)
    cleaned = []
    for row in job.rows:
        job.ticker.tick()
        subject = resolve_subject(row, job, index, members)
        values = values_of(row, job, ctx)
        if subject is not None and values is not None and row.ok:
            cleaned.append((row, {"org_id": subject[0], "member_id": subject[1], **values}))
    return cleaned


def _commitment(row: CheckedRow, job: Job, ctx: AppContext) -> dict[str, Any] | None:
    v = row.values
    today = ctx.today()
    if v["made_on"] is not None and v["made_on"] > today:
        job.problems.add(row, "made_on", "承诺日期不能晚于今天")
    if v["year"] is None and v["made_on"] is not None:
        row.values["year"] = v["made_on"].year
    year = year_of(row, job)
    checked = v["checked_on"]
    reason = _check_date_problem(checked, v["fulfilment"], v["made_on"], today)
    if reason and row.good("fulfilment"):
        job.problems.add(row, "checked_on", reason)
    if v["fulfilment"] in NEEDS_REASON and not v["check_note"] and row.good("check_note"):
        job.problems.add(row, "check_note", f"“{v['fulfilment']}”须说明原因")
    if year is None:
        return None
    fields = ("content", "post", "made_on", "published_in", "fulfilment", "check_note")
    return {"year": year, "checked_on": checked, **{f: v[f] for f in fields}}


def _check_date_problem(
    checked: dt.date | None, fulfilment: str | None, made_on: dt.date | None, today: dt.date
) -> str | None:
    """Say what is wrong with a year-end check's date, if anything."""
    if checked is None:
        return None
    if fulfilment is None:
        return "没有填写兑现情况时不能填写检查日期"
    if checked > today:
        return "检查日期不能晚于今天"
    if made_on is not None and checked < made_on:
        return "检查日期早于承诺日期"
    return None


def plan_commitments(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every commitment row and decide what to add and what to update."""
    cleaned = _plan(session, ctx, job, _commitment)
    today = ctx.today()

    def finish(row: CheckedRow, values: dict[str, Any], current: dict[str, Any] | None) -> None:
        if values["fulfilment"] and values["checked_on"] is None:
            kept = current["checked_on"] if current and current["fulfilment"] else None
            values["checked_on"] = kept or today

    return plan_keyed(session, job, COMMITMENTS, cleaned, finish)


def _deed(row: CheckedRow, job: Job, ctx: AppContext) -> dict[str, Any] | None:
    v = row.values
    if v["deed_on"] is not None and v["deed_on"] > ctx.today():
        job.problems.add(row, "deed_on", "事迹日期不能晚于今天")
    return {f: v[f] for f in ("title", "summary", "deed_on")}


def plan_deeds(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every deed row and decide what to add and what to update."""
    return plan_keyed(session, job, DEEDS, _plan(session, ctx, job, _deed))


def apply(session: Session, plan: Upserts, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Write the planned commitments or deeds."""
    apply_upserts(session, plan, log, job)


def _export(session: Session, table: Table, order: Any, reveal: bool) -> list[dict[str, Any]]:
    unit = func.coalesce(table.c.org_id, MEMBER.c.org_id)
    query = (
        select(table, unit.label("unit"), MEMBER.c.name.label("member"), MEMBER.c.id_number)
        .outerjoin(MEMBER, MEMBER.c.id == table.c.member_id)
        .order_by(order, unit, table.c.member_id.is_not(None), MEMBER.c.id, table.c.id)
    )
    return export_rows(session, query, reveal, "unit")


def export_commitments(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every commitment as a sheet row, by year, unit, then the members' ones."""
    return _export(session, COMMITMENT, COMMITMENT.c.year, reveal)


def export_deeds(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every model's deeds as a sheet row, by date and unit."""
    return _export(session, DEED, DEED.c.deed_on, reveal)
