"""The audit log: append-only in the database, hash chain checked, filtered, exported masked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from brandoffice.app import open_context
from brandoffice.errors import ValidationError
from brandoffice.maintenance import check
from brandoffice.safety.auditlog import (
    AuditFilter,
    audit_choices,
    count_audit,
    export_audit,
    prune_audit,
    query_audit,
    verify_audit_chain,
)
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock

ID = "110105199003071234"  # fictitious, right shape
PHONE = "13812345678"


def _record(ctx: AppContext, action: str, **kwargs: object) -> None:
    with ctx.db.write.begin() as s:
        audit.record(s, ctx, action, **kwargs)  # type: ignore[arg-type]


def test_update_and_recent_delete_are_refused_by_the_database(
    ctx: AppContext, clock: FakeClock
) -> None:
    clock.now = dt.datetime.now()  # the trigger compares with the database's own clock
    _record(ctx, "新增组织", object_name="幸福街道党工委")
    with pytest.raises(DBAPIError, match="只能追加"), ctx.db.write.begin() as s:
        s.execute(text("UPDATE audit_log SET action = '删除组织'"))
    with pytest.raises(DBAPIError, match="至少保留 180 天"), ctx.db.write.begin() as s:
        s.execute(text("DELETE FROM audit_log"))
    assert count_audit(ctx) == 1


@pytest.mark.postgres
def test_audit_log_is_append_only_on_postgres(pg_url: str) -> None:
    ctx = open_context(pg_url)
    try:
        _record(ctx, "新增组织", object_name="幸福街道党工委")
        for statement in (
            "UPDATE audit_log SET action = 'x'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(DBAPIError, match="审计日志"), ctx.db.write.begin() as s:
                s.execute(text(statement))
        assert count_audit(ctx) == 1
    finally:
        ctx.db.dispose()


def test_tampering_is_found_by_check(ctx: AppContext, db_path: Path) -> None:
    for i in range(5):
        OrgService(ctx).create(OrgDraft(name=f"第{i}党支部", kind="党支部", level="村社区"))
    assert check(ctx).ok
    ctx.db.dispose()
    # someone with the file drops the trigger and edits an entry
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET object_name = '别的名字' WHERE id = 3")
    con.commit()
    con.close()
    report = check(ctx)
    assert not report.ok
    assert "审计日志被篡改（改动条目）：第 3 条的内容与签名不符：被改动过" in "".join(
        report.problems
    )
    assert any("审计日志被篡改（删除保护触发器）" in p for p in report.problems)


def test_personal_numbers_are_masked_when_recorded(ctx: AppContext) -> None:
    _record(ctx, "导出", detail=f"含身份证 {ID} 与电话 {PHONE}", object_name=f"名单{PHONE}")
    (row,) = query_audit(ctx)
    assert row.detail == "含身份证 110105********1234 与电话 138****5678"
    assert row.object_name == "名单138****5678"
    with ctx.db.read() as s:
        assert verify_audit_chain(s) is None


def test_query_filters(ctx: AppContext, clock: FakeClock) -> None:
    _record(ctx, "新增组织", object_type="组织", object_name="幸福街道党工委")
    clock.advance(days=1)
    other = dataclasses.replace(ctx, account="wangfang")
    _record(other, "导入", object_type="党员", object_name="党员名册.xlsx")
    clock.advance(days=1)
    _record(other, "登录失败", result="失败")
    day2 = dt.datetime(2026, 5, 21)
    assert [r.action for r in query_audit(ctx)] == ["登录失败", "导入", "新增组织"]
    assert [r.action for r in query_audit(ctx, newest_first=False, limit=1)] == ["新增组织"]
    assert [r.action for r in query_audit(ctx, AuditFilter(account="wangfang"))] == [
        "登录失败",
        "导入",
    ]
    flt = AuditFilter(start=day2, end=day2 + dt.timedelta(days=1))
    assert [r.action for r in query_audit(ctx, flt)] == ["导入"]
    assert count_audit(ctx, AuditFilter(object_text="名册")) == 1
    assert count_audit(ctx, AuditFilter(action="登录", result="失败")) == 1
    accounts, actions = audit_choices(ctx)
    assert accounts == ["wangfang", "本机用户"] and "导入" in actions


def test_export_is_masked_and_audited(ctx: AppContext, tmp_path: Path) -> None:
    with ctx.db.write.begin() as s:
        # an entry written before masking existed (or by an older program)
        s.execute(
            text(
                "INSERT INTO audit_log (at, account, action, result, detail, prev_hash, hash)"
                " VALUES ('2026-05-20 08:00:00', 'x', '导出', '成功', :d, :p, 'h')"
            ),
            {"d": f"身份证 {ID}", "p": audit.GENESIS},
        )
    out = tmp_path / "审计日志.xlsx"
    assert export_audit(ctx, out) == 1
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "身份证 110105********1234" in cells and ID not in "".join(map(str, cells))
    assert not list(tmp_path.glob("*.part"))
    assert query_audit(ctx, limit=1)[0].action == "导出审计日志"


def test_prune_keeps_180_days_and_re_anchors_the_chain(ctx: AppContext, clock: FakeClock) -> None:
    clock.now = dt.datetime(2024, 1, 1, 9)
    for i in range(3):
        _record(ctx, f"旧操作{i}")
    clock.now = dt.datetime(2026, 5, 20, 9)
    _record(ctx, "新操作")
    with pytest.raises(ValidationError, match="至少保留 180 天"):
        prune_audit(ctx, keep_days=30)
    assert prune_audit(ctx) == 3
    assert [r.action for r in query_audit(ctx)] == ["清理审计日志", "新操作"]
    assert check(ctx).ok
    with ctx.db.read() as s:
        assert verify_audit_chain(s) is None
    assert prune_audit(ctx) == 0
