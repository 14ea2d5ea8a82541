"""Which Chinese fonts this computer has, and which font set a document therefore uses.

The core stays Qt-free: installed faces are read from the system font folders with
fontTools (never ``fc-list``, which Windows lacks). The window may register Qt's font
database instead (:func:`set_installed_source`), so the dialog and the writer agree.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brandoffice.reports.standard import FONT_SETS, GB2312_FONTS, WINDOWS_FONTS, FontSet
from brandoffice.services.context import AppContext

AUTO = "auto"
FONT_PREFERENCES = {
    AUTO: "自动（按本机已安装的字体选择）",
    GB2312_FONTS.key: GB2312_FONTS.label,
    WINDOWS_FONTS.key: WINDOWS_FONTS.label,
}
"""``--fonts`` values and their labels."""

_FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
_NAME_IDS = (1, 4, 16)  # family, full name, typographic family


@dataclass(frozen=True)
class Face:
    """What a Word font table and a preview need to know about one Chinese face.

    Attributes:
        name: The name written in documents.
        aliases: Other names the same face is installed under (English names).
        alt_name: ``w:altName``: the face Word and WPS try when ``name`` is missing.
        panose: ``w:panose1`` (20 hex digits), for Word's look-alike matching.
        family: ``w:family`` (roman, swiss, modern, script, decorative, auto).
        pitch: ``w:pitch`` (fixed or variable).
        lookalikes: Faces to draw it with in the preview, best first.
    """

    name: str
    aliases: tuple[str, ...]
    alt_name: str
    panose: str
    family: str
    pitch: str
    lookalikes: tuple[str, ...]


_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体", "AR PL UMing CN")
_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "思源黑体", "WenQuanYi Zen Hei")
_KAI = ("AR PL UKai CN", "STKaiti", "华文楷体")
_FANG = ("STFangsong", "华文仿宋")
FACES: dict[str, Face] = {
    face.name: face
    for face in (
        Face("方正小标宋简体", ("FZXiaoBiaoSong-B05S", "方正小标宋_GBK"), "宋体",
             "02010601030101010101", "auto", "variable", ("宋体", "SimSun", *_SERIF)),
        Face("仿宋_GB2312", ("FangSong_GB2312",), "仿宋", "02010609030101010101", "modern",
             "fixed", ("仿宋", "FangSong", *_FANG, *_SERIF)),
        Face("楷体_GB2312", ("KaiTi_GB2312",), "楷体", "02010609030101010101", "modern",
             "fixed", ("楷体", "KaiTi", *_KAI, *_SERIF)),
        Face("仿宋", ("FangSong",), "FangSong", "02010609060101010101", "modern", "fixed",
             ("仿宋_GB2312", *_FANG, *_SERIF)),
        Face("楷体", ("KaiTi",), "KaiTi", "02010609060101010101", "modern", "fixed",
             ("楷体_GB2312", *_KAI, *_SERIF)),
        Face("宋体", ("SimSun",), "SimSun", "02010600030101010101", "auto", "variable",
             ("新宋体", "NSimSun", *_SERIF)),
        Face("黑体", ("SimHei",), "SimHei", "02010609060101010101", "modern", "fixed",
             ("微软雅黑", "Microsoft YaHei", *_SANS)),
    )
}  # fmt: skip
"""The faces the font sets name (GB/T 9704 and Windows' own)."""
FALLBACKS = (*_SERIF, *_SANS, "Droid Sans Fallback")
"""Chinese faces for a preview when no look-alike of a face is installed."""


@dataclass(frozen=True)
class FontChoice:
    """The font set a document is written in, and why, in the clerk's words.

    Attributes:
        fonts: The font set.
        preference: What was asked for: ``auto``, ``gb2312`` or ``windows``.
        missing: Faces of the set this computer lacks (Word substitutes them).
        reason: One sentence for the dialog and the command line.
    """

    fonts: FontSet
    preference: str
    missing: tuple[str, ...]
    reason: str


def set_names(fonts: FontSet) -> tuple[str, ...]:
    """Return the distinct faces a font set names, title first."""
    names = (fonts.title, fonts.body, fonts.heading1, fonts.heading2, fonts.song)
    return tuple(dict.fromkeys(names))


def is_installed(name: str, installed: Collection[str]) -> bool:
    """Tell whether ``name`` (or one of its aliases) is among ``installed`` (casefolded)."""
    face = FACES.get(name)
    names = (name, *face.aliases) if face else (name,)
    return any(n.casefold() in installed for n in names)


def choose_fonts(preference: str = AUTO, installed: Collection[str] | None = None) -> FontChoice:
    """Pick the font set for ``preference`` on a computer with ``installed`` faces.

    ``auto`` takes the GB2312 set when all its faces are installed, else Windows' own
    faces. An explicit choice is kept, but its missing faces are named.

    Args:
        preference: ``auto``, ``gb2312`` or ``windows``; anything else counts as ``auto``.
        installed: Casefolded family names; None reads them (:func:`installed_families`).
    """
    have = installed_families() if installed is None else installed
    if preference not in FONT_SETS:
        preference = AUTO
    own = set(set_names(WINDOWS_FONTS))
    gb_missing = tuple(n for n in _missing(GB2312_FONTS, have) if n not in own)
    if preference == AUTO:
        fonts = GB2312_FONTS if not gb_missing else WINDOWS_FONTS
    else:
        fonts = FONT_SETS[preference]
    missing = _missing(fonts, have)
    label = fonts.label
    if preference == AUTO and fonts is GB2312_FONTS:
        reason = f"本机已安装公文字体，使用{label}。"
    elif preference == AUTO:
        reason = f"本机未安装{'、'.join(gb_missing)}，改用{label}。"
    else:
        reason = f"按设置使用{label}。"
    if missing:
        reason += (
            f"本机缺少{'、'.join(missing)}：文档的字体表已写明相近字体，"
            "Word、WPS 会自动替代，预览用本机最接近的字体显示。"
        )
    return FontChoice(fonts, preference, missing, reason)


def report_fonts(ctx: AppContext) -> FontChoice:
    """Return the font set documents are written in now: ``--fonts``, else the setting."""
    from brandoffice.services.settings import report_font_key

    return choose_fonts(preference_override() or report_font_key(ctx))


def _missing(fonts: FontSet, installed: Collection[str]) -> tuple[str, ...]:
    return tuple(n for n in set_names(fonts) if not is_installed(n, installed))


def lookalike(name: str, installed: Collection[str]) -> str | None:
    """Return the installed face closest to ``name`` (itself when installed), or None."""
    face = FACES.get(name)
    candidates = (name, *(face.aliases + face.lookalikes if face else ()), *FALLBACKS)
    return next((c for c in candidates if c.casefold() in installed), None)


# -- preference for one run (the command line's --fonts) ----------------------------
_PREFERENCE: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "font_preference", default=None
)


