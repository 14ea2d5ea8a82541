"""Lists as clerks have them import whole into an empty database; bad ones still refuse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brandoffice.cli.main import main
from brandoffice.errors import ImportRejected
from brandoffice.excel import import_kind
from brandoffice.excel.members_sheet import NO_UNIT, NO_UNIT_NEW
from brandoffice.excel.orgs_sheet import NO_KIND
from brandoffice.idcard import gender
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgService
from tests.core.excel.clerk_lists import (
    ROSTER_EXPECTED,
    SOFFICE_ROSTER,
    roster_rows,
    wide,
    write_brands,
    write_roster,
    write_units,
)
from tests.core.excel.excel_helpers import id_number, snapshot, write_xlsx


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def check_units(ctx: AppContext) -> None:
    from tests.core.excel.clerk_lists import UNITS_EXPECTED

    rows = OrgService(ctx).all_rows()
    names = {r.id: r.name for r in rows}
    found = {
        r.name: (r.kind, r.level, r.phone, names.get(r.parent_id) if r.parent_id else None)
        for r in rows
    }
    assert found == UNITS_EXPECTED
    secretaries = {r.name: r.secretary for r in rows}
    assert secretaries["和平社区党总支"] == "赵刚"


def check_members(ctx: AppContext) -> None:
    units = {r.id: r.name for r in OrgService(ctx).all_rows()}
    members = MemberService(ctx).page(None, 0, 100)
    found = {m.name: (m.id_number, m.phone, units[m.org_id], m.join_date) for m in members}
    assert found == ROSTER_EXPECTED
    for m in members:
        assert m.category == ""  # 党员类别 left blank; 人员类别 is not it
        assert m.gender == (gender(m.id_number) if m.id_number else None)


def test_clerk_lists_import_whole_from_an_empty_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "first-day.sqlite3")
    assert run(capsys, "--db", db, "init")[0] == 0

    code, out, err = run(
        capsys, "--db", db, "import", "orgs", str(write_units(tmp_path / "u.xlsx"))
    )
    assert (code, err) == (0, ""), err
    assert "组织 新增 5 条" in out
    assert "识别的列：党组织名称→组织名称、上级党组织→上级组织、书记、联系电话" in out
    assert "组织类别按名称推断：5 个" in out
    assert "组织层级按上级组织推断（顶层为“街道乡镇”）：5 个" in out

    code, out, err = run(capsys, "--db", db, "import", "members", str(SOFFICE_ROSTER))
    assert (code, err) == (0, ""), err
    assert "党员 新增 4 条" in out
    assert "公民身份号码→身份证号" in out and "所在党支部→所属组织" in out
    assert "入党时间→入党日期" in out
    ignored = next(line for line in out.splitlines() if line.startswith("忽略的列："))
    assert "民族、学历、转正时间、工作岗位（本程序不记录）" in ignored
    assert "出生日期（由身份证号得出）" in ignored
    assert "人员类别（正式党员/预备党员，本程序不记录；它不是党员类别）" in ignored
    assert "党员类别未填（新党员留空待补，已登记的保留原类别）：4 人" in out

    code, out, err = run(
        capsys, "--db", db, "import", "brands", str(write_brands(tmp_path / "b.xlsx"))
    )
    assert (code, err) == (0, ""), err
    assert f"创建年度未填，按今年（{dt.date.today().year}年）记：2 个" in out

    from brandoffice.app import open_context

    ctx = open_context(db)
    try:
        check_units(ctx)
        check_members(ctx)
        brands = {b.name: b.year for b in BrandService(ctx).all_rows()}
        assert brands == {"幸福驿站": dt.date.today().year, "和平先锋": dt.date.today().year}
    finally:
        ctx.db.dispose()


def test_openpyxl_roster_imports_like_the_libreoffice_one(ctx: AppContext, tmp_path: Path) -> None:
    import_kind(ctx, "orgs", write_units(tmp_path / "u.xlsx"))
    summary = import_kind(ctx, "members", write_roster(tmp_path / "r.xlsx"))
    assert (summary.inserted, summary.updated) == (4, 0)
    assert summary.notes[0].startswith("识别的列：姓名、性别、公民身份号码→身份证号")
    assert "性别按身份证号填写：1 人" in summary.notes
    check_members(ctx)
    again = import_kind(ctx, "members", SOFFICE_ROSTER)
    assert (again.inserted, again.updated, again.batch_id) == (0, 0, None)


def test_one_wrong_check_digit_refuses_the_roster_whole(ctx: AppContext, tmp_path: Path) -> None:
    import_kind(ctx, "orgs", write_units(tmp_path / "u.xlsx"))
    rows = roster_rows()
    good = id_number(124)
    rows[0][4] = wide(good[:17] + ("1" if good[17] != "1" else "2"))  # full width, wrong digit
    before = snapshot(ctx)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "members", write_roster(tmp_path / "bad.xlsx", rows))
    problems = info.value.problems
    assert [(p.row, p.column) for p in problems] == [(2, "身份证号")]
    assert problems[0].reason.startswith("身份证号校验位错误（应为 ")
    assert snapshot(ctx) == before


def test_circular_parents_are_named(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "units.xlsx",
        ["组织名称", "上级组织"],
        [
            ["幸福街道党工委", None],
            ["甲社区党委", "乙社区党委"],
            ["丙党支部", "甲社区党委"],
            ["乙社区党委", "甲社区党委"],
            ["丁党支部", "丁党支部"],
            ["戊党支部", "没有的党委"],
        ],
    )
    before = snapshot(ctx)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "orgs", path)
    found = [(p.row, p.column, p.reason) for p in info.value.problems]
    assert found == [
        (3, "上级组织", "第3行与第5行的上级组织互相引用，形成循环：甲社区党委 → 乙社区党委 → 甲社区党委"),
        (4, "上级组织", "上级组织在本表中处于循环引用中（“甲社区党委”，见第3行），无法确定位置"),
        (6, "上级组织", "上级组织是它自己（“丁党支部”）；顶层组织请留空"),
        (7, "上级组织", "找不到上级组织“没有的党委”（数据库和本表中都没有）"),
    ]  # fmt: skip
    assert snapshot(ctx) == before


def test_three_unit_cycle_names_every_row(ctx: AppContext, tmp_path: Path) -> None:
    rows = [["乙党委", "甲党委"], ["甲党委", "丙党委"], ["丙党委", "乙党委"]]
    path = write_xlsx(tmp_path / "units.xlsx", ["组织名称", "上级组织"], rows)
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "orgs", path)
    assert [p.reason for p in info.value.problems] == [
        "第2行、第3行、第4行的上级组织互相引用，形成循环：乙党委 → 甲党委 → 丙党委 → 乙党委"
    ]


def test_a_kind_that_the_name_does_not_tell_is_asked_for(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "units.xlsx",
        ["组织名称", "上级组织", "组织类别"],
        [["幸福街道党工委", None, None], ["幸福驿站社区", "幸福街道党工委", None]],
    )
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "orgs", path)
    assert [(p.row, p.column, p.reason) for p in info.value.problems] == [(3, "组织类别", NO_KIND)]


def test_blank_kind_level_category_and_year_keep_what_is_stored(
    ctx: AppContext, tmp_path: Path
) -> None:
    import_kind(ctx, "orgs", write_units(tmp_path / "u.xlsx"))
    import_kind(ctx, "members", write_roster(tmp_path / "r.xlsx"))
    import_kind(ctx, "brands", write_brands(tmp_path / "b.xlsx"))
    header = ["组织名称", "上级组织", "组织类别", "组织层级", "书记"]
    units = write_xlsx(
        tmp_path / "u2.xlsx", header, [["和平社区党总支", "幸福街道党工委", "", None, "孙丽"]]
    )
    orgs = OrgService(ctx)
    peace = next(r for r in orgs.all_rows() if r.name == "和平社区党总支")
    summary = import_kind(ctx, "orgs", units)
    assert (summary.inserted, summary.updated) == (0, 1)
    after = next(r for r in orgs.all_rows() if r.name == "和平社区党总支")
    assert (after.kind, after.level, after.secretary) == (peace.kind, peace.level, "孙丽")

    members = MemberService(ctx)
    chen = next(m for m in members.page(None, 0, 10) if m.name == "李建国")
    members.update(chen.id, chen.version, _draft(chen, category="流动党员"))
    roster = write_xlsx(
        tmp_path / "r2.xlsx",
        ["姓名", "身份证号", "党员类别", "手机"],
        [["李建国", id_number(131), None, "139 0013 9009"]],
    )
    assert import_kind(ctx, "members", roster).updated == 1
    after_member = members.get(chen.id)
    assert (after_member.category, after_member.phone) == ("流动党员", "13900139009")

    brands = BrandService(ctx)
    brand = brands.by_name("和平先锋")
    sheet = write_xlsx(
        tmp_path / "b2.xlsx",
        ["品牌名称", "所属组织", "创建年度", "品牌口号"],
        [["和平先锋", "和平社区党总支", None, "先锋在身边"]],
    )
    assert import_kind(ctx, "brands", sheet).updated == 1
    assert brands.by_name("和平先锋").year == brand.year


def _draft(row: object, **changes: object) -> MemberDraft:
    fields = ("org_id", "name", "category", "gender", "id_number", "phone", "join_date", "posts")
    values = {f: getattr(row, f) for f in fields}
    values.update(changes)
    return MemberDraft(**values)  # type: ignore[arg-type]


def test_members_without_a_unit_are_found_by_id_number(ctx: AppContext, tmp_path: Path) -> None:
    import_kind(ctx, "orgs", write_units(tmp_path / "u.xlsx"))
    import_kind(ctx, "members", write_roster(tmp_path / "r.xlsx"))
    path = write_xlsx(
        tmp_path / "phones.xlsx",
        ["姓名", "证件号码", "手机号码"],
        [["王芳", wide(id_number(124)), "186 0000 1111"]],
    )
    summary = import_kind(ctx, "members", path)
    assert (summary.inserted, summary.updated) == (0, 1)
    wang = next(m for m in MemberService(ctx).page(None, 0, 10) if m.name == "王芳")
    assert wang.phone == "18600001111"

    unknown = write_xlsx(
        tmp_path / "new.xlsx",
        ["姓名", "证件号码", "所属组织"],
        [["新党员", id_number(555), None], ["无证件", None, None]],
    )
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "members", unknown)
    assert [(p.row, p.column, p.reason) for p in info.value.problems] == [
        (2, "所属组织", NO_UNIT_NEW),
        (3, "所属组织", NO_UNIT),
    ]


def test_a_roster_with_mobile_and_landline_keeps_the_mobile(
    ctx: AppContext, tmp_path: Path
) -> None:
    import_kind(ctx, "orgs", write_units(tmp_path / "u.xlsx"))
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号码", "手机", "固定电话", "所在支部", "党员类别"],
        [["孙丽", id_number(77), "138 0000 0077", "0571-8800 7777", "和平社区党总支", "在职党员"]],
    )
    summary = import_kind(ctx, "members", path)
    assert summary.notes[:2] == (
        "识别的列：姓名、身份证号码→身份证号、手机→联系电话、所在支部→所属组织、党员类别",
        "忽略的列：固定电话（本程序不记录）",
    )
    sun = MemberService(ctx).page(None, 0, 10)[0]
    assert (sun.phone, sun.category) == ("13800000077", "在职党员")


def test_units_hanging_two_levels_below_a_cycle_are_named(ctx: AppContext, tmp_path: Path) -> None:
    """A unit under a unit under a cycle is refused naming the cycle (Hypothesis found a KeyError)."""
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        ["组织名称", "上级组织"],
        [
            ["甲社区党委", "乙社区党委"],
            ["乙社区党委", "甲社区党委"],
            ["丙党支部", "甲社区党委"],
            ["丁党支部", "丙党支部"],
        ],
    )
    with pytest.raises(ImportRejected) as info:
        import_kind(ctx, "orgs", path)
    reasons = {p.row: p.reason for p in info.value.problems}
    assert "形成循环" in reasons[2]
    assert "见第2行" in reasons[4] and "见第2行" in reasons[5]
