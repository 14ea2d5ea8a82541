"""Word documents in the GB/T 9704-2012 layout of Chinese official papers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.shared import Mm

from brandoffice.reports import fonttable, ooxml
from brandoffice.reports.standard import (
    CHAR_SPACING_PT,
    FONT_SETS,
    FOOTER_DISTANCE_MM,
    GB2312_FONTS,
    LINE_PITCH_PT,
    MARGINS_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    SIZE_S4,
    TEXT_HEIGHT_MM,
    TEXT_WIDTH_MM,
    WINDOWS_FONTS,
    FontSet,
    chinese_date,
    chinese_number,
)
from brandoffice.reports.tables import (
    Align,
    CellStyle,
    add_row,
    add_rows,
    fill_cell,
    fit_widths,
    new_table,
)
from brandoffice.reports.textfit import text_width_em
from brandoffice.text_safety import printable

_INDENT_CHARS = 2

__all__ = [
    "FONT_SETS",
    "GB2312_FONTS",
    "WINDOWS_FONTS",
    "FontSet",
    "ReportDocument",
    "chinese_date",
    "chinese_number",
]


class ReportDocument:
    """A document builder: A4, GB/T 9704 margins, 22 × 28 grid, page numbers.

    Blocks are appended in order; ``save`` writes the file atomically.

    Args:
        fonts: The font set.
        page_numbers: Add "— 1 —" page numbers (odd pages right, even pages left).
        line_grid: Lay body text on the 22-line grid; forms switch it off.
    """

    def __init__(
        self, fonts: FontSet = GB2312_FONTS, *, page_numbers: bool = True, line_grid: bool = True
    ) -> None:
        self.fonts = fonts
        self.document: Any = docx.Document()
        self._heading_numbers = [0, 0]
        self._break_pending = False
        ooxml.set_doc_defaults(self.document.styles.element, fonts.body, SIZE_3)
        ooxml.set_theme_font_lang(self.document.settings.element)
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_DISTANCE_MM)
        ooxml.set_doc_grid(section._sectPr, LINE_PITCH_PT if line_grid else None)
        if page_numbers:
            self.document.settings.odd_and_even_pages_header_footer = True
            # GB/T 9704: odd pages right, even pages left, one character in from the edge.
            for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
                ooxml.page_number(footer.paragraphs[0]._p, fonts.song, SIZE_4, align)

    def add_text(
        self,
        text: str,
        *,
        font: str,
        size_pt: float,
        bold: bool = False,
        align: Align = "both",
        line_pt: float | None = LINE_PITCH_PT,
        first_line_pt: float = 0,
        right_pt: float = 0,
        grid: bool = True,
        keep_next: bool = False,
        outline_level: int | None = None,
    ) -> Any:
        """Append one paragraph with every run styled; the building block of the others.

        Args:
            text: The text; empty for a blank line.
            font: Font name for all scripts.
            size_pt: Font size.
            bold: Bold.
            align: Paragraph alignment.
            line_pt: Exact line height, or None for single spacing.
            first_line_pt: First-line indent.
            right_pt: Right indent.
            grid: Body text on the line grid, condensed by 0.25 pt to get 28 characters.
            keep_next: Keep on the same page as the next paragraph (headings, captions).
            outline_level: Outline level for Word's navigation pane (0 = top).

        Returns:
            The python-docx ``Paragraph``.
        """
        paragraph = self._new_paragraph(align, line_pt, grid)
        p = paragraph._p
        ooxml.set_indent(p, first_line_pt=first_line_pt, right_pt=right_pt)
        if keep_next:
            ooxml.set_flag(p, "w:keepNext")
        if outline_level is not None:
            ooxml.set_outline_level(p, outline_level)
        if text:
            r = p.add_r()
            r.text = printable(text)
            ooxml.style_run(r, font, size_pt, bold=bold)
            if grid:
                ooxml.set_char_spacing(r.get_or_add_rPr(), CHAR_SPACING_PT)
        return paragraph

    def _new_paragraph(self, align: Align, line_pt: float | None, grid: bool) -> Any:
        """Append an empty paragraph, carrying a pending page break."""
        paragraph = self.document.add_paragraph()
        p = paragraph._p
        if self._break_pending:
            # A break property rather than a break character: the latter leaves an empty
            # line at the top of the next page.
            ooxml.set_flag(p, "w:pageBreakBefore")
            self._break_pending = False
        if not grid:
            ooxml.no_grid_snap(p)
        ooxml.set_line_spacing(p, exact_pt=line_pt)
        ooxml.set_attrs(ooxml.ppr_child(p, "w:jc"), val=align)
        return paragraph

    def title(self, text: str, subtitle: str | None = None) -> None:
        """Add the title (二号, centred; ``\\n`` splits lines), a subtitle, a blank line."""
        for line in text.splitlines() or [""]:
            self.add_text(
                line, font=self.fonts.title, size_pt=SIZE_2, bold=self.fonts.title_bold,
                align="center", grid=False, outline_level=0,
            )  # fmt: skip
        if subtitle:
            self.add_text(subtitle, font=self.fonts.heading2, size_pt=SIZE_3, align="center")
        self.blank_line()

    def heading1(self, text: str, *, numbered: bool = True) -> None:
        """Add a first-level heading in 黑体, numbered "一、" unless ``numbered`` is False."""
        self._heading_numbers = [self._heading_numbers[0] + 1, 0]
        label = f"{chinese_number(self._heading_numbers[0])}、" if numbered else ""
        self.add_text(
            label + text, font=self.fonts.heading1, size_pt=SIZE_3,
            first_line_pt=_INDENT_CHARS * SIZE_3, keep_next=True, outline_level=1,
        )  # fmt: skip

    def heading2(self, text: str, *, numbered: bool = True) -> None:
        """Add a second-level heading in 楷体, numbered "（一）" within its first level."""
        self._heading_numbers[1] += 1
        label = f"（{chinese_number(self._heading_numbers[1])}）" if numbered else ""
        self.add_text(
            label + text, font=self.fonts.heading2, size_pt=SIZE_3,
            first_line_pt=_INDENT_CHARS * SIZE_3, keep_next=True, outline_level=2,
        )  # fmt: skip

    def restart_headings(self) -> None:
        """Number the next headings from 一、 again (a 附件 numbers its own)."""
        self._heading_numbers = [0, 0]

    def paragraph(self, text: str, *, indent_first_line: bool = True) -> None:
        """Add body text in 仿宋 三号, justified; each line of ``text`` is a paragraph."""
        indent = _INDENT_CHARS * SIZE_3 if indent_first_line else 0.0
        for line in text.splitlines() or [""]:
            self.add_text(line, font=self.fonts.body, size_pt=SIZE_3, first_line_pt=indent)

    def blank_line(self) -> None:
        """Add an empty grid line."""
        self.add_text("", font=self.fonts.body, size_pt=SIZE_3)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        col_widths_mm: Sequence[float] | None = None,
        font_size: float = SIZE_S4,
        align: Sequence[Align] | None = None,
        caption: str | None = None,
    ) -> None:
        """Add a bordered table whose header row repeats on every page.

        Args:
            headers: Column headings (黑体).
            rows: Cell values; None becomes empty, others ``str()``; ``\\n`` splits lines.
            col_widths_mm: Column widths; by default the text width shared equally.
            font_size: Size of all table text (小四 by default).
            align: Alignment per column of the body rows; centred by default.
            caption: A heading centred above the table, e.g. "表1 各社区任务完成情况".

        Raises:
            ValueError: A row or the widths do not match the number of headers.
        """
        n = len(headers)
        widths = list(col_widths_mm or [TEXT_WIDTH_MM / n] * n)
        aligns: list[Align] = list(align or ["center"] * n)
        if len(widths) != n or len(aligns) != n:
            raise ValueError("col_widths_mm and align need one entry per column")
        if caption:
            self.add_text(
                caption, font=self.fonts.heading1, size_pt=SIZE_4, align="center", keep_next=True
            )
        self._flush_break()
        line = round(font_size * 1.4 * 2) / 2
        head = CellStyle(self.fonts.heading1, font_size, line, align="center")
        body = [CellStyle(self.fonts.body, font_size, line, align=a) for a in aligns]
        texts = [["" if v is None else str(v) for v in values] for values in rows]
        widths = fit_widths(widths, headers, texts, font_size)
        table = new_table(self.document, widths)
        _, cells = add_row(table, header=True, min_height_pt=line + 6)
        for cell, text in zip(cells, headers, strict=True):
            fill_cell(cell, text.splitlines(), head)
        add_rows(table, texts, body, min_height_pt=line + 4)

    def image(
        self, image: Path | str | bytes, *, width_mm: float = TEXT_WIDTH_MM,
        caption: str | None = None,
    ) -> None:  # fmt: skip
        """Add a centred picture (PNG or JPEG), at most the text block in size.

        Args:
            image: A file path or the image bytes.
            width_mm: Width; the text width by default.
            caption: A line centred under the picture, e.g. "图1 品牌数量".
        """
        paragraph = self._new_paragraph("center", None, grid=False)
        if caption:
            ooxml.set_flag(paragraph._p, "w:keepNext")
        run = paragraph.add_run()
        ooxml.style_run(run._r, self.fonts.body, SIZE_3)
        source = io.BytesIO(image) if isinstance(image, bytes) else str(image)
        shape = run.add_picture(source, width=Mm(min(width_mm, TEXT_WIDTH_MM)))
        # Leave a line for the caption so a tall picture never spills onto its own page.
        max_height = Mm(TEXT_HEIGHT_MM - 12)
        if shape.height > max_height:
            shape.width = int(shape.width * max_height / shape.height)
            shape.height = max_height
        if caption:
            self.add_text(caption, font=self.fonts.body, size_pt=SIZE_4, align="center")

    def signature(self, office_name: str, day: dt.date) -> None:
        """Add the sender and date of an unsealed document (GB/T 9704 §7.3.5.3).

        The name is two characters in from the right after a blank line; the date goes
        on the next line, starting two characters right of the name. A date longer than
        the name is set two in from the right and the name moves left to match.
        """
        date_text = chinese_date(day)
        # Half-width digits are 0.5 em in 仿宋, the font this is meant for.
        name_w = text_width_em(office_name, half_width=0.5)
        date_w = text_width_em(date_text, half_width=0.5)
        name_right, date_right = 2.0, name_w - date_w
        if date_right < 2:
            name_right, date_right = 4 + date_w - name_w, 2.0
        self.blank_line()
        for text, right in ((office_name, name_right), (date_text, date_right)):
            self.add_text(
                text, font=self.fonts.body, size_pt=SIZE_3, align="right",
                right_pt=right * SIZE_3,
            )  # fmt: skip

    def page_break(self) -> None:
        """Start the next block on a new page."""
        self._break_pending = True

    def _flush_break(self) -> None:
        """Before a table, which cannot carry the break itself, use a break character."""
        if self._break_pending:
            self._break_pending = False
            paragraph = self._new_paragraph("left", 1.0, grid=False)
            r = paragraph._p.add_r()
            r.append(ooxml.new_element("w:br", type="page"))
            ooxml.style_run(r, self.fonts.body, 1.0)

    def save(self, path: Path | str) -> Path:
        """Write the document to ``path`` through a temporary file and a rename.

        Raises:
            StorageError: The file cannot be written (see :func:`ooxml.save_atomically`).
        """
        self._break_pending = False
        fonttable.write_font_table(self.document)
        return ooxml.save_atomically(self.document, Path(path))
