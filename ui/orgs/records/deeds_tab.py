"""The 先进典型与示范点 tab: deeds of the unit and its members with materials, and 示范点."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from brandoffice.services.commendations import CommendationRow
from brandoffice.services.context import AppContext
from brandoffice.services.honours import HonourService
from brandoffice.services.members import MemberService
from brandoffice.services.models_deeds import DeedDraft, DeedRow, MaterialRow, ModelService
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.calendar.evidence import open_with_system, size_text
from ui.home_models import CENTER, RIGHT, Column
from ui.orgs.records.common import (
    HintedTable,
    RecordDialog,
    RecordTab,
    RowsModel,
    attempt,
    button_bar,
    choose_file,
    optional,
    text_box,
)
from ui.orgs.records.demo_section import DemoData, DemoSection, load_demo
from ui.orgs.runner import Runner
from ui.widgets import date_edit, date_of, day_text, set_date

Subject = tuple[int | None, int | None]
"""(org_id, member_id) of a deed's model."""


@dataclass(frozen=True)
class DeedsData:
    """The subtree's deeds, who can be a model (unit, members), honours, demo point figures."""

    deeds: list[DeedRow]
    subjects: list[tuple[str, Subject]]
    honours: list[CommendationRow]
    demo: DemoData


def load_deeds(ctx: AppContext, org: OrgRow, year: int) -> DeedsData:
    """Read the deeds of a unit's subtree, its own members, the honours and demo figures."""
    people = MemberService(ctx)
    members = people.page([org.id], 0, max(people.count([org.id]), 1), sort="name")
    subjects: list[tuple[str, Subject]] = [(f"{org.name}（本组织）", (org.id, None))]
    subjects += [(f"{m.name}（党员）", (None, m.id)) for m in members]
    return DeedsData(
        ModelService(ctx).deeds(org_id=org.id),
        subjects,
        HonourService(ctx).commendations(),
        load_demo(ctx, org, year),
    )


FILE_KINDS = {
    (".doc", ".docx", ".wps"): "Word 文档",
    (".xls", ".xlsx", ".et"): "Excel 表格",
    (".pdf",): "PDF 文件",
    (".jpg", ".jpeg", ".png", ".gif", ".bmp"): "图片",
    (".mp4", ".mov", ".avi"): "视频",
}


def file_kind(filename: str, mime: str | None) -> str:
    """Return what a material is, in words a clerk uses (Word 文档, 图片 …)."""
    suffix = filename[filename.rfind(".") :].lower() if "." in filename else ""
    for suffixes, kind in FILE_KINDS.items():
        if suffix in suffixes:
            return kind
    if mime and mime.startswith("image/"):
        return "图片"
    return "其他文件"


