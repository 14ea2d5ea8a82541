"""The 数据 menu's packet flows on real databases: export, preview, import, undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from brandoffice.model import Brand, Organisation
from brandoffice.office import OfficeIdentity
from brandoffice.packet.fileformat import read_packet
from brandoffice.services.context import AppContext
from brandoffice.services.settings import set_office_identity
from tests.ui.conftest import build_street
from tests.ui.windows import blank_window, choose_file, data_changes, idle
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _count(ctx: AppContext, model: Any) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_street_exports_and_district_previews_imports_and_undoes(
    qtbot: QtBot,
    ctx: AppContext,
    district: AppContext,
    district_window: MainWindow,
    settings: QSettings,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build_street(ctx)
    set_office_identity(ctx, OfficeIdentity(name="幸福街道"))
    street = blank_window(qtbot, ctx, settings)
    choose_file(monkeypatch, "get_save_file_name", tmp_path / "up")
    msgs.answers.append(0)  # 遮蔽身份证号
    street.commands.packet_export.trigger()
    idle(qtbot, street)
    packet = tmp_path / "up.bopkt"
    assert read_packet(packet).manifest["office"]["name"] == "幸福街道"
    assert msgs.texts("inform")[-1].startswith("已生成第 1 号报送数据包")

    choose_file(monkeypatch, "get_open_file_name", packet)
    reasons = data_changes(district_window)
    district_window.commands.packet_import.trigger()
    idle(qtbot, district_window)
    preview = district_window.commands.packet.preview
    assert preview is not None and "单位：新增 4" in preview.text.toPlainText()
    assert _count(district, Organisation) == 0  # nothing written before confirming
    preview.reject()
    assert _count(district, Organisation) == 0 and reasons == []

    district_window.commands.packet.import_file()
    idle(qtbot, district_window)
    preview = district_window.commands.packet.preview
    assert preview is not None
    preview.accept()
    idle(qtbot, district_window)
    assert reasons == ["packet"]
    assert _count(district, Organisation) == _count(ctx, Organisation) == 4
    assert _count(district, Brand) == _count(ctx, Brand)

    district_window.commands.packet.import_file()  # the same packet again: nothing to do
    idle(qtbot, district_window)
    assert "已导入过" in msgs.texts("inform")[-1]

    msgs.answers.append(0)  # 撤销导入
    district_window.commands.packet_undo.trigger()
    idle(qtbot, district_window)
    assert _count(district, Organisation) == 0 and reasons == ["packet", "undo"]


def test_damaged_packet_is_refused_in_chinese(
    qtbot: QtBot,
    district_window: MainWindow,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "bad.bopkt"
    bad.write_bytes(b"PK\x03\x04 not a packet")
    choose_file(monkeypatch, "get_open_file_name", bad)
    district_window.commands.packet.import_file()
    idle(qtbot, district_window)
    assert district_window.commands.packet.preview is None
    assert any("已拒绝导入" in text for text in msgs.texts())