@contextlib.contextmanager
def preferred(preference: str | None) -> Iterator[None]:
    """Write the documents of a block in ``preference`` rather than the saved setting."""
    token = _PREFERENCE.set(preference)
    try:
        yield
    finally:
        _PREFERENCE.reset(token)


def preference_override() -> str | None:
    """Return the preference of the enclosing :func:`preferred` block, if any."""
    return _PREFERENCE.get()


# -- installed faces ----------------------------------------------------------------
_registered: frozenset[str] | None = None


def set_installed(families: Iterable[str] | None) -> None:
    """Take the installed families from the window's font database; None: read the folders.

    Qt lists the same system fonts; the window registers them once so the dialog's
    note and the writer (in a worker thread) agree without touching Qt off its thread.
    """
    global _registered
    _registered = None if families is None else frozenset(n.casefold() for n in families)


def installed_families() -> Collection[str]:
    """Return the casefolded family names of this computer's fonts (read once)."""
    if _registered is not None:
        return _registered
    return scan_folders(tuple(font_folders()))


def font_folders() -> list[Path]:
    """Return the system's and the user's font folders that exist."""
    home = Path.home()
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        local = os.environ.get("LOCALAPPDATA", str(home / "AppData" / "Local"))
        folders = [Path(windir) / "Fonts", Path(local) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        folders = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    else:
        folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                   home / ".local/share/fonts", home / ".fonts"]  # fmt: skip
    return [f for f in folders if f.is_dir()]


@functools.lru_cache(maxsize=8)
def scan_folders(folders: tuple[Path, ...]) -> frozenset[str]:
    """Return the casefolded names of every font in ``folders`` and below (cached)."""
    names: set[str] = set()
    for folder in folders:
        for root, _, files in os.walk(folder):
            for file in files:
                if Path(file).suffix.lower() in _FONT_SUFFIXES:
                    names.update(family_names(Path(root) / file))
    return frozenset(names)


def family_names(path: Path) -> set[str]:
    """Return the casefolded names (every language) of the faces in one font file."""
    from fontTools.ttLib import TTCollection, TTFont

    names: set[str] = set()
    try:
        with open(path, "rb") as fh:
            if path.suffix.lower() in (".ttc", ".otc"):
                for font in TTCollection(fh, lazy=True).fonts:
                    names.update(_names_of(font))
            else:
                names.update(_names_of(TTFont(fh, lazy=True)))
    except Exception:  # fontTools raises many types for damaged or odd files
        return set()
    return names


def _names_of(font: object) -> Iterator[str]:
    table = font["name"]  # type: ignore[index]
    for record in table.names:
        if record.nameID in _NAME_IDS:
            with contextlib.suppress(UnicodeDecodeError):
                text = record.toUnicode().strip()
                if text:
                    yield text.casefold()
