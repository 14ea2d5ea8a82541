"""The 公开承诺 tab: commitments of the unit and its members, their publication and year-end check."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from brandoffice.model.vocab import Fulfilment
from brandoffice.services.commitments import (
    CommitmentDraft,
    CommitmentRow,
    CommitmentService,
    CommitmentsView,
    UnitCommitmentCounts,
)
from brandoffice.services.context import AppContext
from brandoffice.services.record_helpers import percent, rate
from brandoffice.services.rows import OrgRow
from ui.home_models import CENTER, Column
from ui.orgs.records.common import text_box
from ui.orgs.records.kind_form import KindForm, Store
from ui.orgs.records.kind_tab import KindTab, Owners
from ui.orgs.runner import Runner
from ui.widgets import day_text

FULFILMENT_INK = {
    Fulfilment.FULFILLED.value: QColor("#1e8449"),
    Fulfilment.PARTLY.value: QColor("#b9770e"),
    Fulfilment.NOT_FULFILLED.value: QColor("#c0392b"),
}
CHECK_FIELDS = ("fulfilment", "checked_on", "check_note")


class CheckForm(KindForm):
    """The year-end check of a commitment: 已兑现 / 部分兑现 / 未兑现, or none yet."""

    def extend(self) -> None:
        """Show the commitment above the check; offer 已兑现 first."""
        content = text_box(self, getattr(self.row, "content", None), lines=2)
        content.setReadOnly(True)
        self.form.insertRow(0, "承诺内容", content)
        self.widget("fulfilment").setItemText(0, "（未检查）")
        self.widget("check_note").setPlaceholderText("部分兑现或未兑现时须说明原因")

    def fill(self, row: CommitmentRow) -> None:
        """Show the stored check (已兑现 when none yet)."""
        super().fill(row)
        self.inputs["fulfilment"].show(row.fulfilment or Fulfilment.FULFILLED.value)


class CommitmentsTab(KindTab):
    """公开承诺 of the unit, its members and the units below, in the year."""

    KIND, ADD, EDIT = "commitments", "新增承诺…", "编辑…"
    PICK = "请先在列表中选择一项承诺。"
    FIELDS = ("year", "post", "content", "made_on", "published_in")
    OWNER, FORM_WIDTH = "承诺主体", 560

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        self.service = CommitmentService(ctx)
        s = self.service
        super().__init__(
            ctx,
            runner,
            parent,
            store=Store(CommitmentDraft, s.create, s.update, s.get, s.delete),
            columns=[
                Column("承诺主体", lambda r: r.subject_name),
                Column("类型", lambda r: "组织" if r.org_id else "党员", align=CENTER),
                Column("所在单位", lambda r: r.unit_name),
                Column("岗位职责", lambda r: r.post or ""),
                Column("承诺内容", lambda r: r.content),
                Column("承诺日期", lambda r: r.made_on, lambda r: day_text(r.made_on)),
                Column("公开方式", lambda r: "、".join(r.published_in)),
                Column("兑现情况", lambda r: r.fulfilment or "未检查", align=CENTER),
                Column("检查日期", lambda r: r.checked_on, lambda r: day_text(r.checked_on)),
            ],
            widths=[110, 40, 110, 80, 190, 84, 100, 60],
            extra=[("年终检查…", self.check)],
            foreground=lambda r: FULFILMENT_INK.get(r.fulfilment or ""),
            tooltip=lambda r: r.content + (f"\n兑现说明：{r.check_note}" if r.check_note else ""),
        )

    def fetch(self, org: OrgRow, year: int) -> CommitmentsView:
        """Read the year's commitments of the unit's subtree."""
        return self.service.view(org.id, year)

    def present(self, data: CommitmentsView) -> None:
        """Show the commitments and the counts."""
        self.model.set_rows(data.rows)
        self.table.set_hint(
            f"{self.year}年度尚未登记公开承诺。\n点击“新增承诺…”登记本组织或党员的承诺（设岗定责）。"
        )
        self.note.setText(commitment_summary(self.year, data.counts))

    def owners(self) -> Owners:
        """Return the unit and its members."""
        data: CommitmentsView | None = self.data
        return data.owners if data else []

    def check(self) -> CheckForm | None:
        """Open the year-end check of the selected commitment."""
        row = self.need()
        if row is None:
            return None
        s = self.service
        store = replace(self.store, draft=dict, update=lambda i, version, v: s.check(
            i, version, v["fulfilment"], checked_on=v["checked_on"], note=v["check_note"]
        ))  # fmt: skip
        dialog = CheckForm(self.kind, self, store, today=self.ctx.today(),
                           title=f"年终兑现检查：{row.subject_name}", fields=CHECK_FIELDS,
                           row=row, width=520)  # fmt: skip
        return self.open_dialog(dialog, self.refresh_to)

    def question(self, row: CommitmentRow) -> str:
        """Name the commitment to delete."""
        return f"确定删除“{row.subject_name}”的这项承诺吗？\n{row.content[:60]}"


def commitment_summary(year: int, counts: list[UnitCommitmentCounts]) -> str:
    """Return the line over the list: made by units and members, and how the check came out."""
    own = sum(c.by_unit for c in counts)
    members = sum(c.by_members for c in counts)
    done = sum(c.fulfilled for c in counts)
    partly = sum(c.partly for c in counts)
    failed = sum(c.not_fulfilled for c in counts)
    unchecked = sum(c.unchecked for c in counts)
    checked = done + partly + failed
    return (
        f"{year}年度共 <b>{own + members}</b> 项承诺（组织 {own} 项，党员 {members} 项）；"
        f"已兑现 <b>{done}</b>，部分兑现 {partly}，未兑现 {failed}，未检查 {unchecked}；"
        f"兑现率 <b>{percent(rate(done, checked))}</b>"
    )
