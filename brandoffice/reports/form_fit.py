"""Fit the rows of a one-page form: pick a font size, then cut the longest texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from brandoffice.reports.textfit import ELLIPSIS, count_paragraph_lines, truncate_paragraphs

PT_PER_MM = 72 / 25.4
MM_PER_PT = 25.4 / 72

# Vertical room a row needs beyond its lines: cell margins (0.6 mm each) and the rules.
ROW_PADDING_PT = 2 * 0.6 * PT_PER_MM + 1.5


@dataclass(frozen=True)
class FitCell:
    """A cell whose text is measured: width in mm and the text, one string a paragraph.

    ``name`` is None for labels, which are never cut; values name their field.
    """

    width_mm: float
    paragraphs: tuple[str, ...]
    name: str | None = None


@dataclass(frozen=True)
class FitRow:
    """One table row whose height follows its text; ``cap`` limits its lines when cutting."""

    cells: tuple[FitCell, ...]
    cap: int | None = None


@dataclass(frozen=True)
class TypeSize:
    """A font size with its exact line height, in points."""

    size_pt: float
    line_pt: float

    @property
    def min_row_pt(self) -> float:
        """Height of a one-line row."""
        return self.line_pt + ROW_PADDING_PT

    def row_height(self, lines: int) -> float:
        """Height of a row holding ``lines`` lines."""
        return max(self.min_row_pt, lines * self.line_pt + ROW_PADDING_PT)


@dataclass
class FitResult:
    """The chosen size, the texts to print per row and cell, and the fields that were cut.

    ``spare_pt`` is the part of the budget the rows leave unused.
    """

    size: TypeSize
    texts: list[list[tuple[str, ...]]]
    heights_pt: list[float]
    spare_pt: float
    cut: list[str] = field(default_factory=list)


def _width_em(width_mm: float, size: TypeSize, pad_mm: float) -> float:
    # Half an em of slack: justification and punctuation rules differ between programs.
    return (width_mm - 2 * pad_mm) * PT_PER_MM / size.size_pt - 0.5


def fit_rows(
    rows: Sequence[FitRow],
    sizes: Sequence[TypeSize],
    budget_pt: float,
    pad_mm: float,
    marker: str = ELLIPSIS,
) -> FitResult:
    """Choose the largest size at which all rows fit ``budget_pt``; else cut at the smallest.

    Cutting gives every row as many lines as it needs up to a common limit, raised as far
    as the budget allows (the longest texts lose most), then hands out single lines
    left over. Labels keep all their lines.

    Args:
        rows: The rows whose height depends on their text.
        sizes: Candidate sizes, largest first.
        budget_pt: Height available to these rows.
        pad_mm: Left and right padding inside cells.
        marker: What ends a cut text.

    Returns:
        The size, the (possibly cut) texts and each row's expected height.
    """
    if not sizes:
        raise ValueError("no font sizes to try")
    for size in sizes:
        need = [_row_lines(row, size, pad_mm) for row in rows]
        if sum(size.row_height(n) for n in need) <= budget_pt:
            alloc = need
            break
    else:
        alloc = _allocate(rows, size, pad_mm, need, budget_pt)
    heights = [size.row_height(n) for n in alloc]
    result = FitResult(size, [], heights, budget_pt - sum(heights))
    for row, lines in zip(rows, alloc, strict=True):
        texts = []
        for cell in row.cells:
            width = _width_em(cell.width_mm, size, pad_mm)
            kept, was_cut = truncate_paragraphs(cell.paragraphs, width, lines, marker)
            if cell.name is None or not was_cut:
                kept = list(cell.paragraphs)
            elif cell.name not in result.cut:
                result.cut.append(cell.name)
            texts.append(tuple(kept))
        result.texts.append(texts)
    return result


def _allocate(
    rows: Sequence[FitRow], size: TypeSize, pad_mm: float, need: Sequence[int], budget_pt: float
) -> list[int]:
    """Lines per row when the rows do not fit: a common limit, then single extra lines."""
    floor = [_row_lines(row, size, pad_mm, labels_only=True) for row in rows]
    want = [
        max(lo, min(n, row.cap)) if row.cap else n
        for n, lo, row in zip(need, floor, rows, strict=True)
    ]

    def total(alloc: Sequence[int]) -> float:
        return sum(size.row_height(n) for n in alloc)

    def limited(limit: int) -> list[int]:
        return [max(lo, min(n, limit)) for n, lo in zip(want, floor, strict=True)]

    if total(want) <= budget_pt:
        return want
    limit = 1
    while limit < max(want) and total(limited(limit + 1)) <= budget_pt:
        limit += 1
    alloc = limited(limit)
    grew = True
    while grew:
        grew = False
        for i, n in enumerate(want):
            trial = [*alloc[:i], alloc[i] + 1, *alloc[i + 1 :]]
            if n > alloc[i] and total(trial) <= budget_pt:
                alloc, grew = trial, True
    return alloc


def _row_lines(row: FitRow, size: TypeSize, pad_mm: float, *, labels_only: bool = False) -> int:
    lines = 1
    for cell in row.cells:
        if labels_only and cell.name is not None:
            continue
        width = _width_em(cell.width_mm, size, pad_mm)
        lines = max(lines, count_paragraph_lines(cell.paragraphs, width))
    return lines
