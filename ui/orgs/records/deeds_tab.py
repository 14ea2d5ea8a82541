"""The 先进典型与示范点 tab: deeds of the unit and its members with materials, and 示范点."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSplitter, QWidget

from brandoffice.services.commendations import CommendationRow
from brandoffice.services.context import AppContext
from brandoffice.services.models_deeds import (
    DeedDraft,
    DeedRow,
    DeedsView,
    MaterialRow,
    ModelService,
)
from brandoffice.services.rows import OrgRow
from ui import messages
from ui.calendar.evidence import open_with_system, size_text
from ui.home_models import CENTER, RIGHT, Column
from ui.orgs.records.common import HintedTable, RowsModel, attempt, button_bar, choose_file
from ui.orgs.records.demo_section import DemoData, DemoSection, load_demo
from ui.orgs.records.kind_form import KindForm, Store
from ui.orgs.records.kind_tab import KindTab, Owners
from ui.orgs.runner import Runner
from ui.widgets import day_text, stack


@dataclass(frozen=True)
class DeedsData:
    """The subtree's deeds (with who can be a model and the honours) and demo point figures."""

    view: DeedsView
    demo: DemoData


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


class DeedForm(KindForm):
    """The deeds' form, with one of the model's honours to link."""

    honours: Sequence[CommendationRow] = ()

    def extend(self) -> None:
        """Add the honour list; it follows the model chosen."""
        self.honour = QComboBox(self)
        self.add_row("关联表彰", self.honour, "commendation_id")
        self.widget("owner").currentIndexChanged.connect(lambda _i: self.offer_honours(None))

    def offer_honours(self, chosen: int | None) -> None:
        """List the honours of the model chosen and choose one (None: （无）)."""
        self.honour.clear()
        self.honour.addItem("（无）", None)
        for h in self.honours:
            if (h.org_id, h.member_id) == self.owner_key():
                self.honour.addItem(f"{h.year}年度{h.kind}", h.id)
        self.honour.setCurrentIndex(max(self.honour.findData(chosen), 0))

    def values(self) -> dict[str, object]:
        """Return the form's values with the honour linked."""
        return {**super().values(), "commendation_id": self.honour.currentData()}

    def fill(self, row: DeedRow) -> None:
        """Show stored deeds and their honour."""
        super().fill(row)
        self.offer_honours(row.commendation_id)


class DeedsTab(KindTab):
    """Models (先进典型) of the unit and below, their materials, and the 示范点 figures."""

    KIND, ADD, EDIT, PICK = "deeds", "新增事迹…", "编辑…", "请先在列表中选择一项事迹。"
    FIELDS = ("title", "deed_on", "summary")
    OWNER, FORM, FORM_WIDTH = "先进典型", DeedForm, 560

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        self.service = s = ModelService(ctx)
        super().__init__(
            ctx,
            runner,
            parent,
            store=Store(DeedDraft, s.create_deed, s.update_deed, s.get_deed, s.delete_deed),
            columns=[
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
            widths=[130, 44, 130, 220, 86, 50],
            hint="尚未登记先进典型事迹。\n点击“新增事迹…”记录本组织或党员的先进事迹。",
            tooltip=lambda r: r.summary,
        )

    def arrange(self) -> None:
        """Put the selected deeds' materials and the 示范点 part below the deeds."""
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
        material_bar, material_buttons = button_bar(
            self,
            ("添加材料…", self.add_material),
            ("打开材料", self.open_material),
            ("删除材料", self.remove_material),
        )
        material_bar.insertWidget(0, QLabel("<b>事迹材料</b>", self), 1)
        self.buttons.update(material_buttons)
        self.demo = DemoSection(self.ctx, self)
        self.buttons.update(self.demo.buttons)
        deeds, files = QWidget(self), QWidget(self)
        stack(deeds, self.note, self.bar, (self.table, 1), flush=True)
        stack(files, material_bar, (self.material_table, 1), flush=True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for part in (deeds, files, self.demo):
            split.addWidget(part)
        split.setSizes([300, 130, 220])
        split.setChildrenCollapsible(False)
        stack(self, (split, 1), flush=True)

    def fetch(self, org: OrgRow, year: int) -> DeedsData:
        """Read the deeds and the demonstration point figures."""
        return DeedsData(self.service.view(org.id), load_demo(self.ctx, org, year))

    def present(self, data: DeedsData) -> None:
        """Show the deeds, the first one's materials and the 示范点 part."""
        deeds = data.view.deeds
        self.model.set_rows(deeds)
        linked = sum(1 for d in deeds if d.commendation_id)
        members = sum(1 for d in deeds if d.member_id)
        self.note.setText(
            f"先进典型事迹 <b>{len(deeds)}</b> 项（党员 {members} 项，"
            f"组织 {len(deeds) - members} 项），其中 {linked} 项已关联表彰"
        )
        self.table.select_first(lambda _r: True)
        self._show_materials()
        if self.org is not None:
            self.demo.show_data(self.org, self.year, data.demo)

    def owners(self) -> Owners:
        """Return the unit and its members."""
        data: DeedsData | None = self.data
        return data.view.owners if data else []

    def form(self, row: DeedRow | None) -> KindForm:
        """Return the deeds' form with the model's honours offered."""
        dialog = super().form(row)
        if isinstance(dialog, DeedForm) and self.data is not None:
            dialog.honours = self.data.view.honours
            dialog.offer_honours(row.commendation_id if row else None)
        return dialog

    def question(self, row: DeedRow) -> str:
        """Name the deeds and their materials."""
        return f"确定删除“{row.title}”及其 {row.material_count} 份材料吗？"

    def _show_materials(self) -> None:
        deed = self.selected()
        self.materials.set_rows(self.service.materials(deed.id) if deed else [])
        self.material_table.set_hint(
            f"“{deed.title}”尚无材料。点击“添加材料…”上传事迹材料或照片。"
            if deed
            else "选择一项事迹，查看其材料。"
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
