"""Units added, imported, moved, regrouped or deleted later keep their task progress rows.

Every scenario starts from an empty database (init), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from brandoffice.excel import import_kind, undo_last_import
from brandoffice.maintenance import check
from brandoffice.model import TaskProgress, table_of
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.participation import applicable_units, progress_gaps
from brandoffice.services.progress_stats import by_unit
from tests.core.excel.excel_helpers import write_xlsx

PROGRESS = table_of(TaskProgress)
ORG_HEADER = ["组织名称", "上级组织", "组织类别", "组织层级", "领域"]


def _street(ctx: AppContext) -> dict[str, int]:
    """A street with two communities and one of their branches, and a campaign of three tasks.

    Tasks: 制定方案 (全部), 社区走访 (按领域 社区), 支部共建 (按类别 党支部); the campaign
    covers the street's subtree. A second root, 区直机关, lies outside it.
    """
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇")).id
    a = orgs.create(
        OrgDraft(name="幸福社区党委", kind="党委", level="村社区", parent_id=root, sector="社区")
    ).id
    b = orgs.create(
        OrgDraft(name="和平社区党委", kind="党委", level="村社区", parent_id=root, sector="社区")
    ).id
    branch = orgs.create(
        OrgDraft(name="第一党支部", kind="党支部", level="基层单位", parent_id=a, sector="社区")
    ).id
    other = orgs.create(OrgDraft(name="区直机关党工委", kind="党工委", level="区县")).id
    campaigns = CampaignService(ctx)
    campaign = campaigns.create_campaign("2026年品牌创建", 2026, scope_org_id=root)
    phase = campaigns.add_phase(campaign.id, "动员部署", dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    ids = {"root": root, "a": a, "b": b, "branch": branch, "other": other}
    for name, scope, values in (
        ("制定方案", "全部", []),
        ("社区走访", "按领域", ["社区"]),
        ("支部共建", "按类别", ["党支部"]),
    ):
        draft = TaskDraft(
            phase_id=phase.id,
            name=name,
            due_on=dt.date(2026, 6, 30),
            scope=scope,
            scope_values=values,
        )
        ids[name] = campaigns.add_task(draft).id
    return ids


def _tasks_of(ctx: AppContext, org_id: int) -> dict[int, str]:
    """Return task id → status of one unit's progress rows."""
    with ctx.db.read() as s:
        rows = s.execute(
            select(PROGRESS.c.task_id, PROGRESS.c.status).where(PROGRESS.c.org_id == org_id)
        )
        return {int(t): str(st) for t, st in rows}


def _clean(ctx: AppContext) -> None:
    report = check(ctx)
    assert report.ok, report.problems
    with ctx.db.read() as s:
        assert progress_gaps(s) == {}


def test_task_creation_gives_rows_to_the_units_it_applies_to(each_db_ctx: AppContext) -> None:
    ids = _street(each_db_ctx)
    assert _tasks_of(each_db_ctx, ids["root"]) == {}  # the street organises, unless chosen
    assert set(_tasks_of(each_db_ctx, ids["a"])) == {ids["制定方案"], ids["社区走访"]}
    assert set(_tasks_of(each_db_ctx, ids["branch"])) == {
        ids["制定方案"],
        ids["社区走访"],
        ids["支部共建"],
    }
    assert _tasks_of(each_db_ctx, ids["other"]) == {}  # outside the campaign's scope
    _clean(each_db_ctx)


def test_a_unit_added_later_joins_the_tasks_that_apply(each_db_ctx: AppContext) -> None:
    ids = _street(each_db_ctx)
    new = OrgService(each_db_ctx).create(
        OrgDraft(
            name="第二党支部", kind="党支部", level="基层单位", parent_id=ids["b"], sector="社区"
        )
    )
    assert _tasks_of(each_db_ctx, new.id) == {
        ids["制定方案"]: "未开始",
        ids["社区走访"]: "未开始",
        ids["支部共建"]: "未开始",
    }
    outside = OrgService(each_db_ctx).create(
        OrgDraft(name="某局党支部", kind="党支部", level="基层单位", parent_id=ids["other"])
    )
    assert _tasks_of(each_db_ctx, outside.id) == {}
    _clean(each_db_ctx)
    campaign = CampaignService(each_db_ctx).campaign("2026年品牌创建").id
    counted = {row.label: row.total for row in by_unit(each_db_ctx, campaign)}
    assert counted["第二党支部"] == 3  # statistics count it at once


