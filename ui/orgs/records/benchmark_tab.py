"""The 对标晋档 tab: the unit's 四找 by year and its grade path (后进 → 中间 → 先进)."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QWidget

from brandoffice.kinds import by_name
from brandoffice.services.benchmarking import (
    BenchmarkDraft,
    BenchmarkRow,
    BenchmarkService,
    BenchmarksView,
)
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeMovement, GradePath, GradeRow, GradeService
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.home_models import CENTER, Column
from ui.orgs.records.common import HintedTable, RowsModel, attempt, button_bar
from ui.orgs.records.kind_form import KindForm, Store, UnitInput
from ui.orgs.records.kind_tab import KindTab
from ui.orgs.runner import Runner
from ui.orgs.widgets import GRADE_COLOURS, grade_colour
from ui.widgets import stack

FINDS = (
    ("找标杆", "model_reason"),
    ("找差距", "gaps"),
    ("找方向", "direction"),
    ("找措施", "measures"),
)


def path_html(path: GradePath | None, current: str | None) -> str:
    """Return the grade path in colour: ``后进(2024) → 中间(2025) → 先进(2026)``."""
    if path is None or not path.steps:
        now = f"（当前登记为“{current}”）" if current else ""
        return f"等次变化：尚未登记历年评定等次{now}"
    steps = []
    for year, grade in path.steps:
        colour = GRADE_COLOURS.get(grade, "#333333")
        steps.append(f"<span style='color:{colour}'><b>{grade}</b>({year})</span>")
    gained = path.levels_gained
    tail = f"，晋升 {gained} 档" if gained > 0 else (f"，下降 {-gained} 档" if gained < 0 else "")
    return "等次变化：" + " → ".join(steps) + tail


def benchmark_html(row: BenchmarkRow) -> str:
    """Return one 四找 record as the detail pane shows it."""
    model = html.escape(row.model_name or "（标杆单位已删除）")
    parts = [f"<b>{row.year}年度 对标：</b>{model}"]
    for label, field in FINDS:
        text = getattr(row, field) or "<span style='color:#c0392b'>尚未填写</span>"
        if getattr(row, field):
            text = html.escape(text).replace("\n", "<br>")
        parts.append(f"<b>{label}：</b>{text}")
    return "<br>".join(parts)


@dataclass(frozen=True)
class MoveLine:
    """One unit's line in the year's 晋档升级 list."""

    unit: str
    before: str
    after: str
    word: str
    step: int


def move_lines(movement: GradeMovement) -> list[MoveLine]:
    """Return the year's moves best first, then the units graded for the first time."""
    lines = [
        MoveLine(m.unit_name, f"{m.before}（{m.before_year}）", m.after, m.word, m.step)
        for m in movement.moves
    ]
    return lines + [MoveLine(n, "—", g, "首次评定", 0) for n, g in movement.first_grades]


def _move_colour(line: MoveLine) -> QColor | None:
    if line.word == "首次评定" or line.step == 0:
        return None
    return QColor("#1e8449") if line.step > 0 else QColor("#c0392b")


class BenchmarkForm(KindForm):
    """A year's 四找: the year is fixed once stored (delete and record again to move it)."""

    def extend(self) -> None:
        """Fix the year of a stored 四找."""
        self.widget("year").setEnabled(self.row is None)


