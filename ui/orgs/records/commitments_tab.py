"""The 公开承诺 tab: commitments of the unit and its members, their publication and year-end check."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brandoffice.model.vocab import Fulfilment, PublishChannel
from brandoffice.services.commitments import (
    CommitmentDraft,
    CommitmentRow,
    CommitmentService,
    UnitCommitmentCounts,
)
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.record_helpers import percent, rate
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.home_models import CENTER, Column
from ui.orgs.records.common import (
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    attempt,
    button_bar,
    optional,
    text_box,
)
from ui.orgs.runner import Runner
from ui.widgets import date_edit, date_of, day_text, set_date

FULFILMENT_INK = {
    Fulfilment.FULFILLED.value: QColor("#1e8449"),
    Fulfilment.PARTLY.value: QColor("#b9770e"),
    Fulfilment.NOT_FULFILLED.value: QColor("#c0392b"),
}
Subject = tuple[str, int]
"""("org", id) or ("member", id)."""


@dataclass(frozen=True)
class CommitmentData:
    """The year's commitments of the subtree, the counts, and who can commit (unit, members)."""

    rows: list[CommitmentRow]
    counts: list[UnitCommitmentCounts]
    subjects: list[tuple[str, Subject]]


def load_commitments(ctx: AppContext, org: OrgRow, year: int) -> CommitmentData:
    """Read a unit's subtree's commitments of a year and the unit's own members."""
    service = CommitmentService(ctx)
    people = MemberService(ctx)
    members = people.page([org.id], 0, max(people.count([org.id]), 1), sort="name")
    subjects = [(f"{org.name}（本组织）", ("org", org.id))]
    subjects += [(f"{m.name}（党员）", ("member", m.id)) for m in members]
    return CommitmentData(
        service.commitments(year, org_id=org.id), service.counts(year, org.id), subjects
    )


class CommitmentDialog(RecordDialog):
    """Add or edit a commitment of the unit or one of its members."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        subjects: list[tuple[str, Subject]],
        year: int,
        row: CommitmentRow | None = None,
    ) -> None:
        super().__init__(parent, "编辑公开承诺" if row else "新增公开承诺")
        self.service, self.row = CommitmentService(ctx), row
        self.subject = QComboBox(self)
        for text, key in subjects:
            self.subject.addItem(text, key)
        if row is not None and self.subject.findData(_subject(row)) < 0:
            self.subject.addItem(f"{row.subject_name}（{row.unit_name}）", _subject(row))
        self.year = QSpinBox(self)
        self.year.setRange(1949, 2200)
        self.year.setValue(year)
        self.post = QLineEdit(self)
        self.post.setPlaceholderText("设岗定责的岗位，如：楼栋长、政策宣传岗（可不填）")
        self.content = text_box(self, lines=4)
        self.made_on = date_edit(self, ctx.today())
        self.channels = {c.value: QCheckBox(c.value, self) for c in PublishChannel}
        grid = QGridLayout()
        for i, box in enumerate(self.channels.values()):
            grid.addWidget(box, i // 4, i % 4)
        self.add_row("承诺主体", self.subject, "org_id", "member_id")
        self.add_row("年度", self.year, "year")
        self.add_row("岗位职责", self.post, "post")
        self.add_row("承诺内容", self.content, "content")
        self.add_row("承诺日期", self.made_on, "made_on")
        self.add_row("公开方式", grid, "published_in")
        self.finish(560)
        if row is not None:
            self._fill(row)

    def _fill(self, row: CommitmentRow) -> None:
        self.subject.setCurrentIndex(max(self.subject.findData(_subject(row)), 0))
        self.year.setValue(row.year)
        self.post.setText(row.post or "")
        self.content.setPlainText(row.content)
        set_date(self.made_on, row.made_on)
        for channel, box in self.channels.items():
            box.setChecked(channel in row.published_in)

    def draft(self) -> CommitmentDraft:
        """Return the form as a draft."""
        kind, subject_id = self.subject.currentData()
        return CommitmentDraft(
            content=self.content.toPlainText(),
            made_on=date_of(self.made_on),
            org_id=subject_id if kind == "org" else None,
            member_id=subject_id if kind == "member" else None,
            year=self.year.value(),
            post=optional(self.post.text()),
            published_in=[c for c, box in self.channels.items() if box.isChecked()],
        )

    def save(self) -> CommitmentRow:
        """Create or update the commitment."""
        if self.row is None:
            return self.service.create(self.draft())
        return self.service.update(self.row.id, self.row.version, self.draft())

    def reload(self) -> None:
        """Show the stored commitment after someone else changed it."""
        if self.row is not None:
            self.row = self.service.get(self.row.id)
            self._fill(self.row)


class CheckDialog(RecordDialog):
    """The year-end check of a commitment: 已兑现 / 部分兑现 / 未兑现, or none yet."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, row: CommitmentRow) -> None:
        super().__init__(parent, f"年终兑现检查：{row.subject_name}")
        self.service, self.row = CommitmentService(ctx), row
        self.fulfilment = QComboBox(self)
        self.fulfilment.addItem("（未检查）", None)
        for value in Fulfilment:
            self.fulfilment.addItem(value.value, value.value)
        self.fulfilment.setCurrentIndex(
            max(self.fulfilment.findData(row.fulfilment or Fulfilment.FULFILLED.value), 0)
        )
        self.checked_on = date_edit(self, row.checked_on or ctx.today())
        self.check_note = text_box(self, row.check_note, lines=3)
        self.check_note.setPlaceholderText("部分兑现或未兑现时须说明原因")
        content = text_box(self, row.content, lines=2)
        content.setReadOnly(True)
        self.add_row("承诺内容", content, "content")
        self.add_row("兑现情况", self.fulfilment, "fulfilment")
        self.add_row("检查日期", self.checked_on, "checked_on")
        self.add_row("兑现说明", self.check_note, "check_note")
        self.finish(520)

    def save(self) -> CommitmentRow:
        """Store the check."""
        return self.service.check(
            self.row.id,
            self.row.version,
            self.fulfilment.currentData(),
            checked_on=date_of(self.checked_on),
            note=optional(self.check_note.toPlainText()),
        )

    def reload(self) -> None:
        """Take the stored version after someone else changed the commitment."""
        self.row = self.service.get(self.row.id)


