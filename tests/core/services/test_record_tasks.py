"""Seed 000, a street clerk's year from an empty database: records complete their tasks.

The street (幸福街道党工委) runs the seed-000 campaign over three communities. Entering
党性分析报告, 公开承诺, 党员示范岗, 四找 and 群众评议 completes 党性教育, 岗位奉献, 亮牌示范,
对标比较 and 群众评议 for the unit, with the record as evidence; the street itself, which
organises, is never in the late list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from brandoffice.errors import ValidationError
from brandoffice.excel import import_kind, undo_last_import
from brandoffice.kinds import by_name
from brandoffice.kinds.simple_service import SimpleRecords
from brandoffice.maintenance import check
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.calendar_view import late_items
from brandoffice.services.campaign_edit import update_task
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.record_tasks import TIES, clean_kind
from brandoffice.services.rows import ProgressRow
from brandoffice.services.template_campaigns import create_campaign_from_template
from brandoffice.workdays import is_workday
from tests.conftest import FakeClock
from tests.core.excel.excel_helpers import write_xlsx

D = dt.date
XF, DF, GM = "幸福驿站社区党委", "东风社区党委", "光明社区党委"


def _year(ctx: AppContext) -> tuple[int, dict[str, int], dict[str, int], dict[str, int]]:
    """The street from init: units, members and the seed-000 campaign of 2026.

    Returns:
        (campaign id, unit name → id, member name → id, task name → id).
    """
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇")).id
    units = {"street": root}
    for name in (XF, DF, GM):
        draft = OrgDraft(name=name, kind="党委", level="村社区", parent_id=root, sector="社区")
        units[name] = orgs.create(draft).id
    people = MemberService(ctx)
    members = {
        name: people.create(MemberDraft(units[unit], name, "在职党员")).id
        for name, unit in (("张伟", XF), ("王芳", XF), ("刘洋", DF), ("孙丽", GM))
    }
    made = create_campaign_from_template(ctx, "seed000_street", "2026年品牌创建", 2026, root)
    tasks = {t.name: t.id for t in CampaignService(ctx).tasks(made.campaign.id)}
    return made.campaign.id, units, members, tasks


def _cell(ctx: AppContext, campaign: int, task: int, org: int) -> ProgressRow:
    (row,) = [
        r for r in CampaignService(ctx).progress(campaign) if (r.task_id, r.org_id) == (task, org)
    ]
    return row


def test_template_ties_the_five_activities_to_their_records(ctx: AppContext) -> None:
    campaign, units, _members, tasks = _year(ctx)
    kinds = {t.name: t.record_kind for t in CampaignService(ctx).tasks(campaign)}
    assert kinds["党性教育"] == "spirit-reports" and kinds["亮牌示范"] == "member-posts"
    assert kinds["岗位奉献"] == "commitments" and kinds["对标比较"] == "benchmarks"
    assert kinds["群众评议"] == "evaluation" and kinds["宣传发动"] is None
    # the street organises: no row of its own except where the template says it takes part
    street_rows = {
        r.task_id for r in CampaignService(ctx).progress(campaign) if r.org_id == units["street"]
    }
    assert street_rows == {tasks["评选命名"]}


def test_each_tie_is_logged_under_its_kinds_label() -> None:
    """A record service logs under its kind's label: that is how a write reaches the tasks."""
    for tie in TIES:
        assert by_name(tie.kind).label == tie.logged_as
    assert clean_kind("党性分析报告") == "spirit-reports" and clean_kind(" ") is None
    with pytest.raises(ValidationError, match="关联记录“培训”无效"):
        clean_kind("培训")


