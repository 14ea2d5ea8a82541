"""The form of a campaign record, built from its kind's field descriptions in the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from brandoffice.excel.colspec import ColType, Column
from brandoffice.excel.rowcheck import SERVICE_FIELDS
from brandoffice.kinds.base import RecordKind
from brandoffice.services.context import AppContext
from brandoffice.services.funds import yuan
from brandoffice.services.orgs import OrgService
from ui.orgs.picker import UnitPicker, pick_unit
from ui.orgs.records.common import RecordDialog, text_box
from ui.widgets import date_edit, date_of, set_date

LONG_TEXT = 500
"""Fields longer than this get a box of several lines."""
LIST_COLUMNS = 4
"""Check boxes of a multiple choice per line."""
BLANK = "（未填）"
"""The empty item of a choice that may stay blank."""


class Input:
    """One field's widget: what the clerk typed, and showing a stored value."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget

    def value(self) -> Any:
        """Return the value as typed (the service checks it)."""
        raise NotImplementedError

    def show(self, value: Any) -> None:
        """Show a stored value."""
        raise NotImplementedError


class LineInput(Input):
    """A line of text (a blank line is None)."""

    widget: QLineEdit

    def __init__(self, parent: QWidget, column: Column) -> None:
        super().__init__(QLineEdit(parent))
        self.widget.setMaxLength(column.max_len)
        if column.kind is ColType.MONEY:
            self.widget.setPlaceholderText(column.hint)
        elif isinstance(column.example, str):
            self.widget.setPlaceholderText(f"如：{column.example}")

    def value(self) -> str | None:
        """Return the text, or None for a blank line."""
        return self.widget.text().strip() or None

    def show(self, value: Any) -> None:
        """Show a text."""
        self.widget.setText("" if value is None else str(value))


class MoneyInput(LineInput):
    """An amount typed in yuan, stored in fen."""

    def value(self) -> str:
        """Return the amount as typed (``12,000``)."""
        return self.widget.text()

    def show(self, value: Any) -> None:
        """Show fen as yuan with two decimals."""
        self.widget.setText("" if value is None else yuan(int(value)))


class TextInput(Input):
    """Text over several lines."""

    widget: QPlainTextEdit

    def __init__(self, parent: QWidget, column: Column) -> None:
        super().__init__(text_box(parent, lines=4 if column.max_len > 2000 else 3))

    def value(self) -> str | None:
        """Return the text, or None when blank."""
        return self.widget.toPlainText().strip() or None

    def show(self, value: Any) -> None:
        """Show a text."""
        self.widget.setPlainText("" if value is None else str(value))


class DateInput(Input):
    """A day (today until a stored one is shown)."""

    def __init__(self, parent: QWidget, today: dt.date) -> None:
        super().__init__(date_edit(parent, today))
        self.edit = self.widget

    def value(self) -> dt.date:
        """Return the day."""
        return date_of(self.edit)  # type: ignore[arg-type]

    def show(self, value: Any) -> None:
        """Show a day (a blank one keeps the day shown)."""
        if value is not None:
            set_date(self.edit, value)  # type: ignore[arg-type]


class ChoiceInput(Input):
    """One of a list of items, each with the value it stands for."""

    widget: QComboBox

    def __init__(self, parent: QWidget, items: Sequence[tuple[str, Any]]) -> None:
        super().__init__(QComboBox(parent))
        self.set_items(items)

    def set_items(self, items: Sequence[tuple[str, Any]]) -> None:
        """Offer these items (the first is chosen)."""
        self.widget.clear()
        for text, data in items:
            self.widget.addItem(text, data)

    def value(self) -> Any:
        """Return the value of the item chosen."""
        return self.widget.currentData()

    def show(self, value: Any) -> None:
        """Choose the item of a value (the first when none has it)."""
        self.widget.setCurrentIndex(max(self.index(value), 0))

    def index(self, value: Any) -> int:
        """Return the item of a value, or -1 (``findData`` does not compare tuples)."""
        found = (i for i in range(self.widget.count()) if self.widget.itemData(i) == value)
        return next(found, -1)


