"""Building packets: a street's whole register going up, one office's decisions going down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select
from sqlalchemy.orm import Session

from brandoffice import __version__
from brandoffice.db.migrate import HEAD_REVISION
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model import Attachment, PacketBaseline, PacketReceipt, table_of
from brandoffice.office import OfficeIdentity
from brandoffice.packet.fileformat import write_packet
from brandoffice.packet.kinds import BY_NAME, FILES, KINDS, Record, content_hash
from brandoffice.packet.office_ids import next_sequence, own_office_uid
from brandoffice.packet.rows import UidIndex, read_records
from brandoffice.safety.masking import mask_optional
from brandoffice.safety.permissions import Action
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.settings import office_identity

ATTACHMENT, BASELINE = table_of(Attachment), table_of(PacketBaseline)
DOWN_KINDS = (
    "brands",
    "brand_carriers",
    "brand_plans",
    "brand_history",
    "brand_inspections",
    "campaigns",
    "phases",
    "tasks",
    "review_rounds",
    "review_criteria",
    "review_scores",
    "honours",
)


@dataclass(frozen=True)
class ExportResult:
    """What a packet holds, for the clerk.

    Attributes:
        path: The file written.
        counts: Records per kind name.
        sequence: The packet's number among this office's packets.
    """

    path: Path
    counts: dict[str, int]
    sequence: int

    def lines(self) -> list[str]:
        """Return the counts per kind in Chinese, one line each."""
        return [f"  {BY_NAME[k].label}：{n} 条" for k, n in self.counts.items() if n]


def _identity(ctx: AppContext) -> OfficeIdentity:
    identity = office_identity(ctx)
    if not identity.name:
        raise ValidationError(
            "尚未设置本单位名称，无法生成数据包：请先用“settings set --name …”或"
            "窗口的“本单位信息”设置"
        )
    return identity


def _office(identity: OfficeIdentity, uid: str) -> dict[str, str]:
    return {
        "uid": uid,
        "kind": identity.kind.value,
        "name": identity.name,
        "issuer": identity.signer,
        "heading": identity.heading,
    }


def _manifest(
    ctx: AppContext, direction: str, office: dict[str, str], sequence: int, records: Any
) -> dict[str, Any]:
    campaigns = records.get("campaigns", [])
    starts = [c["start_on"] for c in campaigns if c.get("start_on")]
    ends = [c["end_on"] for c in campaigns if c.get("end_on")]
    return {
        "direction": direction,
        "office": office,
        "sequence": sequence,
        "created_at": ctx.clock().isoformat(),
        "period": {
            "years": sorted({c["year"] for c in campaigns}),
            "from": min(starts) if starts else None,
            "to": max(ends) if ends else None,
        },
        "program": "党建品牌工作台",
        "program_version": __version__,
        "schema_version": HEAD_REVISION,
    }


def _files(conn: Connection, records: dict[str, list[Record]]) -> dict[str, bytes]:
    """Return the content of every file the records refer to, by SHA-256."""
    shas = {
        str(r[column])
        for name, rows in records.items()
        for column, target in BY_NAME[name].refs.items()
        if target == FILES
        for r in rows
        if r.get(column)
    }
    if not shas:
        return {}
    query = select(ATTACHMENT.c.sha256, ATTACHMENT.c.content).where(ATTACHMENT.c.sha256.in_(shas))
    return {sha: bytes(content) for sha, content in conn.execute(query)}


def _mask_members(members: list[Record]) -> None:
    for member in members:
        member["id_number_masked"] = mask_optional(member.get("id_number"))
        member["id_number"] = None


def export_up(ctx: AppContext, path: Path, *, full_id: bool = False) -> ExportResult:
    """Write this office's whole register as a packet for the level above.

    ID numbers are left out (a masked form is shown instead) unless ``full_id``, which is
    audited. The records sent become the baseline for telling conflicts when the level
    above sends decisions back.
    """
    ctx.require(Action.EXPORT)
    if full_id:
        ctx.require(Action.REVEAL)
    identity = _identity(ctx)
    with ctx.db.write.begin() as s:
        conn = s.connection()
        uid = own_office_uid(s)
        index = UidIndex(conn)
        records = {kind.name: read_records(conn, kind, index) for kind in KINDS}
        if not full_id:
            _mask_members(records["members"])
        sequence = next_sequence(s)
        manifest = _manifest(ctx, "up", _office(identity, uid), sequence, records)
        manifest["full_id"] = full_id
        set_baselines(s, uid, records, replace=True)
        counts = {name: len(rows) for name, rows in records.items()}
        action = "导出数据包（含完整身份证号）" if full_id else "导出数据包"
        audit.record(
            s, ctx, action, object_type="数据包", object_name=Path(path).name, detail=_brief(counts)
        )
        write_packet(Path(path), manifest, records, _files(conn, records))
    return ExportResult(Path(path), counts, sequence)


def _brief(counts: dict[str, int]) -> str:
    return "，".join(f"{BY_NAME[k].label} {n}" for k, n in counts.items() if n)


def set_baselines(
    s: Session, office_uid: str, records: dict[str, list[Record]], *, replace: bool
) -> None:
    """Record what was exchanged with an office (replacing its old baselines when asked)."""
    if replace:
        s.execute(delete(BASELINE).where(BASELINE.c.office_uid == office_uid))
    else:
        for name, rows in records.items():
            uids = [r["uid"] for r in rows]
            for start in range(0, len(uids), 500):
                s.execute(
                    delete(BASELINE).where(
                        BASELINE.c.office_uid == office_uid,
                        BASELINE.c.kind == name,
                        BASELINE.c.uid.in_(uids[start : start + 500]),
                    )
                )
    values = [
        {
            "office_uid": office_uid,
            "kind": name,
            "uid": r["uid"],
            "content_hash": content_hash(BY_NAME[name], r),
        }
        for name, rows in records.items()
        for r in rows
    ]
    if values:
        s.execute(insert(BASELINE), values)


def owned_uids(s: Session, office_uid: str) -> dict[str, set[str]]:
    """Return, per kind, the uids of the records an office sent in its last packet."""
    query = select(BASELINE.c.kind, BASELINE.c.uid).where(BASELINE.c.office_uid == office_uid)
    owned: dict[str, set[str]] = {kind.name: set() for kind in KINDS}
    for kind, uid in s.execute(query):
        owned.setdefault(kind, set()).add(uid)
    return owned


def reporting_offices(ctx: AppContext) -> list[tuple[str, str]]:
    """Return (uid, name) of every office whose packet is imported here, by name."""
    query = (
        select(PacketReceipt.office_uid, PacketReceipt.office_name)
        .where(PacketReceipt.direction == "up", PacketReceipt.undone_at.is_(None))
        .order_by(PacketReceipt.id)
    )
    with ctx.db.read() as s:
        latest = {str(uid): str(name) for uid, name in s.execute(query)}
    return sorted(latest.items(), key=lambda item: (item[1], item[0]))


def own_campaigns(ctx: AppContext) -> list[tuple[str, str]]:
    """Return (uid, name) of the campaigns made here, not added by a reporting office's packet."""
    receipts = select(PacketReceipt.undo).where(
        PacketReceipt.direction == "up", PacketReceipt.undone_at.is_(None)
    )
    table = BY_NAME["campaigns"].table
    with ctx.db.read() as s:
        received = {
            uid
            for (undo,) in s.execute(receipts)
            for kind, uid in (undo or {}).get("added", [])
            if kind == "campaigns"
        }
        rows = s.execute(
            select(table.c.uid, table.c.name).order_by(table.c.year.desc(), table.c.id)
        )
        return [(str(uid), str(name)) for uid, name in rows if uid not in received]


