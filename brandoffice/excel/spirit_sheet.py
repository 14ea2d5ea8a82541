"""The party-spirit report sheet (党性分析报告): whether and when a member handed one in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import Campaigns, MemberIndex, export_rows, resolve_org, year_of
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import CAMPAIGN, MEMBER, SPIRIT
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.services import party_spirit
from brandoffice.services.context import AppContext

REPORTS = Keyed(
    SPIRIT,
    key=("member_id", "year"),
    fields=(
        "member_id",
        "year",
        "campaign_id",
        "submitted",
        "submitted_on",
        "reviewer",
        "reviewer_comment",
        "attachment_id",
    ),
    load_by="member_id",
    derived={
        "member_id": "member",
        "campaign_id": "campaign",
        "submitted": "submitted_on",
        "submitted_on": "submitted",
    },
    duplicate="year",
    what="同一党员同一年度",
)


def plan(session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every report row and decide what to add and what to update."""
    index = OrgIndex.load(session)
    members = MemberIndex.for_rows(session, index, job)
    campaigns = Campaigns(session, job)
    today = ctx.today()
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        member = members.resolve(row, job, resolve_org(row, "org", index, job))
        year = year_of(row, job)
        campaign_id = campaigns.resolve(row, job)
        submitted = v["submitted"] if v["submitted"] is not None else v["submitted_on"] is not None
        review = job.problems.by_rule(
            row, party_spirit.clean_review, submitted, v["reviewer"], v["reviewer_comment"]
        )
        when = v["submitted_on"]
        if year is not None and submitted and when is not None:
            job.problems.by_rule(row, party_spirit.submission, True, when, year, today)
        elif not submitted:
            job.problems.by_rule(row, party_spirit.submission, False, when, 0, today)
        if member is None or year is None or not row.ok:
            continue
        values = {
            "member_id": member.id,
            "year": year,
            "campaign_id": campaign_id,
            "submitted": submitted,
            "submitted_on": when,
            "reviewer": review[0] if review else None,
            "reviewer_comment": review[1] if review else None,
            "attachment_id": None,
        }
        cleaned.append((row, values))

    def finish(row: CheckedRow, values: dict[str, Any], current: dict[str, Any] | None) -> None:
        if current is not None:
            values["attachment_id"] = current["attachment_id"]  # files are not in the sheet
            if current["attachment_id"] is not None and not values["submitted"]:
                job.problems.add(row, "submitted", "该报告已上传文件，不能改为未提交")
        if values["submitted"] and values["submitted_on"] is None:
            kept = current["submitted_on"] if current and current["submitted"] else None
            values["submitted_on"] = kept or today

    return plan_keyed(session, job, REPORTS, cleaned, finish)


def apply(session: Session, plan: Upserts, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Write the planned reports."""
    apply_upserts(session, plan, log, job)


def export(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every report as a sheet row, by year, unit and member."""
    query = (
        select(
            SPIRIT,
            MEMBER.c.name.label("member"),
            MEMBER.c.org_id,
            MEMBER.c.id_number,
            CAMPAIGN.c.name.label("campaign"),
        )
        .join(MEMBER, MEMBER.c.id == SPIRIT.c.member_id)
        .outerjoin(CAMPAIGN, CAMPAIGN.c.id == SPIRIT.c.campaign_id)
        .order_by(SPIRIT.c.year, MEMBER.c.org_id, MEMBER.c.id)
    )
    return export_rows(session, query, reveal)
