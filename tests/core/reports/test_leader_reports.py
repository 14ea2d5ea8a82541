"""Every leader report of the demo street: GB/T 9704 geometry, numbers from the database, PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from brandoffice.reports.common import FULL, MASKED, ReportOptions
from brandoffice.reports.directory import listed_brands
from brandoffice.reports.fonts import choose_fonts
from brandoffice.reports.honours_list import latest_year
from brandoffice.reports.inspection_report import inspections
from brandoffice.reports.kinds import REPORT_KINDS, write_report
from brandoffice.reports.standard import GB2312_FONTS, WINDOWS_FONTS
from brandoffice.services import progress_stats
from brandoffice.services.brands import BrandService
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService
from brandoffice.services.orgs import OrgService
from brandoffice.services.reviews import ReviewService
from brandoffice.services.settings import REPORT_FONTS, set_setting
from brandoffice.tree_order import tree_order
from tests.conftest import FakeClock
from tests.core.reports import docx_checks as dc
from tests.databases import opened_copy

DEMO_DAY = dt.datetime(2026, 5, 20, 9, 0)


@pytest.fixture(scope="module")
def demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """One private copy of the demo street for the whole module (the reports only read)."""
    path = tmp_path_factory.mktemp("leader") / "demo.sqlite3"
    yield from opened_copy(demo_template, path, FakeClock(DEMO_DAY))


@pytest.fixture(scope="module")
def reports(demo: AppContext, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind, numbers hidden (the default), with progress reported."""
    folder = tmp_path_factory.mktemp("reports")
    written = {}
    for key in REPORT_KINDS:
        calls: list[tuple[int, int]] = []
        written[key] = write_report(
            demo,
            key,
            folder / f"{key}.docx",
            ReportOptions(),
            lambda d, t, c=calls: c.append((d, t)),
        )
        assert calls and calls[-1][0] == calls[-1][1], key
        assert all(d <= t for d, t in calls), key
    return written


@pytest.fixture(scope="module")
def pdfs(reports: dict[str, Path], to_pdf: Callable[[Sequence[Path]], list[Any]]) -> dict[str, Any]:
    """All reports converted by LibreOffice in one run."""
    return dict(zip(reports, to_pdf(list(reports.values())), strict=True))


@pytest.mark.parametrize("key", list(REPORT_KINDS))
def test_gbt9704_geometry_fonts_and_footers(reports: dict[str, Path], key: str) -> None:
    path = reports[key]
    dc.check_geometry(path)
    assert dc.check_runs(path) > 20
    dc.check_body_pitch(path, choose_fonts().fonts.body)  # auto: by the installed faces
    dc.check_footers(path)


@pytest.mark.parametrize("key", list(REPORT_KINDS))
def test_converts_with_page_numbers_odd_right_even_left(pdfs: dict[str, Any], key: str) -> None:
    pdf = pdfs[key]
    assert pdf.pages >= 1
    for page in range(1, pdf.pages + 1):
        words = pdf.words(page)
        numbers = [x for word, x, y in words if word == str(page) and y > 700]
        assert numbers, (key, page)
        # A4 is 595 pt wide: odd pages carry the number at the right, even at the left.
        assert (numbers[0] > 297) == (page % 2 == 1), (key, page, numbers)
    signed = [p for p in range(1, pdf.pages + 1) if "幸福街道党工委\n20" in pdf.text(p)]
    # The signature ends the body; only 附件 (each headed “附件N”) may follow it.
    assert signed, key
    if signed[-1] < pdf.pages:
        assert re.match(r"\s*附件 ?1?\n", pdf.text(signed[-1] + 1)), key


def test_no_personal_numbers_unless_asked(reports: dict[str, Path]) -> None:
    for key, path in reports.items():
        ids, phones = dc.personal_numbers(path)
        assert ids == [] and phones == [], key
        text = dc.xml_text(path)
        assert not dc.MASKED_ID.search(text) and not dc.MASKED_MOBILE.search(text), key