def test_units_imported_from_excel_join_and_undo_takes_their_rows(
    each_db_ctx: AppContext, tmp_path: Path
) -> None:
    ids = _street(each_db_ctx)
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        ORG_HEADER,
        [
            ["新建社区党委", "幸福街道党工委", "党委", "村社区", "社区"],
            ["新建党支部", "幸福街道党工委/新建社区党委", "党支部", "基层单位", "机关"],
        ],
    )
    summary = import_kind(each_db_ctx, "orgs", path)
    assert summary.inserted == 2
    community = OrgService(each_db_ctx).find("新建社区党委").id
    branch = OrgService(each_db_ctx).find("新建党支部").id
    assert set(_tasks_of(each_db_ctx, community)) == {ids["制定方案"], ids["社区走访"]}
    assert set(_tasks_of(each_db_ctx, branch)) == {ids["制定方案"], ids["支部共建"]}
    _clean(each_db_ctx)
    with each_db_ctx.db.read() as s:
        stamped = s.scalars(
            select(PROGRESS.c.import_batch_id).where(PROGRESS.c.org_id.in_([community, branch]))
        ).all()
    assert set(stamped) == {summary.batch_id}
    undo_last_import(each_db_ctx)
    _clean(each_db_ctx)
    with each_db_ctx.db.read() as s:
        assert s.scalar(select(PROGRESS.c.id).where(PROGRESS.c.org_id == community)) is None


def test_a_new_sector_or_kind_moves_the_unit_between_tasks(each_db_ctx: AppContext) -> None:
    ids = _street(each_db_ctx)
    orgs = OrgService(each_db_ctx)
    CampaignService(each_db_ctx).set_progress([(ids["社区走访"], ids["b"])], "已完成")
    unit = orgs.get(ids["b"])
    draft = OrgDraft(name=unit.name, kind="党支部", level=unit.level, parent_id=unit.parent_id)
    orgs.update(unit.id, unit.version, draft)  # no sector any more, and now a 党支部
    assert _tasks_of(each_db_ctx, ids["b"]) == {
        ids["制定方案"]: "未开始",
        ids["社区走访"]: "不适用",  # work was registered: kept, marked
        ids["支部共建"]: "未开始",
    }
    orgs.bulk_update([ids["a"]], sector="机关")
    assert set(_tasks_of(each_db_ctx, ids["a"])) == {ids["制定方案"]}  # empty row removed
    _clean(each_db_ctx)


def test_a_unit_moved_out_of_or_into_the_scope_follows(each_db_ctx: AppContext) -> None:
    ids = _street(each_db_ctx)
    orgs = OrgService(each_db_ctx)
    orgs.move(ids["a"], ids["other"])  # with its branch, out of the campaign's subtree
    assert _tasks_of(each_db_ctx, ids["a"]) == {}
    assert _tasks_of(each_db_ctx, ids["branch"]) == {}
    _clean(each_db_ctx)
    orgs.move(ids["other"], ids["root"])  # 区直机关 and all below it come in
    for unit in ("other", "a", "branch"):
        assert ids["制定方案"] in _tasks_of(each_db_ctx, ids[unit]), unit
    _clean(each_db_ctx)
    with each_db_ctx.db.read() as s:
        applies = applicable_units(s)
    assert ids["branch"] in applies[ids["支部共建"]]


def test_a_deleted_unit_takes_its_rows_and_check_stays_clean(each_db_ctx: AppContext) -> None:
    ids = _street(each_db_ctx)
    CampaignService(each_db_ctx).set_progress([(ids["制定方案"], ids["branch"])], "进行中")
    OrgService(each_db_ctx).delete(ids["branch"])
    assert _tasks_of(each_db_ctx, ids["branch"]) == {}
    _clean(each_db_ctx)
    report = check(each_db_ctx)
    assert report.counts["任务进度"] == 2 + 2 + 0  # 制定方案 ×2, 社区走访 ×2 (a, b)
