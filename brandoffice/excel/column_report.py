"""What an import made of a sheet's columns, said in the result: recognised, ignored, derived."""

from __future__ import annotations

from collections.abc import Sequence

from brandoffice.excel.colspec import Column

__all__ = ["column_notes", "kept_columns"]


def kept_columns(present: Sequence[Column]) -> list[Column]:
    """Return the columns whose cells are imported (not the ignored ones)."""
    return [c for c in present if not c.ignored]


def column_notes(present: Sequence[Column]) -> list[str]:
    """Return the lines naming the columns recognised (and as what) and those ignored.

    A column found under another name shows as ``公民身份号码→身份证号``; ignored
    columns are grouped by their reason: ``忽略的列：民族、学历（本程序不记录）``.
    """
    notes = []
    kept = [_recognised(c) for c in kept_columns(present)]
    if kept:
        notes.append("识别的列：" + "、".join(kept))
    reasons: dict[str, list[str]] = {}
    for column in present:
        if column.ignored:
            reasons.setdefault(column.hint, []).append(column.header)
    if reasons:
        groups = [f"{'、'.join(names)}（{why}）" for why, names in reasons.items()]
        notes.append("忽略的列：" + "；".join(groups))
    return notes


def _recognised(column: Column) -> str:
    if column.matched and column.matched != column.header:
        return f"{column.matched}→{column.header}"
    return column.header
