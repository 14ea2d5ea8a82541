"""Cut the fallback Chinese font in resources/fonts/ out of Noto Sans CJK SC (SIL OFL 1.1).

Usage: ``python packaging/subset_font.py [--source NotoSansCJK-Regular.ttc]``.

The subset keeps every character of GB 2312 (6,763 hanzi of levels 1 and 2, the
punctuation, full-width forms and symbols; personal and place names mostly stay within
it), printable ASCII and Latin-1, a few typographic marks outside GB 2312, and every
non-ASCII character the program's own sources and resources use when the script runs.
Hinting is dropped (Qt and matplotlib render fine without it at screen sizes).

Under the SIL Open Font License a subset is a Modified Version: it is renamed
``BrandOffice Sans SC`` (it must not use the Reserved Font Name "Source" and must not
be mistaken for the full Noto font) and keeps the copyright and licence notices.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
)
OUTPUT = ROOT / "resources" / "fonts" / "BrandOfficeSansSC-Regular.otf"
FAMILY = "BrandOffice Sans SC"
POSTSCRIPT = "BrandOfficeSansSC-Regular"
SC_FACE = "Noto Sans CJK SC"
SCANNED = ("brandoffice", "ui", "resources")
SCANNED_SUFFIXES = (".py", ".json", ".md", ".html", ".txt")
EXTRA = "–—‘’“”…•·←↑→↓√×÷≤≥≠±‰℃№①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳■□▲△●○◆◇★☆【】〔〕《》「」『』￥"


def gb2312_characters() -> set[str]:
    """Return every character GB 2312 encodes (symbols, both hanzi levels)."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def source_characters(roots: Iterable[Path]) -> set[str]:
    """Return the non-ASCII characters used in the program's sources and resources."""
    chars: set[str] = set()
    for path in _text_files(roots):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        chars.update(ch for ch in text if ord(ch) > 0x7F and ch.isprintable())
    return chars


def _text_files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in SCANNED_SUFFIXES and "__pycache__" not in path.parts:
                yield path


def wanted_characters() -> set[str]:
    """Return the characters the subset keeps."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= gb2312_characters() | set(EXTRA)
    chars |= source_characters(ROOT / name for name in SCANNED)
    return chars


def find_sc_face(collection: Path) -> int:
    """Return the index of the Simplified Chinese face in a Noto Sans CJK collection."""
    from fontTools.ttLib import TTCollection

    faces = TTCollection(str(collection), lazy=True).fonts
    for number, face in enumerate(faces):
        if face["name"].getDebugName(1) == SC_FACE:
            return number
    raise SystemExit(f"{collection}: no face named {SC_FACE!r}")


def subset(source: Path, output: Path, chars: set[str]) -> int:
    """Write the subset font; return the number of characters it covers."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    number = find_sc_face(source) if source.suffix.lower() == ".ttc" else -1
    # Keep the source's timestamp so that the same inputs give the same bytes.
    font = TTFont(str(source), fontNumber=number, lazy=False, recalcTimestamp=False)
    options = ft_subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    _rename(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    return len(set(font.getBestCmap()))


def _rename(font: object) -> None:
    """Give the subset its own names (OFL: a Modified Version is renamed)."""
    names = font["name"]  # type: ignore[index]
    full = f"{FAMILY} Regular"
    for record in names.names:
        value = {
            1: FAMILY,
            3: f"{POSTSCRIPT};subset of Noto Sans CJK SC",
            4: full,
            6: POSTSCRIPT,
            16: FAMILY,
            17: "Regular",
        }.get(record.nameID)
        if value is not None:
            record.string = value
    if "CFF " in font:  # type: ignore[operator]
        cff = font["CFF "].cff  # type: ignore[index]
        cff.fontNames = [POSTSCRIPT]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = full, FAMILY


def main(argv: list[str] | None = None) -> int:
    """Subset the installed Noto Sans CJK into resources/fonts/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="NotoSansCJK-Regular.ttc (or an SC .otf)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    source = args.source or next((p for p in DEFAULT_SOURCES if p.is_file()), None)
    if source is None:
        print("Noto Sans CJK not found: apt-get install fonts-noto-cjk, or pass --source")
        return 1
    covered = subset(source, args.output, wanted_characters())
    size = args.output.stat().st_size
    print(f"{args.output}: {covered} characters, {size / 1e6:.2f} MB (from {source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
