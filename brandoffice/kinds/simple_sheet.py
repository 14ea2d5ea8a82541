"""The Excel sheet of a simple kind: rows checked by the kind's own rules, matched by its key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.excel.batch import BatchLog
from brandoffice.excel.orgindex import OrgIndex
from brandoffice.excel.refs import MemberIndex, export_rows, resolve_org
from brandoffice.excel.rowcheck import CheckedRow, Job
from brandoffice.excel.tables import MEMBER
from brandoffice.excel.upsert import Keyed, Upserts, apply_upserts, plan_keyed
from brandoffice.kinds.base import RecordKind, takes_kind
from brandoffice.kinds.simple_service import REFERENCES, clean, own_columns, table_for
from brandoffice.services.context import AppContext

STORED = {"org": "org_id", "member": "member_id"}


def keyed(kind: RecordKind) -> Keyed:
    """Return how the kind's rows map onto its table (matched by the kind's key)."""
    key = tuple(STORED.get(f, f) for f in kind.key)
    own = tuple(c.field for c in own_columns(kind))
    headers = "、".join(kind.spec.column(f).header for f in kind.key)
    return Keyed(
        table_for(kind),
        key=key,
        fields=("org_id", "member_id", *own),
        load_by=next(f for f in key if f not in STORED.values()),
        derived={"org_id": "org", "member_id": "member"},
        duplicate=next(f for f in kind.key if f not in REFERENCES),
        what=f"{headers}相同的{kind.label}",
    )


@takes_kind
def plan(kind: RecordKind, session: Session, ctx: AppContext, job: Job) -> Upserts:
    """Check every row (the service's rules), resolve its member and decide what to write."""
    index = OrgIndex.load(session)
    members = MemberIndex.for_rows(session, index, job)
    today = ctx.today()
    cleaned: list[tuple[CheckedRow, dict[str, Any]]] = []
    for row in job.rows:
        job.ticker.tick()
        org_id = resolve_org(row, "org", index, job)
        found = members.resolve(row, job, org_id)
        try:
            own = clean(kind, row.values, today)
        except ValidationError as exc:
            if row.good(exc.field or ""):
                job.problems.add(row, exc.field or "", str(exc))
            continue
        if found is not None and row.ok:
            cleaned.append((row, {"org_id": found.org_id, "member_id": found.id, **own}))
    return plan_keyed(session, job, keyed(kind), cleaned)


@takes_kind
def apply(
    kind: RecordKind, session: Session, plan: Upserts, log: BatchLog, job: Job, ctx: AppContext
) -> None:
    """Write the planned records."""
    apply_upserts(session, plan, log, job)


@takes_kind
def export(kind: RecordKind, session: Session, reveal: bool) -> list[dict[str, Any]]:
    """Return every record as a sheet row, by unit and member (ID numbers only when revealed)."""
    t = table_for(kind)
    query = (
        select(t, MEMBER.c.name.label("member"), MEMBER.c.id_number)
        .join(MEMBER, MEMBER.c.id == t.c.member_id)
        .order_by(t.c.org_id, MEMBER.c.name, t.c.id)
    )
    return export_rows(session, query, reveal)
