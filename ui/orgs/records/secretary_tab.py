"""The 书记述职 tab: secretaries' yearly reports, score and rating, points raised and rectified."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from brandoffice.model.vocab import SecretaryRating
from brandoffice.services.context import AppContext
from brandoffice.services.rows import OrgRow
from brandoffice.services.secretary_reviews import (
    ReviewPointRow,
    SecretaryReviewRow,
    SecretaryReviewService,
)
from ui import messages
from ui.home_models import CENTER, RIGHT, Column
from ui.orgs.records.common import (
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    attempt,
    button_bar,
    number,
    optional,
    text_box,
)
from ui.orgs.runner import Runner
from ui.orgs.widgets import OptionalDateEdit
from ui.widgets import day_text, spin_box, stack

BY_SCORE = "（按得分评定）"
RATING_INK = {
    SecretaryRating.GOOD.value: QColor("#1e8449"),
    SecretaryRating.POOR.value: QColor("#c0392b"),
}


class ReviewDialog(RecordDialog):
    """Record or edit a unit secretary's report of a year."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        org: OrgRow,
        year: int,
        row: SecretaryReviewRow | None = None,
    ) -> None:
        super().__init__(parent, "编辑书记述职评议" if row else "登记书记述职评议")
        self.service, self.org, self.row = SecretaryReviewService(ctx), org, row
        self.year = spin_box(self, 1949, 2200, row.year if row else year)
        self.year.setEnabled(row is None)
        self.secretary = QLineEdit(self)
        self.reported_on = OptionalDateEdit(self)
        self.score = QLineEdit(self)
        self.score.setPlaceholderText("百分制，可暂不填")
        self.rating = QComboBox(self)
        self.rating.addItem(BY_SCORE, None)
        for value in SecretaryRating:
            self.rating.addItem(value.value, value.value)
        self.note = text_box(self, lines=2)
        unit = row.unit_name if row else org.name
        self.add_row("单位", QLabel(unit, self), "org_id")
        self.add_row("述职年度", self.year, "year")
        self.add_row("书记", self.secretary, "secretary")
        self.add_row("述职日期", self.reported_on, "reported_on")
        self.add_row("评议得分", self.score, "score")
        self.add_row("评议等次", self.rating, "rating")
        self.add_row("备注", self.note, "note")
        self.finish()
        self._fill(row)

    def _fill(self, row: SecretaryReviewRow | None) -> None:
        self.secretary.setText(row.secretary if row else (self.org.secretary or ""))
        self.reported_on.set_value(row.reported_on if row else None)
        self.score.setText("" if row is None or row.score is None else number(row.score))
        keep = row is not None and row.rating_overridden
        self.rating.setCurrentIndex(self.rating.findData(row.rating if row and keep else None))
        self.note.setPlainText(row.note or "" if row else "")

    def save(self) -> SecretaryReviewRow:
        """Create or update the review."""
        values = {
            "reported_on": self.reported_on.value(),
            "score": optional(self.score.text()),
            "rating": self.rating.currentData(),
            "note": optional(self.note.toPlainText()),
        }
        if self.row is None:
            return self.service.create(
                self.org.id, self.year.value(), secretary=self.secretary.text(), **values
            )
        return self.service.update(
            self.row.id, self.row.version, secretary=self.secretary.text(), **values
        )

    def reload(self) -> None:
        """Show the stored review after someone else changed it."""
        if self.row is not None:
            self.row = self.service.get(self.row.id)
            self._fill(self.row)


