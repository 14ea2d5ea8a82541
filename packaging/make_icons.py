"""Render the SVG application icon to PNG and a multi-size Windows .ico (QtSvg + Pillow).

Usage: ``python packaging/make_icons.py [--preview sheet.png]``.

Writes ``resources/icons/brandoffice.png`` (256 px, used by the Linux .desktop file and
the window) and ``resources/icons/brandoffice.ico`` (16-256 px, used by PyInstaller and
Inno Setup). ``--preview`` also draws every icon on one sheet at 24, 48 and 96 px to look
at. The SVGs are hand-written; edit them, then run this script again.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
APP_SVG = ICONS / "brandoffice.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)


def render(svg: Path, size: int) -> bytes:
    """Render an SVG file to PNG bytes of ``size`` x ``size`` pixels."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: TID251
    from PySide6.QtGui import QImage, QPainter  # noqa: TID251
    from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def write_app_icons() -> None:
    """Write brandoffice.png (256 px) and brandoffice.ico (every ICO_SIZES size)."""
    from PIL import Image

    (ICONS / "brandoffice.png").write_bytes(render(APP_SVG, 256))
    # Each size rendered from the SVG is sharper than Pillow scaling the 256 px image down.
    images = [Image.open(io.BytesIO(render(APP_SVG, size))) for size in ICO_SIZES]
    images[-1].save(
        ICONS / "brandoffice.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=images[:-1],
    )


def write_preview(path: Path) -> None:
    """Draw every icon at 24, 48 and 96 px on a white sheet."""
    from PIL import Image

    svgs = [APP_SVG, *sorted((ICONS / "actions").glob("*.svg"))]
    sizes = (24, 48, 96)
    cell = 110
    sheet = Image.new("RGBA", (cell * len(svgs), cell * len(sizes)), "white")
    for col, svg in enumerate(svgs):
        for row, size in enumerate(sizes):
            icon = Image.open(io.BytesIO(render(svg, size)))
            sheet.alpha_composite(icon, (col * cell + (cell - size) // 2, row * cell + 7))
    sheet.save(path)


def main(argv: list[str] | None = None) -> int:
    """Regenerate the raster application icons."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preview", type=Path, help="also write a sheet of every icon")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: TID251

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    write_app_icons()
    if args.preview:
        write_preview(args.preview)
    del app
    print(f"wrote {ICONS / 'brandoffice.png'} and {ICONS / 'brandoffice.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
