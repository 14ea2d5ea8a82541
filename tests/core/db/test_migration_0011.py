"""Revision 0011: the audit log signed with a key outside the database, over an older log."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select

from brandoffice.app import open_context
from brandoffice.db.engine import make_engine
from brandoffice.db.migrate import alembic_config, upgrade
from brandoffice.maintenance import check
from brandoffice.model import AuditEntry, Setting
from brandoffice.safety.auditchain import EDITED, REHASHED
from brandoffice.services import audit
from brandoffice.services.audit import GENESIS, entry_hash


def _fields(i: int, name: str) -> dict[str, object]:
    return {
        "at": dt.datetime(2026, 5, 1, 9, i).isoformat(),
        "account": "本机用户",
        "action": "新增组织",
        "object_type": "组织",
        "object_id": i,
        "object_name": name,
        "result": "成功",
        "detail": None,
    }


def _old_log(names: list[str]) -> list[tuple[object, ...]]:
    """Return the rows an older program wrote: a plain SHA-256 chain."""
    rows: list[tuple[object, ...]] = []
    prev = GENESIS
    for i, name in enumerate(names, start=1):
        fields = _fields(i, name)
        digest = entry_hash(prev, fields)
        at = dt.datetime(2026, 5, 1, 9, i).strftime("%Y-%m-%d %H:%M:%S")
        rows.append((i, at, name, prev, digest))
        prev = digest
    return rows


def _insert(path: Path, rows: list[tuple[object, ...]]) -> None:
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO audit_log (id, at, account, action, object_type, object_id, object_name,"
        " result, detail, prev_hash, hash) VALUES (?, ?, '本机用户', '新增组织', '组织', ?1, ?, '成功',"
        " NULL, ?, ?)",
        rows,
    )
    con.commit()
    con.close()


def _problems(url: str) -> list[str]:
    ctx = open_context(url)
    try:
        return check(ctx).problems
    finally:
        ctx.db.dispose()


def test_older_entries_keep_verifying_and_new_ones_are_signed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url, "0009")
    _insert(path, _old_log(["一支部", "二支部", "三支部"]))
    ctx = open_context(url)  # migrates to the head
    try:
        assert check(ctx).ok
        with ctx.db.write.begin() as s:
            audit.record(s, ctx, "新增组织", object_name="四支部")
        with ctx.db.read() as s:
            rows = s.execute(
                select(AuditEntry.id, AuditEntry.seq, AuditEntry.key_id).order_by(AuditEntry.id)
            ).all()
            unsigned = s.scalars(select(AuditEntry.id).where(AuditEntry.key_id.is_(None)))
            assert list(unsigned) == [1, 2, 3]
            assert s.get(Setting, "audit_keyed_from").value == "3"  # type: ignore[union-attr]
        assert [r.seq for r in rows] == [None, None, None, 4]
        assert rows[-1].key_id is not None
        assert check(ctx).ok
    finally:
        ctx.db.dispose()
    # an old entry edited
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET object_name = '改过' WHERE id = 2")
    con.commit()
    problems = _problems(url)
    assert any(f"审计日志被篡改（{EDITED}）：第 2 条（升级前的旧记录）" in p for p in problems)
    # the old part rewritten with its plain hashes recomputed: the first signed entry disagrees
    for row in _old_log(["一支部", "改过", "三支部"]):
        con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (*row[3:], row[0]))
    con.commit()
    con.close()
    problems = _problems(url)
    assert any(f"审计日志被篡改（{REHASHED}）：升级前的旧记录（到第 3 条）" in p for p in problems)


def test_downgrade_removes_the_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "0009")
    engine = make_engine(url)
    columns = {c["name"] for c in inspect(engine).get_columns("audit_log")}
    engine.dispose()
    assert "key_id" not in columns and "seq" not in columns
    upgrade(url)