class PointDialog(RecordDialog):
    """Add or edit a point raised in a review and its rectification."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        review: SecretaryReviewRow,
        point: ReviewPointRow | None = None,
    ) -> None:
        super().__init__(parent, "编辑问题" if point else "新增问题")
        self.service, self.review, self.point = SecretaryReviewService(ctx), review, point
        self.issue = text_box(self, point.issue if point else None, lines=3)
        self.fix = text_box(self, point.rectification if point else None, lines=3)
        self.done_box = QCheckBox("已整改", self)
        self.done_box.setChecked(bool(point and point.done))
        self.done_on = OptionalDateEdit(self)
        self.done_on.set_value(point.done_on if point else None)
        self.add_row(
            "述职", QLabel(f"{review.unit_name} {review.year}年度 {review.secretary}", self)
        )
        self.add_row("问题", self.issue, "issue")
        self.add_row("整改措施", self.fix, "rectification")
        self.add_row("整改情况", self.done_box, "done")
        self.add_row("完成日期", self.done_on, "done_on")
        self.finish(520)

    def save(self) -> ReviewPointRow:
        """Add or update the point."""
        if self.point is None:
            made = self.service.add_point(
                self.review.id, self.issue.toPlainText(), optional(self.fix.toPlainText())
            )
            if not self.done_box.isChecked():
                return made
            self.point = made
        return self.service.update_point(
            self.point.id,
            issue=self.issue.toPlainText(),
            rectification=optional(self.fix.toPlainText()),
            done=self.done_box.isChecked(),
            done_on=self.done_on.value(),
            opened=self.point,
        )


class SecretaryTab(RecordTab):
    """书记述职评议 of the unit (and the units below), every year, with the points raised."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = SecretaryReviewService(ctx)
        self.model: RowsModel[SecretaryReviewRow] = RowsModel(
            [
                Column("年度", lambda r: r.year, align=CENTER),
                Column("单位", lambda r: r.unit_name),
                Column("书记", lambda r: r.secretary),
                Column("述职日期", lambda r: r.reported_on, lambda r: day_text(r.reported_on)),
                Column("得分", lambda r: r.score, lambda r: number(r.score), RIGHT),
                Column("评议等次", lambda r: r.rating or "未评", align=CENTER),
                Column(
                    "问题/未整改",
                    lambda r: r.open_points,
                    lambda r: f"{len(r.points)}/{r.open_points}",
                    CENTER,
                ),
                Column("备注", lambda r: r.note or ""),
            ],
            foreground=lambda r: RATING_INK.get(r.rating or ""),
            tooltip=lambda r: r.note,
            parent=self,
        )
        self.points: RowsModel[ReviewPointRow] = RowsModel(
            [
                Column("问题", lambda p: p.issue),
                Column("整改措施", lambda p: p.rectification or ""),
                Column(
                    "状态", lambda p: p.done, lambda p: "已整改" if p.done else "未整改", CENTER
                ),
                Column("完成日期", lambda p: p.done_on, lambda p: day_text(p.done_on)),
            ],
            foreground=lambda p: None if p.done else QColor("#c0392b"),
            parent=self,
        )
        self.table = HintedTable(
            self.model,
            "尚未登记书记述职评议。\n点击“登记述职…”记录书记抓党建述职的得分和等次。",
            self,
        )
        self.table.set_widths([50, 150, 70, 90, 54, 70, 90])
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["编辑"].click())
        self.table.view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_points())
        self.point_table = HintedTable(
            self.points, "选择一次述职，查看评议中指出的问题及整改情况。", self
        )
        self.point_table.set_widths([260, 260, 60])
        self.point_table.view.doubleClicked.connect(lambda _i: self.buttons["编辑问题"].click())
        bar, self.buttons = button_bar(
            self, ("登记述职…", self.add), ("编辑…", self.edit), ("删除", self.delete)
        )
        point_bar, point_buttons = button_bar(
            self,
            ("新增问题…", self.add_point),
            ("编辑问题…", self.edit_point),
            ("删除问题", self.remove_point),
        )
        self.buttons.update(point_buttons)
        top, bottom = QWidget(self), QWidget(self)
        stack(top, bar, (self.table, 1), flush=True)
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        self.points_title = QLabel("<b>评议指出的问题</b>", self)
        point_bar.insertWidget(0, self.points_title)
        lower.addLayout(point_bar)
        lower.addWidget(self.point_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        stack(self, self.note, (split, 1), flush=True)

    def fetch(self, org: OrgRow, year: int) -> list[SecretaryReviewRow]:
        """Read every year's reviews of the unit's subtree."""
        return self.service.reviews(None, org.id)

    def present(self, data: list[SecretaryReviewRow]) -> None:
        """Show the reviews, the year's rating counts and the first review's points."""
        kept = self.selected()
        self.model.set_rows(data)
        self.note.setText(review_summary(data, self.year))
        if not (kept and self.table.select_first(lambda r: r.id == kept.id)):
            self.table.select_first(lambda r: True)
        self._show_points()

    def selected(self) -> SecretaryReviewRow | None:
        """Return the review selected."""
        found = self.table.current()
        return found if isinstance(found, SecretaryReviewRow) else None

    def _show_points(self) -> None:
        review = self.selected()
        self.points.set_rows(review.points if review else [])
        self.point_table.set_hint(
            "该次述职未记录评议问题。点击“新增问题…”登记。"
            if review
            else "选择一次述职，查看评议中指出的问题及整改情况。"
        )

    def add(self) -> ReviewDialog | None:
        """Open the form for the unit's review of the year."""
        if self.org is None:
            return None
        return self.open_dialog(ReviewDialog(self.ctx, self, self.org, self.year), self.refresh_to)

    def edit(self) -> ReviewDialog | None:
        """Open the form of the selected review."""
        review = self.selected()
        if review is None or self.org is None:
            messages.inform(self, "书记述职", "请先在列表中选择一次述职。")
            return None
        return self.open_dialog(
            ReviewDialog(self.ctx, self, self.org, self.year, review), self.refresh_to
        )

    def delete(self) -> None:
        """Delete the selected review and its points after a confirmation."""
        review = self.selected()
        if review is None:
            return
        self.confirm_delete(
            "删除述职评议",
            f"确定删除“{review.unit_name}”{review.year}年度的书记述职评议及其问题吗？",
            lambda: self.service.delete(review.id),
        )

    def selected_point(self) -> ReviewPointRow | None:
        """Return the point selected."""
        found = self.point_table.current()
        return found if isinstance(found, ReviewPointRow) else None

    def add_point(self) -> PointDialog | None:
        """Open the form for a new point of the selected review."""
        review = self.selected()
        if review is None:
            messages.inform(self, "书记述职", "请先选择一次述职。")
            return None
        return self.open_dialog(
            PointDialog(self.ctx, self, review), lambda _p: self.refresh_to(review)
        )

    def edit_point(self) -> PointDialog | None:
        """Open the form of the selected point."""
        review, point = self.selected(), self.selected_point()
        if review is None or point is None:
            return None
        return self.open_dialog(
            PointDialog(self.ctx, self, review, point), lambda _p: self.refresh_to(review)
        )

    def remove_point(self) -> None:
        """Delete the selected point."""
        review, point = self.selected(), self.selected_point()
        if review is None or point is None:
            return
        attempt(self, "删除问题", lambda: self.service.remove_point(point.id))
        self.refresh_to(review)


def review_summary(reviews: list[SecretaryReviewRow], year: int) -> str:
    """Return the line over the list: the latest year reported on (up to ``year``), open points.

    Secretaries report on a year early in the next, so in 2026 the latest reviews are
    usually of 2025: the line names the year it counts.
    """
    shown = max((r.year for r in reviews if r.year <= year), default=None)
    open_points = sum(r.open_points for r in reviews)
    tail = f"历年评议指出的问题中尚未整改 <b>{open_points}</b> 项"
    if shown is None:
        return f"{year}年度及以前尚未登记书记述职评议；{tail}"
    counts = dict.fromkeys((r.value for r in SecretaryRating), 0)
    of_year = [r for r in reviews if r.year == shown]
    for review in of_year:
        if review.rating:
            counts[review.rating] += 1
    ratings = "，".join(f"{k} {v}" for k, v in counts.items())
    return f"{shown}年度述职 <b>{len(of_year)}</b> 人（{ratings}）；{tail}"