class BenchmarkTab(KindTab):
    """四找 and 晋档升级 of the unit."""

    KIND, ADD, EDIT, PICK = "benchmarks", "填写四找…", "编辑…", "请先在列表中选择一个年度。"
    FIELDS = ("year", "model", "model_reason", "gaps", "direction", "measures")
    FORM, FORM_WIDTH = BenchmarkForm, 600

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        self.service = s = BenchmarkService(ctx)
        super().__init__(
            ctx,
            runner,
            parent,
            store=Store(BenchmarkDraft, s.create, s.update, s.get, s.delete),
            columns=[
                Column("年度", lambda b: b.year, align=CENTER),
                Column("标杆单位", lambda b: b.model_name or "（已删除）"),
                Column("尚缺", lambda b: "、".join(b.missing) or "四找齐全"),
                Column("找差距", lambda b: " ".join((b.gaps or "").split())),
            ],
            widths=[50, 150, 110],
            hint="尚未填写四找。\n点击“填写四找…”选择对标的标杆单位，查找差距、方向和措施。",
        )

    def arrange(self) -> None:
        """Lay out the path, the 四找 with its detail, and the grades below."""
        self.path_label = QLabel(self)
        font = self.path_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.path_label.setFont(font)
        self.path_label.setWordWrap(True)
        self.table.view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        self.detail = QTextBrowser(self)
        self.grades: RowsModel[GradeRow] = RowsModel(
            [
                Column("年度", lambda g: g.year, align=CENTER),
                Column("等次", lambda g: g.grade, align=CENTER),
                Column("评定依据", lambda g: g.source or ""),
                Column("备注", lambda g: g.note or ""),
            ],
            foreground=lambda g: grade_colour(g.grade),
            parent=self,
        )
        self.grade_table = HintedTable(self.grades, "尚未登记历年评定等次。", self)
        self.grade_table.set_widths([50, 50, 220])
        self.moves: RowsModel[MoveLine] = RowsModel(
            [
                Column("单位", lambda m: m.unit),
                Column("上次等次", lambda m: m.before, align=CENTER),
                Column("本年等次", lambda m: m.after, align=CENTER),
                Column("变化", lambda m: m.word, align=CENTER),
            ],
            foreground=_move_colour,
            parent=self,
        )
        self.move_table = HintedTable(
            self.moves, "本年度尚无评定等次。\n五个好评审写入等次、导入或登记等次后在此显示。", self
        )
        self.move_table.set_widths([130, 86, 60])
        self.move_title = QLabel(self)
        self.bar.insertWidget(0, QLabel("<b>对标定位（四找）</b>", self), 1)
        grade_bar, grade_buttons = button_bar(
            self, ("登记等次…", self.add_grade), ("删除等次", self.remove_grade)
        )
        grade_bar.insertWidget(0, QLabel("<b>历年评定等次</b>", self), 1)
        self.buttons.update(grade_buttons)
        inner = QSplitter(Qt.Orientation.Horizontal, self)
        inner.addWidget(self.table)
        inner.addWidget(self.detail)
        inner.setSizes([420, 380])
        finds, grades, moves = QWidget(self), QWidget(self), QWidget(self)
        stack(finds, self.bar, (inner, 1), flush=True)
        stack(grades, grade_bar, (self.grade_table, 1), flush=True)
        stack(moves, self.move_title, (self.move_table, 1), flush=True)
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(grades)
        bottom.addWidget(moves)
        bottom.setSizes([380, 420])
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(finds)
        split.addWidget(bottom)
        split.setSizes([360, 200])
        split.setChildrenCollapsible(False)
        stack(self, self.path_label, self.note, (split, 1), flush=True)

    def fetch(self, org: OrgRow, year: int) -> BenchmarksView:
        """Read the unit's 四找, grades and the subtree's movement."""
        return self.service.view(org.id, year)

    def present(self, data: BenchmarksView) -> None:
        """Show the path, the 四找 records and the grades."""
        self.path_label.setText(path_html(data.path, self.org.grade if self.org else None))
        self.model.set_rows(data.benchmarks)
        self.grades.set_rows(data.grades)
        move = data.movement
        self.move_title.setText(f"<b>{self.year}年本组织及下级晋档升级</b>")
        self.moves.set_rows(move_lines(move))
        first = f"，首次评定 {len(move.first_graded)} 个" if move.first_graded else ""
        self.note.setText(
            f"{self.year}年本组织及下级晋档升级：晋升 <b>{move.moved_up}</b> 个，"
            f"持平 {move.stayed} 个，下降 {move.moved_down} 个{first}"
        )
        if not self.table.select_first(lambda b: b.year == self.year):
            self.table.select_first(lambda _b: True)
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.selected()
        self.detail.setHtml(benchmark_html(row) if row else "选择一个年度，查看四找的全部内容。")

    def can_add(self) -> bool:
        """Tell whether a unit is shown and read."""
        return self.org is not None and super().can_add()

    def form(self, row: BenchmarkRow | None) -> KindForm:
        """Return the 四找 form of the unit shown; a new one is the year's stored one, if any."""
        assert self.org is not None
        data: BenchmarksView | None = self.data
        if row is None and data is not None:
            row = next((b for b in data.benchmarks if b.year == self.year), None)
        self.store = replace(self.store, draft=partial(BenchmarkDraft, self.org.id))
        dialog = super().form(row)
        model = dialog.inputs["model"]
        if isinstance(model, UnitInput):
            model.prompt = f"“{self.org.name}”对标的先进单位："
        return dialog

    def title(self, row: Any | None) -> str:
        """Name the unit in the title."""
        return f"四找：{self.org.name if self.org else ''}"

    def question(self, row: BenchmarkRow) -> str:
        """Name the year to delete."""
        return f"确定删除{row.year}年度的对标记录吗？"

    def add_grade(self) -> KindForm | None:
        """Open the grade form for the year shown."""
        if self.org is None:
            return None
        return self.open_dialog(
            grade_form(self.ctx, self, self.org, self.year), lambda _g: self._graded()
        )

    def _graded(self) -> None:
        self.refresh()
        self.unitChanged.emit()  # the unit's current grade follows its latest year

    def remove_grade(self) -> None:
        """Delete the selected year's grade."""
        grade = self.grade_table.current()
        if not isinstance(grade, GradeRow):
            messages.inform(self, "评定等次", "请先选择一个年度的等次。")
            return
        attempt(self, "删除等次", lambda: GradeService(self.ctx).remove(grade.org_id, grade.year))
        self._graded()


def grade_form(ctx: AppContext, parent: QWidget | None, org: OrgRow, year: int) -> KindForm:
    """Return the form recording a unit's grade of a year (its current grade offered)."""
    service = GradeService(ctx)

    def record(v: dict[str, Any]) -> GradeRow:
        grade = str(v["grade"])
        return service.record(org.id, v["year"], grade, source=v["source"], note=v["note"])

    form = KindForm(by_name("grades"), parent, Store(dict, record), today=ctx.today(),
                    title=f"评定等次：{org.name}", fields=("year", "grade", "source", "note"),
                    width=380)  # fmt: skip
    form.inputs["year"].show(year)
    form.inputs["grade"].show(org.grade)
    return form
