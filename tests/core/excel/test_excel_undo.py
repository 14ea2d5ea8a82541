"""Undo the last import: delete what it added, restore what it changed, or refuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brandoffice.errors import KnownError
from brandoffice.excel import import_kind, undo_last_import
from brandoffice.listing import list_kind
from brandoffice.paths import backup_dir
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgService
from tests.conftest import FakeClock
from tests.core.excel.conftest import Street
from tests.core.excel.excel_helpers import id_number, snapshot, write_tasks, write_xlsx

ORG_HEADER = ["组织名称", "上级组织", "组织类别", "组织层级", "书记"]
MEMBER_HEADER = ["姓名", "所属组织", "党员类别", "身份证号", "联系电话"]


def import_orgs(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        ORG_HEADER,
        [
            ["阳光社区党委", "幸福街道党工委", "党委", "村社区", "周明"],
            ["阳光第一党支部", "幸福街道党工委/阳光社区党委", "党支部", "基层单位", None],
            ["和平社区党委", "幸福街道党工委", "党委", "村社区", "吴芳"],
        ],
    )
    summary = import_kind(ctx, "orgs", path)
    assert (summary.inserted, summary.updated) == (2, 1)


def records(ctx: AppContext, kind: str) -> list[dict[str, Any]]:
    """The records of a kind without the fields every save changes."""
    return [
        {k: v for k, v in r.items() if k not in ("version", "updated_at")}
        for r in list_kind(ctx, kind, reveal=True)
    ]


def test_nothing_to_undo(ctx: AppContext) -> None:
    with pytest.raises(KnownError, match="没有可以撤销的导入"):
        undo_last_import(ctx)


def test_undo_deletes_added_and_restores_changed_records(
    ctx: AppContext, street: Street, tmp_path: Path, clock: FakeClock
) -> None:
    members = MemberService(ctx)
    members.create(
        MemberDraft(
            org_id=street.happy,
            name="陈晓红",
            category="在职党员",
            id_number=id_number(124),
            phone="13812345678",
        )
    )
    before = snapshot(ctx)
    before_records = {kind: records(ctx, kind) for kind in ("orgs", "members")}
    import_orgs(ctx, tmp_path)
    path = write_xlsx(
        tmp_path / "members.xlsx",
        MEMBER_HEADER,
        [
            ["陈晓红", "阳光第一党支部", "流动党员", id_number(124), "13900001111"],
            ["刘强", "阳光社区党委", "在职党员", id_number(131), None],
        ],
    )
    summary = import_kind(ctx, "members", path)
    assert (summary.inserted, summary.updated) == (1, 1)
    moved = {m["name"]: m for m in list_kind(ctx, "members", reveal=True)}
    assert (moved["陈晓红"]["org"], moved["陈晓红"]["phone"]) == ("阳光第一党支部", "13900001111")

    undone = undo_last_import(ctx)
    assert str(undone) == str(summary)
    back = {m["name"]: m for m in list_kind(ctx, "members", reveal=True)}
    assert set(back) == {"陈晓红"}
    assert (back["陈晓红"]["org"], back["陈晓红"]["phone"]) == ("幸福驿站社区党委", "13812345678")
    assert back["陈晓红"]["category"] == "在职党员"

    clock.advance(seconds=1)
    undo_last_import(ctx)
    after = snapshot(ctx)
    peace = OrgService(ctx).get(street.peace)
    assert (peace.secretary, peace.version) == (None, 1)  # as before the import
    for kind in ("orgs", "members"):
        assert records(ctx, kind) == before_records[kind], kind
    for table in ("brands", "task_progress", "campaigns", "leading_group_seats"):
        assert after[table] == before[table], table
    with pytest.raises(KnownError, match="没有可以撤销的导入"):
        undo_last_import(ctx)
    assert len(list(backup_dir(ctx.db.path).glob("*before-undo-import*"))) == 2  # type: ignore[arg-type]


def test_undo_refused_when_added_units_got_members(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    import_orgs(ctx, tmp_path)
    sunshine = OrgService(ctx).find("阳光社区党委")
    MemberService(ctx).create(MemberDraft(org_id=sunshine.id, name="王芳", category="在职党员"))
    before = snapshot(ctx)
    with pytest.raises(KnownError) as info:
        undo_last_import(ctx)
    assert "新增的组织下又添加了党员（1 条）" in str(info.value)
    assert snapshot(ctx) == before


def test_undo_refused_when_an_updated_record_changed_since(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    import_orgs(ctx, tmp_path)
    OrgService(ctx).rename(street.peace, "和平新村社区党委")
    with pytest.raises(KnownError, match="导入时更新的 1 条记录后来又被修改或删除"):
        undo_last_import(ctx)


def test_undo_of_tasks_removes_campaign_phases_and_progress(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    before = snapshot(ctx)
    path = write_tasks(
        tmp_path / "tasks.xlsx",
        ["2026年创建活动", 2026, "动员部署", None, None, "制定方案", "2026-4-15"],
    )
    summary = import_kind(ctx, "tasks", path)
    assert "生成任务进度 10 条" in str(summary)
    progress = write_xlsx(
        tmp_path / "progress.xlsx",
        ["创建活动", "任务", "单位", "完成情况"],
        [
            ["2026年创建活动", "成立领导小组", "和平社区党委", "已完成"],
        ],
    )
    import_kind(ctx, "progress", progress)
    undo_last_import(ctx)
    undo_last_import(ctx)
    after = snapshot(ctx)
    for table in ("campaigns", "phases", "tasks", "task_progress", "organisations"):
        assert after[table] == before[table], table


def test_undo_of_tasks_refused_once_units_report_progress(
    ctx: AppContext, street: Street, tmp_path: Path
) -> None:
    path = write_tasks(tmp_path / "tasks.xlsx")
    import_kind(ctx, "tasks", path)
    campaigns = CampaignService(ctx)
    task = campaigns.tasks()[0]
    campaigns.set_progress([(task.id, street.peace)], "进行中")
    with pytest.raises(KnownError, match="相关任务已登记进度（1 条）"):
        undo_last_import(ctx)
