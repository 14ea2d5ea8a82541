"""Fixtures for the Word tests: PDF conversion with LibreOffice, reading PDFs with poppler."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Pdf:
    """A converted PDF with poppler's view of it."""

    path: Path

    @property
    def pages(self) -> int:
        """Page count from ``pdfinfo``."""
        info = subprocess.run(
            ["pdfinfo", str(self.path)], capture_output=True, text=True, check=True, timeout=60
        ).stdout
        match = re.search(r"^Pages:\s+(\d+)", info, re.M)
        assert match, info
        return int(match.group(1))

    def text(self, page: int | None = None, *, layout: bool = False) -> str:
        """Text of one page (1-based) or all pages."""
        args = ["pdftotext", "-enc", "UTF-8"]
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        if layout:
            args.append("-layout")
        return subprocess.run(
            [*args, str(self.path), "-"], capture_output=True, text=True, check=True, timeout=60
        ).stdout

    def compact(self, page: int | None = None) -> str:
        """Text without any whitespace, so words broken over lines compare whole."""
        return re.sub(r"\s+", "", self.text(page))

    def words(self, page: int) -> list[tuple[str, float, float]]:
        """(word, x, y) of every word on a page, from ``pdftotext -bbox``."""
        html = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(self.path), "-"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout  # fmt: skip
        pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>'
        return [(m[3], float(m[1]), float(m[2])) for m in re.finditer(pattern, html)]


@pytest.fixture(scope="session")
def make_png() -> Callable[[int, int], bytes]:
    """Make a small PNG (a red square on white) of a given pixel size."""
    from PIL import Image, ImageDraw

    def make(width: int, height: int) -> bytes:
        image = Image.new("RGB", (width, height), "white")
        ImageDraw.Draw(image).rectangle((width // 4, height // 4, width // 2, height // 2), "red")
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    return make


@pytest.fixture(scope="session")
def to_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Sequence[Path]], list[Pdf]]:
    """Convert .docx files to PDF with LibreOffice, all in one run (start-up is slow)."""
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler must be installed in CI")
        pytest.skip("LibreOffice (soffice) or poppler (pdftotext) is not installed")
    # A private profile: a shared one makes parallel soffice runs fail or wait.
    profile = tmp_path_factory.mktemp("lo_profile_reports")

    def convert(paths: Sequence[Path]) -> list[Pdf]:
        outdir = tmp_path_factory.mktemp("pdf")
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        pdfs = [Pdf(outdir / f"{p.stem}.pdf") for p in paths]
        missing = [pdf.path.name for pdf in pdfs if not pdf.path.exists()]
        assert not missing, f"LibreOffice did not convert {missing}"
        return pdfs

    return convert
