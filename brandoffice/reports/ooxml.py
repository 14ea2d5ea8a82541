"""Low-level WordprocessingML helpers that python-docx does not offer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn as qn

from brandoffice.filesave import save_file

# python-docx elements are lxml elements with extra methods; without stubs they are Any.
Element = Any

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


def tag_order(tags: str) -> tuple[str, ...]:
    """Turn a space-separated list of tags into a sequence for :func:`child`."""
    return tuple(tags.split())


_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Order of the children of w:rPr and w:pPr that Word insists on (ECMA-376 sequences);
# an element out of order makes Word call the file corrupt.
_RPR_ORDER = tag_order(
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
    "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color "
    "w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd "
    "w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
)
_PPR_ORDER = tag_order(
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle "
    "w:rPr w:sectPr w:pPrChange"
)


def twips(points: float) -> str:
    """Points as a twentieth-of-a-point string, the unit of most Word measures."""
    return str(round(points * TWIPS_PER_PT))


def mm_twips(mm: float) -> str:
    """Millimetres as a twips string."""
    return str(round(mm * TWIPS_PER_MM))


def child(parent: Element, tag: str, order: tuple[str, ...] = ()) -> Element:
    """Return the ``tag`` child of ``parent``, creating it in schema order if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    new = OxmlElement(tag)
    if tag in order:
        later = {qn(t) for t in order[order.index(tag) + 1 :]}
        for i, existing in enumerate(parent):
            if existing.tag in later:
                parent.insert(i, new)
                return new
    parent.append(new)
    return new


def set_attrs(element: Element, **attrs: str) -> Element:
    """Set ``w:`` attributes given as keyword arguments (``eastAsia="zh-CN"``)."""
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def set_rpr_fonts(
    rpr: Element, font: str, size_pt: float | None = None, *, bold: bool = False
) -> None:
    """Give a ``w:rPr`` one font for every script, a size and the Chinese language.

    ``run.font.name`` only writes w:ascii/w:hAnsi, so Chinese characters would still
    come from the theme; the theme attributes are dropped because Word prefers them
    over the explicit names.
    """
    fonts = child(rpr, "w:rFonts", _RPR_ORDER)
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    set_attrs(fonts, ascii=font, hAnsi=font, eastAsia=font, cs=font)
    if bold:
        child(rpr, "w:b", _RPR_ORDER)
        child(rpr, "w:bCs", _RPR_ORDER)
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        set_attrs(child(rpr, "w:sz", _RPR_ORDER), val=half_points)
        set_attrs(child(rpr, "w:szCs", _RPR_ORDER), val=half_points)
    set_attrs(child(rpr, "w:lang", _RPR_ORDER), val="en-US", eastAsia="zh-CN")


def set_char_spacing(rpr: Element, points: float) -> None:
    """Set character spacing (negative condenses) on a ``w:rPr``."""
    set_attrs(child(rpr, "w:spacing", _RPR_ORDER), val=twips(points))


def style_run(r: Element, font: str, size_pt: float, *, bold: bool = False) -> None:
    """Apply :func:`set_rpr_fonts` to a ``w:r`` element."""
    set_rpr_fonts(r.get_or_add_rPr(), font, size_pt, bold=bold)


def ppr_child(p: Element, tag: str) -> Element:
    """Return a child of the paragraph's ``w:pPr``, created in schema order."""
    return child(p.get_or_add_pPr(), tag, _PPR_ORDER)


def set_line_spacing(
    p: Element, *, exact_pt: float | None, before_pt: float = 0, after_pt: float = 0
) -> None:
    """Set paragraph spacing; ``exact_pt=None`` means single (auto) line spacing."""
    spacing = ppr_child(p, "w:spacing")
    set_attrs(spacing, before=twips(before_pt), after=twips(after_pt))
    if exact_pt is None:
        set_attrs(spacing, line="240", lineRule="auto")
    else:
        set_attrs(spacing, line=twips(exact_pt), lineRule="exact")


def no_grid_snap(p: Element) -> None:
    """Keep a paragraph off the document grid (tables, pictures, footers)."""
    set_attrs(ppr_child(p, "w:snapToGrid"), val="0")


