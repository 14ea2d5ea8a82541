"""Tests of the GB/T 9704 document builder, read back from the .docx and from a PDF."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from brandoffice.errors import StorageError
from brandoffice.reports.layout import (
    GB2312_FONTS,
    WINDOWS_FONTS,
    FontSet,
    ReportDocument,
    chinese_date,
    chinese_number,
)
from tests.core.reports import docx_checks as dc
from tests.core.reports.docx_checks import w, wattr

TEXT = (
    "今年以来，各社区党组织围绕“一个社区一个品牌”的目标开展创建活动，"
    "党员带头服务群众，共办理居民诉求120件，满意率达到98%。"
)


def paragraphs_with(root: Any, text: str) -> list[Any]:
    return [p for p in root.iter(w("p")) if "".join(p.itertext()).startswith(text)]


def run_font(p: Any) -> tuple[str | None, str | None]:
    """East Asian font name and half-point size of the first run of a paragraph."""
    r = p.find(w("r"))
    fonts, size = r.find(f"{w('rPr')}/{w('rFonts')}"), r.find(f"{w('rPr')}/{w('sz')}")
    return wattr(fonts, "eastAsia"), wattr(size, "val")


def build_report(path: Path, png: bytes, fonts: FontSet = GB2312_FONTS) -> Path:
    """A three-to-four page report with every kind of block."""
    doc = ReportDocument(fonts)
    doc.title("关于党建品牌创建工作\n进展情况的报告", subtitle="（2026年11月22日）")
    doc.heading1("总体进展")
    for _ in range(5):
        doc.paragraph(TEXT)
    doc.heading2("分阶段完成情况")
    rows = [[f"第{i}社区党委", "具体实施", i * 3, None] for i in range(1, 61)]
    doc.table(["单位", "阶段", "完成任务数", "备注"], rows, col_widths_mm=[56, 40, 30, 30])
    doc.heading2("品牌数量")
    doc.image(png, caption="图1 各级品牌数量")
    doc.page_break()
    doc.heading1("下一步工作")
    doc.paragraph(TEXT)
    doc.signature("中共某某街道工作委员会", dt.date(2026, 11, 22))
    return doc.save(path)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, make_png: Callable[[int, int], bytes]) -> Path:
    return build_report(tmp_path_factory.mktemp("report") / "报告.docx", make_png(600, 300))


def test_page_is_a4_with_gbt9704_margins(report: Path) -> None:
    dc.check_geometry(report)


@pytest.mark.parametrize("part", ["document", "footers"])
def test_every_run_names_its_chinese_font_and_language(report: Path, part: str) -> None:
    roots = (
        [dc.part(report, "word/document.xml")]
        if part == "document"
        else list(dc.footers(report).values())
    )
    runs = [r for root in roots for r in root.iter(w("r"))]
    assert len(runs) > (100 if part == "document" else 8)
    for r in runs:
        fonts = r.find(f"{w('rPr')}/{w('rFonts')}")
        assert fonts is not None, etree.tostring(r)
        east_asia = wattr(fonts, "eastAsia")
        assert east_asia, etree.tostring(r)
        assert wattr(fonts, "ascii") == wattr(fonts, "hAnsi") == east_asia
        assert not [a for a in dc.THEME_ATTRS if wattr(fonts, a) is not None]
        assert wattr(r.find(f"{w('rPr')}/{w('lang')}"), "eastAsia") == "zh-CN"


def test_defaults_do_not_fall_back_to_theme_or_japanese_fonts(report: Path) -> None:
    styles = dc.part(report, "word/styles.xml")
    fonts = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    assert wattr(fonts, "eastAsia") == "仿宋_GB2312"
    assert not [a for a in dc.THEME_ATTRS if wattr(fonts, a) is not None]
    settings = dc.part(report, "word/settings.xml")
    assert wattr(settings.find(w("themeFontLang")), "eastAsia") == "zh-CN"


@pytest.mark.parametrize("fonts", [GB2312_FONTS, WINDOWS_FONTS], ids=lambda f: f.key)
def test_fonts_and_sizes_by_role(
    tmp_path: Path, make_png: Callable[[int, int], bytes], fonts: FontSet
) -> None:
    path = build_report(tmp_path / "r.docx", make_png(60, 30), fonts)
    root = dc.part(path, "word/document.xml")
    assert run_font(paragraphs_with(root, "关于党建品牌")[0]) == (fonts.title, "44")
    assert run_font(paragraphs_with(root, "一、总体进展")[0]) == (fonts.heading1, "32")
    assert run_font(paragraphs_with(root, "二、下一步工作")[0]) == (fonts.heading1, "32")
    assert run_font(paragraphs_with(root, "（一）分阶段完成情况")[0]) == (fonts.heading2, "32")
    assert run_font(paragraphs_with(root, "（二）品牌数量")[0]) == (fonts.heading2, "32")
    assert run_font(paragraphs_with(root, "今年以来")[0]) == (fonts.body, "32")
    title_run = paragraphs_with(root, "关于党建品牌")[0].find(w("r"))
    assert (title_run.find(f"{w('rPr')}/{w('b')}") is not None) == fonts.title_bold
    for footer in dc.footers(path).values():
        assert {run_font(p)[0] for p in footer.iter(w("p"))} == {fonts.song}


def test_body_text_sits_on_a_22_line_grid_of_28_characters(report: Path) -> None:
    root = dc.part(report, "word/document.xml")
    grid = root.find(f"{w('body')}/{w('sectPr')}/{w('docGrid')}")
    assert (wattr(grid, "type"), wattr(grid, "linePitch")) == ("lines", "579")
    body = paragraphs_with(root, "今年以来")[0]
    spacing = body.find(f"{w('pPr')}/{w('spacing')}")
    assert (wattr(spacing, "line"), wattr(spacing, "lineRule")) == ("579", "exact")
    assert wattr(body.find(f"{w('pPr')}/{w('ind')}"), "firstLine") == "640"  # two characters
    assert wattr(body.find(f"{w('r')}/{w('rPr')}/{w('spacing')}"), "val") == "-5"


def test_page_numbers_odd_right_even_left(report: Path) -> None:
    settings = dc.part(report, "word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None
    footers = dc.footers(report)
    assert set(footers) == {"default", "even"}
    for kind, align in (("default", "right"), ("even", "left")):
        p = footers[kind].find(w("p"))
        assert wattr(p.find(f"{w('pPr')}/{w('jc')}"), "val") == align
        assert [t.text for t in p.iter(w("instrText"))] == [" PAGE "]
        text = "".join(t.text or "" for t in p.iter(w("t")))
        assert text == "— 1 —"  # the field's placeholder between the dashes


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2026, 11, 22), "2026年11月22日"), (dt.date(2026, 1, 5), "2026年1月5日")],
)
def test_chinese_date(day: dt.date, expected: str) -> None:
    assert chinese_date(day) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")]
)
def test_chinese_number(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


def test_table_has_repeating_header_borders_and_every_row(report: Path) -> None:
    table = docx.Document(str(report)).tables[0]
    assert len(table.rows) == 61
    headers = [tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None for tr in table._tbl.tr_lst]
    assert headers == [True] + [False] * 60
    assert [c.text for c in table.rows[0].cells] == ["单位", "阶段", "完成任务数", "备注"]
    assert [c.text for c in table.rows[60].cells] == ["第60社区党委", "具体实施", "180", ""]
    borders = table._tbl.tblPr.find(w("tblBorders"))
    assert {wattr(b, "val") for b in borders} == {"single"} and len(borders) == 6
    assert [round(c.width.mm) for c in table.columns] == [56, 40, 30, 30]


def test_table_rejects_a_row_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="3 columns"):
        ReportDocument().table(["a", "b", "c"], [["1", "2"]])


def test_big_table_is_built_fast() -> None:
    doc = ReportDocument()
    rows = [[f"第{i}社区党委", "具体实施", str(i), "否", "按期完成"] for i in range(3000)]
    start = time.perf_counter()
    doc.table(["单位", "阶段", "完成", "逾期", "备注"], rows)
    # About 100 pages; styling each cell separately took over 8 s here, copying a row 0.3 s.
    assert time.perf_counter() - start < 3
    assert len(doc.document.tables[0].rows) == 3001


def test_page_break_moves_the_next_paragraph_without_an_empty_line(tmp_path: Path) -> None:
    doc = ReportDocument()
    doc.paragraph("第一页")
    doc.page_break()
    doc.heading1("第二页")
    doc.page_break()
    doc.table(["a"], [["b"]])
    root = dc.part(doc.save(tmp_path / "b.docx"), "word/document.xml")
    heading = paragraphs_with(root, "一、第二页")[0]
    assert heading.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None
    breaks = [br for br in root.iter(w("br")) if wattr(br, "type") == "page"]
    assert len(breaks) == 1  # only before the table, which cannot carry the property


def test_signature_of_an_unsealed_document(tmp_path: Path) -> None:
    doc = ReportDocument()
    doc.signature("中共某某街道工作委员会", dt.date(2026, 11, 22))  # name 11, date 7 chars
    doc.signature("某某办", dt.date(2026, 11, 22))  # date longer than the name
    root = dc.part(doc.save(tmp_path / "s.docx"), "word/document.xml")

    def right_indent(text: str) -> int:
        p = paragraphs_with(root, text)[0]
        assert wattr(p.find(f"{w('pPr')}/{w('jc')}"), "val") == "right"
        return int(wattr(p.find(f"{w('pPr')}/{w('ind')}"), "right") or 0) // 320  # characters

    assert right_indent("中共某某") == 2
    assert right_indent("某某办") == 8
    dates = paragraphs_with(root, "2026年11月22日")
    # The date starts two characters right of the name; a longer date stays two from the edge.
    indents = [int(wattr(p.find(f"{w('pPr')}/{w('ind')}"), "right") or 0) for p in dates]
    assert [i // 320 for i in indents] == [4, 2]


def test_images_fit_the_text_block(tmp_path: Path, make_png: Callable[[int, int], bytes]) -> None:
    doc = ReportDocument()
    doc.image(make_png(800, 400))
    doc.image(make_png(200, 1000))  # would be 780 mm tall at full width
    shapes = docx.Document(str(doc.save(tmp_path / "i.docx"))).inline_shapes
    assert round(shapes[0].width.mm) == 156
    assert shapes[1].height.mm <= 225 and shapes[1].width.mm < 156


def test_save_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    doc = ReportDocument()
    doc.paragraph(TEXT)
    assert doc.save(target) == target
    assert docx.Document(str(target)).paragraphs[0].text == TEXT
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    doc = ReportDocument()

    def broken_save(stream: Any) -> None:
        stream.write(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(doc.document, "save", broken_save)
    with pytest.raises(StorageError, match=r"报告\.docx"):
        doc.save(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_save_into_a_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        ReportDocument().save(tmp_path / "没有" / "报告.docx")


def test_pdf_pages_carry_numbers_on_alternate_sides(report: Path, to_pdf: Any) -> None:
    pdf = to_pdf([report])[0]
    assert pdf.pages >= 3
    for page in (1, 2, 3):
        assert f"—{page}—" in pdf.compact(page)
        dashes = [x for word, x, _ in pdf.words(page) if word == "—"]
        assert len(dashes) == 2
        # A4 is 595 pt wide: odd pages right of the middle, even pages left of it.
        assert (min(dashes) > 297) == (page % 2 == 1), (page, dashes)
    assert "关于党建品牌创建工作" in pdf.compact(1)
    assert "第60社区党委" in pdf.compact()
    assert "2026年11月22日" in pdf.compact()


def test_pdf_full_page_holds_22_lines_of_28_characters(tmp_path: Path, to_pdf: Any) -> None:
    chars = "党建品牌创建申报登记表街道社区服务群众先锋模范作用发挥幸福驿站"
    doc = ReportDocument()
    doc.paragraph((chars * 40)[: 28 * 30], indent_first_line=False)
    pdf = to_pdf([doc.save(tmp_path / "grid.docx")])[0]
    lines = [line.strip() for line in pdf.text(1, layout=True).splitlines() if line.strip()]
    assert lines[-1].replace(" ", "") == "—1—"
    assert [len(line) for line in lines[:-1]] == [28] * 22
