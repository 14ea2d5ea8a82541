"""The font table of a Word document: an entry for every face its text names.

Word and WPS pick a look-alike for a missing face from its table entry (Chinese
character set 86, PANOSE, family, pitch, an alternative name); python-docx's template
lists only Latin and Japanese faces, so without this a missing 仿宋_GB2312 came out in
whatever Word chose.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml

from brandoffice.reports.fonts import FACES
from brandoffice.reports.ooxml import new_element, qn

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_CHINESE_CHARSET = "86"  # GB2312


def used_fonts(document: Any) -> list[str]:
    """Return the faces named by the runs and styles of every part, in first-use order."""
    names: dict[str, None] = {}
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None:
            continue
        for fonts in element.iter(qn("w:rFonts")):
            for attr in _FONT_ATTRS:
                value = fonts.get(qn(attr))
                if value:
                    names[value] = None
    return list(names)


def write_font_table(document: Any) -> list[str]:
    """Replace the font table with one entry per face the document names.

    Known Chinese faces get full entries; other faces keep the template's entry (or a
    bare one). Faces the document does not use are dropped.

    Returns:
        The faces listed.
    """
    part = document.part.part_related_by(RT.FONT_TABLE)
    old = parse_xml(part.blob)
    kept = {f.get(qn("w:name")): f for f in old.findall(qn("w:font"))}
    root = parse_xml(f'<w:fonts xmlns:w="{_W_NS}"/>')
    names = used_fonts(document)
    for name in names:
        root.append(font_entry(name) if name in FACES else kept.get(name, font_entry(name)))
    part._blob = serialize_part_xml(root)
    return names


def font_entry(name: str) -> Any:
    """Return a ``w:font`` element describing ``name``."""
    font = new_element("w:font", name=name)
    face = FACES.get(name)
    if face is None:
        return font
    font.append(new_element("w:altName", val=face.alt_name))
    font.append(new_element("w:panose1", val=face.panose))
    font.append(new_element("w:charset", val=_CHINESE_CHARSET))
    font.append(new_element("w:family", val=face.family))
    font.append(new_element("w:pitch", val=face.pitch))
    return font
