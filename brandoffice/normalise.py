"""Text as clerks type it, tidied before it is checked: widths, stray spaces, phone numbers.

A Chinese input method types full-width digits and letters (１３８, ＡＢＣ) and the
ideographic space (U+3000); text copied from web pages or chat brings non-breaking and
zero-width spaces. Every text a service checks passes through here first, so the window,
the command line and Excel imports accept the same things and store the same form.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_WIDE_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u3000"), " ")
_WIDE_ALNUM = {
    code: code - 0xFEE0
    for first, last in (("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ"))
    for code in range(ord(first), ord(last) + 1)
}
_FOLD = {**_INVISIBLE, **_WIDE_SPACES, **_WIDE_ALNUM}
_RUNS = re.compile(r"[ \t]+")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}·]) +(?=[{_CJK}·])")

_PHONE_MARKS = re.compile(r"[\s\-‐‑‒–—―.()\[\]/]+")
_COUNTRY = re.compile(r"^(?:\+|00)86")
_EXTENSION = re.compile(r"^(.*?[0-9])\s*(?:转|分机|ext\.?|x|-)\s*([0-9]{1,6})$", re.IGNORECASE)
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LOCAL = re.compile(r"^[0-9]{7,8}$")


def fold_width(text: str) -> str:
    """Return ``text`` with full-width digits and letters as ASCII and odd spaces as spaces.

    Chinese punctuation (，：；（）) is kept: it belongs in Chinese prose.
    """
    return text if text.isascii() else text.translate(_FOLD)


def tidy_text(text: str | None) -> str:
    """Return text folded, stripped, with runs of spaces inside a line made one."""
    folded = fold_width(text or "")
    if not ("\n" in folded or "\r" in folded or "\t" in folded or "  " in folded):
        return folded.strip()  # the usual case, without splitting
    lines = folded.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_RUNS.sub(" ", line).strip() for line in lines).strip()


def tidy_name(text: str | None) -> str:
    """Return a name on one line, without the spaces clerks put between Chinese characters.

    ``王　芳`` (padded to line up with three-character names) becomes ``王芳``; a space
    between Latin words (``Anna Li``) stays.
    """
    tidied = tidy_text(text)
    if " " not in tidied and "\n" not in tidied:
        return tidied
    return _CJK_GAP.sub("", _RUNS.sub(" ", tidied.replace("\n", " ")))


def tidy_code(text: str | None) -> str:
    """Return a code (ID number, choice, number) in NFKC form with every space removed."""
    raw = text or ""
    if raw.isascii():
        return "".join(raw.split())
    # NFKC can leave a space before a combining mark (¯ → " \u0304"): compose again
    # once the spaces are gone, so tidying twice gives the same code.
    joined = "".join(unicodedata.normalize("NFKC", raw.translate(_INVISIBLE)).split())
    return unicodedata.normalize("NFKC", joined)


def tidy_phone(text: str | None) -> str | None:
    """Return a phone number in one stored form, or None when it is no phone number.

    Spaces, dashes, dots, slashes and brackets are dropped and ``+86``/``0086`` is
    removed. A mobile number is stored as 11 digits (``13800138001``), a landline with
    its area code as ``010-88886666`` (area codes 010 and 02x have three digits, the
    others four), a local number as its 7 or 8 digits; an extension written with ``转``,
    ``分机``, ``ext`` or a last dash is kept as ``-123``.
    """
    folded = (text or "").strip()
    if _MOBILE.match(folded):
        return folded  # the usual case
    folded = unicodedata.normalize("NFKC", folded.translate(_INVISIBLE)).strip()
    if not folded:
        return None
    international = bool(_COUNTRY.match(folded.replace(" ", "")))
    body = _COUNTRY.sub("", folded.replace(" ", "")) if international else folded
    whole = _number(_PHONE_MARKS.sub("", body), international)
    if whole is not None:
        return whole
    split = _EXTENSION.match(body)
    if split is None:
        return None
    main = _number(_PHONE_MARKS.sub("", split.group(1)), international)
    if main is None or "-" not in main:
        return None  # only a landline with its area code takes an extension
    return f"{main}-{split.group(2)}"


def _number(digits: str, international: bool) -> str | None:
    """Return the stored form of a number written as digits only, or None."""
    if not digits.isascii() or not digits.isdigit():
        return None
    if international and not digits.startswith("0") and not _MOBILE.match(digits):
        digits = "0" + digits  # +86 10 8888 6666: the area code without its 0
    if _MOBILE.match(digits):
        return digits
    if digits.startswith("0"):
        area = 3 if digits.startswith(("010", "02")) else 4
        if _LOCAL.match(digits[area:]):
            return f"{digits[:area]}-{digits[area:]}"
        return None
    return digits if _LOCAL.match(digits) and not international else None
