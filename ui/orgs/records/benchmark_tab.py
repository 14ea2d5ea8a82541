"""The 对标晋档 tab: the unit's 四找 by year and its grade path (后进 → 中间 → 先进)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from brandoffice.services.benchmarking import BenchmarkRow, BenchmarkService
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeMovement, GradePath, GradeRow, GradeService
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.home_models import CENTER, Column
from ui.orgs.records.benchmark_dialogs import BenchmarkDialog, GradeDialog
from ui.orgs.records.common import HintedTable, RecordTab, RowsModel, attempt, button_bar
from ui.orgs.runner import Runner
from ui.orgs.widgets import GRADE_COLOURS, grade_colour

FINDS = (
    ("找标杆", "model_reason"),
    ("找差距", "gaps"),
    ("找方向", "direction"),
    ("找措施", "measures"),
)


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


@dataclass(frozen=True)
class BenchmarkData:
    """The unit's own 四找 and grades, and the year's movement of its subtree."""

    benchmarks: list[BenchmarkRow]
    grades: list[GradeRow]
    path: GradePath | None
    movement: GradeMovement


def load_benchmarks(ctx: AppContext, org: OrgRow, year: int) -> BenchmarkData:
    """Read a unit's 四找 records, grade history and the subtree's 晋档升级 of a year."""
    grades = GradeService(ctx)
    own = [b for b in BenchmarkService(ctx).benchmarks(None, org.id) if b.org_id == org.id]
    history = [g for g in grades.grades(org.id) if g.org_id == org.id]
    path = next((p for p in grades.paths(org.id) if p.org_id == org.id), None)
    return BenchmarkData(own, history, path, grades.movement(year, org.id))


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


class BenchmarkTab(RecordTab):
    """四找 and 晋档升级 of the unit."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = BenchmarkService(ctx)
        self.path_label = QLabel(self)
        font = self.path_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.path_label.setFont(font)
        self.path_label.setWordWrap(True)
        self.model: RowsModel[BenchmarkRow] = RowsModel(
            [
                Column("年度", lambda b: b.year, align=CENTER),
                Column("标杆单位", lambda b: b.model_name or "（已删除）"),
                Column("尚缺", lambda b: "、".join(b.missing) or "四找齐全"),
                Column("找差距", lambda b: " ".join((b.gaps or "").split())),
            ],
            parent=self,
        )
        self.table = HintedTable(
            self.model,
            "尚未填写四找。\n点击“填写四找…”选择对标的标杆单位，查找差距、方向和措施。",
            self,
        )
        self.table.set_widths([50, 150, 110])
        self.table.view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["编辑"].click())
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
        bar, self.buttons = button_bar(
            self, ("填写四找…", self.add), ("编辑…", self.edit), ("删除", self.delete)
        )
        bar.insertWidget(0, QLabel("<b>对标定位（四找）</b>", self), 1)
        grade_bar, grade_buttons = button_bar(
            self, ("登记等次…", self.add_grade), ("删除等次", self.remove_grade)
        )
        grade_bar.insertWidget(0, QLabel("<b>历年评定等次</b>", self), 1)
        self.buttons.update(grade_buttons)
        finds = QWidget(self)
        upper = QVBoxLayout(finds)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addLayout(bar)
        inner = QSplitter(Qt.Orientation.Horizontal, finds)
        inner.addWidget(self.table)
        inner.addWidget(self.detail)
        inner.setSizes([420, 380])
        upper.addWidget(inner, 1)
        grades = QWidget(self)
        lower = QVBoxLayout(grades)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addLayout(grade_bar)
        lower.addWidget(self.grade_table, 1)
        moves = QWidget(self)
        right = QVBoxLayout(moves)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.move_title)
        right.addWidget(self.move_table, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(grades)
        bottom.addWidget(moves)
        bottom.setSizes([380, 420])
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(finds)
        split.addWidget(bottom)
        split.setSizes([300, 300])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_label)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)

    def fetch(self, org: OrgRow, year: int) -> BenchmarkData:
        """Read the unit's 四找, grades and the subtree's movement."""
        return load_benchmarks(self.ctx, org, year)

    def present(self, data: BenchmarkData) -> None:
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

    def selected(self) -> BenchmarkRow | None:
        """Return the 四找 record selected."""
        found = self.table.current()
        return found if isinstance(found, BenchmarkRow) else None

    def _show_detail(self) -> None:
        row = self.selected()
        self.detail.setHtml(benchmark_html(row) if row else "选择一个年度，查看四找的全部内容。")

    def add(self) -> BenchmarkDialog | None:
        """Open the 四找 of the year shown (the stored one when there is one)."""
        data: BenchmarkData | None = self.data
        if self.org is None or data is None:
            return None
        existing = next((b for b in data.benchmarks if b.year == self.year), None)
        dialog = BenchmarkDialog(self.ctx, self, self.org, self.year, existing)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def edit(self) -> BenchmarkDialog | None:
        """Open the selected 四找."""
        row = self.selected()
        if row is None or self.org is None:
            messages.inform(self, "四找", "请先在列表中选择一个年度。")
            return None
        dialog = BenchmarkDialog(self.ctx, self, self.org, row.year, row)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def delete(self) -> None:
        """Delete the selected 四找 after a confirmation."""
        row = self.selected()
        if row is None:
            return
        self.confirm_delete(
            "删除四找", f"确定删除{row.year}年度的对标记录吗？", lambda: self.service.delete(row.id)
        )

    def add_grade(self) -> GradeDialog | None:
        """Open the grade form for the year shown."""
        if self.org is None:
            return None
        dialog = GradeDialog(self.ctx, self, self.org, self.year)
        self.open_dialog(dialog, lambda _g: self._graded())
        return dialog

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
