"""The registration form 《党建品牌创建申报登记表》: one brand on one A4 page, plus 续页.

The form's first page always holds the whole table and the seal boxes. A text too long
for its box shows its beginning there, marked, and continues whole on a 续页 after the
form, so nothing the clerk entered is lost.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm

from brandoffice.reports import ooxml
from brandoffice.reports.form_fit import PT_PER_MM, FitCell, FitRow, TypeSize, fit_rows
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.standard import (
    GB2312_FONTS,
    SIZE_2,
    SIZE_3,
    SIZE_5,
    SIZE_S4,
    TEXT_HEIGHT_MM,
    TEXT_WIDTH_MM,
    FontSet,
)
from brandoffice.reports.tables import Align, CellStyle, add_row, fill_cell, new_table, set_valign

FORM_TITLE = "党建品牌创建申报登记表"
CONTINUED_TITLE = FORM_TITLE + "（续页）"
CONTINUED = "（续见续页）"
"""Ends the part of a long text printed in its box."""
CUT_NOTE = "注：标有“（续见续页）”的栏目篇幅较长，表中为前段，全文见续页。"
REQUIRED = (
    "申报单位", "上级党组织", "党组织书记", "联系人", "联系电话", "党员人数", "品牌名称",
    "品牌主题", "品牌口号", "品牌内涵", "品牌理念", "服务地点", "服务内容", "创建载体",
    "目标要求", "创建措施",
)  # fmt: skip
"""Fields the upper level expects filled; blanks are listed before printing."""

# Six grid columns (mm): label, value, label, value, label, value; 156 mm in all. The
# opinion row's boxes span columns 1–2 (47 mm) and 4–5 (57 mm): room for a 42 mm seal.
_COLS = (26.0, 25.0, 22.0, 26.0, 22.0, 35.0)
_PAD_MM = 1.2
# 小四 where the whole text fits, 五号 where it has to; what 五号 cannot hold goes to the 续页.
_SIZES = (TypeSize(SIZE_S4, 17.0), TypeSize(SIZE_5, 15.0))
# Room left over is shared out as air in the rows (so forms fill the page alike), at most
# this much a row; the rest enlarges the opinion boxes.
_MAX_AIR_PT = 10.0
_TITLE_LINE_PT, _META_LINE_PT, _NOTE_LINE_PT = 36.0, 24.0, 16.0
# The opinion boxes must hold a round seal (党组织 seals are 40–42 mm across).
OPINION_MM = 45.0
_OPINION_PT = OPINION_MM * PT_PER_MM
# Word and LibreOffice round row heights differently; this keeps the page from spilling.
_SLACK_PT = 16.0
_BUDGET_PT = (
    TEXT_HEIGHT_MM * PT_PER_MM - _TITLE_LINE_PT - _META_LINE_PT - _NOTE_LINE_PT
    - _OPINION_PT - _SLACK_PT
)  # fmt: skip
_SHORT = 2  # lines a short field (names, phone) may keep when the form is cut
_LOGO_ROWS = range(3, 7)  # rows whose last two columns hold the merged logo cell
_CONTINUED_COLS = (_COLS[0], TEXT_WIDTH_MM - _COLS[0])


@dataclass(frozen=True, kw_only=True)
class RegistrationFormData:
    """Everything printed on one registration form; empty strings print as blanks.

    Attributes:
        unit_name: The applying organisation (申报单位).
        parent_unit: Its parent organisation (上级党组织).
        secretary: Party secretary (书记).
        contact_person: Contact person (联系人).
        phone: Phone number, masked or not as the caller decides.
        member_count: Number of members, None if unknown.
        brand_name: Brand name (品牌名称).
        brand_level: Level named or applied for (市级, 区级, …).
        logo_image: Logo picture (PNG or JPEG bytes), or None.
        logo_text: The logo in words, or its explanation.
        theme: Theme (品牌主题).
        slogan: Slogan (品牌口号).
        connotation: Connotation (品牌内涵).
        concept: Concept (品牌理念).
        carriers: Carriers (创建载体) as (name, description) pairs.
        service_items: Services (服务内容).
        service_site: Service site (服务地点).
        objectives: Objectives (目标要求).
        measures: Measures (创建措施).
        role_played: How the organisation and its members play their role (作用发挥).
        year: Year of the application.
        office_name: The street or town office issuing the form.
    """

    unit_name: str
    parent_unit: str = ""
    secretary: str = ""
    contact_person: str = ""
    phone: str = ""
    member_count: int | None = None
    brand_name: str
    brand_level: str = ""
    logo_image: bytes | None = None
    logo_text: str = ""
    theme: str = ""
    slogan: str = ""
    connotation: str = ""
    concept: str = ""
    carriers: tuple[tuple[str, str], ...] = ()
    service_items: tuple[str, ...] = ()
    service_site: str = ""
    objectives: str = ""
    measures: str = ""
    role_played: str = ""
    year: int
    office_name: str = ""


@dataclass(frozen=True)
class FormCheck:
    """What the clerk must hear about one form before printing it.

    Attributes:
        brand_name: The brand.
        overflow: Fields too long for their box, continued on the 续页.
        empty: Required fields left blank (:data:`REQUIRED`).
    """

    brand_name: str
    overflow: tuple[str, ...] = ()
    empty: tuple[str, ...] = ()

    def message(self) -> str:
        """One line for the clerk, empty when there is nothing to say."""
        parts = []
        if self.overflow:
            parts.append(f"{'、'.join(self.overflow)}篇幅较长，全文接续在续页")
        if self.empty:
            parts.append(f"未填写{'、'.join(self.empty)}")
        return f"{self.brand_name}：{'；'.join(parts)}。" if parts else ""


def check_messages(checks: Iterable[FormCheck]) -> list[str]:
    """Return the lines to show before printing, one per form that needs attention."""
    return [m for m in (c.message() for c in checks) if m]


def write_registration_form(
    data: RegistrationFormData, path: Path | str, fonts: FontSet = GB2312_FONTS
) -> FormCheck:
    """Write one registration form (with its 续页 when needed) to a .docx file.

    Raises:
        StorageError: The file cannot be written.
    """
    return write_registration_forms([data], path, fonts)[0]


def write_registration_forms(
    items: Iterable[RegistrationFormData], path: Path | str, fonts: FontSet = GB2312_FONTS
) -> list[FormCheck]:
    """Write several registration forms into one .docx file, each from a new page.

    Returns:
        For each form, the fields continued on its 续页 and the required ones left blank.

    Raises:
        ValueError: ``items`` is empty.
        StorageError: The file cannot be written.
    """
    doc = ReportDocument(fonts, page_numbers=False, line_grid=False)
    checks = []
    for i, data in enumerate(items):
        if i:
            doc.page_break()
        checks.append(add_registration_form(doc, data))
    if not checks:
        raise ValueError("no registration forms to write")
    doc.save(path)
    return checks


def add_registration_form(doc: ReportDocument, data: RegistrationFormData) -> FormCheck:
    """Append one form to ``doc`` (which should have no line grid and no page numbers).

    The first page holds the whole table; texts too long for it continue on a 续页.

    Returns:
        The fields continued on the 续页 and the required fields left blank.
    """
    fonts = doc.fonts
    doc.add_text(
        FORM_TITLE, font=fonts.title, size_pt=SIZE_2, bold=fonts.title_bold,
        align="center", line_pt=_TITLE_LINE_PT, grid=False,
    )  # fmt: skip
    meta = f"申报年度：{data.year}年" + (f"\t{data.office_name}制" if data.office_name else "")
    p = doc.add_text(
        meta, font=fonts.body, size_pt=SIZE_S4, align="left", line_pt=_META_LINE_PT, grid=False
    )
    p.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)

    specs = _row_specs(data)
    fit_input = [
        FitRow(tuple(FitCell(_span_mm(c, s), t, n) for c, s, t, n in cells), cap)
        for cells, cap in specs
    ]
    # The line for the note under the table is only needed when something is cut.
    fit = fit_rows(fit_input, _SIZES, _BUDGET_PT + _NOTE_LINE_PT, _PAD_MM, CONTINUED)
    if fit.cut:
        fit = fit_rows(fit_input, _SIZES, _BUDGET_PT, _PAD_MM, CONTINUED)
    size = fit.size
    label = CellStyle(fonts.heading1, size.size_pt, size.line_pt, align="center")
    value = CellStyle(fonts.body, size.size_pt, size.line_pt, align="both")

    air = min(_MAX_AIR_PT, fit.spare_pt / len(specs))
    heights = [h + air for h in fit.heights_pt]
    table = new_table(doc.document, _COLS, cell_pad_mm=_PAD_MM)
    grid_rows = []
    for (cells_spec, _), texts, height in zip(specs, fit.texts, heights, strict=True):
        _, cells = add_row(table, min_height_pt=height)
        for (col, span, _, name), paragraphs in zip(cells_spec, texts, strict=True):
            cell = cells[col] if span == 1 else cells[col].merge(cells[col + span - 1])
            fill_cell(cell, paragraphs, label if name is None else value)
        grid_rows.append(cells)
    first, last = grid_rows[_LOGO_ROWS[0]], grid_rows[_LOGO_ROWS[-1]]
    fill_cell(first[4].merge(last[4]), ["品牌标识"], label)
    logo_height = sum(heights[i] for i in _LOGO_ROWS) - 8
    _put_logo(first[5].merge(last[5]), data, value, logo_height)
    _add_opinion_row(table, label, value, _OPINION_PT + fit.spare_pt - air * len(specs))

    note = CUT_NOTE if fit.cut else ""
    doc.add_text(
        note, font=fonts.heading2, size_pt=SIZE_5, align="left",
        line_pt=_NOTE_LINE_PT if note else 1.0, grid=False,
    )  # fmt: skip
    full = {name: text for cells, _ in specs for _, _, text, name in cells if name}
    if fit.cut:
        _add_continuation(doc, data, [(name, full[name]) for name in fit.cut], value)
    empty = tuple(name for name in REQUIRED if not full.get(name))
    return FormCheck(data.brand_name, tuple(fit.cut), empty)


def _add_continuation(
    doc: ReportDocument,
    data: RegistrationFormData,
    fields: Sequence[tuple[str, tuple[str, ...]]],
    style: CellStyle,
) -> None:
    """Add the 续页: the whole text of every field cut on the form, in the form's type."""
    fonts = doc.fonts
    doc.page_break()
    doc.add_text(
        CONTINUED_TITLE, font=fonts.title, size_pt=SIZE_3, bold=fonts.title_bold,
        align="center", line_pt=_TITLE_LINE_PT, grid=False,
    )  # fmt: skip
    doc.add_text(
        f"申报单位：{data.unit_name}　品牌名称：{data.brand_name}", font=fonts.body,
        size_pt=SIZE_S4, align="left", line_pt=_META_LINE_PT, grid=False,
    )  # fmt: skip
    label = dataclasses.replace(style, font=fonts.heading1, align="center")
    table = new_table(doc.document, _CONTINUED_COLS, cell_pad_mm=_PAD_MM)
    for name, paragraphs in fields:
        # Rows may break across pages: a 1,500-character text is longer than a page.
        _, cells = add_row(table, min_height_pt=style.line_pt * 2, cant_split=False)
        fill_cell(cells[0], [name], label)
        fill_cell(cells[1], list(paragraphs), style)


