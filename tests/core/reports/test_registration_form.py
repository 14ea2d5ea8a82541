"""Tests of the one-page registration form and of the text fitting behind it."""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from brandoffice.reports.layout import GB2312_FONTS, WINDOWS_FONTS
from brandoffice.reports.registration_form import (
    CONTINUED,
    CONTINUED_TITLE,
    CUT_NOTE,
    FORM_TITLE,
    OPINION_MM,
    REQUIRED,
    RegistrationFormData,
    write_registration_form,
    write_registration_forms,
)
from brandoffice.reports.textfit import ELLIPSIS, count_lines, truncate_paragraphs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def document_xml(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def text_of(path: Path) -> str:
    return "".join(t.text or "" for t in document_xml(path).iter(w("t")))


def squeeze(text: str) -> str:
    return "".join(text.split())


SHORT = RegistrationFormData(
    unit_name="某某社区党总支",
    parent_unit="中共某某街道工作委员会",
    secretary="张建国",
    contact_person="李红梅",
    phone="13812345678",
    member_count=78,
    brand_name="幸福驿站",
    brand_level="街道级",
    logo_text="红色圆环托起一座小屋，寓意党组织是居民身边的港湾",
    theme="幸福社区，家园共治",
    slogan="有事找驿站，幸福在身边",
    connotation="以问需于民、服务于民为出发点，党员在先、群众在先，让品牌成为联系居民的纽带。",
    concept="党建网络化、服务便民化、管理多元化，党员、岗位、志愿者三类行动一起推进。",
    carriers=(
        ("幸福驿站", "设在党员活动室，接待流动党员和居民，每周开放五天。"),
        ("为民服务工作室", "全年受理居民诉求，限时回复办理结果。"),
        ("新市民党支部", "把流动党员、外来党员组织起来，按楼栋编组参加活动。"),
    ),
    service_items=("为民服务", "扶贫解困", "纠纷调解", "政策咨询", "信息发布"),
    service_site="社区党员活动室",
    objectives="年内建成服务站点3个，党员亮身份率达到100%，居民满意率不低于95%。",
    measures="成立创建领导小组，书记任组长；按月开展主题党日；建立驿站值班和台账制度。",
    role_played="党员分片联系居民，解决停车、加装电梯等实事12件。",
    year=2026,
    office_name="中共某某街道工作委员会",
)

_LONG_TEXT = (
    "坚持党建引领，整合辖区共建单位资源，围绕居民急难愁盼问题开展服务，"
    "建立问题收集、分办、反馈、评价的闭环机制，推动党员在岗位上亮身份、作表率。"
)
LONG = dataclasses.replace(
    SHORT,
    unit_name="某某街道某某社区党总支部委员会（含新市民联合党支部、驻区单位功能型党支部）" * 3,
    theme=_LONG_TEXT * 3,
    connotation=_LONG_TEXT * 12,
    concept=_LONG_TEXT * 10,
    carriers=tuple((f"载体{i}", _LONG_TEXT * 2) for i in range(1, 11)),
    service_items=tuple(f"服务项目{i}" for i in range(1, 40)),
    objectives="\n".join([_LONG_TEXT] * 8),
    measures=_LONG_TEXT * 20,
    role_played=_LONG_TEXT * 15,
)

FIELD_VALUES = [
    SHORT.unit_name, SHORT.parent_unit, SHORT.secretary, SHORT.contact_person, SHORT.phone,
    str(SHORT.member_count), SHORT.brand_name, SHORT.brand_level, SHORT.logo_text, SHORT.theme,
    SHORT.slogan, SHORT.connotation, SHORT.concept, SHORT.service_site, SHORT.objectives,
    SHORT.measures, SHORT.role_played, "、".join(SHORT.service_items), "2026",
    *[part for carrier in SHORT.carriers for part in carrier],
]  # fmt: skip


@pytest.fixture(scope="module")
def logo(make_png: Callable[[int, int], bytes]) -> bytes:
    return make_png(300, 300)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory, logo: bytes) -> dict[str, Path]:
    """The sample forms, written once for the module."""
    folder = tmp_path_factory.mktemp("forms")
    short = dataclasses.replace(SHORT, logo_image=logo)
    paths = {name: folder / f"{name}.docx" for name in ("short", "long", "windows", "combined")}
    check = write_registration_form(short, paths["short"])
    assert (check.overflow, check.empty, check.message()) == ((), (), "")
    write_registration_form(LONG, paths["long"])
    write_registration_form(LONG, paths["windows"], WINDOWS_FONTS)
    write_registration_forms([short, LONG, SHORT], paths["combined"], GB2312_FONTS)
    return paths


