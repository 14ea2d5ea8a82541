"""Verify the audit log and name the tampering: signatures, links, anchors and triggers.

The ten ways of rewriting the log this finds (each named in Chinese in ``check``):
an edited entry, an edit with the hashes recomputed, deleted entries in the middle,
entries put in another order, deleted newest entries, deleted old entries with a
forged pruning anchor, a forged entry, dropped protective triggers, a tampered copy
put back in place, and a log emptied altogether.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from brandoffice.errors import StorageError
from brandoffice.model import AuditEntry, table_of
from brandoffice.safety.auditcopies import COPY_ANCHOR
from brandoffice.safety.auditkey import (
    Anchor,
    AuditKey,
    database_identity,
    key_is_explicit,
    known_anchor,
    load_key,
    missing_key_message,
)
from brandoffice.services.audit import GENESIS, entry_hash, entry_mac, fields_of
from brandoffice.setting_rows import stored

AUDIT = table_of(AuditEntry)
PRUNE_ANCHOR = "audit_anchor"
KEYED_FROM = "audit_keyed_from"

EDITED = "改动条目"
REHASHED = "改动后重算哈希"
DELETED_MIDDLE = "删除中间的条目"
REORDERED = "调换条目顺序"
DELETED_NEWEST = "删除最新的条目"
DELETED_OLD = "删除旧条目并伪造锚点"
FORGED = "伪造条目"
TRIGGERS = "删除保护触发器"
TAMPERED_COPY = "换回被篡改的副本"
CLEARED = "清空审计日志"
CASES = (
    EDITED,
    REHASHED,
    DELETED_MIDDLE,
    REORDERED,
    DELETED_NEWEST,
    DELETED_OLD,
    FORGED,
    TRIGGERS,
    TAMPERED_COPY,
    CLEARED,
)

TAMPER_ADVICE = "（不能修复，请保留现场并报告）"
SQLITE_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")
POSTGRES_TRIGGERS = ("audit_log_append_only", "audit_log_no_truncate")
_COLUMNS = [
    AUDIT.c[name]
    for name in (
        "id",
        "at",
        "account",
        "action",
        "object_type",
        "object_id",
        "object_name",
        "result",
        "detail",
        "prev_hash",
        "hash",
        "key_id",
        "seq",
    )
]


@dataclass(frozen=True)
class Tamper:
    """One way the log was rewritten, with the first entry where it shows."""

    case: str
    entry: int | None
    text: str

    @property
    def line(self) -> str:
        """Return the line shown in ``check`` and the window."""
        return f"审计日志被篡改（{self.case}）：{self.text}{TAMPER_ADVICE}"


@dataclass
class ChainReport:
    """What the verification found.

    Attributes:
        tampering: One finding per case, first occurrence (problems).
        notes: What cannot be verified here (warnings, not tampering).
        entries: How many entries the log holds.
    """

    tampering: list[Tamper] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    entries: int = 0

    @property
    def cases(self) -> list[str]:
        """Return the names of the cases found."""
        return [t.case for t in self.tampering]

    @property
    def first_break(self) -> int | None:
        """Return the first entry involved, or 0 for a fault not tied to one, or None."""
        if not self.tampering:
            return None
        ids = [t.entry for t in self.tampering if t.entry is not None]
        return min(ids) if ids else 0

    def add(self, case: str, entry: int | None, message: str) -> None:
        """Record a case once (its first occurrence)."""
        if case not in self.cases:
            self.tampering.append(Tamper(case, entry, message))


@dataclass(frozen=True)
class PruneAnchor:
    """Where the chain starts after a pruning: the first kept entry and the hash before it."""

    first: int
    prev: str
    key: str | None
    sig: str | None

    def payload(self) -> dict[str, object]:
        """Return the signed fields."""
        return {"first": self.first, "prev": self.prev, "key": self.key}

    def to_json(self) -> str:
        """Return the setting's value."""
        return json.dumps({**self.payload(), "sig": self.sig}, sort_keys=True)

    @staticmethod
    def make(first: int, prev: str, key: AuditKey) -> PruneAnchor:
        """Return an anchor signed with ``key``."""
        bare = PruneAnchor(first, prev, key.id, None)
        return PruneAnchor(first, prev, key.id, key.mac(bare.payload()))

    @staticmethod
    def parse(value: str | None) -> PruneAnchor | None:
        """Read the setting: signed JSON, or an older program's ``id:hash``."""
        if not value:
            return None
        if value.startswith("{"):
            try:
                raw = json.loads(value)
                return PruneAnchor(int(raw["first"]), str(raw["prev"]), raw["key"], raw["sig"])
            except (ValueError, TypeError, KeyError):
                return PruneAnchor(0, "", None, None)
        first, _, prev = value.partition(":")
        try:
            return PruneAnchor(int(first), prev, None, None)
        except ValueError:
            return PruneAnchor(0, "", None, None)


