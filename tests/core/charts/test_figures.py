"""Tests of the chart builders: Chinese renders, nothing overlaps or is cut off, PNGs written."""

import datetime as dt
import itertools
import logging
import os
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from brandoffice.charts import figures, fonts
from brandoffice.charts.common import EMPTY_TEXT, TextMeter, new_figure
from brandoffice.charts.figures import BrandTally, PhaseCompletion, ProgressPoint, UnitRate
from brandoffice.charts.timeline import date_labels, date_ticks
from brandoffice.model.vocab import OVERDUE, BrandLevel, BrandStatus, ProgressStatus

D = dt.date
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

PHASES = [
    PhaseCompletion("动员部署", done=120, in_progress=10, not_started=5, overdue=3),
    PhaseCompletion("具体实施", done=60, in_progress=50, not_started=20, overdue=8),
    PhaseCompletion("对标定位，晋档升级（四找）", done=0, in_progress=2, not_started=136),
    PhaseCompletion("系统总结，完善机制", not_started=138, overdue=1),
]
SECTORS = ["机关", "社区", "农村", "学校", "国有企业", "非公企业", "社会组织", "事业单位", "卫生"]
PLANNED = [
    ProgressPoint(D(2024, 3, 1), 0),
    ProgressPoint(D(2024, 5, 31), 25),
    ProgressPoint(D(2024, 8, 31), 60),
    ProgressPoint(D(2024, 12, 31), 100),
]
ACTUAL = [ProgressPoint(D(2024, 3, 1) + dt.timedelta(weeks=w), w * 1.9) for w in range(34)]
TALLIES = [
    BrandTally("培育", None, 14),
    BrandTally("申报", "单位级", 6),
    BrandTally("申报", "街道级", 3),
    BrandTally("评审", "区级", 2),
    BrandTally("命名", "单位级", 9),
    BrandTally("命名", "街道级", 7),
    BrandTally("命名", "市级", 1),
    BrandTally("命名", "市级", 1),
    BrandTally("整改", "街道级", 1),
]


def _long_units(count: int) -> list[UnitRate]:
    places = ["东湖", "西城", "南苑", "北关", "和平里", "幸福家园"]
    units = []
    for i in range(count):
        name = f"{places[i % len(places)]}社区第{i + 1}党支部"
        if i % 3 == 0:
            name += "（非公企业和社会组织联合党支部）"
        units.append(UnitRate(name, done=(i * 7) % 21, total=20))
    return units


def _draw_cleanly(fig: Figure, caplog: pytest.LogCaptureFixture) -> None:
    """Draw ``fig`` and fail on any warning, in particular a missing glyph."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "Glyph" in m or "missing from font" in m], messages
    assert not messages
    assert not [r for r in caplog.records if r.name.startswith("matplotlib")], caplog.text


def _legend(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _assert_fonts_and_bounds(fig: Figure) -> None:
    """Every Chinese text uses a CJK font; no text sticks out of the figure."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    cjk = fonts.cjk_font_families()
    for text in _texts(fig):
        if any("\u4e00" <= ch <= "\u9fff" for ch in text.get_text()):
            assert text.get_fontfamily()[0] in cjk, text.get_text()
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.y0 >= -1, text.get_text()
        assert box.x1 <= fig.bbox.x1 + 1 and box.y1 <= fig.bbox.y1 + 1, text.get_text()


def _assert_disjoint(texts: list[Text], fig: Figure) -> None:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), (a, b)


