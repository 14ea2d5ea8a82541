"""Training by level: sessions, who attended, coverage and hours per unit and member."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.services.context import AppContext
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.services.records_fixtures import Street

D = dt.date


def test_sessions_walk_to_coverage(ctx: AppContext, street: Street) -> None:
    m = street.members
    service = TrainingService(ctx)
    s1 = service.create(
        TrainingDraft(
            street.root,
            D(2026, 4, 10),
            "街道级",
            "学习贯彻党的二十大精神",
            3,
            trainer="周建国",
            location="街道党群服务中心",
            campaign_id=street.campaign,
        )
    )
    service.set_attendees(s1.id, [m["张伟"], m["王芳"], m["刘洋"]], absent=[m["陈静"]])
    s2 = service.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "党务知识", 2))
    listed = service.set_attendees(s2.id, [m["张伟"], m["赵磊"]], absent=[m["李娜"]])
    assert [(a.name, a.attended) for a in listed] == [
        ("张伟", True),
        ("李娜", False),
        ("赵磊", True),
    ]
    s3 = service.create(TrainingDraft(street.root, D(2025, 11, 1), "街道级", "上年培训", 4))
    service.set_attendees(s3.id, [m["孙丽"]])
    s4 = service.create(TrainingDraft(street.branch, D(2026, 5, 15), "支部级", "三会一课", 1.5))
    service.set_attendees(s4.id, [m["赵磊"]])

    first = service.get(s1.id)
    assert (first.organiser_name, first.listed, first.attended, first.hours) == (
        "幸福街道党工委", 4, 3, 3.0,
    )  # fmt: skip
    assert [s.topic for s in service.sessions(2026)] == [
        "三会一课",
        "党务知识",
        "学习贯彻党的二十大精神",
    ]
    assert [s.topic for s in service.sessions(2026, org_id=street.xingfu)] == [
        "三会一课",
        "党务知识",
    ]
    assert [s.topic for s in service.sessions(level="街道级")] == [
        "学习贯彻党的二十大精神",
        "上年培训",
    ]

    cover = {c.unit_name: c for c in service.coverage(2026)}
    xingfu = cover["幸福驿站社区党委"]  # 张伟 3 + 2 h, 王芳 3 h, 李娜 absent
    assert (xingfu.members, xingfu.trained, xingfu.hours, xingfu.hours_per_member) == (3, 2, 8, 2.7)
    assert xingfu.rate == pytest.approx(2 / 3)
    branch = cover["幸福驿站第一党支部"]  # 赵磊 2 + 1.5 h
    assert (branch.trained, branch.hours, branch.rate, branch.hours_per_member) == (
        1,
        3.5,
        1.0,
        3.5,
    )
    dongfeng = cover["东风社区党委"]  # 刘洋 3 h, 陈静 absent
    assert (dongfeng.trained, dongfeng.hours, dongfeng.rate, dongfeng.hours_per_member) == (
        1, 3, 0.5, 1.5,
    )  # fmt: skip
    assert (cover["光明社区党委"].trained, cover["光明社区党委"].hours) == (0, 0)  # 2025 only
    assert {c.unit_name for c in service.coverage(2026, street.xingfu)} == {
        "幸福驿站社区党委", "幸福驿站第一党支部",
    }  # fmt: skip
    hours = [(h.name, h.sessions, h.hours) for h in service.member_hours(2026, street.xingfu)]
    assert hours == [("张伟", 2, 5), ("李娜", 0, 0), ("王芳", 1, 3)]

    service.delete(s4.id)
    assert {c.unit_name: c for c in service.coverage(2026)}["幸福驿站第一党支部"].hours == 2


def test_training_rules(ctx: AppContext, street: Street) -> None:
    m = street.members
    service = TrainingService(ctx)
    session = service.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "党务知识", 2))
    with pytest.raises(ValidationError, match="刘洋不属于举办单位“幸福驿站社区党委”及其下级组织"):
        service.set_attendees(session.id, [m["张伟"], m["刘洋"]])
    with pytest.raises(ValidationError, match="同一名党员不能既出席又缺席"):
        service.set_attendees(session.id, [m["张伟"]], absent=[m["张伟"]])
    with pytest.raises(ValidationError, match="党员（编号 999）不存在"):
        service.set_attendees(session.id, [999])
    service.set_attendees(session.id, [m["张伟"]])
    moved = TrainingDraft(street.dongfeng, D(2026, 5, 8), "社区级", "党务知识", 2)
    with pytest.raises(ValidationError, match="张伟不属于举办单位“东风社区党委”"):
        service.update(session.id, session.version, moved)
    renamed = service.update(
        session.id,
        session.version,
        TrainingDraft(street.xingfu, D(2026, 5, 9), "社区级", "党务知识（二）", 2.5),
    )
    assert (renamed.topic, renamed.hours, renamed.listed) == ("党务知识（二）", 2.5, 1)
    with pytest.raises(StaleEditError):
        service.update(session.id, session.version, moved)
    with pytest.raises(ValidationError, match="培训学时必须大于0"):
        service.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "x", 0))
    with pytest.raises(ValidationError, match="培训学时不能大于24"):
        service.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "x", 25))
    with pytest.raises(ValidationError, match="培训级别“省级”无效"):
        service.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "省级", "x", 2))
    city = service.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "市级", "市级培训班", 2))
    assert city.level == "市级"  # seed 003: 市、区两级培训
    with pytest.raises(ValidationError, match="举办单位（编号 999）不存在"):
        service.create(TrainingDraft(999, D(2026, 5, 8), "社区级", "x", 2))
    with pytest.raises(ValidationError, match="培训主题不能为空"):
        service.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "", 2))