def set_indent(
    p: Element, *, first_line_pt: float = 0, left_pt: float = 0, right_pt: float = 0
) -> None:
    """Set paragraph indents in points (twips in the file, read the same by LibreOffice)."""
    ind = ppr_child(p, "w:ind")
    set_attrs(ind, left=twips(left_pt), right=twips(right_pt), firstLine=twips(first_line_pt))


def set_flag(p: Element, tag: str) -> None:
    """Switch on a boolean paragraph property such as ``w:pageBreakBefore``."""
    ppr_child(p, tag)


def set_outline_level(p: Element, level: int) -> None:
    """Mark a paragraph as a heading for Word's navigation pane without a heading style."""
    set_attrs(ppr_child(p, "w:outlineLvl"), val=str(level))


def new_element(tag: str, **attrs: str) -> Element:
    """Create a WordprocessingML element with ``w:`` attributes."""
    return set_attrs(OxmlElement(tag), **attrs)


def add_field(p: Element, instruction: str, placeholder: str) -> list[Element]:
    """Append a complex field (e.g. ``PAGE``) to a ``w:p``; return its runs for styling."""
    runs = []
    for kind in ("begin", "instr", "separate", "text", "end"):
        r = OxmlElement("w:r")
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            r.append(instr)
        elif kind == "text":
            t = OxmlElement("w:t")
            t.text = placeholder
            r.append(t)
        else:
            r.append(set_attrs(OxmlElement("w:fldChar"), fldCharType=kind))
        p.append(r)
        runs.append(r)
    return runs


def page_number(p: Element, font: str, size_pt: float, align: str) -> None:
    """Fill a footer paragraph with "— PAGE —", indented one character from its side."""
    set_line_spacing(p, exact_pt=None)
    no_grid_snap(p)
    set_attrs(ppr_child(p, "w:jc"), val=align)
    inset = size_pt if align == "right" else 0.0
    set_indent(p, right_pt=inset, left_pt=size_pt - inset)
    runs = [p.add_r(), *add_field(p, "PAGE", "1"), p.add_r()]
    runs[0].text, runs[-1].text = "— ", " —"
    for r in runs:
        style_run(r, font, size_pt)


def set_doc_defaults(styles_element: Element, font: str, size_pt: float) -> None:
    """Replace the template's theme-font defaults with ``font`` and Chinese language."""
    defaults = child(styles_element, "w:docDefaults")
    rpr = child(child(defaults, "w:rPrDefault"), "w:rPr")
    set_rpr_fonts(rpr, font, size_pt)
    ppr = child(child(defaults, "w:pPrDefault"), "w:pPr")
    spacing = child(ppr, "w:spacing")
    # The template's default (10 pt after, 1.15 lines) would break the 22-line page.
    set_attrs(spacing, before="0", after="0", line="240", lineRule="auto")


def set_theme_font_lang(settings_element: Element) -> None:
    """Make theme fonts resolve for Chinese: the template says Japanese (ja-JP)."""
    lang = child(settings_element, "w:themeFontLang")
    set_attrs(lang, val="zh-CN", eastAsia="zh-CN")


def set_doc_grid(sect_pr: Element, line_pitch_pt: float | None) -> None:
    """Set a ``lines`` document grid, or a plain one when ``line_pitch_pt`` is None.

    LibreOffice mis-renders ``linesAndChars``; ``lines`` with an exact pitch gives the
    same 22 lines in Word and LibreOffice.
    """
    grid = child(sect_pr, "w:docGrid")
    for attr in ("w:type", "w:charSpace"):
        grid.attrib.pop(qn(attr), None)
    if line_pitch_pt is None:
        set_attrs(grid, linePitch="312")
    else:
        set_attrs(grid, type="lines", linePitch=twips(line_pitch_pt))


def save_atomically(document: Any, path: Path) -> Path:
    """Save a python-docx document to a temporary name beside ``path``, then rename.

    Raises:
        StorageError: The folder is not writable, the disk is full, or the target is
            open in Word (Windows refuses to replace an open file).
    """
    return save_file(document.save, Path(path), opened_by="Word 或 WPS")
