"""The report helpers: progress counted in SQL, title lines, progress steps, file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandoffice.reports.common import Steps, title_lines
from brandoffice.reports.kinds import REPORT_KINDS, default_file_name, safe_file_name
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.preview import (
    NO_CONVERTER,
    NO_RENDERER,
    PreviewError,
    Tools,
    find_tools,
    shorten_for_preview,
    to_pdf,
)
from brandoffice.reports.progress_data import load_progress
from brandoffice.reports.textfit import text_width_em
from brandoffice.services import progress_stats as stats
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from tests.conftest import FakeClock
from tests.core.reports import docx_checks as dc


def test_progress_data_agrees_with_progress_stats(demo_ctx: AppContext, clock: FakeClock) -> None:
    campaign = CampaignService(demo_ctx).campaigns()[0]
    for _ in range(2):  # on the demo day, and 40 days later when more is overdue
        data = load_progress(demo_ctx, campaign.id)
        assert data.phases == stats.by_phase(demo_ctx, campaign.id)
        assert data.sectors == stats.by_sector(demo_ctx, campaign.id)
        assert [u.counts for u in data.units] == stats.by_unit(demo_ctx, campaign.id)
        assert data.timeline == stats.over_time(demo_ctx, campaign.id)
        late = [i for i in stats.late(demo_ctx, campaign.id) if i.overdue]
        assert data.overdue == late and data.total.overdue == len(late)
        assert data.task_count == len(CampaignService(demo_ctx).tasks(campaign.id))
        clock.advance(days=40)


def test_long_title_lines_are_balanced_and_fit() -> None:
    lines = title_lines("关于2026年“党情暖万家”党建品牌创建活动")
    assert lines == ["关于2026年“党情暖万家”", "党建品牌创建活动"]
    assert title_lines("党建品牌名录") == ["党建品牌名录"]
    long = "关于" + "党建品牌创建工作" * 6 + "的报告"
    parts = title_lines(long)
    assert "".join(parts) == long and len(parts) >= 3
    assert all(text_width_em(p) <= 19.5 for p in parts)
    assert not any(p[0] in "，。”" for p in parts)


def test_steps_report_about_every_percent_and_always_the_end() -> None:
    calls: list[tuple[int, int]] = []
    steps = Steps(lambda d, t: calls.append((d, t)), 10_000)
    list(steps.rows(range(9_000)))
    steps.finish()
    assert 90 <= len(calls) <= 102
    assert calls[-1] == (10_000, 10_000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    Steps(None, 5).finish()  # no callback: nothing to call


def test_file_names_are_safe_for_windows(demo_ctx: AppContext) -> None:
    assert safe_file_name('a/b:c*?"<>|d') == "a_b_c_d"
    assert safe_file_name("...") == "未命名"
    for key in REPORT_KINDS:
        name = default_file_name(demo_ctx, key, "2026年“党情暖万家”")
        assert name.endswith("-20260520.docx") and "/" not in name


def test_long_tables_are_shortened_for_the_preview(tmp_path: Path) -> None:
    doc = ReportDocument()
    doc.title("长表格")
    doc.table(["序号", "单位"], [[i, f"第{i}党支部"] for i in range(1, 501)])
    doc.table(["序号", "单位"], [[1, "短表"]])
    long = doc.save(tmp_path / "long.docx")
    short = tmp_path / "short.docx"
    assert shorten_for_preview(long, short, max_rows=150) == 350
    tables = dc.table_rows(short)
    assert [len(t) for t in tables] == [151, 2]
    assert "另有350行见保存的文件" in dc.body_text(short)
    dc.check_runs(short)
    same = tmp_path / "same.docx"
    assert shorten_for_preview(short, same) == 0
    assert dc.table_rows(same) == tables


def test_preview_tools_are_found_or_reported_missing() -> None:
    tools = find_tools()
    assert tools.renderer  # pypdfium2 is a dependency: no poppler needed
    assert tools.can_preview == bool(tools.soffice or tools.word or tools.wps)
    none = Tools(None, False, None)
    assert not none.can_preview and none.missing == NO_CONVERTER
    assert "Word、WPS 或 LibreOffice" in NO_CONVERTER
    with pytest.raises(PreviewError, match="没有找到 Word、WPS 或 LibreOffice"):
        to_pdf(Path("x.docx"), Path("."), none)
    # Word first, then WPS, then LibreOffice.
    assert Tools("soffice", True, "KWps.Application").converter == "Word"
    assert Tools("soffice", False, "KWps.Application").converter == "WPS"
    assert Tools("soffice", False, None).converter == "LibreOffice"
    assert Tools("soffice", False, None, renderer=False).missing == NO_RENDERER


def test_progress_of_a_campaign_without_tasks_says_so(demo_ctx: AppContext, tmp_path: Path) -> None:
    from brandoffice.reports.kinds import write_report
    from brandoffice.reports.options import ReportOptions

    CampaignService(demo_ctx).create_campaign("空活动", 2026)
    path = write_report(demo_ctx, "progress", tmp_path / "p.docx", ReportOptions(campaign="空活动"))
    text = dc.body_text(path)
    assert "暂无进展数据" in text and "党建品牌创建情况" in text
    assert "各单位任务完成情况" not in text
