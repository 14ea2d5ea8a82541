"""Page images of a .docx for the preview and printing.

Word (or WPS, else LibreOffice) converts the document to PDF; pypdfium2, which ships
wheels for Windows and Linux, renders the pages. No command-line tool beyond the word
processor is needed, so a stock Windows PC with Word or WPS previews and prints.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandoffice.errors import KnownError
from brandoffice.reports.fonts import FACES, installed_families, lookalike
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
# Run through PowerShell so no pywin32 is needed. Word's SaveAs2 format 17 is PDF; WPS
# (ProgID KWps.Application, Word's object model) exports PDF with ExportAsFixedFormat.
_WORD_SCRIPT = (
    "$w = New-Object -ComObject Word.Application; $w.Visible = $false; "
    "try {{ $d = $w.Documents.Open('{src}', $false, $true); $d.SaveAs2('{dst}', 17); "
    "$d.Close($false) }} finally {{ $w.Quit() }}"
)
_WPS_SCRIPT = (
    "$w = New-Object -ComObject {progid}; $w.Visible = $false; "
    "try {{ $d = $w.Documents.Open('{src}', $false, $true); $d.ExportAsFixedFormat('{dst}', 17); "
    "$d.Close($false) }} finally {{ $w.Quit() }}"
)
_WPS_PROGIDS = ("KWps.Application", "wps.Application")
NO_CONVERTER = "没有找到 Word、WPS 或 LibreOffice，无法预览；可直接用字处理软件打开"
NO_RENDERER = "缺少页面显示组件 pypdfium2，无法预览；可直接用字处理软件打开"
_WORD_PARTS = ("word/document.xml", "word/styles.xml", "word/fontTable.xml")


class PreviewError(KnownError):
    """The word processor or the page renderer failed; the clerk can open the file instead."""


@dataclass(frozen=True)
class Tools:
    """The programs the preview uses; None or False where missing.

    Attributes:
        soffice: LibreOffice's ``soffice``.
        word: True when Microsoft Word can be driven (Windows with Word installed).
        wps: WPS Office's ProgID when it can be driven, else None.
        renderer: True when pypdfium2 (the page renderer) can be imported.
    """

    soffice: str | None
    word: bool
    wps: str | None = None
    renderer: bool = True

    @property
    def converter(self) -> str | None:
        """Return the program that converts to PDF: Word, then WPS, then LibreOffice."""
        if self.word:
            return "Word"
        if self.wps:
            return "WPS"
        return "LibreOffice" if self.soffice else None

    @property
    def can_preview(self) -> bool:
        """Tell whether pages can be shown: a converter and a renderer."""
        return bool(self.converter and self.renderer)

    @property
    def missing(self) -> str:
        """Say what keeps the preview from working (empty when nothing)."""
        if not self.converter:
            return NO_CONVERTER
        return "" if self.renderer else NO_RENDERER


def find_tools() -> Tools:
    """Look for Word, WPS and LibreOffice, and for the page renderer."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        candidates = _WINDOWS_SOFFICE if sys.platform == "win32" else (_MAC_SOFFICE,)
        soffice = next((c for c in candidates if Path(c).is_file()), None)
    wps = next((p for p in _WPS_PROGIDS if _com_registered(p)), None)
    return Tools(soffice, _com_registered("Word.Application"), wps, _renderer_available())


def _renderer_available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _com_registered(progid: str) -> bool:
    """Tell whether a COM program (Word, WPS) is registered on this Windows PC."""
    if sys.platform != "win32":
        return False
    try:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, progid + r"\CLSID"):
            return True
    except OSError:
        return False


