"""Read-back checks of a report's .docx: GB/T 9704 geometry, fonts, footers, text, numbers."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
MASKED_ID = re.compile(r"\d{6}\*{8}\d{3}[\dX]")
MASKED_MOBILE = re.compile(r"1\d{2}\*{4}\d{4}")


def w(tag: str) -> str:
    """Qualified WordprocessingML tag."""
    return f"{{{W_NS}}}{tag}"


def wattr(element: Any, name: str) -> str | None:
    """A ``w:`` attribute of an element."""
    return None if element is None else element.get(w(name))


def part(path: Path, name: str) -> Any:
    """Parse one XML part of the package."""
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def xml_text(path: Path) -> str:
    """All text of the document and its footers, runs joined per paragraph."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if re.match(r"word/(document|footer\d*)\.xml$", n)]
        roots = [etree.fromstring(archive.read(n)) for n in names]
    return "\n".join("".join(p.itertext()) for root in roots for p in root.iter(w("p")))


def body_text(path: Path) -> str:
    """The document's text without any whitespace (cells and paragraphs run together)."""
    return re.sub(r"\s+", "", xml_text(path))


def table_rows(path: Path) -> list[list[list[str]]]:
    """Every table as rows of cell texts."""
    root = part(path, "word/document.xml")
    return [
        [["".join(tc.itertext()) for tc in tr.iter(w("tc"))] for tr in tbl.iter(w("tr"))]
        for tbl in root.iter(w("tbl"))
    ]


def footers(path: Path) -> dict[str, Any]:
    """Footer XML by reference type (default = odd pages, even)."""
    document = docx.Document(str(path))
    section = document.sections[0]
    found = {}
    for ref in section._sectPr.findall(w("footerReference")):
        rel_id = ref.get(f"{{{R_NS}}}id")
        found[wattr(ref, "type")] = document.part.related_parts[rel_id].element
    return found


def check_geometry(path: Path) -> None:
    """Assert the GB/T 9704 page: A4, margins 37/35/28/26 mm, 28.95 pt ``lines`` grid."""
    section = docx.Document(str(path)).sections[0]
    measured = [
        section.page_width, section.page_height, section.top_margin,
        section.bottom_margin, section.left_margin, section.right_margin,
    ]  # fmt: skip
    assert [round(x.mm, 1) for x in measured] == [210, 297, 37, 35, 28, 26], path.name
    grid = section._sectPr.find(w("docGrid"))
    assert wattr(grid, "type") == "lines" and wattr(grid, "linePitch") == "579", path.name


def check_runs(path: Path) -> int:
    """Assert every run of the body and footers names its East Asian font and zh-CN.

    Returns:
        The number of runs checked.
    """
    roots = [part(path, "word/document.xml"), *footers(path).values()]
    runs = [r for root in roots for r in root.iter(w("r"))]
    for r in runs:
        fonts = r.find(f"{w('rPr')}/{w('rFonts')}")
        east_asia = wattr(fonts, "eastAsia")
        assert east_asia, (path.name, etree.tostring(r)[:300])
        assert wattr(fonts, "ascii") == wattr(fonts, "hAnsi") == east_asia
        assert not [a for a in THEME_ATTRS if wattr(fonts, a) is not None]
        assert wattr(r.find(f"{w('rPr')}/{w('lang')}"), "eastAsia") == "zh-CN"
    return len(runs)


def check_body_pitch(path: Path, body_font: str) -> None:
    """Assert body paragraphs (in the body font, outside tables) sit on exact 28.95 pt lines."""
    root = part(path, "word/document.xml")
    body = root.find(w("body"))
    checked = 0
    for p in body.findall(w("p")):
        r = p.find(w("r"))
        if r is None or r.find(f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) != body_font:
            continue
        if r.find(w("drawing")) is not None:
            continue
        spacing = p.find(f"{w('pPr')}/{w('spacing')}")
        assert (wattr(spacing, "line"), wattr(spacing, "lineRule")) == ("579", "exact"), path.name
        checked += 1
    assert checked >= 2, path.name


def check_footers(path: Path) -> None:
    """Assert "— PAGE —" footers: odd pages right, even pages left, even/odd switched on."""
    found = footers(path)
    assert set(found) >= {"default", "even"}, path.name
    for kind, align in (("default", "right"), ("even", "left")):
        root = found[kind]
        instr = "".join(t.text or "" for t in root.iter(w("instrText")))
        assert "PAGE" in instr, (path.name, kind)
        text = "".join(t.text or "" for t in root.iter(w("t")))
        assert text.startswith("— ") and text.endswith(" —"), (path.name, text)
        assert wattr(root.find(f".//{w('jc')}"), "val") == align, (path.name, kind)
    settings = part(path, "word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None, path.name


def personal_numbers(path: Path) -> tuple[list[str], list[str]]:
    """Return the unmasked 18-digit ID numbers and 11-digit mobiles in the document's XML."""
    text = xml_text(path)
    return ID_NUMBER.findall(text), MOBILE.findall(text)
