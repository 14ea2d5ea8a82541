"""Special funds (专项经费) of brands and demonstration points, kept in fen and shown in yuan."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.excel.record_columns import FUNDS
from brandoffice.model import Brand, FundEntry, Organisation, table_of
from brandoffice.model.vocab import FundKind
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service

ENTRY = table_of(FundEntry)
BRAND = table_of(Brand)
ORG = table_of(Organisation)
LABEL = "专项经费"
FLOAT_NOISE = 1e-6
MAX_FEN = 10**12
"""Ten billion yuan: anything larger is a typing error."""


def to_fen(value: Decimal | int | float | str, label: str = "金额") -> int:
    """Turn an amount in yuan (``1234.5``, ``"1,234.50"``, ``1234``) into whole fen.

    A float (a spreadsheet cell) within a millionth of a fen of a whole fen is taken as that
    fen, so ``0.1 + 0.2`` is 30 fen; decimals and text must be exact to the fen.

    Raises:
        ValidationError: Not a number, not positive, or finer than a fen.
    """
    if isinstance(value, float) and math.isfinite(value):
        nearest = round(value * 100)
        if abs(value * 100 - nearest) < FLOAT_NOISE:
            value = Decimal(nearest) / 100
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"{label}“{value}”不是有效的金额", "amount") from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(f"{label}应大于0（现为“{value}”）", "amount")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValidationError(f"{label}“{value}”最多保留两位小数（到分）", "amount")
    if fen > MAX_FEN:
        raise ValidationError(f"{label}“{value}”过大，请核对", "amount")
    return int(fen)


def yuan(fen: int, *, grouping: bool = False) -> str:
    """Format fen as yuan with two decimals: ``123456`` → ``1234.56`` (``1,234.56`` grouped)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    shown = f"{whole:,}" if grouping else str(whole)
    return f"{sign}{shown}.{cents:02d}"


@dataclass(frozen=True)
class FundDraft:
    """An entry as typed: kind 申请/批准/支出, amount in yuan, for a brand or a demo point."""

    kind: str
    amount: Decimal | int | float | str
    item: str
    entry_on: dt.date
    brand_id: int | None = None
    org_id: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class FundEntryRow:
    """An entry with the name of its brand or demonstration point."""

    id: int
    brand_id: int | None
    org_id: int | None
    target_name: str
    kind: str
    amount_fen: int
    item: str
    entry_on: dt.date
    note: str | None
    version: int

    @property
    def amount(self) -> str:
        """Return the amount in yuan with two decimals."""
        return yuan(self.amount_fen)


@dataclass(frozen=True, slots=True)
class FundTotals:
    """Applied, approved and spent amounts (in fen) of a brand, a demo point or everything."""

    brand_id: int | None
    org_id: int | None
    target_name: str
    applied_fen: int
    approved_fen: int
    spent_fen: int

    @property
    def balance_fen(self) -> int:
        """Return approved − spent."""
        return self.approved_fen - self.spent_fen

    @classmethod
    def over(cls, rows: list[FundTotals]) -> FundTotals:
        """Return the sum of some targets' totals (合计)."""
        return cls(
            None,
            None,
            "合计",
            sum(r.applied_fen for r in rows),
            sum(r.approved_fen for r in rows),
            sum(r.spent_fen for r in rows),
        )

    def shown(self) -> dict[str, str]:
        """Return the four amounts in yuan, labelled in Chinese, for grids and reports."""
        return {
            "申请": yuan(self.applied_fen),
            "批准": yuan(self.approved_fen),
            "支出": yuan(self.spent_fen),
            "结余": yuan(self.balance_fen),
        }


Target = tuple[int | None, int | None]
"""(brand_id, org_id) of an entry: a brand or a demonstration point."""


@dataclass(frozen=True)
class FundsView:
    """A unit subtree's brands and demo points, their entries of a year and their totals.

    Attributes:
        targets: What an entry may be for: ``(“name（品牌）”, (brand_id, None))`` and
            ``(“name（示范点）”, (None, org_id))``.
    """

    targets: list[tuple[str, Target]]
    entries: list[FundEntryRow]
    totals: list[FundTotals]

    def overall(self) -> FundTotals:
        """Return the sum over the targets (合计)."""
        return FundTotals.over(self.totals)

    def target_text(self, brand_id: int | None, org_id: int | None, name: str) -> str:
        """Return ``name（品牌）`` / ``name（示范点）`` as in the target list."""
        return next((t for t, key in self.targets if key == (brand_id, org_id)), name)


class DuplicateEntryError(ValidationError):
    """An entry equal to one on record (target, kind, amount, item, date): a warning to confirm."""


