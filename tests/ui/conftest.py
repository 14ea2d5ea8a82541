"""Fixtures of the window tests: a small street built through the services, private settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from brandoffice.backup import copy_database
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from tests.core.packet.packet_helpers import open_office
from tests.ui.windows import blank_window
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def build_street(ctx: AppContext) -> dict[str, int]:
    """Create a street with three units, two brands and a campaign; return ids by name.

    With the clock at 2026-05-20 (a Wednesday): 制定实施方案 (due 05-10) is overdue for
    the three units that have not finished it, 确定创建品牌 (due 05-22) is due this week
    for all four, 开展主题实践 (due 06-30) is neither. 和平社区's term ends in August,
    临江社区's ended in December 2025.
    """
    orgs = OrgService(ctx)
    street = orgs.create(
        OrgDraft(
            name="幸福街道党工委",
            kind="党工委",
            level="街道乡镇",
            sector="街道",
            secretary="王书记",
        )
    )
    peace, river, school = (
        orgs.create(
            OrgDraft(
                name=name,
                kind=kind,
                level=level,
                parent_id=street.id,
                sector=sector,
                grade=grade,
                secretary=secretary,
                term_end=term_end,
            )
        )
        for name, kind, level, sector, grade, secretary, term_end in (
            ("和平社区党委", "党委", "村社区", "社区", "先进", "李红", dt.date(2026, 8, 31)),
            ("临江社区党委", "党委", "村社区", "社区", "后进", "张强", dt.date(2025, 12, 31)),
            ("实验小学党支部", "党支部", "基层单位", "学校", "中间", None, dt.date(2027, 6, 30)),
        )
    )
    brands = BrandService(ctx)
    brands.create(BrandDraft(org_id=peace.id, name="和美邻里", year=2026))
    brands.create(BrandDraft(org_id=school.id, name="红烛先锋", year=2026))
    campaigns = CampaignService(ctx)
    campaign = campaigns.create_campaign("2026年党建品牌创建", 2026, scope_org_id=street.id)
    phase1 = campaigns.add_phase(campaign.id, "动员部署", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    phase2 = campaigns.add_phase(campaign.id, "具体实施", dt.date(2026, 6, 1), dt.date(2026, 8, 31))
    plan = campaigns.add_task(TaskDraft(phase1.id, "制定实施方案", dt.date(2026, 5, 10)))
    campaigns.add_task(TaskDraft(phase1.id, "确定创建品牌", dt.date(2026, 5, 22)))
    campaigns.add_task(TaskDraft(phase2.id, "开展主题实践", dt.date(2026, 6, 30)))
    campaigns.set_progress([(plan.id, peace.id)], "已完成", done_on=dt.date(2026, 5, 8))
    return {"street": street.id, "peace": peace.id, "river": river.id, "school": school.id}


@pytest.fixture
def street_ctx(ctx: AppContext) -> AppContext:
    """The test database with :func:`build_street` in it."""
    build_street(ctx)
    return ctx


@pytest.fixture
def district(empty_template: Path, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """The district's own database (西安区), beside the test's street database."""
    path = copy_database(empty_template, tmp_path / "district.sqlite3")  # migrated, empty
    context = open_office(str(path), "西安区", clock)
    yield context
    context.db.dispose()


@pytest.fixture
def district_window(qtbot: QtBot, district: AppContext, settings: QSettings) -> MainWindow:
    """A main window with a blank page on the district's database."""
    return blank_window(qtbot, district, settings)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    """A plain widget for dialogs and task runners to belong to."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def runner(parent: QWidget) -> Iterator[TaskRunner]:
    """A task runner of ``parent``; after the test it waits (10 s at the most) for its work."""
    created = TaskRunner(parent)
    yield created
    created.wait(10000)


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, settings: QSettings) -> Iterator[MainWindow]:
    """The main window on the empty test database, shown (test modules may have their own)."""
    win = MainWindow(ctx, settings=settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.wait(10_000)


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[QSettings]:
    """A private settings file (QSettings caches the user path per process)."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield store
    store.sync()


class Messages:
    """Records message boxes and answers questions instead of opening them.

    Attributes:
        shown: ``(kind, title, text, details)`` of every inform/warn/error.
        asked: ``(title, text, choices)`` of every question.
        answers: Indexes to answer the next questions with (default: the first choice).
    """

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str, str | None]] = []
        self.asked: list[tuple[str, str, list[str]]] = []
        self.answers: list[int] = []

    def texts(self, kind: str | None = None) -> list[str]:
        """Return the texts shown (of one kind)."""
        return [text for k, _t, text, _d in self.shown if kind is None or k == kind]


@pytest.fixture
def msgs(monkeypatch: pytest.MonkeyPatch) -> Messages:
    """Patch ``ui.messages`` so flows can be driven without real message boxes."""
    from ui import messages

    record = Messages()

    def shower(kind: str) -> Callable[..., None]:
        def show(
            _parent: Any, title: str, text: str, *, details: str | None = None, **_kw: Any
        ) -> None:
            record.shown.append((kind, title, text, details))

        return show

    def ask(_parent: Any, title: str, text: str, choices: Any, on_answer: Any, **_kw: Any) -> None:
        record.asked.append((title, text, list(choices)))
        on_answer(record.answers.pop(0) if record.answers else 0)

    for kind in ("inform", "warn", "error"):
        monkeypatch.setattr(messages, kind, shower(kind))
    monkeypatch.setattr(messages, "ask", ask)
    return record
