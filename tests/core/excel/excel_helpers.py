"""Helpers of the Excel tests: sheets written the way Excel writes them, snapshots, IDs."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from brandoffice.idcard import make_id_number
from brandoffice.model import Base
from brandoffice.services.context import AppContext

SKIPPED_TABLES = {"audit_log"}
TASKS_HEADER = ["创建活动", "年度", "阶段", "阶段开始", "阶段结束", "任务", "截止日期"]
# The first task of the 2026 campaign, in the first phase, as a row under TASKS_HEADER.
LEADING_GROUP_TASK = [
    "2026年创建活动",
    2026,
    "动员部署",
    "2026-3-1",
    "2026-5-31",
    "成立领导小组",
    "2026-3-31",
]


def write_xlsx(
    path: Path,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    above: Iterable[Sequence[Any]] = (),
) -> Path:
    """Write a workbook with openpyxl in normal mode (as Excel does, with a dimension)."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for line in above:
        ws.append(list(line))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def write_tasks(path: Path, *more: Sequence[Any]) -> Path:
    """Write a tasks sheet of :data:`LEADING_GROUP_TASK` and the ``more`` rows after it."""
    return write_xlsx(path, TASKS_HEADER, [LEADING_GROUP_TASK, *more])


def rewrite_sheet(source: Path, target: Path, change: Callable[[str], str]) -> Path:
    """Copy the workbook ``source`` to ``target`` with its first sheet's XML passed through ``change``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            dst.writestr(info, data, zipfile.ZIP_DEFLATED)
    return target


def snapshot(ctx: AppContext) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every table but the audit log, to compare before and after."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ctx.db.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            query = select(table).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(r) for r in s.execute(query)]
    return out


def id_number(sequence: int, born: dt.date = dt.date(1985, 3, 12)) -> str:
    """A valid fictitious ID number."""
    return make_id_number("330106", born, sequence)


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


def write_big_xlsx(
    path: Path, sheet: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Path:
    """Write a large sheet quickly, laid out as Excel lays it out.

    Shared strings, a ``dimension`` element and real date cells (serial numbers with a
    date format); openpyxl takes 5 s for 50,000 rows, this a fraction of it.
    """
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i + 1) for i in range(len(header))]
    strings: dict[str, int] = {}

    def cell(ref: str, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return f'<c r="{ref}" s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(str(value), len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    lines = []
    for number, row in enumerate([header, *rows], start=1):
        body = "".join(cell(f"{letters[i]}{number}", v) for i, v in enumerate(row))
        lines.append(f'<row r="{number}">{body}</row>')
    last = f"{letters[-1]}{len(rows) + 1}"
    sheet_xml = (
        f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/>'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    files = {
        "[Content_Types].xml": (
            f'<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{_MAIN}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path
