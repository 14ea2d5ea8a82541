"""Bordered tables with fixed column widths, filled cell by cell without ``table.cell()``."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm

from brandoffice.reports.ooxml import (
    child,
    mm_twips,
    no_grid_snap,
    ppr_child,
    qn,
    set_attrs,
    set_line_spacing,
    style_run,
    tag_order,
    twips,
)
from brandoffice.text_safety import printable

Align = Literal["left", "center", "right", "both"]

# Border widths are in eighths of a point: forms draw a heavier frame around thin rules.
_OUTER_BORDER = "8"
_INNER_BORDER = "4"

# Children of w:tblPr, w:trPr and w:tcPr in the order the schema requires.
_TBLPR_ORDER = tag_order(
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize "
    "w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd "
    "w:tblLayout w:tblCellMar w:tblLook"
)
_TRPR_ORDER = tag_order(
    "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit "
    "w:trHeight w:tblHeader w:tblCellSpacing w:jc w:hidden"
)
_TCPR_ORDER = tag_order(
    "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar "
    "w:textDirection w:tcFitText w:vAlign w:hideMark"
)


@dataclass(frozen=True)
class CellStyle:
    """How text in a cell looks: font, size, exact line height and alignment."""

    font: str
    size_pt: float
    line_pt: float
    bold: bool = False
    align: Align = "left"


def new_table(container: Any, widths_mm: Sequence[float], *, cell_pad_mm: float = 1.5) -> Any:
    """Add an empty bordered table of fixed column widths to a document or cell.

    The layout is fixed so Word does not re-measure every cell of a long table, and
    widths go both into w:tblGrid (read by LibreOffice) and each w:tcW (read by Word).

    Args:
        container: A python-docx ``Document`` (or anything with ``add_table``).
        widths_mm: Column widths.
        cell_pad_mm: Left and right padding inside cells.

    Returns:
        The python-docx ``Table``; add rows with :func:`add_row`.
    """
    table = container.add_table(rows=0, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    tbl_pr = table._tbl.tblPr
    set_attrs(child(tbl_pr, "w:tblW", _TBLPR_ORDER), w=mm_twips(sum(widths_mm)), type="dxa")
    borders = child(tbl_pr, "w:tblBorders", _TBLPR_ORDER)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        size = _INNER_BORDER if edge.startswith("inside") else _OUTER_BORDER
        set_attrs(child(borders, f"w:{edge}"), val="single", sz=size, space="0", color="000000")
    set_attrs(child(tbl_pr, "w:tblLayout", _TBLPR_ORDER), type="fixed")
    margins = child(tbl_pr, "w:tblCellMar", _TBLPR_ORDER)
    for edge, value in (
        ("top", 0.6),
        ("left", cell_pad_mm),
        ("bottom", 0.6),
        ("right", cell_pad_mm),
    ):
        set_attrs(child(margins, f"w:{edge}"), w=mm_twips(value), type="dxa")
    return table


def add_row(
    table: Any,
    *,
    min_height_pt: float | None = None,
    header: bool = False,
    cant_split: bool = True,
) -> tuple[Any, tuple[Any, ...]]:
    """Append a row and return it with its cells, taken once from ``row.cells``.

    Args:
        table: A table from :func:`new_table`.
        min_height_pt: Minimum row height (the row still grows with its text).
        header: Repeat this row at the top of every page.
        cant_split: Keep the row on one page.

    Returns:
        ``(row, cells)``.
    """
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        child(tr_pr, "w:cantSplit", _TRPR_ORDER)
    if min_height_pt is not None:
        height = child(tr_pr, "w:trHeight", _TRPR_ORDER)
        set_attrs(height, val=twips(min_height_pt), hRule="atLeast")
    if header:
        child(tr_pr, "w:tblHeader", _TRPR_ORDER)
    return row, row.cells


def fill_cell(
    cell: Any,
    paragraphs: Sequence[str],
    style: CellStyle,
    *,
    aligns: Sequence[Align] | None = None,
    valign: Literal["top", "center", "bottom"] = "center",
) -> None:
    """Write paragraphs into a cell, replacing its empty first paragraph.

    Every paragraph gets exact line spacing so the height of a row can be computed
    beforehand, and stays off the document grid, which would stretch each line.

    Args:
        cell: A python-docx ``_Cell`` (from ``row.cells`` or a merge).
        paragraphs: The text, one string per paragraph; none gives an empty cell.
        style: Font, size, line height and default alignment.
        aligns: Alignment per paragraph, overriding ``style.align``.
        valign: Vertical alignment in the cell.
    """
    tc = cell._tc
    texts = list(paragraphs) or [""]
    for i, text in enumerate(texts):
        p = tc.p_lst[0] if i == 0 else tc.add_p()
        set_line_spacing(p, exact_pt=style.line_pt)
        no_grid_snap(p)
        align = aligns[i] if aligns is not None else style.align
        set_attrs(ppr_child(p, "w:jc"), val=align)
        if text:
            r = p.add_r()
            r.text = printable(text)
            style_run(r, style.font, style.size_pt, bold=style.bold)
    set_valign(cell, valign)


def set_valign(cell: Any, valign: Literal["top", "center", "bottom"]) -> None:
    """Set the vertical alignment of a cell's content."""
    set_attrs(child(cell._tc.get_or_add_tcPr(), "w:vAlign", _TCPR_ORDER), val=valign)