_Spec = tuple[tuple[tuple[int, int, tuple[str, ...], str | None], ...], int | None]


def _row_specs(data: RegistrationFormData) -> list[_Spec]:
    """The rows of the form: (first column, span, paragraphs, field label or None) per cell."""

    def lab(col: int, text: str, span: int = 1) -> tuple[int, int, tuple[str, ...], None]:
        return (col, span, (text,), None)

    def val(col: int, span: int, name: str, text: str) -> tuple[int, int, tuple[str, ...], str]:
        return (col, span, _paragraphs(text), name)

    count = "" if data.member_count is None else str(data.member_count)
    if any(desc for _, desc in data.carriers):
        carriers = "\n".join(
            f"{i}.{name}：{desc}" if desc else f"{i}.{name}"
            for i, (name, desc) in enumerate(data.carriers, start=1)
        )
    else:  # bare names share one line
        carriers = "、".join(name for name, _ in data.carriers)
    wide = [
        ("品牌内涵", data.connotation),
        ("品牌理念", data.concept),
        ("服务地点", data.service_site),
        ("服务内容", "、".join(data.service_items)),
        ("创建载体", carriers),
        ("目标要求", data.objectives),
        ("创建措施", data.measures),
        ("作用发挥", data.role_played),
    ]
    return [
        ((lab(0, "申报单位"), val(1, 3, "申报单位", data.unit_name),
          lab(4, "党员人数"), val(5, 1, "党员人数", count)), _SHORT),
        ((lab(0, "上级党组织"), val(1, 5, "上级党组织", data.parent_unit)), _SHORT),
        ((lab(0, "党组织书记"), val(1, 1, "党组织书记", data.secretary), lab(2, "联系人"),
          val(3, 1, "联系人", data.contact_person), lab(4, "联系电话"),
          val(5, 1, "联系电话", data.phone)), _SHORT),
        ((lab(0, "品牌名称"), val(1, 1, "品牌名称", data.brand_name), lab(2, "品牌级别"),
          val(3, 1, "品牌级别", data.brand_level)), _SHORT),
        ((lab(0, "品牌主题"), val(1, 3, "品牌主题", data.theme)), None),
        ((lab(0, "品牌口号"), val(1, 3, "品牌口号", data.slogan)), None),
        ((lab(0, "标识释义"), val(1, 3, "标识释义", data.logo_text)), None),
        *[((lab(0, name), val(1, 5, name, text)), None) for name, text in wide],
    ]  # fmt: skip


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _span_mm(col: int, span: int) -> float:
    return sum(_COLS[col : col + span])


