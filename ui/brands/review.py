"""The review tab: choose or create a round, enter reviewers' scores, see totals and ranking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import ReviewSubject
from brandoffice.services.context import AppContext
from brandoffice.services.reviews import ReviewService, RoundRow
from ui import messages
from ui.brands.common import fmt_score
from ui.brands.review_models import FIRST_CRITERION, ResultsModel, ScoreGridModel
from ui.brands.review_round import RoundDialog
from ui.brands.review_subjects import SubjectPicker, candidates, default_subjects
from ui.orgs.widgets import ErrorLabel
from ui.readonly import ReadOnlyControls, enable
from ui.widgets import at_right, day_text, stack, two_panes

MIN_COLUMN = 70


class ReviewPanel(QWidget):
    """Rounds of one subject (品牌 or 组织): the score grid, live results and ranking."""

    def __init__(self, ctx: AppContext, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.subject = ReviewSubject(subject)
        self.reviews = ReviewService(ctx)
        self.dialog: QDialog | None = None
        self._extra_subjects: dict[int, str] = {}
        self._extra_reviewers: list[str] = []
        self.rounds = QComboBox(self)
        self.rounds.setMinimumWidth(320)
        self.new_button = QPushButton("新建评审…", self)
        self.edit_button = QPushButton("评分项与分数线…", self)
        self.delete_button = QPushButton("删除评审", self)
        self.subject_button = QPushButton(
            "添加评审品牌…" if self.subject is ReviewSubject.BRAND else "添加评定组织…", self
        )
        self.reviewer_button = QPushButton("添加评审人…", self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.grid = ScoreGridModel(self)
        self.grid.saver = self._save_score
        self.grid_view = QTableView(self)
        self.grid_view.setModel(self.grid)
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        # Typing a number over a cell replaces it, as in a spreadsheet.
        self.grid_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.grid_view.verticalHeader().hide()
        self.grid_view.setAlternatingRowColors(True)
        self.grid_error = ErrorLabel(self)
        self.results = ResultsModel(self)
        self.results_view = QTableView(self)
        self.results_view.setModel(self.results)
        self.results_view.verticalHeader().hide()
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.apply_button = QPushButton("写入评定等次（先进/中间/后进）", self)
        self.apply_button.setVisible(self.subject is ReviewSubject.ORG)
        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._build()
        self._connect()
        self.controls = ReadOnlyControls(
            writes=[
                self.new_button,
                self.edit_button,
                self.delete_button,
                self.subject_button,
                self.reviewer_button,
                self.apply_button,
                self.grid_view,
            ]
        )

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock the rounds' buttons and the score grid (scores and ranking stay on view)."""
        self.grid.editable = not read_only
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("评审：", self))
        top.addWidget(self.rounds, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        second = QHBoxLayout()
        second.addWidget(self.info, 1)
        second.addWidget(self.subject_button)
        second.addWidget(self.reviewer_button)
        grid_box = QGroupBox("评分表（每位评审人对每个对象逐项打分，双击单元格录入）", self)
        stack(grid_box, self.grid_view, self.grid_error)
        result_box = QGroupBox("汇总与排名（随评分即时计算）", self)
        stack(result_box, self.results_view, at_right(self.apply_button))
        two_panes(self._splitter, grid_box, result_box, (3, 2))
        stack(self, top, second, (self._splitter, 1))

    def _connect(self) -> None:
        self.rounds.currentIndexChanged.connect(lambda _i: self._round_changed())
        self.new_button.clicked.connect(self.new_round)
        self.edit_button.clicked.connect(self.edit_round)
        self.delete_button.clicked.connect(self.delete_round)
        self.subject_button.clicked.connect(self.pick_subjects)
        self.reviewer_button.clicked.connect(self.ask_reviewer)
        self.apply_button.clicked.connect(self.apply_grades)
        self.grid.refused.connect(self.grid_error.set_message)
        self.grid.scoresChanged.connect(self.refresh_results)

    def splitter(self) -> QSplitter:
        """Return the grid/results splitter."""
        return self._splitter

    # -- rounds --------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the rounds of this subject, keeping the chosen one."""
        kept = self.round_id()
        self.rounds.blockSignals(True)
        self.rounds.clear()
        for r in self.reviews.rounds():
            if r.subject == self.subject.value:
                self.rounds.addItem(f"{r.name}（{day_text(r.held_on)}）", r.id)
        index = self.rounds.findData(kept) if kept is not None else 0
        self.rounds.setCurrentIndex(max(index, 0) if self.rounds.count() else -1)
        self.rounds.blockSignals(False)
        self._round_changed(keep_extras=kept == self.round_id())

    def round_id(self) -> int | None:
        """Return the id of the chosen round."""
        value = self.rounds.currentData()
        return None if value is None else int(value)

    def select_round(self, round_id: int) -> None:
        """Choose a round."""
        self.rounds.setCurrentIndex(self.rounds.findData(round_id))

    def _round_changed(self, keep_extras: bool = False) -> None:
        if not keep_extras:
            self._extra_subjects, self._extra_reviewers = {}, []
        self.grid_error.set_message(None)
        round_id = self.round_id()
        for b in (
            self.edit_button,
            self.delete_button,
            self.subject_button,
            self.reviewer_button,
            self.apply_button,
        ):
            enable(b, round_id is not None)
        if round_id is None:
            self.info.setText("还没有评审，请点击“新建评审…”。")
            self.grid.set_grid([], [], [], {})
            self.results.set_results([], [])
            return
        self._load(round_id)

    def _load(self, round_id: int) -> None:
        row = self.reviews.get_round(round_id)
        criteria = self.reviews.criteria(round_id)
        scores = self.reviews.scores(round_id)
        results = self.reviews.results(round_id)
        names = {r.subject_id: r.name for r in results.subjects}
        subjects = dict(names)
        if not scores:
            subjects.update(default_subjects(self.ctx, self.subject.value))
        subjects.update(self._extra_subjects)
        reviewers = sorted({s.reviewer for s in scores})
        reviewers += [r for r in self._extra_reviewers if r not in reviewers]
        ordered = [(sid, subjects[sid]) for sid in names] + sorted(
            ((sid, n) for sid, n in subjects.items() if sid not in names), key=lambda p: p[1]
        )
        by_id = {c.id: c for c in criteria}
        grid = {(s.subject_id, s.reviewer, s.criterion_id): s.score for s in scores}
        self.grid.set_grid(criteria, ordered, reviewers, grid)
        self.results.set_results(list(by_id.values()), list(results.subjects))
        self._fit_columns()
        self._describe(row, len(reviewers), len(ordered))

    def _describe(self, row: RoundRow, reviewers: int, subjects: int) -> None:
        lines = "，".join(f"{k} ≥ {fmt_score(v)}" for k, v in row.thresholds.items())
        drop = "去掉最高分和最低分" if row.drop_extremes else "不去掉最高最低分"
        hint = "" if reviewers else "　请先“添加评审人…”"
        self.info.setText(
            f"评审日期 {day_text(row.held_on)}；{drop}；分数线：{lines}；"
            f"对象 {subjects} 个，评审人 {reviewers} 位{hint}"
        )

    def _fit_columns(self, *views: QTableView) -> None:
        # Names fit their text; the score columns share the rest of the width.
        n = len(self.grid.criteria())
        spread = {
            self.grid_view: range(FIRST_CRITERION, FIRST_CRITERION + n + 1),
            self.results_view: range(2, 2 + n + 1),
        }
        for view in views or (self.grid_view, self.results_view):
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            view.resizeColumnsToContents()
            for column in range(header.count()):
                if column in spread[view]:
                    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                else:
                    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                    view.setColumnWidth(column, max(view.columnWidth(column) + 16, MIN_COLUMN))

    def refresh_results(self) -> None:
        """Recompute totals, ranks and proposed outcomes from the stored scores."""
        round_id = self.round_id()
        if round_id is None:
            return
        results = self.reviews.results(round_id)
        self.results.set_results(list(results.criteria), list(results.subjects))
        self._fit_columns(self.results_view)
        self.grid_error.set_message(None)

    def _save_score(self, subject_id: int, reviewer: str, criterion: str, score: float) -> None:
        round_id = self.round_id()
        if round_id is None:
            raise KnownError("请先选择评审")
        self.reviews.set_score(round_id, reviewer, subject_id, criterion, score)

    # -- dialogs -------------------------------------------------------------
    def new_round(self) -> None:
        """Open the new round dialog (defaults from seed 002 or the 五个好)."""
        dialog = RoundDialog(self.ctx, self, self.subject.value)
        dialog.accepted.connect(lambda: self._round_saved(dialog))
        self.dialog = dialog
        dialog.open()

    def edit_round(self) -> None:
        """Open the chosen round's criteria and thresholds."""
        round_id = self.round_id()
        if round_id is None:
            return
        row = self.reviews.get_round(round_id)
        dialog = RoundDialog(
            self.ctx, self, self.subject.value, row, self.reviews.criteria(round_id)
        )
        dialog.accepted.connect(lambda: self._round_saved(dialog))
        self.dialog = dialog
        dialog.open()

    def _round_saved(self, dialog: RoundDialog) -> None:
        if dialog.saved is None:
            return
        keep = dialog.existing is not None
        self.reload()
        self.select_round(dialog.saved.id)
        if keep:
            self._load(dialog.saved.id)

    def delete_round(self) -> None:
        """Delete the chosen round and its scores after asking."""
        round_id = self.round_id()
        if round_id is None:
            return
        name = self.rounds.currentText()

        def answer(choice: int) -> None:
            if choice == 0:
                self.reviews.delete_round(round_id)
                self.reload()

        messages.ask(self, "删除评审", f"删除“{name}”及其全部评分？", ["删除", "取消"], answer)

    def pick_subjects(self) -> None:
        """Tick brands or units to add to the grid."""
        what = "品牌" if self.subject is ReviewSubject.BRAND else "组织"
        dialog = SubjectPicker(self, f"添加评审{what}", candidates(self.ctx, self.subject.value))
        dialog.accepted.connect(lambda: self.add_subjects(dialog.chosen()))
        self.dialog = dialog
        dialog.open()

    def add_subjects(self, subjects: list[tuple[int, str]]) -> None:
        """Add lines for these subjects (scores are stored as they are entered)."""
        self._extra_subjects.update(dict(subjects))
        if self.round_id() is not None:
            self._load(self.round_id() or 0)

    def ask_reviewer(self) -> None:
        """Ask a reviewer's name and add a line per subject for them."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle("添加评审人")
        dialog.setLabelText("评审人姓名（或评审组名称）：")
        dialog.setOkButtonText("添加")
        dialog.setCancelButtonText("取消")
        dialog.textValueSelected.connect(self.add_reviewer)
        self.dialog = dialog
        dialog.open()

    def add_reviewer(self, name: str) -> None:
        """Add a reviewer's lines to the grid."""
        name = name.strip()
        if name and name not in self._extra_reviewers:
            self._extra_reviewers.append(name)
            if self.round_id() is not None:
                self._load(self.round_id() or 0)

    def apply_grades(self) -> None:
        """Write the proposed 先进/中间/后进 grades to the organisations, after asking."""
        round_id = self.round_id()
        if round_id is None:
            return

        def answer(choice: int) -> None:
            if choice != 0:
                return
            try:
                changes = self.reviews.apply_org_grades(round_id)
            except KnownError as exc:
                messages.warn(self, "未写入评定等次", str(exc))
                return
            changed = [c for c in changes if c.changed]
            lines = "\n".join(f"{c.name}：{c.before or '未评定'} → {c.after}" for c in changed)
            messages.inform(
                self,
                "已写入评定等次",
                f"共 {len(changes)} 个组织，其中 {len(changed)} 个等次有变化。",
                details=lines or None,
            )

        messages.ask(
            self,
            "写入评定等次",
            "按本次评定的建议结果，把“先进/中间/后进”写入各组织的评定等次？",
            ["写入", "取消"],
            answer,
        )
