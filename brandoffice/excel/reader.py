"""Reading an untrusted .xlsx: size, zip-bomb and shape checks, then the rows by header."""

from __future__ import annotations

import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl.utils import get_column_letter

from brandoffice.errors import CellProblem, KnownError
from brandoffice.excel.cells import as_text, is_blank
from brandoffice.excel.columns import (
    CHOICES_SHEET,
    EXCEL_KINDS,
    HELP_SHEET,
    IGNORED_HEADERS,
    Column,
    SheetSpec,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 256
MAX_ENTRIES = 5_000
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_RATIO = 250
RATIO_FLOOR = 1024 * 1024
HEADER_SEARCH_ROWS = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCAL_HEADER = b"PK\x03\x04"
_CHUNK = 1024 * 1024
SAVE_AS = "请在 Excel 或 WPS 中打开后“另存为”Excel 工作簿（.xlsx）再导入"


@dataclass(frozen=True)
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
    """Check and read the sheet of ``spec`` from an .xlsx file.

    Args:
        path: The workbook.
        spec: The kind's columns; its label names the preferred sheet.

    Returns:
        The header row number, the columns present, the non-empty data rows and any
        header problems (unknown, duplicated or missing required columns).

    Raises:
        KnownError: The file is unusable (see :func:`check_file`), has no header row,
            or too many rows or columns.
    """
    check_file(path)
    grid = _load_grid(path, spec)
    header_index = _find_header(grid, spec)
    header_row = header_index + 1
    problems: list[CellProblem] = []
    present = _map_header(grid[header_index], spec, header_row, problems)
    rows = []
    for index in range(header_index + 1, len(grid)):
        raw = grid[index]
        cells = {column.field: raw[pos] for pos, column in present.items() if pos < len(raw)}
        if all(is_blank(v) for v in cells.values()):
            continue
        rows.append(SheetRow(index + 1, cells))
    if len(rows) > MAX_ROWS:
        raise KnownError(f"数据超过 {MAX_ROWS} 行的上限（有 {len(rows)} 行）；请分成几个文件导入")
    _unnamed_data(grid, header_index, header_row, present, problems)
    columns = list(dict.fromkeys(present.values()))
    for column in spec.columns:
        if column.required and column not in columns:
            problems.append(
                CellProblem(header_row, column.header, "", f"缺少必填列“{column.header}”")
            )
    return SheetData(header_row, columns, rows, problems)


def _unnamed_data(
    grid: list[list[object]],
    header_index: int,
    header_row: int,
    present: dict[int, Column],
    problems: list[CellProblem],
) -> None:
    """Report columns that hold data under an empty header (their data would be lost)."""
    header = grid[header_index]
    width = max((len(r) for r in grid), default=0)
    for pos in range(width):
        if pos in present or (pos < len(header) and normalise_header(header[pos])):
            continue
        if any(pos < len(r) and not is_blank(r[pos]) for r in grid[header_index + 1 :]):
            problems.append(
                CellProblem(
                    header_row,
                    "表头",
                    f"{get_column_letter(pos + 1)}列",
                    "这一列有数据但没有列名；请填写列名或删除该列",
                )
            )


def _load_grid(path: Path, spec: SheetSpec) -> list[list[object]]:
    import python_calamine  # loaded only when importing

    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            sheet = book.get_sheet_by_name(_pick_sheet(book.sheet_names, spec, path.name))
            end = sheet.end
            if end is None:
                raise KnownError(f"工作表“{sheet.name}”是空的")
            if end[1] + 1 > MAX_COLUMNS:
                raise KnownError(
                    f"工作表“{sheet.name}”有 {end[1] + 1} 列，超过 {MAX_COLUMNS} 列的上限"
                )
            cap = MAX_ROWS + HEADER_SEARCH_ROWS + 1
            if end[0] + 1 > cap:
                raise KnownError(f"数据超过 {MAX_ROWS} 行的上限；请分成几个文件导入")
            grid: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=cap)
    except KnownError:
        raise
    except BaseException as exc:
        # calamine parses untrusted bytes natively; any failure there means a bad file.
        # AttributeError/TypeError are the API not matching (a python-calamine too old):
        # a bug to log, never "文件已损坏".
        if isinstance(
            exc,
            KeyboardInterrupt
            | SystemExit
            | GeneratorExit
            | MemoryError
            | AttributeError
            | TypeError,
        ):
            raise
        raise KnownError(f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿（{exc}）") from exc
    return grid  # empty cells come as "", which is_blank() treats as blank


def _pick_sheet(names: list[str], spec: SheetSpec, filename: str) -> str:
    if spec.label in names:
        return spec.label
    others = [label for kind, label in EXCEL_KINDS.items() if kind != spec.kind and label in names]
    if others:
        raise KnownError(
            f"“{filename}”是“{others[0]}”表，不是“{spec.label}”表；请选择正确的导入种类"
        )
    data_sheets = [n for n in names if n not in (HELP_SHEET, CHOICES_SHEET)]
    if not data_sheets:
        raise KnownError(f"“{filename}”中没有数据工作表")
    return data_sheets[0]


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
            unknown.append(name)
        elif column.field in seen:
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
                f"无法识别的列，请删除或改为模板中的列名（{allowed}）",
            )
        )
    return present
