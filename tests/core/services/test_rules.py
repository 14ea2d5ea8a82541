"""Every rule of the domain the services enforce, with its Chinese message."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.idcard import check_digit, id_number_problem, make_id_number
from brandoffice.model import Organisation
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import CarrierRow
from tests.core.brand_drafts import ready_brand


def _tree(ctx: AppContext) -> tuple[int, int, int]:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    community = orgs.create(
        OrgDraft(
            name="幸福驿站社区党委", kind="党委", level="村社区", parent_id=root.id, sector="社区"
        )
    )
    branch = orgs.create(
        OrgDraft(
            name="第一网格党支部",
            kind="党支部",
            level="基层单位",
            parent_id=community.id,
            sector="社区",
        )
    )
    return root.id, community.id, branch.id


def _full_brand(org_id: int, name: str = "幸福驿站") -> BrandDraft:
    return ready_brand(
        org_id,
        name,
        service_items=["为民服务", "纠纷调解"],
        carriers=[CarrierRow("红色驿站服务站", "每周开放")],
    )


# -- ID numbers (GB 11643) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),  # the standard's own example
        ("44030819900101123", check_digit("44030819900101123")),
    ],
)
def test_check_digit(first17: str, expected: str) -> None:
    assert check_digit(first17) == expected
    assert id_number_problem(first17 + expected) is None


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("11010519491231002Y", "18位"),
        ("110105194912310021", "校验位"),
        ("110105194913310027", "出生日期"),
        ("12345", "18位"),
    ],
)
def test_bad_id_numbers_are_explained(number: str, reason: str) -> None:
    problem = id_number_problem(number)
    assert problem is not None and reason in problem


def test_member_with_wrong_check_digit_is_refused(ctx: AppContext) -> None:
    _, community, _ = _tree(ctx)
    members = MemberService(ctx)
    good = make_id_number("110105", dt.date(1985, 3, 4), 21)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位") as info:
        members.create(
            MemberDraft(org_id=community, name="李四", category="在职党员", id_number=bad)
        )
    assert info.value.field == "id_number"
    assert members.count() == 0
    created = members.create(
        MemberDraft(org_id=community, name="李四", category="在职党员", id_number=good.lower())
    )
    assert created.id_number == good and created.gender == "男"
    with pytest.raises(ValidationError, match="已登记"):
        members.create(
            MemberDraft(org_id=community, name="王五", category="在职党员", id_number=good)
        )


def test_gender_must_match_id_number(ctx: AppContext) -> None:
    _, community, _ = _tree(ctx)
    number = make_id_number("110105", dt.date(1990, 1, 1), 22)  # even sequence: female
    with pytest.raises(ValidationError, match="不符"):
        MemberService(ctx).create(
            MemberDraft(
                org_id=community, name="赵六", category="在职党员", id_number=number, gender="男"
            )
        )


# -- brand names -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["党建", "幸福", "一二三四五六七八九", "“党情暖万家欢乐多多”"])
def test_brand_name_length_is_enforced(ctx: AppContext, name: str) -> None:
    _, community, _ = _tree(ctx)
    with pytest.raises(ValidationError, match="4–8个字"):
        BrandService(ctx).create(BrandDraft(org_id=community, name=name, year=2026))


def test_brand_name_is_unique_and_quotes_are_ignored(ctx: AppContext) -> None:
    _, community, branch = _tree(ctx)
    brands = BrandService(ctx)
    created = brands.create(BrandDraft(org_id=community, name="“党情暖万家”", year=2026))
    assert created.name == "党情暖万家"
    with pytest.raises(ValidationError, match="已被使用"):
        brands.create(BrandDraft(org_id=branch, name="党情暖万家", year=2026))
    assert brands.name_taken("党情暖万家") and not brands.name_taken("党情暖万家", created.id)


# -- the tree --------------------------------------------------------------------------------


def test_unit_cannot_become_its_own_ancestor(ctx: AppContext) -> None:
    root, community, branch = _tree(ctx)
    orgs = OrgService(ctx)
    for target in (root, community, branch):
        with pytest.raises(ValidationError, match="循环"):
            orgs.move(root, target)
    assert orgs.get(root).parent_id is None
    moved = orgs.move(branch, root)
    assert moved.parent_id == root


def test_missing_parent_is_refused(ctx: AppContext) -> None:
    with pytest.raises(ValidationError, match="不存在"):
        OrgService(ctx).create(
            OrgDraft(name="孤儿支部", kind="党支部", level="基层单位", parent_id=999)
        )


def test_delete_with_members_or_brands_is_refused_until_moved(ctx: AppContext) -> None:
    _root, community, branch = _tree(ctx)
    orgs, members, brands = OrgService(ctx), MemberService(ctx), BrandService(ctx)
    member = members.create(MemberDraft(org_id=branch, name="张三", category="在职党员"))
    brand = brands.create(BrandDraft(org_id=branch, name="网格先锋队", year=2026))
    with pytest.raises(ValidationError, match="1 名党员、1 个品牌"):
        orgs.delete(branch)
    with pytest.raises(ValidationError, match="下级组织"):
        orgs.delete(community)
    members.move([member.id], community)
    brands.delete(brand.id)
    orgs.delete(branch)
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 2


def test_stale_edit_is_refused_with_both_versions(ctx: AppContext) -> None:
    root, _, _ = _tree(ctx)
    orgs = OrgService(ctx)
    first = orgs.get(root)
    orgs.rename(root, "幸福街道党工委（新）")
    with pytest.raises(StaleEditError, match=r"第 1 版.*第 2 版"):
        orgs.update(root, first.version, OrgDraft(name="别的名字", kind="党工委", level="街道乡镇"))
    assert orgs.get(root).name == "幸福街道党工委（新）"


def test_choices_are_checked(ctx: AppContext) -> None:
    with pytest.raises(ValidationError, match="组织类别“党小组”无效"):
        OrgService(ctx).create(OrgDraft(name="某组织", kind="党小组", level="基层单位"))


# -- the brand life cycle --------------------------------------------------------------------


def test_life_cycle_from_cultivation_to_withdrawal(ctx: AppContext) -> None:
    root, community, _ = _tree(ctx)
    brands = BrandService(ctx)
    brand = brands.create(_full_brand(community))
    for target in ("评审", "命名", "整改", "摘牌"):
        with pytest.raises(ValidationError, match="不能直接变为"):
            brands.transition(brand.id, target)
    applied = brands.transition(brand.id, "申报", note="社区申报")
    assert applied.status == "申报"
    brands.transition(brand.id, "评审")
    with pytest.raises(ValidationError, match="命名级别"):
        brands.transition(brand.id, "命名")
    named = brands.transition(brand.id, "命名", level="街道级", naming_body="幸福街道党工委")
    assert (named.status, named.level) == ("命名", "街道级")
    after = brands.inspect(brand.id, 2027, "整改", note="台账不全")
    assert after.status == "整改"
    withdrawn = brands.inspect(brand.id, 2028, "摘牌")
    assert withdrawn.status == "摘牌"
    with pytest.raises(ValidationError, match="不能再变更"):
        brands.transition(brand.id, "培育")
    history = brands.history(brand.id)
    assert [h.to_status for h in history] == ["培育", "申报", "评审", "命名", "整改", "摘牌"]
    assert history[1].via_org_id == root  # applied through the parent unit


def test_application_needs_the_checklist(ctx: AppContext) -> None:
    _, community, _ = _tree(ctx)
    brands = BrandService(ctx)
    brand = brands.create(
        BrandDraft(org_id=community, name="邻里守望", year=2026, theme="守望相助")
    )
    with pytest.raises(ValidationError, match="尚缺：有标识、有内涵、有理念"):
        brands.transition(brand.id, "申报")
    assert brands.get(brand.id).status == "培育"


def test_promotion_must_go_up_a_level(ctx: AppContext) -> None:
    _, community, _ = _tree(ctx)
    brands = BrandService(ctx)
    brand = brands.create(_full_brand(community))
    for step, kwargs in (
        ("申报", {}),
        ("评审", {}),
        ("命名", {"level": "街道级"}),
        ("申报", {}),
        ("评审", {}),
    ):
        brands.transition(brand.id, step, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="高于"):
        brands.transition(brand.id, "命名", level="街道级")
    assert brands.transition(brand.id, "命名", level="区级").level == "区级"
    brands.transition(brand.id, "申报")
    brands.transition(brand.id, "评审")
    assert brands.transition(brand.id, "命名", level="市级").level == "市级"
    brands.transition(brand.id, "整改")
    brands.transition(brand.id, "命名")
    with pytest.raises(ValidationError, match="市级品牌"):
        brands.transition(brand.id, "申报")


def test_unit_names_cannot_hold_the_path_separator(ctx: AppContext) -> None:
    with pytest.raises(ValidationError, match="分隔上下级路径"):
        OrgService(ctx).create(OrgDraft(name="甲/乙支部", kind="党支部", level="基层单位"))


def test_brand_with_fund_entries_is_refused_with_a_message(ctx: AppContext) -> None:
    from brandoffice.services.funds import FundDraft, FundService

    _, community, _ = _tree(ctx)
    brands = BrandService(ctx)
    brand = brands.create(BrandDraft(org_id=community, name="邻里守望", year=2026))
    FundService(ctx).add(
        FundDraft(
            kind="申请",
            amount="5000",
            item="宣传栏",
            entry_on=dt.date(2026, 5, 1),
            brand_id=brand.id,
        )
    )
    with pytest.raises(ValidationError, match="关联的记录"):
        brands.delete(brand.id)
    assert brands.get(brand.id).name == "邻里守望"


def test_inspection_and_its_status_change_are_one_step(ctx: AppContext) -> None:
    _, community, _ = _tree(ctx)
    brands = BrandService(ctx)
    brand = brands.create(_full_brand(community))
    for step, kwargs in (("申报", {}), ("评审", {}), ("命名", {"level": "街道级"})):
        brands.transition(brand.id, step, **kwargs)  # type: ignore[arg-type]
    passed = brands.inspect(brand.id, 2027, "通过", score=92)
    assert passed.status == "命名"
    from brandoffice.listing import list_kind

    assert list_kind(ctx, "inspections")[-1]["result"] == "通过"
    assert list_kind(ctx, "audit")[-1]["action"] == "年度复查"
    with pytest.raises(ValidationError, match="只有已命名"):
        brands.inspect(brands.create(_full_brand(community, "邻里守望")).id, 2027, "通过")
