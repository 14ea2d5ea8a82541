"""A clerk's year with the brand life cycle, from an empty database (seeds 000 and 002).

Seed 002 (区 实施方案 §三2): 自下而上逐级申报; 市级 brands are applied for by the district's
organisation department; the street names its units' brands. Seed 000 is a street's campaign:
its community brands are named by the street, inspected yearly, and mistakes are undone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from brandoffice.errors import ImportRejected, ValidationError
from brandoffice.excel import export_kind, import_kind
from brandoffice.listing import list_kind
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import BrandRow
from tests.conftest import FakeClock
from tests.core.brand_drafts import ready_brand

D = dt.date


@pytest.fixture
def year_end(clock: FakeClock) -> FakeClock:
    """The clerk looks back at the end of 2026: every date of the year has happened."""
    clock.now = dt.datetime(2026, 12, 30, 9, 0)
    return clock


def _street(ctx: AppContext) -> dict[str, int]:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    community = orgs.create(
        OrgDraft(name="和平社区党委", kind="党委", level="村社区", parent_id=root.id, sector="社区")
    )
    return {"street": root.id, "community": community.id}


def _brand(ctx: AppContext, org_id: int, name: str, year: int = 2026) -> int:
    return BrandService(ctx).create(ready_brand(org_id, name, year)).id


def _community_brand(ctx: AppContext) -> tuple[BrandService, int]:
    """The brand service and the community's brand 邻里守望 (created 2026) in a new street."""
    units = _street(ctx)
    return BrandService(ctx), _brand(ctx, units["community"], "邻里守望")


def _name(
    brands: BrandService,
    brand: int,
    applied: dt.date,
    reviewed: dt.date,
    named: dt.date,
    *,
    level: str = "街道级",
    applied_level: str | None = None,
    note: str | None = None,
) -> BrandRow:
    """Take ``brand`` through 申报 and 评审 to 命名 on the three dates.

    The district's organisation department names 区级 brands, the street all below.
    """
    naming_body = "区委组织部" if level == "区级" else "幸福街道党工委"
    brands.transition(brand, "申报", on=applied, level=applied_level, note=note)
    brands.transition(brand, "评审", on=reviewed)
    return brands.transition(brand, "命名", on=named, level=level, naming_body=naming_body)


def _refused(match: str) -> pytest.RaisesContext[ValidationError]:
    return pytest.raises(ValidationError, match=match)


def _audit(ctx: AppContext) -> list[tuple[str, str | None]]:
    return [(a["action"], a["detail"]) for a in list_kind(ctx, "audit")]


# -- seed 002: the district's rules ----------------------------------------------------------


def test_steps_out_of_order_or_before_creation_are_refused(
    ctx: AppContext, year_end: FakeClock
) -> None:
    brands, brand = _community_brand(ctx)  # created 2026
    with _refused(r"日期2020-03-01早于品牌的创建年度（2026年）"):
        brands.transition(brand, "申报", on=D(2020, 3, 1))
    brands.transition(brand, "申报", on=D(2026, 3, 1))
    with _refused(r"日期2026-02-01早于上一步“培育→申报”的日期2026-03-01"):
        brands.transition(brand, "评审", on=D(2026, 2, 1))
    with _refused("晚于今天"):
        brands.transition(brand, "评审", on=D(2027, 1, 5))
    assert brands.get(brand).status == "申报"
    brands.transition(brand, "评审", on=D(2026, 3, 1))  # the same day is in order
    assert [h.to_status for h in brands.history(brand)] == ["培育", "申报", "评审"]


def test_levels_climb_one_at_a_time_and_a_city_brand_comes_through_the_district(
    ctx: AppContext, year_end: FakeClock
) -> None:
    brands, brand = _community_brand(ctx)
    with _refused("首次命名不能是市级"):
        brands.transition(brand, "申报", on=D(2026, 3, 1), level="市级")
    with _refused("须逐级申报：首次命名为单位级或街道级.*越级理由"):
        brands.transition(brand, "申报", on=D(2026, 3, 1), level="区级")
    applied = brands.transition(brand, "申报", on=D(2026, 3, 1))
    assert applied.status == "申报"
    assert brands.history(brand)[-1].applied_level == "街道级"  # the next level by default
    brands.transition(brand, "评审", on=D(2026, 3, 20))
    with _refused("首次命名不能是市级"):  # no review at 区级, no 区级 step
        brands.transition(brand, "命名", on=D(2026, 4, 1), level="市级", naming_body="市委组织部")
    with _refused("申报的是“街道级”，命名级别不能高于申报级别"):
        brands.transition(
            brand, "命名", on=D(2026, 4, 1), level="区级", exception="区里决定", naming_body="区"
        )
    brands.transition(brand, "命名", on=D(2026, 4, 1), level="街道级", naming_body="幸福街道党工委")
    with _refused("市级品牌须先命名为区级"):  # no exception lets a street brand go to the city
        brands.transition(brand, "申报", on=D(2026, 5, 1), level="市级", exception="特批")
    assert (brands.get(brand).status, brands.get(brand).level) == ("命名", "街道级")


