"""Shared pieces of the campaign-record tabs: row models, hinted tables, form dialogs, loading."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from brandoffice.errors import KnownError, StaleEditError, ValidationError
from brandoffice.services.context import AppContext
from brandoffice.services.reviews.scoring import fmt_number
from brandoffice.services.rows import OrgRow
from ui import file_dialogs, messages
from ui.headers import keep_columns
from ui.home_models import RecordTableModel
from ui.orgs.runner import Runner
from ui.orgs.widgets import ErrorLabel, FieldErrors
from ui.widgets import dialog_layout, row_table, save_cancel

R = TypeVar("R")
D = TypeVar("D", bound=QDialog)
HINT_STYLE = "color: #777; padding: 16px;"


def number(value: float | None) -> str:
    """Return ``92.5`` / ``90``, or ``—`` for a missing number."""
    return "—" if value is None else fmt_number(value)


class RowsModel(RecordTableModel[R]):
    """A :class:`RecordTableModel` that can also replace one row or append one."""

    def replace_row(self, row: int, value: R) -> None:
        """Show a stored row in place of line ``row`` (a ``dataChanged``, not a reset)."""
        self._rows[row] = value
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def append_row(self, value: R) -> None:
        """Add one line at the end."""
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(value)
        self.endInsertRows()

    def rows(self) -> list[R]:
        """Return the rows shown, in order."""
        return list(self._rows)


def make_view(model: RecordTableModel[Any], parent: QWidget) -> QTableView:
    """Return a read-only, row-selecting table over ``model``."""
    view = row_table(parent, model)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setMinimumSectionSize(40)
    keep_columns(view)
    return view


class HintedTable(QStackedWidget):
    """A table that shows a hint instead of an empty grid (尚未登记… and what to do)."""

    def __init__(
        self, model: RecordTableModel[Any], hint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.view = make_view(model, self)
        self.hint = QLabel(hint, self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet(HINT_STYLE)
        self.addWidget(self.view)
        self.addWidget(self.hint)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update)
        self._update()

    def set_hint(self, text: str) -> None:
        """Change what an empty list says."""
        self.hint.setText(text)

    def set_widths(self, widths: Sequence[int]) -> None:
        """Set the first columns' widths (the last one stretches)."""
        for column, width in enumerate(widths):
            self.view.setColumnWidth(column, width)

    def _update(self) -> None:
        self.setCurrentWidget(self.view if self.model.rowCount() else self.hint)

    def current(self) -> Any | None:
        """Return the frozen row of the selected line, or None."""
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select_first(self, match: Callable[[Any], bool]) -> bool:
        """Select the first line whose row matches; return whether one did."""
        for line in range(self.model.rowCount()):
            if match(self.model.row_at(line)):
                self.view.selectRow(line)
                return True
        return False


def button_bar(
    parent: QWidget, *buttons: tuple[str, Callable[[], Any]]
) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """Return a right-aligned row of buttons and the buttons by text."""
    bar = QHBoxLayout()
    bar.addStretch(1)
    made = {}
    for text, slot in buttons:
        button = QPushButton(text, parent)
        button.clicked.connect(lambda _checked=False, s=slot: s())
        bar.addWidget(button)
        made[text.rstrip("…")] = button
    return bar, made


def text_box(parent: QWidget, text: str | None = None, lines: int = 3) -> QPlainTextEdit:
    """Return a plain-text field about ``lines`` lines high."""
    box = QPlainTextEdit(parent)
    box.setPlainText(text or "")
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def optional(text: str) -> str | None:
    """Return stripped text, or None for an empty field."""
    return text.strip() or None


class RecordDialog(QDialog, FieldErrors):
    """A small form: messages next to the fields it names, stale edits reloaded.

    Subclasses add rows with :meth:`add_row`, call :meth:`finish`, and implement
    :meth:`save` (returning the stored row) and, for edits, :meth:`reload`. Open it
    with ``open()``; after ``accepted`` :attr:`saved` holds what :meth:`save` returned.
    """

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, ErrorLabel] = {}
        self.general_error = ErrorLabel(self)
        self.saved: Any = None

    def add_row(self, label: str, field: QWidget | QLayout, *names: str) -> None:
        """Add a labelled field with a message line for the service's field ``names``."""
        self.form.addRow(label, field)
        if names:
            error = ErrorLabel(self)
            self.form.addRow("", error)
            for name in names:
                self.errors[name] = error

    def finish(self, width: int = 460) -> None:
        """Add 保存/取消 and lay the form out."""
        box = dialog_layout(
            self, self.form, self.general_error, on_ok=self.submit, buttons=save_cancel(self)
        )
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        self.resize(width, self.sizeHint().height())

    def show_error(self, exc: KnownError) -> None:
        """Show a refusal under its field (or under the form when it names none)."""
        super().show_error(exc)
        self.fit_height()

    def fit_height(self) -> None:
        """Grow the dialog so a message wrapped over several lines is not cut off."""
        layout = self.layout()
        if layout is None:
            return
        if layout.hasHeightForWidth():
            wanted = layout.totalHeightForWidth(self.width())
        else:
            wanted = layout.totalSizeHint().height()
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def submit(self) -> None:
        """Save through the service; close only when it was stored."""
        self.clear_errors()
        try:
            self.saved = self.save()
        except ValidationError as exc:
            self.show_error(exc)
            return
        except StaleEditError as exc:
            self.reload()
            self.general_error.set_message(f"{exc}\n已重新载入最新内容，请核对后再保存。")
            self.fit_height()
            return
        except KnownError as exc:
            self.general_error.set_message(str(exc))
            self.fit_height()
            return
        self.accept()

    def save(self) -> Any:
        """Store the form and return the stored row (subclasses)."""
        raise NotImplementedError

    def reload(self) -> None:
        """Re-read the record after a stale edit and show it (subclasses that edit)."""