def add_rows(
    table: Any,
    rows: Iterable[Sequence[str]],
    styles: Sequence[CellStyle],
    *,
    min_height_pt: float | None = None,
) -> int:
    """Append many rows of plain text quickly; ``\n`` in a value starts a new paragraph.

    One row is formatted the slow way and then copied for every row, so only the texts
    are set per cell: styling each run of a 50-page table one by one costs seconds.

    Args:
        table: A table from :func:`new_table`.
        rows: The texts, one sequence per row, one string per column.
        styles: The style of each column.
        min_height_pt: Minimum height of every row.

    Returns:
        The number of rows added.

    Raises:
        ValueError: A row does not have one value per style.
    """
    row, cells = add_row(table, min_height_pt=min_height_pt)
    for cell, style in zip(cells, styles, strict=True):
        fill_cell(cell, ["-"], style)
    template = row._tr
    template.getparent().remove(template)
    tbl = table._tbl
    t_tag, p_tag = qn("w:t"), qn("w:p")
    count = 0
    for values in rows:
        if len(values) != len(styles):
            raise ValueError(f"row has {len(values)} cells, table has {len(styles)} columns")
        tr = copy.deepcopy(template)
        for tc, value in zip(tr.iterchildren(qn("w:tc")), values, strict=True):
            p = tc.find(p_tag)
            lines = value.splitlines() or [""]
            for line in reversed(lines[1:]):
                extra = copy.deepcopy(p)
                _set_text(extra.find(f".//{t_tag}"), line)
                p.addnext(extra)
            _set_text(p.find(f".//{t_tag}"), lines[0])
        tbl.append(tr)
        count += 1
    return count


def _set_text(t: Any, text: str) -> None:
    text = printable(text)
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")


_HALF_EM = 0.6
"""Digits and Latin letters measured generously: substitute fonts draw them wider than 0.5 em."""
_SHORT_HEADER = 4
"""Headers of up to four characters (名次, 任务数, 逾期天数) should not wrap."""


def fit_widths(
    widths_mm: Sequence[float],
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    size_pt: float,
    *,
    cell_pad_mm: float = 1.5,
) -> list[float]:
    """Widen columns of numbers, dates and short headers so they never wrap in Word or WPS.

    Such a column gets at least the width of its widest value (and of its header when
    the header is short); the room comes from the columns of running text, which can
    wrap, in proportion to their width. When even that is not enough, all is scaled to
    the original total.

    Args:
        widths_mm: The widths the report asked for.
        headers: The column headings (``\\n`` splits lines).
        rows: The cell texts.
        size_pt: The table's type size.
        cell_pad_mm: Left and right padding inside cells.

    Returns:
        The widths, same total as ``widths_mm``.
    """
    from brandoffice.reports.textfit import text_width_em

    em_mm = size_pt * 25.4 / 72
    total = sum(widths_mm)
    need = [0.0] * len(widths_mm)
    rigid = [True] * len(widths_mm)
    for values in rows:
        for i, value in enumerate(values):
            if not rigid[i] or not value:
                continue
            if any(not c.isascii() and c not in "—%" for c in value):
                rigid[i] = False
                continue
            need[i] = max(need[i], text_width_em(value, half_width=_HALF_EM))
    for i, header in enumerate(headers):
        lines = header.splitlines() or [""]
        if rigid[i] and len(lines) == 1 and len(header) <= _SHORT_HEADER:
            need[i] = max(need[i], text_width_em(header, half_width=_HALF_EM))
    out = list(widths_mm)
    want = [
        (n * em_mm + 2 * cell_pad_mm + 0.8) if r and n else 0.0
        for n, r in zip(need, rigid, strict=True)
    ]
    short = sum(max(0.0, w - o) for w, o in zip(want, out, strict=True))
    if not short:
        return out
    flexible = [i for i, r in enumerate(rigid) if not r]
    spare = sum(out[i] - 2 * em_mm for i in flexible if out[i] > 2 * em_mm)
    for i, w in enumerate(want):
        out[i] = max(out[i], w)
    if spare > 0:
        take = min(1.0, short / spare)
        for i in flexible:
            if out[i] > 2 * em_mm:
                out[i] -= (out[i] - 2 * em_mm) * take
    scale = total / sum(out)
    return [w * scale for w in out]