def test_the_district_may_decide_otherwise_and_it_is_recorded(
    ctx: AppContext, year_end: FakeClock
) -> None:
    units = _street(ctx)
    brands = BrandService(ctx)
    own = _brand(ctx, units["street"], "党情暖万家")  # the street's own brand
    reason = "街道党工委本级品牌由区委组织部直接考核命名"
    brands.transition(own, "申报", on=D(2026, 3, 1), level="区级", exception=reason)
    brands.transition(own, "评审", on=D(2026, 3, 20))
    named = brands.transition(
        own, "命名", on=D(2026, 4, 10), level="区级", naming_body="区委组织部"
    )
    assert (named.status, named.level, named.named_on) == ("命名", "区级", D(2026, 4, 10))
    history = brands.history(own)
    assert [(h.to_status, h.exception_reason) for h in history] == [
        ("培育", None),
        ("申报", reason),
        ("评审", None),
        ("命名", reason),  # the naming carries the decision of the application
    ]
    assert ("品牌培育→申报", f"越级理由：{reason}") in _audit(ctx)
    # An exception given where no level is skipped records nothing.
    other = _brand(ctx, units["community"], "邻里守望")
    brands.transition(other, "申报", on=D(2026, 3, 1), exception="不需要")
    assert brands.history(other)[-1].exception_reason is None


def test_a_named_brand_keeps_its_title_while_applying_higher_and_when_returned(
    ctx: AppContext, year_end: FakeClock
) -> None:
    """培育 → 申报 → 评审 → 命名(街道级) → 申报(区级) → 退回 keeps 街道级 → 申报 → 命名(区级)."""
    brands, brand = _community_brand(ctx)
    _name(brands, brand, D(2026, 2, 10), D(2026, 3, 1), D(2026, 3, 20), note="社区申报")
    applying = brands.transition(brand, "申报", on=D(2026, 6, 1))
    assert (applying.status, applying.level, applying.named_on) == (
        "申报",
        "街道级",
        D(2026, 3, 20),
    )
    assert brands.history(brand)[-1].applied_level == "区级"
    with _refused("退回申报时保留原命名"):
        brands.transition(brand, "培育", on=D(2026, 6, 20))
    returned = brands.transition(brand, "退回", on=D(2026, 6, 20), note="材料不全，明年再报")
    assert (returned.status, returned.level, returned.named_on) == (
        "命名",
        "街道级",
        D(2026, 3, 20),
    )
    assert returned.naming_body == "幸福街道党工委"
    brands.add_year_plan(brand, 2026, "再申报区级品牌", None)  # still a named brand
    brands.transition(brand, "申报", on=D(2026, 9, 1))
    reviewing = brands.transition(brand, "评审", on=D(2026, 9, 20))
    assert (reviewing.status, reviewing.level) == ("评审", "街道级")
    promoted = brands.transition(
        brand, "命名", on=D(2026, 10, 15), level="区级", naming_body="区委组织部"
    )
    assert (promoted.status, promoted.level, promoted.named_on) == ("命名", "区级", D(2026, 10, 15))
    changes = [(h.from_status, h.to_status, h.level) for h in brands.history(brand)]
    assert changes == [
        (None, "培育", None),
        ("培育", "申报", None),
        ("申报", "评审", None),
        ("评审", "命名", "街道级"),
        ("命名", "申报", "街道级"),
        ("申报", "命名", "街道级"),
        ("命名", "申报", "街道级"),
        ("申报", "评审", "街道级"),
        ("评审", "命名", "区级"),
    ]
    assert ("品牌退回（保留原命名）", "材料不全，明年再报") in _audit(ctx)


def test_an_application_returned_before_any_naming_goes_back_to_cultivation(
    ctx: AppContext, year_end: FakeClock
) -> None:
    brands, brand = _community_brand(ctx)
    brands.transition(brand, "申报", on=D(2026, 3, 1))
    brands.transition(brand, "评审", on=D(2026, 3, 10))
    returned = brands.transition(brand, "退回", on=D(2026, 3, 30))
    assert (returned.status, returned.level) == ("培育", None)
    with _refused("没有可退回的申报"):
        brands.transition(brand, "退回", on=D(2026, 4, 1))


