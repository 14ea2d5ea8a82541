"""Pinyin initials for search-as-you-type (xfyz finds 幸福驿站社区)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _first_letters() -> Callable[[str], list[str]]:
    """Load pypinyin once, then freeze its tables out of the cyclic collector's passes.

    Its phrase tables are 190,000 lists; every full collection walked them, holding
    every thread (the window's event loop too) for a tenth of a second.
    """
    from pypinyin import Style, lazy_pinyin

    def letters(text: str) -> list[str]:
        found: Any = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default", strict=False)
        return list(found)

    letters("党建")  # the tables load on first use
    gc.freeze()
    return letters


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """Return the lower-case pinyin initials of ``text``; other characters are kept.

    Letters and digits pass through lower-cased; punctuation is dropped.
    """
    letters = _first_letters()(text)
    out = "".join(letters).lower()
    return "".join(ch for ch in out if ch.isalnum())


def like_pattern(text: str) -> str:
    """Return a LIKE pattern matching ``text`` anywhere, with wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
