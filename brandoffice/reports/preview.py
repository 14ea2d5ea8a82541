"""Page images of a .docx for the preview: LibreOffice or Word makes a PDF, pdftoppm the PNGs."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandoffice.errors import KnownError
from brandoffice.text_safety import printable

CONVERT_TIMEOUT_S = 600
"""A district report has hundreds of pages; LibreOffice needs minutes for them."""
PREVIEW_DPI = 80
PREVIEW_TABLE_ROWS = 150
_DOCUMENT_XML = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PRINT_DPI = 200
_WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
# Word's SaveAs2 format 17 is PDF; run through PowerShell so no pywin32 is needed.
_WORD_SCRIPT = (
    "$w = New-Object -ComObject Word.Application; $w.Visible = $false; "
    "try {{ $d = $w.Documents.Open('{src}', $false, $true); $d.SaveAs2('{dst}', 17); "
    "$d.Close($false) }} finally {{ $w.Quit() }}"
)


class PreviewError(KnownError):
    """The word processor or the page renderer failed; the clerk can open the file instead."""


@dataclass(frozen=True)
class Tools:
    """The programs the preview uses; None where missing.

    Attributes:
        soffice: LibreOffice's ``soffice``.
        word: True when Microsoft Word can be driven (Windows with Word installed).
        pdftoppm: poppler's page renderer.
    """

    soffice: str | None
    word: bool
    pdftoppm: str | None

    @property
    def can_preview(self) -> bool:
        """Tell whether pages can be shown: a converter and a renderer."""
        return bool((self.soffice or self.word) and self.pdftoppm)


def find_tools() -> Tools:
    """Look for LibreOffice, Word and pdftoppm on this computer."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        candidates = _WINDOWS_SOFFICE if sys.platform == "win32" else (_MAC_SOFFICE,)
        soffice = next((c for c in candidates if Path(c).is_file()), None)
    return Tools(soffice, _word_installed(), shutil.which("pdftoppm"))


def _word_installed() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Word.Application\CurVer"):
            return True
    except OSError:
        return False


def to_pdf(docx: Path, outdir: Path, tools: Tools) -> Path:
    """Convert ``docx`` to ``outdir/<stem>.pdf`` with LibreOffice (preferred) or Word.

    Raises:
        PreviewError: No converter, or the conversion failed or timed out.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / f"{docx.stem}.pdf"
    if tools.soffice:
        # A private profile: a running LibreOffice window would otherwise take the job.
        profile = (outdir / "lo_profile").resolve().as_uri()
        command = [tools.soffice, f"-env:UserInstallation={profile}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]  # fmt: skip
    elif tools.word:
        script = _WORD_SCRIPT.format(src=_ps(docx.resolve()), dst=_ps(pdf.resolve()))
        command = ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]
    else:
        raise PreviewError("未找到 LibreOffice 或 Word，无法预览")
    _run(command, "转换为 PDF")
    if not pdf.is_file():
        raise PreviewError("字处理软件未能把报告转换为 PDF")
    return pdf


def shorten_for_preview(docx: Path, out: Path, max_rows: int = PREVIEW_TABLE_ROWS) -> int:
    """Write a copy of ``docx`` whose long tables keep their first ``max_rows`` rows.

    LibreOffice needs minutes for a table of thousands of rows (8 s for 1,000 rows,
    32 s for 2,000 here), so a district report is previewed shortened; a line under
    each cut table says how many rows the saved file has beyond it.

    Args:
        docx: The written report.
        out: The copy to write.
        max_rows: Body rows kept per table (the header row is kept too).

    Returns:
        The number of rows left out (0: ``out`` is an exact copy).
    """
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    with zipfile.ZipFile(docx) as source:
        root = parse_xml(source.read(_DOCUMENT_XML))
        omitted = 0
        for tbl in root.iter(_W + "tbl"):
            rows = tbl.findall(_W + "tr")
            extra = rows[max_rows + 1 :]
            if not extra:
                continue
            for tr in extra:
                tbl.remove(tr)
            omitted += len(extra)
            tbl.addnext(
                _note(
                    rows[1], f"……（预览只显示本表前{max_rows}行，另有{len(extra)}行见保存的文件）"
                )
            )
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == _DOCUMENT_XML:
                    data = serialize_part_xml(root)
                target.writestr(item, data)
    return omitted


def _note(row: Any, text: str) -> Any:
    """A paragraph styled like the first run of ``row``, saying what the preview left out."""
    from docx.oxml import OxmlElement

    p, run, t = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
    rpr = row.find(f".//{_W}rPr")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t.text = printable(text)
    run.append(t)
    p.append(run)
    return p


def page_count(pdf: Path) -> int | None:
    """Return the number of pages (``pdfinfo``), or None when it cannot be read."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    try:
        out = subprocess.run(
            [pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(match.group(1)) if match else None


def render_pages(
    pdf: Path, outdir: Path, tools: Tools, *, dpi: int = PREVIEW_DPI, last: int | None = None
) -> list[Path]:
    """Render pages 1..``last`` (all when None) of ``pdf`` to PNG files, in page order.

    Raises:
        PreviewError: pdftoppm is missing or failed.
    """
    if not tools.pdftoppm:
        raise PreviewError("未找到 pdftoppm（poppler），无法显示页面")
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = outdir / f"page{dpi}"
    command = [tools.pdftoppm, "-png", "-r", str(dpi)]
    if last is not None:
        command += ["-f", "1", "-l", str(last)]
    _run([*command, str(pdf), str(prefix)], "生成页面图像")
    pages = list(outdir.glob(f"{prefix.name}-*.png"))
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _run(command: list[str], what: str) -> None:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing on Windows
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=CONVERT_TIMEOUT_S, creationflags=flags,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise PreviewError(f"{what}超时（超过 {CONVERT_TIMEOUT_S // 60} 分钟）") from exc
    except OSError as exc:
        raise PreviewError(f"无法{what}：{exc.strerror or exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-300:]
        raise PreviewError(f"{what}失败：{detail or f'返回码 {done.returncode}'}")


def _ps(path: Path) -> str:
    """Quote a path for a single-quoted PowerShell string."""
    return str(path).replace("'", "''")