def _save(fig: Figure, path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert figures.save_png(fig, path) == path
    assert not caught
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 5_000
    assert sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")) == []


def test_phase_completion(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fig = figures.phase_completion_figure(PHASES)
    _draw_cleanly(fig, caplog)
    _assert_fonts_and_bounds(fig)
    ax = fig.axes[0]
    assert _legend(ax) == [
        "已完成",
        "进行中",
        "未开始",
        "逾期",
    ]
    assert ax.get_yticklabels()[0].get_text() == "动员部署"
    _assert_disjoint(ax.get_yticklabels(), fig)
    _save(fig, tmp_path / "phases.png")


def test_completion_rate_40_long_names(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    units = _long_units(40)
    fig = figures.completion_rate_figure(units)
    _draw_cleanly(fig, caplog)
    _assert_fonts_and_bounds(fig)
    ax = fig.axes[0]
    labels = ax.get_yticklabels()
    assert len(labels) == 40
    _assert_disjoint(labels, fig)
    values = [t for t in ax.texts if "%" in t.get_text()]
    assert len(values) == 40
    _assert_disjoint(values, fig)
    rates = [float(t.get_text().split("%")[0]) for t in values]
    assert rates == sorted(rates, reverse=True)
    _save(fig, tmp_path / "units.png")


@pytest.mark.parametrize("count", [1, 9, 60])
def test_completion_rate_sizes(count: int, caplog: pytest.LogCaptureFixture) -> None:
    units = [UnitRate(name, done=i, total=30) for i, name in enumerate(SECTORS)]
    units = units[:count] if count <= len(units) else _long_units(count)
    fig = figures.completion_rate_figure(units, title="各领域任务完成率")
    _draw_cleanly(fig, caplog)
    _assert_fonts_and_bounds(fig)
    _assert_disjoint(fig.axes[0].get_yticklabels(), fig)
    # The height grows with the bars; each bar keeps at least 0.2 inch.
    assert fig.get_size_inches()[1] >= 0.2 * count


def test_completion_rate_unit_without_tasks_goes_last(caplog: pytest.LogCaptureFixture) -> None:
    units = [
        UnitRate("新成立党支部", 0, 0),
        UnitRate("社区党委", 3, 4),
        UnitRate("机关党支部", 0, 4),
    ]
    fig = figures.completion_rate_figure(units)
    _draw_cleanly(fig, caplog)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert names == ["社区党委", "机关党支部", "新成立党支部"]
    assert "无任务" in [t.get_text() for t in fig.axes[0].texts]


def test_progress_over_time(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fig = figures.progress_figure(ACTUAL, PLANNED, today=D(2024, 10, 20))
    _draw_cleanly(fig, caplog)
    _assert_fonts_and_bounds(fig)
    ax = fig.axes[0]
    ticks = ax.get_xticklabels()
    assert [t.get_text() for t in ticks][:2] == ["2024年3月", "5月"]
    _assert_disjoint(ticks, fig)
    legend = _legend(ax)
    assert legend == ["计划进度", "实际完成", "今天（10月20日）"]
    today = D(2024, 10, 20).toordinal()
    assert any(np.array_equal(line.get_xdata(), [today, today]) for line in ax.lines)
    _save(fig, tmp_path / "progress.png")


def test_progress_today_outside_the_range_is_not_marked(caplog: pytest.LogCaptureFixture) -> None:
    fig = figures.progress_figure(ACTUAL, PLANNED, today=D(2025, 3, 1))
    _draw_cleanly(fig, caplog)
    assert len(fig.axes[0].lines) == 2


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (D(2023, 4, 1), D(2023, 6, 30)),
        (D(2024, 12, 20), D(2025, 1, 5)),
        (D(2024, 5, 1), D(2024, 5, 8)),
    ],
)
def test_progress_short_spans(
    first: dt.date, last: dt.date, caplog: pytest.LogCaptureFixture
) -> None:
    planned = [ProgressPoint(first, 0), ProgressPoint(last, 100)]
    fig = figures.progress_figure([ProgressPoint(first, 0)], planned, today=first)
    _draw_cleanly(fig, caplog)
    _assert_fonts_and_bounds(fig)
    ticks = fig.axes[0].get_xticklabels()
    assert len(ticks) >= 2
    _assert_disjoint(ticks, fig)


def test_brands_by_status_and_level(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fig = figures.brand_status_level_figure(TALLIES)
    _draw_cleanly(fig, caplog)
    _assert_fonts_and_bounds(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(BrandStatus)
    legend = _legend(ax)
    assert legend == ["未定级", "单位级", "街道级", "区级", "市级"]
    totals = [t.get_text() for t in ax.texts][-len(BrandStatus) :]
    assert totals == ["14", "9", "2", "18", "1", "0"]
    _assert_disjoint(ax.get_xticklabels(), fig)
    _save(fig, tmp_path / "brands.png")


def test_unknown_brand_status_and_level_are_kept(caplog: pytest.LogCaptureFixture) -> None:
    fig = figures.brand_status_level_figure([BrandTally("待定", "省级", 2)])
    _draw_cleanly(fig, caplog)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "待定"
    assert _legend(ax) == ["省级"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: figures.phase_completion_figure([]),
        lambda: figures.phase_completion_figure([PhaseCompletion("动员部署")]),
        lambda: figures.completion_rate_figure([]),
        lambda: figures.progress_figure([], []),
        lambda: figures.brand_status_level_figure([]),
    ],
)
def test_empty_data_says_so(build: object, caplog: pytest.LogCaptureFixture) -> None:
    fig = build()  # type: ignore[operator]
    _draw_cleanly(fig, caplog)
    assert EMPTY_TEXT in [t.get_text() for t in _texts(fig)]


def test_colours_and_orders_match_the_vocabulary() -> None:
    statuses = [
        ProgressStatus.DONE,
        ProgressStatus.IN_PROGRESS,
        ProgressStatus.NOT_STARTED,
        OVERDUE,
    ]
    assert list(figures.STATUS_COLOURS) == statuses
    assert tuple(BrandStatus) == figures.BRAND_STATUS_ORDER
    assert list(figures.LEVEL_COLOURS)[1:] == list(BrandLevel)


def test_save_png_replaces_the_file_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    fig = figures.brand_status_level_figure(TALLIES)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    fig.savefig = broken  # type: ignore[method-assign]
    with pytest.raises(OSError, match="No space"):
        figures.save_png(fig, target)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["chart.png"]
    del fig.savefig
    figures.save_png(fig, target, dpi=72)
    assert target.read_bytes().startswith(PNG_MAGIC)
    assert os.listdir(tmp_path) == ["chart.png"]


def test_fit_breaks_chinese_labels_well() -> None:
    meter = TextMeter(new_figure(4, 2), 9)
    assert meter.fit("社区党委", 2.0) == "社区党委"
    wrapped = meter.fit("北关社区第22党支部（非公企业联合党支部）", 1.6)
    assert wrapped == "北关社区第22党支部\n（非公企业联合党支部）"
    lines = meter.fit("某某科技有限公司与某某物业服务有限公司联合党支部委员会", 1.2).split("\n")
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(meter.width(line) <= 1.2 for line in lines)
    for width in (0.5, 0.6, 0.7, 0.8):
        for line in meter.fit("甲乙丙丁，戊己庚辛、壬癸。子丑寅卯", width, 5).split("\n"):
            assert line[0] not in "，、。"


def test_date_ticks_and_labels() -> None:
    months = date_ticks(D(2024, 3, 1), D(2025, 2, 28), 6)
    assert months == [
        D(2024, 3, 1),
        D(2024, 5, 1),
        D(2024, 7, 1),
        D(2024, 9, 1),
        D(2024, 11, 1),
        D(2025, 1, 1),
    ]
    assert date_labels(months) == ["2024年3月", "5月", "7月", "9月", "11月", "2025年1月"]
    weeks = date_ticks(D(2024, 4, 3), D(2024, 5, 10), 8)
    assert weeks[0] == D(2024, 4, 8) and all(d.weekday() == 0 for d in weeks)
    assert date_labels(weeks)[:2] == ["2024年4月8日", "4月15日"]
    days = date_ticks(D(2024, 5, 1), D(2024, 5, 8), 4)
    assert days == [D(2024, 5, 1), D(2024, 5, 3), D(2024, 5, 5), D(2024, 5, 7)]
