"""Fonts that exist: detection, the reported choice, font-table entries, the preview's faces."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from brandoffice.cli.main import main
from brandoffice.reports import fonts as fonts_module
from brandoffice.reports.fonts import (
    FACES,
    choose_fonts,
    family_names,
    is_installed,
    lookalike,
    preferred,
    report_fonts,
    scan_folders,
)
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.preview import (
    Tools,
    page_count,
    preview_fonts,
    render_pages,
    shorten_for_preview,
    to_pdf,
)
from brandoffice.reports.registration_form import RegistrationFormData, write_registration_form
from brandoffice.reports.standard import GB2312_FONTS, WINDOWS_FONTS
from brandoffice.services.context import AppContext
from tests.core.reports import docx_checks as dc

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GB_INSTALLED = {"方正小标宋简体", "仿宋_gb2312", "楷体_gb2312", "黑体", "宋体"}
WINDOWS_INSTALLED = {"仿宋", "楷体", "黑体", "宋体", "simsun"}
NOTO = {"noto serif cjk sc", "noto sans cjk sc"}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def make_font(path: Path, family: str, english: str) -> Path:
    """Build a tiny TrueType font whose name table says ``family`` (zh-CN) and ``english``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": english, "styleName": "Regular"})
    builder.font["name"].setName(family, 1, 3, 1, 0x804)  # Windows, Unicode, zh-CN
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_installed_faces_are_read_from_the_font_folders(tmp_path: Path) -> None:
    folder = tmp_path / "Fonts" / "sub"
    folder.mkdir(parents=True)
    make_font(folder / "FS_GB2312.ttf", "仿宋_GB2312", "FangSong_GB2312")
    (folder / "broken.ttf").write_bytes(b"not a font")
    names = scan_folders((tmp_path / "Fonts",))
    assert {"仿宋_gb2312", "fangsong_gb2312"} <= names
    assert family_names(folder / "broken.ttf") == set()
    assert is_installed("仿宋_GB2312", names) and not is_installed("楷体_GB2312", names)


def test_english_names_count_as_installed() -> None:
    english = {"fzxiaobiaosong-b05s", "fangsong_gb2312", "kaiti_gb2312", "simhei", "simsun"}
    assert choose_fonts("auto", english).fonts is GB2312_FONTS


def test_auto_takes_the_gb2312_faces_only_when_installed() -> None:
    gb = choose_fonts("auto", GB_INSTALLED)
    assert gb.fonts is GB2312_FONTS and gb.missing == ()
    assert gb.reason == f"本机已安装公文字体，使用{GB2312_FONTS.label}。"
    stock = choose_fonts("auto", WINDOWS_INSTALLED)  # a stock Chinese Windows 10
    assert stock.fonts is WINDOWS_FONTS and stock.missing == ()
    assert stock.reason.startswith("本机未安装方正小标宋简体、仿宋_GB2312、楷体_GB2312，改用")
    bare = choose_fonts("auto", set())
    assert bare.fonts is WINDOWS_FONTS and set(bare.missing) == {"宋体", "仿宋", "黑体", "楷体"}
    assert "字体表已写明相近字体" in bare.reason


def test_an_explicit_choice_is_kept_and_its_missing_faces_named() -> None:
    chosen = choose_fonts("gb2312", WINDOWS_INSTALLED)
    assert chosen.fonts is GB2312_FONTS
    assert chosen.missing == ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312")
    assert (
        chosen.reason.startswith("按设置使用公文字体") and "本机缺少方正小标宋简体" in chosen.reason
    )
    assert choose_fonts("windows", GB_INSTALLED).fonts is WINDOWS_FONTS
    assert choose_fonts("nonsense", GB_INSTALLED).preference == "auto"


def test_lookalikes_prefer_the_same_design_then_installed_cjk_faces() -> None:
    assert lookalike("仿宋_GB2312", WINDOWS_INSTALLED) == "仿宋"
    assert lookalike("方正小标宋简体", WINDOWS_INSTALLED) == "宋体"
    assert lookalike("黑体", NOTO) == "Noto Sans CJK SC"
    assert lookalike("楷体", NOTO) == "Noto Serif CJK SC"
    assert lookalike("仿宋", set()) is None


def test_preferred_block_overrides_the_setting(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts_module, "_registered", frozenset(GB_INSTALLED))
    assert report_fonts(ctx).fonts is GB2312_FONTS  # auto by default
    with preferred("windows"):
        assert report_fonts(ctx).fonts is WINDOWS_FONTS
    assert report_fonts(ctx).fonts is GB2312_FONTS


def font_table(path: Path) -> dict[str, etree._Element]:
    root = dc.part(path, "word/fontTable.xml")
    return {f.get(w("name")): f for f in root.findall(w("font"))}


def named_fonts(path: Path, *, text_only: bool = True) -> set[str]:
    """Faces named by the runs of the body and footers (or by every part, styles too)."""
    names = set()
    attrs = {w(a) for a in ("ascii", "hAnsi", "eastAsia", "cs")}
    with zipfile.ZipFile(path) as archive:
        for item in archive.namelist():
            if not (item.startswith("word/") and item.endswith(".xml")) or "fontTable" in item:
                continue
            if text_only and not item.startswith(("word/document", "word/footer")):
                continue
            root = etree.fromstring(archive.read(item))
            for fonts in root.iter(w("rFonts")):
                names |= {v for k, v in fonts.attrib.items() if k in attrs}
    return names


