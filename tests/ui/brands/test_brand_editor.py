"""The brand editor: the name checked as you type, the checklist, lists, logo, save and undo."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.brands import BrandService
from brandoffice.services.rows import CarrierRow
from tests.ui.brands.helpers import png, press_ok, type_text
from tests.ui.conftest import Messages
from tests.ui.windows import choose_file
from ui.brands.brand_form import snapshot_of
from ui.brands.new_brand import NewBrandDialog
from ui.brands.page import BrandPage
from ui.dialogs import SaveChoice

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def type_name(qtbot: QtBot, page: BrandPage, text: str) -> str:
    """Replace the name by typing it; return the message shown next to the field."""
    type_text(page.editor.form.name, text, replace=True)
    label = page.editor.form.name_error
    return label.text() if not label.isHidden() else ""


def test_name_is_checked_as_you_type(qtbot: QtBot, page: BrandPage, ids: dict[str, int]) -> None:
    page.select_brand(ids["幸福驿站"])
    assert "4–8个字" in type_name(qtbot, page, "一二三四五六七八九")
    assert "有9个字" in page.editor.form.name_error.text()
    assert "已被其他品牌使用" in type_name(qtbot, page, "和美邻里")
    assert type_name(qtbot, page, "幸福驿站新篇") == ""
    assert type_name(qtbot, page, "幸福驿站") == ""  # its own name is not a duplicate
    marks = page.editor.checklist.marks()
    type_name(qtbot, page, "幸福")
    assert page.editor.checklist.marks()[0] == "✗ 有名称"
    assert marks[0] == "✓ 有名称"


def test_new_brand_dialog_checks_the_name(
    qtbot: QtBot, page: BrandPage, ids: dict[str, int]
) -> None:
    page.select_brand(ids["红烛先锋"])
    page.new_button.click()
    dialog = page.dialog
    assert isinstance(dialog, NewBrandDialog)
    type_text(dialog.name, "一二三四五六七八九")
    assert "4–8个字" in dialog.name_error.text()
    dialog.name.clear()
    type_text(dialog.name, "楼宇先锋")
    assert "已被其他品牌使用" in dialog.name_error.text()
    press_ok(dialog)
    assert dialog.isVisible() and dialog.created is None
    dialog.name.clear()
    type_text(dialog.name, "书香校园")
    press_ok(dialog)
    assert dialog.created is not None and dialog.created.org_id == ids["school"]
    assert page.editor.row().name == "书香校园"
    assert page.editor.row().status == "培育"


def test_checklist_follows_the_fields(qtbot: QtBot, page: BrandPage, ids: dict[str, int]) -> None:
    page.select_brand(ids["红烛先锋"])
    checklist = page.editor.checklist
    assert (
        "尚缺：有标识、有主题、有内涵、有理念、党组织和党员作用发挥好" in checklist.missing_text()
    )
    form = page.editor.form
    type_text(form.logo.text, "红烛")
    type_text(form.theme, "教书育人")
    form.connotation.setPlainText("燃烧自己，照亮别人")
    form.concept.setPlainText("立德树人")
    assert checklist.missing_text().startswith("尚缺：党组织和党员作用发挥好")
    form.role_played.setPlainText("党员教师示范课")
    assert checklist.missing_text() == "五有一好已齐备，可以申报"
    assert not page.lifecycle.buttons["申报"].isEnabled()  # not saved yet
    assert page.editor.save()
    assert page.lifecycle.buttons["申报"].isEnabled()


def test_save_undo_and_lists(qtbot: QtBot, page: BrandPage, ids: dict[str, int]) -> None:
    page.select_brand(ids["幸福驿站"])
    editor = page.editor
    assert not editor.save_button.isEnabled()
    carriers = editor.form.carriers.model
    carriers.add(CarrierRow("红色议事厅", "居民议事"))
    carriers.move(2, -1)
    carriers.remove(0)
    editor.form.service_items.add("政策咨询")
    type_text(editor.form.slogan, "！")
    assert editor.has_unsaved_changes() and editor.save_button.isEnabled()
    assert editor.save()
    stored = BrandService(page.ctx)
    row = stored.get(ids["幸福驿站"])
    assert row.slogan == "幸福社区，家园共治！"
    assert row.service_items == ["为民服务", "纠纷调解", "政策咨询"]
    assert [c.name for c in stored.carriers(row.id)] == ["红色议事厅", "连心热线"]
    assert page.model.row_at(page.model.row_of(row.id)).brand.slogan == "幸福社区，家园共治！"

    editor.undo()  # back to before the save, shown but not stored
    assert editor.form.slogan.text() == "幸福社区，家园共治"
    assert editor.has_unsaved_changes()
    assert editor.save()
    assert stored.get(row.id).slogan == "幸福社区，家园共治"
    assert [c.name for c in stored.carriers(row.id)] == ["幸福驿站", "连心热线"]


def test_logo_image_is_stored_and_shown(
    qtbot: QtBot,
    page: BrandPage,
    ids: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.select_brand(ids["红烛先锋"])
    logo = page.editor.form.logo
    assert logo.thumb.text() == "无图片"
    choose_file(monkeypatch, "get_open_file_name", png(tmp_path))
    logo.choose_button.click()
    assert not logo.thumb.pixmap().isNull()
    assert "✓ 有标识" in page.editor.checklist.marks()
    assert page.editor.save()
    row = BrandService(page.ctx).get(ids["红烛先锋"])
    assert row.logo_attachment_id is not None
    assert not page.editor.has_unsaved_changes()
    page.select_brand(ids["幸福驿站"])
    page.select_brand(ids["红烛先锋"])
    assert not page.editor.form.logo.thumb.pixmap().isNull()

    bad = tmp_path / "not-an-image.png"
    bad.write_bytes(b"hello")
    assert not logo.load_file(bad)
    assert "不是可识别的图片" in logo.error.text()

    logo.remove_button.click()
    assert page.editor.save()
    assert BrandService(page.ctx).get(ids["红烛先锋"]).logo_attachment_id is None
    page.editor.undo()
    assert page.editor.save()
    assert BrandService(page.ctx).get(ids["红烛先锋"]).logo_attachment_id == row.logo_attachment_id


def test_stale_edit_is_shown_and_reloaded(
    qtbot: QtBot, page: BrandPage, ids: dict[str, int], msgs: Messages
) -> None:
    page.select_brand(ids["幸福驿站"])
    service = BrandService(page.ctx)
    other = service.get(ids["幸福驿站"])
    draft = replace(snapshot_of(other, service.carriers(other.id)).draft, slogan="他人改的口号")
    service.update(other.id, other.version, draft)  # someone else changes the brand meanwhile
    type_text(page.editor.form.theme, "（修订）")
    assert not page.editor.save()
    assert "已被他人修改" in msgs.texts("warn")[-1]
    assert not page.editor.has_unsaved_changes()
    assert page.editor.row().version == service.get(other.id).version
    assert page.editor.form.slogan.text() == "他人改的口号"


def test_no_edit_lost_on_switch(
    qtbot: QtBot, page: BrandPage, ids: dict[str, int], save_asker: Any
) -> None:
    page.select_brand(ids["幸福驿站"])
    type_text(page.editor.form.theme, "！")
    assert page.has_unsaved_changes()
    assert not page.select_brand(ids["红烛先锋"])  # 取消: stays
    assert page.editor.brand_id() == ids["幸福驿站"]
    assert page.model.row_at(page.table.currentIndex().row()).brand.id == ids["幸福驿站"]
    assert page.editor.form.theme.text().endswith("！")
    save_asker.answers.append(SaveChoice.DISCARD)
    assert page.select_brand(ids["红烛先锋"])
    assert BrandService(page.ctx).get(ids["幸福驿站"]).theme == "问计于民、问需于民、服务于民"
    page.select_brand(ids["幸福驿站"])
    type_text(page.editor.form.theme, "！")
    save_asker.answers.append(SaveChoice.SAVE)
    assert page.save_or_discard()
    assert BrandService(page.ctx).get(ids["幸福驿站"]).theme.endswith("！")
    assert save_asker.asked == ["幸福驿站", "幸福驿站", "幸福驿站"]
