"""数据 → 下发决定数据包… at the district, and the street importing it through 导入数据包…."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from brandoffice.office import OfficeIdentity
from brandoffice.packet.export import export_up
from brandoffice.packet.fileformat import read_packet
from brandoffice.packet.merge import import_packet
from brandoffice.services.brands import BrandService
from brandoffice.services.campaign_edit import delete_campaign
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.settings import set_office_identity
from tests.core.brand_drafts import ready_brand
from tests.core.packet.packet_helpers import records, uid_key
from tests.ui.conftest import build_street
from tests.ui.windows import blank_window, choose_file, idle
from ui import file_dialogs
from ui.main_window import MainWindow
from ui.packet_down import NO_CAMPAIGN, DownPacketDialog
from ui.safety.access import Access

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
TEMPLATE = "2027年党建品牌创建活动"


def _save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer the non-blocking save dialog with ``path``; return the suggested names."""
    suggested: list[str] = []

    def fake(
        _parent: Any,
        _caption: str,
        directory: str,
        _filter: str,
        _suffix: str,
        chosen: Callable[[str], None],
    ) -> None:
        suggested.append(directory)
        chosen(str(path))

    monkeypatch.setattr(file_dialogs, "open_save_dialog", fake)
    return suggested


@pytest.fixture
def reported(ctx: AppContext, district: AppContext, tmp_path: Path) -> AppContext:
    """幸福街道 (built through the services) has reported to the district once."""
    build_street(ctx)
    set_office_identity(ctx, OfficeIdentity(name="幸福街道"))
    brands = BrandService(ctx)
    row = next(b for b in brands.all_rows() if b.name == "和美邻里")
    brands.update(row.id, row.version, ready_brand(row.org_id, row.name, row.year))
    assert import_packet(district, export_up(ctx, tmp_path / "up.bopkt").path).written
    return ctx


def _decide(district: AppContext, brand_uid: str) -> None:
    """Name the street's brand at 区级 and prepare next year's campaign template."""
    brands = BrandService(district)
    key = uid_key(district, "brands", brand_uid)
    day = dt.date(2026, 5, 20)
    brands.transition(key, "申报", level="区级", on=day, exception="全区社区治理示范点")
    brands.transition(key, "评审", on=day)
    brands.transition(key, "命名", level="区级", naming_body="西安区委组织部", on=day)
    campaigns = CampaignService(district)
    campaign = campaigns.create_campaign(TEMPLATE, 2027)
    phase = campaigns.add_phase(campaign.id, "动员部署", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    campaigns.add_task(TaskDraft(phase.id, "制定创建方案", dt.date(2027, 3, 1)))


def _open_dialog(qtbot: QtBot, window: MainWindow) -> DownPacketDialog:
    window.commands.packet_down.trigger()
    idle(qtbot, window)
    dialog = window.commands.packet.down
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_district_sends_a_naming_down_and_the_street_imports_it(
    qtbot: QtBot,
    reported: AppContext,
    district: AppContext,
    district_window: MainWindow,
    settings: QSettings,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    street = reported
    brand_uid = next(uid for uid, r in records(street, "brands").items() if r["name"] == "和美邻里")
    _decide(district, brand_uid)

    dialog = _open_dialog(qtbot, district_window)
    offices = [dialog.office.itemText(i) for i in range(dialog.office.count())]
    campaigns = [dialog.campaign.itemText(i) for i in range(dialog.campaign.count())]
    assert offices == ["幸福街道"]
    assert campaigns == [NO_CAMPAIGN, TEMPLATE]  # not the street's own 2026 campaign
    dialog.campaign.setCurrentIndex(campaigns.index(TEMPLATE))
    suggested = _save_as(monkeypatch, tmp_path / "down")  # typed without the suffix
    dialog.accept()
    idle(qtbot, district_window)
    assert district_window.commands.packet.down is None
    assert Path(suggested[0]).name == "下发数据包_幸福街道_20260520.bopkt"

    down = tmp_path / "down.bopkt"
    manifest = read_packet(down).manifest
    assert manifest["direction"] == "down" and manifest["for_office"]["name"] == "幸福街道"
    kind, title, text, _details = msgs.shown[-1]
    assert (kind, title) == ("inform", "下发数据包已生成")
    assert text.startswith("已生成下发给“幸福街道”的第 1 号数据包")
    sent = ["品牌：2 条", "品牌创建历程：5 条", "创建活动：1 条", "阶段：1 条", "任务：1 条"]
    assert text.split("其中包含：\n")[1].split("\n") == [f"  {line}" for line in sent]

    # The street imports it through 导入数据包…: preview first, then the register has the level.
    street_window = blank_window(qtbot, street, settings)
    choose_file(monkeypatch, "get_open_file_name", down)
    street_window.commands.packet_import.trigger()
    idle(qtbot, street_window)
    preview = street_window.commands.packet.preview
    assert preview is not None
    shown = preview.text.toPlainText()
    assert shown.startswith("来自“西安区”的下发数据包（第 1 号）")
    assert "品牌创建历程：新增 3" in shown and "创建活动：新增 1" in shown
    key = uid_key(street, "brands", brand_uid)
    assert BrandService(street).get(key).level != "区级"  # nothing written before confirming
    preview.accept()
    idle(qtbot, street_window)
    brand = BrandService(street).get(key)
    assert (brand.status, brand.level) == ("命名", "区级")
    steps = [(h.to_status, h.level) for h in BrandService(street).history(key)]
    assert [s for s, _level in steps[-3:]] == ["申报", "评审", "命名"]
    assert steps[-1] == ("命名", "区级")
    assert TEMPLATE in [c.name for c in CampaignService(street).campaigns()]
    assert msgs.texts("inform")[-1] == "数据包已导入。"


def test_without_reported_offices_the_clerk_is_told_why(
    qtbot: QtBot, district_window: MainWindow, msgs: Messages
) -> None:
    district_window.commands.packet_down.trigger()
    idle(qtbot, district_window)
    assert district_window.commands.packet.down is None
    assert "还没有导入过任何单位报送的数据包" in msgs.texts("inform")[-1]


def test_a_failed_export_is_shown_and_writes_no_file(
    qtbot: QtBot,
    reported: AppContext,
    district: AppContext,
    district_window: MainWindow,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    CampaignService(district).create_campaign(TEMPLATE, 2027)
    dialog = _open_dialog(qtbot, district_window)
    dialog.campaign.setCurrentIndex(dialog.campaign.findText(TEMPLATE))
    delete_campaign(district, CampaignService(district).campaign(TEMPLATE).id)
    _save_as(monkeypatch, tmp_path / "down.bopkt")
    dialog.accept()
    idle(qtbot, district_window)
    kind, title, text, _details = msgs.shown[-1]
    assert (kind, title) == ("warn", "下发决定数据包") and text.startswith("找不到创建活动")
    assert not (tmp_path / "down.bopkt").exists()


def test_only_roles_that_export_may_send_down(qtbot: QtBot, district_window: MainWindow) -> None:
    action = district_window.commands.packet_down
    district_window.apply_access(Access(role="领导", account="李领导"))
    assert not action.isEnabled()
    district_window.apply_access(Access(role="组织员", account="张组织"))
    assert action.isEnabled()
    district_window.apply_access(Access(read_only_db=True))
    assert not action.isEnabled()
