"""After the suite: scan what the tests left (logs, exports, reports) for unmasked ID numbers.

Usage: ``python -m tests.scan_personal_data FOLDER``. Scanned: logs and text files, Word
documents and zip bundles, and the Excel files BrandOffice exported masked (the exporter
stamps ``BrandOffice:masked`` in the workbook's keywords; revealed exports, templates and
the tests' own input workbooks carry other marks or none). Files whose path says the
clerk asked for full numbers (``reveal``, ``full``, ``unmasked``, ``完整``) are exempt, and
so are databases and backups, which hold the data itself. Exit 1 lists every finding.
"""

from __future__ import annotations

import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from brandoffice.idcard import id_number_problem

ID_LIKE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
TEXT_SUFFIXES = {".log", ".txt", ".csv", ".json", ".md", ".html", ".xml"}
ZIP_SUFFIXES = {".docx", ".xlsx", ".zip"}
EXEMPT = re.compile(r"reveal|full|unmasked|完整", re.IGNORECASE)


def _texts(path: Path) -> Iterator[str]:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or ".log." in path.name:
        yield path.read_text(encoding="utf-8", errors="replace")
    elif suffix in ZIP_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as archive:
                if suffix == ".xlsx" and not _masked_export(archive):
                    return
                for info in archive.infolist():
                    if info.file_size > 50_000_000:
                        continue
                    name = info.filename.lower()
                    if name.endswith((".xml", ".txt", ".csv")):
                        yield archive.read(info).decode("utf-8", errors="replace")
                    elif name.endswith((".docx", ".xlsx")) and not EXEMPT.search(name):
                        nested = path.with_name(f".{path.name}.{Path(name).name}")
                        nested.write_bytes(archive.read(info))
                        try:
                            yield from _texts(nested)
                        finally:
                            nested.unlink()
        except (zipfile.BadZipFile, OSError):
            return  # deliberately malformed files of the import tests


def _masked_export(archive: zipfile.ZipFile) -> bool:
    """Tell whether a workbook is one BrandOffice exported with numbers masked."""
    try:
        core = archive.read("docProps/core.xml").decode("utf-8", errors="replace")
    except KeyError:
        return False
    return "BrandOffice:masked" in core


def findings(folder: Path) -> list[str]:
    """Return ``path: number`` for every valid, unmasked ID number in scanned files."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or EXEMPT.search(str(path.relative_to(folder))):
            continue
        for text in _texts(path):
            for match in ID_LIKE.finditer(text):
                if id_number_problem(match.group()) is None:
                    found.append(f"{path.relative_to(folder)}: {match.group()[:6]}…")
                    break
    return found


def main(argv: list[str]) -> int:
    """Scan the folder given on the command line."""
    folder = Path(argv[0])
    bad = findings(folder)
    for line in bad:
        print(f"未遮蔽的身份证号：{line}")
    print(f"scanned {folder}: {len(bad)} file(s) with unmasked ID numbers")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
