"""Reading an untrusted .xlsx: size, zip-bomb and shape checks, then the rows by header."""

from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from brandoffice.errors import CellProblem, KnownError
from brandoffice.excel.cells import as_text, is_blank
from brandoffice.excel.colspec import IGNORED_PREFIX
from brandoffice.excel.columns import (
    CHOICES_SHEET,
    EXCEL_KINDS,
    HELP_SHEET,
    IGNORED_HEADERS,
    ColType,
    Column,
    SheetSpec,
)
from brandoffice.excel.sheetscan import SheetScan, column_number, scan_sheet

MAX_FILE_BYTES = 50 * 1024 * 1024
UNKNOWN_NOTE = "本程序没有这一项，未导入"
MAX_ROWS = 200_000
MAX_COLUMNS = 256
MAX_CELLS = 6_000_000
"""Rows times columns up to the last cell with content: calamine keeps 32 bytes for each."""
MAX_ENTRIES = 5_000
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_RATIO = 250
RATIO_FLOOR = 1024 * 1024
HEADER_SEARCH_ROWS = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCAL_HEADER = b"PK\x03\x04"
_CHUNK = 1024 * 1024
VISIBLE, HIDDEN, VERY_HIDDEN = "visible", "hidden", "veryHidden"
_T = TypeVar("_T")
_REPEATED = (ColType.CHOICE, ColType.ORG)
SAVE_AS = "请在 Excel 或 WPS 中打开后“另存为”Excel 工作簿（.xlsx）再导入"


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One non-empty data row: its Excel row number and raw cells by field."""

    number: int
    cells: dict[str, object]


@dataclass
class SheetData:
    """What was read from the sheet of one kind."""

    header_row: int
    present: list[Column]
    rows: list[SheetRow]
    problems: list[CellProblem] = field(default_factory=list)


def check_file(path: Path) -> None:
    """Refuse a file that is missing, too big, not an .xlsx or a zip bomb, before parsing.

    Raises:
        KnownError: The file cannot be imported; the message says why in Chinese.
    """
    if not path.is_file():
        raise KnownError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise KnownError(f"“{path.name}”是旧版 .xls 文件，{SAVE_AS}")
    if suffix == ".csv":
        raise KnownError(f"“{path.name}”是 CSV 文件，{SAVE_AS}")
    if suffix not in (".xlsx", ".xlsm"):
        raise KnownError(f"只能导入 Excel 工作簿（.xlsx），“{path.name}”不是")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise KnownError(
            f"文件“{path.name}”有 {size / 1048576:.0f} MB，超过 {MAX_FILE_BYTES // 1048576} MB "
            "的上限；请分成几个文件导入"
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == _OLE_MAGIC:
                raise KnownError(f"“{path.name}”是旧版 .xls 或设有打开密码的文件，{SAVE_AS}")
            if not zipfile.is_zipfile(fh):
                raise KnownError(
                    f"“{path.name}”不是有效的 Excel 工作簿（可能是改了扩展名的 CSV "
                    f"或其他文件），{SAVE_AS}"
                )
            _check_zip(fh, path.name)
    except OSError as exc:
        raise KnownError(f"无法读取文件“{path.name}”：{exc.strerror or exc}") from exc


def _check_zip(fh: BinaryIO, name: str) -> None:
    broken = f"“{name}”已损坏，无法作为 Excel 工作簿打开"
    try:
        infos = zipfile.ZipFile(fh).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise KnownError(broken) from exc
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise KnownError(f"“{name}”不是 Excel 工作簿（缺少工作簿内容），{SAVE_AS}")
    if len(infos) > MAX_ENTRIES:
        raise KnownError(f"“{name}”内部文件过多，不像正常的 Excel 工作簿，已拒绝")
    total = 0
    for info in infos:
        declared = info.file_size
        total += declared
        if total > MAX_UNCOMPRESSED:
            raise KnownError(
                f"“{name}”解压后超过 {MAX_UNCOMPRESSED >> 30} GB，已拒绝（疑似压缩炸弹）"
            )
        if declared > RATIO_FLOOR and declared > MAX_RATIO * max(info.compress_size, 1):
            raise KnownError(
                f"“{name}”的压缩比异常（{declared // max(info.compress_size, 1)} 倍），"
                "已拒绝（疑似压缩炸弹）"
            )
        if _inflated_size(fh, info, declared) > declared:
            raise KnownError(f"{broken}（内部文件大小与记录不符）")


def _inflated_size(fh: BinaryIO, info: zipfile.ZipInfo, cap: int) -> int:
    """Inflate one entry counting bytes, stopping once past ``cap`` (headers can lie)."""
    if info.is_dir() or (info.file_size == 0 and info.compress_size == 0):
        return 0
    fh.seek(info.header_offset)
    header = fh.read(30)
    if len(header) < 30 or header[:4] != _LOCAL_HEADER:
        raise KnownError("文件已损坏：压缩结构不完整")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise KnownError("文件使用了 Excel 不用的压缩方式，已拒绝")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    remaining, total = info.compress_size, 0
    try:
        while remaining > 0 and not inflater.eof and total <= cap:
            chunk = fh.read(min(remaining, _CHUNK))
            if not chunk:
                break
            remaining -= len(chunk)
            data = chunk
            while data and total <= cap:
                total += len(inflater.decompress(data, cap - total + 1))
                data = inflater.unconsumed_tail
    except zlib.error as exc:
        raise KnownError("文件已损坏：压缩数据无法解开") from exc
    return total


def normalise_header(value: object) -> str:
    """Return a header cell's text without spaces, asterisks or a 必填/选填 mark."""
    text = unicodedata.normalize("NFKC", as_text(value))
    for mark in ("(必填)", "(选填)", "*", " ", "\n", "\t"):
        text = text.replace(mark, "")
    return text


