"""Seed 004 (county) as a clerk's two years: grades by year, 晋档升级 read from the history.

From an empty database: ``init``, the units by Excel, last year's grades by Excel, this
year's 五个好 round written into the history, last year's sheet imported again (it must not
overwrite this year), a grade corrected in the unit's form, and the moves in the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.excel import import_kind
from brandoffice.reports.common import ReportOptions
from brandoffice.reports.progress_report import write_progress
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.reviews import FIVE_GOODS, ReviewService
from brandoffice.services.template_campaigns import create_from_template
from tests.conftest import FakeClock
from tests.core.excel.excel_helpers import write_xlsx
from tests.core.reports import docx_checks as dc

TOWN = "城关镇党委"
VILLAGES = ("东村党支部", "西村党支部", "南村党支部", "北村党支部", "中心村党支部")
LAST_YEAR = {  # 2025's grades, from the county's year-end assessment
    "东村党支部": "后进",
    "西村党支部": "中间",
    "南村党支部": "先进",
    "北村党支部": "中间",
}
SCORES = {  # 2026's 五个好 round: the same total from three reviewers on each criterion
    "东村党支部": 78,  # 后进 → 中间
    "西村党支部": 72,  # 中间 → 中间
    "南村党支部": 65,  # 先进 → 后进
    "北村党支部": 91,  # 中间 → 先进
    "中心村党支部": 88,  # first graded: 先进
}


@pytest.fixture
def county(db_path: Path, clock: FakeClock, tmp_path: Path) -> AppContext:
    """The clerk's database after ``init`` and the units imported from Excel."""
    assert main(["--db", str(db_path), "init"]) == 0
    ctx = open_context(str(db_path), clock=clock)
    rows = [[TOWN, None, "党委", "街道乡镇", "街道"]]
    rows += [[v, TOWN, "党支部", "村社区", "农村"] for v in VILLAGES]
    sheet = write_xlsx(
        tmp_path / "orgs.xlsx", ["组织名称", "上级组织", "组织类别", "组织层级", "领域"], rows
    )
    import_kind(ctx, "orgs", sheet)
    return ctx


def _grades_sheet(path: Path, year: int, grades: dict[str, str]) -> Path:
    rows = [
        [f"{TOWN}/{unit}", year, grade, f"{year}年度县委考核"] for unit, grade in grades.items()
    ]
    return write_xlsx(path, ["单位", "年度", "等次", "评定依据"], rows, sheet="评定等次")


def _five_goods_round(ctx: AppContext, ids: dict[str, int]) -> None:
    reviews = ReviewService(ctx)
    round_ = reviews.create_round("2026年度“五个好”评定", dt.date(2026, 5, 18), "组织")
    for unit, total in SCORES.items():
        for reviewer in ("评委甲", "评委乙", "评委丙"):
            reviews.set_scores(round_.id, reviewer, ids[unit], dict.fromkeys(FIVE_GOODS, total))
    reviews.apply_org_grades(round_.id)


