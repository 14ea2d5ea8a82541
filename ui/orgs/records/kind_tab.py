"""The tab of a campaign-record kind: its records in a table, 登记/修改/删除 through its form."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QWidget

from brandoffice.kinds import RecordKind, by_name
from brandoffice.services.context import AppContext
from ui import messages
from ui.home_models import Column
from ui.orgs.records.common import HintedTable, RecordTab, RowsModel, attempt, button_bar
from ui.orgs.records.kind_form import KindForm, Store
from ui.orgs.runner import Runner
from ui.widgets import stack

Owners = Sequence[tuple[str, Any]]
"""Whose record it may be: (text, key) items of the form's owner list."""


class KindTab(RecordTab):
    """One kind's records of the unit shown: a table, a button bar and the kind's form.

    A kind's tab names its kind, its columns and the fields of its form; the service's
    reads fill :meth:`fetch`, and :attr:`store` writes. Subclasses add what is their own
    (a totals table, a year-end check) in :meth:`arrange` and with ``extra`` buttons.
    """

    KIND = ""
    """The kind's name in the registry."""
    ADD, EDIT = "登记…", "修改…"
    """The texts of the add and edit buttons."""
    PICK = "请先在列表中选择一条记录。"
    """The message when nothing is selected."""
    FIELDS: tuple[str, ...] = ()
    """The kind's fields on the form, in order (None: every field of its own)."""
    OWNER = ""
    """The label of the form's owner list (empty: no owner list)."""
    OWNER_FIELDS: tuple[str, ...] = ("org_id", "member_id")
    """The service's fields an owner's key fills."""
    FORM_WIDTH = 460
    FORM: type[KindForm] = KindForm
    """The form's class (a kind's own subclass when it has extras)."""
    table: HintedTable  # made in __init__

    def __init__(
        self,
        ctx: AppContext,
        runner: Runner,
        parent: QWidget | None,
        *,
        store: Store,
        columns: Sequence[Column[Any]],
        widths: Sequence[int] = (),
        hint: str = "",
        extra: Sequence[tuple[str, Callable[[], Any]]] = (),
        foreground: Callable[[Any], QColor | None] | None = None,
        tooltip: Callable[[Any], str | None] | None = None,
        kind: RecordKind | None = None,
    ) -> None:
        super().__init__(ctx, runner, parent)
        self.kind = kind or by_name(self.KIND)
        self.store = store
        self.model: RowsModel[Any] = RowsModel(
            list(columns), foreground=foreground, tooltip=tooltip, parent=self
        )
        self.table = HintedTable(self.model, hint, self)
        self.table.set_widths(widths)
        self.table.view.doubleClicked.connect(lambda _i: self.double_clicked())
        self.bar: QHBoxLayout
        self.bar, self.buttons = button_bar(self, *self.bar_buttons(extra))
        self.arrange()

    def bar_buttons(
        self, extra: Sequence[tuple[str, Callable[[], Any]]]
    ) -> list[tuple[str, Callable[[], Any]]]:
        """Return the buttons (text, slot): add, edit, the kind's own, delete."""
        return [(self.ADD, self.add), (self.EDIT, self.edit), *extra, ("删除", self.delete)]

    def double_clicked(self) -> None:
        """Open the selected record as the edit button does."""
        self.buttons[self.EDIT.rstrip("…")].click()

    def arrange(self) -> None:
        """Lay the tab out: the summary, the buttons, the table (subclasses add parts)."""
        stack(self, self.note, self.bar, (self.table, 1), flush=True)

    # -- hooks ---------------------------------------------------------------
    def owners(self) -> Owners:
        """Return whose record a new one may be (the owner list's items)."""
        return ()

    def can_add(self) -> bool:
        """Tell whether a record may be added now (data read, something to own it)."""
        return self.data is not None and (not self.OWNER or bool(self.owners()))

    def form(self, row: Any | None) -> KindForm:
        """Return the kind's form, for a new record or for ``row``."""
        owners = list(self.owners())
        if row is not None and self.OWNER:
            key = tuple(getattr(row, f) for f in self.OWNER_FIELDS)
            if all(k != key for _t, k in owners):  # a member of a unit below, say
                owners.append((self.owner_text(row), key))
        dialog = self.FORM(
            self.kind,
            self,
            self.store,
            today=self.ctx.today(),
            title=self.title(row),
            fields=self.FIELDS,
            row=row,
            owner=(self.OWNER, owners, self.OWNER_FIELDS) if self.OWNER else None,
            width=self.FORM_WIDTH,
            ctx=self.ctx,
        )
        if row is None and "year" in dialog.inputs:
            dialog.inputs["year"].show(self.year)
        return dialog

    def title(self, row: Any | None) -> str:
        """Return the form's title: 登记… for a new record, 修改… for ``row``."""
        return f"{'修改' if row else '登记'}{self.kind.label}"

    def owner_text(self, row: Any) -> str:
        """Return how the owner list names the owner of a stored record it does not offer."""
        return f"{row.subject_name}（{row.unit_name}）"

    def question(self, row: Any) -> str:
        """Return the question before deleting ``row``."""
        raise NotImplementedError

    # -- actions -------------------------------------------------------------
    def selected(self) -> Any | None:
        """Return the record selected."""
        return self.table.current()

    def need(self) -> Any | None:
        """Return the record selected, or say to choose one."""
        row = self.selected()
        if row is None:
            messages.inform(self, self.kind.label, self.PICK)
        return row

    def add(self) -> KindForm | None:
        """Open the form for a new record."""
        if not self.can_add():
            return None
        return self.open_dialog(self.form(None), self.refresh_to)

    def edit(self) -> KindForm | None:
        """Open the form of the selected record, as stored now."""
        row = self.need()
        if row is None or self.data is None:
            return None
        fresh = attempt(self, f"修改{self.kind.label}", lambda: self.store.get(row.id))
        if fresh is None:
            return None
        return self.open_dialog(self.form(fresh), self.refresh_to)

    def delete(self) -> None:
        """Delete the selected record after a confirmation."""
        row = self.selected()
        if row is None:
            return
        title = f"删除{self.kind.label}"
        self.confirm_delete(title, self.question(row), lambda: self.store.delete(row.id))


class RosterTab(KindTab):
    """A kind's tab listing who owes a record (one line a person), with forms per line.

    Its buttons are the kind's own (``extra``): a line's record is written through
    :meth:`line_form`, the list is then read again with the line selected.
    """

    LINE_KEY = "member_id"
    """The line's attribute that stays the same after a write (selects it again)."""

    def bar_buttons(
        self, extra: Sequence[tuple[str, Callable[[], Any]]]
    ) -> list[tuple[str, Callable[[], Any]]]:
        """Return only the kind's own buttons."""
        return list(extra)

    def double_clicked(self) -> None:
        """Do nothing: a line has several forms."""

    def changed(self, line: Any) -> None:
        """Read the list again and select ``line`` (after a write)."""
        key = getattr(line, self.LINE_KEY)
        self.refresh(lambda r: getattr(r, self.LINE_KEY) == key)

    def line_form(
        self, line: Any, store: Store, title: str, fields: Sequence[str], row: Any | None
    ) -> KindForm:
        """Open a form of the kind's ``fields`` on a line's record (``row``; None: a new one)."""
        dialog = self.FORM(self.kind, self, store, today=self.ctx.today(), title=title,
                           fields=fields, row=row, width=self.FORM_WIDTH, ctx=self.ctx)  # fmt: skip
        return self.open_dialog(dialog, lambda _s: self.changed(line))