def read_sheet(path: Path, spec: SheetSpec) -> SheetData:
    """Check and read the sheet of ``spec`` from an .xlsx file, one row at a time.

    Args:
        path: The workbook.
        spec: The kind's columns; its label names the preferred sheet.

    Returns:
        The header row number, the columns present, the non-empty data rows and any
        header problems (unknown, duplicated or missing required columns).

    Raises:
        KnownError: The file is unusable (see :func:`check_file`), its sheet is hidden,
            has formulas without saved results, no header row, or too many rows,
            columns or cells.
    """
    check_file(path)
    import python_calamine  # loaded only when importing

    book = _calamine(path, lambda: python_calamine.CalamineWorkbook.from_path(str(path)))
    with book:
        name = _pick_sheet(_sheet_states(book.sheets_metadata), spec, path.name)
        scan = scan_sheet(path, name)
        _check_extent(scan, name)  # before calamine builds its grid of the sheet
        sheet = _calamine(path, lambda: book.get_sheet_by_name(name))
        end, start = sheet.end, sheet.start
        if end is None or start is None:
            raise KnownError(f"工作表“{name}”是空的")
        if end[1] + 1 > MAX_COLUMNS:
            raise KnownError(f"工作表“{name}”有 {end[1] + 1} 列，超过 {MAX_COLUMNS} 列的上限")
        if end[0] + 1 > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
            raise KnownError(f"数据超过 {MAX_ROWS} 行的上限；请分成几个文件导入")
        return _collect(_rows(sheet, path), spec, name, scan, start[1])


