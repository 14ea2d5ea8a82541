"""The window's door: the services tidy what is typed exactly as imports do."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.errors import ValidationError
from brandoffice.idcard import make_id_number
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService

WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def _unit(ctx: AppContext) -> int:
    orgs = OrgService(ctx)
    row = orgs.create(
        OrgDraft(
            name=" 幸福街道　党工委 ",
            kind=" 党工委",
            level="街道乡镇\u3000",
            secretary="王　建华",
            phone="(0571) 8800.1234",
        )
    )
    assert (row.name, row.kind, row.level, row.secretary, row.phone) == (
        "幸福街道党工委",
        "党工委",
        "街道乡镇",
        "王建华",
        "0571-88001234",
    )
    return row.id


def test_member_typed_with_an_input_method_is_saved_tidy(ctx: AppContext) -> None:
    org = _unit(ctx)
    number = next(
        make_id_number("330106", dt.date(1990, 5, 4), n)
        for n in range(100, 999)
        if make_id_number("330106", dt.date(1990, 5, 4), n).endswith("X")
    )
    typed = number.translate(WIDE)[:-1] + "x"
    members = MemberService(ctx)
    row = members.create(
        MemberDraft(
            org_id=org,
            name="陈　晓红",
            category="",
            id_number=typed,
            phone="＋86 138-0013-8001",
        )
    )
    assert (row.name, row.id_number, row.phone, row.category) == (
        "陈晓红",
        number,
        "13800138001",
        "",
    )
    assert row.gender is not None
    again = members.update(
        row.id,
        row.version,
        MemberDraft(org_id=org, name=row.name, category=" 流动党员 ", id_number=number),
    )
    assert again.category == "流动党员"


@pytest.mark.parametrize(
    ("phone", "field"),
    [("138-0013-800", "phone"), ("电话号码", "phone")],
)
def test_a_phone_that_is_none_says_how_to_write_one(
    ctx: AppContext, phone: str, field: str
) -> None:
    org = _unit(ctx)
    with pytest.raises(ValidationError) as info:
        MemberService(ctx).create(MemberDraft(org_id=org, name="李四", category="", phone=phone))
    assert info.value.field == field
    assert str(info.value) == (
        f"电话号码“{phone}”格式不对：应为11位手机号，或区号加7–8位座机号（如 010-88886666）"
    )


def test_brand_names_fold_full_width_letters(ctx: AppContext) -> None:
    org = _unit(ctx)
    brand = BrandService(ctx).create(BrandDraft(org_id=org, name="“ＡＢ驿站”", year=2026))
    assert brand.name == "AB驿站"
    assert BrandService(ctx).by_name("ＡＢ驿站").id == brand.id
