"""Editing and deleting phases and tasks, re-applying scopes, and evidence stored by hash."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.model import Attachment, TaskProgress
from brandoffice.services import campaign_edit as edit
from brandoffice.services import campaign_evidence as evidence
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from tests.core.services.calendar_fixtures import seed000_campaign, small_street

D = dt.date


def _draft(task: object, **changes: object) -> TaskDraft:
    fields = {f.name for f in dataclasses.fields(TaskDraft)}
    values = {k: v for k, v in dataclasses.asdict(task).items() if k in fields}  # type: ignore[call-overload]
    return TaskDraft(**{**values, **changes})


def _rows(ctx: AppContext, task_id: int) -> dict[int, str]:
    return {p.org_id: p.status for p in CampaignService(ctx).progress() if p.task_id == task_id}


def test_changing_a_scope_adds_removes_and_keeps_worked_rows(ctx: AppContext) -> None:
    root, units = small_street(ctx)
    svc = CampaignService(ctx)
    campaign = svc.create_campaign("测试活动", 2026, scope_org_id=root)
    phase = svc.add_phase(campaign.id, "动员部署", D(2026, 3, 1), D(2026, 5, 31))
    task = svc.add_task(
        TaskDraft(
            phase_id=phase.id,
            name="成立领导小组",
            due_on=D(2026, 3, 31),
            scope="按领域",
            scope_values=["社区"],
        )
    )
    communities = {units[n] for n in ("甲社区党委", "乙社区党委", "丙社区党委")}
    assert set(_rows(ctx, task.id)) == communities
    svc.set_progress([(task.id, units["甲社区党委"])], "已完成", done_on=D(2026, 3, 20))
    row, result = edit.update_task(ctx, task.id, task.version, _draft(task, scope_values=["学校"]))
    assert result == edit.ResyncResult(added=1, removed=2, kept=1)
    statuses = _rows(ctx, task.id)
    assert statuses == {units["幸福小学党支部"]: "未开始", units["甲社区党委"]: "不适用"}
    with pytest.raises(StaleEditError):
        edit.update_task(ctx, task.id, task.version, _draft(task))
    picked = _draft(
        row, scope="指定单位", scope_values=[], picked_org_ids=[units["街道机关党支部"]]
    )
    edit.update_task(ctx, task.id, row.version, picked)
    assert edit.task_targets(ctx, task.id) == [units["街道机关党支部"]]
    assert units["街道机关党支部"] in _rows(ctx, task.id)


def test_a_phase_changed_by_another_clerk_is_not_overwritten(ctx: AppContext) -> None:
    campaign_id, _root, _units = seed000_campaign(ctx)
    svc = CampaignService(ctx)
    opened = svc.phases(campaign_id)[0]
    edit.update_phase(  # another clerk, meanwhile
        ctx, opened.id, name="动员", start_on=opened.start_on, end_on=D(2026, 4, 30)
    )
    with pytest.raises(StaleEditError, match="已被他人修改"):
        edit.update_phase(
            ctx,
            opened.id,
            name="动员阶段",
            start_on=opened.start_on,
            end_on=opened.end_on,
            opened=opened,
        )
    assert svc.phases(campaign_id)[0].name == "动员"
    fresh = svc.phases(campaign_id)[0]
    saved = edit.update_phase(
        ctx, fresh.id, name="动员阶段", start_on=fresh.start_on, end_on=fresh.end_on, opened=fresh
    )
    assert saved.name == "动员阶段"


def test_phase_edits_and_deletes(ctx: AppContext) -> None:
    campaign_id, _root, _units = seed000_campaign(ctx)
    svc = CampaignService(ctx)
    first, second = svc.phases(campaign_id)[:2]
    with pytest.raises(ValidationError) as caught:
        edit.update_phase(
            ctx, first.id, name=second.name, start_on=first.start_on, end_on=first.end_on
        )
    assert caught.value.field == "name"
    with pytest.raises(ValidationError):
        edit.update_phase(ctx, first.id, name="动员", start_on=D(2026, 5, 1), end_on=D(2026, 4, 1))
    edit.update_phase(ctx, first.id, name="动员部署", start_on=D(2026, 2, 15), end_on=first.end_on)
    assert svc.campaign(campaign_id).start_on == D(2026, 2, 15)
    tasks_before = len(svc.tasks(campaign_id))
    edit.delete_phase(ctx, first.id)
    phases = svc.phases(campaign_id)
    assert [p.position for p in phases] == [0, 1, 2] and phases[0].name == "具体实施"
    assert len(svc.tasks(campaign_id)) == tasks_before - 4
    task = svc.tasks(campaign_id)[0]
    edit.delete_task(ctx, task.id)
    assert task.id not in {t.id for t in svc.tasks(campaign_id)}
    edit.delete_campaign(ctx, campaign_id)
    assert svc.campaigns() == []


def test_a_new_scope_for_the_campaign_resyncs_every_task(ctx: AppContext) -> None:
    campaign_id, _root, units = seed000_campaign(ctx)
    campaign = CampaignService(ctx).campaign(campaign_id)
    row, result = edit.update_campaign(
        ctx,
        campaign_id,
        campaign.version,
        name=campaign.name,
        year=2026,
        scope_org_id=units["甲社区党委"],
        organiser_takes_part=True,  # a community's own campaign: the community takes part
    )
    assert row.scope_org_id == units["甲社区党委"] and result.removed > 0
    assert row.organiser_takes_part
    orgs = {p.org_id for p in CampaignService(ctx).progress(campaign_id)}
    assert orgs == {units["甲社区党委"]}


def test_evidence_is_stored_once_per_content_and_opens(ctx: AppContext) -> None:
    campaign_id, _root, units = seed000_campaign(ctx)
    task = CampaignService(ctx).tasks(campaign_id)[0]
    a, b = units["甲社区党委"], units["乙社区党委"]
    first = evidence.add_evidence(ctx, task.id, a, "动员会.jpg", b"\xff\xd8photo")
    evidence.add_evidence(ctx, task.id, b, "同一张照片.jpg", b"\xff\xd8photo")
    assert first.mime == "image/jpeg" and first.size == 7 and len(first.sha256) == 64
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 1
    assert evidence.evidence_counts(ctx, campaign_id) == {(task.id, a): 1, (task.id, b): 1}
    assert evidence.evidence_content(ctx, first.id) == ("动员会.jpg", b"\xff\xd8photo")
    evidence.remove_evidence(ctx, first.id)
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 1  # b still uses it
    [other] = evidence.evidence_for(ctx, task.id, b)
    evidence.remove_evidence(ctx, other.id)
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
    outsider = units["幸福小学党支部"]
    school_task = next(t for t in CampaignService(ctx).tasks(campaign_id) if t.name == "民情走访")
    with pytest.raises(ValidationError):
        evidence.add_evidence(ctx, school_task.id, outsider, "x.pdf", b"%PDF")


def test_progress_cells_rereads_only_the_cells_asked(ctx: AppContext) -> None:
    campaign_id, _root, units = seed000_campaign(ctx)
    tasks = CampaignService(ctx).tasks(campaign_id)
    cells = [(tasks[0].id, units["甲社区党委"]), (tasks[5].id, units["乙社区党委"])]
    CampaignService(ctx).set_progress(cells, "进行中", note="已布置")
    rows = evidence.progress_cells(ctx, cells)
    assert {(r.task_id, r.org_id) for r in rows} == set(cells)
    assert {r.shown_status for r in rows} == {"逾期", "进行中"}  # the first was due 03-31
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(TaskProgress)) > len(rows)
