"""Commendations (exactly one recipient of the right kind) and pairings (共建对子)."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.errors import ValidationError
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.core.brand_drafts import ready_brand

D = dt.date


def street(ctx: AppContext) -> dict[str, int]:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    ids = {"root": root.id}
    for name, grade in (
        ("幸福驿站社区党委", "先进"),
        ("东风社区党委", "后进"),
        ("光明社区党委", "先进"),
    ):
        ids[name] = orgs.create(
            OrgDraft(name=name, kind="党委", level="村社区", parent_id=root.id, grade=grade)
        ).id
    return ids


def test_commendations_need_exactly_one_recipient_of_the_right_kind(ctx: AppContext) -> None:
    ids = street(ctx)
    member = MemberService(ctx).create(
        MemberDraft(org_id=ids["东风社区党委"], name="张秀英", category="在职党员")
    )
    service = HonourService(ctx)
    with pytest.raises(ValidationError, match="表彰的是党员个人，请选择一个党员个人"):
        service.add_commendation(2025, "优秀共产党员")
    with pytest.raises(ValidationError, match="表彰的是党员个人，请选择一个党员个人"):
        service.add_commendation(
            2025, "优秀共产党员", org_id=ids["东风社区党委"], member_id=member.id
        )
    with pytest.raises(ValidationError, match="表彰的是党组织"):
        service.add_commendation(2025, "先进基层党组织", member_id=member.id)
    with pytest.raises(ValidationError, match="表彰的是党员个人"):
        service.add_commendation(2025, "优秀党务工作者", org_id=ids["东风社区党委"])
    with pytest.raises(ValidationError, match="表彰类别“劳动模范”无效"):
        service.add_commendation(2025, "劳动模范", member_id=member.id)
    with pytest.raises(ValidationError, match="不存在"):
        service.add_commendation(2025, "优秀共产党员", member_id=999)

    org_row = service.add_commendation(
        2025, "先进基层党组织", org_id=ids["幸福驿站社区党委"], awarded_on=D(2025, 6, 28)
    )
    assert (org_row.recipient, org_row.unit, org_row.member_id) == (
        "幸福驿站社区党委", "幸福驿站社区党委", None,
    )  # fmt: skip
    person = service.add_commendation(
        2025, "优秀共产党员", member_id=member.id, awarded_by="街道党工委"
    )
    assert (person.recipient, person.unit) == ("张秀英", "东风社区党委")
    service.add_commendation(2024, "优秀共产党员", member_id=member.id)
    with pytest.raises(ValidationError, match="“张秀英”已有2025年度“优秀共产党员”的记录"):
        service.add_commendation(2025, "优秀共产党员", member_id=member.id)

    assert len(service.commendations()) == 3
    assert [c.id for c in service.commendations(year=2025, kind="优秀共产党员")] == [person.id]
    assert [c.year for c in service.commendations(kind="优秀共产党员")] == [2025, 2024]
    service.remove_commendation(person.id)
    assert [c.kind for c in service.commendations(year=2025)] == ["先进基层党组织"]


def brand_of(ctx: AppContext, org_id: int, name: str) -> int:
    return BrandService(ctx).create(ready_brand(org_id, name, 2025)).id


def test_pairing_rules(ctx: AppContext) -> None:
    ids = street(ctx)
    service = HonourService(ctx)
    helper, lagging = ids["幸福驿站社区党委"], ids["东风社区党委"]
    with pytest.raises(ValidationError, match="不能是同一个组织"):
        service.create_pairing(helper, helper)
    with pytest.raises(ValidationError, match="还没有党建品牌"):
        service.create_pairing(helper, lagging)
    other = brand_of(ctx, ids["光明社区党委"], "光明先锋岗")
    with pytest.raises(ValidationError, match="不属于帮扶单位"):
        service.create_pairing(helper, lagging, brand_id=other)
    brand = brand_of(ctx, helper, "幸福驿站")
    with pytest.raises(ValidationError, match="已评为先进，无需结对帮扶"):
        service.create_pairing(helper, ids["光明社区党委"])

    pairing = service.create_pairing(helper, lagging, started_on=D(2026, 3, 2), note="结对")
    assert (pairing.brand_id, pairing.brand_name, pairing.grade_before) == (
        brand,
        "幸福驿站",
        "后进",
    )
    assert pairing.is_open and pairing.action_count == 0
    with pytest.raises(ValidationError, match="已结成共建对子"):
        service.create_pairing(helper, lagging)
    with pytest.raises(ValidationError, match="早于结对日期"):
        service.add_action(pairing.id, D(2026, 3, 1), "太早")
    service.add_action(pairing.id, D(2026, 4, 20), "设立网格党员服务点")
    service.add_action(pairing.id, D(2026, 3, 16), "结对启动会")
    assert [a.content for a in service.actions(pairing.id)] == ["结对启动会", "设立网格党员服务点"]

    OrgService(ctx).bulk_update([lagging], grade="中间")
    closed = service.close_pairing(pairing.id, ended_on=D(2026, 12, 20), note="年度评定后结束")
    assert (closed.grade_before, closed.grade_after, closed.ended_on) == (
        "后进",
        "中间",
        D(2026, 12, 20),
    )
    assert closed.improved and not closed.is_open and closed.action_count == 2
    assert closed.note == "结对\n年度评定后结束"
    with pytest.raises(ValidationError, match="已于2026-12-20结束"):
        service.close_pairing(pairing.id)
    with pytest.raises(ValidationError, match="已结束，不能再登记"):
        service.add_action(pairing.id, D(2026, 12, 21), "晚了")
    assert service.pairings(open_only=True) == []
    again = service.create_pairing(helper, lagging, started_on=D(2027, 3, 1))
    assert [p.id for p in service.pairings()] == [again.id, pairing.id]


def test_closing_with_an_explicit_grade_and_an_unknown_one(ctx: AppContext) -> None:
    ids = street(ctx)
    brand_of(ctx, ids["幸福驿站社区党委"], "幸福驿站")
    service = HonourService(ctx)
    pairing = service.create_pairing(ids["幸福驿站社区党委"], ids["东风社区党委"])
    assert pairing.started_on == ctx.today()
    with pytest.raises(ValidationError, match="结对后等次“优秀”无效"):
        service.close_pairing(pairing.id, grade_after="优秀")
    closed = service.close_pairing(pairing.id, grade_after="后进")
    assert closed.grade_after == "后进" and not closed.improved
