"""A cheap streaming pass over one sheet's XML before calamine loads it.

Calamine holds a sheet as a dense grid (32 bytes a cell from A1 to the last cell), so
one stray value in column IV of a 190,000-row sheet costs 1.5 GB. This pass finds the
extent first, and the formula cells saved without a result (calamine reads them as
empty). It inflates the part in chunks and searches the bytes with one regular
expression that matches only what a normal sheet rarely has: a formula, a column of
two or more letters, a row number of six digits, a cell or row without a leading ``r``.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from defusedxml import ElementTree

from brandoffice.errors import KnownError

_CHUNK = 128 * 1024
"""Bytes searched in one call: a regular expression holds every thread (the window's event
loop too) while it runs; a megabyte took 40 ms, and over 100 ms on a busy PC."""
MAX_CARRY = 64 * 1024 * 1024
NARROW = 26
"""Columns A to Z: the width assumed when no cell has a column of two letters or more."""
FORMULAS_KEPT = 5
_ROW_R = re.compile(rb'\br="(\d+)"')
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")
_OFFICE_DOC = "/officeDocument"


@dataclass
class SheetScan:
    """What the pass found: the extent of cells with content and the bare formulas.

    Attributes:
        rows: Upper bound of the last row with content (1-based).
        columns: Upper bound of the last column with content (1-based).
        far_cell: A cell in the last column, when past Z.
        formulas: The first formula cells without a saved result, as "E5".
        formula_count: How many formula cells have no saved result.
    """

    rows: int = 0
    columns: int = NARROW
    far_cell: str = ""
    formulas: list[str] = field(default_factory=list)
    formula_count: int = 0
    irregular: bool = False


def column_number(letters: str) -> int:
    """Return the 1-based number of a column's letters ("A" is 1, "AA" is 27)."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def scan_sheet(path: Path, sheet_name: str) -> SheetScan:
    """Scan the sheet named ``sheet_name`` of an .xlsx file (already checked by check_file).

    Raises:
        KnownError: The workbook's structure does not lead to the sheet.
    """
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet_name)
        if part is None:
            raise KnownError(f"“{path.name}”已损坏：找不到工作表“{sheet_name}”的内容")
        scanner = _Scanner()
        with archive.open(part) as stream:
            for segment in _segments(stream, scanner, path.name):
                scanner.feed(segment)
        if scanner.result.irregular:
            walker = _Walker()
            with archive.open(part) as stream:
                for segment in _segments(stream, scanner, path.name):
                    walker.feed(segment)
            walker.finish(scanner.result)
    return scanner.result


def _segments(stream: IO[bytes], scanner: _Scanner, filename: str) -> Iterator[bytes]:
    """Yield the part in runs that end after a whole cell or row."""
    carry = b""
    while True:
        chunk = stream.read(_CHUNK)
        data = carry + chunk
        cut = len(data) if not chunk else scanner.boundary(data)
        if cut < 0:
            if len(data) > MAX_CARRY:
                raise KnownError(f"“{filename}”的工作表结构异常，不像正常的 Excel 工作簿")
            carry = data
            continue
        yield data[:cut]
        carry = data[cut:]
        if not chunk:
            return


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """Return the zip member of a sheet, through the package and workbook relationships."""
    names = set(archive.namelist())
    book = _target(archive, "_rels/.rels", _OFFICE_DOC, names) or "xl/workbook.xml"
    if book not in names:
        return None
    rel_id = None
    for element in ElementTree.fromstring(archive.read(book)).iter():
        if element.tag.endswith("}sheet") and element.get("name") == sheet_name:
            rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            break
    if rel_id is None:
        return None
    folder, leaf = posixpath.split(book)
    return _target(archive, posixpath.join(folder, "_rels", leaf + ".rels"), rel_id, names)


def _target(archive: zipfile.ZipFile, rels: str, wanted: str, names: set[str]) -> str | None:
    """Return the member a relationship points to, by its id or by the end of its type."""
    if rels not in names:
        return None
    base = posixpath.dirname(posixpath.dirname(rels))
    for element in ElementTree.fromstring(archive.read(rels)).iter():
        if not element.tag.endswith("}Relationship"):
            continue
        if element.get("Id") != wanted and not element.get("Type", "").endswith(wanted):
            continue
        target = element.get("Target", "")
        joined = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        return posixpath.normpath(joined)
    return None