def test_undo_restores_the_state_before_the_last_step_and_is_audited(
    ctx: AppContext, year_end: FakeClock
) -> None:
    brands, brand = _community_brand(ctx)
    with _refused("还没有可撤销的步骤"):
        brands.undo_last_step(brand, "误操作")
    _name(brands, brand, D(2026, 2, 10), D(2026, 3, 1), D(2026, 3, 20))
    _name(brands, brand, D(2026, 6, 1), D(2026, 6, 20), D(2026, 7, 1), level="区级")
    with _refused("撤销理由不能为空"):
        brands.undo_last_step(brand, "  ")
    back = brands.undo_last_step(brand, "命名文件尚未下发，误录")
    assert (back.status, back.level, back.named_on, back.naming_body) == (
        "评审",
        "街道级",
        D(2026, 3, 20),
        "幸福街道党工委",
    )
    undone = brands.history(brand)[-1]
    assert (undone.to_status, undone.undone, undone.undo_reason) == (
        "命名",
        True,
        "命名文件尚未下发，误录",
    )
    assert _audit(ctx)[-1] == (
        "撤销品牌步骤",
        "撤销“评审→命名”（2026-07-01）：命名文件尚未下发，误录",
    )
    # The undone step no longer counts: the next step may be dated before it.
    again = brands.transition(
        brand, "命名", on=D(2026, 6, 25), level="区级", naming_body="区委组织部"
    )
    assert (again.level, again.named_on) == ("区级", D(2026, 6, 25))
    # Undo twice more: back to the named 街道级 brand, then to its application.
    brands.undo_last_step(brand, "重新录入")
    brands.undo_last_step(brand, "重新录入")
    assert (brands.get(brand).status, brands.get(brand).level) == ("申报", "街道级")
    assert sum(1 for h in brands.history(brand) if h.undone) == 3


def test_status_cannot_change_through_an_excel_import(
    ctx: AppContext, year_end: FakeClock, tmp_path: Path
) -> None:
    brands, brand = _community_brand(ctx)
    _name(brands, brand, D(2026, 2, 10), D(2026, 3, 1), D(2026, 3, 20))
    path = tmp_path / "brands.xlsx"
    export_kind(ctx, "brands", path)
    same = import_kind(ctx, "brands", path)  # the same status as stored is fine
    assert (same.inserted, same.updated) == (0, 0)

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = {c.value: c.column for c in sheet[1]}
    sheet.cell(2, column["状态"]).value = "摘牌"
    sheet.cell(2, column["命名级别"]).value = "区级"
    sheet.cell(2, column["品牌口号"]).value = "新口号"
    book.save(path)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "brands", path)
    problems = [(p.row, p.column, p.reason) for p in info.value.problems]
    assert [(r, c) for r, c, _ in problems] == [(2, "状态"), (2, "命名级别")]
    assert problems[0][2].startswith("状态不能通过导入修改（现为“命名”），请在“品牌登记”")
    assert "办理下一步" in problems[0][2]
    after = brands.get(brand)
    assert (after.status, after.level, after.slogan) == ("命名", "街道级", None)
    assert [h.to_status for h in brands.history(brand)][-1] == "命名"


# -- seed 000: the street's year -------------------------------------------------------------


def test_a_street_year_naming_inspection_and_an_undone_inspection(
    ctx: AppContext, year_end: FakeClock
) -> None:
    brands, brand = _community_brand(ctx)
    _name(brands, brand, D(2026, 3, 25), D(2026, 4, 25), D(2026, 5, 20))  # 动员部署: units apply
    with _refused("早于上一步“评审→命名”"):
        brands.inspect(brand, 2026, "通过", on=D(2026, 5, 1))
    after = brands.inspect(brand, 2026, "整改", on=D(2026, 12, 10), note="台账不全")
    assert after.status == "整改"
    assert len(list_kind(ctx, "inspections")) == 1
    back = brands.undo_last_step(brand, "复查结论录错，应为通过")
    assert (back.status, back.level) == ("命名", "街道级")
    assert list_kind(ctx, "inspections") == []  # the inspection the step came from goes too
    passed = brands.inspect(brand, 2026, "通过", on=D(2026, 12, 10), score=90)
    assert passed.status == "命名"
    with _refused("之后已登记2026年复查，不能撤销"):
        brands.undo_last_step(brand, "想撤销命名")
    assert brands.get(brand).level == "街道级"


def test_a_unit_brand_climbs_from_unit_level_to_the_street(
    ctx: AppContext, year_end: FakeClock
) -> None:
    brands, brand = _community_brand(ctx)
    dates = D(2026, 3, 1), D(2026, 3, 10), D(2026, 3, 20)
    _name(brands, brand, *dates, applied_level="单位级", level="单位级")
    with _refused("须逐级申报：“单位级”之后是“街道级”"):
        brands.transition(brand, "申报", on=D(2026, 9, 1), level="区级")
    brands.transition(brand, "申报", on=D(2026, 9, 1))
    assert brands.history(brand)[-1].applied_level == "街道级"