def choose_file(parent: QWidget, title: str) -> tuple[str, bytes] | None:
    """Ask for a file and return its name and content (None when cancelled)."""
    path, _ = file_dialogs.get_open_file_name(parent, title, "", "所有文件 (*)")
    if not path:
        return None
    return Path(path).name, Path(path).read_bytes()


class RecordTab(QWidget):
    """One campaign-record tab of a unit: reads off the UI thread, then shows.

    Subclasses implement :meth:`fetch` (worker thread: services only, no widgets)
    and :meth:`present` (UI thread). The panel calls :meth:`set_scope` for every
    unit shown and :meth:`ensure_loaded` when the tab becomes visible.

    Signals:
        loaded(): A read was shown (tests wait for it).
        unitChanged(): A write changed the unit's own row (its grade): re-read the form.
    """

    loaded = Signal()
    unitChanged = Signal()

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.org: OrgRow | None = None
        self.year = ctx.today().year
        self.data: Any = None
        self._token = 0
        self._stale = True
        self._select: Callable[[Any], bool] | None = None
        self.table: HintedTable | None = None
        self.buttons: dict[str, QPushButton] = {}  # the tab's buttons by text (button_bar)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)

    def set_scope(self, org: OrgRow | None, year: int) -> None:
        """Remember the unit and year; the next :meth:`ensure_loaded` reads them."""
        self.org, self.year = org, year
        self._stale = True

    def ensure_loaded(self) -> None:
        """Read the unit's records unless they are already shown."""
        if self._stale:
            self.refresh()

    def refresh(self, select: Callable[[Any], bool] | None = None) -> None:
        """Read the unit's records again (after a write or a change of unit).

        Args:
            select: Select the first row of :attr:`table` it matches once shown.
        """
        self._stale = False
        self._select = select
        self._token += 1
        token, org, year = self._token, self.org, self.year
        if org is None:
            return
        self.note.setText("正在读取…")
        self.runner.run(
            lambda: self.fetch(org, year),
            lambda data: self._fetched(token, data),
            on_error=lambda exc: self._failed(token, exc),
            title="读取记录",
        )

    def _fetched(self, token: int, data: Any) -> None:
        if token != self._token:
            return  # the clerk has moved on to another unit or year
        self.data = data
        self.present(data)
        select, self._select = self._select, None
        if select is not None and self.table is not None:
            self.table.select_first(select)
        self.loaded.emit()

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self.note.setText(
                f"<span style='color:#c0392b'>无法读取：{messages.text_of(exc)}</span>"
            )

    def fetch(self, org: OrgRow, year: int) -> Any:
        """Read what the tab shows (runs off the UI thread)."""
        raise NotImplementedError

    def present(self, data: Any) -> None:
        """Show what :meth:`fetch` read."""
        raise NotImplementedError

    def open_dialog(self, dialog: D, on_saved: Callable[[Any], None] | None = None) -> D:
        """Open a form and return it; after it stored something, call ``on_saved`` or re-read."""
        self.dialog = dialog

        def done() -> None:
            saved = getattr(dialog, "saved", None)
            if on_saved is not None:
                on_saved(saved)
            else:
                self.refresh()

        dialog.accepted.connect(done)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def refresh_to(self, row: Any | None) -> None:
        """Re-read the tab and select the line whose ``id`` is ``row``'s (after a save)."""
        self.refresh(None if row is None else lambda r: r.id == row.id)

    def confirm_delete(
        self,
        title: str,
        text: str,
        action: Callable[[], Any],
        *,
        attempt_title: str | None = None,
    ) -> None:
        """Ask 删除/取消 (取消 by default); on 删除 run ``action`` and re-read the tab.

        Args:
            title: Title of the question (and of a refusal, unless ``attempt_title``).
            text: The question.
            action: The deletion (a service call), run through :func:`attempt`.
            attempt_title: Title of a refusal, when it differs from ``title``.
        """

        def answered(choice: int) -> None:
            if choice == 0:
                attempt(self, attempt_title or title, action)
                self.refresh()

        messages.ask(self, title, text, ["删除", "取消"], answered, default=1)


def attempt(tab: RecordTab, title: str, action: Callable[[], Any]) -> Any | None:
    """Run a write; show a refusal as a message and re-read the tab after a stale edit.

    Returns:
        What ``action`` returned, or None when it was refused.
    """
    try:
        return action()
    except StaleEditError as exc:
        messages.warn(tab, title, f"{exc}\n\n列表已重新载入最新内容。")
        tab.refresh()
    except KnownError as exc:
        messages.warn(tab, title, str(exc))
    return None
