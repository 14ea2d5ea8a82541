"""Member evaluation: 五带头 criteria, self and mass scores, results per unit, nominations."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.model import AuditEntry
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_nominations import NominationService
from brandoffice.services.evaluation_results import FIVE_LEADS, FIVE_MODELS
from brandoffice.services.honours import HonourService
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.reviews import CriterionSpec
from tests.core.services.records_fixtures import Street, build_street


def _all(score: float) -> dict[str, float]:
    return dict.fromkeys(FIVE_LEADS, score)


def _scored(ctx: AppContext) -> tuple[Street, EvaluationService, int]:
    street = build_street(ctx)
    service = EvaluationService(ctx)
    plan = service.create_plan(street.campaign, "五带头")
    m = street.members
    service.set_scores(plan.id, m["张伟"], "自评", _all(90))
    service.set_scores(plan.id, m["张伟"], "群众评议", _all(80), evaluator_count=12)
    service.set_scores(plan.id, m["王芳"], "自评", {**_all(80), "带头弘扬正气": 100})
    service.set_scores(plan.id, m["王芳"], "群众评议", _all(90), evaluator_count=10)
    service.set_scores(plan.id, m["李娜"], "自评", {"带头学习提高": 85, "带头争创佳绩": 85})
    service.set_scores(plan.id, m["刘洋"], "自评", _all(70))
    service.set_scores(plan.id, m["刘洋"], "群众评议", _all(60), evaluator_count=8)
    service.set_scores(plan.id, m["陈静"], "自评", _all(100))
    service.set_scores(plan.id, m["陈静"], "群众评议", _all(95), evaluator_count=9)
    return street, service, plan.id


def test_plan_starts_from_a_standard_and_refuses_bad_settings(
    ctx: AppContext, street: Street
) -> None:
    service = EvaluationService(ctx)
    plan = service.create_plan(street.campaign, "五带头")
    assert (plan.standard, plan.self_weight, plan.mass_weight, plan.year) == (
        "五带头",
        0.3,
        0.7,
        2026,
    )
    assert [c.name for c in service.criteria(plan.id)] == list(FIVE_LEADS)
    assert [c.weight for c in service.criteria(plan.id)] == [0.2] * 5
    assert service.plan_of_campaign(street.campaign) == plan
    with pytest.raises(ValidationError, match="已设置党员评议"):
        service.create_plan(street.campaign)

    campaigns = CampaignService(ctx)
    county = campaigns.create_campaign("县创先争优活动", 2026).id
    model = service.create_plan(county, "五个模范", self_weight=3, mass_weight=7)
    assert [c.name for c in service.criteria(model.id)] == list(FIVE_MODELS)
    other = campaigns.create_campaign("自定义评议", 2026).id
    with pytest.raises(ValidationError, match="自定义评议标准须列出评议项目"):
        service.create_plan(other, "自定义")
    with pytest.raises(ValidationError, match="评议标准“五好”无效"):
        service.create_plan(other, "五好")
    with pytest.raises(ValidationError, match="权重之和应为1"):
        service.create_plan(other, "自定义", criteria=[CriterionSpec("学习", 0.5)])
    with pytest.raises(ValidationError, match="权重不能都为0"):
        service.create_plan(other, self_weight=0, mass_weight=0)
    with pytest.raises(ValidationError, match="自评权重不能小于0"):
        service.create_plan(other, self_weight=-1)

    changed = service.update_plan(plan.id, plan.version, self_weight=0.5, mass_weight=0.5)
    assert (changed.self_weight, changed.version) == (0.5, plan.version + 1)
    with pytest.raises(StaleEditError, match="已被他人修改"):
        service.update_plan(plan.id, plan.version, self_weight=0.4, mass_weight=0.6)


def test_scores_walk_to_member_and_unit_results(ctx: AppContext) -> None:
    street, service, plan_id = _scored(ctx)
    results = service.results(plan_id)
    by_name = {r.name: r for r in results.members}
    # 张伟: 0.3 × 90 + 0.7 × 80 = 83; 王芳: self 0.2 × (4 × 80 + 100) = 84, 0.3 × 84 + 0.7 × 90
    assert (by_name["张伟"].self_total, by_name["张伟"].mass_total) == (90, 80)
    assert by_name["张伟"].combined == 83
    assert (by_name["王芳"].self_total, by_name["王芳"].combined) == (84, 88.2)
    assert (by_name["王芳"].unit_rank, by_name["张伟"].unit_rank) == (1, 2)
    assert by_name["王芳"].mass_evaluators == 10
    assert (by_name["刘洋"].combined, by_name["陈静"].combined) == (63, 96.5)
    assert by_name["李娜"].combined is None
    assert by_name["李娜"].missing[:2] == ("自评：带头服务群众", "自评：带头遵纪守法")
    assert len(by_name["李娜"].missing) == 3 + 5
    assert by_name["赵磊"].missing and by_name["孙丽"].unit_rank is None
    assert results.evaluated == 4
    units = {u.unit_name: u for u in results.units}
    assert (units["幸福驿站社区党委"].members, units["幸福驿站社区党委"].evaluated) == (3, 2)
    assert units["幸福驿站社区党委"].mean == 85.6  # (83 + 88.2) / 2
    assert units["幸福驿站社区党委"].rate == pytest.approx(2 / 3, abs=1e-4)
    assert (units["东风社区党委"].mean, units["东风社区党委"].best) == (79.75, 96.5)
    assert (units["光明社区党委"].evaluated, units["光明社区党委"].mean) == (0, None)
    narrowed = service.results(plan_id, org_id=street.xingfu)
    assert {r.name for r in narrowed.members} == {"张伟", "王芳", "李娜", "赵磊"}

    # A criterion reweighted keeps its scores: 王芳 self 0.4 × 80 + 0.15 × 340 = 83.
    service.set_criteria(
        plan_id, [CriterionSpec(n, 0.4 if i == 0 else 0.15) for i, n in enumerate(FIVE_LEADS)]
    )
    again = {r.name: r for r in service.results(plan_id).members}
    assert (again["王芳"].self_total, again["王芳"].combined) == (83, 87.9)
    with pytest.raises(ValidationError, match="“带头弘扬正气”已有评分，不能删除"):
        service.set_criteria(plan_id, [CriterionSpec(n, 0.25) for n in FIVE_LEADS[:4]])
    with pytest.raises(ValidationError, match="满分不能低于此分"):
        service.set_criteria(plan_id, [CriterionSpec(n, 0.2, 50) for n in FIVE_LEADS])
    with ctx.db.read() as s:
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"设置党员评议", "登记评议分数", "修改评议项目"} <= actions


def test_scores_are_checked(ctx: AppContext) -> None:
    street, service, plan_id = _scored(ctx)
    m = street.members
    with pytest.raises(ValidationError, match="“带头学习提高”的评分不能大于100"):
        service.set_scores(plan_id, m["赵磊"], "自评", {"带头学习提高": 101})
    with pytest.raises(ValidationError, match="评议项目“爱岗敬业”不存在"):
        service.set_scores(plan_id, m["赵磊"], "自评", {"爱岗敬业": 80})
    with pytest.raises(ValidationError, match="自评只能由党员本人打分"):
        service.set_scores(plan_id, m["赵磊"], "自评", _all(80), evaluator_count=3)
    with pytest.raises(ValidationError, match="评分来源“互评”无效"):
        service.set_scores(plan_id, m["赵磊"], "互评", _all(80))
    orgs = OrgService(ctx)
    elsewhere = orgs.create(OrgDraft(name="外街道党工委", kind="党工委", level="街道乡镇")).id
    outsider = MemberService(ctx).create(
        MemberDraft(org_id=elsewhere, name="钱多", category="在职党员")
    )
    with pytest.raises(ValidationError, match="党员“钱多”所在组织不在“2026年“党情暖万家”创建活动”"):
        service.set_scores(plan_id, outsider.id, "自评", _all(80))
    # A second entry replaces the first, it does not add to it.
    service.set_scores(plan_id, m["张伟"], "群众评议", {"带头学习提高": 70}, evaluator_count=12)
    zhang = {r.name: r for r in service.results(plan_id).members}["张伟"]
    assert zhang.mass_total == 78  # 0.2 × 70 + 0.8 × 80
    assert service.clear_scores(plan_id, m["张伟"], "群众评议") == 5
    assert {r.name: r for r in service.results(plan_id).members}["张伟"].combined is None


def test_nomination_commends_the_best_and_refuses_duplicates(ctx: AppContext) -> None:
    street, _service, plan_id = _scored(ctx)
    m = street.members
    nominations = NominationService(ctx)
    top = nominations.candidates(plan_id, top_n=1)
    assert [c.result.name for c in top] == ["陈静", "王芳"]  # by unit name: 东风, 幸福驿站
    assert [c.result.name for c in nominations.candidates(plan_id, threshold=85)] == [
        "陈静",
        "王芳",
    ]
    both = nominations.candidates(plan_id, top_n=2, threshold=80)
    assert sorted(c.result.name for c in both) == ["张伟", "王芳", "陈静"]
    with pytest.raises(ValidationError, match="推荐的人数或分数线"):
        nominations.candidates(plan_id)

    made = nominations.nominate(
        plan_id,
        [m["王芳"], m["陈静"]],
        nominated_by="幸福街道党工委组织科",
        nominated_on=dt.date(2026, 5, 20),
    )
    assert [(c.recipient, c.unit, c.year, c.kind, c.status) for c in made] == [
        ("王芳", "幸福驿站社区党委", 2026, "优秀共产党员", "推荐"),
        ("陈静", "东风社区党委", 2026, "优秀共产党员", "推荐"),
    ]  # a nomination waits for the deciding body: no 表彰机关, no decision date yet
    assert (made[0].nominated_on, made[0].awarded_by, made[0].awarded_on) == (
        dt.date(2026, 5, 20), None, None,
    )  # fmt: skip
    assert "综合得分 88.2" in (made[0].note or "")
    assert len(HonourService(ctx).commendations(year=2026, kind="优秀共产党员")) == 2
    flagged = {c.result.name: c.already_commended for c in nominations.candidates(plan_id, top_n=1)}
    assert flagged == {"王芳": True, "陈静": True}
    with pytest.raises(ValidationError, match="王芳已有2026年度“优秀共产党员”的推荐或表彰记录"):
        nominations.nominate(plan_id, [m["张伟"], m["王芳"]])
    assert len(HonourService(ctx).commendations(year=2026)) == 2  # 张伟 was not commended either
    with pytest.raises(ValidationError, match="“李娜”的评议尚未完成"):
        nominations.nominate(plan_id, [m["李娜"]])
    with pytest.raises(ValidationError, match="请选择要推荐的党员"):
        nominations.nominate(plan_id, [])
