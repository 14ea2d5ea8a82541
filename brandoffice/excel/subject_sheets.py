"""Sheets of records made by a unit or by a member: public commitments and models' deeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import MemberIndex, export_rows, resolve_subject
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import COMMITMENT, DEED, MEMBER
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.services import commitments, models_deeds
from brandoffice.services.commitments import CommitmentDraft
from brandoffice.services.context import AppContext
from brandoffice.services.models_deeds import DeedDraft

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
Values = Callable[
    [CheckedRow, Job, AppContext, tuple[int | None, int | None]], dict[str, Any] | None
]


def _plan(
    session: Session, ctx: AppContext, job: Job, values_of: Values
) -> list[tuple[CheckedRow, dict[str, Any]]]:
    """Resolve every row's unit or member, then check it by the service's rules."""
    index = OrgIndex.load(session)
    members = MemberIndex.for_rows(session, index, job)
    cleaned = []
    for row in job.rows:
        job.ticker.tick()
        subject = resolve_subject(row, job, index, members)
        # An unknown subject still gets the row's own values checked (0: a placeholder).
        values = values_of(row, job, ctx, subject or (0, None))
        if values is not None and row.ok:
            cleaned.append((row, values))
    return cleaned


def _commitment(
    row: CheckedRow, job: Job, ctx: AppContext, subject: tuple[int | None, int | None]
) -> dict[str, Any] | None:
    v = row.values
    today = ctx.today()
    if v["made_on"] is None:
        return None  # a required cell the reader refused
    if v["checked_on"] is not None and v["fulfilment"] is None and row.good("fulfilment"):
        job.problems.add(row, "checked_on", "没有填写兑现情况时不能填写检查日期")
    draft = CommitmentDraft(
        content=v["content"],
        made_on=v["made_on"],
        org_id=subject[0],
        member_id=subject[1],
        year=v["year"],
        post=v["post"],
        published_in=v["published_in"],
    )
    values = job.problems.by_rule(row, commitments.clean, draft, today)
    if values is None:
        return None
    checked = job.problems.by_rule(
        row,
        commitments.clean_check,
        v["fulfilment"],
        v["checked_on"],
        v["check_note"],
        v["made_on"],
        today,
    )
    if checked is None:
        return None
    fulfilment, _when, note = checked
    return {**values, "fulfilment": fulfilment, "checked_on": v["checked_on"], "check_note": note}


def plan_commitments(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every commitment row and decide what to add and what to update."""
    cleaned = _plan(session, ctx, job, _commitment)
    today = ctx.today()

    def finish(row: CheckedRow, values: dict[str, Any], current: dict[str, Any] | None) -> None:
        if values["fulfilment"] and values["checked_on"] is None:
            kept = current["checked_on"] if current and current["fulfilment"] else None
            values["checked_on"] = kept or today

    return plan_keyed(session, job, COMMITMENTS, cleaned, finish)


def _deed(
    row: CheckedRow, job: Job, ctx: AppContext, subject: tuple[int | None, int | None]
) -> dict[str, Any] | None:
    v = row.values
    draft = DeedDraft(
        title=v["title"],
        deed_on=v["deed_on"],
        org_id=subject[0],
        member_id=subject[1],
        summary=v["summary"],
    )
    values = job.problems.by_rule(row, models_deeds.clean, draft, ctx.today())
    if values is None:
        return None
    values.pop("commendation_id")  # not in the sheet: a link made in the window stays
    return values


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