def _put_logo(cell: Any, data: RegistrationFormData, style: CellStyle, height_pt: float) -> None:
    """Fit the logo picture into the merged cell, or say that there is none."""
    if data.logo_image is not None:
        p = cell.paragraphs[0]
        ooxml.set_line_spacing(p._p, exact_pt=None)
        ooxml.no_grid_snap(p._p)
        ooxml.set_attrs(ooxml.ppr_child(p._p, "w:jc"), val="center")
        run = p.add_run()
        ooxml.style_run(run._r, style.font, style.size_pt)
        max_w, max_h = Mm(_COLS[5] - 2 * _PAD_MM - 1), int(height_pt * 12700)
        try:
            shape = run.add_picture(io.BytesIO(data.logo_image), width=max_w)
        except Exception:  # python-docx raises many types for bad images
            # A broken logo must not stop a batch of forms; the clerk sees the note.
            run._r.getparent().remove(run._r)
            fill_cell(cell, ["（标识图片无法读取）"], style)
            return
        if shape.height > max_h:
            shape.width, shape.height = int(shape.width * max_h / shape.height), max_h
        set_valign(cell, "center")
        return
    fill_cell(cell, ["（未附图片）"], dataclasses.replace(style, align="center"))


def _add_opinion_row(table: Any, label: CellStyle, value: CellStyle, height_pt: float) -> None:
    """Two boxes for opinions, signature, seal and date, left blank for handwriting."""
    _, cells = add_row(table, min_height_pt=height_pt)
    lines = ["负责人签字：", "（盖章）", "年　　月　　日"]
    aligns: Sequence[Align] = ("left", "right", "right")
    for col, text, box_first, box_last in ((0, "申报单位", 1, 2), (3, "上级党组织", 4, 5)):
        fill_cell(cells[col], [text, "意见"], label)
        fill_cell(cells[box_first].merge(cells[box_last]), lines, value, aligns=aligns,
                  valign="bottom")  # fmt: skip
