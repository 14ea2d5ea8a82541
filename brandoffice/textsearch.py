"""Pinyin initials for search-as-you-type (xfyz finds 幸福驿站社区)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """Return the lower-case pinyin initials of ``text``; other characters are kept.

    Letters and digits pass through lower-cased; punctuation is dropped.
    """
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default", strict=False)
    out = "".join(letters).lower()
    return "".join(ch for ch in out if ch.isalnum())


def like_pattern(text: str) -> str:
    """Return a LIKE pattern matching ``text`` anywhere, with wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
