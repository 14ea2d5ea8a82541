"""Shipped resources: the fallback font covers the UI's Chinese, icons load, the guide exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.paths import resource

FONT = "BrandOfficeSansSC-Regular.otf"
MAX_FONT_BYTES = 10 * 1024 * 1024
# Hanzi, CJK punctuation and full-width forms: what only a Chinese font draws (symbols such as
# ▶ or ⚠ come from other fonts through Qt's and matplotlib's fallback).
CHINESE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Files whose Chinese the clerk reads in the window, the CLI, the self-test and the guide.
UI_SOURCES = (
    "ui/**/*.py",
    "brandoffice/cli/*.py",
    "brandoffice/model/vocab.py",
    "brandoffice/selftest.py",
    "resources/help/*.md",
)
ACTIONS = (
    "import", "export", "backup", "restore", "check",
    "org-tree", "brands", "calendar", "report", "help",
)  # fmt: skip
GUIDE_SECTIONS = (
    "首次启动", "组织架构", "党员", "品牌登记与申报", "阶段日历与任务进度",
    "导入导出 Excel", "打印登记表与报告", "备份与恢复",
)  # fmt: skip


@pytest.fixture(scope="module")
def font_cmap() -> set[int]:
    from fontTools.ttLib import TTFont

    with resource("fonts", FONT).open("rb") as handle:
        return set(TTFont(handle, lazy=True).getBestCmap())


def test_font_is_small_and_licensed() -> None:
    font = resource("fonts", FONT)
    assert 0 < len(font.read_bytes()) < MAX_FONT_BYTES
    assert "SIL OPEN FONT LICENSE" in resource("fonts", "OFL.txt").read_text(encoding="utf-8")
    assert "subset_font.py" in resource("fonts", "README.md").read_text(encoding="utf-8")


def test_font_covers_gb2312_level_1(font_cmap: set[int]) -> None:
    level_1 = {
        bytes((high, low)).decode("gb2312")
        for high in range(0xB0, 0xD8)
        for low in range(0xA1, 0xFF)
        if (high, low) < (0xD7, 0xFA)
    }
    assert len(level_1) == 3755
    assert not [ch for ch in level_1 if ord(ch) not in font_cmap]


def test_font_covers_the_ui_strings(root: Path, font_cmap: set[int]) -> None:
    used: dict[str, str] = {}
    for pattern in UI_SOURCES:
        for path in root.glob(pattern):
            for ch in path.read_text(encoding="utf-8"):
                if CHINESE.match(ch):
                    used.setdefault(ch, str(path.relative_to(root)))
    assert len(used) > 500  # the sample is the real UI, not a handful
    missing = {ch: where for ch, where in used.items() if ord(ch) not in font_cmap}
    assert not missing, (
        f"the fallback font lacks {missing}: run python packaging/subset_font.py "
        "(needs fonts-noto-cjk) and commit resources/fonts/"
    )


def test_action_icons_load_in_qt(qtbot: QtBot) -> None:
    from PySide6.QtGui import QIcon
    from PySide6.QtSvg import QSvgRenderer

    for name in ACTIONS:
        path = resource("icons", "actions", f"{name}.svg")
        assert isinstance(path, Path) and path.is_file(), name
        assert QSvgRenderer(str(path)).isValid(), name
        image = QIcon(str(path)).pixmap(24, 24).toImage()
        assert not image.isNull(), name
        opaque = sum(image.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))
        assert opaque > 20, f"{name}.svg draws almost nothing"


def test_app_icon_sizes() -> None:
    from PIL import Image

    with Image.open(resource("icons", "brandoffice.png")) as png:
        assert png.size == (256, 256)
    with Image.open(resource("icons", "brandoffice.ico")) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    assert "MIT" in resource("icons", "LICENSE.md").read_text(encoding="utf-8")


def test_guide_has_every_task() -> None:
    text = resource("help", "guide.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    for section in GUIDE_SECTIONS:
        assert any(section in heading for heading in headings), section
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(images) >= 8
    for image in images:
        # Relative to the guide, so QTextBrowser (and any Markdown viewer) finds them.
        assert image.startswith("images/") and image.endswith(".png"), image
        assert resource("help", *image.split("/")).is_file(), f"{image}: run help_screenshots.py"
