"""Writing a sheet with openpyxl (normal mode): headers, 可选值 dropdowns, 说明, safe save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from brandoffice.errors import StorageError
from brandoffice.excel.cells import carriers_text, join_list, money_value
from brandoffice.excel.columns import CHOICES_SHEET, HELP_SHEET, ColType, Column, SheetSpec
from brandoffice.excel.dates import HOW_TO_WRITE
from brandoffice.excel.reader import MAX_ROWS
from brandoffice.excel.rowcheck import Ticker, paused_gc
from brandoffice.filesave import save_file
from brandoffice.safety.auditcopies import stamp_workbook
from brandoffice.safety.auditkey import Anchor
from brandoffice.text_safety import looks_like_formula, neutralise, printable

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "0.00"
TEXT_FORMAT = "@"
LAST_ROW = 1_048_576
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_REQUIRED = Font(bold=True, color="C00000")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TEXT_TYPES = (ColType.ID_NUMBER, ColType.PHONE, ColType.UID)
_GREY = Font(color="808080")
_TEXT_CELLS = (ColType.ID_NUMBER,)  # typed over, an ID number must not become a number
EXAMPLE_NOTE = "示例行：导入前请删除，或直接改成真实数据"


def cell_value(column: Column, value: Any) -> Any:
    """Return what goes into a cell for a field value."""
    if value is None or value == []:
        return None
    if isinstance(value, str):
        return printable(value)
    kind = column.kind
    if kind is ColType.BOOL:
        return "是" if value else "否"
    if kind is ColType.LIST:
        return cell_value(column, join_list([str(v) for v in value]))
    if kind is ColType.CARRIERS:
        return cell_value(column, carriers_text(value))
    if kind is ColType.LINES:
        return cell_value(column, "\n".join(str(v) for v in value))
    if kind is ColType.MONEY:
        return money_value(int(value))
    if kind is ColType.FLOAT and float(value).is_integer():
        return int(value)
    return value


def write_sheet(
    path: Path,
    spec: SheetSpec,
    records: Sequence[dict[str, Any]],
    *,
    example: bool = False,
    ticker: Ticker | None = None,
    revealed: bool = False,
    anchor: Anchor | None = None,
) -> None:
    """Write records (or the template's example row) in the sheet's columns to ``path``.

    Args:
        path: The .xlsx file; written under a temporary name, then renamed.
        spec: The kind's columns.
        records: One dict per row, keyed by field.
        example: Mark the single row as the template's example.
        ticker: Counts one unit per row written.
        revealed: The rows hold personal numbers in full (the clerk asked for them).
        anchor: The audit log's signed anchor, kept in a custom document property.

    Raises:
        StorageError: The file cannot be written (folder missing, file open in Excel…).
    """
    with paused_gc():
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = spec.label
        _header(sheet, spec)
        _rows(sheet, spec, records, ticker)
        if example and records:
            sheet.cell(row=2, column=1).comment = Comment(EXAMPLE_NOTE, "党建品牌工作台")
        _help_sheet(book.create_sheet(HELP_SHEET), spec)
        choices = book.create_sheet(CHOICES_SHEET)
        _choices(sheet, choices, spec)
        # Marks what the file is, so the after-suite scan (tests/scan_personal_data.py)
        # can hold every masked export to its promise.
        book.properties.creator = "党建品牌工作台"
        book.properties.keywords = "BrandOffice:" + (
            "template" if example else "revealed" if revealed else "masked"
        )
        stamp_workbook(book, anchor)
        _save(book, path)


def _header(sheet: Worksheet, spec: SheetSpec) -> None:
    sheet.append([c.header for c in spec.columns])
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = _REQUIRED if column.required else _BOLD
        cell.fill = _HEADER_FILL
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width + 2
        if column.kind is ColType.DATE:
            dimension.number_format = DATE_FORMAT
        elif column.kind is ColType.MONEY:
            dimension.number_format = MONEY_FORMAT
        elif column.kind in _TEXT_TYPES:
            dimension.number_format = TEXT_FORMAT
        if column.kind is ColType.UID:
            dimension.hidden = True  # carried along by a reimport, out of the clerk's way
            dimension.font = _GREY
    sheet.freeze_panes = "A2"


def _rows(
    sheet: Worksheet, spec: SheetSpec, records: Sequence[dict[str, Any]], ticker: Ticker | None
) -> None:
    columns = spec.columns
    dates = [i for i, c in enumerate(columns, start=1) if c.kind is ColType.DATE]
    money = [i for i, c in enumerate(columns, start=1) if c.kind is ColType.MONEY]
    texts = [i for i, c in enumerate(columns, start=1) if c.kind in _TEXT_CELLS]
    for number, record in enumerate(records, start=2):
        values = [cell_value(c, record.get(c.field)) for c in columns]
        sheet.append(values)
        for index, value in enumerate(values, start=1):
            if looks_like_formula(value) or (isinstance(value, str) and "\n" in value):
                cell = sheet.cell(row=number, column=index)
                neutralise(cell)  # text that looks like a formula stays text
                if "\n" in value:
                    cell.alignment = _WRAP
        for index in dates:
            if isinstance(values[index - 1], dt.date):
                sheet.cell(row=number, column=index).number_format = DATE_FORMAT
        for index in texts:
            sheet.cell(row=number, column=index).number_format = TEXT_FORMAT
        for index in money:
            if values[index - 1] is not None:
                sheet.cell(row=number, column=index).number_format = MONEY_FORMAT
        if ticker is not None:
            ticker.tick()


def _choices(sheet: Worksheet, choices: Worksheet, spec: SheetSpec) -> None:
    """List each column's allowed values and add dropdowns that point at them."""
    target = 0
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        if column.kind is ColType.BOOL:
            _dropdown(sheet, column, '"是,否"', cells)
            continue
        if column.kind is ColType.UID:
            _guard_uid(sheet, column, cells)
            continue
        if column.choices is None:
            continue
        target += 1
        values = [m.value for m in column.choices]
        choices.cell(row=1, column=target, value=column.header).font = _BOLD
        for row, value in enumerate(values, start=2):
            choices.cell(row=row, column=target, value=value)
        choices.column_dimensions[get_column_letter(target)].width = max(column.width, 12)
        if column.kind is ColType.CHOICE:
            source = get_column_letter(target)
            formula = f"'{CHOICES_SHEET}'!${source}$2:${source}${len(values) + 1}"
            _dropdown(sheet, column, formula, cells)
    for title, enum in spec.references:
        target += 1
        choices.cell(row=1, column=target, value=title).font = _BOLD
        for row, member in enumerate(enum, start=2):
            choices.cell(row=row, column=target, value=member.value)
        choices.column_dimensions[get_column_letter(target)].width = 12
    choices.freeze_panes = "A2"


def _dropdown(sheet: Worksheet, column: Column, formula: str, cells: str) -> None:
    _check(
        sheet,
        cells,
        "无效的值",
        f"请从下拉列表中选择“{column.header}”",
        type="list",
        formula1=formula,
    )


def _guard_uid(sheet: Worksheet, column: Column, cells: str) -> None:
    """Make Excel refuse typing anything but a 36-character identity into the uid column."""
    error = f"“{column.header}”由导出写入，请勿修改；新记录留空"
    _check(sheet, cells, "请勿修改", error, type="textLength", operator="equal", formula1="36")


def _check(sheet: Worksheet, cells: str, title: str, error: str, **rule: str) -> None:
    """Add an Excel data validation that stops a wrong entry with ``title`` and ``error``."""
    check = DataValidation(
        **rule,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=title,
        error=error,
    )
    check.add(cells)
    sheet.add_data_validation(check)


def _help_sheet(sheet: Worksheet, spec: SheetSpec) -> None:
    lines = [
        (f"{spec.label}导入说明", ""),
        (spec.intro, ""),
        ("红色列名为必填列；列的顺序可以调整；列名可用下表“也认作”中的常见写法。", ""),
        (f"整张表全部正确才会导入，有错时一行也不导入并逐格列出问题；最多 {MAX_ROWS} 行。", ""),
        (f"日期{HOW_TO_WRITE}；多项用“、”分隔，或每项一行。", ""),
        ("", ""),
        ("列名", "填写说明"),
    ]
    heading = len(lines)
    for column in spec.columns:
        kind = column.kind.value
        if column.kind is ColType.CHOICE:
            kind = "从下拉列表选择（见“可选值”表）"
        elif column.kind is ColType.LIST and column.choices is not None:
            kind = "多项，取自“可选值”表"
        need = "必填" if column.required else "选填"
        also = "也认作：" + "、".join(column.aliases) if column.aliases else ""
        lines.append((column.header, "；".join(p for p in (need, kind, column.hint, also) if p)))
    if spec.ignored:
        skipped = "、".join(name for name, _why in spec.ignored)
        lines.append(("", ""))
        lines.append(("略过的列", f"表中有这些列时不导入，也不算错：{skipped}"))
    for row in lines:
        sheet.append(list(row))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for cell in sheet[heading]:
        cell.font = _BOLD
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90


def _save(book: Workbook, path: Path) -> None:
    if not path.parent.is_dir():
        raise StorageError(f"文件夹不存在：{path.parent}")
    save_file(book.save, path)
