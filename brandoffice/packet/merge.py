"""Importing a packet: decide record by record, show the plan, then apply it all or nothing.

Every record is merged by uid. For each one the receiver compares three hashes: the
packet's, its own row's, and the baseline (what was last exchanged with that office).

- not here yet → 新增; the same as here → 无变化;
- changed there only (here = baseline, or never exchanged) → 更新;
- changed here only (packet = baseline) → 保留本地 (a district's naming is not undone
  by a street's older copy);
- changed at both ends → 冲突: listed, and the local version is kept.

A packet going up (a street's register at the district) replaces what that office sent
before: records of its last packet that are missing now are deleted (unless changed
here: then a conflict). A packet coming down only adds and updates. A street's top
units become top units of the district's database (each street's tree stands on its
own, named by its office); the district may move them under its own units later.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from brandoffice.model import Attachment, PacketBaseline, PacketReceipt, table_of
from brandoffice.packet.export import owned_uids, set_baselines
from brandoffice.packet.fileformat import Packet, PacketError, read_packet
from brandoffice.packet.kinds import BY_NAME, FILES, KINDS, Kind, Record, content_hash
from brandoffice.packet.office_ids import own_office_uid
from brandoffice.packet.rows import UidIndex, delete_record, read_records, write_record
from brandoffice.safety.permissions import Action
from brandoffice.services import audit
from brandoffice.services.context import AppContext

ATTACHMENT, BASELINE = table_of(Attachment), table_of(PacketBaseline)
ACTIONS = {
    "added": "新增",
    "changed": "更新",
    "deleted": "删除",
    "same": "无变化",
    "kept": "保留本地",
    "conflict": "冲突",
}
NAME_FIELDS = ("name", "filename", "to_status", "goals", "reviewer", "kind")


@dataclass
class Plan:
    """What importing a packet does, decided before anything is written.

    Attributes:
        office_uid: The sending office's stable id.
        office_name: Its name.
        direction: ``up`` or ``down``.
        sequence: The packet's number among the sender's packets.
        already: The same packet was imported before (nothing to do).
        counts: Per kind name, how many records take each action.
        conflicts: One Chinese line per record changed at both ends.
        steps: (kind, action, record) in the order they are applied.
        ours: (kind, uid) of records this office made and sent down (a campaign
            template): a street's copy of them is not taken as the street's.
    """

    office_uid: str
    office_name: str
    direction: str
    sequence: int
    already: bool = False
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    steps: list[tuple[str, str, Record]] = field(default_factory=list)
    ours: set[tuple[str, str]] = field(default_factory=set)

    def total(self, action: str) -> int:
        """Return how many records take one action."""
        return sum(c[action] for c in self.counts.values())

    @property
    def writes(self) -> bool:
        """Tell whether applying the plan changes records."""
        return any(self.total(a) for a in ("added", "changed", "deleted"))

    def lines(self) -> list[str]:
        """Return the plan in Chinese for the clerk (the preview before writing)."""
        way = "报送" if self.direction == "up" else "下发"
        head = f"来自“{self.office_name}”的{way}数据包（第 {self.sequence} 号）"
        if self.already:
            return [f"{head}已导入过，没有需要更新的内容。"]
        lines = [head + "："]
        for kind in KINDS:
            counts = self.counts.get(kind.name)
            if not counts:
                continue
            parts = [f"{ACTIONS[a]} {counts[a]}" for a in ACTIONS if counts[a]]
            lines.append(f"  {kind.label}：{'，'.join(parts)}")
        if self.conflicts:
            lines.append(f"冲突 {len(self.conflicts)} 条（两边都改过，保留本地版本，未覆盖）：")
            lines += [f"  {line}" for line in self.conflicts]
        return lines


def _label(kind: Kind, record: Record) -> str:
    for key in NAME_FIELDS:
        if record.get(key):
            return f"{kind.label}“{record[key]}”"
    return f"{kind.label}（{record['uid'][:8]}）"


def ordered_orgs(rows: list[Record]) -> list[Record]:
    """Return units with every parent before its children."""
    by_uid = {r["uid"]: r for r in rows}
    done: set[str] = set()
    ordered: list[Record] = []
    for row in rows:
        chain = []
        current: Record | None = row
        while current is not None and current["uid"] not in done and current not in chain:
            chain.append(current)
            current = by_uid.get(current.get("parent_id") or "")
        for item in reversed(chain):
            done.add(item["uid"])
            ordered.append(item)
    return ordered


def _last_receipt(s: Session, office_uid: str, direction: str) -> PacketReceipt | None:
    query = (
        select(PacketReceipt)
        .where(
            PacketReceipt.office_uid == office_uid,
            PacketReceipt.direction == direction,
            PacketReceipt.undone_at.is_(None),
        )
        .order_by(PacketReceipt.id.desc())
        .limit(1)
    )
    return s.scalars(query).first()


def _baselines(s: Session, office_uid: str) -> dict[tuple[str, str], str]:
    query = select(BASELINE.c.kind, BASELINE.c.uid, BASELINE.c.content_hash).where(
        BASELINE.c.office_uid == office_uid
    )
    return {(k, u): h for k, u, h in s.execute(query)}


def _here(conn: Connection, index: UidIndex, kind: Kind, uids: set[str]) -> dict[str, Record]:
    keys = [k for k in (index.id_of(kind.name, u) for u in uids) if k is not None]
    return {r["uid"]: r for r in read_records(conn, kind, index, keys)}


def plan_import(s: Session, packet: Packet) -> tuple[Plan, str]:
    """Decide what importing a verified packet does; return the plan and the baseline key.

    Raises:
        PacketError: The packet is not for this database or older than one imported.
    """
    manifest = packet.manifest
    office = manifest.get("office") or {}
    direction = str(manifest.get("direction"))
    plan = Plan(
        str(office.get("uid")), str(office.get("name")), direction, int(manifest["sequence"])
    )
    own = own_office_uid(s)
    if plan.office_uid == own:
        raise PacketError("这是本单位自己生成的数据包，不能导入本单位的数据库")
    if direction == "down":
        target = (manifest.get("for_office") or {}).get("uid")
        if target != own:
            name = (manifest.get("for_office") or {}).get("name")
            raise PacketError(f"这是下发给“{name}”的数据包，不是发给本单位的，已拒绝导入")
        key = own
    elif direction == "up":
        key = plan.office_uid
    else:
        raise PacketError("数据包的方向无法识别，已拒绝导入")
    last = _last_receipt(s, plan.office_uid, direction)
    if last is not None:
        if last.digest == packet.digest:
            plan.already = True
            return plan, key
        last_sequence = int(last.summary.get("sequence", 0))
        if plan.sequence <= last_sequence:
            raise PacketError(
                f"该数据包是“{plan.office_name}”的第 {plan.sequence} 号，"
                f"比已导入的第 {last_sequence} 号（{last.created_at:%Y-%m-%d %H:%M}）旧，已拒绝导入"
            )
    _decide(s, packet, plan, key, own)
    return plan, key


def _decide(s: Session, packet: Packet, plan: Plan, key: str, own: str) -> None:
    conn = s.connection()
    index = UidIndex(conn)
    base = _baselines(s, key)
    owned = owned_uids(s, key) if plan.direction == "up" else {}
    deletions: list[tuple[str, str, Record]] = []
    for kind in KINDS:
        rows = packet.records.get(kind.name, [])
        if kind.name == "orgs":
            rows = ordered_orgs(rows)
        sent = {r["uid"] for r in rows}
        if plan.direction == "up":
            _refuse_foreign(s, (key, own), kind, rows)
        gone = owned.get(kind.name, set()) - sent
        here = _here(conn, index, kind, sent | gone)
        counts = plan.counts.setdefault(kind.name, Counter())
        if plan.direction == "up":
            mine = set(here) & sent
            plan.ours |= {(kind.name, uid) for uid in mine - _exchanged(s, kind, mine, own)}
        for record in rows:
            if (kind.name, record["uid"]) in plan.ours:
                counts["kept"] += 1
                plan.steps.append((kind.name, "kept", record))
                continue
            action = _action(
                kind, record, here.get(record["uid"]), base.get((kind.name, record["uid"]))
            )
            clash = _clashing_cell(conn, index, plan, kind, record) if action == "added" else None
            if clash is not None:
                plan.steps.append((kind.name, "deleted", clash))
                action = "changed"
            counts[action] += 1
            if action == "conflict":
                plan.conflicts.append(
                    f"{_label(kind, here.get(record['uid']) or record)}：两边都已修改"
                )
            plan.steps.append((kind.name, "added" if clash is not None else action, record))
        for local in ordered_orgs([here[u] for u in sorted(gone) if u in here]):
            uid = local["uid"]
            if content_hash(kind, local) == base.get((kind.name, uid)):
                counts["deleted"] += 1
                deletions.append((kind.name, "deleted", local))
            else:
                counts["conflict"] += 1
                plan.conflicts.append(f"{_label(kind, local)}：对方已删除，本地改过，保留")
    plan.steps += reversed(deletions)


def _exchanged(s: Session, kind: Kind, uids: set[str], own: str) -> set[str]:
    """Return the uids among ``uids`` that were exchanged with some office (not made here)."""
    ordered, found = sorted(uids), set[str]()
    for start in range(0, len(ordered), 500):
        query = select(BASELINE.c.uid).where(
            BASELINE.c.kind == kind.name,
            BASELINE.c.office_uid != own,
            BASELINE.c.uid.in_(ordered[start : start + 500]),
        )
        found.update(s.scalars(query))
    return found


def _clashing_cell(
    conn: Connection, index: UidIndex, plan: Plan, kind: Kind, record: Record
) -> Record | None:
    """Return this office's own progress cell that a street's cell of our task replaces."""
    if kind.name != "progress" or ("tasks", record["task_id"]) not in plan.ours:
        return None
    task, org = index.id_of("tasks", record["task_id"]), index.id_of("orgs", record["org_id"])
    table = kind.table
    key = conn.scalar(select(table.c.id).where(table.c.task_id == task, table.c.org_id == org))
    return read_records(conn, kind, index, [key])[0] if key is not None else None


def _refuse_foreign(s: Session, keys: tuple[str, str], kind: Kind, rows: list[Record]) -> None:
    """Refuse records another office already sent (its database was copied from the other)."""
    uids = sorted(r["uid"] for r in rows)
    for start in range(0, len(uids), 500):
        query = (
            select(BASELINE.c.uid, BASELINE.c.office_uid)
            .where(BASELINE.c.kind == kind.name, BASELINE.c.office_uid.not_in(keys))
            .where(BASELINE.c.uid.in_(uids[start : start + 500]))
            .limit(1)
        )
        found = s.execute(query).first()
        if found is None:
            continue
        other = s.scalar(
            select(PacketReceipt.office_name).where(PacketReceipt.office_uid == found[1]).limit(1)
        )
        record = next(r for r in rows if r["uid"] == found[0])
        raise PacketError(
            f"数据包中的{_label(kind, record)}与“{other or '本单位'}”的记录是同一条"
            "（两个单位的数据库可能复制自同一份），已拒绝导入"
        )


def _action(kind: Kind, record: Record, local: Record | None, baseline: str | None) -> str:
    theirs = content_hash(kind, record)
    if local is None:
        if baseline is None or theirs != baseline:
            return "added" if baseline is None else "conflict"
        return "kept"
    mine = content_hash(kind, local)
    if theirs == mine:
        return "same"
    if baseline is None or mine == baseline:
        return "changed"
    if theirs == baseline:
        return "kept"
    return "conflict"


def _store_files(s: Session, packet: Packet, index: UidIndex) -> None:
    """Store the packet's files this database lacks (stored once per SHA-256)."""
    for sha, content in sorted(packet.files.items()):
        if index.id_of(FILES, sha) is None:
            result = s.connection().execute(
                insert(ATTACHMENT).values(sha256=sha, size=len(content), content=content)
            )
            key = result.inserted_primary_key
            assert key is not None
            index.add(FILES, sha, int(key[0]))


