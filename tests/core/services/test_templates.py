"""Campaign templates: the shipped JSON files, real dates for a year, and clear errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from brandoffice.errors import ValidationError
from brandoffice.model.vocab import TrainingLevel
from brandoffice.office import OfficeIdentity, OfficeKind
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.settings import set_office_identity
from brandoffice.services.template_campaigns import create_from_template
from brandoffice.services.templates import (
    DateSpec,
    TemplateError,
    list_templates,
    load_template,
)
from tests.core.services.calendar_fixtures import UNITS, small_street

D = dt.date
FIVE_ACTIVITIES = ["党性教育", "岗位奉献", "服务群众", "亮牌示范", "组织创新"]


def street(ctx: AppContext) -> tuple[int, dict[str, int]]:
    """The street with three of the six units of :data:`UNITS`."""
    three = ("甲社区党委", "街道机关党支部", "幸福小学党支部")
    return small_street(ctx, [unit for unit in UNITS if unit[0] in three])


def test_the_five_shipped_templates_are_listed_without_problems() -> None:
    infos = {t.key: t for t in list_templates()}
    assert set(infos) == {
        "seed000_street",
        "seed001_community",
        "seed002_district",
        "seed003_town",
        "seed004_county",
    }
    assert [infos[k].phase_count for k in sorted(infos)] == [4, 3, 4, 4, 4]
    assert all(t.problem is None and t.name and t.description for t in infos.values())
    assert all(t.task_count >= 9 for t in infos.values())


def test_seed000_for_2026_has_the_four_phases_in_their_months(ctx: AppContext) -> None:
    root, _ = street(ctx)
    campaign = create_from_template(ctx, "seed000_street", "2026年品牌创建", 2026, root)
    service = CampaignService(ctx)
    phases = [(p.name, p.start_on, p.end_on) for p in service.phases(campaign.id)]
    assert phases == [
        ("动员部署", D(2026, 3, 1), D(2026, 5, 31)),
        ("具体实施", D(2026, 5, 1), D(2026, 8, 31)),
        ("全面提升", D(2026, 9, 1), D(2026, 12, 31)),
        ("总结完善", D(2026, 12, 1), D(2026, 12, 31)),
    ]
    assert (campaign.start_on, campaign.end_on) == (D(2026, 3, 1), D(2026, 12, 31))
    assert campaign.template == "seed000_street" and campaign.scope_org_id == root
    tasks = service.tasks(campaign.id)
    by_phase: dict[int, list[str]] = {}
    for task in tasks:
        by_phase.setdefault(task.phase_id, []).append(task.name)
    first, second, third, fourth = (by_phase[p.id] for p in service.phases(campaign.id))
    assert first == ["宣传发动", "成立领导小组", "制定实施方案并报街道组织科备案", "确定品牌"]
    assert second[:5] == FIVE_ACTIVITIES
    assert third == ["树立典型", "对标比较", "实施提升"]
    assert fourth == ["总结", "群众评议", "评选命名"]
    filing = next(t for t in tasks if t.name == "制定实施方案并报街道组织科备案")
    assert filing.due_on == D(2026, 4, 30) and filing.evidence_kind == "文件"
    party_spirit = next(t for t in tasks if t.name == "党性教育")
    assert party_spirit.evidence_kind == "数量" and "党性分析报告" in (
        party_spirit.evidence_note or ""
    )


def test_task_scopes_pick_the_units_they_name(ctx: AppContext) -> None:
    root, units = street(ctx)
    campaign = create_from_template(ctx, "seed000_street", "2026年品牌创建", 2026, root)
    service = CampaignService(ctx)
    tasks = {t.name: t.id for t in service.tasks(campaign.id)}
    cells: dict[int, set[int]] = {}
    for row in service.progress(campaign.id):
        cells.setdefault(row.task_id, set()).add(row.org_id)
    assert cells[tasks["宣传发动"]] == set(units.values())  # the street organises it
    assert cells[tasks["民情走访"]] == {units["甲社区党委"]}
    assert cells[tasks["讲党性、重品行、作表率"]] == {units["街道机关党支部"]}
    assert cells[tasks["评选命名"]] == {root}
    assert tasks["我是党员、我带头、我奉献"] not in cells  # no enterprise in this street


def test_seed001_and_seed004_months(ctx: AppContext) -> None:
    community = create_from_template(ctx, "seed001_community", "2023年社区品牌", 2023, None)
    phases = CampaignService(ctx).phases(community.id)
    assert [(p.name, p.start_on.month, p.end_on) for p in phases] == [
        ("宣传", 4, D(2023, 4, 30)),
        ("主题实践", 5, D(2023, 5, 31)),
        ("总结表彰", 6, D(2023, 6, 30)),
    ]
    county = create_from_template(ctx, "seed004_county", "2026年创先争优", 2026, None)
    phases = CampaignService(ctx).phases(county.id)
    assert [p.name for p in phases] == [
        "广泛发动，安排部署", "全面争创，扎实推进", "对标定位，晋档升级", "系统总结，完善机制",
    ]  # fmt: skip
    assert (phases[-1].start_on, phases[-1].end_on) == (D(2027, 1, 1), D(2027, 2, 28))
    assert county.end_on == D(2027, 2, 28)


def test_a_day_missing_in_the_year_is_refused() -> None:
    assert DateSpec(2, 29).on(2028) == D(2028, 2, 29)
    with pytest.raises(ValidationError, match="2027年没有2月29日"):
        DateSpec(2, 29).on(2027)
    assert str(DateSpec(1, 31, 1)) == "次年01-31"


def write(folder: Path, key: str, data: Any) -> Path:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    (folder / f"{key}.json").write_text(text, encoding="utf-8")
    return folder


def minimal(**task: Any) -> dict[str, Any]:
    base = {"name": "任务", "due": "03-15", "scope": "全部", "evidence": "文件"}
    return {
        "format": 1,
        "name": "测试模板",
        "phases": [{"name": "阶段", "start": "03-01", "end": "03-31", "tasks": [{**base, **task}]}],
    }


def test_invalid_json_gives_a_clear_known_error(tmp_path: Path) -> None:
    folder = write(tmp_path, "broken", '{"name": "坏模板", "phases": [}')
    with pytest.raises(TemplateError, match=r"“broken.json”不是有效的 JSON：第1行"):
        load_template("broken", folder)
    write(folder, "good", minimal())
    infos = {t.key: t for t in list_templates(folder)}
    assert infos["good"].problem is None and infos["good"].task_count == 1
    assert "不是有效的 JSON" in (infos["broken"].problem or "")


@pytest.mark.parametrize(
    ("task", "message"),
    [
        ({"due": "3月15日"}, "格式不对"),
        ({"due": "04-15"}, "不在本阶段"),
        ({"due": "02-30"}, "不是有效的月日"),
        ({"scope": "按领域", "scope_values": ["火星"]}, "领域“火星”无效"),
        ({"scope": "按类别"}, "须在 scope_values 中列出"),
        ({"scope": "指定单位"}, "不能使用“指定单位”"),
        ({"evidence": "录像"}, "佐证材料“录像”无效"),
        ({"weight": -1}, "weight 应为不小于0的数"),
        ({"evidance": "文件"}, "不认识的项：evidance"),
    ],
)
def test_template_mistakes_are_named(tmp_path: Path, task: dict[str, Any], message: str) -> None:
    folder = write(tmp_path, "t", minimal(**task))
    with pytest.raises(TemplateError, match=message) as info:
        load_template("t", folder)
    assert "模板“t”第1个阶段“阶段”第1项任务" in str(info.value)


def test_missing_template_bad_year_or_unit_write_nothing(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="找不到创建活动模板“nope”"):
        create_from_template(ctx, "nope", "活动", 2026, None)
    with pytest.raises(ValidationError, match="活动年度“1999”无效"):
        create_from_template(ctx, "seed000_street", "活动", 1999, None)
    with pytest.raises(ValidationError, match="编号 999"):
        create_from_template(ctx, "seed000_street", "活动", 2026, 999)
    leap = minimal(due="02-29")
    leap["phases"][0].update(start="02-01", end="02-29")
    with pytest.raises(ValidationError, match="2027年没有2月29日"):
        create_from_template(ctx, "leap", "活动", 2027, None, folder=write(tmp_path, "leap", leap))
    assert CampaignService(ctx).campaigns() == []


def test_campaign_name_must_be_unique(ctx: AppContext) -> None:
    create_from_template(ctx, "seed001_community", "社区品牌", 2023, None)
    with pytest.raises(ValidationError, match="已有名为“社区品牌”的创建活动"):
        create_from_template(ctx, "seed001_community", "社区品牌", 2024, None)


def test_a_failure_half_way_leaves_no_campaign_behind(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = street(ctx)
    service = CampaignService(ctx)
    real = CampaignService.add_task_in
    calls: list[str] = []

    def fail_on_the_sixth(self: CampaignService, s: Any, draft: Any) -> int:
        calls.append(draft.name)
        if len(calls) == 6:
            raise ValidationError("任务写入失败（测试）", "name")
        return real(self, s, draft)

    monkeypatch.setattr(CampaignService, "add_task_in", fail_on_the_sixth)
    with pytest.raises(ValidationError, match="测试"):
        create_from_template(ctx, "seed000_street", "2026年品牌创建", 2026, root)
    assert len(calls) == 6
    assert service.campaigns() == [] and service.tasks() == [] and service.progress() == []
    monkeypatch.setattr(CampaignService, "add_task_in", real)
    made = create_from_template(ctx, "seed000_street", "2026年品牌创建", 2026, root)
    assert made.name == "2026年品牌创建" and len(service.phases(made.id)) == 4


def test_seed003_gives_a_town_its_demonstration_points_and_city_district_training(
    ctx: AppContext,
) -> None:
    set_office_identity(ctx, OfficeIdentity(OfficeKind.TOWN, "青山镇"))
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="青山镇党委", kind="党委", level="街道乡镇"))
    community = orgs.create(
        OrgDraft(name="青山社区党委", kind="党委", level="村社区", parent_id=root.id, sector="社区")
    )
    village = orgs.create(
        OrgDraft(
            name="柳树村党支部", kind="党支部", level="村社区", parent_id=root.id, sector="农村"
        )
    )
    campaign = create_from_template(ctx, "seed003_town", "2026年示范点创建", 2026, root.id)
    service = CampaignService(ctx)
    phases = [(p.name, p.start_on, p.end_on) for p in service.phases(campaign.id)]
    assert phases[0] == ("部署启动", D(2026, 3, 1), D(2026, 4, 30))
    assert phases[-1] == ("验收表彰", D(2026, 12, 1), D(2026, 12, 31))
    assert campaign.description is not None and "2个社区基层党建示范点" in campaign.description
    tasks = {t.name: t for t in service.tasks(campaign.id)}
    training = tasks["参加市、区两级培训"]
    assert training.evidence_note is not None and "市级或区级" in training.evidence_note
    assert "镇党委组织办" in (tasks["制定示范点创建方案"].evidence_note or "")
    cells = {(r.task_id, r.org_id) for r in service.progress(campaign.id)}
    plan = tasks["制定示范点创建方案"].id
    assert (plan, community.id) in cells and (plan, village.id) not in cells  # 社区 only
    assert (training.id, village.id) in cells
    texts = " ".join(f"{t.name}{t.evidence_note or ''}" for t in tasks.values())
    assert "街道" not in texts
    assert "市级" in [level.value for level in TrainingLevel]
