"""The 专项经费 tab: entries of the unit's brands and demonstration points, totals in yuan."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from brandoffice.model.vocab import FundKind
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.funds import (
    DuplicateEntryError,
    FundDraft,
    FundEntryRow,
    FundService,
    FundTotals,
    yuan,
)
from brandoffice.services.orgs import OrgService
from brandoffice.services.record_helpers import percent, rate
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.home_models import CENTER, RIGHT, Column
from ui.orgs.records.common import (
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    button_bar,
    optional,
)
from ui.orgs.runner import Runner
from ui.readonly import enable
from ui.widgets import date_edit, date_of, day_text, set_date

Target = tuple[int | None, int | None]
"""(brand_id, org_id) of an entry: a brand or a demonstration point."""
KIND_INK = {FundKind.SPENT.value: QColor("#a04000"), FundKind.APPROVED.value: QColor("#1e8449")}


@dataclass(frozen=True)
class FundsData:
    """The brands and demo points of a unit's subtree, their entries of a year and totals."""

    targets: list[tuple[str, Target]]
    entries: list[FundEntryRow]
    totals: list[FundTotals]

    def overall(self) -> FundTotals:
        """Return the sum over the targets (合计)."""
        return FundTotals.over(self.totals)


def load_funds(ctx: AppContext, org: OrgRow, year: int) -> FundsData:
    """Read the entries and totals of a year of the brands and demo points of a subtree."""
    orgs = OrgService(ctx)
    units = set(orgs.subtree(org.id))
    brands = [b for b in BrandService(ctx).all_rows() if b.org_id in units]
    points = [o for o in orgs.all_rows() if o.id in units and o.is_demo_point]
    targets: list[tuple[str, Target]] = [(f"{b.name}（品牌）", (b.id, None)) for b in brands]
    targets += [(f"{p.name}（示范点）", (None, p.id)) for p in points]
    service, scope = FundService(ctx), sorted(units)
    return FundsData(targets, service.entries(year=year, units=scope), service.totals(year, scope))


