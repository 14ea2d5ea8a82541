"""The member form: add or edit one member, with messages next to the fields."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from brandoffice.errors import KnownError, StaleEditError, ValidationError
from brandoffice.model.vocab import Gender, MemberCategory, MemberPost
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.rows import MemberRow
from ui.orgs.dialogs import combo_value, fill_combo, set_combo_value
from ui.orgs.widgets import ErrorLabel, FieldErrors, OptionalDateEdit, field_labels
from ui.widgets import dialog_layout, save_cancel


class MemberDialog(QDialog, FieldErrors):
    """Add a member to a unit or edit one; saves through ``MemberService``.

    The dialog stays open when the service refuses the draft, with the reason
    under the field it concerns. Open it with ``open()``; after ``accepted``,
    :attr:`saved` holds the stored row.
    """

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, org_id: int, member: MemberRow | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("编辑党员" if member else "新增党员")
        self.service = MemberService(ctx)
        self.org_id = org_id
        self.member = member
        self.saved: MemberRow | None = None
        self.name_edit = QLineEdit(self)
        self.gender_combo = QComboBox(self)
        fill_combo(self.gender_combo, [g.value for g in Gender], optional=True)
        self.gender_combo.setItemText(0, "（按身份证号判断）")
        self.id_edit = QLineEdit(self)
        self.id_edit.setPlaceholderText("18位，末位可为X")
        self.id_edit.setMaxLength(20)
        self.phone_edit = QLineEdit(self)
        self.category_combo = QComboBox(self)
        fill_combo(self.category_combo, [c.value for c in MemberCategory], optional=True)
        self.join_edit = OptionalDateEdit(self)
        self.post_boxes = {p.value: QCheckBox(p.value, self) for p in MemberPost}
        self.note_edit = QLineEdit(self)
        self.errors = field_labels(self, MemberDraft, skip="org_id")
        self.general_error = ErrorLabel(self)
        self._layout_form()
        if member:
            self._fill(member)

    def _layout_form(self) -> None:
        posts = QWidget(self)
        posts_layout = QHBoxLayout(posts)
        posts_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.post_boxes.values():
            posts_layout.addWidget(box)
        form = QFormLayout()
        for label, widget, field in (
            ("姓名", self.name_edit, "name"),
            ("性别", self.gender_combo, "gender"),
            ("身份证号", self.id_edit, "id_number"),
            ("电话", self.phone_edit, "phone"),
            ("类别", self.category_combo, "category"),
            ("入党日期", self.join_edit, "join_date"),
            ("亮牌示范", posts, "posts"),
            ("备注", self.note_edit, "note"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors[field])
        buttons = dialog_layout(
            self, form, self.general_error, on_ok=self.submit, buttons=save_cancel(self)
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.resize(520, self.sizeHint().height())

    def _fill(self, member: MemberRow) -> None:
        self.name_edit.setText(member.name)
        set_combo_value(self.gender_combo, member.gender)
        self.id_edit.setText(member.id_number or "")
        self.phone_edit.setText(member.phone or "")
        set_combo_value(self.category_combo, member.category)
        self.join_edit.set_value(member.join_date)
        for post, box in self.post_boxes.items():
            box.setChecked(post in member.posts)
        self.note_edit.setText(member.note or "")

    def draft(self) -> MemberDraft:
        """Return the form as a draft (not yet validated)."""
        return MemberDraft(
            org_id=self.member.org_id if self.member else self.org_id,
            name=self.name_edit.text(),
            category=combo_value(self.category_combo) or "",
            gender=combo_value(self.gender_combo),
            id_number=self.id_edit.text() or None,
            phone=self.phone_edit.text() or None,
            join_date=self.join_edit.value(),
            posts=[p for p, box in self.post_boxes.items() if box.isChecked()],
            note=self.note_edit.text() or None,
        )

    def submit(self) -> None:
        """Save through the service; close only when it was stored."""
        self.clear_errors()
        try:
            if self.member is None:
                self.saved = self.service.create(self.draft())
            else:
                self.saved = self.service.update(self.member.id, self.member.version, self.draft())
        except ValidationError as exc:
            self.show_error(exc)
            return
        except StaleEditError as exc:
            assert self.member is not None
            self.member = self.service.get(self.member.id)
            self._fill(self.member)
            self.general_error.set_message(f"{exc}\n已重新载入最新内容。")
            return
        except KnownError as exc:
            self.general_error.set_message(str(exc))
            return
        self.accept()