@pytest.mark.parametrize("key", [k for k, v in REPORT_KINDS.items() if v.personal])
def test_numbers_masked_when_asked_once_and_full_when_asked_twice(
    demo: AppContext, tmp_path: Path, key: str
) -> None:
    masked = write_report(demo, key, tmp_path / "m.docx", ReportOptions(reveal_level=MASKED))
    assert dc.personal_numbers(masked) == ([], [])
    text = dc.xml_text(masked)
    assert dc.MASKED_MOBILE.search(text)
    full = write_report(demo, key, tmp_path / "full.docx", ReportOptions(reveal_level=FULL))
    ids, phones = dc.personal_numbers(full)
    assert phones
    if key == "honours":
        assert dc.MASKED_ID.search(text) and ids


def test_progress_numbers_agree_with_progress_stats(
    demo: AppContext, reports: dict[str, Path]
) -> None:
    path = reports["progress"]
    campaign = CampaignService(demo).campaigns()[0]
    phases = progress_stats.by_phase(demo, campaign.id)
    total = sum(p.total for p in phases)
    done = sum(p.done for p in phases)
    late = [i for i in progress_stats.late(demo, campaign.id) if i.overdue]
    assert late
    text = dc.body_text(path)
    assert f"单位任务共{total}项" in text and f"已完成{done}项" in text
    assert f"逾期未完成{len(late)}项，涉及{len({i.org_id for i in late})}个单位" in text
    tables = dc.table_rows(path)
    overdue = next(t for t in tables if t[0][:3] == ["序号", "单位", "任务"])
    assert [(r[1], r[2]) for r in overdue[1:]] == [(i.org_name, i.task_name) for i in late]
    units = next(t for t in tables if t[0][:3] == ["序号", "单位", "领域"])
    expected = {u.label: u for u in progress_stats.by_unit(demo, campaign.id)}
    assert sorted(r[1] for r in units[1:]) == sorted(expected)
    assert all(r[7] == str(expected[r[1]].overdue) for r in units[1:])
    tree = [o.name for _depth, o in tree_order(OrgService(demo).all_rows())]
    listed = [r[1] for r in units[1:]]
    assert listed == [name for name in tree if name in expected]  # the tree's order
    sectors = next(t for t in tables if t[0][0] == "领域")
    by_sector = progress_stats.by_sector(demo, campaign.id)
    assert [(r[0], r[2]) for r in sectors[1:]] == [(s.label, str(s.done)) for s in by_sector]
    counts = progress_stats.brands_by_status_and_level(demo)
    assert f"党建品牌共{sum(sum(v.values()) for v in counts.values())}个" in text


def test_progress_embeds_three_charts_at_text_width(reports: dict[str, Path]) -> None:
    root = dc.part(reports["progress"], "word/document.xml")
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    extents = [e.get("cx") for e in root.iter(f"{ns}extent")]
    assert len(extents) == 3  # phases, sectors, brands; the lists are attached
    assert all(int(cx) == 156 * 36000 for cx in extents)


def test_directory_lists_every_named_brand_and_no_other(
    demo: AppContext, reports: dict[str, Path]
) -> None:
    text = dc.body_text(reports["directory"])
    named = listed_brands(demo)
    assert len(named) >= 4
    for brand in named:
        assert brand.name in text and (brand.slogan or "")[:4] in text
    for brand in BrandService(demo).all_rows():
        if brand not in named:
            assert brand.name not in text, brand.name
    assert "市级党建品牌" in text and "社区领域" in text


def test_review_lists_every_subject_with_rank_and_total(
    demo: AppContext, reports: dict[str, Path]
) -> None:
    service = ReviewService(demo)
    newest = service.rounds()[0]
    results = service.results(newest.id)
    rows = next(t for t in dc.table_rows(reports["review"]) if t[0][0] == "名次")
    assert [(r[0], r[1]) for r in rows[1:]] == [(str(s.rank), s.name) for s in results.subjects]
    assert all(r[-1] for r in rows[1:])
    criteria = next(t for t in dc.table_rows(reports["review"]) if t[0][1] == "评审指标")
    assert [r[1] for r in criteria[1:]] == [c.name for c in results.criteria]