def test_a_spirit_report_completes_党性教育_and_its_deletion_reopens_it(
    ctx: AppContext, clock: FakeClock
) -> None:
    campaign, units, members, tasks = _year(ctx)
    task = tasks["党性教育"]
    assert _cell(ctx, campaign, task, units[XF]).status == "未开始"
    report = PartySpiritService(ctx).record(members["张伟"], 2026, submitted_on=D(2026, 5, 10))
    done = _cell(ctx, campaign, task, units[XF])
    assert (done.status, done.done_on) == ("已完成", D(2026, 5, 10))
    assert done.record_evidence == "党性分析报告 1 份（最早 2026-05-10）"
    assert _cell(ctx, campaign, task, units[DF]).status == "未开始"
    # a second report of the unit counts in the evidence, the date stays the earliest
    PartySpiritService(ctx).record(members["王芳"], 2026, submitted_on=D(2026, 5, 18))
    assert _cell(ctx, campaign, task, units[XF]).record_evidence == (
        "党性分析报告 2 份（最早 2026-05-10）"
    )
    clock.advance(days=46)  # 07-05: 党性教育 (06-30) is past
    late = {(i.task_name, i.org_name) for i in late_items(ctx, campaign)}
    assert ("党性教育", DF) in late and ("党性教育", GM) in late
    assert ("党性教育", XF) not in late
    assert not any(org == "幸福街道党工委" for _task, org in late)  # the organiser is not late
    PartySpiritService(ctx).delete(report.id)
    assert _cell(ctx, campaign, task, units[XF]).status == "已完成"  # 王芳's report remains
    other = next(r for r in PartySpiritService(ctx).reports(2026) if r.member_id == members["王芳"])
    PartySpiritService(ctx).delete(other.id)
    reopened = _cell(ctx, campaign, task, units[XF])
    assert (reopened.status, reopened.shown_status, reopened.record_evidence) == (
        "未开始",
        "逾期",
        None,
    )
    assert check(ctx).ok


def test_an_unsubmitted_report_or_another_year_does_not_count(ctx: AppContext) -> None:
    campaign, units, members, tasks = _year(ctx)
    PartySpiritService(ctx).record(members["张伟"], 2026, submitted=False)
    PartySpiritService(ctx).record(members["王芳"], 2025, submitted_on=D(2025, 6, 1))
    assert _cell(ctx, campaign, tasks["党性教育"], units[XF]).status == "未开始"


def test_a_hand_set_status_is_kept_when_records_come_and_go(ctx: AppContext) -> None:
    campaign, units, members, tasks = _year(ctx)
    task = tasks["党性教育"]
    CampaignService(ctx).set_progress([(task, units[XF])], "已完成", done_on=D(2026, 5, 1))
    report = PartySpiritService(ctx).record(members["张伟"], 2026, submitted_on=D(2026, 5, 10))
    kept = _cell(ctx, campaign, task, units[XF])
    assert (kept.done_on, kept.record_evidence) == (D(2026, 5, 1), None)
    PartySpiritService(ctx).delete(report.id)
    assert _cell(ctx, campaign, task, units[XF]).status == "已完成"
    CampaignService(ctx).set_progress([(task, units[XF])], "不适用")
    PartySpiritService(ctx).record(members["张伟"], 2026, submitted_on=D(2026, 5, 10))
    assert _cell(ctx, campaign, task, units[XF]).status == "不适用"


def test_the_other_kinds_complete_their_tasks(ctx: AppContext) -> None:
    campaign, units, members, tasks = _year(ctx)
    CommitmentService(ctx).create(
        CommitmentDraft("每月入户走访", D(2026, 4, 2), member_id=members["刘洋"])
    )
    posts = SimpleRecords(ctx, by_name("member-posts"))
    posts.add(members["孙丽"], {"name": "便民服务岗", "set_up_on": D(2026, 4, 8)})
    BenchmarkService(ctx).create(BenchmarkDraft(units[DF], 2026, units[GM], gaps="服务阵地小"))
    evaluation = EvaluationService(ctx)
    plan = evaluation.create_plan(campaign)
    criterion = evaluation.criteria(plan.id)[0].name
    evaluation.set_scores(plan.id, members["张伟"], "自评", {criterion: 90})
    assert _cell(ctx, campaign, tasks["群众评议"], units[XF]).status == "未开始"  # self only
    evaluation.set_scores(plan.id, members["张伟"], "群众评议", {criterion: 88}, evaluator_count=9)
    expected = {
        ("岗位奉献", DF): ("公开承诺 1 项（最早 2026-04-02）", D(2026, 4, 2)),
        ("亮牌示范", GM): ("党员示范岗 1 个（最早 2026-04-08）", D(2026, 4, 8)),
        ("对标比较", DF): ("四找（对标定位） 1 份", ctx.today()),
        ("群众评议", XF): ("群众评议 1 名党员", ctx.today()),
    }
    for (task, unit), (evidence, day) in expected.items():
        row = _cell(ctx, campaign, tasks[task], units[unit])
        assert (row.status, row.record_evidence, row.done_on) == ("已完成", evidence, day), task
    done = [r for r in CampaignService(ctx).progress(campaign) if r.record_evidence]
    assert len(done) == len(expected)  # nothing else moved
    assert check(ctx).ok


