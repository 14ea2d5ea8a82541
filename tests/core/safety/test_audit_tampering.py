"""The ten ways of rewriting the audit log (issue 20): each found by ``check`` and named."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from brandoffice.errors import StorageError
from brandoffice.maintenance import check, restore
from brandoffice.model import AuditEntry
from brandoffice.safety import auditchain as chain
from brandoffice.safety.auditkey import KEY_ENV, load_key
from brandoffice.safety.auditlog import query_audit
from brandoffice.safety.backups import take_backup
from brandoffice.services.audit import entry_hash, fields_of
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService


@pytest.fixture
def logged(ctx: AppContext) -> AppContext:
    """An empty database after ``init`` with five units added (five signed entries)."""
    for i in range(5):
        OrgService(ctx).create(OrgDraft(name=f"第{i}党支部", kind="党支部", level="村社区"))
    assert check(ctx).ok
    ctx.db.dispose()
    return ctx


def _tamper(db_path: Path, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    """Rewrite the file as an outsider would: drop the triggers, change, put the triggers back."""
    con = sqlite3.connect(db_path)
    saved = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    ).fetchall()
    for name, _sql in saved:
        con.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        sql, params = statement if isinstance(statement, tuple) else (statement, ())
        con.execute(sql, params)
    for _name, sql in saved:
        con.execute(sql)
    con.commit()
    con.close()


def _cases(ctx: AppContext) -> list[str]:
    """Return the cases ``check`` names, asserting each problem says which."""
    report = check(ctx)
    ctx.db.dispose()
    found = [c for c in chain.CASES if any(f"审计日志被篡改（{c}）" in p for p in report.problems)]
    assert len(found) == len(report.problems), report.problems
    return found


def test_an_intact_log_passes_and_every_entry_is_signed(logged: AppContext) -> None:
    key = load_key()
    assert key is not None
    with logged.db.read() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
        assert {r.key_id for r in rows} == {key.id}
    assert _cases(logged) == []


def test_1_an_edited_entry(logged: AppContext, db_path: Path) -> None:
    _tamper(db_path, "UPDATE audit_log SET object_name = '别的名字' WHERE id = 3")
    assert _cases(logged) == [chain.EDITED]


def test_2_an_edit_with_the_hashes_recomputed(logged: AppContext, db_path: Path) -> None:
    with logged.db.read() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        prev = rows[1].hash
        changes: list[tuple[str, tuple[object, ...]]] = []
        for row in rows[2:]:
            fields = fields_of(row)
            if row.id == 3:
                fields["object_name"] = "别的名字"
            new = entry_hash(prev, fields)
            changes.append(
                (
                    "UPDATE audit_log SET object_name = ?, prev_hash = ?, hash = ? WHERE id = ?",
                    (fields["object_name"], prev, new, row.id),
                )
            )
            prev = new
    logged.db.dispose()
    _tamper(db_path, *changes)
    assert _cases(logged) == [chain.REHASHED]


def test_3_deleted_entries_in_the_middle(logged: AppContext, db_path: Path) -> None:
    _tamper(db_path, "DELETE FROM audit_log WHERE id IN (3, 4)")
    assert _cases(logged) == [chain.DELETED_MIDDLE]


def test_4_entries_put_in_another_order(logged: AppContext, db_path: Path) -> None:
    _tamper(
        db_path,
        "UPDATE audit_log SET id = -3 WHERE id = 3",
        "UPDATE audit_log SET id = 3 WHERE id = 4",
        "UPDATE audit_log SET id = 4 WHERE id = -3",
    )
    assert _cases(logged) == [chain.REORDERED]


def test_5_deleted_newest_entries(logged: AppContext, db_path: Path) -> None:
    _tamper(db_path, "DELETE FROM audit_log WHERE id >= 4")
    assert _cases(logged) == [chain.DELETED_NEWEST]


def test_6_deleted_old_entries_with_a_forged_anchor(logged: AppContext, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    prev = con.execute("SELECT prev_hash FROM audit_log WHERE id = 3").fetchone()[0]
    con.close()
    key = load_key()
    assert key is not None
    forged = json.dumps({"first": 3, "prev": prev, "key": key.id, "sig": "0" * 64})
    _tamper(
        db_path,
        "DELETE FROM audit_log WHERE id < 3",
        ("INSERT INTO settings (key, value) VALUES ('audit_anchor', ?)", (forged,)),
    )
    assert _cases(logged) == [chain.DELETED_OLD]
    # an older program's unsigned anchor is no way round it
    _tamper(db_path, ("UPDATE settings SET value = ? WHERE key = 'audit_anchor'", (f"3:{prev}",)))
    assert _cases(logged) == [chain.DELETED_OLD]
    # nor is no anchor at all
    _tamper(db_path, "DELETE FROM settings WHERE key = 'audit_anchor'")
    assert _cases(logged) == [chain.DELETED_OLD]


@pytest.mark.parametrize("signed", [False, True])
def test_7_a_forged_entry(logged: AppContext, db_path: Path, signed: bool) -> None:
    con = sqlite3.connect(db_path)
    prev = con.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    con.close()
    key = load_key()
    assert key is not None
    fields: dict[str, object] = {
        "at": "2026-05-20T09:00:00",
        "account": "本机用户",
        "action": "删除组织",
        "object_type": "组织",
        "object_id": 1,
        "object_name": "第0党支部",
        "result": "成功",
        "detail": None,
    }
    forged = entry_hash(prev, fields)  # without the key a MAC cannot be made
    _tamper(
        db_path,
        (
            "INSERT INTO audit_log (at, account, action, object_type, object_id, object_name,"
            " result, detail, prev_hash, hash, key_id, seq)"
            " VALUES ('2026-05-20 09:00:00', '本机用户', '删除组织', '组织', 1, '第0党支部',"
            " '成功', NULL, ?, ?, ?, ?)",
            (prev, forged, key.id if signed else None, 6 if signed else None),
        ),
    )
    assert _cases(logged) == [chain.FORGED]


def test_8_dropped_triggers(logged: AppContext, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.commit()
    con.close()
    report = check(logged)
    assert _cases(logged) == [chain.TRIGGERS]
    assert any("audit_log_no_delete" in p for p in report.problems)


def test_9_a_tampered_copy_put_back(logged: AppContext, db_path: Path) -> None:
    backup = take_backup(logged, "manual")
    logged.db.dispose()
    _tamper(backup, "UPDATE audit_log SET object_name = '别的名字' WHERE id = 2")
    # put back through the program: refused, the database stays as it was
    with pytest.raises(StorageError, match="备份中的审计日志被篡改（改动条目）：第 2 条"):
        restore(logged, backup)
    assert query_audit(logged, limit=1)[0].result == "失败"
    assert _cases(logged) == []
    # put back by hand over the file
    shutil.copyfile(backup, db_path)
    assert chain.TAMPERED_COPY in _cases(logged)


def test_9_an_older_untouched_copy_put_back_by_hand(logged: AppContext, db_path: Path) -> None:
    backup = take_backup(logged, "manual")
    OrgService(logged).create(OrgDraft(name="新党支部", kind="党支部", level="村社区"))
    logged.db.dispose()
    shutil.copyfile(backup, db_path)
    assert _cases(logged) == [chain.TAMPERED_COPY]


def test_an_untouched_backup_restores_and_checks_clean(logged: AppContext) -> None:
    backup = take_backup(logged, "manual")
    OrgService(logged).create(OrgDraft(name="新党支部", kind="党支部", level="村社区"))
    restore(logged, backup)
    assert query_audit(logged, limit=1)[0].action == "恢复"
    assert _cases(logged) == []


def test_a_backup_with_its_log_emptied_is_refused(logged: AppContext) -> None:
    backup = take_backup(logged, "manual")
    logged.db.dispose()
    _tamper(backup, "DELETE FROM audit_log")
    with pytest.raises(StorageError, match="备份中的审计日志被篡改（换回被篡改的副本）"):
        restore(logged, backup)
    assert _cases(logged) == []


def test_a_backup_of_an_empty_log_restores_clean(ctx: AppContext) -> None:
    backup = take_backup(ctx, "manual")  # written before any entry: it carries no anchor
    restore(ctx, backup)
    assert [r.action for r in query_audit(ctx)] == ["恢复"]
    assert _cases(ctx) == []


def test_10_the_log_emptied(logged: AppContext, db_path: Path) -> None:
    _tamper(db_path, "DELETE FROM audit_log")
    assert _cases(logged) == [chain.CLEARED]


def test_without_the_key_nothing_is_called_tampering(
    logged: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, str(tmp_path / "elsewhere" / "audit.key"))
    report = check(logged)
    assert report.problems == []
    assert any("本机没有审计日志密钥" in w for w in report.warnings)
    with pytest.raises(StorageError, match="找不到审计日志密钥文件"):
        OrgService(logged).create(OrgDraft(name="新党支部", kind="党支部", level="村社区"))


def test_another_key_cannot_sign_in_place_of_ours(
    logged: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.key"
    other.write_text("ab" * 32, "ascii")
    monkeypatch.setenv(KEY_ENV, str(other))
    OrgService(logged).create(OrgDraft(name="新党支部", kind="党支部", level="村社区"))
    monkeypatch.delenv(KEY_ENV)
    logged.db.dispose()
    assert _cases(logged) == [chain.FORGED]  # on one PC's file: a second key is a forgery


@pytest.mark.postgres
def test_tampering_on_postgres_is_named(pg_url: str) -> None:
    from sqlalchemy import text

    from brandoffice.app import open_context
    from brandoffice.db.engine import make_engine

    ctx = open_context(pg_url)
    for i in range(4):
        OrgService(ctx).create(OrgDraft(name=f"第{i}党支部", kind="党支部", level="村社区"))
    assert _cases(ctx) == []
    owner = make_engine(pg_url)  # the owner's credential can switch the triggers off
    with owner.begin() as conn:
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        conn.execute(text("UPDATE audit_log SET object_name = '别的名字' WHERE id = 2"))
    assert _cases(ctx) == [chain.EDITED, chain.TRIGGERS]
    with owner.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id >= 3"))
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
    assert _cases(ctx) == [chain.EDITED, chain.DELETED_NEWEST]
    owner.dispose()
    ctx.db.dispose()


@pytest.mark.postgres
def test_an_entry_under_another_key_on_a_district_server(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brandoffice.app import open_context

    ctx = open_context(pg_url)
    OrgService(ctx).create(OrgDraft(name="第一党支部", kind="党支部", level="村社区"))
    other = tmp_path / "other.key"
    other.write_text("cd" * 32, "ascii")
    monkeypatch.setenv(KEY_ENV, str(other))  # a second PC with its own key
    OrgService(ctx).create(OrgDraft(name="第二党支部", kind="党支部", level="村社区"))
    monkeypatch.delenv(KEY_ENV)
    report = check(ctx)  # per-install keys: this PC cannot verify the other's entries
    assert report.problems == [] and any("另一个密钥" in w for w in report.warnings)
    shared = tmp_path / "district.key"
    shared.write_text("ef" * 32, "ascii")
    monkeypatch.setenv(KEY_ENV, str(shared))  # the district's one key from now on
    OrgService(ctx).create(OrgDraft(name="第三党支部", kind="党支部", level="村社区"))
    assert _cases(ctx) == []
    monkeypatch.setenv(KEY_ENV, str(other))  # an entry signed with any other key after it
    OrgService(ctx).create(OrgDraft(name="第四党支部", kind="党支部", level="村社区"))
    monkeypatch.setenv(KEY_ENV, str(shared))
    assert _cases(ctx) == [chain.FORGED]
    ctx.db.dispose()
