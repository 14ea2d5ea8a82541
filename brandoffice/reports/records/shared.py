"""Wording and sizes the record sections share."""

from __future__ import annotations

from collections.abc import Iterable

from brandoffice.reports.standard import SIZE_5

TABLE_SIZE = SIZE_5
"""五号: the record tables have up to eight columns and a row per unit."""
NO_RECORDS = "{what}，本节从略。"
"""The one line that stands for a section without records."""
NAMES_MAX = 12
"""Names listed in running text before the rest are counted (a district has thousands)."""


def names_text(names: Iterable[str], limit: int = NAMES_MAX) -> str:
    """Join names with 、, the first ``limit`` of them, then ``等N个``."""
    every = list(names)
    shown = "、".join(every[:limit])
    return shown if len(every) <= limit else f"{shown}等{len(every)}个"


def number_of(caption: str) -> str:
    """Return a caption's number, ``表5``, for a reference in the text."""
    return caption.split(" ", 1)[0]
