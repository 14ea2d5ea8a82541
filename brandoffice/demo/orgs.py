"""The demo organisation tree, its members and leading groups."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, select

from brandoffice.demo.data import (
    COMMITTEE_TITLES,
    ROADS,
    ROOT,
    STREET,
    TERM_ENDS,
    OrgPlan,
)
from brandoffice.demo.people import SERVING, PeopleMaker, Person
from brandoffice.demo.schedule import StoryDates, years_before
from brandoffice.model import Member
from brandoffice.model.vocab import GroupRole, OrgKind, Sector
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, clean_member
from brandoffice.services.orgs import OrgDraft, OrgService

MEMBER = cast(Table, Member.__table__)
FIVE_YEAR_KINDS = (OrgKind.COMMITTEE, OrgKind.WORKING_COMMITTEE, OrgKind.GENERAL_BRANCH)
ROOT_PHONE = "0437-3216800"


@dataclass
class Roster:
    """What later steps need to know about the tree: ids, plans and people by unit name."""

    org_ids: dict[str, int] = field(default_factory=dict)
    plans: dict[str, OrgPlan] = field(default_factory=dict)
    people: dict[str, list[Person]] = field(default_factory=dict)
    member_ids: dict[str, int] = field(default_factory=dict)

    def member_id(self, person: Person) -> int:
        """Return the stored id of a demo person."""
        return self.member_ids[person.id_number]

    def secretary(self, org: str) -> Person:
        """Return the secretary (the first person) of a unit."""
        return self.people[org][0]


def walk(
    plan: OrgPlan, parent: str | None = None, position: int = 0
) -> Iterator[tuple[OrgPlan, str | None, int]]:
    """Yield ``(plan, parent name, position among siblings)``, parents first."""
    yield plan, parent, position
    for i, child in enumerate(plan.children):
        yield from walk(child, plan.name, i)


def plan_people(
    rng: random.Random, maker: PeopleMaker, root: OrgPlan = ROOT
) -> dict[str, list[Person]]:
    """Make every unit's members; the first of each is its secretary (在职)."""
    people: dict[str, list[Person]] = {}
    for plan, _, _ in walk(root):
        community = plan.sector is Sector.COMMUNITY
        members = [maker.person(plan.mix, community=community, category=SERVING)]
        members += [maker.person(plan.mix, community=community) for _ in range(plan.members - 1)]
        people[plan.name] = members
    return people


def term_of(plan: OrgPlan, index: int, dates: StoryDates) -> tuple[dt.date, dt.date]:
    """Return a term (five years for committees, three for branches) ending on a varied date."""
    years = 5 if plan.kind in FIVE_YEAR_KINDS else 3
    today = dates.today
    ends = [e for e in map(dates.day, TERM_ENDS) if years_before(e, years) <= today]
    end = ends[index % len(ends)]
    return years_before(end, years), end


def create_orgs(
    ctx: AppContext,
    rng: random.Random,
    roster: Roster,
    dates: StoryDates,
    root: OrgPlan = ROOT,
    place: str = STREET,
) -> None:
    """Create the tree under ``root`` through OrgService (validated and audited), parents first.

    Addresses are on the demo's roads in ``place`` (the street, or the district).
    """
    service = OrgService(ctx)
    for index, (plan, parent, position) in enumerate(walk(root)):
        members = roster.people[plan.name]
        contact = members[1] if len(members) > 1 else members[0]
        term_start, term_end = term_of(plan, index, dates)
        row = service.create(
            OrgDraft(
                name=plan.name,
                kind=plan.kind.value,
                level=plan.level.value,
                parent_id=roster.org_ids[parent] if parent else None,
                sector=plan.sector.value if plan.sector else None,
                secretary=members[0].name,
                contact=contact.name,
                phone=ROOT_PHONE if parent is None else contact.phone,
                address=f"{place}{ROADS[index % len(ROADS)]}{rng.randint(1, 199)}号",
                member_count=len(members),
                grade=plan.grade.value if plan.grade else None,
                is_demo_point=plan.demo_point,
                founded_on=plan.founded,
                term_start=max(term_start, plan.founded),
                term_end=term_end,
                sort_order=position,
            )
        )
        roster.org_ids[plan.name] = row.id
        roster.plans[plan.name] = plan


def insert_members(ctx: AppContext, roster: Roster, today: dt.date) -> int:
    """Validate every demo member with ``clean_member`` and insert them in one Core statement."""
    rows: list[dict[str, Any]] = []
    for org, people in roster.people.items():
        for p in people:
            draft = MemberDraft(
                org_id=roster.org_ids[org],
                name=p.name,
                category=p.category,
                gender=p.gender,
                id_number=p.id_number,
                phone=p.phone,
                join_date=p.join_date,
                posts=list(p.posts),
            )
            rows.append(clean_member(draft, today))
    with ctx.db.write.begin() as s:
        s.execute(MEMBER.insert(), rows)
        audit.record(s, ctx, "导入党员", object_type="党员", detail=f"演示数据：{len(rows)} 名党员")
        found = s.execute(select(MEMBER.c.id_number, MEMBER.c.id))
        roster.member_ids = {str(n): int(i) for n, i in found}
    return len(rows)


def set_leading_groups(ctx: AppContext, rng: random.Random, roster: Roster) -> None:
    """Give every unit a leading group: secretary as 组长, a deputy, and some 组员."""
    service = OrgService(ctx)
    for org, people in roster.people.items():
        is_root = roster.plans[org].kind is OrgKind.WORKING_COMMITTEE
        seats: list[tuple[str, str, str | None]] = [
            (GroupRole.LEADER.value, people[0].name, "党工委书记" if is_root else "党组织书记")
        ]
        if len(people) > 1:
            deputy_title = "党工委副书记" if is_root else "党组织副书记"
            seats.append((GroupRole.DEPUTY.value, people[1].name, deputy_title))
        extra = min(len(people) - 2, rng.randint(2, 4))
        for i, person in enumerate(people[2 : 2 + max(extra, 0)]):
            seats.append((GroupRole.MEMBER.value, person.name, COMMITTEE_TITLES[i]))
        service.set_leading_group(roster.org_ids[org], seats)