def test_two_years_of_grading_show_who_moved(county: AppContext, tmp_path: Path) -> None:
    ctx = county
    orgs = OrgService(ctx)
    ids = {o.name: o.id for o in orgs.all_rows()}
    grades = GradeService(ctx)

    import_kind(ctx, "grades", _grades_sheet(tmp_path / "2025.xlsx", 2025, LAST_YEAR))
    assert orgs.get(ids["东村党支部"]).grade == "后进"  # 2025 is the latest year on record

    _five_goods_round(ctx, ids)
    now = {v: orgs.get(ids[v]).grade for v in VILLAGES}
    assert now == {
        "东村党支部": "中间",
        "西村党支部": "中间",
        "南村党支部": "后进",
        "北村党支部": "先进",
        "中心村党支部": "先进",
    }
    history = {(g.unit_name, g.year): (g.grade, g.source) for g in grades.grades()}
    assert history[("东村党支部", 2025)] == ("后进", "2025年度县委考核")
    assert history[("东村党支部", 2026)] == ("中间", "2026年度“五个好”评定")

    movement = grades.movement(2026, ids[TOWN])
    words = {m.unit_name: (m.before, m.after, m.word) for m in movement.moves}
    assert words == {
        "东村党支部": ("后进", "中间", "晋升一档"),
        "西村党支部": ("中间", "中间", "持平"),
        "南村党支部": ("先进", "后进", "下降两档"),
        "北村党支部": ("中间", "先进", "晋升一档"),
    }
    assert (movement.moved_up, movement.stayed, movement.moved_down) == (2, 1, 1)
    assert movement.first_grades == (("中心村党支部", "先进"),)

    # Last year's sheet again (a corrected copy): it must not overwrite this year's grades.
    corrected = {**LAST_YEAR, "西村党支部": "后进"}
    import_kind(ctx, "grades", _grades_sheet(tmp_path / "again.xlsx", 2025, corrected))
    assert {v: orgs.get(ids[v]).grade for v in VILLAGES} == now
    moved = {m.unit_name: m.word for m in grades.movement(2026, ids[TOWN]).moves}
    assert moved["西村党支部"] == "晋升一档"  # now compared with the corrected 2025 grade

    # 四找 against a model: the check reads the current (2026) grades, not 2025's.
    bench = write_xlsx(
        tmp_path / "bench.xlsx",
        ["单位", "年度", "标杆单位", "找差距"],
        [[f"{TOWN}/东村党支部", 2026, f"{TOWN}/北村党支部", "集体经济薄弱"]],
        sheet="对标定位",
    )
    import_kind(ctx, "benchmarks", bench)

    # A grade corrected in the unit's form is this year's grading (the history follows).
    row = orgs.get(ids["南村党支部"])
    draft = orgs_draft(ctx, row.id, grade="中间")
    orgs.update(row.id, row.version, draft)
    south = [g for g in grades.grades(ids["南村党支部"]) if g.year == 2026]
    assert [(g.grade, g.source) for g in south] == [("中间", "组织信息中登记")]
    south_move = next(m for m in grades.movement(2026, ids[TOWN]).moves if m.org_id == row.id)
    assert (south_move.after, south_move.word) == ("中间", "下降一档")

    # The progress report lists every unit's move, not only the count.
    create_from_template(ctx, "seed004_county", "2026年创先争优晋档升级活动", 2026, ids[TOWN])
    path = write_progress(ctx, tmp_path / "progress.docx", ReportOptions())
    table = next(t for t in dc.table_rows(path) if t[0][:3] == ["序号", "单位", "上次等次"])
    shown = {r[1]: (r[2], r[3], r[4]) for r in table[1:]}
    assert shown == {
        "东村党支部": ("后进（2025）", "中间", "晋升一档"),
        "西村党支部": ("后进（2025）", "中间", "晋升一档"),
        "南村党支部": ("先进（2025）", "中间", "下降一档"),
        "北村党支部": ("中间（2025）", "先进", "晋升一档"),
        "中心村党支部": ("—", "先进", "首次评定"),
    }
    assert "晋档升级3个、保持0个、降档1个，首次评定1个" in dc.body_text(path)


def test_an_older_grading_never_overwrites_a_later_year(county: AppContext) -> None:
    ctx = county
    orgs = OrgService(ctx)
    unit = next(o for o in orgs.all_rows() if o.name == "东村党支部")
    grades = GradeService(ctx)
    grades.record(unit.id, 2026, "先进", source="2026年度“五个好”评定")
    grades.record(unit.id, 2024, "后进")
    assert orgs.get(unit.id).grade == "先进"
    grades.remove(unit.id, 2026)  # the current grade falls back to the latest year left
    assert orgs.get(unit.id).grade == "后进"


def orgs_draft(ctx: AppContext, org_id: int, **changes: object) -> OrgDraft:
    """Return a unit's form as stored, with some fields changed."""
    row = OrgService(ctx).get(org_id)
    stored = {f.name: getattr(row, f.name) for f in fields(OrgDraft)}
    return OrgDraft(**{**stored, **changes})  # type: ignore[arg-type]
