"""Pick a font that draws Chinese in matplotlib, without touching pyplot state."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

log = logging.getLogger(__name__)

WINDOWS_FAMILIES = ("Microsoft YaHei", "SimHei", "SimSun")
"""Families every Chinese Windows has, best first."""

NOTO_TTC_FAMILY = "Noto Sans CJK SC"
"""A .ttc collection holds JP/KR/SC/TC/HK faces; only SC has mainland glyph shapes."""

LATIN_FALLBACK = "DejaVu Sans"
"""Shipped with matplotlib; draws the symbols a CJK font may lack (e.g. U+2212)."""

MAX_CJK_FAMILIES = 3
"""Every listed family is opened on each draw, so keep the fallback chain short."""

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")

# Substrings of family names that cover Chinese, for fonts matplotlib found on its own.
_CJK_NAME_HINTS = (
    "CJK",
    "Noto Sans SC",
    "Source Han Sans",
    "WenQuanYi",
    "Droid Sans Fallback",
    "PingFang",
    "Hiragino Sans GB",
    "Heiti",
    "STHeiti",
    "Microsoft JhengHei",
    "AR PL",
    "KaiTi",
    "FangSong",
    "STSong",
    "Songti",
    "Source Han Serif",
)
_SIMPLIFIED_HINTS = (" SC", " CN", "GB", "WenQuanYi", "Droid Sans Fallback")
_LESSER_HINTS = ("Serif", "Mono", "Song", "Kai", "Fang", "AR PL")

_LOCK = threading.RLock()


def font_families() -> tuple[str, ...]:
    """Return the ``font.sans-serif`` list for charts: CJK families, then a Latin fallback.

    The first call registers font files with matplotlib's font manager (about 0.1 s);
    later calls return the cached answer.

    Returns:
        Family names matplotlib can resolve, best first; ``DejaVu Sans`` is always last.
    """
    return (*cjk_font_families(), LATIN_FALLBACK)


@functools.cache
def cjk_font_families() -> tuple[str, ...]:
    """Return the available families that draw Chinese, best first (empty if none).

    Order: Windows families (Microsoft YaHei, SimHei, SimSun); system Noto Sans CJK
    files; the subset font shipped in ``resources/fonts/`` (a fallback: a full system
    font covers rare characters in names better); other CJK families that
    matplotlib's font manager found (WenQuanYi, Source Han Sans, ...).

    Returns:
        At most ``MAX_CJK_FAMILIES`` family names.
    """
    with _LOCK:
        from matplotlib import font_manager

        known = {entry.name for entry in font_manager.fontManager.ttflist}
        found = [name for name in WINDOWS_FAMILIES if name in known]
        for path in _system_noto_files():
            found += _register(path)
        for path in _shipped_font_files():
            found += _register(path)
        known = {entry.name for entry in font_manager.fontManager.ttflist}
        found += rank_cjk_families(known)
        families = tuple(dict.fromkeys(found))[:MAX_CJK_FAMILIES]
        if not families:
            log.warning("no font with Chinese characters found; charts will show boxes")
        return families


@functools.cache
def bold_font_families() -> tuple[str, ...]:
    """Return the CJK families with a bold face, then the Latin fallback.

    Listing a family without bold for a bold text makes matplotlib log a warning
    on every draw (SimHei, Droid Sans Fallback have none).

    Returns:
        Family names; only ``DejaVu Sans`` when no CJK family has a bold face.
    """
    from matplotlib import font_manager

    bold = {e.name for e in font_manager.fontManager.ttflist if _weight(e.weight) >= 600}
    return (*(name for name in cjk_font_families() if name in bold), LATIN_FALLBACK)


def rank_cjk_families(names: Iterable[str]) -> list[str]:
    """Return the CJK-capable names among ``names``, best first.

    Args:
        names: Family names, e.g. every ``fontManager.ttflist`` entry's name.

    Returns:
        Windows families first in their fixed order, then sans families of simplified
        Chinese, then other CJK families (serif, mono, other regions) by name.
    """
    names = set(names)
    windows = [name for name in WINDOWS_FAMILIES if name in names]
    others = [
        name
        for name in names
        if name not in WINDOWS_FAMILIES and any(hint in name for hint in _CJK_NAME_HINTS)
    ]

    def key(name: str) -> tuple[bool, bool, str]:
        lesser = any(hint in name for hint in _LESSER_HINTS)
        simplified = any(hint in name for hint in _SIMPLIFIED_HINTS)
        return (lesser, not simplified, name)

    return windows + sorted(others, key=key)


def rc_params() -> dict[RcKeyType, Any]:
    """Return the rcParams that make matplotlib draw Chinese.

    Returns:
        A dict for ``matplotlib.rc_context``.
    """
    return {
        "font.family": ["sans-serif"],
        "font.sans-serif": list(font_families()),
        "axes.unicode_minus": False,
        # Names are text, never TeX: a unit called "$x$" must not turn into maths
        # (and "$\\frac{$" must not stop the chart).
        "text.parse_math": False,
    }


@contextlib.contextmanager
def cjk_context() -> Iterator[tuple[str, ...]]:
    """Build a figure inside this context so its texts get a Chinese font.

    ``rc_context`` swaps the process-wide rcParams, so the context holds a lock:
    charts built in worker threads are built one at a time.

    Yields:
        The font family list in effect.
    """
    import matplotlib

    with _LOCK, matplotlib.rc_context(rc_params()):
        yield font_families()


def apply_fonts(fig: Figure) -> None:
    """Set the Chinese font list on every text of ``fig``, including ticks made later.

    A figure drawn outside ``cjk_context`` (e.g. by a Qt canvas) then still renders
    Chinese, because the family is stored on each text rather than read from rcParams.

    Args:
        fig: The figure to update in place.
    """
    from matplotlib.text import Text

    families = list(font_families())
    bold = list(bold_font_families())
    for text in fig.findobj(Text):
        if _weight(text.get_fontweight()) < 600:
            text.set_fontfamily(families)
        elif len(bold) > 1:
            text.set_fontfamily(bold)
        else:
            # No CJK bold face: regular Chinese beats bold boxes.
            text.set_fontweight("normal")
            text.set_fontfamily(families)
    for ax in fig.axes:
        ax.tick_params(axis="both", which="both", labelfontfamily=families)


def _weight(weight: int | str) -> int:
    """Return a font weight as a number (matplotlib accepts names such as "bold")."""
    from matplotlib.font_manager import weight_dict

    return weight if isinstance(weight, int) else int(weight_dict.get(weight, 400))


def _register(path: Path) -> list[str]:
    """Add a font file to matplotlib's font manager and return its family names."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    target = _same_file_key(path)
    entries = [e for e in manager.ttflist if _same_file_key(Path(e.fname)) == target]
    if not entries:
        try:
            manager.addfont(os.fspath(path))
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("cannot load font %s: %s", path, exc)
            return []
        entries = [e for e in manager.ttflist if _same_file_key(Path(e.fname)) == target]
    names = list(dict.fromkeys(entry.name for entry in entries))
    if path.suffix.lower() == ".ttc" and NOTO_TTC_FAMILY in names:
        return [NOTO_TTC_FAMILY]
    return rank_cjk_families(names) or names[:1]


def _same_file_key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _shipped_font_files() -> list[Path]:
    """Return font files under ``resources/fonts/``, as real paths on disk."""
    from brandoffice.paths import resource

    folder = resource("fonts")
    if not folder.is_dir():
        return []
    files = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.is_file() or not entry.name.lower().endswith(FONT_SUFFIXES):
            continue
        if isinstance(entry, Path):
            files.append(entry)
        else:
            # Inside a zip (frozen app): FreeType needs a file, so copy it out once.
            copy = Path(tempfile.gettempdir()) / "brandoffice-fonts" / entry.name
            if not copy.exists():
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(entry.read_bytes())
            files.append(copy)
    return files


def _system_noto_files() -> list[Path]:
    """Return installed Noto Sans CJK regular files (Debian, Fedora, Arch, macOS, Windows)."""
    roots = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    roots.append(Path.home() / ".local" / "share" / "fonts")
    if sys.platform == "darwin":
        roots += [Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        roots.append(windir / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            roots.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    patterns = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.*")
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for pattern in patterns:
            # Fonts sit at most two folders down (e.g. opentype/noto/); a full rglob is slow.
            for depth in ("", "*/", "*/*/"):
                found += sorted(root.glob(depth + pattern))
    return list(dict.fromkeys(found))