def _subject(row: CommitmentRow) -> Subject:
    return ("org", row.org_id) if row.org_id is not None else ("member", row.member_id or 0)


class CommitmentsTab(RecordTab):
    """公开承诺 of the unit, its members and the units below, in the year."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = CommitmentService(ctx)
        self.model: RowsModel[CommitmentRow] = RowsModel(
            [
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
            foreground=lambda r: FULFILMENT_INK.get(r.fulfilment or ""),
            tooltip=lambda r: r.content + (f"\n兑现说明：{r.check_note}" if r.check_note else ""),
            parent=self,
        )
        self.table = HintedTable(self.model, "", self)
        self.table.set_widths([110, 40, 110, 80, 190, 84, 100, 60])
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["编辑"].click())
        bar, self.buttons = button_bar(
            self,
            ("新增承诺…", self.add),
            ("编辑…", self.edit),
            ("年终检查…", self.check),
            ("删除", self.delete),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def fetch(self, org: OrgRow, year: int) -> CommitmentData:
        """Read the year's commitments of the unit's subtree."""
        return load_commitments(self.ctx, org, year)

    def present(self, data: CommitmentData) -> None:
        """Show the commitments and the counts."""
        self.model.set_rows(data.rows)
        self.table.set_hint(
            f"{self.year}年度尚未登记公开承诺。\n点击“新增承诺…”登记本组织或党员的承诺（设岗定责）。"
        )
        self.note.setText(commitment_summary(self.year, data.counts))

    def selected(self) -> CommitmentRow | None:
        """Return the commitment selected."""
        found = self.table.current()
        return found if isinstance(found, CommitmentRow) else None

    def _need(self) -> CommitmentRow | None:
        row = self.selected()
        if row is None:
            messages.inform(self, "公开承诺", "请先在列表中选择一项承诺。")
        return row

    def add(self) -> CommitmentDialog | None:
        """Open the form for a new commitment."""
        data: CommitmentData | None = self.data
        if data is None:
            return None
        dialog = CommitmentDialog(self.ctx, self, data.subjects, self.year)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def edit(self) -> CommitmentDialog | None:
        """Open the form of the selected commitment."""
        data: CommitmentData | None = self.data
        row = self._need()
        if data is None or row is None:
            return None
        fresh = attempt(self, "编辑公开承诺", lambda: self.service.get(row.id))
        if fresh is None:
            return None
        dialog = CommitmentDialog(self.ctx, self, data.subjects, self.year, fresh)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def check(self) -> CheckDialog | None:
        """Open the year-end check of the selected commitment."""
        row = self._need()
        if row is None:
            return None
        dialog = CheckDialog(self.ctx, self, row)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def delete(self) -> None:
        """Delete the selected commitment after a confirmation."""
        row = self._need()
        if row is None:
            return
        self.confirm_delete(
            "删除公开承诺",
            f"确定删除“{row.subject_name}”的这项承诺吗？\n{row.content[:60]}",
            lambda: self.service.delete(row.id),
        )


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
