"""The 表彰 tab: honours of the unit, its members and brands, from nomination to decision."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from brandoffice.model.vocab import CommendationKind, HonourLevel, HonourStatus
from brandoffice.services.brands import BrandService
from brandoffice.services.commendations import (
    CommendationRow,
    CommendationService,
    HonourDraft,
    nominee_field,
)
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberService
from brandoffice.services.orgs import OrgService
from brandoffice.services.reviews import ReviewService
from brandoffice.services.rows import OrgRow
from brandoffice.services.settings import office_identity
from ui import messages
from ui.home_models import CENTER, Column
from ui.orgs.records.common import (
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    button_bar,
    optional,
    text_box,
)
from ui.orgs.runner import Runner
from ui.widgets import date_edit, date_of, day_text, set_date, spin_box, stack

ROSTER_MAX = 5000
"""Members offered in the form (a unit's subtree rarely has more)."""
NOMINATED = HonourStatus.NOMINATED.value
STATUS_COLOURS = {HonourStatus.AWARDED.value: "#1e8449", HonourStatus.REFUSED.value: "#999999"}


@dataclass(frozen=True)
class HonoursData:
    """A subtree's honours of a year, who can be nominated (by field) and the review rounds."""

    rows: list[CommendationRow]
    nominees: dict[str, list[tuple[str, int]]]
    reviews: list[tuple[str, int]]
    signer: str
    """The office's 发文机关 offered as the deciding body ("" while unset)."""


def load_honours(ctx: AppContext, org: OrgRow, year: int) -> HonoursData:
    """Read a unit subtree's honours of a year and the units, members and brands it holds."""
    units = OrgService(ctx).subtree(org.id)
    inside = set(units)
    names = {o.id: o.name for o in OrgService(ctx).all_rows() if o.id in inside}
    members = MemberService(ctx).page(units, 0, ROSTER_MAX, sort="name")
    brands = [b for b in BrandService(ctx).all_rows() if b.org_id in inside]
    nominees = {
        "org_id": [(names[u], u) for u in units],
        "member_id": [(f"{m.name}（{names.get(m.org_id, '')}）", m.id) for m in members],
        "brand_id": [(f"{b.name}（{names.get(b.org_id, '')}）", b.id) for b in brands],
    }
    reviews = [(r.name, r.id) for r in ReviewService(ctx).rounds()]
    identity = office_identity(ctx)
    return HonoursData(
        CommendationService(ctx).commendations(year, org_ids=units),
        nominees,
        reviews,
        identity.issuer or identity.committee_name,
    )


def _combo(parent: QWidget, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox(parent)
    for text, data in items:
        box.addItem(text, data)
    return box


def _pick(box: QComboBox, data: object) -> None:
    box.setCurrentIndex(max(box.findData(data), 0))


class HonourDialog(RecordDialog):
    """Nominate an honour, or correct one: kind, nominee, year, level, stage and review."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        data: HonoursData,
        year: int,
        row: CommendationRow | None = None,
    ) -> None:
        super().__init__(parent, "修改表彰" if row else "推荐表彰")
        self.service, self.data, self.row = CommendationService(ctx), data, row
        self.kind = _combo(self, [(k.value, k.value) for k in CommendationKind])
        self.nominee = QComboBox(self)
        self.year = spin_box(self, 1949, 2200, year)
        self.level = _combo(
            self, [("（不填）", None), *((lv.value, lv.value) for lv in HonourLevel)]
        )
        self.nominated_by = QLineEdit(self)
        self.nominated_on = date_edit(self, ctx.today())
        self.status = _combo(self, [(s.value, s.value) for s in HonourStatus])
        self.awarded_by = QLineEdit(self)
        self.awarded_by.setPlaceholderText(f"如：{data.signer or '××县委'}")
        self.awarded_on = date_edit(self, ctx.today())
        self.doc_number = QLineEdit(self)
        self.review = _combo(self, [("（无）", None), *data.reviews])
        self.review.setMinimumContentsLength(18)  # review names are long: 2026年度品牌复查…
        self.note = text_box(self, lines=2)
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_nominees(None))
        self.status.currentIndexChanged.connect(lambda _i: self._decision_shown())
        self.add_row("表彰类别：", self.kind, "kind")
        self.add_row("表彰对象：", self.nominee, "org_id", "member_id", "brand_id")
        self.add_row("年度：", self.year, "year")
        self.add_row("级别：", self.level, "level")
        self.add_row("推荐单位：", self.nominated_by, "nominated_by")
        self.add_row("推荐日期：", self.nominated_on, "nominated_on")
        self.add_row("状态：", self.status, "status")
        self.add_row("表彰机关：", self.awarded_by, "awarded_by")
        self.add_row("决定日期：", self.awarded_on, "awarded_on")
        self.add_row("文号：", self.doc_number, "doc_number")
        self.add_row("关联评审：", self.review, "review_round_id")
        self.add_row("备注：", self.note, "note")
        self.finish(520)
        self._fill_nominees(None)
        if row is not None:
            self._fill(row)
        self._decision_shown()

    def _fill_nominees(self, chosen: int | None) -> None:
        field = nominee_field(self.kind.currentData())
        self.nominee.clear()
        for text, ident in self.data.nominees.get(field, []):
            self.nominee.addItem(text, ident)
        if chosen is not None and self.nominee.findData(chosen) < 0 and self.row is not None:
            self.nominee.addItem(f"{self.row.recipient}（{self.row.unit}）", chosen)
        _pick(self.nominee, chosen)

    def _decision_shown(self) -> None:
        decided = self.status.currentData() != NOMINATED
        self.awarded_on.setEnabled(decided)

    def _fill(self, row: CommendationRow) -> None:
        _pick(self.kind, row.kind)
        self._fill_nominees(getattr(row, nominee_field(row.kind)))
        self.year.setValue(row.year)
        _pick(self.level, row.level)
        self.nominated_by.setText(row.nominated_by or "")
        if row.nominated_on:
            set_date(self.nominated_on, row.nominated_on)
        _pick(self.status, row.status)
        self.awarded_by.setText(row.awarded_by or "")
        if row.awarded_on:
            set_date(self.awarded_on, row.awarded_on)
        self.doc_number.setText(row.doc_number or "")
        _pick(self.review, row.review_round_id)
        self.note.setPlainText(row.note or "")

    def draft(self) -> HonourDraft:
        """Return the form as a draft; the decision date only once decided."""
        kind = self.kind.currentData()
        status = self.status.currentData()
        return HonourDraft(
            year=self.year.value(),
            kind=kind,
            **{nominee_field(kind): self.nominee.currentData()},
            level=self.level.currentData(),
            status=status,
            nominated_by=optional(self.nominated_by.text()),
            nominated_on=date_of(self.nominated_on),
            awarded_by=optional(self.awarded_by.text()),
            awarded_on=None if status == NOMINATED else date_of(self.awarded_on),
            doc_number=optional(self.doc_number.text()),
            review_round_id=self.review.currentData(),
            note=optional(self.note.toPlainText()),
        )

    def save(self) -> CommendationRow:
        """Store the nomination or the correction."""
        if self.row is None:
            return self.service.add(self.draft())
        return self.service.update(self.row.id, self.row.version, self.draft())

    def reload(self) -> None:
        """Show the stored honour after someone else changed it."""
        if self.row is not None:
            self.row = self.service.get(self.row.id)
            self._fill(self.row)


class DecisionDialog(RecordDialog):
    """Record the decision on a nomination: 表彰 or 未通过, the body, the date and the 文号."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, data: HonoursData, row: CommendationRow
    ) -> None:
        super().__init__(parent, f"登记决定：{row.recipient} {row.year}年度{row.kind}")
        self.service, self.row = CommendationService(ctx), row
        decided = [s for s in HonourStatus if s.value != NOMINATED]
        self.status = _combo(self, [(s.value, s.value) for s in decided])
        self.awarded_by = QLineEdit(row.awarded_by or data.signer, self)
        self.awarded_on = date_edit(self, ctx.today())
        self.doc_number = QLineEdit(row.doc_number or "", self)
        self.level = _combo(
            self, [("（不填）", None), *((lv.value, lv.value) for lv in HonourLevel)]
        )
        _pick(self.level, row.level)
        self.add_row("决定：", self.status, "status")
        self.add_row("表彰机关：", self.awarded_by, "awarded_by")
        self.add_row("决定日期：", self.awarded_on, "awarded_on")
        self.add_row("文号：", self.doc_number, "doc_number")
        self.add_row("级别：", self.level, "level")
        self.finish(460)

    def save(self) -> CommendationRow:
        """Store the decision."""
        return self.service.decide(
            self.row.id,
            self.row.version,
            self.status.currentData(),
            awarded_by=optional(self.awarded_by.text()),
            awarded_on=date_of(self.awarded_on),
            doc_number=optional(self.doc_number.text()),
            level=self.level.currentData(),
        )

    def reload(self) -> None:
        """Re-read the honour after someone else changed it."""
        self.row = self.service.get(self.row.id)


def _status_colour(row: CommendationRow) -> QColor | None:
    colour = STATUS_COLOURS.get(row.status)
    return QColor(colour) if colour else None


class HonoursTab(RecordTab):
    """Honours of the unit, its members and brands in the year shown, at every stage."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = CommendationService(ctx)
        self.model: RowsModel[CommendationRow] = RowsModel(
            [
                Column("表彰类别", lambda r: r.kind),
                Column("对象", lambda r: r.recipient),
                Column("所在单位", lambda r: r.unit),
                Column("状态", lambda r: r.status, align=CENTER),
                Column("决定日期", lambda r: r.awarded_on, lambda r: day_text(r.awarded_on)),
                Column("文号", lambda r: r.doc_number or ""),
                Column("表彰机关", lambda r: r.awarded_by or ""),
                Column("级别", lambda r: r.level or ""),
                Column("推荐日期", lambda r: r.nominated_on, lambda r: day_text(r.nominated_on)),
            ],
            foreground=_status_colour,
            tooltip=lambda r: r.note,
            parent=self,
        )
        self.table = HintedTable(
            self.model,
            "本年度尚未登记表彰。\n点击“推荐…”推荐先进基层党组织、优秀共产党员、优秀党务工作者"
            "或品牌表彰奖励的人选，表彰机关决定后点击“登记决定…”。",
            self,
        )
        self.table.set_widths([96, 64, 110, 44, 80, 120, 100, 70])
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["修改"].click())
        bar, self.buttons = button_bar(
            self,
            ("推荐…", self.add),
            ("登记决定…", self.decide),
            ("修改…", self.edit),
            ("删除", self.delete),
        )
        stack(self, self.note, (self.table, 1), bar)

    def fetch(self, org: OrgRow, year: int) -> HonoursData:
        """Read the year's honours of the unit's subtree and who can be nominated."""
        return load_honours(self.ctx, org, year)

    def present(self, data: HonoursData) -> None:
        """Show the honours and how many are at each stage."""
        self.model.set_rows(data.rows)
        counts = {s.value: sum(1 for r in data.rows if r.status == s.value) for s in HonourStatus}
        self.note.setText(
            f"{self.year}年度表彰：推荐待定 <b>{counts[NOMINATED]}</b> 项，"
            f"已表彰 <b>{counts[HonourStatus.AWARDED.value]}</b> 项，"
            f"未通过 {counts[HonourStatus.REFUSED.value]} 项"
        )
        self.table.select_first(lambda _r: True)

    def selected(self) -> CommendationRow | None:
        """Return the honour selected."""
        found = self.table.current()
        return found if isinstance(found, CommendationRow) else None

    def add(self) -> HonourDialog | None:
        """Open the nomination form."""
        if self.data is None:
            return None
        return self.open_dialog(HonourDialog(self.ctx, self, self.data, self.year), self.refresh_to)

    def edit(self) -> HonourDialog | None:
        """Open the selected honour's form."""
        row = self.selected()
        if row is None or self.data is None:
            messages.inform(self, "表彰", "请先在列表中选择一项表彰。")
            return None
        return self.open_dialog(
            HonourDialog(self.ctx, self, self.data, row.year, row), self.refresh_to
        )

    def decide(self) -> DecisionDialog | None:
        """Open the decision form of the selected nomination."""
        row = self.selected()
        if row is None or self.data is None:
            messages.inform(self, "登记决定", "请先在列表中选择一项推荐。")
            return None
        if row.decided:
            messages.inform(
                self, "登记决定", f"该表彰已决定（{row.status}），如需更正请点“修改…”。"
            )
            return None
        return self.open_dialog(DecisionDialog(self.ctx, self, self.data, row), self.refresh_to)

    def delete(self) -> None:
        """Delete the selected honour after asking."""
        row = self.selected()
        if row is None:
            return
        self.confirm_delete(
            "删除表彰",
            f"删除{row.recipient}的{row.year}年度“{row.kind}”（{row.status}）？",
            lambda: self.service.delete(row.id),
        )
