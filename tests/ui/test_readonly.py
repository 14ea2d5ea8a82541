"""The read-only helper: locking controls, wishes made while locked, forms, parts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.readonly import ReadOnlyControls, enable, inputs_of, is_writable, set_writable


def test_a_locked_button_keeps_what_its_code_asks_for_until_unlocked(qtbot: QtBot) -> None:
    button = QPushButton("保存")
    qtbot.addWidget(button)
    button.setEnabled(False)  # nothing changed yet
    set_writable([button], False)
    assert not button.isEnabled() and not is_writable(button)
    enable(button, True)  # an edit would enable 保存: stays off while locked
    assert not button.isEnabled()
    set_writable([button], False)  # locking twice changes nothing
    set_writable([button], True)
    assert button.isEnabled() and is_writable(button)
    set_writable([button], False)
    enable(button, True)
    enable(button, False)  # the last wish wins
    set_writable([button], True)
    assert not button.isEnabled()
    enable(button, True)  # unlocked: at once
    assert button.isEnabled()


def test_text_fields_become_read_only_and_grey_then_come_back(qtbot: QtBot) -> None:
    line, text = QLineEdit("和平社区党委"), QPlainTextEdit("说明")
    for widget in (line, text):
        qtbot.addWidget(widget)
    white = line.palette().color(QPalette.ColorRole.Base)
    set_writable([line, text], False)
    assert line.isReadOnly() and text.isReadOnly()
    assert line.isEnabled() and text.isEnabled()  # text can still be selected and copied
    assert line.palette().color(QPalette.ColorRole.Base) != white
    set_writable([line, text], True)
    assert not line.isReadOnly() and not text.isReadOnly()
    assert line.palette().color(QPalette.ColorRole.Base) == white
    line.setReadOnly(True)  # read-only by design stays so
    set_writable([line], False)
    set_writable([line], True)
    assert line.isReadOnly()


def test_item_views_stop_editing_and_dragging_but_stay_usable(qtbot: QtBot) -> None:
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
    tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
    set_writable([tree], False)
    assert tree.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not tree.dragEnabled() and not tree.acceptDrops() and tree.isEnabled()
    set_writable([tree], True)
    assert tree.editTriggers() == QAbstractItemView.EditTrigger.EditKeyPressed
    assert tree.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove


def test_actions_are_disabled(qtbot: QtBot) -> None:
    action = QAction("删除")
    set_writable([action], False)
    enable(action, True)
    assert not action.isEnabled()
    set_writable([action], True)
    assert action.isEnabled()


def test_inputs_of_a_form_leaves_out_the_parts_of_fields(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    layout = QHBoxLayout(form)
    fields = [QLineEdit(), QComboBox(), QSpinBox(), QDateEdit(), QPushButton("更改…")]
    tabs = QTabWidget()
    for widget in (*fields, QLabel("名称"), tabs):
        layout.addWidget(widget)
    fields[1].setEditable(True)  # its own line edit is a part of it
    assert set(inputs_of(form)) == set(fields)


def test_controls_lock_writes_reports_and_parts(qtbot: QtBot) -> None:
    class Part:
        def __init__(self) -> None:
            self.calls: list[tuple[bool, bool]] = []

        def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
            self.calls.append((read_only, allow_reports))

    new, export = QPushButton("新增"), QPushButton("导出")
    for widget in (new, export):
        qtbot.addWidget(widget)
    part = Part()
    controls = ReadOnlyControls(writes=[new], reports=[export], parts=[part])
    controls.set_read_only(True, allow_reports=True)
    assert not new.isEnabled() and export.isEnabled() and controls.read_only
    controls.set_read_only(True, allow_reports=False)
    assert not new.isEnabled() and not export.isEnabled()
    later = QPushButton("复查")  # a button rebuilt while read-only is locked at once
    qtbot.addWidget(later)
    controls.add_writes(later)
    assert not later.isEnabled()
    menu_action = QAction("删除…")
    controls.lock_transient(menu_action)
    assert not menu_action.isEnabled()
    controls.set_read_only(False)
    assert new.isEnabled() and export.isEnabled() and later.isEnabled()
    assert part.calls == [(True, True), (True, False), (False, True)]
    fresh = QAction("新增…")
    controls.lock_transient(fresh)
    assert fresh.isEnabled()
