"""The campaigns and phases named by the task sheet: found, created or given new dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import CAMPAIGN, PHASE

MIN_YEAR, MAX_YEAR = 1949, 2200


@dataclass
class CampaignPart:
    """A campaign named in the sheet; ``campaign_id`` is None until created."""

    name: str
    campaign_id: int | None
    values: dict[str, Any]
    first: CheckedRow
    year_row: int | None = None
    scope_row: int | None = None


@dataclass
class PhasePart:
    """A phase named in the sheet; new, or existing with ``changes`` to its dates."""

    campaign: CampaignPart
    name: str
    phase_id: int | None
    values: dict[str, Any]
    first: CheckedRow
    dates_row: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] = field(default_factory=dict)


def plan_campaigns(session: Session, job: Job, index: OrgIndex) -> dict[str, CampaignPart]:
    """Find or prepare every campaign of the sheet, checking year and scope agree."""
    names = sorted({r.values["campaign"] for r in job.rows if r.values["campaign"]})
    existing = {}
    for start in range(0, len(names), 500):
        query = select(CAMPAIGN.c.id, CAMPAIGN.c.name, CAMPAIGN.c.year, CAMPAIGN.c.scope_org_id)
        existing.update(
            {
                r.name: r
                for r in session.execute(
                    query.where(CAMPAIGN.c.name.in_(names[start : start + 500]))
                )
            }
        )
    parts: dict[str, CampaignPart] = {}
    for row in job.rows:
        name = row.values["campaign"]
        if not name:
            continue
        part = parts.get(name)
        if part is None:
            stored = existing.get(name)
            if stored is not None:
                part = CampaignPart(
                    name, stored.id, {"year": stored.year, "scope_org_id": stored.scope_org_id}, row
                )
            else:
                part = CampaignPart(
                    name, None, {"name": name, "year": None, "scope_org_id": None}, row
                )
            parts[name] = part
        _year(row, job, part)
        _scope(row, job, part, index)
    for part in parts.values():
        missing = part.campaign_id is None and part.values["year"] is None
        if missing and part.first.good("campaign_year"):
            job.problems.add(part.first, "campaign_year", "新建创建活动须填写年度")
    return parts


def _year(row: CheckedRow, job: Job, part: CampaignPart) -> None:
    year = row.values["campaign_year"]
    if year is None:
        return
    if not MIN_YEAR <= year <= MAX_YEAR:
        job.problems.add(row, "campaign_year", f"年度“{year}”无效")
    elif part.campaign_id is not None and year != part.values["year"]:
        job.problems.add(
            row,
            "campaign_year",
            f"创建活动“{part.name}”已存在，年度为 {part.values['year']}；导入不能修改创建活动",
        )
    elif part.values["year"] is None:
        part.values["year"], part.year_row = year, row.number
    elif year != part.values["year"]:
        job.problems.add(row, "campaign_year", f"与第 {part.year_row} 行的年度不一致")


def _scope(row: CheckedRow, job: Job, part: CampaignPart, index: OrgIndex) -> None:
    ref = row.values["campaign_scope"]
    if not ref or not row.good("campaign_scope"):
        return
    try:
        org_id: int | None = index.resolve(ref)
    except ValidationError as exc:
        job.problems.add(row, "campaign_scope", str(exc))
        return
    if part.campaign_id is not None and org_id != part.values["scope_org_id"]:
        shown = (
            index.text(part.values["scope_org_id"]) if part.values["scope_org_id"] else "全部组织"
        )
        job.problems.add(
            row,
            "campaign_scope",
            f"创建活动“{part.name}”已存在，活动范围为“{shown}”；导入不能修改创建活动",
        )
    elif part.scope_row is None:
        part.values["scope_org_id"], part.scope_row = org_id, row.number
    elif org_id != part.values["scope_org_id"]:
        job.problems.add(row, "campaign_scope", f"与第 {part.scope_row} 行的活动范围不一致")


def plan_phases(
    session: Session, job: Job, campaigns: dict[str, CampaignPart]
) -> dict[tuple[str, str], PhasePart]:
    """Find or prepare every phase of the sheet, checking the dates agree and are in order."""
    known = [c.campaign_id for c in campaigns.values() if c.campaign_id is not None]
    existing = {}
    positions: dict[str, int] = {}
    if known:
        query = select(
            PHASE.c.id, PHASE.c.campaign_id, PHASE.c.name, PHASE.c.start_on, PHASE.c.end_on
        ).where(PHASE.c.campaign_id.in_(known))
        existing = {(r.campaign_id, r.name): r for r in session.execute(query)}
        counts = session.execute(
            select(PHASE.c.campaign_id, func.max(PHASE.c.position) + 1)
            .where(PHASE.c.campaign_id.in_(known))
            .group_by(PHASE.c.campaign_id)
        )
        by_id = {r[0]: r[1] for r in counts}
        positions = {
            c.name: int(by_id.get(c.campaign_id, 0) or 0)
            for c in campaigns.values()
            if c.campaign_id is not None
        }
    parts: dict[tuple[str, str], PhasePart] = {}
    for row in job.rows:
        campaign = campaigns.get(row.values["campaign"])
        name = row.values["phase"]
        if not name:
            for date_field in ("phase_start", "phase_end"):
                if row.values[date_field] is not None:
                    job.problems.add(row, date_field, "没有填写阶段名称")
            continue
        if campaign is None:
            continue
        part = parts.get((campaign.name, name))
        if part is None:
            stored = (
                existing.get((campaign.campaign_id, name))
                if campaign.campaign_id is not None
                else None
            )
            if stored is not None:
                part = PhasePart(
                    campaign,
                    name,
                    stored.id,
                    {"start_on": stored.start_on, "end_on": stored.end_on},
                    row,
                )
            else:
                position = positions.get(campaign.name, 0)
                positions[campaign.name] = position + 1
                part = PhasePart(
                    campaign,
                    name,
                    None,
                    {"name": name, "start_on": None, "end_on": None, "position": position},
                    row,
                )
            parts[(campaign.name, name)] = part
        _dates(row, job, part)
    for part in parts.values():
        missing = part.phase_id is None and None in (part.values["start_on"], part.values["end_on"])
        if missing and part.first.good("phase_start") and part.first.good("phase_end"):
            job.problems.add(part.first, "phase_start", "新建阶段须填写阶段开始和阶段结束")
    return parts


def _dates(row: CheckedRow, job: Job, part: PhasePart) -> None:
    start, end = row.values["phase_start"], row.values["phase_end"]
    if start is None and end is None:
        return
    if part.dates_row is not None:
        if (start and start != part.values["start_on"]) or (end and end != part.values["end_on"]):
            job.problems.add(row, "phase_start", f"与第 {part.dates_row} 行的阶段日期不一致")
        return
    new_start = start or part.values["start_on"]
    new_end = end or part.values["end_on"]
    if new_start and new_end and new_end < new_start:
        job.problems.add(row, "phase_end", "阶段的结束日期早于开始日期")
        return
    part.dates_row = row.number
    if part.phase_id is not None:
        for key, value in (("start_on", new_start), ("end_on", new_end)):
            if value != part.values[key]:
                part.changes[key] = value
                part.before[key] = part.values[key]
    part.values["start_on"], part.values["end_on"] = new_start, new_end
