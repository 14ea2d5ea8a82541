"""The reporting bundle: every expected file, a contents list naming them all, safe names."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from brandoffice.reports.bundle import TOC_NAME, write_bundle
from brandoffice.services.brands import BrandService
from brandoffice.services.campaign_evidence import add_evidence
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from tests.core.reports import docx_checks as dc


@pytest.fixture
def with_evidence(demo_ctx: AppContext) -> AppContext:
    """The demo street with evidence files, two of them of the same name for one task."""
    cells = CampaignService(demo_ctx).progress()[:2]
    first, second = cells
    add_evidence(demo_ctx, first.task_id, first.org_id, "会议记录.pdf", b"%PDF-1.4 a")
    add_evidence(demo_ctx, first.task_id, first.org_id, "会议记录.pdf", b"%PDF-1.4 b")
    add_evidence(demo_ctx, first.task_id, first.org_id, 'a/b:c?"照片.JPG', b"jpeg")
    add_evidence(demo_ctx, second.task_id, second.org_id, "方案.docx", b"docx")
    return demo_ctx


def test_bundle_holds_reports_lists_forms_evidence_and_contents(
    with_evidence: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "报送材料包.zip"
    out.parent.mkdir()
    calls: list[tuple[int, int]] = []
    assert (
        write_bundle(with_evidence, out, year=2026, progress=lambda d, t: calls.append((d, t)))
        == out
    )
    assert calls[-1][0] == calls[-1][1] and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert all(i.flag_bits & 0x800 for i in infos)
        toc_bytes = archive.read(TOC_NAME)
        data = {n: archive.read(n) for n in names}
    assert toc_bytes.startswith(b"\xef\xbb\xbf")
    toc = toc_bytes.decode("utf-8-sig")
    for name in names:
        assert name in toc, name
    assert len(names) == len(set(names))
    reports = [n for n in names if n.startswith("01-报告/")]
    assert any("进展情况报告-2026年" in n for n in reports)
    assert "01-报告/品牌名录.docx" in reports and "01-报告/组织架构与换届.docx" in reports
    assert any(n.startswith("01-报告/评审结果-2026年街道级") for n in reports)
    assert "复查验收结果：2026年度没有复查验收记录" in toc  # said, not silently dropped
    lists = {n for n in names if n.startswith("02-Excel名册/")}
    assert len(lists) == 4 and all(n.endswith(".xlsx") for n in lists)
    forms = [n for n in names if n.startswith("03-登记表/")]
    current = [b for b in BrandService(with_evidence).all_rows() if b.status != "摘牌"]
    assert sorted(forms) == sorted(f"03-登记表/登记表-{b.name}.docx" for b in current)
    evidence = sorted(n for n in names if n.startswith("04-佐证材料/"))
    assert len(evidence) == 4
    assert sum(n.endswith("会议记录.pdf") for n in evidence) == 1
    assert sum(n.endswith("会议记录(2).pdf") for n in evidence) == 1
    assert any(n.endswith(".JPG") for n in evidence)
    assert not [n for n in evidence if re.search(r'[\\:*?"<>|]', n.split("/", 1)[1])]
    assert {data[n] for n in evidence} == {b"%PDF-1.4 a", b"%PDF-1.4 b", b"jpeg", b"docx"}
    for name in reports:
        path = tmp_path / "r.docx"
        path.write_bytes(data[name])
        assert dc.personal_numbers(path) == ([], []), name
    members = next(n for n in lists if "党员" in n)
    sheet = load_workbook(io.BytesIO(data[members]), read_only=True).worksheets[0]
    values = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert not [v for v in values if dc.ID_NUMBER.fullmatch(v) or dc.MOBILE.fullmatch(v)]
    assert [v for v in values if dc.MASKED_ID.fullmatch(v)]


def test_bundle_of_a_year_without_campaign(demo_ctx: AppContext, tmp_path: Path) -> None:
    out = write_bundle(demo_ctx, tmp_path / "2025.zip", year=2025)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        toc = archive.read(TOC_NAME).decode("utf-8-sig")
    assert "进展情况报告：2025年度没有创建活动" in toc
    assert "01-报告/表彰名单-2025年度.docx" in names
    assert "01-报告/复查验收结果-2025年度.docx" in names
    assert not any(n.startswith("04-佐证材料/") for n in names)