class DeedDialog(RecordDialog):
    """Record or edit a model's deeds, optionally linked to one of the model's honours."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, data: DeedsData, row: DeedRow | None = None
    ) -> None:
        super().__init__(parent, "编辑先进典型事迹" if row else "新增先进典型事迹")
        self.service, self.row, self.honours = ModelService(ctx), row, data.honours
        self.subject = QComboBox(self)
        for text, key in data.subjects:
            self.subject.addItem(text, key)
        if row is not None and self.subject.findData((row.org_id, row.member_id)) < 0:
            self.subject.addItem(
                f"{row.subject_name}（{row.unit_name}）", (row.org_id, row.member_id)
            )
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("如：扎根社区十年的“红色管家”")
        self.deed_on = date_edit(self, ctx.today())
        self.summary = text_box(self, lines=5)
        self.honour = QComboBox(self)
        self.subject.currentIndexChanged.connect(lambda _i: self._fill_honours(None))
        self.add_row("先进典型", self.subject, "org_id", "member_id")
        self.add_row("事迹标题", self.title, "title")
        self.add_row("事迹日期", self.deed_on, "deed_on")
        self.add_row("事迹简介", self.summary, "summary")
        self.add_row("关联表彰", self.honour, "commendation_id")
        self.finish(560)
        self._fill_honours(None)
        if row is not None:
            self._fill(row)

    def _fill(self, row: DeedRow) -> None:
        self.subject.setCurrentIndex(max(self.subject.findData((row.org_id, row.member_id)), 0))
        self.title.setText(row.title)
        set_date(self.deed_on, row.deed_on)
        self.summary.setPlainText(row.summary or "")
        self._fill_honours(row.commendation_id)

    def _fill_honours(self, chosen: int | None) -> None:
        org_id, member_id = self.subject.currentData() or (None, None)
        self.honour.clear()
        self.honour.addItem("（无）", None)
        for h in self.honours:
            if (h.org_id, h.member_id) == (org_id, member_id):
                self.honour.addItem(f"{h.year}年度{h.kind}", h.id)
        self.honour.setCurrentIndex(max(self.honour.findData(chosen), 0))

    def draft(self) -> DeedDraft:
        """Return the form as a draft."""
        org_id, member_id = self.subject.currentData()
        return DeedDraft(
            title=self.title.text(),
            deed_on=date_of(self.deed_on),
            org_id=org_id,
            member_id=member_id,
            summary=optional(self.summary.toPlainText()),
            commendation_id=self.honour.currentData(),
        )

    def save(self) -> DeedRow:
        """Create or update the deeds."""
        if self.row is None:
            return self.service.create_deed(self.draft())
        return self.service.update_deed(self.row.id, self.row.version, self.draft())

    def reload(self) -> None:
        """Show the stored deeds after someone else changed them."""
        if self.row is not None:
            self.row = self.service.get_deed(self.row.id)
            self._fill(self.row)


class DeedsTab(RecordTab):
    """Models (先进典型) of the unit and below, their materials, and the 示范点 figures."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = ModelService(ctx)
        self.model: RowsModel[DeedRow] = RowsModel(
            [
                Column("先进典型", lambda r: r.subject_name),
                Column("类型", lambda r: "组织" if r.org_id else "党员", align=CENTER),
                Column("所在单位", lambda r: r.unit_name),
                Column("事迹标题", lambda r: r.title),
                Column("日期", lambda r: r.deed_on, lambda r: day_text(r.deed_on)),
                Column(
                    "材料", lambda r: r.material_count, lambda r: f"{r.material_count} 份", CENTER
                ),
                Column("关联表彰", lambda r: r.commendation or ""),
            ],
            tooltip=lambda r: r.summary,
            parent=self,
        )
        self.table = HintedTable(
            self.model, "尚未登记先进典型事迹。\n点击“新增事迹…”记录本组织或党员的先进事迹。", self
        )
        self.table.set_widths([130, 44, 130, 220, 86, 50])
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["编辑"].click())
        self.table.view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._show_materials()
        )
        self.materials: RowsModel[MaterialRow] = RowsModel(
            [
                Column("材料文件", lambda m: m.filename),
                Column("大小", lambda m: m.size, lambda m: size_text(m.size), RIGHT),
                Column("类型", lambda m: file_kind(m.filename, m.mime)),
            ],
            parent=self,
        )
        self.material_table = HintedTable(self.materials, "选择一项事迹，查看其材料。", self)
        self.material_table.set_widths([260, 70])
        self.material_table.view.doubleClicked.connect(lambda _i: self.open_material())
        bar, self.buttons = button_bar(
            self, ("新增事迹…", self.add), ("编辑…", self.edit), ("删除", self.delete)
        )
        material_bar, material_buttons = button_bar(
            self,
            ("添加材料…", self.add_material),
            ("打开材料", self.open_material),
            ("删除材料", self.remove_material),
        )
        material_bar.insertWidget(0, QLabel("<b>事迹材料</b>", self), 1)
        self.buttons.update(material_buttons)
        self.demo = DemoSection(ctx, self)
        self.buttons.update(self.demo.buttons)
        deeds = QWidget(self)
        upper = QVBoxLayout(deeds)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.note)
        upper.addLayout(bar)
        upper.addWidget(self.table, 1)
        files = QWidget(self)
        middle = QVBoxLayout(files)
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addLayout(material_bar)
        middle.addWidget(self.material_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for part in (deeds, files, self.demo):
            split.addWidget(part)
        split.setSizes([300, 130, 220])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)

    def fetch(self, org: OrgRow, year: int) -> DeedsData:
        """Read the deeds and the demonstration point figures."""
        return load_deeds(self.ctx, org, year)

    def present(self, data: DeedsData) -> None:
        """Show the deeds, the first one's materials and the 示范点 part."""
        self.model.set_rows(data.deeds)
        linked = sum(1 for d in data.deeds if d.commendation_id)
        members = sum(1 for d in data.deeds if d.member_id)
        self.note.setText(
            f"先进典型事迹 <b>{len(data.deeds)}</b> 项（党员 {members} 项，"
            f"组织 {len(data.deeds) - members} 项），其中 {linked} 项已关联表彰"
        )
        self.table.select_first(lambda _r: True)
        self._show_materials()
        if self.org is not None:
            self.demo.show_data(self.org, self.year, data.demo)

    def selected(self) -> DeedRow | None:
        """Return the deeds selected."""
        found = self.table.current()
        return found if isinstance(found, DeedRow) else None

    def _show_materials(self) -> None:
        deed = self.selected()
        self.materials.set_rows(self.service.materials(deed.id) if deed else [])
        self.material_table.set_hint(
            f"“{deed.title}”尚无材料。点击“添加材料…”上传事迹材料或照片。"
            if deed
            else "选择一项事迹，查看其材料。"
        )

    def add(self) -> DeedDialog | None:
        """Open the form for new deeds."""
        data: DeedsData | None = self.data
        if data is None:
            return None
        dialog = DeedDialog(self.ctx, self, data)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def edit(self) -> DeedDialog | None:
        """Open the form of the selected deeds."""
        data: DeedsData | None = self.data
        deed = self.selected()
        if data is None or deed is None:
            messages.inform(self, "先进典型", "请先在列表中选择一项事迹。")
            return None
        dialog = DeedDialog(self.ctx, self, data, deed)
        self.open_dialog(dialog, self.refresh_to)
        return dialog

    def delete(self) -> None:
        """Delete the selected deeds after a confirmation."""
        deed = self.selected()
        if deed is None:
            return
        self.confirm_delete(
            "删除先进典型事迹",
            f"确定删除“{deed.title}”及其 {deed.material_count} 份材料吗？",
            lambda: self.service.delete_deed(deed.id),
            attempt_title="删除事迹",
        )

    def add_material(self) -> None:
        """Choose a file and attach it to the selected deeds."""
        deed = self.selected()
        if deed is None:
            messages.inform(self, "事迹材料", "请先选择一项事迹。")
            return
        chosen = choose_file(self, f"选择“{deed.title}”的材料")
        if chosen is None:
            return
        if attempt(self, "添加材料", lambda: self.service.add_material(deed.id, *chosen)):
            self.refresh_to(deed)

    def open_material(self) -> None:
        """Open the selected material with the system's program."""
        material = self.material_table.current()
        if not isinstance(material, MaterialRow):
            messages.inform(self, "事迹材料", "请先选择一份材料。")
            return
        found = attempt(self, "打开材料", lambda: self.service.material_file(material.id))
        if found is not None:
            open_with_system(*found)

    def remove_material(self) -> None:
        """Unlink the selected material."""
        deed, material = self.selected(), self.material_table.current()
        if deed is None or not isinstance(material, MaterialRow):
            return
        attempt(self, "删除材料", lambda: self.service.remove_material(material.id))
        self.refresh_to(deed)