def _calamine(path: Path, call: Callable[[], _T]) -> _T:
    """Run a calamine call; any failure of its native parser means a damaged file."""
    try:
        return call()
    except KnownError:
        raise
    except BaseException as exc:
        # AttributeError/TypeError are the API not matching (a python-calamine too old):
        # a bug to log, never "文件已损坏".
        unexpected = KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError
        if isinstance(exc, unexpected | AttributeError | TypeError):
            raise
        raise KnownError(f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿（{exc}）") from exc


def _rows(sheet: Any, path: Path) -> Iterator[list[Any]]:
    """Yield the sheet's rows from row 1, each from the sheet's first used column."""
    rows = _calamine(path, sheet.iter_rows)
    while True:
        row = _calamine(path, lambda: next(rows, None))
        if row is None:
            return
        yield row  # empty cells come as "", which is_blank() treats as blank


def _collect(
    rows: Iterator[list[Any]], spec: SheetSpec, name: str, scan: SheetScan, lead: int
) -> SheetData:
    """Find the header among the first rows, then keep each non-empty data row's cells.

    ``lead`` is the number of empty columns left of the rows calamine yields.
    """
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    padded: list[list[object]] = [[""] * lead + row for row in head]
    try:
        header_index = _find_header(padded, spec)
    except KnownError:
        if scan.formula_count:  # a header written as formulas is not seen either
            raise KnownError(_bare_formulas(name, scan, {}, 0)) from None
        raise
    header_row = header_index + 1
    header = padded[header_index]
    problems: list[CellProblem] = []
    present = _map_header(header, spec, header_row, problems)
    if scan.formula_count:
        raise KnownError(_bare_formulas(name, scan, present, header_row))
    pairs = [(pos - lead, c.field) for pos, c in present.items() if c.kind not in _REPEATED]
    pooled = [(pos - lead, c.field) for pos, c in present.items() if c.kind in _REPEATED]
    pool: dict[object, object] = {}  # one object for a unit or a choice repeated on every row
    width = max((len(row) for row in head), default=0)
    unnamed = set(range(width)) - {
        pos - lead for pos, v in enumerate(header) if normalise_header(v)
    }
    found: set[int] = set()
    kept: list[SheetRow] = []
    for number, raw in enumerate(chain(head[header_index + 1 :], rows), start=header_row + 1):
        cells = {key: raw[i] for i, key in pairs}
        for i, key in pooled:
            cells[key] = pool.setdefault(raw[i], raw[i])
        if unnamed:
            hits = {i for i in unnamed if raw[i] != "" and not is_blank(raw[i])}
            if hits:
                found |= hits
                unnamed -= hits
        if all(is_blank(v) for v in cells.values()):
            continue
        kept.append(SheetRow(number, cells))
    if len(kept) > MAX_ROWS:
        raise KnownError(f"数据超过 {MAX_ROWS} 行的上限（有 {len(kept)} 行）；请分成几个文件导入")
    for i in sorted(found):
        problems.append(
            CellProblem(
                header_row,
                "表头",
                f"{_column_letter(i + lead + 1)}列",
                "这一列有数据但没有列名；请填写列名或删除该列",
            )
        )
    columns = list(dict.fromkeys(present.values()))
    for column in spec.columns:
        if column.required and column not in columns:
            problems.append(
                CellProblem(header_row, column.header, "", f"缺少必填列“{column.header}”")
            )
    return SheetData(header_row, columns, kept, problems)


def _column_letter(number: int) -> str:
    """Return a column's letters (1 → A); openpyxl loads only here, on this error path.

    Importing ``openpyxl`` loads numpy, Pillow and lxml with it; the window reaches this
    module through the record forms, which must not pay for them on every start.
    """
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(number))


def _check_extent(scan: SheetScan, name: str) -> None:
    """Refuse a sheet whose cells reach too far, before calamine allocates its grid."""
    far = f"（最右边有内容的单元格如 {scan.far_cell}）" if scan.far_cell else ""
    if scan.columns > MAX_COLUMNS:
        raise KnownError(f"工作表“{name}”有 {scan.columns} 列，超过 {MAX_COLUMNS} 列的上限{far}")
    if scan.rows > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
        raise KnownError(f"数据超过 {MAX_ROWS} 行的上限；请分成几个文件导入")
    if scan.rows * scan.columns > MAX_CELLS:
        raise KnownError(
            f"工作表“{name}”的数据区域太大：有内容的单元格到第 {scan.rows} 行、"
            f"{_column_letter(scan.columns)} 列{far}，共约 {scan.rows * scan.columns // 10000} "
            f"万格，超过 {MAX_CELLS // 10000} 万格的上限。请删除表格右侧多余的列（整列删除，"
            "不要只清除内容）后再导入"
        )


def _bare_formulas(name: str, scan: SheetScan, present: dict[int, Column], header_row: int) -> str:
    """Say which formula cells were saved without their results."""
    shown = [_cell_name(ref, present, header_row) for ref in scan.formulas]
    fix = "请在 Excel 或 WPS 中打开并保存后再导入"
    if scan.formula_count == 1:
        joint = "" if shown[0].startswith("第") else "的 "
        return f"工作表“{name}”{joint}{shown[0]}是公式，但文件里没有保存计算结果：{fix}"
    return (
        f"工作表“{name}”有 {scan.formula_count} 个公式单元格没有保存计算结果"
        f"（如 {'、'.join(shown)}）：{fix}"
    )


def _cell_name(ref: str, present: dict[int, Column], header_row: int) -> str:
    """Name a cell by row and column header ("第5行“身份证号”列（E5）") when it has one."""
    found = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if found is None:
        return "一个单元格"
    column = present.get(column_number(found.group(1)) - 1)
    row = int(found.group(2))
    if column is None or row <= header_row:
        return f"{ref} 单元格"
    return f"第{row}行“{column.header}”列（{ref}）"


