"""The unit detail panel: form, validation next to fields, undo, stale edits, unsaved changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QSplitter

from brandoffice.errors import StaleEditError
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from ui import dialogs
from ui.dialogs import SaveChoice
from ui.orgs import dialogs as org_dialogs
from ui.orgs.detail import GROUP_TAB
from ui.orgs.org_form import term_warning
from ui.orgs.page import OrgPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def test_every_field_is_shown(page: OrgPage, ids: dict[str, int]) -> None:
    assert page.select_org(ids["station"])
    form = page.detail.form
    assert form.name_edit.text() == "幸福驿站社区党委"
    assert form.kind_combo.currentText() == "党委"
    assert form.sector_combo.currentText() == "社区"
    assert form.level_combo.currentText() == "村社区"
    assert form.parent_label.text() == "幸福街道党工委"
    assert form.secretary_edit.text() == "李红"
    assert form.phone_edit.text() == "13900001111"
    assert form.member_count_spin.value() == 250
    assert form.grade_combo.currentText() == "先进"
    assert not form.demo_box.isChecked()
    assert form.term_end_edit.value() == dt.date(2026, 9, 30)
    assert form.founded_edit.value() is None
    assert page.detail.path_label.text() == "幸福街道党工委 / 幸福驿站社区党委"
    assert not page.has_unsaved_changes()


def test_term_ending_within_six_months_is_warned(page: OrgPage, ids: dict[str, int]) -> None:
    page.select_org(ids["station"])
    warning = page.detail.form.term_warning
    assert warning.isVisibleTo(page) and "2026-09-30" in warning.text()
    today = dt.date(2026, 5, 20)
    assert "不足六个月" in term_warning(dt.date(2026, 11, 20), today)
    assert term_warning(dt.date(2026, 11, 21), today) == ""
    assert "已于" in term_warning(dt.date(2026, 5, 19), today)
    page.detail.form.term_end_edit.set_value(dt.date(2028, 1, 1))
    assert not warning.isVisibleTo(page)


def test_save_stores_the_form_and_repaints_the_tree(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext, qtmodeltester: Any
) -> None:
    page.select_org(ids["sunshine"])
    form = page.detail.form
    form.secretary_edit.setText("周明")
    form.grade_combo.setCurrentText("中间")
    assert page.has_unsaved_changes()
    assert page.detail.save()
    stored = OrgService(orgs_ctx).get(ids["sunshine"])
    assert (stored.secretary, stored.grade) == ("周明", "中间")
    assert page.model.data(page.model.index_for_id(ids["sunshine"], 5)) == "中间"
    assert not page.has_unsaved_changes()
    qtmodeltester.check(page.model)


def test_invalid_phone_is_shown_next_to_the_field(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext
) -> None:
    page.select_org(ids["sunshine"])
    page.detail.form.phone_edit.setText("123")
    assert not page.detail.save()
    label = page.detail.form.errors["phone"]
    assert label.isVisibleTo(page) and "电话号码" in label.text()
    assert OrgService(orgs_ctx).get(ids["sunshine"]).phone is None


def test_term_end_before_start_is_shown_next_to_term_end(
    page: OrgPage, ids: dict[str, int]
) -> None:
    page.select_org(ids["station"])
    page.detail.form.term_end_edit.set_value(dt.date(2020, 1, 1))
    assert not page.detail.save()
    assert "早于" in page.detail.form.errors["term_end"].text()


def test_undo_drops_edits_then_brings_back_the_values_before_the_save(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext
) -> None:
    page.select_org(ids["organ"])
    form = page.detail.form
    form.contact_edit.setText("孙丽")
    page.detail.undo()
    assert form.contact_edit.text() == ""
    assert not page.has_unsaved_changes()
    form.contact_edit.setText("孙丽")
    assert page.detail.save()
    page.detail.undo()
    assert form.contact_edit.text() == ""
    assert page.has_unsaved_changes()
    assert page.detail.save()
    assert OrgService(orgs_ctx).get(ids["organ"]).contact is None


def test_stale_edit_is_reported_and_the_form_reloads(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    page.select_org(ids["organ"])
    OrgService(orgs_ctx).rename(ids["organ"], "街道机关第一党支部")
    page.detail.form.address_edit.setText("幸福路1号")
    assert not page.detail.save()
    assert shown and "已被他人修改" in shown[0]
    assert page.detail.form.name_edit.text() == "街道机关第一党支部"
    assert not page.has_unsaved_changes()
    assert page.model.data(page.model.index_for_id(ids["organ"])) == "街道机关第一党支部"


@pytest.mark.parametrize("choice", list(SaveChoice))
def test_switching_units_with_unsaved_edits_asks(
    page: OrgPage,
    ids: dict[str, int],
    orgs_ctx: AppContext,
    choice: SaveChoice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save", lambda _p, name: asked.append(name) or choice)
    page.select_org(ids["organ"])
    page.detail.form.address_edit.setText("幸福路1号")
    moved = page.select_org(ids["sunshine"])
    assert asked == ["街道机关党支部"]
    stored = OrgService(orgs_ctx).get(ids["organ"]).address
    if choice is SaveChoice.CANCEL:
        assert not moved and page.detail.org_id() == ids["organ"]
        assert page.detail.form.address_edit.text() == "幸福路1号"
        assert page.model.row_for(page.tree.currentIndex()).id == ids["organ"]  # type: ignore[union-attr]
        assert not page.save_or_discard()
    else:
        assert moved and page.detail.org_id() == ids["sunshine"]
    assert stored == ("幸福路1号" if choice is SaveChoice.SAVE else None)


def test_leading_group_is_edited_and_saved(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext
) -> None:
    page.select_org(ids["station"])
    group = page.detail.group
    group.add_seat("组长", "李红", "书记")
    group.add_seat("组员", "王芳", None)
    assert page.has_unsaved_changes()
    assert page.detail.save()
    seats = OrgService(orgs_ctx).leading_group(ids["station"])
    assert [(s.role, s.person_name) for s in seats] == [("组长", "李红"), ("组员", "王芳")]
    group.add_seat("组长", "赵强", None)
    assert not page.detail.save()
    assert "只能有一名组长" in group.error.text()
    assert page.detail.tabs.currentIndex() == GROUP_TAB


def test_a_leading_group_saved_by_another_clerk_is_not_overwritten(
    page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(org_dialogs, "warn", lambda _p, text, *_a: warned.append(text))
    page.select_org(ids["station"])
    opened = OrgService(orgs_ctx).get(ids["station"])
    other = OrgService(orgs_ctx).set_leading_group(  # another clerk, meanwhile
        ids["station"], [("组长", "周明", "书记")], opened.version
    )
    assert other.version == opened.version + 1  # the group is part of the unit's record
    page.detail.group.add_seat("组长", "李红", "书记")
    assert not page.detail.save()
    assert warned and "已被他人修改" in warned[0]
    seats = OrgService(orgs_ctx).leading_group(ids["station"])
    assert [(s.role, s.person_name) for s in seats] == [("组长", "周明")]
    assert page.detail.row() == other  # reloaded with the other clerk's version
    with pytest.raises(StaleEditError):
        OrgService(orgs_ctx).set_leading_group(ids["station"], [], opened.version)


def test_brands_and_progress_in_brief(page: OrgPage, ids: dict[str, int]) -> None:
    page.select_org(ids["station"])
    summary = page.detail.summary
    assert summary.brands.rowCount() == 1
    assert summary.brands.data(summary.brands.index(0, 0)) == "驿站暖心"
    assert summary.brands.data(summary.brands.index(0, 1)) == "培育"
    assert summary.progress.data(summary.progress.index(0, 1)) == "1/2"
    assert summary.progress.data(summary.progress.index(0, 2)) == "0"
    page.select_org(ids["sunshine"])
    assert summary.brand_note.text() == "该组织尚未登记品牌"
    assert summary.progress.data(summary.progress.index(0, 2)) == "1"
    assert "1 项任务已逾期" in summary.progress_note.text()


def test_page_api(page: OrgPage, ids: dict[str, int], orgs_ctx: AppContext) -> None:
    assert isinstance(page.splitter(), QSplitter)
    assert page.save_or_discard()
    page.select_org(ids["second"])
    OrgService(orgs_ctx).rename(ids["second"], "驿站二支部")
    page.reload()
    assert page.detail.org_id() == ids["second"]
    assert page.detail.form.name_edit.text() == "驿站二支部"
    assert page.tree.currentIndex().isValid()
    assert not page.select_org(999_999)