class FundDialog(RecordDialog):
    """Record or correct an application, approval or spending (amount in yuan)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        targets: list[tuple[str, Target]],
        row: FundEntryRow | None = None,
    ) -> None:
        super().__init__(parent, "修改经费记录" if row else "登记专项经费")
        self.service, self.row = FundService(ctx), row
        self.duplicate_ok = False
        self.target = QComboBox(self)
        for text, key in targets:
            self.target.addItem(text, key)
        self.kind = QComboBox(self)
        for kind in FundKind:
            self.kind.addItem(kind.value, kind.value)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("单位：元，如 12000 或 3,560.50")
        self.item = QLineEdit(self)
        self.item.setPlaceholderText("如：党群服务站宣传阵地建设")
        self.entry_on = date_edit(self, ctx.today())
        self.note = QLineEdit(self)
        self.add_row("经费对象", self.target, "brand_id", "org_id")
        self.add_row("类别", self.kind, "kind")
        self.add_row("金额（元）", self.amount, "amount")
        self.add_row("经费项目", self.item, "item")
        self.add_row("日期", self.entry_on, "entry_on")
        self.add_row("备注", self.note, "note")
        self.finish()
        if row is not None:
            self._fill(row)

    def _fill(self, row: FundEntryRow) -> None:
        self.target.setCurrentIndex(max(self.target.findData((row.brand_id, row.org_id)), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
        self.amount.setText(row.amount)
        self.item.setText(row.item)
        set_date(self.entry_on, row.entry_on)
        self.note.setText(row.note or "")

    def draft(self) -> FundDraft:
        """Return the form as a draft (the amount as typed)."""
        brand_id, org_id = self.target.currentData() or (None, None)
        return FundDraft(
            kind=str(self.kind.currentData()),
            amount=self.amount.text(),
            item=self.item.text(),
            entry_on=date_of(self.entry_on),
            brand_id=brand_id,
            org_id=org_id,
            note=optional(self.note.text()),
        )

    def save(self) -> FundEntryRow:
        """Create or update the entry; an equal entry on record is recorded once confirmed."""
        if self.row is not None:
            return self.service.update(self.row.id, self.row.version, self.draft())
        try:
            return self.service.add(self.draft(), duplicate_ok=self.duplicate_ok)
        except DuplicateEntryError:
            self.duplicate_ok = True  # the message says so; 保存 again records it
            self.save_button.setText("仍然登记")
            raise

    def reload(self) -> None:
        """Show the stored entry after someone else changed it."""
        if self.row is not None:
            self.row = self.service.get(self.row.id)
            self._fill(self.row)


def _yuan(fen: int) -> str:
    return yuan(fen, grouping=True)


class FundsTab(RecordTab):
    """专项经费 of the brands and demonstration points of the unit and below, in the year."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = FundService(ctx)
        self.totals: RowsModel[FundTotals] = RowsModel(
            [
                Column(
                    "经费对象", lambda t: self._target_text(t.brand_id, t.org_id, t.target_name)
                ),
                Column(
                    "申请（元）", lambda t: t.applied_fen, lambda t: _yuan(t.applied_fen), RIGHT
                ),
                Column(
                    "批准（元）", lambda t: t.approved_fen, lambda t: _yuan(t.approved_fen), RIGHT
                ),
                Column("支出（元）", lambda t: t.spent_fen, lambda t: _yuan(t.spent_fen), RIGHT),
                Column(
                    "结余（元）", lambda t: t.balance_fen, lambda t: _yuan(t.balance_fen), RIGHT
                ),
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
        self.model: RowsModel[FundEntryRow] = RowsModel(
            [
                Column("日期", lambda e: e.entry_on, lambda e: day_text(e.entry_on)),
                Column(
                    "经费对象", lambda e: self._target_text(e.brand_id, e.org_id, e.target_name)
                ),
                Column("类别", lambda e: e.kind, align=CENTER),
                Column("金额（元）", lambda e: e.amount_fen, lambda e: _yuan(e.amount_fen), RIGHT),
                Column("经费项目", lambda e: e.item),
                Column("备注", lambda e: e.note or ""),
            ],
            foreground=lambda e: KIND_INK.get(e.kind),
            parent=self,
        )
        self.table = HintedTable(self.model, "", self)
        self.table.set_widths([90, 170, 50, 100, 200])
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["修改"].click())
        bar, self.buttons = button_bar(
            self, ("登记经费…", self.add), ("修改…", self.edit), ("删除", self.delete)
        )
        bar.insertWidget(0, QLabel("<b>经费明细</b>", self), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.total_table)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def fetch(self, org: OrgRow, year: int) -> FundsData:
        """Read the year's entries and totals of the subtree's brands and demo points."""
        return load_funds(self.ctx, org, year)

    def present(self, data: FundsData) -> None:
        """Show totals (with 合计), the entries and the summary line."""
        self.totals.set_rows([*data.totals, data.overall()] if data.totals else [])
        self.model.set_rows(data.entries)
        enable(self.buttons["登记经费"], bool(data.targets))
        if not data.targets:
            hint = "本组织及下级没有党建品牌或示范点，专项经费只能记在品牌或示范点上。"
        else:
            hint = f"{self.year}年尚无经费记录。点击“登记经费…”记录申请、批准或支出。"
        self.total_table.set_hint(hint)
        self.table.set_hint(f"{self.year}年尚无经费明细。" if data.targets else hint)
        total = data.overall()
        amounts = (
            ("申请", total.applied_fen),
            ("批准", total.approved_fen),
            ("支出", total.spent_fen),
            ("结余", total.balance_fen),
        )
        self.note.setText(
            f"{self.year}年专项经费（{len(data.targets)} 个品牌或示范点）："
            + "，".join(f"{k} <b>{_yuan(v)}</b> 元" for k, v in amounts)
        )

    def _target_text(self, brand_id: int | None, org_id: int | None, name: str) -> str:
        """Return ``name（品牌）`` / ``name（示范点）`` as in the target list."""
        data: FundsData | None = self.data
        labels = {key: text for text, key in data.targets} if data else {}
        return labels.get((brand_id, org_id), name)

    def selected(self) -> FundEntryRow | None:
        """Return the entry selected."""
        found = self.table.current()
        return found if isinstance(found, FundEntryRow) else None

    def add(self) -> FundDialog | None:
        """Open the form for a new entry."""
        data: FundsData | None = self.data
        if data is None or not data.targets:
            return None
        dialog = FundDialog(self.ctx, self, data.targets)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def edit(self) -> FundDialog | None:
        """Open the form of the selected entry."""
        data: FundsData | None = self.data
        entry = self.selected()
        if data is None or entry is None:
            messages.inform(self, "专项经费", "请先在明细中选择一条记录。")
            return None
        dialog = FundDialog(self.ctx, self, data.targets, entry)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def delete(self) -> None:
        """Delete the selected entry after a confirmation."""
        entry = self.selected()
        if entry is None:
            return
        self.confirm_delete(
            "删除经费记录",
            f"确定删除“{entry.target_name}”{entry.kind} {entry.amount} 元（{entry.item}）吗？",
            lambda: self.service.delete(entry.id),
        )
