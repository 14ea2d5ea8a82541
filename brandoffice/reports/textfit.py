"""Estimate how many lines Chinese text takes in a box, and shorten it to fit."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

ELLIPSIS = "……"
"""Chinese ellipsis (two U+2026), what a reader expects at the end of a cut text."""

# Kinsoku (line-breaking) rules of Chinese typesetting: these never start a line, so the
# estimate glues them to the character before; opening marks never end a line.
_NO_LINE_START = frozenset("，。、；：？！）」』”’》〉】〕…·—%,.;:?!)]}")
_NO_LINE_END = frozenset("（「『“‘《〈【〔([{")

# Half-width glyphs are about 0.5 em in Chinese fonts, but LibreOffice without the
# GB2312 fonts falls back to DejaVu Sans, whose Latin letters and digits are nearer 0.6 em.
_HALF_WIDTH_EM = 0.6


def char_width_em(char: str, half_width: float = _HALF_WIDTH_EM) -> float:
    """Width of one character in em (1 em = the font size).

    Ambiguous-width marks such as “ ” and … count as full width: Chinese fonts draw
    them so, and over-estimating a width is the safe side when fitting a page.

    Args:
        char: One character.
        half_width: Width given to Latin letters and digits.
    """
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else half_width


def text_width_em(text: str, half_width: float = _HALF_WIDTH_EM) -> float:
    """Width of a single-line text in em (see :func:`char_width_em`)."""
    return sum(char_width_em(c, half_width) for c in text)


def _tokens(text: str) -> Iterator[str]:
    """Split text into the units a word processor will not break inside."""
    token = ""
    for char in text:
        half = unicodedata.east_asian_width(char) not in "WFA"
        if not token:
            token = char
        elif char in _NO_LINE_START or token[-1] in _NO_LINE_END:
            token += char
        elif half and char != " " and token[-1].isascii() and token[-1] != " ":
            # Latin words and numbers wrap as a whole.
            token += char
        else:
            yield token
            token = char
    if token:
        yield token


def count_lines(text: str, width_em: float) -> int:
    """Lines one paragraph takes in a box ``width_em`` wide (at least 1).

    A greedy simulation of line breaking that keeps Latin words and kinsoku pairs
    together; it errs towards more lines than Word or LibreOffice would use.
    """
    if width_em <= 1:
        raise ValueError("box narrower than one character")
    lines, used = 1, 0.0
    for token in _tokens(text):
        w = text_width_em(token)
        if used + w <= width_em:
            used += w
            continue
        if w > width_em:
            # A word longer than the line is broken by characters anyway.
            for char in token:
                cw = char_width_em(char)
                if used + cw > width_em:
                    lines, used = lines + 1, 0.0
                used += cw
            continue
        lines, used = lines + 1, w
    return lines


def count_paragraph_lines(paragraphs: Sequence[str], width_em: float) -> int:
    """Lines a list of paragraphs takes in a box ``width_em`` wide."""
    return sum(count_lines(p, width_em) for p in paragraphs) if paragraphs else 1


def truncate_paragraphs(
    paragraphs: Sequence[str], width_em: float, max_lines: int, marker: str = ELLIPSIS
) -> tuple[list[str], bool]:
    """Shorten paragraphs to at most ``max_lines`` lines, ending with ``marker``.

    Args:
        paragraphs: The text, one string per paragraph.
        width_em: Width of the box in em.
        max_lines: Lines available (at least 1).
        marker: What ends a cut text: an ellipsis, or one saying where the rest is.

    Returns:
        The kept paragraphs and whether anything was cut.
    """
    if count_paragraph_lines(paragraphs, width_em) <= max_lines:
        return list(paragraphs), False
    kept: list[str] = []
    left = max(1, max_lines)
    for para in paragraphs:
        need = count_lines(para, width_em)
        if need < left:
            kept.append(para)
            left -= need
            continue
        # The paragraph that reaches the limit is cut to the longest prefix that still
        # fits with the ellipsis; binary search because line counts grow monotonically.
        lo, hi = 0, len(para)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count_lines(para[:mid].rstrip() + marker, width_em) <= left:
                lo = mid
            else:
                hi = mid - 1
        kept.append(para[:lo].rstrip("，、；：,;: ") + marker)
        break
    return kept, True