def _settle_new_tasks(s: Session, ctx: AppContext, added: list[list[str]]) -> list[list[str]]:
    """Give tasks that came down progress rows for this office's units; return their uids."""
    from brandoffice.services.participation import settle_progress
    from brandoffice.services.record_tasks import settle_records

    uids = [uid for kind_name, uid in added if kind_name == "tasks"]
    if not uids:
        return []
    tasks, progress = BY_NAME["tasks"].table, BY_NAME["progress"].table
    ids = list(s.scalars(select(tasks.c.id).where(tasks.c.uid.in_(uids))))
    settle_progress(s, task_ids=ids)
    settle_records(s, ctx.today(), task_ids=ids)
    query = select(progress.c.uid).where(progress.c.task_id.in_(ids))
    return [["progress", str(uid)] for uid in s.scalars(query)]


def apply_plan(
    s: Session, ctx: AppContext, packet: Packet, plan: Plan, key: str, filename: str
) -> PacketReceipt:
    """Write the plan in the caller's transaction and keep a receipt to undo it."""
    conn = s.connection()
    index = UidIndex(conn)
    _store_files(s, packet, index)
    before_base = sorted(_baselines(s, key).items())
    added: list[list[str]] = []
    before: list[list[Any]] = []
    touched: dict[str, set[str]] = {}
    for kind_name, action, record in plan.steps:
        if action in ("changed", "deleted"):
            touched.setdefault(kind_name, set()).add(record["uid"])
    old = {name: _here(conn, index, BY_NAME[name], uids) for name, uids in touched.items()}
    for kind_name, action, record in plan.steps:
        kind = BY_NAME[kind_name]
        if action in ("changed", "deleted"):
            before.append([kind_name, old[kind_name][record["uid"]]])
        if action in ("added", "changed"):
            write_record(conn, kind, record, index)
            if action == "added":
                added.append([kind_name, record["uid"]])
        elif action == "deleted":
            delete_record(conn, kind, record["uid"], index)
    if plan.direction == "down":
        added += _settle_new_tasks(s, ctx, added)
    sent = {
        name: [r for r in rows if (name, r["uid"]) not in plan.ours]
        for name, rows in packet.records.items()
    }
    set_baselines(s, key, sent, replace=plan.direction == "up")
    receipt = PacketReceipt(
        office_uid=plan.office_uid,
        office_name=plan.office_name,
        direction=plan.direction,
        created_at=dt.datetime.fromisoformat(str(packet.manifest["created_at"])),
        digest=packet.digest,
        filename=filename,
        imported_at=ctx.clock(),
        summary={
            "sequence": plan.sequence,
            "counts": {k: dict(v) for k, v in plan.counts.items()},
            "conflicts": plan.conflicts,
        },
        undo={"key": key, "added": added, "before": before, "baselines": before_base},
    )
    s.add(receipt)
    s.flush()
    return receipt


