"""Seeds 004 and 002 as a clerk's year of honours, from nomination to decision, on paper.

From an empty database (``init``, units and members by Excel, a brand by the service): each
kind of honour (先进基层党组织, 优秀共产党员, 优秀党务工作者, 品牌表彰奖励) is nominated, then
decided by the body with a date and a 文号 (or refused), and the 表彰名单 prints what was
decided. The rules refuse a decision without its body or date, one before the nomination,
the wrong kind of nominee and a second decision; a bad sheet changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.errors import ImportRejected, ValidationError
from brandoffice.excel import export_kind, import_kind, undo_last_import
from brandoffice.listing import list_kind
from brandoffice.reports.honours_list import write_honours
from brandoffice.reports.options import ReportOptions
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.commendations import CommendationService, HonourDraft
from brandoffice.services.context import AppContext
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.orgs import OrgService
from brandoffice.services.reviews import ReviewService
from tests.conftest import FakeClock
from tests.core.excel.excel_helpers import write_xlsx
from tests.core.reports import docx_checks as dc

TOWN = "城关镇党委"
EAST = f"{TOWN}/东村党支部"
WEST = f"{TOWN}/西村党支部"
COUNTY = "中共城关县委"
DOC = "城委发〔2026〕15号"
NOMINATED, DECIDED = dt.date(2026, 5, 6), dt.date(2026, 5, 18)
HEADER = ["表彰类别", "年度", "党员姓名", "所属组织", "状态", "推荐日期", "表彰机关", "决定日期"]
HEADER += ["文号", "级别"]


@pytest.fixture
def county(db_path: Path, clock: FakeClock, tmp_path: Path) -> AppContext:
    """``init``, then the town and two villages with their members from Excel."""
    assert main(["--db", str(db_path), "init"]) == 0
    ctx = open_context(str(db_path), clock=clock)
    orgs = write_xlsx(
        tmp_path / "orgs.xlsx",
        ["组织名称", "上级组织", "组织类别", "组织层级"],
        [[TOWN, None, "党委", "街道乡镇"], ["东村党支部", TOWN, "党支部", "村社区"],
         ["西村党支部", TOWN, "党支部", "村社区"]],
    )  # fmt: skip
    import_kind(ctx, "orgs", orgs)
    people = write_xlsx(
        tmp_path / "members.xlsx",
        ["姓名", "所属组织", "党员类别"],
        [["王建国", EAST, "在职党员"], ["李秀兰", EAST, "在职党员"], ["赵德明", WEST, "在职党员"]],
    )  # fmt: skip
    import_kind(ctx, "members", people)
    return ctx


def _ids(ctx: AppContext) -> dict[str, int]:
    ids = {o.name: o.id for o in OrgService(ctx).all_rows()}
    ids.update({m["name"]: m["id"] for m in list_kind(ctx, "members")})
    return ids


def _sheet(path: Path, *rows: list[object]) -> Path:
    return write_xlsx(path, HEADER, rows, sheet="表彰")


def test_each_kind_of_honour_from_nomination_to_the_printed_list(
    county: AppContext, tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = county
    ids = _ids(ctx)
    honours = CommendationService(ctx)
    brand = BrandService(ctx).create(
        BrandDraft(org_id=ids["东村党支部"], name="红色东村", year=2026)
    )
    inspection = ReviewService(ctx).create_round("2026年度品牌复查", dt.date(2026, 5, 10), "品牌")

    # 1. Nominations: a unit and a brand by the window's service, members by Excel.
    unit = honours.add(HonourDraft(2026, "先进基层党组织", org_id=ids["东村党支部"],
                                   nominated_by=TOWN, nominated_on=NOMINATED))  # fmt: skip
    award = honours.add(HonourDraft(2026, "品牌表彰奖励", brand_id=brand.id, nominated_on=NOMINATED,
                                    review_round_id=inspection.id))  # fmt: skip
    nominations = _sheet(
        tmp_path / "nominate.xlsx",
        ["优秀共产党员", 2026, "王建国", EAST, None, NOMINATED, None, None, None, None],
        ["优秀共产党员", 2026, "赵德明", WEST, None, NOMINATED, None, None, None, None],
        ["优秀党务工作者", 2026, "李秀兰", EAST, None, NOMINATED, None, None, None, None],
    )
    assert import_kind(ctx, "commendations", nominations).inserted == 3
    every = honours.commendations(2026)
    assert {(h.kind, h.recipient, h.status) for h in every} == {
        ("先进基层党组织", "东村党支部", "推荐"),
        ("品牌表彰奖励", "红色东村", "推荐"),
        ("优秀共产党员", "王建国", "推荐"),
        ("优秀共产党员", "赵德明", "推荐"),
        ("优秀党务工作者", "李秀兰", "推荐"),
    }
    assert next(h for h in every if h.brand_id).review == "2026年度品牌复查"
    assert next(h for h in every if h.brand_id).unit == "东村党支部"

    # 2. The rules: a decision needs its body and date, after the nomination, and only once.
    with pytest.raises(ValidationError, match="须填写表彰机关") as no_body:
        honours.decide(unit.id, unit.version, "表彰", awarded_by=None, awarded_on=DECIDED)
    assert no_body.value.field == "awarded_by"
    with pytest.raises(ValidationError, match="决定日期不能早于推荐日期"):
        honours.decide(unit.id, unit.version, "表彰", awarded_by=COUNTY,
                       awarded_on=dt.date(2026, 5, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="表彰的是党组织"):
        honours.add(HonourDraft(2026, "先进基层党组织", member_id=ids["王建国"]))
    with pytest.raises(ValidationError, match="表彰的是党建品牌"):
        honours.add(HonourDraft(2026, "品牌表彰奖励", org_id=ids["东村党支部"]))
    with pytest.raises(ValidationError, match="已有2026年度“优秀共产党员”的记录"):
        honours.add(HonourDraft(2026, "优秀共产党员", member_id=ids["王建国"]))

    # 3. Decisions: in the window (service) and from the body's list in Excel.
    decided = honours.decide(unit.id, unit.version, "表彰", awarded_by=COUNTY, awarded_on=DECIDED,
                             doc_number=DOC, level="县区级")  # fmt: skip
    assert (decided.status, decided.awarded_by, decided.level) == ("表彰", COUNTY, "县区级")
    with pytest.raises(ValidationError, match="不能再次决定"):
        honours.decide(unit.id, decided.version, "未通过", awarded_by=COUNTY, awarded_on=DECIDED)
    honours.decide(award.id, award.version, "表彰", awarded_by="城关镇党委", awarded_on=DECIDED,
                   doc_number="城委〔2026〕8号")  # fmt: skip
    bad = _sheet(
        tmp_path / "bad.xlsx",
        ["优秀共产党员", 2026, "王建国", EAST, "表彰", NOMINATED, COUNTY, None, DOC, None],
    )
    before = list_kind(ctx, "commendations")
    with pytest.raises(ImportRejected) as refused:
        import_kind(ctx, "commendations", bad)
    problems = [(p.row, p.column, p.reason) for p in refused.value.problems]
    assert problems == [(2, "决定日期", "状态为“表彰”时须填写决定日期")]
    assert list_kind(ctx, "commendations") == before
    decisions = _sheet(
        tmp_path / "decide.xlsx",
        ["优秀共产党员", 2026, "王建国", EAST, "表彰", NOMINATED, COUNTY, DECIDED, DOC, "县区级"],
        ["优秀共产党员", 2026, "赵德明", WEST, "未通过", NOMINATED, COUNTY, DECIDED, None, None],
        ["优秀党务工作者", 2026, "李秀兰", EAST, "表彰", NOMINATED, COUNTY, DECIDED, DOC, "县区级"],
    )  # fmt: skip
    summary = import_kind(ctx, "commendations", decisions)
    assert (summary.inserted, summary.updated) == (0, 3)
    status = {h.recipient: h.status for h in honours.commendations(2026)}
    assert status == {"东村党支部": "表彰", "红色东村": "表彰", "王建国": "表彰",
                      "赵德明": "未通过", "李秀兰": "表彰"}  # fmt: skip

    # 4. Deeds link to an honour; the brand's review link survived the sheet.
    worker = next(h for h in honours.commendations(2026) if h.kind == "优秀党务工作者")
    deed = ModelService(ctx).create_deed(DeedDraft("村务公开十年如一日", dt.date(2026, 4, 1),
                                                   member_id=ids["李秀兰"], commendation_id=worker.id))  # fmt: skip
    assert deed.commendation == "2026年度优秀党务工作者"
    assert honours.get(award.id).review_round_id == inspection.id

    # 5. `brandoffice list`, export and the printed list.
    assert main(["--db", str(db_path), "list", "commendations", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted((i["name"], i.get("member") or i.get("org") or i.get("brand")) for i in listed) == [
        ("优秀党务工作者", "李秀兰"), ("优秀共产党员", "王建国"), ("优秀共产党员", "赵德明"),
        ("先进基层党组织", "东村党支部"), ("品牌表彰奖励", "红色东村"),
    ]  # fmt: skip
    export_kind(ctx, "commendations", tmp_path / "export.xlsx")
    path = write_honours(ctx, tmp_path / "honours.docx", ReportOptions(year=2026))
    text = dc.body_text(path)
    for heading in ("先进基层党组织（1个）", "优秀共产党员（1名）", "优秀党务工作者（1名）",
                    "品牌表彰奖励（1个）"):  # fmt: skip
        assert heading in text, heading
    assert "赵德明" not in text  # refused: not on the list of honours
    assert f"表彰文件文号：{DOC}" in text
    brands = next(t for t in dc.table_rows(path) if t[0][:2] == ["序号", "品牌名称"])
    assert brands[1][1:3] == ["红色东村", "东村党支部"]


def test_pending_nominations_are_counted_and_a_sheet_round_trips(
    county: AppContext, tmp_path: Path
) -> None:
    ctx = county
    honours = CommendationService(ctx)
    nominations = _sheet(
        tmp_path / "nominate.xlsx",
        ["优秀共产党员", 2026, "王建国", EAST, None, NOMINATED, None, None, None, None],
        ["先进基层党组织", 2026, None, WEST, "表彰", NOMINATED, COUNTY, DECIDED, DOC, None],
    )
    import_kind(ctx, "commendations", nominations)
    rows = {h.recipient: (h.status, h.awarded_by) for h in honours.commendations(2026)}
    assert rows == {"王建国": ("推荐", None), "西村党支部": ("表彰", COUNTY)}
    path = write_honours(ctx, tmp_path / "pending.docx", ReportOptions(year=2026))
    assert "另有推荐人选优秀共产党员1名尚待表彰机关决定" in dc.body_text(path)
    assert export_kind(ctx, "commendations", tmp_path / "out.xlsx") == 2
    assert undo_last_import(ctx).inserted == 2
    assert honours.commendations() == []
    again = import_kind(ctx, "commendations", tmp_path / "out.xlsx")
    assert again.inserted == 2
    assert {h.recipient: (h.status, h.doc_number) for h in honours.commendations(2026)} == {
        "王建国": ("推荐", None),
        "西村党支部": ("表彰", DOC),
    }