def test_inspection_lists_every_inspection_of_the_year(
    demo: AppContext, reports: dict[str, Path]
) -> None:
    lines = inspections(demo, 2025)
    assert lines
    rows = next(t for t in dc.table_rows(reports["inspection"]) if t[0][0] == "名次")
    assert [(r[1], r[4]) for r in rows[1:]] == [(x.brand, x.result) for x in lines]
    assert rows[1][0] == "1"


def test_honours_lists_every_commendation_of_the_year(demo: AppContext, tmp_path: Path) -> None:
    year = 2025  # the demo's year with all three kinds (2026 so far only has nominations)
    path = write_report(demo, "honours", tmp_path / "h.docx", ReportOptions(year=year))
    text = dc.body_text(path)
    rows = HonourService(demo).commendations(year)
    assert len(rows) >= 10
    for row in rows:
        assert row.recipient in text
    for kind in ("先进基层党组织", "优秀共产党员", "优秀党务工作者"):
        assert kind in text
    listed = sum(len(t) - 1 for t in dc.table_rows(path))
    assert listed == len(rows)
    assert latest_year(demo) == 2026


def test_orgs_lists_the_tree_and_terms_ending_within_six_months(
    demo: AppContext, reports: dict[str, Path]
) -> None:
    tables = dc.table_rows(reports["orgs"])
    tree = tables[0]
    orgs = OrgService(demo).all_rows()
    assert sorted(r[0].strip("\u3000") for r in tree[1:]) == sorted(o.name for o in orgs)
    assert tree[2][0].startswith("\u3000") and not tree[1][0].startswith("\u3000")
    horizon = dt.date(2026, 11, 20)
    ending = {o.name for o in orgs if o.term_end and o.term_end <= horizon}
    assert {r[1] for r in tables[1][1:]} == ending
    assert any("已届满" in r[-1] for r in tables[1][1:])


def test_windows_fonts_setting_changes_every_run(demo_ctx: AppContext, tmp_path: Path) -> None:
    set_setting(demo_ctx, REPORT_FONTS, "windows")
    path = write_report(demo_ctx, "orgs", tmp_path / "orgs.docx", ReportOptions())
    dc.check_runs(path)
    dc.check_body_pitch(path, WINDOWS_FONTS.body)
    assert GB2312_FONTS.body not in dc.part(path, "word/document.xml").xpath("string()")
    fonts = {
        r.get(dc.w("eastAsia")) for r in dc.part(path, "word/document.xml").iter(dc.w("rFonts"))
    }
    assert fonts <= {WINDOWS_FONTS.body, WINDOWS_FONTS.title, WINDOWS_FONTS.heading1,
                     WINDOWS_FONTS.heading2}  # fmt: skip


def test_unknown_names_are_refused_in_chinese(demo_ctx: AppContext, tmp_path: Path) -> None:
    from brandoffice.errors import KnownError

    with pytest.raises(KnownError, match="找不到创建活动"):
        write_report(demo_ctx, "progress", tmp_path / "x.docx", ReportOptions(campaign="无此活动"))
    with pytest.raises(KnownError, match="找不到评审"):
        write_report(demo_ctx, "review", tmp_path / "x.docx", ReportOptions(review_round="无"))
    with pytest.raises(KnownError, match="未知的报告种类"):
        write_report(demo_ctx, "nonsense", tmp_path / "x.docx", ReportOptions())
    assert not (tmp_path / "x.docx").exists()


def test_empty_database_writes_every_kind_but_progress_and_review(
    ctx: AppContext, tmp_path: Path
) -> None:
    from brandoffice.errors import ValidationError

    for key in REPORT_KINDS:
        out = tmp_path / f"{key}.docx"
        if key in ("progress", "review"):
            with pytest.raises(ValidationError):
                write_report(ctx, key, out, ReportOptions())
            continue
        write_report(ctx, key, out, ReportOptions())
        dc.check_geometry(out)
        assert re.search("尚无|还没有|共有党组织0个", dc.body_text(out)), key
