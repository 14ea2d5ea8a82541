"""Figure set-up shared by the chart builders: sizes in inches, text measuring, PNG output."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from brandoffice.charts.fonts import apply_fonts, cjk_context, font_families

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DEFAULT_WIDTH = 6.3
"""Inches: about the text width of an A4 page with GB/T 9704 margins (156 mm)."""

TITLE_SIZE = 12.0
LABEL_SIZE = 9.0
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}
"""A white box behind a number on a patterned bar (or across a line), so it stays legible."""
TITLE_BAND = 0.42
"""Inches above the axes reserved for the figure title."""
LEGEND_BAND = 0.32
"""Inches above the axes reserved for a one-row legend."""

EMPTY_TEXT = "暂无数据"


def new_figure(width: float, height: float) -> Figure:
    """Return a figure of ``width`` x ``height`` inches with an Agg canvas attached.

    Args:
        width: Width in inches.
        height: Height in inches.

    Returns:
        A white figure; a Qt canvas may later replace its canvas.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def titled_figure(width: float, height: float, title: str) -> tuple[Figure, TextMeter]:
    """Return a new figure with ``title`` written on it, and a meter of its label text."""
    fig = new_figure(width, height)
    add_title(fig, title)
    return fig, TextMeter(fig, LABEL_SIZE)


def place_axes(
    fig: Figure, *, left: float, right: float, top: float = TITLE_BAND + LEGEND_BAND, bottom: float
) -> Axes:
    """Add one axes with fixed margins given in inches (cheaper than tight_layout).

    Args:
        fig: The figure.
        left: Left margin in inches.
        right: Right margin in inches.
        top: Top margin in inches; room for the title and a legend by default.
        bottom: Bottom margin in inches.

    Returns:
        The new axes.
    """
    width, height = fig.get_size_inches()
    ax = fig.add_subplot()
    fig.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        top=1 - top / height,
        bottom=bottom / height,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def add_title(fig: Figure, title: str) -> None:
    """Write ``title`` centred at the top of the figure, inside ``TITLE_BAND``."""
    height = fig.get_size_inches()[1]
    fig.text(
        0.5, 1 - 0.1 / height, title, ha="center", va="top", fontsize=TITLE_SIZE, weight="bold"
    )


def legend_above(ax: Axes, handles: Sequence[Artist], labels: Sequence[str]) -> None:
    """Put a one-row legend just above the axes, left-aligned."""
    ax.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=max(1, len(labels)),
        frameon=False,
        fontsize=LABEL_SIZE,
        borderaxespad=0.2,
        handlelength=1.2,
        handletextpad=0.4,
        columnspacing=1.2,
    )


def show_empty(fig: Figure, ax: Axes) -> Figure:
    """Mark an axes as having no data; return the figure with its fonts applied."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, EMPTY_TEXT, ha="center", va="center", color="#777777", fontsize=11)
    apply_fonts(fig)
    return fig


def label_segments(ax: Axes, bars: Any, shown: Sequence[str]) -> None:
    """Write ``shown`` inside the segments of stacked ``bars``, each on a white box."""
    ax.bar_label(
        bars, shown, label_type="center", color="#222222", fontsize=LABEL_SIZE - 1, bbox=LABEL_BOX
    )


def finish_figure(
    fig: Figure,
    ax: Axes,
    handles: Sequence[Artist],
    labels: Sequence[str],
    *,
    grid: Literal["both", "x", "y"] = "both",
    size: float = LABEL_SIZE,
) -> Figure:
    """Size the ticks, draw the grid behind the data, put the legend above; return ``fig``."""
    ax.tick_params(labelsize=size)
    ax.grid(axis=grid, color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    legend_above(ax, handles, labels)
    apply_fonts(fig)
    return fig


def integer_axis(ax: Axes, which: str) -> None:
    """Tick ``which`` axis ("x" or "y") at whole numbers only, for counts."""
    from matplotlib.ticker import MaxNLocator

    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_locator(MaxNLocator(nbins="auto", integer=True, min_n_ticks=2))


class TextMeter:
    """Measures text widths in inches with the chart fonts, caching per character."""

    def __init__(self, fig: Figure, size: float) -> None:
        """Prepare to measure text of ``size`` points drawn on ``fig``.

        Args:
            fig: A figure with an Agg canvas (see ``new_figure``).
            size: Font size in points.
        """
        from matplotlib.font_manager import FontProperties

        self._renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        self._dpi = float(fig.dpi)
        self._prop = FontProperties(family=list(font_families()), size=size)
        # Each measurement lays the text out in FreeType (about 1 ms): measure once.
        self._widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        """Return the width of one line of ``text`` in inches."""
        if not text:
            return 0.0
        if text not in self._widths:
            w, _h, _d = self._renderer.get_text_width_height_descent(text, self._prop, ismath=False)
            self._widths[text] = float(w) / self._dpi
        return self._widths[text]

    def widest(self, texts: Sequence[str]) -> float:
        """Return the width of the widest line among ``texts`` in inches."""
        return max((self.width(line) for t in texts for line in t.split("\n")), default=0.0)

    def fit(self, text: str, max_width: float, max_lines: int = 2) -> str:
        """Break ``text`` into lines no wider than ``max_width`` inches, ellipsising the rest.

        Chinese has no spaces, so lines break between any two characters.

        Args:
            text: A label, e.g. a unit name.
            max_width: Width limit in inches.
            max_lines: Lines allowed; the last one ends in "…" if text remains.

        Returns:
            The label with ``\\n`` between lines.
        """
        if self.width(text) <= max_width:
            return text
        lines: list[str] = []
        rest = text
        while rest and len(lines) < max_lines:
            last = len(lines) == max_lines - 1
            # Summing cached character widths avoids a FreeType layout per attempt.
            if sum(map(self.width, rest)) <= max_width:
                lines.append(rest)
                break
            budget = max_width - (self.width("…") if last else 0.0)
            used, cut = 0.0, 0
            while cut < len(rest) and used + self.width(rest[cut]) <= budget:
                used += self.width(rest[cut])
                cut += 1
            cut = max(cut, 1)
            if last:
                lines.append(rest[:cut] + "…")
                break
            cut = _break_point(rest, cut)
            lines.append(rest[:cut])
            rest = rest[cut:]
        return "\n".join(lines)


_OPENING = "（([【《“‘"
_CLOSING = "）)]】》”’，,。.、：:；;！!？?…"


def _break_point(text: str, cut: int) -> int:
    """Move a line break at ``cut`` to a better place, as Chinese typesetting does.

    Breaks before an opening bracket in the second half of the line, and never
    leaves a closing bracket or a punctuation mark at the start of the next line.
    """
    opening = max((i for i in range(cut // 2, cut) if text[i] in _OPENING), default=0)
    if opening:
        return opening
    while 1 < cut < len(text) and text[cut] in _CLOSING:
        cut -= 1
    return cut


def save_png(fig: Figure, path: str | os.PathLike[str], dpi: int = 150) -> Path:
    """Write ``fig`` as a PNG file: to a temporary name first, then renamed over ``path``.

    A crash or a full disk leaves the old file (or none), never a half-written one.

    Args:
        fig: The figure to render.
        path: Destination file; its folder must exist.
        dpi: Resolution; 150 prints well at A4 text width.

    Returns:
        The destination path.
    """
    target = Path(path)
    temp = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temp, "xb") as handle, cjk_context():
            fig.savefig(handle, format="png", dpi=dpi, facecolor="white")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target
