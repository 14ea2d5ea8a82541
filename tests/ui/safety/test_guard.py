"""The write guard behind a 领导's disabled buttons, and what each role's window allows."""

from __future__ import annotations

import pytest

from brandoffice.safety.accounts import sign_out
from brandoffice.safety.permissions import Action, PermissionDeniedError
from brandoffice.safety.write_guard import WriteGuard, written_table
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from ui.safety.access import LEADER_TEXT, READ_ONLY_DB_TEXT, Access


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("SELECT * FROM organisations", None),
        ("  PRAGMA foreign_keys=ON", None),
        ("BEGIN IMMEDIATE", None),
        ("SAVEPOINT sa_1", None),
        ('INSERT INTO "audit_log" (at) VALUES (?)', ("INSERT", "audit_log")),
        ("insert or replace into settings (key) values (?)", ("INSERT", "settings")),
        ("UPDATE accounts SET failed_count=?", ("UPDATE", "accounts")),
        ("DELETE FROM members WHERE id=?", ("DELETE", "members")),
        ("WITH x AS (SELECT 1) DELETE FROM brands", ("DELETE", "brands")),
        ("WITH RECURSIVE t(id) AS (SELECT 1) SELECT updated_at FROM t", None),
        ("DROP TABLE organisations", ("DROP", "organisations")),
    ],
)
def test_written_table(statement: str, expected: tuple[str, str] | None) -> None:
    assert written_table(statement) == expected


def test_guard_refuses_edits_of_a_leader_only(ctx: AppContext) -> None:
    guard = WriteGuard(ctx.db)
    orgs = OrgService(ctx)
    try:
        guard.role = "领导"
        with pytest.raises(PermissionDeniedError, match="只能查看和生成报表"):
            orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
        assert orgs.all_rows() == []
        sign_out(ctx)  # audit entries go through
        guard.role = "组织员"
        orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
        guard.role = None
        assert len(orgs.all_rows()) == 1
    finally:
        guard.remove()


def test_access_by_role_and_database() -> None:
    everyone = Access()
    assert everyone.editable and everyone.banner() is None and everyone.status_text() == ""
    leader = Access(role="领导", account="李领导")
    assert not leader.editable and leader.may(Action.REPORT) and not leader.may(Action.EXPORT)
    assert leader.banner() == LEADER_TEXT and leader.status_text() == "账户：李领导（领导）"
    reader = Access(role="管理员", account="王管理", read_only_db=True)
    assert reader.banner() == READ_ONLY_DB_TEXT
    assert reader.may(Action.AUDIT) and not reader.may(Action.BACKUP)
    assert not Access(role="").editable and Access(role="").banner() is None