class FundService(Service):
    """Entries of special funds; spending beyond the approved amount is refused."""

    # -- reads ---------------------------------------------------------------
    def entries(
        self,
        *,
        brand_id: int | None = None,
        org_id: int | None = None,
        year: int | None = None,
        units: list[int] | None = None,
    ) -> list[FundEntryRow]:
        """Return entries (of one brand or demo point, of a year, of some units), oldest first."""
        query = _query().order_by(ENTRY.c.entry_on, ENTRY.c.id)
        if units is not None:
            query = query.where(_owner().in_(units))
        if brand_id is not None:
            query = query.where(ENTRY.c.brand_id == brand_id)
        if org_id is not None:
            query = query.where(ENTRY.c.org_id == org_id)
        if year is not None:
            query = query.where(extract("year", ENTRY.c.entry_on) == year)
        return rh.rows_of(self.ctx, FundEntryRow, query)

    def view(self, org_id: int, year: int) -> FundsView:
        """Return the entries and totals of a year of the brands and demo points of a subtree."""
        with self.ctx.db.read() as s:
            units = rh.scope_units(s, org_id) or []
            mine = BRAND.c.org_id.in_(units)
            brands = s.execute(select(BRAND.c.id, BRAND.c.name).where(mine).order_by(BRAND.c.id))
            points = s.execute(
                select(ORG.c.id, ORG.c.name)
                .where(ORG.c.id.in_(units), ORG.c.is_demo_point.is_(True))
                .order_by(ORG.c.sort_order, ORG.c.id)
            )
            targets: list[tuple[str, Target]] = [(f"{n}（品牌）", (i, None)) for i, n in brands]
            targets += [(f"{n}（示范点）", (None, i)) for i, n in points]
        scope = sorted(units)
        return FundsView(targets, self.entries(year=year, units=scope), self.totals(year, scope))

    def get(self, entry_id: int) -> FundEntryRow:
        """Return one entry or raise NotFoundError."""
        return rh.row_of(self.ctx, FundEntryRow, _query(), ENTRY, entry_id, "经费记录")

    def totals(self, year: int | None = None, units: list[int] | None = None) -> list[FundTotals]:
        """Return per brand and demonstration point the totals (of a year), by name.

        Args:
            year: Only entries of this year.
            units: Only brands and demonstration points of these units (None: all); the tab
                and the progress report read their totals here.
        """
        sums = [
            func.coalesce(func.sum(case((ENTRY.c.kind == k.value, ENTRY.c.amount_fen))), 0)
            for k in FundKind
        ]
        name = func.coalesce(BRAND.c.name, ORG.c.name)
        query = (
            select(ENTRY.c.brand_id, ENTRY.c.org_id, name, *sums)
            .outerjoin(BRAND, BRAND.c.id == ENTRY.c.brand_id)
            .outerjoin(ORG, ORG.c.id == ENTRY.c.org_id)
            .group_by(ENTRY.c.brand_id, ENTRY.c.org_id, name)
            .order_by(name)
        )
        if year is not None:
            query = query.where(extract("year", ENTRY.c.entry_on) == year)
        if units is not None:
            query = query.where(_owner().in_(units))
        with self.ctx.db.read() as s:
            return [
                FundTotals(b, o, str(n), int(a), int(p), int(sp))
                for b, o, n, a, p, sp in s.execute(query)
            ]

    def overall(self, year: int | None = None) -> FundTotals:
        """Return the totals over every brand and demonstration point (合计)."""
        return FundTotals.over(self.totals(year))

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def add(self, draft: FundDraft, *, duplicate_ok: bool = False) -> FundEntryRow:
        """Record an application, approval or spending.

        Args:
            draft: The entry as typed.
            duplicate_ok: Record it even when an equal entry is on record (the clerk said so).

        Raises:
            DuplicateEntryError: An equal entry is on record (unless ``duplicate_ok``).
            ValidationError: Not exactly one target, a unit that is not a demonstration
                point, or spending that would exceed the amount approved for the target.
        """
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            name = _target_name(s, draft.brand_id, draft.org_id)
            if not duplicate_ok:
                _refuse_duplicate(s, values)
            entry = FundEntry(**values)
            s.add(entry)
            s.flush()
            _check_balance(s, draft.brand_id, draft.org_id, name)
            detail = f"{values['kind']} {yuan(values['amount_fen'])} 元：{values['item']}"
            rh.log(s, self.ctx, "登记专项经费", LABEL, entry.id, name, detail)
            new_id = entry.id
        return self.get(new_id)

    @retry_conflicts
    def update(self, entry_id: int, version: int, draft: FundDraft) -> FundEntryRow:
        """Correct an entry; refused when stale or when spending would exceed the approval."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            entry = rh.load(s, FundEntry, entry_id, version, "经费记录")
            old = (entry.brand_id, entry.org_id)
            name = _target_name(s, draft.brand_id, draft.org_id)
            for key, value in values.items():
                setattr(entry, key, value)
            s.flush()
            _check_balance(s, draft.brand_id, draft.org_id, name)
            if old != (draft.brand_id, draft.org_id):
                _check_balance(s, old[0], old[1], _target_name(s, *old, demo_only=False))
            detail = f"{values['kind']} {yuan(values['amount_fen'])} 元：{values['item']}"
            rh.log(s, self.ctx, "修改专项经费", LABEL, entry_id, name, detail)
        return self.get(entry_id)

    @retry_conflicts
    def delete(self, entry_id: int) -> None:
        """Delete an entry; refused when it would leave spending above the approval."""
        with self.ctx.db.write.begin() as s:
            entry = rh.load(s, FundEntry, entry_id, None, "经费记录")
            target = (entry.brand_id, entry.org_id)
            detail = f"{entry.kind} {yuan(entry.amount_fen)} 元：{entry.item}"
            s.delete(entry)
            s.flush()
            name = _target_name(s, *target, demo_only=False)
            _check_balance(s, target[0], target[1], name)
            rh.log(s, self.ctx, "删除专项经费", LABEL, entry_id, name, detail)


def clean(draft: FundDraft, today: dt.date) -> dict[str, Any]:
    """Check an entry as typed and return its stored values (the kind's per-record rules)."""
    if (draft.brand_id is None) == (draft.org_id is None):
        raise ValidationError("经费须属于一个品牌或一个示范点（二者选一）", "brand_id")
    FUNDS.column("entry_on").refuse_future(draft.entry_on, today)
    return {
        "brand_id": draft.brand_id,
        "org_id": draft.org_id,
        "kind": validate.choice(draft.kind, FundKind, "经费类别", "kind").value,
        "amount_fen": to_fen(draft.amount),
        "item": validate.text(draft.item, "经费项目", "item", max_len=100),
        "entry_on": draft.entry_on,
        "note": validate.optional_text(draft.note, "备注", "note", max_len=2000),
    }


def _target_name(
    session: Session, brand_id: int | None, org_id: int | None, *, demo_only: bool = True
) -> str:
    if brand_id is not None:
        name = session.scalar(select(BRAND.c.name).where(BRAND.c.id == brand_id))
        if name is None:
            raise ValidationError(f"品牌（编号 {brand_id}）不存在", "brand_id")
        return str(name)
    assert org_id is not None
    unit = session.get(Organisation, org_id)
    if unit is None:
        raise ValidationError(f"组织（编号 {org_id}）不存在", "org_id")
    if demo_only:
        check_point(unit.name, unit.is_demo_point)
    return unit.name


def check_point(name: str, is_demo_point: bool) -> None:
    """Refuse funds of a unit that is not a demonstration point (the form and the import)."""
    if not is_demo_point:
        raise ValidationError(f"“{name}”不是示范点，专项经费只能记在品牌或示范点上", "org_id")


def check_totals(name: str, approved_fen: int, spent_fen: int) -> None:
    """Refuse a target's totals with more spent than approved (the kind's per-batch rule)."""
    if spent_fen > approved_fen:
        raise ValidationError(
            f"“{name}”的支出将超出批准额度：已批准 {yuan(approved_fen)} 元，"
            f"支出合计将为 {yuan(spent_fen)} 元，超出 {yuan(spent_fen - approved_fen)} 元",
            "amount",
        )


def _check_balance(session: Session, brand_id: int | None, org_id: int | None, name: str) -> None:
    """Refuse a state where the target has spent more than was approved for it."""
    target = ENTRY.c.brand_id == brand_id if brand_id is not None else ENTRY.c.org_id == org_id
    approved, spent = (
        int(
            session.scalar(
                select(func.coalesce(func.sum(ENTRY.c.amount_fen), 0)).where(
                    target, ENTRY.c.kind == kind.value
                )
            )
            or 0
        )
        for kind in (FundKind.APPROVED, FundKind.SPENT)
    )
    check_totals(name, approved, spent)


def _refuse_duplicate(session: Session, values: dict[str, Any]) -> None:
    same = [ENTRY.c[k] == v for k, v in values.items() if k != "note"]
    found = session.scalar(select(func.count()).select_from(ENTRY).where(*same))
    if found:
        raise DuplicateEntryError(
            f"已有一笔相同的经费记录（{values['entry_on']:%Y-%m-%d} {values['kind']} "
            f"{yuan(values['amount_fen'])} 元：{values['item']}），确是另一笔时请确认后再登记",
            "item",
        )


def _owner() -> Any:
    """The unit an entry belongs to: its brand's unit or the demonstration point itself."""
    return func.coalesce(BRAND.c.org_id, ENTRY.c.org_id)


def _query() -> Any:
    return (
        select(ENTRY, func.coalesce(BRAND.c.name, ORG.c.name).label("target_name"))
        .outerjoin(BRAND, BRAND.c.id == ENTRY.c.brand_id)
        .outerjoin(ORG, ORG.c.id == ENTRY.c.org_id)
    )