def to_pdf(docx: Path, outdir: Path, tools: Tools) -> Path:
    """Convert ``docx`` to ``outdir/<stem>.pdf`` with Word, WPS or LibreOffice.

    Raises:
        PreviewError: No converter, or the conversion failed or timed out.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / f"{docx.stem}.pdf"
    src, dst = _ps(docx.resolve()), _ps(pdf.resolve())
    converter = tools.converter
    if converter == "Word":
        command = _powershell(_WORD_SCRIPT.format(src=src, dst=dst))
    elif converter == "WPS":
        command = _powershell(_WPS_SCRIPT.format(progid=tools.wps, src=src, dst=dst))
    elif tools.soffice:
        # A private profile: a running LibreOffice window would otherwise take the job.
        profile = (outdir / "lo_profile").resolve().as_uri()
        command = [tools.soffice, f"-env:UserInstallation={profile}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]  # fmt: skip
    else:
        raise PreviewError(NO_CONVERTER)
    _run(command, f"用 {converter} 转换为 PDF")
    if not pdf.is_file():
        raise PreviewError(f"{converter} 未能把文档转换为 PDF")
    return pdf


def _powershell(script: str) -> list[str]:
    return ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]


def preview_fonts(tools: Tools, installed: Collection[str] | None = None) -> dict[str, str]:
    """Return face → installed look-alike for the faces the converter would miss.

    Word and WPS substitute from the document's font table themselves; LibreOffice
    would draw every missing Chinese face in one fallback font, so the preview copy
    names the closest installed faces instead.
    """
    if tools.converter != "LibreOffice":
        return {}
    have = installed_families() if installed is None else installed
    swaps = {}
    for name in FACES:
        found = lookalike(name, have)
        if found and found.casefold() != name.casefold():
            swaps[name] = found
    return swaps


def shorten_for_preview(
    docx: Path,
    out: Path,
    max_rows: int = PREVIEW_TABLE_ROWS,
    fonts: Mapping[str, str] | None = None,
) -> int:
    """Write a copy of ``docx`` whose long tables keep their first ``max_rows`` rows.

    LibreOffice needs minutes for a table of thousands of rows (8 s for 1,000 rows,
    32 s for 2,000 here), so a district report is previewed shortened; a line under
    each cut table says how many rows the saved file has beyond it.

    Args:
        docx: The written report.
        out: The copy to write.
        max_rows: Body rows kept per table (the header row is kept too).
        fonts: Faces to swap for installed look-alikes in the copy (:func:`preview_fonts`).

    Returns:
        The number of rows left out (0: ``out`` is the whole report).
    """
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    swaps = dict(fonts or {})
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
                name = item.filename
                parsed = root if name == _DOCUMENT_XML else None
                if swaps and (
                    name in _WORD_PARTS or name.startswith(("word/footer", "word/header"))
                ):
                    parsed = root if parsed is not None else parse_xml(source.read(name))
                    _swap_fonts(parsed, swaps)
                data = source.read(name) if parsed is None else serialize_part_xml(parsed)
                target.writestr(item, data)
    return omitted


def _swap_fonts(root: Any, swaps: Mapping[str, str]) -> None:
    """Rename faces in run fonts and font-table entries of one part."""
    for element in root.iter(_W + "rFonts", _W + "font"):
        for attr in ("ascii", "hAnsi", "eastAsia", "cs", "name"):
            value = element.get(_W + attr)
            if value in swaps:
                element.set(_W + attr, swaps[value])


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
    """Return the number of pages, or None when the PDF cannot be read."""
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(pdf))
    except Exception:  # ImportError, or pdfium's error for a damaged file
        return None
    try:
        return len(document)
    finally:
        document.close()


def render_pages(
    pdf: Path, outdir: Path, tools: Tools, *, dpi: int = PREVIEW_DPI, last: int | None = None
) -> list[Path]:
    """Render pages 1..``last`` (all when None) of ``pdf`` to PNG files, in page order.

    Raises:
        PreviewError: The renderer is missing or cannot read the PDF.
    """
    if not tools.renderer:
        raise PreviewError(NO_RENDERER)
    import pypdfium2 as pdfium

    outdir.mkdir(parents=True, exist_ok=True)
    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise PreviewError(f"无法读取转换后的 PDF：{exc}") from exc
    pages: list[Path] = []
    try:
        count = len(document) if last is None else min(last, len(document))
        for index in range(count):
            page = document[index]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            path = outdir / f"page{dpi}-{index + 1:04d}.png"
            image.save(path, "PNG")
            pages.append(path)
    except OSError as exc:
        raise PreviewError(f"无法保存页面图像：{exc.strerror or exc}") from exc
    finally:
        document.close()
    return pages


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