def current_anchor(session: Session) -> Anchor | None:
    """Return the newest entry's anchor (unsigned), or None for an empty log."""
    row = session.execute(
        select(AUDIT.c.id, AUDIT.c.seq, AUDIT.c.hash, AUDIT.c.key_id)
        .order_by(AUDIT.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return Anchor(int(row.id), row.seq, str(row.hash), str(row.key_id or ""))


def signed_anchor(session: Session) -> Anchor | None:
    """Return the newest entry's anchor signed with this install's key (None without either)."""
    anchor = current_anchor(session)
    try:
        key = load_key()
    except StorageError:
        return None
    return anchor.signed(key) if anchor is not None and key is not None else None


def _key_or_note(report: ChainReport) -> AuditKey | None:
    try:
        return load_key()
    except StorageError as exc:
        report.notes.append(f"{exc}；无法在本机验证审计日志的签名")
        return None


def inspect_chain(session: Session, *, against_known: bool = True) -> ChainReport:
    """Verify the whole log and name every kind of tampering found.

    Args:
        session: A read session on the database.
        against_known: Compare with the newest anchor this install saw (off when
            checking a backup being restored, which is older by nature).
    """
    report = ChainReport()
    key = _key_or_note(report)
    known = known_anchor(database_identity(session.get_bind().engine.url))
    if known is not None and (key is None or not known.sig_ok(key)):
        known = None
    _walk(session, key, known, report)
    triggers(session, report)
    copy = _copy_anchor(session, key, report)
    if against_known and known is not None:
        _against(session, known, copy is not None, report)
    return report


def first_break(session: Session) -> int | None:
    """Return the first entry id involved in any tampering (0: not tied to one), or None."""
    return inspect_chain(session).first_break


class _Walk:
    """State of the walk over the entries in id order."""

    def __init__(self, session: Session, key: AuditKey | None, known: Anchor | None) -> None:
        self.session = session
        self.key = key
        self.known = known
        # one key signs the whole log: a file on one PC, or a district sharing its key
        self.one_key = session.get_bind().dialect.name == "sqlite" or key_is_explicit()
        self.keyed_from = int(stored(session, KEYED_FROM) or 0)
        self.prune = PruneAnchor.parse(stored(session, PRUNE_ANCHOR))
        self.prev: Any = None
        self.keyed_seen = False
        self.ours_seen = False
        self.flagged: set[int] = set()
        self.breaks: list[tuple[Any, Any]] = []
        self.foreign: dict[str, list[int]] = {}
        self.unsigned_here = 0


def _walk(session: Session, key: AuditKey | None, known: Anchor | None, r: ChainReport) -> None:
    w = _Walk(session, key, known)
    query = select(*_COLUMNS).order_by(AUDIT.c.id)
    for row in session.execute(query, execution_options={"yield_per": 2000}):
        r.entries += 1
        if w.prev is None:
            _start(w, row, r)
        elif row.prev_hash != w.prev.hash and w.prev.id not in w.flagged:
            w.breaks.append((w.prev, row))
        _content(w, row, r)
        w.prev = row
    _classify_breaks(w, r)
    if w.unsigned_here:
        r.notes.append(missing_key_message() + f"（{w.unsigned_here} 条）")
    for key_id, (first, last, count) in w.foreign.items():
        r.notes.append(
            f"审计日志第 {first}–{last} 条中有 {count} 条由另一个密钥（指纹 {key_id}）签名，"
            "本机没有这个密钥，无法在本机验证；这不说明日志被改动过。如果这些记录写在别的电脑上，"
            "请在那里检查，或把那台电脑（或服务器）的密钥文件用 BRANDOFFICE_AUDIT_KEY 指定后再检查"
        )


def _start(w: _Walk, row: Any, r: ChainReport) -> None:
    """Check where the chain starts: the genesis hash, or a pruning's anchor."""
    prune = w.prune
    if prune is None:
        if row.prev_hash != GENESIS:
            r.add(
                DELETED_OLD,
                row.id,
                f"第 {row.id} 条之前的条目被删除，而没有清理记录（锚点）",
            )
        return
    if prune.first != row.id or prune.prev != row.prev_hash:
        r.add(
            DELETED_OLD,
            row.id,
            f"清理锚点指向第 {prune.first} 条，而日志从第 {row.id} 条开始且接不上："
            "旧条目被删除，锚点是伪造的",
        )
    elif prune.sig is None:
        if row.key_id is not None:  # older programs' anchors come before any signed entry
            r.add(DELETED_OLD, row.id, "清理锚点没有签名，而其后的条目已签名：锚点是伪造的")
    elif w.key is not None and prune.key == w.key.id:
        if not hmac.compare_digest(prune.sig, w.key.mac(prune.payload())):
            r.add(DELETED_OLD, row.id, "清理锚点的签名不符：锚点是伪造的，旧条目被删除过")
    else:
        r.notes.append("清理锚点由另一个密钥签名，本机无法验证")


def _content(w: _Walk, row: Any, r: ChainReport) -> None:
    """Check one entry's hash or signature."""
    fields = fields_of(row)
    if row.key_id is None:
        if w.keyed_seen or row.id > w.keyed_from:
            w.flagged.add(row.id)
            r.add(FORGED, row.id, f"第 {row.id} 条没有签名，却写在启用签名之后：是伪造的")
        elif row.hash != entry_hash(row.prev_hash, fields):
            w.flagged.add(row.id)
            r.add(EDITED, row.id, f"第 {row.id} 条（升级前的旧记录）的内容与哈希不符：被改动过")
        return
    w.keyed_seen = True
    key = w.key
    if key is None:
        w.unsigned_here += 1
        return
    if row.key_id != key.id:
        if w.ours_seen and w.one_key:
            w.flagged.add(row.id)
            r.add(
                FORGED,
                row.id,
                f"第 {row.id} 条用另一个密钥（指纹 {row.key_id}）签名，却写在本机签名的条目之后："
                "这个数据库只用一个密钥（单机文件，或全区共用的密钥），这是伪造的条目",
            )
        else:
            span = w.foreign.setdefault(str(row.key_id), [row.id, row.id, 0])
            span[1], span[2] = row.id, span[2] + 1
        return
    w.ours_seen = True
    if row.seq is not None and hmac.compare_digest(
        row.hash, entry_mac(key, row.prev_hash, int(row.seq), fields)
    ):
        return
    w.flagged.add(row.id)
    if w.known is not None and row.id > w.known.id:
        r.add(FORGED, row.id, f"第 {row.id} 条的签名不符，本机也没有写过它：是伪造的条目")
    elif row.hash == entry_hash(row.prev_hash, fields):
        r.add(
            REHASHED,
            row.id,
            f"第 {row.id} 条被改动，并用不带密钥的哈希重算过（没有密钥，签名无法伪造）",
        )
    else:
        r.add(EDITED, row.id, f"第 {row.id} 条的内容与签名不符：被改动过")


def _classify_breaks(w: _Walk, r: ChainReport) -> None:
    """Name each place where an entry does not follow the one before it."""
    for before, row in w.breaks[:20]:
        holder = w.session.scalar(
            select(AUDIT.c.id).where(AUDIT.c.hash == row.prev_hash).order_by(AUDIT.c.id).limit(1)
        )
        if holder is not None:
            r.add(
                REORDERED,
                row.id,
                f"第 {row.id} 条本应接在第 {holder} 条之后，现在却排在第 {before.id} 条之后："
                "条目的顺序被调换过",
            )
        elif before.key_id is None and row.key_id is not None:
            r.add(
                REHASHED,
                before.id,
                f"升级前的旧记录（到第 {before.id} 条）被改动并重算了哈希："
                f"第 {row.id} 条签名时记下的前一条哈希对不上",
            )
        else:
            r.add(
                DELETED_MIDDLE,
                row.id,
                f"第 {before.id} 条与第 {row.id} 条之间的条目被删除（两条接不上）",
            )


def triggers(session: Session, report: ChainReport) -> None:
    """Check that the triggers making the log append-only are in place and enabled."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        names = set(
            session.scalars(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
                )
            )
        )
        missing = [n for n in SQLITE_TRIGGERS if n not in names]
    elif dialect == "postgresql":
        rows = session.execute(
            text(
                "SELECT tgname, tgenabled FROM pg_trigger"
                " WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal"
            )
        ).all()
        enabled = {str(name) for name, state in rows if state != "D"}
        missing = [n for n in POSTGRES_TRIGGERS if n not in enabled]
    else:
        return
    if missing:
        report.add(
            TRIGGERS,
            None,
            f"保护审计日志的触发器 {'、'.join(missing)} 被删除或停用：日志可以被任意改动或删除；"
            "需由维护人员以数据库所有者身份重建",
        )


def _copy_anchor(session: Session, key: AuditKey | None, r: ChainReport) -> Anchor | None:
    """Check a backup copy put in place by hand against the anchor written into it."""
    value = stored(session, COPY_ANCHOR)
    if value is None:
        return None
    anchor = Anchor.from_json(value)
    if anchor is None or key is None or anchor.key != key.id:
        r.notes.append("数据库是直接拷回的备份副本，其中的锚点本机无法验证；请用“恢复备份”恢复")
        return anchor
    if not anchor.sig_ok(key):
        r.add(TAMPERED_COPY, anchor.id, "拷回的备份副本中的锚点签名不符：副本被改动过")
        return anchor
    mac = session.scalar(select(AUDIT.c.hash).where(AUDIT.c.id == anchor.id))
    if mac != anchor.mac:
        r.add(
            TAMPERED_COPY,
            anchor.id,
            f"数据库是直接拷回的备份副本，备份时的最新记录是{anchor.describe()}，"
            "副本中的日志与它不符：副本被改动过",
        )
    else:
        r.notes.append("数据库是直接拷回的备份副本（没有用“恢复备份”）；审计日志与备份时一致")
    return anchor


def _against(session: Session, known: Anchor, is_copy: bool, r: ChainReport) -> None:
    """Compare the log with the newest anchor this install saw in this database."""
    if r.entries == 0:
        r.add(
            CLEARED,
            None,
            f"审计日志是空的，而本机记下的最新记录是{known.describe()}：整个日志被清空过",
        )
        return
    mac = session.scalar(select(AUDIT.c.hash).where(AUDIT.c.id == known.id))
    if mac == known.mac:
        return
    if mac is not None and any(t.entry is not None and t.entry <= known.id for t in r.tampering):
        return  # an entry up to it was rewritten: already named by the walk
    first = int(session.scalar(select(func.min(AUDIT.c.id))) or 0)
    newest = int(session.scalar(select(func.max(AUDIT.c.id))) or 0)
    if mac is None and known.id < first:
        return  # pruned: the pruning anchor was checked with the chain
    if is_copy:
        r.add(
            TAMPERED_COPY,
            known.id,
            f"数据库被换成了较旧或被改动的副本：本机记下的最新记录是{known.describe()}，"
            f"副本中{'没有这一条' if mac is None else '这一条不同'}",
        )
    elif mac is None:
        r.add(
            DELETED_NEWEST,
            known.id,
            f"本机记下的最新记录是{known.describe()}，数据库中只到第 {newest} 条："
            "最新的条目被删除过",
        )
    else:
        r.add(
            DELETED_NEWEST,
            known.id,
            f"第 {known.id} 条与本机记下的锚点{known.describe()}不同："
            "最新的条目被删除后又写入过，或数据库被换成了另一个副本",
        )