@dataclass(frozen=True)
class ImportResult:
    """The outcome of an import (or of a dry run)."""

    plan: Plan
    written: bool
    receipt_id: int | None


def import_packet(ctx: AppContext, path: Path, *, dry_run: bool = False) -> ImportResult:
    """Verify a packet, decide, and (unless ``dry_run``) apply it all or nothing.

    Raises:
        PacketError: The packet is damaged, altered, older than one imported or not for us.
    """
    if not dry_run:
        ctx.require(Action.IMPORT)
    packet = read_packet(Path(path))
    if not dry_run and ctx.db.is_sqlite and ctx.db.path is not None:
        from brandoffice.maintenance import backup

        backup(ctx, reason="before-import")
    try:
        with ctx.db.write.begin() as s:
            plan, key = plan_import(s, packet)
            if dry_run or plan.already:
                s.rollback()
                return ImportResult(plan, False, None)
            receipt = apply_plan(s, ctx, packet, plan, key, Path(path).name)
            way = "报送" if plan.direction == "up" else "下发"
            audit.record(
                s,
                ctx,
                f"导入{way}数据包",
                object_type="数据包",
                object_id=receipt.id,
                object_name=f"{plan.office_name}：{Path(path).name}",
                detail=f"新增 {plan.total('added')}，更新 {plan.total('changed')}，"
                f"删除 {plan.total('deleted')}，冲突 {len(plan.conflicts)}",
            )
            return ImportResult(plan, True, receipt.id)
    except IntegrityError as exc:
        raise PacketError(
            f"导入数据包“{Path(path).name}”失败：其中的记录与本数据库已有记录重复或仍被引用"
            f"（{type(exc.orig).__name__}），数据库未作任何修改"
        ) from exc
