"""Small widgets and date helpers shared by every page: button boxes, date fields, placeholders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

DATE_FORMAT = "yyyy-MM-dd"
PLACEHOLDER_STYLE = "color: #777; font-size: 14px;"


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    icon: QIcon | None = None,
    shortcut: str | None = None,
    *,
    tip: str | None = None,
) -> QAction:
    """Return an action of ``parent`` that calls ``slot``; ``tip`` is its status and tool tip."""
    action = QAction(text, parent)
    if icon is not None:
        action.setIcon(icon)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def chinese_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Give the standard buttons of a button box Chinese labels, whatever the translator."""
    labels = {
        QDialogButtonBox.StandardButton.Ok: "确定",
        QDialogButtonBox.StandardButton.Cancel: "取消",
        QDialogButtonBox.StandardButton.Save: "保存",
        QDialogButtonBox.StandardButton.Close: "关闭",
    }
    for which, text in labels.items():
        button = box.button(which)
        if button is not None:
            button.setText(text)
    return box


def ok_cancel(parent: QWidget, ok_text: str = "确定") -> QDialogButtonBox:
    """Return an OK/Cancel button box with Chinese labels."""
    box = chinese_buttons(
        QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent
        )
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    if ok is not None:
        ok.setText(ok_text)
    return box


def save_cancel(parent: QWidget) -> QDialogButtonBox:
    """Return a Save/Cancel button box with Chinese labels."""
    return chinese_buttons(
        QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, parent
        )
    )


def dialog_layout(
    dialog: QDialog,
    *parts: QWidget | QLayout | tuple[QWidget, int],
    ok_text: str = "确定",
    on_ok: Callable[[], object] | None = None,
    buttons: QDialogButtonBox | None = None,
) -> QDialogButtonBox:
    """Stack ``parts`` in ``dialog`` above OK/Cancel and return the button box.

    Args:
        dialog: The dialog to lay out.
        parts: Widgets and layouts, top to bottom; ``(widget, stretch)`` gives a stretch.
        ok_text: The OK button's text.
        on_ok: Called on OK (``dialog.accept`` when None); Cancel rejects.
        buttons: Another accept/reject box (e.g. :func:`save_cancel`) instead of OK/Cancel.
    """
    buttons = buttons or ok_cancel(dialog, ok_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    stack(dialog, *parts, buttons)
    return buttons


def at_right(*widgets: QWidget) -> QHBoxLayout:
    """Return a row with ``widgets`` pushed to its right end."""
    row = QHBoxLayout()
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    return row


def stack(
    widget: QWidget, *parts: QWidget | QLayout | tuple[QWidget, int], flush: bool = False
) -> QVBoxLayout:
    """Lay ``parts`` out in ``widget`` top to bottom; ``(widget, stretch)`` gives a stretch.

    Args:
        widget: The widget laid out.
        parts: Widgets and layouts, top to bottom.
        flush: Leave no margin around the parts.
    """
    layout = QVBoxLayout(widget)
    if flush:
        layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        elif isinstance(part, tuple):
            layout.addWidget(*part)
        else:
            layout.addWidget(part)
    return layout


def day_text(day: dt.date | None) -> str:
    """Return ``2026-05-20``, or an empty string for no date."""
    return "" if day is None else f"{day:%Y-%m-%d}"


def date_edit(parent: QWidget | None, day: dt.date | None = None) -> QDateEdit:
    """Return a ``yyyy-MM-dd`` date field with a calendar popup, showing ``day`` if given."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    if day is not None:
        set_date(edit, day)
    return edit


def set_date(edit: QDateEdit, day: dt.date) -> None:
    """Show ``day`` in a date field."""
    edit.setDate(QDate(day.year, day.month, day.day))


def date_of(edit: QDateEdit) -> dt.date:
    """Return the date a field shows."""
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


def placeholder_stack(owner: QWidget, hint: str, page: QWidget) -> QStackedWidget:
    """Fill ``owner`` with a stack: a grey ``hint`` (index 0) or ``page`` (index 1).

    Returns:
        The stack; show the page with ``setCurrentIndex(1)``.
    """
    placeholder = QLabel(hint, owner)
    placeholder.setStyleSheet(PLACEHOLDER_STYLE)
    placeholder.setWordWrap(True)
    stack = QStackedWidget(owner)
    stack.addWidget(placeholder)
    stack.addWidget(page)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(stack)
    return stack


def empty_page(
    parent: QWidget, text: str, button_text: str, on_click: Callable[[], object]
) -> tuple[QWidget, QPushButton]:
    """Return a page saying there is nothing yet, with the button that starts it, centred."""
    page = QWidget(parent)
    label = QLabel(text, page)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    button = QPushButton(button_text, page)
    button.clicked.connect(lambda: on_click())
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(label)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(2)
    return page, button


def select_row(view: QAbstractItemView, index: QModelIndex, *, scroll: bool = True) -> None:
    """Make ``index`` the current index of ``view``, selecting its whole row (and scroll to it)."""
    view.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    if scroll:
        view.scrollTo(index)


def table_view(
    parent: QWidget | None = None, model: QAbstractItemModel | None = None
) -> QTableView:
    """Return a read-only table view that selects whole rows, without row numbers."""
    view = QTableView(parent)
    if model is not None:
        view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    return view


def row_table(parent: QWidget | None = None, model: QAbstractItemModel | None = None) -> QTableView:
    """Return a read-only table view that selects one whole row, without row numbers.

    Lines are not wrapped; the columns are resized by hand and the last one stretches.
    """
    view = table_view(parent, model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


def two_panes(
    split: QSplitter,
    first: QWidget,
    second: QWidget,
    stretch: tuple[int, int],
    sizes: list[int] | None = None,
    *,
    collapsible: bool = False,
) -> QSplitter:
    """Put ``first`` and ``second`` in ``split`` with their stretch factors and first sizes."""
    split.addWidget(first)
    split.addWidget(second)
    split.setStretchFactor(0, stretch[0])
    split.setStretchFactor(1, stretch[1])
    if sizes is not None:
        split.setSizes(sizes)
    if not collapsible:
        split.setChildrenCollapsible(False)
    return split


def spin_box(
    parent: QWidget, low: int, high: int, value: int | None = None, suffix: str = ""
) -> QSpinBox:
    """Return a spin box from ``low`` to ``high`` showing ``value`` (else ``low``) and ``suffix``."""
    box = QSpinBox(parent)
    box.setRange(low, high)
    if value is not None:
        box.setValue(value)
    if suffix:
        box.setSuffix(suffix)
    return box