def find_office(s: Session, name: str) -> tuple[str, str]:
    """Return (uid, name) of an office that sent packets here, by its name or uid."""
    query = (
        select(PacketReceipt.office_uid, PacketReceipt.office_name)
        .where(or_(PacketReceipt.office_name == name, PacketReceipt.office_uid == name))
        .where(PacketReceipt.direction == "up", PacketReceipt.undone_at.is_(None))
        .order_by(PacketReceipt.id.desc())
        .limit(1)
    )
    row = s.execute(query).first()
    if row is None:
        known = sorted(set(s.scalars(select(PacketReceipt.office_name))))
        hint = f"（已报送的单位：{'、'.join(known)}）" if known else "（尚未导入任何单位的数据包）"
        raise NotFoundError(f"没有收到过“{name}”报送的数据包{hint}")
    return str(row[0]), str(row[1])


def _ids(conn: Connection, kind: str, uids: set[str]) -> set[int]:
    table = BY_NAME[kind].table
    found: set[int] = set()
    ordered = sorted(uids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(conn.scalars(select(table.c.id).where(table.c.uid.in_(chunk))))
    return found


def _children(conn: Connection, kind: str, column: str, parents: set[int]) -> set[int]:
    table = BY_NAME[kind].table
    if not parents:
        return set()
    return set(conn.scalars(select(table.c.id).where(table.c[column].in_(sorted(parents)))))


def _decision_keys(
    conn: Connection, owned: dict[str, set[str]], campaign_names: Sequence[str]
) -> dict[str, set[int]]:
    orgs, members = _ids(conn, "orgs", owned["orgs"]), _ids(conn, "members", owned["members"])
    brands = _ids(conn, "brands", owned["brands"])
    keys = {"brands": brands}
    for kind in ("brand_carriers", "brand_plans", "brand_history", "brand_inspections"):
        keys[kind] = _children(conn, kind, "brand_id", brands)
    scores = BY_NAME["review_scores"].table
    keys["review_scores"] = set(
        conn.scalars(
            select(scores.c.id).where(
                or_(scores.c.brand_id.in_(sorted(brands)), scores.c.org_id.in_(sorted(orgs)))
            )
        )
    )
    rounds = set(
        conn.scalars(
            select(scores.c.round_id).where(scores.c.id.in_(sorted(keys["review_scores"])))
        )
    )
    honours = BY_NAME["honours"].table
    keys["honours"] = set(
        conn.scalars(
            select(honours.c.id).where(
                or_(
                    honours.c.org_id.in_(sorted(orgs)),
                    honours.c.member_id.in_(sorted(members)),
                    honours.c.brand_id.in_(sorted(brands)),
                )
            )
        )
    )
    rounds |= {
        r
        for r in conn.scalars(
            select(honours.c.review_round_id).where(honours.c.id.in_(sorted(keys["honours"])))
        )
        if r is not None
    }
    keys["review_rounds"] = rounds
    keys["review_criteria"] = _children(conn, "review_criteria", "round_id", rounds)
    campaigns = BY_NAME["campaigns"].table
    chosen: set[int] = set()
    for name in campaign_names:
        by_uid = conn.scalar(select(campaigns.c.id).where(campaigns.c.uid == name))
        key = by_uid or conn.scalar(select(campaigns.c.id).where(campaigns.c.name == name).limit(1))
        if key is None:
            raise NotFoundError(f"找不到创建活动“{name}”（可能已被删除）")
        chosen.add(key)
    keys["campaigns"] = chosen
    keys["phases"] = _children(conn, "phases", "campaign_id", chosen)
    keys["tasks"] = _children(conn, "tasks", "phase_id", keys["phases"])
    return keys


def _root_org_uid(records: list[Record], owned_orgs: set[str]) -> str | None:
    """Return the uid of the office's top unit at the district (the root of what it sent)."""
    roots = [
        r["uid"] for r in records if r.get("parent_id") is None or r["parent_id"] not in owned_orgs
    ]
    return roots[0] if len(roots) == 1 else None


def export_down(
    ctx: AppContext, path: Path, office: str, campaign_names: Sequence[str] = ()
) -> ExportResult:
    """Write the decisions about one reporting office as a packet it imports.

    Sent: the office's brands with their history, inspections, carriers and plans (a
    level named here reaches the street with its steps), review rounds scoring its
    brands or units with their scores, honours of its units, members or brands, and the
    campaigns named by uid or name (a next year's campaign as a template, scoped to the
    office's top unit).
    """
    ctx.require(Action.EXPORT)
    identity = _identity(ctx)
    with ctx.db.write.begin() as s:
        conn = s.connection()
        own = own_office_uid(s)
        office_uid, office_name = find_office(s, office)
        owned = owned_uids(s, office_uid)
        keys = _decision_keys(conn, owned, campaign_names)
        index = UidIndex(conn)
        records = {
            name: read_records(conn, BY_NAME[name], index, keys[name]) for name in DOWN_KINDS
        }
        org_records = read_records(conn, BY_NAME["orgs"], index, _ids(conn, "orgs", owned["orgs"]))
        root = _root_org_uid(org_records, owned["orgs"])
        for campaign in records["campaigns"]:
            campaign["scope_org_id"] = root
        sequence = next_sequence(s)
        manifest = _manifest(ctx, "down", _office(identity, own), sequence, records)
        manifest["for_office"] = {"uid": office_uid, "name": office_name}
        counts = {name: len(rows) for name, rows in records.items()}
        audit.record(
            s,
            ctx,
            "导出下发数据包",
            object_type="数据包",
            object_name=f"{office_name}：{Path(path).name}",
            detail=_brief(counts),
        )
        write_packet(Path(path), manifest, records, {})
    return ExportResult(Path(path), counts, sequence)