class YearInput(Input):
    """A year."""

    widget: QSpinBox

    def __init__(self, parent: QWidget, year: int) -> None:
        super().__init__(QSpinBox(parent))
        self.widget.setRange(1949, 2200)
        self.widget.setValue(year)

    def value(self) -> int:
        """Return the year."""
        return self.widget.value()

    def show(self, value: Any) -> None:
        """Show a year."""
        if value is not None:
            self.widget.setValue(int(value))


class ListInput(Input):
    """Several of a vocabulary, as check boxes."""

    def __init__(self, parent: QWidget, values: Sequence[str]) -> None:
        super().__init__(QWidget(parent))
        grid = QGridLayout(self.widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes = {v: QCheckBox(v, self.widget) for v in values}
        for i, box in enumerate(self.boxes.values()):
            grid.addWidget(box, i // LIST_COLUMNS, i % LIST_COLUMNS)

    def value(self) -> list[str]:
        """Return the values ticked, in vocabulary order."""
        return [v for v, box in self.boxes.items() if box.isChecked()]

    def show(self, value: Any) -> None:
        """Tick the values stored."""
        for v, box in self.boxes.items():
            box.setChecked(v in (value or ()))


class UnitInput(Input):
    """A unit chosen with the unit picker: its name (and grade) and a 选择… button."""

    NONE = "（尚未选择）"

    def __init__(self, parent: QWidget, ctx: AppContext, column: Column) -> None:
        super().__init__(QWidget(parent))
        self.ctx, self.header = ctx, column.header
        self.org_id: int | None = None
        self.prompt = f"请选择{column.header}："
        """What the picker asks (a form may say more)."""
        self.picker: UnitPicker | None = None
        self.label = QLabel(self.NONE, self.widget)
        choose = QPushButton(f"选择{column.header}…", self.widget)
        choose.clicked.connect(self.choose)
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(choose)

    def value(self) -> int | None:
        """Return the unit chosen (None: none yet)."""
        return self.org_id

    def show(self, value: Any) -> None:
        """Show a unit by its name and grade."""
        self.org_id = None if value is None else int(value)
        if self.org_id is None:
            self.label.setText(self.NONE)
            return
        org = OrgService(self.ctx).get(self.org_id)
        self.label.setText(f"{org.name}（{org.grade or '未评定'}）")

    def choose(self) -> UnitPicker:
        """Open the unit picker (the unit shown chosen); a choice is shown."""
        picker = pick_unit(
            self.ctx, self.widget, f"选择{self.header}", self.prompt, self.show, select=self.org_id
        )
        self.picker = picker
        return picker


def make_input(
    parent: QWidget, column: Column, today: dt.date, ctx: AppContext | None = None
) -> Input:
    """Return the input a field's description asks for (its type, length and choices)."""
    if column.kind is ColType.ORG and ctx is not None:
        return UnitInput(parent, ctx, column)
    if column.kind is ColType.DATE:
        return DateInput(parent, today)
    if column.kind is ColType.MONEY:
        return MoneyInput(parent, column)
    if column.kind is ColType.INT and column.field == "year":
        return YearInput(parent, today.year)
    if column.kind is ColType.CHOICE and column.choices is not None:
        items = [(c.value, c.value) for c in column.choices]
        return ChoiceInput(parent, items if column.required else [(BLANK, None), *items])
    if column.kind is ColType.LIST and column.choices is not None:
        return ListInput(parent, [c.value for c in column.choices])
    if column.max_len > LONG_TEXT:
        return TextInput(parent, column)
    return LineInput(parent, column)


@dataclass(frozen=True)
class Store:
    """How a form stores a kind's record through its service.

    Attributes:
        draft: Turns the form's values (by the service's field names) into the service's draft.
        create: Stores a new record and returns its row.
        update: Corrects a record (id, version, draft) and returns its row.
        get: Reads a record again (after a stale edit).
        delete: Deletes a record.
        The last three are not needed by a form that only adds (a grade replaces its year's).
        create_anyway: Stores a new record the service warned about, once the clerk said so.
    """

    draft: Callable[..., Any]
    create: Callable[[Any], Any]
    update: Callable[[int, int, Any], Any] = lambda *_a: None
    get: Callable[[int], Any] = lambda _i: None
    delete: Callable[[int], Any] = lambda _i: None
    create_anyway: Callable[[Any], Any] | None = None


class KindForm(RecordDialog):
    """Record or correct one record of a kind: its owner, then the fields its description lists.

    The values go to the service under the service's names (the kind's ``rule_fields``
    rename the sheet's, ``amount_fen`` → ``amount``); its refusals show under the field.
    """

    def __init__(
        self,
        kind: RecordKind,
        parent: QWidget | None,
        store: Store,
        *,
        today: dt.date,
        title: str,
        fields: Sequence[str],
        row: Any | None = None,
        owner: tuple[str, Sequence[tuple[str, Any]], tuple[str, ...]] | None = None,
        width: int = 460,
        ctx: AppContext | None = None,
    ) -> None:
        """Build the form.

        Args:
            kind: The kind whose fields it shows.
            parent: The tab.
            store: How to store and re-read the record.
            today: Today (dates start there; years at its year).
            title: The window title.
            fields: The kind's fields to show, in order (its sheet's names).
            row: The stored record to correct (its attributes by the service's names).
            owner: Whose record it is: a label, the items (text, key) and the service's
                fields the key fills, as in ``("经费对象", items, ("brand_id", "org_id"))``.
            width: The form's width.
            ctx: Services' context, for a field naming a unit (the unit picker).
        """
        super().__init__(parent, title)
        self.kind, self.store, self.row = kind, store, row
        service_names = {**SERVICE_FIELDS, **kind.rule_fields}.items()
        renamed = {sheet: service for service, sheet in service_names}
        self.names = {f: renamed.get(f, f) for f in fields}
        self.inputs: dict[str, Input] = {}
        self.owner_fields: tuple[str, ...] = ()
        if owner is not None:
            label, items, self.owner_fields = owner
            self.inputs["owner"] = ChoiceInput(self, items)
            self.add_row(label, self.inputs["owner"].widget, *self.owner_fields)
        for f in fields:
            column = kind.spec.column(f)
            self.inputs[f] = make_input(self, column, today, ctx)
            self.add_row(f"{column.header}{'*' if column.required else ''}", self.inputs[f].widget,
                         f, self.names[f])  # fmt: skip
        self.extend()
        self.finish(width)
        if row is not None:
            self.fill(row)

    def extend(self) -> None:
        """Add rows of a kind's own before the buttons (subclasses)."""

    def widget(self, field: str) -> Any:
        """Return the widget of a field (by its sheet name, or ``owner``)."""
        return self.inputs[field].widget

    def owner_key(self) -> Any:
        """Return the key of the owner chosen."""
        return self.inputs["owner"].value()

    def values(self) -> dict[str, Any]:
        """Return the form's values by the service's field names."""
        out = {self.names[f]: i.value() for f, i in self.inputs.items() if f != "owner"}
        if self.owner_fields:
            key = self.owner_key()
            out.update(zip(self.owner_fields, key or (None,) * len(self.owner_fields), strict=True))
        return out

    def fill(self, row: Any) -> None:
        """Show a stored record."""
        if self.owner_fields:
            self.inputs["owner"].show(tuple(getattr(row, f) for f in self.owner_fields))
        for f, i in self.inputs.items():
            if f != "owner":  # the row's attribute by the sheet's name, else the service's
                i.show(getattr(row, f) if hasattr(row, f) else getattr(row, self.names[f]))

    def save(self) -> Any:
        """Store through the kind's service."""
        draft = self.store.draft(**self.values())
        if self.row is None:
            return self.store.create(draft)
        return self.store.update(self.row.id, self.row.version, draft)

    def reload(self) -> None:
        """Show the stored record after someone else changed it."""
        if self.row is not None:
            self.row = self.store.get(self.row.id)
            self.fill(self.row)
