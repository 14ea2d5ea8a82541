"""The 专项经费 tab: entries of the unit's brands and demonstration points, totals in yuan."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from brandoffice.model.vocab import FundKind
from brandoffice.services.context import AppContext
from brandoffice.services.funds import (
    DuplicateEntryError,
    FundDraft,
    FundEntryRow,
    FundService,
    FundsView,
    FundTotals,
    yuan,
)
from brandoffice.services.record_helpers import percent, rate
from brandoffice.services.rows import OrgRow
from ui.home_models import CENTER, RIGHT, Column
from ui.orgs.records.common import HintedTable, RowsModel
from ui.orgs.records.kind_form import KindForm, Store
from ui.orgs.records.kind_tab import KindTab, Owners
from ui.orgs.runner import Runner
from ui.readonly import enable
from ui.widgets import day_text, stack

KIND_INK = {FundKind.SPENT.value: QColor("#a04000"), FundKind.APPROVED.value: QColor("#1e8449")}
NO_TARGETS = "本组织及下级没有党建品牌或示范点，专项经费只能记在品牌或示范点上。"


def _yuan(fen: int) -> str:
    return yuan(fen, grouping=True)


def _amount(header: str, fen: str) -> Column[FundTotals]:
    """Return a totals column of amounts in yuan (``fen`` names the attribute)."""
    return Column(header, lambda t: getattr(t, fen), lambda t: _yuan(getattr(t, fen)), RIGHT)


class FundForm(KindForm):
    """The entry's form: an entry equal to one on record is stored once the clerk confirms."""

    duplicate_ok = False

    def save(self) -> FundEntryRow:
        """Create or update the entry; 保存 again records an equal entry after the warning."""
        if self.duplicate_ok and self.store.create_anyway is not None:
            return self.store.create_anyway(FundDraft(**self.values()))  # type: ignore[no-any-return]
        try:
            return super().save()  # type: ignore[no-any-return]
        except DuplicateEntryError:
            self.duplicate_ok = True  # the message says so; 保存 again records it
            self.save_button.setText("仍然登记")
            raise


class FundsTab(KindTab):
    """专项经费 of the brands and demonstration points of the unit and below, in the year."""

    KIND, ADD, PICK = "funds", "登记经费…", "请先在明细中选择一条记录。"
    FIELDS = ("kind", "amount_fen", "item", "entry_on", "note")
    OWNER, OWNER_FIELDS = "经费对象", ("brand_id", "org_id")
    FORM = FundForm

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        self.service = FundService(ctx)
        super().__init__(
            ctx,
            runner,
            parent,
            store=Store(
                FundDraft, self.service.add, self.service.update, self.service.get,
                self.service.delete, partial(self.service.add, duplicate_ok=True),
            ),
            columns=[
                Column("日期", lambda e: e.entry_on, lambda e: day_text(e.entry_on)),
                Column("经费对象", lambda e: self._target(e)),
                Column("类别", lambda e: e.kind, align=CENTER),
                Column("金额（元）", lambda e: e.amount_fen, lambda e: _yuan(e.amount_fen), RIGHT),
                Column("经费项目", lambda e: e.item),
                Column("备注", lambda e: e.note or ""),
            ],
            widths=[90, 170, 50, 100, 200],
            foreground=lambda e: KIND_INK.get(e.kind),
        )  # fmt: skip

    def arrange(self) -> None:
        """Put the totals (with 合计) above the entries."""
        self.totals: RowsModel[FundTotals] = RowsModel(
            [
                Column("经费对象", lambda t: self._target(t)),
                _amount("申请（元）", "applied_fen"),
                _amount("批准（元）", "approved_fen"),
                _amount("支出（元）", "spent_fen"),
                _amount("结余（元）", "balance_fen"),
                Column(
                    "支出占批准",
                    lambda t: rate(t.spent_fen, t.approved_fen),
                    lambda t: percent(rate(t.spent_fen, t.approved_fen)),
                    CENTER,
                ),
            ],
            parent=self,
        )
        self.total_table = HintedTable(self.totals, "", self)
        self.total_table.set_widths([220, 110, 110, 110, 110])
        self.total_table.setMaximumHeight(170)
        self.bar.insertWidget(0, QLabel("<b>经费明细</b>", self), 1)
        stack(self, self.note, self.total_table, self.bar, (self.table, 1), flush=True)

    def fetch(self, org: OrgRow, year: int) -> FundsView:
        """Read the year's entries and totals of the subtree's brands and demo points."""
        return self.service.view(org.id, year)

    def present(self, data: FundsView) -> None:
        """Show totals (with 合计), the entries and the summary line."""
        self.totals.set_rows([*data.totals, data.overall()] if data.totals else [])
        self.model.set_rows(data.entries)
        enable(self.buttons["登记经费"], bool(data.targets))
        hint = f"{self.year}年尚无经费记录。点击“登记经费…”记录申请、批准或支出。"
        self.total_table.set_hint(hint if data.targets else NO_TARGETS)
        self.table.set_hint(f"{self.year}年尚无经费明细。" if data.targets else NO_TARGETS)
        total = data.overall()
        amounts = zip(("申请", "批准", "支出", "结余"), (
            total.applied_fen, total.approved_fen, total.spent_fen, total.balance_fen
        ), strict=True)  # fmt: skip
        self.note.setText(
            f"{self.year}年专项经费（{len(data.targets)} 个品牌或示范点）："
            + "，".join(f"{k} <b>{_yuan(v)}</b> 元" for k, v in amounts)
        )

    def _target(self, row: FundEntryRow | FundTotals) -> str:
        data: FundsView | None = self.data
        name = row.target_name
        return data.target_text(row.brand_id, row.org_id, name) if data else name

    def owners(self) -> Owners:
        """Return the brands and demonstration points an entry may be for."""
        data: FundsView | None = self.data
        return data.targets if data else []

    def question(self, row: FundEntryRow) -> str:
        """Name the entry to delete."""
        return f"确定删除“{row.target_name}”{row.kind} {row.amount} 元（{row.item}）吗？"