def test_every_field_value_is_in_the_document(forms: dict[str, Path]) -> None:
    text = text_of(forms["short"])
    assert FORM_TITLE in text
    missing = [value for value in FIELD_VALUES if value not in text]
    assert not missing
    assert CUT_NOTE not in text and ELLIPSIS not in text


def text_of_form(data: RegistrationFormData, path: Path) -> str:
    write_registration_form(data, path)
    return text_of(path)


def test_phone_is_printed_as_given(tmp_path: Path) -> None:
    # Masking is the caller's decision: a masked number stays masked, a full one stays full.
    masked = dataclasses.replace(SHORT, phone="138****5678")
    assert "138****5678" in text_of_form(masked, tmp_path / "masked.docx")
    assert "13812345678" in text_of_form(SHORT, tmp_path / "full.docx")


def test_form_is_one_bordered_table_with_merged_cells(forms: dict[str, Path], logo: bytes) -> None:
    document = docx.Document(str(forms["short"]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert len(document.tables) == 1
    tbl = document.tables[0]._tbl
    borders = tbl.tblPr.find(w("tblBorders"))
    assert len(borders) == 6 and {b.get(w("val")) for b in borders} == {"single"}
    spans = [int(e.get(w("val"))) for e in tbl.iter(w("gridSpan"))]
    # Opinion boxes span 2; unit name and three logo-side rows 3; parent and 8 wide rows 5.
    assert sorted(spans) == [2, 2, 3, 3, 3, 3, *[5] * 9]
    merges = [e.get(w("val")) or "continue" for e in tbl.iter(w("vMerge"))]
    assert merges.count("restart") == 2 and merges.count("continue") == 6  # label and logo
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0].height.mm < 35


def test_opinion_boxes_are_left_blank_for_signature_and_seal(forms: dict[str, Path]) -> None:
    table = docx.Document(str(forms["short"])).tables[0]
    last = table.rows[-1].cells
    assert [c.text for c in (last[0], last[3])] == ["申报单位\n意见", "上级党组织\n意见"]
    for box in (last[1], last[4]):
        assert box.text == "负责人签字：\n（盖章）\n年　　月　　日"


@pytest.mark.parametrize("name", ["short", "long", "combined"])
def test_every_run_names_its_chinese_font(forms: dict[str, Path], name: str) -> None:
    runs = list(document_xml(forms[name]).iter(w("r")))
    assert len(runs) > 30
    for r in runs:
        fonts = r.find(f"{w('rPr')}/{w('rFonts')}")
        assert fonts is not None and fonts.get(w("eastAsia")), etree.tostring(r)
        assert fonts.get(w("asciiTheme")) is None and fonts.get(w("eastAsiaTheme")) is None
        assert r.find(f"{w('rPr')}/{w('lang')}").get(w("eastAsia")) == "zh-CN"


def test_long_text_continues_whole_on_a_continuation_page(forms: dict[str, Path]) -> None:
    text = text_of(forms["long"])
    assert CUT_NOTE in text and CONTINUED_TITLE in text
    assert text.count(CONTINUED) >= 5 and ELLIPSIS not in text
    check = write_registration_form(LONG, forms["long"].with_name("again.docx"))
    assert {"品牌内涵", "创建载体", "创建措施", "作用发挥", "申报单位"} <= set(check.overflow)
    assert "联系电话" not in check.overflow and "品牌名称" not in check.overflow
    assert "品牌内涵、" in check.message() and "续页" in check.message()
    # The 续页 is a second table holding each cut field's whole text.
    tables = docx.Document(str(forms["long"])).tables
    assert len(tables) == 2
    continued = {row.cells[0].text: row.cells[1].text for row in tables[1].rows}
    assert list(continued) == list(check.overflow)
    assert squeeze(continued["品牌内涵"]) == squeeze(LONG.connotation)
    assert squeeze(continued["创建措施"]) == squeeze(LONG.measures)
    for i in range(1, 11):
        assert f"{i}.载体{i}：" in continued["创建载体"]


def test_nothing_typed_is_lost_with_1500_characters_and_40_carriers(tmp_path: Path) -> None:
    connotation = "".join(chr(0x4E00 + (i * 37) % 20000) for i in range(1500))
    carriers = tuple(
        (f"载体名称{i}号", f"第{i}个载体的说明文字，含数字{i * 7}。") for i in range(1, 41)
    )
    data = dataclasses.replace(SHORT, connotation=connotation, carriers=carriers)
    path = tmp_path / "huge.docx"
    check = write_registration_form(data, path)
    assert {"品牌内涵", "创建载体"} <= set(check.overflow)
    text = text_of(path)
    assert squeeze(connotation) in squeeze(text)
    for name, desc in carriers:
        assert f"{name}：{desc}" in text, name
    # Every character typed is there at least as often as it was typed.
    inputs = connotation + "".join(n + d for n, d in carriers)
    for char in set(inputs):
        assert text.count(char) >= inputs.count(char), char


def test_seal_boxes_hold_a_42_mm_seal(forms: dict[str, Path]) -> None:
    for name in ("short", "long"):
        table = docx.Document(str(forms[name])).tables[0]
        widths = [int(c.get(w("w"))) / 1440 * 25.4 for c in table._tbl.iter(w("gridCol"))]
        last = table.rows[-1]._tr
        height = int(last.find(f"{w('trPr')}/{w('trHeight')}").get(w("val"))) / 1440 * 25.4
        assert height >= OPINION_MM - 0.1, name
        assert widths[1] + widths[2] >= 45 and widths[4] + widths[5] >= 45


def table_sizes(path: Path) -> set[int]:
    table = document_xml(path).find(f".//{w('tbl')}")
    return {int(sz.get(w("val"))) for sz in table.iter(w("sz"))}


def test_forms_print_in_one_type_size_smaller_only_when_they_must(
    forms: dict[str, Path], tmp_path: Path
) -> None:
    # A form of the usual length is 小四 throughout; one type size per table in any case.
    usual = dataclasses.replace(SHORT, carriers=tuple((n, "") for n, _ in SHORT.carriers))
    write_registration_form(usual, tmp_path / "usual.docx")
    assert table_sizes(tmp_path / "usual.docx") == {24}
    # SHORT needs 五号 to fit whole; longer forms keep 五号 and continue on the 续页.
    assert table_sizes(forms["short"]) == {21} and table_sizes(forms["long"]) == {21}


def test_empty_required_fields_are_listed(tmp_path: Path) -> None:
    bare = RegistrationFormData(unit_name="某社区党支部", brand_name="空白品牌", year=2026)
    check = write_registration_form(bare, tmp_path / "bare.docx")
    assert "申报单位" not in check.empty and "品牌名称" not in check.empty
    assert set(check.empty) == set(REQUIRED) - {"申报单位", "品牌名称"}
    assert check.message().startswith("空白品牌：未填写上级党组织、党组织书记")


def test_combined_file_starts_each_form_on_a_new_page(forms: dict[str, Path]) -> None:
    root = document_xml(forms["combined"])
    titles = [p for p in root.iter(w("p")) if "".join(p.itertext()) == FORM_TITLE]
    # Three forms; the long one has a 续页 table too.
    assert len(titles) == 3 and len(root.findall(f".//{w('tbl')}")) == 4
    breaks = [p.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None for p in titles]
    assert breaks == [False, True, True]
    assert not [br for br in root.iter(w("br")) if br.get(w("type")) == "page"]


def test_combined_returns_the_cut_fields_per_form(tmp_path: Path) -> None:
    checks = write_registration_forms([SHORT, LONG], tmp_path / "two.docx")
    assert checks[0].overflow == () and "创建措施" in checks[1].overflow
    with pytest.raises(ValueError, match="no registration forms"):
        write_registration_forms([], tmp_path / "none.docx")
    assert not (tmp_path / "none.docx").exists()


def test_unreadable_logo_does_not_stop_the_form(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    write_registration_form(dataclasses.replace(SHORT, logo_image=b"not a picture"), path)
    assert "（标识图片无法读取）" in text_of(path)
    assert "（未附图片）" in text_of_form(SHORT, tmp_path / "none.docx")


def test_count_lines_keeps_words_and_punctuation_together() -> None:
    assert count_lines("一二三四五", 5.5) == 1
    assert count_lines("一二三四五六", 5.5) == 2
    # The comma may not start a line, so "五，" moves down together.
    assert count_lines("一二三四五，六", 5.5) == 2
    # A Latin word wraps whole: "abcdefgh" is 4.8 em with 0.6 em letters.
    assert count_lines("一二三 abcdefgh", 6) == 2


def test_truncate_paragraphs_ends_with_an_ellipsis_within_the_lines() -> None:
    paragraphs = ["一" * 30, "二" * 30]
    kept, cut = truncate_paragraphs(paragraphs, 10.5, 4)
    assert cut and kept[0] == "一" * 30 and kept[-1].endswith(ELLIPSIS)
    assert sum(count_lines(p, 10.5) for p in kept) <= 4
    assert truncate_paragraphs(["短"], 10.5, 1) == (["短"], False)


def test_pdf_short_form_is_one_page_with_every_value(forms: dict[str, Path], to_pdf: Any) -> None:
    pdf = to_pdf([forms["short"]])[0]
    assert pdf.pages == 1
    text = pdf.compact()
    missing = [value for value in FIELD_VALUES if squeeze(value) not in text]
    assert not missing
    assert "申报单位意见" in text and "上级党组织意见" in text
    assert text.count("（盖章）") == 2 and text.count("负责人签字：") == 2


def test_pdf_long_forms_keep_the_form_on_its_first_page(
    forms: dict[str, Path], to_pdf: Any
) -> None:
    long, windows, combined = to_pdf([forms["long"], forms["windows"], forms["combined"]])
    for pdf in (long, windows):
        first = pdf.compact(1)
        assert first.startswith(FORM_TITLE) and "上级党组织意见" in first
        assert first.count("（盖章）") == 2 and squeeze(CUT_NOTE) in first
        assert squeeze(LONG.connotation[:40]) in first
        assert pdf.pages >= 2 and squeeze(CONTINUED_TITLE) in pdf.compact(2)
        assert squeeze(LONG.measures) in pdf.compact()
    pages = [combined.compact(page) for page in range(1, combined.pages + 1)]
    starts = [i for i, text in enumerate(pages) if text.startswith(FORM_TITLE + "申报年度")]
    assert len(starts) == 3 and starts[0] == 0
    # Each form's table with its seal boxes ends on the form's first page.
    assert all("上级党组织意见" in pages[i] for i in starts)
    assert squeeze(CUT_NOTE) in pages[starts[1]] and squeeze(CUT_NOTE) not in pages[starts[2]]
