"""Models (先进典型): deeds of units and members with materials, linked to commendations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, extract, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.excel.record_columns import DEEDS
from brandoffice.model import (
    Attachment,
    Commendation,
    DeedMaterial,
    Member,
    ModelDeed,
    table_of,
)
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.commendations import CommendationRow
from brandoffice.services.context import Service
from brandoffice.services.honours import HonourService

DEED = table_of(ModelDeed)
MATERIAL = table_of(DeedMaterial)
ATTACHMENT = table_of(Attachment)
COMMENDATION = table_of(Commendation)
MEMBER = table_of(Member)
LABEL = "先进典型"


@dataclass(frozen=True)
class DeedDraft:
    """The editable fields of a model's deeds; exactly one of ``org_id`` and ``member_id``."""

    title: str
    deed_on: dt.date
    org_id: int | None = None
    member_id: int | None = None
    summary: str | None = None
    commendation_id: int | None = None


@dataclass(frozen=True, slots=True)
class DeedRow:
    """A model's deeds with names, the linked honour (``2026年度优秀共产党员``) and file count."""

    id: int
    org_id: int | None
    member_id: int | None
    subject_name: str
    unit_id: int
    unit_name: str
    title: str
    summary: str | None
    deed_on: dt.date
    commendation_id: int | None
    commendation: str | None
    material_count: int
    version: int


@dataclass(frozen=True, slots=True)
class MaterialRow:
    """A file of a model's deeds."""

    id: int
    deed_id: int
    attachment_id: int
    filename: str
    size: int
    mime: str | None


@dataclass(frozen=True)
class DeedsView:
    """A unit subtree's deeds, who can be a model (the unit, its members) and every honour."""

    deeds: list[DeedRow]
    owners: list[tuple[str, rh.Owner]]
    honours: list[CommendationRow]


class ModelService(Service):
    """Deeds of models, their materials and their link to the commendations."""

    # -- reads ---------------------------------------------------------------
    def deeds(
        self, year: int | None = None, *, org_id: int | None = None, member_id: int | None = None
    ) -> list[DeedRow]:
        """Return deeds (of a year), of a unit's subtree with its members, or of one member."""
        query = _query().order_by(DEED.c.deed_on.desc(), DEED.c.id)
        if year is not None:
            query = query.where(extract("year", DEED.c.deed_on) == year)
        if member_id is not None:
            query = query.where(DEED.c.member_id == member_id)
        return rh.rows_of(self.ctx, DeedRow, query, DEED.c.org_id, MEMBER.c.org_id, org_id=org_id)

    def view(self, org_id: int) -> DeedsView:
        """Return the tab's read: a subtree's deeds of every year, its owners, the honours."""
        with self.ctx.db.read() as s:
            owners = rh.owners(s, org_id)
        honours = HonourService(self.ctx).commendations()
        return DeedsView(self.deeds(org_id=org_id), owners, honours)

    def get_deed(self, deed_id: int) -> DeedRow:
        """Return one model's deeds or raise NotFoundError."""
        return rh.row_of(self.ctx, DeedRow, _query(), DEED, deed_id, f"{LABEL}事迹")

    def materials(self, deed_id: int) -> list[MaterialRow]:
        """Return the files of a model's deeds, oldest first."""
        query = (
            select(
                MATERIAL.c.id,
                MATERIAL.c.deed_id,
                MATERIAL.c.attachment_id,
                MATERIAL.c.filename,
                ATTACHMENT.c.size,
                ATTACHMENT.c.mime,
            )
            .join(ATTACHMENT, ATTACHMENT.c.id == MATERIAL.c.attachment_id)
            .where(MATERIAL.c.deed_id == deed_id)
            .order_by(MATERIAL.c.id)
        )
        with self.ctx.db.read() as s:
            return [MaterialRow(*r) for r in s.execute(query)]

    def material_file(self, material_id: int) -> tuple[str, bytes]:
        """Return the name and content of a material."""
        with self.ctx.db.read() as s:
            row = rh.load(s, DeedMaterial, material_id, None, "事迹材料")
            return row.filename, rh.file_content(s, row.attachment_id)

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create_deed(self, draft: DeedDraft) -> DeedRow:
        """Record a model's deeds."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            name = rh.subject_name(s, draft.org_id, draft.member_id)
            _check_commendation(s, draft, name)
            deed = ModelDeed(**values)
            new_id = rh.add(s, self.ctx, deed, "登记先进典型", LABEL, name, values["title"])
        return self.get_deed(new_id)

    @retry_conflicts
    def update_deed(self, deed_id: int, version: int, draft: DeedDraft) -> DeedRow:
        """Save the form of a model's deeds; refused when someone else saved it meanwhile."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            deed = rh.load(s, ModelDeed, deed_id, version, f"{LABEL}事迹")
            name = rh.subject_name(s, draft.org_id, draft.member_id)
            _check_commendation(s, draft, name)
            for key, value in values.items():
                setattr(deed, key, value)
            rh.log(s, self.ctx, "修改先进典型", LABEL, deed_id, name, values["title"])
        return self.get_deed(deed_id)

    @retry_conflicts
    def delete_deed(self, deed_id: int) -> None:
        """Delete a model's deeds, and materials nothing else uses."""
        with self.ctx.db.write.begin() as s:
            deed = rh.load(s, ModelDeed, deed_id, None, f"{LABEL}事迹")
            name = rh.subject_name(s, deed.org_id, deed.member_id)
            files = list(
                s.scalars(select(MATERIAL.c.attachment_id).where(MATERIAL.c.deed_id == deed_id))
            )
            s.delete(deed)
            s.flush()
            for attachment in set(files):
                rh.drop_if_unused(s, attachment)
            rh.log(s, self.ctx, "删除先进典型", LABEL, deed_id, name, deed.title)

    @retry_conflicts
    def add_material(
        self, deed_id: int, filename: str, data: bytes, mime: str | None = None
    ) -> MaterialRow:
        """Attach a file (write-up, photo) to a model's deeds; content is stored once."""
        with self.ctx.db.write.begin() as s:
            deed = rh.load(s, ModelDeed, deed_id, None, f"{LABEL}事迹")
            attachment, name = rh.store_file(s, filename, data, mime)
            material = DeedMaterial(deed_id=deed_id, attachment_id=attachment, filename=name)
            s.add(material)
            s.flush()
            rh.log(s, self.ctx, "添加事迹材料", LABEL, deed_id, deed.title, name)
            new_id = material.id
        return next(m for m in self.materials(deed_id) if m.id == new_id)

    @retry_conflicts
    def remove_material(self, material_id: int) -> None:
        """Unlink a material; content nothing else uses is deleted too."""
        with self.ctx.db.write.begin() as s:
            material = rh.load(s, DeedMaterial, material_id, None, "事迹材料")
            deed_id, attachment, name = material.deed_id, material.attachment_id, material.filename
            s.delete(material)
            s.flush()
            rh.drop_if_unused(s, attachment)
            rh.log(s, self.ctx, "删除事迹材料", LABEL, deed_id, None, name)


