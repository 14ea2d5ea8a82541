"""The review round dialog: name, date, weighted criteria, extremes dropping and thresholds."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import ReviewSubject
from brandoffice.services.context import AppContext
from brandoffice.services.reviews import (
    DEFAULT_CRITERIA,
    DEFAULT_THRESHOLDS,
    CriterionRow,
    CriterionSpec,
    ReviewService,
    RoundRow,
)
from brandoffice.services.reviews.scoring import OUTCOME_LADDER, clean_criteria, clean_thresholds
from ui.brands.common import fmt_score
from ui.brands.review_models import parse_score
from ui.headers import keep_columns
from ui.orgs.widgets import ErrorLabel
from ui.widgets import date_edit, date_of, dialog_layout

C_NAME, C_WEIGHT, C_MAX = range(3)


class RoundDialog(QDialog):
    """Creates a round (defaults from seed 002 / the 五个好) or edits an existing one.

    The dialog stays open while the service refuses; after ``accepted``,
    :attr:`saved` holds the stored round.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        subject: str,
        existing: RoundRow | None = None,
        criteria: list[CriterionRow] | None = None,
    ) -> None:
        super().__init__(parent)
        kind = ReviewSubject(subject)
        self.reviews = ReviewService(ctx)
        self.subject = kind
        self.existing = existing
        self.saved: RoundRow | None = None
        what = "品牌评审" if kind is ReviewSubject.BRAND else "“五个好”评定"
        self.setWindowTitle(f"修改{what}" if existing else f"新建{what}")
        year = ctx.today().year
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(
            f"如：{year}年街道级党建品牌评审"
            if kind is ReviewSubject.BRAND
            else f"如：{year}年度“五个好”基层党组织评定"
        )
        self.held_on = date_edit(self, existing.held_on if existing else ctx.today())
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["评分项", "权重", "满分"])
        self.table.horizontalHeader().setSectionResizeMode(C_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        keep_columns(self.table)
        self.add_button = QToolButton(self)
        self.add_button.setText("添加评分项")
        self.remove_button = QToolButton(self)
        self.remove_button.setText("删除评分项")
        self.add_button.clicked.connect(lambda: self._add(CriterionSpec("", 0.0)))
        self.remove_button.clicked.connect(self._remove)
        self.drop = QCheckBox("去掉最高分和最低分（三位及以上评审人时）", self)
        self.thresholds: dict[str, QDoubleSpinBox] = {}
        self.error = ErrorLabel(self)
        self._fill(existing, criteria)
        self._build()

    def _fill(self, existing: RoundRow | None, criteria: list[CriterionRow] | None) -> None:
        ladder, _fallback = OUTCOME_LADDER[self.subject]
        limits = existing.thresholds if existing else DEFAULT_THRESHOLDS[self.subject]
        for label in ladder:
            spin = QDoubleSpinBox(self)
            spin.setRange(0, 1000)
            spin.setDecimals(1)
            spin.setValue(float(limits.get(label, 0.0)))
            self.thresholds[label] = spin
        if existing is not None:
            self.name.setText(existing.name)
            self.name.setReadOnly(True)
            self.drop.setChecked(existing.drop_extremes)
            for c in criteria or []:
                self._add(CriterionSpec(c.name, c.weight, c.max_score))
        else:
            self.drop.setChecked(False)
            for spec in DEFAULT_CRITERIA[self.subject]:
                self._add(spec)

    def _build(self) -> None:
        ladder, fallback = OUTCOME_LADDER[self.subject]
        form = QFormLayout()
        form.addRow("评审名称", self.name)
        form.addRow("评审日期", self.held_on)
        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.remove_button)
        tools.addStretch(1)
        tools.addWidget(QLabel("权重之和应为1", self))
        lines = QFormLayout()
        for label in ladder:
            lines.addRow(f"“{label}”的最低总分", self.thresholds[label])
        lines.addRow("", QLabel(f"低于分数线者为“{fallback}”", self))
        criteria = QLabel(
            "评分项（默认按市委组织部意见：社会评估为基础、专家评审为主体、党员群众满意为目标）"
            if self.subject is ReviewSubject.BRAND
            else "评分项（“五个好”，默认等权）",
            self,
        )
        dialog_layout(
            self, form, criteria, (self.table, 1), tools, self.drop, lines, self.error,
            ok_text="保存", on_ok=self._submit,
        )  # fmt: skip
        self.resize(520, 520)

    def _add(self, spec: CriterionSpec) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, C_NAME, QTableWidgetItem(spec.name))
        self.table.setItem(row, C_WEIGHT, QTableWidgetItem(fmt_score(spec.weight)))
        self.table.setItem(row, C_MAX, QTableWidgetItem(fmt_score(spec.max_score)))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def criteria(self) -> list[CriterionSpec]:
        """Return the criteria as typed.

        Raises:
            ValueError: A weight or maximum is not a number.
        """
        specs = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(3)]
            name, weight, top = (c.text().strip() if c is not None else "" for c in cells)
            if not name and not weight:
                continue
            w, m = parse_score(weight), parse_score(top or "100")
            if w is None or m is None:
                raise ValueError(f"评分项“{name}”的权重或满分不是数字")
            specs.append(CriterionSpec(name, w, m))
        return specs

    def limits(self) -> dict[str, float]:
        """Return the thresholds as set."""
        return {label: spin.value() for label, spin in self.thresholds.items()}

    def _submit(self) -> None:
        self.error.set_message(None)
        try:
            specs = self.criteria()
            if self.existing is None:
                self.saved = self.reviews.create_round(
                    self.name.text(),
                    date_of(self.held_on),
                    self.subject.value,
                    criteria=specs,
                    thresholds=self.limits(),
                    drop_extremes=self.drop.isChecked(),
                )
            else:
                # Check both parts first: they are stored in two steps.
                clean_criteria(specs)
                clean_thresholds(self.subject, self.limits())
                self.reviews.set_criteria(self.existing.id, specs)
                self.saved = self.reviews.update_round(
                    self.existing.id,
                    thresholds=self.limits(),
                    drop_extremes=self.drop.isChecked(),
                    held_on=date_of(self.held_on),
                )
        except (KnownError, ValueError) as exc:
            self.error.set_message(str(exc))
            return
        self.accept()