class _Scanner:
    """Feeds whole cells to the search and keeps what it found."""

    def __init__(self) -> None:
        self.result = SheetScan()
        self._prefix: bytes | None = None
        self._pattern: re.Pattern[bytes] = re.compile(b"")
        self._ends: tuple[bytes, bytes] = (b"", b"")
        self._values: tuple[bytes, bytes] = (b"", b"")

    def boundary(self, data: bytes) -> int:
        """Return where the last complete cell or row of ``data`` ends, or -1."""
        if self._prefix is None:
            found = _ROOT.search(data)
            if found is None:
                return -1 if len(data) < _CHUNK else len(data)
            self._start(found.group(1) or b"")
        cuts = [(data.rfind(end), len(end)) for end in self._ends]
        return max((at + size for at, size in cuts if at >= 0), default=-1)

    def _start(self, prefix: bytes) -> None:
        self._prefix = prefix
        p = re.escape(prefix)
        self._pattern = re.compile(
            b"<" + p + rb"(?:(f)[\s>/]|c r=\"([A-Z]{2,3})\d|(c)(?:[>/]|\s(?!r=))"
            rb"|row r=\"(\d{6,})\"|(row)(?:[>/]|\s(?!r=)))"
        )
        self._ends = (b"</" + prefix + b"c>", b"</" + prefix + b"row>")
        self._values = (b"</" + prefix + b"v>", b"</" + prefix + b"is>")

    def feed(self, data: bytes) -> None:
        """Search one run of whole cells."""
        if self._prefix is None:
            self._start(b"")
        result = self.result
        for hit in self._pattern.finditer(data):
            formula, wide, bare_cell, big_row, bare_row = hit.groups()
            if formula:
                self._formula(data, hit.start())
            elif wide:
                self._wide(data, hit.start())
            elif big_row:
                if int(big_row) > result.rows and self._has_content(data, hit.start()):
                    result.rows = int(big_row)
            elif bare_cell or bare_row:
                result.irregular = True
        prefix = self._prefix or b""
        content = max(data.rfind(end) for end in self._values)
        last = data.rfind(b"<" + prefix + b'row r="', 0, max(content, 0))
        if content >= 0 and last >= 0:
            found = _ROW_R.match(data, last + len(prefix) + 5)
            if found is not None:
                result.rows = max(result.rows, int(found.group(1)))

    def _has_content(self, data: bytes, start: int) -> bool:
        """Tell whether the row starting at ``start`` has a cell with a value."""
        if _self_closing(data, start):
            return False
        end = data.find(self._ends[1], start)
        row = data[start : end if end >= 0 else len(data)]
        return any(value in row for value in self._values)

    def _wide(self, data: bytes, start: int) -> None:
        if _self_closing(data, start) or data.startswith(b"</", data.find(b">", start) + 1):
            return  # a formatted cell without content: calamine leaves it out
        ref = _REF.search(data, start)
        if ref is None:
            return
        number = column_number(ref.group(1).decode())
        if number > self.result.columns or not self.result.far_cell:
            self.result.columns = max(number, self.result.columns)
            self.result.far_cell = (ref.group(1) + ref.group(2)).decode()

    def _formula(self, data: bytes, start: int) -> None:
        assert self._prefix is not None
        cell = data.rfind(b"<" + self._prefix + b"c ", 0, start)
        head_end = data.find(b">", cell)
        end = data.find(b"</" + self._prefix + b"c>", start)
        if cell < 0 or head_end < 0:
            return
        head = data[cell:head_end]
        body = data[start : end if end >= 0 else len(data)]
        value = re.search(rb"<(?:\w+:)?v>([^<]*)</", body)
        if value is not None and (value.group(1) or b't="str"' in head):
            return  # a saved result (an empty text result is still a result)
        result = self.result
        result.formula_count += 1
        if len(result.formulas) < FORMULAS_KEPT:
            ref = _REF.search(head)
            result.formulas.append((ref.group(1) + ref.group(2)).decode() if ref else "")


def _self_closing(data: bytes, start: int) -> bool:
    end = data.find(b">", start)
    return end > 0 and data[end - 1 : end] == b"/"


_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s>/])([^>]*?)(/?)>")


class _Walker:
    """Follows every row and cell of a sheet written without ``r`` on some (slow, rare)."""

    def __init__(self) -> None:
        self.row = self.col = self.rows = self.columns = 0

    def feed(self, data: bytes) -> None:
        """Walk one run of whole cells, counting positions as calamine does."""
        for tag in _TAG.finditer(data):
            name, attrs, closed = tag.groups()
            if name == b"row":
                found = _ROW_R.search(attrs)
                self.row = int(found.group(1)) if found else self.row + 1
                self.col = 0
                continue
            ref = _REF.search(attrs)
            self.col = column_number(ref.group(1).decode()) if ref else self.col + 1
            if ref:
                self.row = int(ref.group(2))
            if not closed and not data.startswith(b"</", tag.end()):
                self.rows, self.columns = max(self.rows, self.row), max(self.columns, self.col)

    def finish(self, result: SheetScan) -> None:
        """Replace the fast pass's bounds with the exact ones."""
        result.rows, result.columns = self.rows, self.columns
        result.far_cell = ""
