"""``brandoffice chart KIND``: a PNG per kind, kinds in --help, exit 2 for an unknown campaign."""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from pathlib import Path
from typing import Any

import pytest

from brandoffice.app import open_context
from brandoffice.backup import copy_database
from brandoffice.charts.adapters import CHART_KINDS
from brandoffice.cli import chart_cmd, commands
from brandoffice.cli.main import main
from tests.conftest import FakeClock
from tests.core.services.calendar_fixtures import seed000_campaign

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _chart_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Add the subcommand unless commands.register already does (once wired in)."""
    original = commands.register

    def register(sub: Any) -> None:
        original(sub)
        if "chart" not in sub.choices:
            chart_cmd.register(sub)

    monkeypatch.setattr(commands, "register", register)


@pytest.fixture
def campaign_db(empty_template: Path, tmp_path: Path) -> Path:
    path = copy_database(empty_template, tmp_path / "cli.sqlite3")
    ctx = open_context(str(path), clock=FakeClock(dt.datetime(2026, 5, 20, 9)))
    seed000_campaign(ctx)
    ctx.db.dispose()
    return path


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_each_kind_writes_a_png(kind: str, campaign_db: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.png"
    code = main(
        [
            "--db",
            str(campaign_db),
            "chart",
            kind,
            "--campaign",
            "2026年党建品牌创建",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 5_000


def test_the_newest_campaign_is_the_default(campaign_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "phase.png"
    assert main(["--db", str(campaign_db), "chart", "phase", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(PNG_MAGIC)


def test_unknown_campaign_exits_2_in_chinese(
    campaign_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.png"
    code = main(
        ["--db", str(campaign_db), "chart", "unit", "--campaign", "没有这个活动", "--out", str(out)]
    )
    assert code == 2
    assert "找不到创建活动“没有这个活动”" in capsys.readouterr().err
    assert not out.exists()


def test_help_lists_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["chart", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for kind, label in CHART_KINDS.items():
        assert kind in text and label in text


def test_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["chart", "pie", "--out", "x.png"])
    assert stop.value.code == 2
    assert "参数错误" in capsys.readouterr().err


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_drawing_warns_of_no_missing_glyph(
    kind: str, campaign_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from brandoffice.charts.adapters import chart_figure
    from brandoffice.services.campaigns import CampaignService

    ctx = open_context(str(campaign_db), clock=FakeClock(dt.datetime(2026, 5, 20, 9)))
    campaign = CampaignService(ctx).campaigns()[0]
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        figure = chart_figure(ctx, kind, campaign.id, campaign_name=campaign.name)
        figure.canvas.draw()
    ctx.db.dispose()
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("2026年党建品牌创建" in t or "党建品牌" in t for t in texts)
