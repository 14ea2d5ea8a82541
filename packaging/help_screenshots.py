"""Capture the user guide's screenshots (resources/help/images/) from the real windows.

Usage (a real X server, so menus and dialogs are on screen)::

    xvfb-run -a -s '-screen 0 1600x1000x24' python packaging/help_screenshots.py

Works on a temporary data folder: an empty database for the first-start picture (the
welcome page, 示例街道 chosen), then the demo street (幸福街道) for the pages. The
registration form is written with the CLI, converted by LibreOffice and rasterised by
pdftoppm when both are installed. Pages that ``ui.pages.install_pages`` does not install
yet are added here if their module exists, so the guide can show them; a picture that
cannot be taken is reported and skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "help" / "images"
WINDOW_SIZE = (1280, 800)
DEMO_NOW = dt.datetime(2026, 5, 20, 9, 0)
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    """Take every screenshot; return 1 if none could be taken."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="brandoffice-shots-"))
    os.environ["BRANDOFFICE_DATA"] = str(data)
    os.environ["XDG_CONFIG_HOME"] = str(data / "config")
    try:
        taken = _capture(args.out, data / "brandoffice.sqlite3")
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(f"{len(taken)} screenshots in {args.out}: {', '.join(taken)}")
    return 0 if taken else 1


def _capture(out: Path, db: Path) -> list[str]:
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from brandoffice.app import open_context
    from ui.app import configure_application
    from ui.main_window import MainWindow
    from ui.pages import install_pages
    from ui.setup_flows import open_welcome

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure_application(app)
    ctx = open_context(str(db), clock=lambda: DEMO_NOW)
    window = MainWindow(ctx)
    install_pages(window)
    _add_missing_pages(window)
    window.resize(*WINDOW_SIZE)
    window.move(40, 40)
    window.show()
    _settle(app)
    taken: list[str] = []

    def shot(name: str, take: Callable[[], object]) -> None:
        try:
            take()
            _settle(app)
            _save_small(_grab_screen(app, window), out / name)
            taken.append(name)
        except Exception as exc:  # a missing page must not stop the other pictures
            print(f"skipped {name}: {type(exc).__name__}: {exc}", file=sys.stderr)

    welcome = open_welcome(window)
    shot("01-welcome.png", welcome.demo_choice.click)  # 开始使用 enabled, name filled in
    welcome.reject()

    from brandoffice.demo import build_demo

    build_demo(ctx)
    window.notify_data_changed("demo")
    _settle(app)
    shot("02-orgs.png", lambda: _show_org(window, "社区", tab=0))
    shot("03-members.png", lambda: _show_org(window, "党支部", tab=2))
    shot("04-brands.png", lambda: _show_brand(window))
    shot("05-calendar.png", lambda: window.show_page("calendar"))
    shot("06-home.png", lambda: window.show_page("home"))
    for name, title in (("07-data-menu.png", "数据"), ("09-backup.png", "文件")):
        menu = _open_menu(window, title)
        shot(name, lambda: None)
        menu.close()
    window.runner.wait(10_000)
    window.close()
    ctx.db.dispose()
    if _form_picture(db, out / "08-form.png"):
        taken.append("08-form.png")
    return taken


def _add_missing_pages(window: object) -> None:
    """Add the brand and calendar pages when install_pages does not have them yet."""
    import importlib

    from ui.icons import icon

    keys = getattr(window, "_keys", [])
    wanted = (
        ("brands", "品牌", "ui.brands.page", "BrandPage", "brands"),
        ("calendar", "阶段日历", "ui.calendar.page", "CalendarPage", "calendar"),
    )
    for key, title, module, cls, icon_name in wanted:
        if key in keys:
            continue
        try:
            page_type = getattr(importlib.import_module(module), cls)
        except (ImportError, AttributeError) as exc:
            print(f"no {key} page: {exc}", file=sys.stderr)
            continue
        page = page_type(window.ctx, window.runner)  # type: ignore[attr-defined]
        window.add_page(key, title, icon(icon_name), page)  # type: ignore[attr-defined]


def _show_org(window: object, name_part: str, tab: int) -> None:
    from brandoffice.services.orgs import OrgService

    window.show_page("orgs")  # type: ignore[attr-defined]
    page = window.stack.currentWidget()  # type: ignore[attr-defined]
    rows = [r for r in OrgService(page.ctx).all_rows() if name_part in r.name]
    page.select_org(rows[0].id)
    page.detail.tabs.setCurrentIndex(tab)


def _show_brand(window: object) -> None:
    from brandoffice.services.brands import BrandService

    window.show_page("brands")  # type: ignore[attr-defined]
    page = window.stack.currentWidget()  # type: ignore[attr-defined]
    named = [b for b in BrandService(page.ctx).all_rows() if b.status == "命名"]
    page.select_brand((named or BrandService(page.ctx).all_rows())[0].id)


def _open_menu(window: object, title: str) -> object:
    """Pop up the menu-bar menu whose title starts with ``title`` under its title."""
    bar = window.menuBar()  # type: ignore[attr-defined]
    for action in bar.actions():
        if action.text().startswith(title):
            menu = action.menu()
            menu.popup(bar.mapToGlobal(bar.actionGeometry(action).bottomLeft()))
            return menu
    raise LookupError(title)


def _settle(app: object, rounds: int = 30) -> None:
    """Let Qt lay out and paint (and background loads finish) before a picture."""
    import time

    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.03)


def _grab_screen(app: object, window: object) -> object:
    """Grab the screen around the window, so dialogs and menus over it are in the picture."""
    from PySide6.QtGui import QGuiApplication  # noqa: TID251

    screen = QGuiApplication.primaryScreen()
    frame = window.frameGeometry()  # type: ignore[attr-defined]
    return screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())


def _save_small(pixmap: object, path: Path) -> None:
    """Save a screenshot as a 256-colour PNG (about a third of the size, text stays sharp)."""
    import io

    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice  # noqa: TID251

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")  # type: ignore[attr-defined]
    image = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _form_picture(db: Path, target: Path) -> bool:
    """Write the demo's first named brand's form, convert it to PNG (LibreOffice, pdftoppm)."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not (soffice and pdftoppm):
        print("skipped 08-form.png: needs LibreOffice and pdftoppm", file=sys.stderr)
        return False
    from brandoffice.app import open_context
    from brandoffice.services.brands import BrandService

    ctx = open_context(str(db))
    try:
        brands = BrandService(ctx).all_rows()
        brand = next((b for b in brands if b.status == "命名"), brands[0])
    finally:
        ctx.db.dispose()
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "form.docx"
        cli = [sys.executable, "-m", "brandoffice", "--db", str(db), "report", "form"]
        subprocess.run([*cli, "--brand", brand.name, "--out", str(docx)], check=True)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
            check=True,
            capture_output=True,
        )
        pdf = str(docx.with_suffix(".pdf"))
        first_page = ["-f", "1", "-l", "1"]
        command = [pdftoppm, "-png", "-r", "70", *first_page, pdf, str(Path(tmp) / "page")]
        subprocess.run(command, check=True)
        from PIL import Image

        with Image.open(next(Path(tmp).glob("page*.png"))) as page:
            page.convert("RGB").quantize(colors=64).save(target, optimize=True)
    return True


if __name__ == "__main__":
    sys.exit(main())