def check_font_table(path: Path) -> None:
    """Every face named has a font-table entry; the text's faces Chinese entries; no others."""
    table = font_table(path)
    assert set(table) == named_fonts(path, text_only=False)
    used = named_fonts(path)
    assert used
    for name in used:
        entry = table[name]
        assert name in FACES, name
        assert entry.find(w("charset")).get(w("val")) == "86"
        assert len(entry.find(w("panose1")).get(w("val"))) == 20
        assert entry.find(w("altName")).get(w("val")) == FACES[name].alt_name
        assert entry.find(w("family")).get(w("val")) in ("auto", "modern", "roman", "swiss")
        assert entry.find(w("pitch")).get(w("val")) in ("fixed", "variable")


@pytest.mark.parametrize("fonts", [GB2312_FONTS, WINDOWS_FONTS], ids=lambda f: f.key)
def test_every_face_used_has_a_font_table_entry(tmp_path: Path, fonts: object) -> None:
    doc = ReportDocument(fonts)  # type: ignore[arg-type]
    doc.title("标题")
    doc.heading1("一级")
    doc.heading2("二级")
    doc.paragraph("正文")
    doc.table(["甲", "乙"], [["1", "2"]])
    path = doc.save(tmp_path / "r.docx")
    check_font_table(path)
    table = font_table(path)
    if fonts is GB2312_FONTS:
        assert table["仿宋_GB2312"].find(w("altName")).get(w("val")) == "仿宋"
    assert "ＭＳ 明朝" not in table and "Calibri" not in table


def test_reports_and_forms_name_only_faces_in_their_font_table(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report, form = tmp_path / "orgs.docx", tmp_path / "form.docx"
    url = demo_ctx.db.url
    assert main(["--db", url, "report", "orgs", "--out", str(report), "--fonts", "gb2312"]) == 0
    assert "字体：按设置使用公文字体" in capsys.readouterr().err
    assert "仿宋_GB2312" in named_fonts(report)
    argv = ["--db", url, "report", "form", "--brand", "幸福驿站", "--out", str(form)]
    assert main([*argv, "--fonts", "windows"]) == 0
    assert "仿宋_GB2312" not in named_fonts(form) and "仿宋" in named_fonts(form)
    for path in (report, form):
        check_font_table(path)
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--fonts", "times"])
    assert exit_info.value.code == 2 and "auto" in capsys.readouterr().err


def test_bundle_fonts_and_full_phones_on_request(demo_ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    argv = ["--db", demo_ctx.db.url, "bundle", "--year", "2026", "--out", str(out)]
    assert main([*argv, "--fonts", "windows", "--form-phone"]) == 0
    with zipfile.ZipFile(out) as archive:
        toc = archive.read("目录.txt").decode("utf-8-sig")
        forms = [n for n in archive.namelist() if n.startswith("03-登记表/")]
        assert forms
        archive.extract(forms[0], tmp_path)
    assert "登记表列出完整联系电话" in toc and "登记表打印前请注意" in toc
    check_font_table(tmp_path / forms[0])
    assert "仿宋" in named_fonts(tmp_path / forms[0])


def test_preview_copy_names_installed_lookalikes_for_libreoffice(tmp_path: Path) -> None:
    doc = ReportDocument(GB2312_FONTS)
    doc.title("标题")
    doc.paragraph("正文")
    path = doc.save(tmp_path / "r.docx")
    libre = Tools("soffice", False, None)
    swaps = preview_fonts(libre, NOTO)
    assert swaps["仿宋_GB2312"] == "Noto Serif CJK SC" and swaps["黑体"] == "Noto Sans CJK SC"
    assert preview_fonts(Tools("soffice", True, None), NOTO) == {}  # Word substitutes itself
    copy = tmp_path / "copy.docx"
    shorten_for_preview(path, copy, fonts=swaps)
    assert named_fonts(copy) <= {"Noto Serif CJK SC", "Noto Sans CJK SC"}
    assert "仿宋_GB2312" in named_fonts(path)  # the saved file is untouched
    assert "Noto Serif CJK SC" in font_table(copy)
    assert not set(font_table(copy)) & set(swaps)


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_pages_render_without_poppler(tmp_path: Path) -> None:
    data = RegistrationFormData(unit_name="某社区党支部", brand_name="红色驿站", year=2026)
    path = tmp_path / "form.docx"
    write_registration_form(data, path)
    tools = Tools(shutil.which("soffice"), False, None)
    copy = tmp_path / "copy.docx"
    shorten_for_preview(path, copy, fonts=preview_fonts(tools))
    pdf = to_pdf(copy, tmp_path / "pdf", tools)
    assert page_count(pdf) == 1
    pages = render_pages(pdf, tmp_path / "png", tools, dpi=50)
    assert len(pages) == 1
    from PIL import Image

    with Image.open(pages[0]) as image:
        width, height = image.size
        assert abs(width - 210 / 25.4 * 50) < 1.5 and abs(height - 297 / 25.4 * 50) < 1.5
        # Not blank: the title and the table's rules are drawn.
        assert image.convert("L").getextrema()[0] < 100
    assert page_count(tmp_path / "missing.pdf") is None