def _sheet_states(sheets: list[Any]) -> list[tuple[str, str]]:
    """Return each worksheet's name and visibility (chart and macro sheets left out)."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    def state(visible: Any) -> str:
        if visible == SheetVisibleEnum.Hidden:
            return HIDDEN
        return VERY_HIDDEN if visible == SheetVisibleEnum.VeryHidden else VISIBLE

    return [(s.name, state(s.visible)) for s in sheets if s.typ == SheetTypeEnum.WorkSheet]


def _pick_sheet(sheets: list[tuple[str, str]], spec: SheetSpec, filename: str) -> str:
    """Choose the sheet to import: the kind's own, else the first visible data sheet."""
    state = dict(sheets)
    if spec.label in state:
        _refuse_hidden(spec.label, state[spec.label])
        return spec.label
    visible = [n for n, s in sheets if s == VISIBLE]
    others = [
        label for kind, label in EXCEL_KINDS.items() if kind != spec.kind and label in visible
    ]
    if others:
        raise KnownError(
            f"“{filename}”是“{others[0]}”表，不是“{spec.label}”表；请选择正确的导入种类"
        )
    data_sheets = [n for n, _s in sheets if n not in (HELP_SHEET, CHOICES_SHEET)]
    if not data_sheets:
        raise KnownError(f"“{filename}”中没有数据工作表")
    shown = [n for n in data_sheets if state[n] == VISIBLE]
    if not shown:
        _refuse_hidden(data_sheets[0], state[data_sheets[0]])
    return shown[0]


def _refuse_hidden(name: str, state: str) -> None:
    """Refuse a sheet the clerk cannot see in Excel or WPS."""
    if state == HIDDEN:
        raise KnownError(
            f"工作表“{name}”是隐藏的，在 Excel/WPS 中看不到；为免导入看不见的数据，已拒绝。"
            "请在 Excel/WPS 中右键工作表标签选“取消隐藏”，核对内容并保存后再导入"
        )
    if state == VERY_HIDDEN:
        raise KnownError(
            f"工作表“{name}”被设为“深度隐藏”，在 Excel/WPS 中看不到，也不能直接取消隐藏；"
            "为免导入看不见的数据，已拒绝。请把要导入的数据复制到一个可见的工作表中再导入"
        )


def _find_header(grid: list[list[object]], spec: SheetSpec) -> int:
    known = spec.by_header()
    best, best_hits = -1, 0
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if normalise_header(v) in known)
        if hits > best_hits:
            best, best_hits = index, hits
    if best < 0:
        expected = "、".join(c.header for c in spec.columns[:6])
        raise KnownError(
            f"找不到表头：应有“{expected}……”等列名。可用 brandoffice template "
            f"{spec.kind} 生成模板后填写"
        )
    return best


def _map_header(
    header: list[object], spec: SheetSpec, header_row: int, problems: list[CellProblem]
) -> dict[int, Column]:
    known = spec.by_header()
    present: dict[int, Column] = {}
    seen: dict[str, int] = {}
    unknown: list[str] = []
    for pos, value in enumerate(header):
        name = normalise_header(value)
        if not name or name in IGNORED_HEADERS:
            continue
        column = known.get(name)
        if column is None:
            near = get_close_matches(name, [c.header for c in spec.columns], n=1, cutoff=0.6)
            if near:  # a mistyped column: importing without it would lose what it holds
                unknown.append(f"{name}（是否应为“{near[0]}”？）")
                continue
            column = Column(name, IGNORED_PREFIX + name, ColType.IGNORED, hint=UNKNOWN_NOTE)
        if column.ignored and column.field in seen:
            continue  # the same extra column twice: both are left out
        if column.field in seen:
            problems.append(
                CellProblem(
                    header_row,
                    column.header,
                    as_text(value),
                    f"第 {seen[column.field] + 1} 列和第 {pos + 1} 列都是“"
                    f"{column.header}”，请只保留一列",
                )
            )
        else:
            seen[column.field] = pos
            present[pos] = column
    if unknown:
        allowed = "、".join(c.header for c in spec.columns)
        problems.append(
            CellProblem(
                header_row,
                "表头",
                "、".join(unknown),
                f"列名与模板中的列相近但不一致，请改为模板中的列名（{allowed}）",
            )
        )
    return present