def test_an_import_completes_and_its_undo_reopens(ctx: AppContext, tmp_path: Path) -> None:
    campaign, units, _members, tasks = _year(ctx)
    path = write_xlsx(
        tmp_path / "spirit.xlsx",
        ["姓名", "所属组织", "年度", "是否提交", "提交日期"],
        [["刘洋", DF, 2026, "是", D(2026, 5, 12)], ["孙丽", GM, 2026, "否", None]],
    )
    summary = import_kind(ctx, "spirit-reports", path)
    assert "1 项任务进度随记录更新" in str(summary)
    assert _cell(ctx, campaign, tasks["党性教育"], units[DF]).status == "已完成"
    assert _cell(ctx, campaign, tasks["党性教育"], units[GM]).status == "未开始"
    undo_last_import(ctx)
    assert _cell(ctx, campaign, tasks["党性教育"], units[DF]).status == "未开始"


def test_a_task_tied_later_and_check_repair_agree(ctx: AppContext, db_path: Path) -> None:
    campaign, units, members, tasks = _year(ctx)
    PartySpiritService(ctx).record(members["孙丽"], 2026, submitted_on=D(2026, 5, 3))
    svc = CampaignService(ctx)
    task = next(t for t in svc.tasks(campaign) if t.name == "组织创新")
    draft = TaskDraft(
        phase_id=task.phase_id,
        name=task.name,
        due_on=task.due_on,
        evidence_kind=task.evidence_kind,
        record_kind="党性分析报告",  # the form may pass the label
    )
    update_task(ctx, task.id, task.version, draft)
    assert _cell(ctx, campaign, task.id, units[GM]).status == "已完成"
    # a database where the cell was reopened behind the program's back
    ctx.db.dispose()
    with ctx.db.write.begin() as s:
        s.execute(
            text("UPDATE task_progress SET status = '未开始' WHERE task_id = :t AND org_id = :o"),
            {"t": tasks["党性教育"], "o": units[GM]},
        )
    report = check(ctx)
    assert report.problems == ["任务“党性教育”有 1 个单位的进度与已登记的记录不符"]
    fixed = check(ctx, repair=True)
    assert fixed.ok and fixed.repaired == ["任务“党性教育”按已登记的记录更新 1 个单位的进度"]
    assert _cell(ctx, campaign, tasks["党性教育"], units[GM]).status == "已完成"
    assert db_path.exists()


def test_template_deadlines_land_on_working_days_and_the_result_says_so(
    ctx: AppContext,
) -> None:
    root = OrgService(ctx).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    made = create_campaign_from_template(ctx, "seed000_street", "2026年品牌创建", 2026, root.id)
    moved = {m.task: (m.was, m.now) for m in made.moved}
    assert moved["对标比较"] == (D(2026, 11, 15), D(2026, 11, 16))  # Sunday → Monday
    assert moved["确定品牌"] == (D(2026, 5, 31), D(2026, 5, 29))  # kept inside its phase
    assert "已调整到工作日" in made.message() and "对标比较" in made.message()
    svc = CampaignService(ctx)
    phases = {p.id: p for p in svc.phases(made.campaign.id)}
    for task in svc.tasks(made.campaign.id):
        assert is_workday(task.due_on), task.name
        phase = phases[task.phase_id]
        assert phase.start_on <= task.due_on <= phase.end_on, task.name


def test_an_open_status_set_by_hand_gives_way_to_the_records(ctx: AppContext) -> None:
    """The records decide: 进行中 typed over a unit with reports is 已完成 again, and check agrees."""
    campaign, units, members, tasks = _year(ctx)
    task = tasks["党性教育"]
    PartySpiritService(ctx).record(members["张伟"], 2026, submitted_on=D(2026, 5, 10))
    CampaignService(ctx).set_progress([(task, units[XF]), (task, units[DF])], "进行中")
    assert _cell(ctx, campaign, task, units[XF]).status == "已完成"
    assert _cell(ctx, campaign, task, units[DF]).status == "进行中"
    assert check(ctx).ok
