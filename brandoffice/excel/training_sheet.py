"""The training sheet (分级分批培训): one session a row, with who attended and who was absent."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import (
    Campaigns,
    MemberIndex,
    MemberRef,
    SubtreeCache,
    chunked_rows,
    member_label,
    resolve_org,
)
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import ATTENDANCE, CAMPAIGN, MEMBER, TRAINING
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed, replace_children
from brandoffice.services import training
from brandoffice.services.context import AppContext
from brandoffice.services.training import TrainingDraft

SESSIONS = Keyed(
    TRAINING,
    key=("org_id", "held_on", "topic"),
    fields=(
        "org_id",
        "campaign_id",
        "held_on",
        "level",
        "topic",
        "trainer",
        "hours",
        "location",
        "note",
    ),
    load_by="org_id",
    derived={"org_id": "org", "campaign_id": "campaign"},
    duplicate="topic",
    what="同一举办单位同一天的同名培训",
)
LISTS = (("attended", True), ("absent", False))
Listed = set[tuple[int, bool]]


@dataclass
class TrainingImport:
    """Sessions to add or change, and each session's new list (``(member, attended)``)."""

    sessions: Upserts
    lists: dict[Any, Listed] = field(default_factory=dict)
    old_lists: dict[int, Listed] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Sessions to write."""
        return self.sessions.size


def plan(session: Session, ctx: AppContext, job: Job) -> TrainingImport:
    """Check every session and its lists; decide what to add, update and which lists to replace."""
    index = OrgIndex.load(session)
    items = [i for r in job.rows for name, _a in LISTS for i in r.values[name]]
    members = MemberIndex.for_rows(session, index, job, items)
    campaigns = Campaigns(session, job)
    subtree = SubtreeCache(session)
    today = ctx.today()
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    listed: dict[int, Listed] = {}
    for row in job.rows:
        job.ticker.tick()
        v = row.values
        org_id = resolve_org(row, "org", index, job)
        campaign_id = campaigns.resolve(row, job)
        draft = TrainingDraft(
            org_id=org_id or 0,
            held_on=v["held_on"] or today,
            level=v["level"],
            topic=v["topic"],
            hours=v["hours"] if v["hours"] is not None else 1,
            trainer=v["trainer"],
            location=v["location"],
            campaign_id=campaign_id,
            note=v["note"],
        )
        values = job.problems.by_rule(row, training.clean, draft, today)
        if org_id is None:
            continue
        names = _lists(row, job, members, subtree(org_id))
        if values is not None and row.ok:
            cleaned.append((row, values))
            listed[row.number] = names
    result = TrainingImport(plan_keyed(session, job, SESSIONS, cleaned))
    shown = [name for name, _a in LISTS if name in job.present]
    if shown:
        _plan_lists(session, result, cleaned, listed, shown)
    return result


def _lists(row: CheckedRow, job: Job, members: MemberIndex, units: set[int]) -> Listed:
    """Resolve a row's attendees and absentees within the organiser's subtree."""
    found: dict[int, bool] = {}
    for name, attended in LISTS:
        for item in row.values[name]:
            member = members.resolve_item(item, units)
            if not isinstance(member, MemberRef):
                job.problems.add(row, name, member, item)
            elif found.setdefault(member.id, attended) != attended:
                job.problems.add(row, "absent", "同一名党员不能既出席又缺席", item)
    return set(found.items())


def _plan_lists(
    session: Session,
    result: TrainingImport,
    cleaned: list[tuple[CheckedRow, dict[str, Any]]],
    listed: dict[int, Listed],
    shown: list[str],
) -> None:
    """Replace the lists that differ; a list column missing from the sheet keeps its part."""
    sessions = result.sessions
    old: defaultdict[int, Listed] = defaultdict(set)
    ids = [c["id"] for c in sessions.current.values()]
    query = select(ATTENDANCE.c.session_id, ATTENDANCE.c.member_id, ATTENDANCE.c.attended)
    for r in chunked_rows(session, query, ATTENDANCE.c.session_id, ids):
        old[r.session_id].add((r.member_id, r.attended))
    kept = {a for name, a in LISTS if name not in shown}
    changed = {i for i, _v, _b, _a in sessions.updates}
    for row, values in cleaned:
        key = tuple(values[k] for k in SESSIONS.key)
        current = sessions.current.get(key)
        if current is None:
            result.lists[key] = listed[row.number]
            continue
        before = old.get(current["id"], set())
        wanted = listed[row.number] | {(m, a) for m, a in before if a in kept}
        if wanted == before:
            continue
        result.lists[current["id"]] = wanted
        result.old_lists[current["id"]] = before
        if current["id"] not in changed:
            sessions.updates.append((current["id"], current["version"], {}, {}))


def _rows(session_id: int, listed: Listed) -> list[dict[str, Any]]:
    return [{"session_id": session_id, "member_id": m, "attended": a} for m, a in sorted(listed)]


def apply(session: Session, plan: TrainingImport, log: BatchLog, job: Job, ctx: AppContext) -> None:
    """Write the sessions, then the lists of new sessions and the replaced lists."""
    keys = [tuple(v[k] for k in SESSIONS.key) for v in plan.sessions.inserts]
    ids = apply_upserts(session, plan.sessions, log, job)
    new = [
        r for key, i in zip(keys, ids, strict=True) for r in _rows(i, plan.lists.get(key, set()))
    ]
    if new:
        session.execute(ATTENDANCE.insert(), new)
    changes = {
        session_id: (_rows(session_id, old), _rows(session_id, plan.lists[session_id]))
        for session_id, old in plan.old_lists.items()
    }
    replace_children(session, log, "attendance", ATTENDANCE, "session_id", changes)


def export(session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every session as a sheet row with its lists, by date."""
    index = OrgIndex.load(session)
    subtree = SubtreeCache(session)
    lists: defaultdict[int, list[tuple[MemberRef, bool]]] = defaultdict(list)
    query = (
        select(
            ATTENDANCE.c.session_id,
            ATTENDANCE.c.attended,
            MEMBER.c.id,
            MEMBER.c.name,
            MEMBER.c.org_id,
            MEMBER.c.id_number,
        )
        .join(MEMBER, MEMBER.c.id == ATTENDANCE.c.member_id)
        .order_by(MEMBER.c.org_id, MEMBER.c.id)
    )
    for r in session.execute(query):
        lists[r.session_id].append((MemberRef(r.id, r.name, r.org_id, r.id_number), r.attended))
    namesakes: dict[int, dict[str, int]] = {}
    out = []
    sessions = select(TRAINING, CAMPAIGN.c.name.label("campaign")).outerjoin(
        CAMPAIGN, CAMPAIGN.c.id == TRAINING.c.campaign_id
    )
    for r in session.execute(sessions.order_by(TRAINING.c.held_on, TRAINING.c.id)):
        if r.org_id not in namesakes:
            namesakes[r.org_id] = _namesakes(session, subtree(r.org_id))
        record = dict(r._mapping)
        record["org"] = index.text(r.org_id)
        for name, attended in LISTS:
            record[name] = [
                member_label(m, index, namesakes[r.org_id], reveal)
                for m, a in lists.get(r.id, [])
                if a == attended
            ]
        out.append(record)
    return out


def _namesakes(session: Session, units: set[int]) -> dict[str, int]:
    """Count the members of some units by name, and by unit and name."""
    query = select(MEMBER.c.org_id, MEMBER.c.name)
    counts: Counter[str] = Counter()
    for org_id, name in chunked_rows(session, query, MEMBER.c.org_id, units):
        counts[name] += 1
        counts[f"{org_id}/{name}"] += 1
    return dict(counts)
