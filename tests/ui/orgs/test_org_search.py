"""Search-as-you-type: pinyin initials, parts of numbers, masked results, selection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brandoffice.app import open_context
from brandoffice.idcard import mask_id_number
from brandoffice.services.context import AppContext
from tests.core.services.search_fixtures import ZHAO_ID, build_search_street
from ui.orgs.detail import MEMBER_TAB
from ui.orgs.page import OrgPage
from ui.orgs.search import HitModel, SearchHit, search_hits

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def titles(page: OrgPage) -> list[str]:
    return [h.title for h in page.search.model.hits()]


def test_pinyin_initials_find_the_unit_and_choosing_selects_it(
    page: OrgPage, qtbot: QtBot, ids: dict[str, int]
) -> None:
    page.search.edit.setFocus()
    qtbot.keyClicks(page.search.edit, "xfyz")
    assert page.search.timer.isActive()  # debounced: nothing queried yet
    assert page.search.model.rowCount() == 0
    qtbot.waitUntil(lambda: "幸福驿站社区党委" in titles(page), timeout=2000)
    assert page.search.popup.isVisible()
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Return)
    assert page.detail.org_id() == ids["station"]
    current = page.model.row_for(page.tree.currentIndex())
    assert current is not None and current.id == ids["station"]
    assert page.tree.isExpanded(page.model.index_for_id(ids["street"]))
    assert not page.search.popup.isVisible()


def test_choosing_a_branch_fetches_its_ancestors_lazily(
    page: OrgPage, qtbot: QtBot, ids: dict[str, int]
) -> None:
    assert not page.model.index_for_id(ids["second"]).isValid()
    qtbot.keyClicks(page.search.edit, "yzdedzb")
    qtbot.waitUntil(lambda: titles(page) == ["驿站第二党支部"], timeout=2000)
    page.search.choose_row(0)
    assert page.detail.org_id() == ids["second"]
    assert page.tree.isExpanded(page.model.index_for_id(ids["station"]))


def test_part_of_a_phone_number_finds_the_member_masked(
    page: OrgPage, qtbot: QtBot, ids: dict[str, int]
) -> None:
    qtbot.keyClicks(page.search.edit, "00000000")
    qtbot.waitUntil(lambda: titles(page) == ["张三"], timeout=2000)
    shown = page.search.model.data(page.search.model.index(0, 0))
    assert "138****0000" in shown and "13800000000" not in shown
    assert "110105****" in shown and "幸福驿站社区党委" in shown
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Return)
    assert page.detail.tabs.currentIndex() == MEMBER_TAB
    assert page.detail.members.selected_rows()[0].name == "张三"


def test_part_of_an_id_number_finds_members(orgs_ctx: AppContext) -> None:
    hits = search_hits(orgs_ctx, "110105197")
    assert hits and all(h.kind == "党员" for h in hits)
    assert all("110105197" not in h.detail for h in hits)


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_hits_on_each_database(db: str, request: pytest.FixtureRequest, db_path: Path) -> None:
    url = str(db_path) if db == "sqlite" else request.getfixturevalue("pg_url")
    ctx = open_context(url)
    try:
        ids = build_search_street(ctx)
        assert search_hits(ctx, "xfyz") == [
            SearchHit("组织", ids["station"], "幸福驿站社区党委", "党委 · 社区", "党委")
        ]
        detail = f"139****5678 · {mask_id_number(ZHAO_ID)} · 阳光社区党委"
        assert search_hits(ctx, "912345") == [SearchHit("党员", ids["zhao"], "赵六", detail)]
        assert search_hits(ctx, ZHAO_ID[:9]) == search_hits(ctx, "912345")
        hits = search_hits(ctx, "zw")
        assert len(hits) == 20 and {h.detail[-8:] for h in hits} == {"幸福驿站社区党委"}
        assert search_hits(ctx, "zw", members=False) == []
    finally:
        ctx.db.dispose()


def test_nothing_found_shows_a_hint_row(page: OrgPage, qtbot: QtBot) -> None:
    qtbot.keyClicks(page.search.edit, "qqqq")
    qtbot.waitUntil(lambda: page.search.model.rowCount() == 1, timeout=2000)
    index = page.search.model.index(0, 0)
    assert page.search.model.data(index) == "未找到匹配的组织或党员"
    assert page.search.model.flags(index) == Qt.ItemFlag.NoItemFlags
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Escape)
    assert not page.search.popup.isVisible()


def test_hit_model_passes_the_tester(qapp: Any, qtmodeltester: Any) -> None:
    model = HitModel()
    qtmodeltester.check(model)
    model.set_hits(
        [
            SearchHit("组织", 1, "幸福驿站社区党委", "党委 · 社区", "党委"),
            SearchHit("党员", 2, "张三", "138****0000"),
        ]
    )
    qtmodeltester.check(model)
    model.set_hits([], "未找到")
    qtmodeltester.check(model)
