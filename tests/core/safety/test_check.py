"""``brandoffice check``: SQLite's checks, orphans, cycles, counts, progress, with repairs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from brandoffice.cli.main import main
from brandoffice.maintenance import check
from brandoffice.safety.backups import list_backups
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService


def _street(ctx: AppContext) -> tuple[int, int, int]:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇")).id
    a = orgs.create(
        OrgDraft(name="幸福社区党委", kind="党委", level="村社区", parent_id=root, member_count=3)
    ).id
    b = orgs.create(OrgDraft(name="和平社区党委", kind="党委", level="村社区", parent_id=root)).id
    for name in ("张三", "李四"):
        MemberService(ctx).create(MemberDraft(org_id=a, name=name, category="在职党员"))
    return root, a, b


def _raw(db_path: Path, *statements: str) -> None:
    """Write behind the program's back, with foreign keys off (as an old tool might)."""
    con = sqlite3.connect(db_path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def test_a_healthy_database_passes(ctx: AppContext) -> None:
    _street(ctx)
    report = check(ctx)
    assert report.ok, report.problems
    assert report.counts == {"组织": 3, "党员": 2, "任务进度": 0}
    assert report.warnings == ["“幸福社区党委”党员人数 3，名册中有 2 名党员（另有 1 名未录入名册）"]
    assert report.repairable == 0  # a typed figure above the roster is the clerk's to keep


def test_orphans_and_cycles_are_reported_with_names(ctx: AppContext, db_path: Path) -> None:
    root, _a, b = _street(ctx)
    ctx.db.dispose()
    _raw(
        db_path,
        "DELETE FROM organisations WHERE id = 2",  # 幸福社区 with its two members
        f"UPDATE organisations SET parent_id = {b} WHERE id = {root}",  # root under its child
    )
    report = check(ctx)
    text = "\n".join(report.problems)
    assert "2 条党员记录的所属组织不存在（编号 1、2）" in text
    assert "组织树存在循环：" in text and "幸福街道党工委" in text and "和平社区党委" in text
    assert text.count("组织树存在循环") == 1
    assert "外键不一致" not in text  # foreign_key_check rows are named by the orphan check
    assert check(ctx, repair=True).repaired == []  # nothing here is safe to repair


def test_member_counts_are_never_repaired(ctx: AppContext, db_path: Path) -> None:
    _root, a, b = _street(ctx)
    report = check(ctx, repair=True)
    assert report.repaired == [] and report.ok
    assert OrgService(ctx).get(a).member_count == 3  # typed above the roster of 2: kept
    assert OrgService(ctx).get(b).member_count == 0
    assert list_backups(db_path) == []  # nothing to repair: no backup either


def test_missing_progress_rows_are_created_by_repair(ctx: AppContext, db_path: Path) -> None:
    root, _a, _b = _street(ctx)
    campaigns = CampaignService(ctx)
    campaign = campaigns.create_campaign("2026年品牌创建", 2026, scope_org_id=root)
    phase = campaigns.add_phase(campaign.id, "动员部署", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    campaigns.add_task(
        TaskDraft(phase_id=phase.id, name="制定实施方案", due_on=dt.date(2026, 4, 30))
    )
    assert check(ctx).ok
    new = OrgService(ctx).create(
        OrgDraft(name="机关党支部", kind="党支部", level="村社区", parent_id=root)
    )
    assert check(ctx).ok  # a unit added later joins the task at once
    ctx.db.dispose()
    _raw(db_path, f"DELETE FROM task_progress WHERE org_id = {new.id}")  # as an old version did
    report = check(ctx)
    assert report.problems == ["任务“制定实施方案”缺少 1 个适用单位的进度记录"]
    assert report.repairable == 1
    fixed = check(ctx, repair=True)
    assert "任务“制定实施方案”补建 1 个单位的进度记录" in fixed.repaired
    assert fixed.ok and fixed.counts["任务进度"] == 3  # a, b and the new one; not the street


def test_integrity_failure_is_reported_and_never_repaired(ctx: AppContext, db_path: Path) -> None:
    _street(ctx)
    ctx.db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA writable_schema = ON")
    # the index now claims to hold another column than it does: integrity_check notices,
    # the file still opens
    con.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_members_name ON members (initials)'"
        " WHERE name = 'ix_members_name'"
    )
    con.commit()
    con.close()
    report = check(ctx, repair=True)
    assert not report.ok and report.repaired == []
    assert report.problems[-1].startswith("数据库文件已损坏")


def test_check_on_the_command_line(
    ctx: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _street(ctx)
    assert main(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "提示：“幸福社区党委”党员人数 3，名册中有 2 名党员" in out
    assert "check --repair" not in out  # nothing to repair
    assert main(["--db", str(db_path), "check", "--repair"]) == 0
    assert "已修复" not in capsys.readouterr().out
