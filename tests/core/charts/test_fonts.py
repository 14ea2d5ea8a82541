"""Tests of CJK font resolution for matplotlib."""

import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from brandoffice.charts import fonts

NOTO_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.fixture
def fresh_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Resolve fonts from scratch on a copy of the font list, restored afterwards."""
    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", list(manager.ttflist))
    fonts.cjk_font_families.cache_clear()
    fonts.bold_font_families.cache_clear()
    yield
    monkeypatch.undo()
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    fonts.cjk_font_families.cache_clear()
    fonts.bold_font_families.cache_clear()


def _fake_entry(name: str, weight: int = 400) -> font_manager.FontEntry:
    return font_manager.FontEntry(fname=str(NOTO_TTC), name=name, weight=weight)


def _draw_records(fig: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught]


def test_finds_a_chinese_font_here() -> None:
    families = fonts.cjk_font_families()
    assert families, "fonts-noto-cjk is installed on the test machines"
    if NOTO_TTC.exists():
        assert families[0] == "Noto Sans CJK SC"
    assert fonts.font_families() == (*families, "DejaVu Sans")
    assert len(families) <= fonts.MAX_CJK_FAMILIES


def test_windows_families_come_first(fresh_fonts: None) -> None:
    manager = font_manager.fontManager
    manager.ttflist += [_fake_entry("SimHei"), _fake_entry("Microsoft YaHei")]
    assert fonts.cjk_font_families()[:2] == ("Microsoft YaHei", "SimHei")


def test_shipped_font_is_a_fallback_after_system_noto(
    fresh_fonts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Any font file stands in for a shipped one: only the order is under test.
    shipped = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"
    shutil.copy(shipped, tmp_path / "Shipped.ttf")
    (tmp_path / "readme.txt").write_text("not a font", encoding="utf-8")
    monkeypatch.setattr("brandoffice.paths.resource", lambda *parts: tmp_path)
    families = fonts.cjk_font_families()
    assert "DejaVu Serif" in families
    if NOTO_TTC.exists():
        assert families[:2] == ("Noto Sans CJK SC", "DejaVu Serif")


@pytest.mark.skipif(not NOTO_TTC.exists(), reason="needs fonts-noto-cjk")
def test_noto_collection_is_named_sc_and_registered_once(fresh_fonts: None) -> None:
    manager = font_manager.fontManager
    manager.ttflist[:] = [e for e in manager.ttflist if "Noto" not in e.name]
    assert fonts._register(NOTO_TTC) == ["Noto Sans CJK SC"]
    count = len(manager.ttflist)
    assert fonts._register(NOTO_TTC) == ["Noto Sans CJK SC"]
    assert len(manager.ttflist) == count
    found = font_manager.findfont(font_manager.FontProperties(family="Noto Sans CJK SC"))
    assert Path(found) == NOTO_TTC


def test_no_chinese_font_gives_an_empty_list(
    fresh_fonts: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    manager = font_manager.fontManager
    manager.ttflist[:] = [e for e in manager.ttflist if not fonts.rank_cjk_families([e.name])]
    monkeypatch.setattr(fonts, "_system_noto_files", list)
    monkeypatch.setattr(fonts, "_shipped_font_files", list)
    assert fonts.cjk_font_families() == ()
    assert fonts.font_families() == ("DejaVu Sans",)
    assert "no font with Chinese characters" in caplog.text


def test_rank_prefers_simplified_sans() -> None:
    names = [
        "DejaVu Sans",
        "Noto Serif CJK SC",
        "Noto Sans CJK JP",
        "Noto Sans Mono CJK SC",
        "Noto Sans CJK SC",
        "WenQuanYi Zen Hei",
        "SimSun",
        "Microsoft YaHei",
        "Source Han Sans CN",
    ]
    assert fonts.rank_cjk_families(names) == [
        "Microsoft YaHei",
        "SimSun",
        "Noto Sans CJK SC",
        "Source Han Sans CN",
        "WenQuanYi Zen Hei",
        "Noto Sans CJK JP",
        "Noto Sans Mono CJK SC",
        "Noto Serif CJK SC",
    ]


def test_rc_params() -> None:
    rc = fonts.rc_params()
    assert rc["axes.unicode_minus"] is False
    assert rc["font.family"] == ["sans-serif"]
    assert rc["font.sans-serif"] == list(fonts.font_families())


def test_context_restores_global_rcparams() -> None:
    before = list(matplotlib.rcParams["font.sans-serif"])
    with fonts.cjk_context() as families:
        assert matplotlib.rcParams["font.sans-serif"] == list(families)
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert matplotlib.rcParams["font.sans-serif"] == before


def test_apply_fonts_makes_chinese_draw_outside_the_context() -> None:
    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title("党建品牌", weight="bold")
    ax.plot([-2, -1, 0], [1, 2, 3])
    ax.set_xticks([-2, -1, 0], ["负二", "负一", "零"])
    fonts.apply_fonts(fig)
    assert not [m for m in _draw_records(fig) if "missing" in m]
    assert ax.xaxis.get_ticklabels()[0].get_fontfamily()[0] == fonts.font_families()[0]


def test_negative_numbers_draw_without_missing_glyphs() -> None:
    with fonts.cjk_context():
        fig = Figure()
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot([-5, 5], [-3, 3])
        ax.set_title("负数坐标")
        fonts.apply_fonts(fig)
        records = _draw_records(fig)
        labels = [t.get_text() for t in ax.xaxis.get_ticklabels()]
    assert not [m for m in records if "missing" in m]
    assert any(label.startswith("-") for label in labels)
    assert not any("\N{MINUS SIGN}" in label for label in labels)


def test_bold_without_cjk_bold_face_falls_back_to_regular(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(fonts, "bold_font_families", lambda: ("DejaVu Sans",))
    fig = Figure()
    FigureCanvasAgg(fig)
    title = fig.suptitle("党建品牌", weight="bold")
    fonts.apply_fonts(fig)
    assert title.get_fontweight() == "normal"
    assert not [m for m in _draw_records(fig) if "missing" in m]
    assert "Failed to find font weight" not in caplog.text


def test_importing_charts_does_not_import_matplotlib() -> None:
    code = (
        "import sys, brandoffice, brandoffice.charts.figures, brandoffice.charts.fonts, "
        "brandoffice.workdays; print('matplotlib' in sys.modules, 'PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