def clean(draft: DeedDraft, today: dt.date) -> dict[str, Any]:
    """Check a deed as typed and return its stored values (the kind's per-record rules)."""
    rh.one_subject(draft.org_id, draft.member_id, "先进典型事迹")
    DEEDS.column("deed_on").refuse_future(draft.deed_on, today)
    return {
        "org_id": draft.org_id,
        "member_id": draft.member_id,
        "title": validate.text(draft.title, "事迹标题", "title", max_len=100),
        "summary": validate.optional_text(draft.summary, "事迹简介", "summary", max_len=5000),
        "deed_on": draft.deed_on,
        "commendation_id": draft.commendation_id,
    }


def _check_commendation(session: Session, draft: DeedDraft, name: str) -> None:
    """Refuse a link to an honour of someone else."""
    if draft.commendation_id is None:
        return
    honour = session.get(Commendation, draft.commendation_id)
    if honour is None:
        raise ValidationError(f"表彰（编号 {draft.commendation_id}）不存在", "commendation_id")
    if (honour.org_id, honour.member_id) != (draft.org_id, draft.member_id):
        raise ValidationError(
            f"所选表彰（{honour.year}年度{honour.kind}）不是授予“{name}”的", "commendation_id"
        )


def _query() -> Any:
    count = rh.count_of(DEED, MATERIAL.c.deed_id == DEED.c.id)
    honour = cast(COMMENDATION.c.year, String) + "年度" + COMMENDATION.c.kind
    return rh.subject_select(
        DEED,
        DEED.c.id,
        DEED.c.org_id,
        DEED.c.member_id,
        DEED.c.title,
        DEED.c.summary,
        DEED.c.deed_on,
        DEED.c.commendation_id,
        honour.label("commendation"),
        count.label("material_count"),
        DEED.c.version,
    ).outerjoin(COMMENDATION, COMMENDATION.c.id == DEED.c.commendation_id)
