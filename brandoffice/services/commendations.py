"""Honours (表彰) from nomination (推荐) to decision (表彰 or 未通过) of units, members and brands.

Seed 004 names 先进基层党组织 (a unit), 优秀共产党员 and 优秀党务工作者 (members; the latter
doing party work); seed 002 commends brands that stand out at the yearly 复查 (表彰奖励). A
decision needs its body (表彰机关) and date; the document number (文号) is usual but optional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.model import Brand, Commendation, Member, Organisation, ReviewRound, table_of
from brandoffice.model.vocab import CommendationKind, HonourLevel, HonourStatus
from brandoffice.services import record_helpers as rh
from brandoffice.services import validate
from brandoffice.services.context import Service
from brandoffice.services.rows import from_mapping

COMMENDATION = table_of(Commendation)
ORG, MEMBER, BRAND = table_of(Organisation), table_of(Member), table_of(Brand)
ROUND = table_of(ReviewRound)
LABEL = "表彰"
ORG_HONOURS = (CommendationKind.ADVANCED_ORG,)
"""Honours given to a unit."""
BRAND_HONOURS = (CommendationKind.BRAND_AWARD,)
"""Honours given to a brand; the others are given to a member."""
DECIDED = (HonourStatus.AWARDED, HonourStatus.REFUSED)
NOMINEE_FIELDS = ("org_id", "member_id", "brand_id")


def nominee_field(kind: str) -> str:
    """Return the field naming the nominee of an honour kind (org_id, member_id or brand_id)."""
    if kind in ORG_HONOURS:
        return "org_id"
    return "brand_id" if kind in BRAND_HONOURS else "member_id"


@dataclass(frozen=True, slots=True)
class HonourDraft:
    """An honour as typed: its kind, its nominee (one of unit, member, brand) and its stage."""

    year: int
    kind: str
    org_id: int | None = None
    member_id: int | None = None
    brand_id: int | None = None
    level: str | None = None
    status: str = HonourStatus.NOMINATED.value
    nominated_by: str | None = None
    nominated_on: dt.date | None = None
    awarded_by: str | None = None
    awarded_on: dt.date | None = None
    doc_number: str | None = None
    review_round_id: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CommendationRow:
    """An honour with the names a list shows.

    Attributes:
        recipient: The unit's, the member's or the brand's name.
        unit_id: The unit it belongs to: the unit itself, the member's or the brand's unit.
        unit: That unit's name.
        review: The name of the review round it came from, if any.
    """

    id: int
    year: int
    kind: str
    org_id: int | None
    member_id: int | None
    brand_id: int | None
    recipient: str
    unit_id: int
    unit: str
    level: str | None
    status: str
    nominated_by: str | None
    nominated_on: dt.date | None
    awarded_by: str | None
    awarded_on: dt.date | None
    doc_number: str | None
    review_round_id: int | None
    review: str | None
    note: str | None
    version: int

    @property
    def decided(self) -> bool:
        """Tell whether the honour was decided (表彰 or 未通过)."""
        return self.status != HonourStatus.NOMINATED.value


def clean(draft: HonourDraft, today: dt.date) -> dict[str, Any]:
    """Check an honour as typed and return its stored values (the form and the import).

    Raises:
        ValidationError: The wrong kind of nominee, a decision without its body or date, a
            date in the future or a decision before the nomination; ``field`` names it.
    """
    kind = validate.choice(draft.kind, CommendationKind, "表彰类别", "kind").value
    status = validate.choice(draft.status, HonourStatus, "状态", "status")
    wanted = nominee_field(kind)
    given = [f for f in NOMINEE_FIELDS if getattr(draft, f) is not None]
    if given != [wanted]:
        whom = {"org_id": "党组织", "member_id": "党员个人", "brand_id": "党建品牌"}[wanted]
        raise ValidationError(f"“{kind}”表彰的是{whom}，请选择一个{whom}", wanted)
    values: dict[str, Any] = {
        "year": rh.year(draft.year, "year", "表彰年度"),
        "kind": kind,
        **{f: getattr(draft, f) for f in NOMINEE_FIELDS},
        "level": _opt(validate.optional_choice(draft.level, HonourLevel, "级别", "level")),
        "status": status.value,
        "nominated_by": _text(draft.nominated_by, "推荐单位", "nominated_by", 100),
        "nominated_on": _not_future(draft.nominated_on, today, "推荐日期", "nominated_on"),
        "awarded_by": _text(draft.awarded_by, "表彰机关", "awarded_by", 100),
        "awarded_on": _not_future(draft.awarded_on, today, "决定日期", "awarded_on"),
        "doc_number": _text(draft.doc_number, "文号", "doc_number", 100),
        "review_round_id": draft.review_round_id,
        "note": _text(draft.note, "备注", "note", 2000),
    }
    if status in DECIDED:
        if values["awarded_by"] is None:
            raise ValidationError(f"状态为“{status.value}”时须填写表彰机关", "awarded_by")
        if values["awarded_on"] is None:
            raise ValidationError(f"状态为“{status.value}”时须填写决定日期", "awarded_on")
        nominated = values["nominated_on"]
        if nominated is not None and values["awarded_on"] < nominated:
            raise ValidationError("决定日期不能早于推荐日期", "awarded_on")
    elif values["awarded_on"] is not None:
        raise ValidationError("尚在推荐中的表彰不能填写决定日期，决定后再填", "awarded_on")
    return values


def _opt(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _text(value: str | None, label: str, field: str, max_len: int) -> str | None:
    return validate.optional_text(value, label, field, max_len=max_len) or None


def _not_future(value: dt.date | None, today: dt.date, label: str, field: str) -> dt.date | None:
    if value is not None and value > today:
        raise ValidationError(f"{label}不能晚于今天", field)
    return value


class CommendationService(Service):
    """Honours of units, members and brands: nominate, decide, correct, delete and list."""

    def commendations(
        self,
        year: int | None = None,
        kind: str | None = None,
        *,
        org_ids: Iterable[int] | None = None,
        status: str | None = None,
    ) -> list[CommendationRow]:
        """Return honours (of a year, a kind, some units, a status) by year, kind and id."""
        query = honour_query()
        if year is not None:
            query = query.where(COMMENDATION.c.year == year)
        if kind is not None:
            picked = validate.choice(kind, CommendationKind, "表彰类别", "kind")
            query = query.where(COMMENDATION.c.kind == picked.value)
        if status is not None:
            picked_status = validate.choice(status, HonourStatus, "状态", "status")
            query = query.where(COMMENDATION.c.status == picked_status.value)
        query = query.order_by(COMMENDATION.c.year.desc(), COMMENDATION.c.kind, COMMENDATION.c.id)
        with self.ctx.db.read() as s:
            rows = [from_mapping(CommendationRow, r._mapping) for r in s.execute(query)]
        if org_ids is not None:
            units = set(org_ids)
            rows = [r for r in rows if r.unit_id in units]
        return rows

    def get(self, honour_id: int) -> CommendationRow:
        """Return one honour or raise NotFoundError."""
        return rh.row_of(self.ctx, CommendationRow, honour_query(), COMMENDATION, honour_id, "表彰")

    @retry_conflicts
    def add(self, draft: HonourDraft) -> CommendationRow:
        """Record an honour at its stage: a nomination (推荐), or one decided already.

        Raises:
            ValidationError: A rule of :func:`clean`, an unknown nominee or review, or the
                same honour of the same nominee in the same year.
        """
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            name = check_links(s, values, None)
            new_id = int(
                s.execute(
                    COMMENDATION.insert().values(**values).returning(COMMENDATION.c.id)
                ).scalar_one()
            )
            action = "推荐表彰" if values["status"] == HonourStatus.NOMINATED else "登记表彰"
            rh.log(s, self.ctx, action, LABEL, new_id, name, _detail(values))
        return self.get(new_id)

    @retry_conflicts
    def update(self, honour_id: int, version: int, draft: HonourDraft) -> CommendationRow:
        """Correct an honour; refused when someone changed it since ``version``."""
        values = clean(draft, self.ctx.today())
        with self.ctx.db.write.begin() as s:
            name = check_links(s, values, honour_id)
            done = s.execute(
                COMMENDATION.update()
                .where(COMMENDATION.c.id == honour_id, COMMENDATION.c.version == version)
                .values(**values, version=version + 1)
                .returning(COMMENDATION.c.id)
            ).first()
            if done is None:
                _missing_or_stale(s, honour_id)
            rh.log(s, self.ctx, "修改表彰", LABEL, honour_id, name, _detail(values))
        return self.get(honour_id)

    def decide(
        self,
        honour_id: int,
        version: int,
        status: str,
        *,
        awarded_by: str | None,
        awarded_on: dt.date | None,
        doc_number: str | None = None,
        level: str | None = None,
    ) -> CommendationRow:
        """Record the decision on a nomination: 表彰 or 未通过, by whom and when.

        Raises:
            ValidationError: Not a nomination any more, not a decision, or the body or the
                date missing.
        """
        row = self.get(honour_id)
        if row.decided:
            raise ValidationError(f"该表彰已于{row.awarded_on}决定（{row.status}），不能再次决定")
        if status == HonourStatus.NOMINATED.value:
            raise ValidationError("请选择“表彰”或“未通过”", "status")
        draft = replace(
            draft_of(row),
            status=status,
            awarded_by=awarded_by,
            awarded_on=awarded_on,
            doc_number=doc_number if doc_number is not None else row.doc_number,
            level=level if level is not None else row.level,
        )
        return self.update(honour_id, version, draft)

    @retry_conflicts
    def delete(self, honour_id: int) -> None:
        """Delete an honour recorded by mistake (deeds linked to it keep their text)."""
        row = self.get(honour_id)
        with self.ctx.db.write.begin() as s:
            s.execute(COMMENDATION.delete().where(COMMENDATION.c.id == honour_id))
            rh.log(
                s,
                self.ctx,
                "删除表彰",
                LABEL,
                honour_id,
                row.recipient,
                f"{row.year}年度{row.kind}",
            )


def draft_of(row: CommendationRow) -> HonourDraft:
    """Return the draft a stored honour was made from (a form's starting values)."""
    return HonourDraft(
        year=row.year,
        kind=row.kind,
        org_id=row.org_id,
        member_id=row.member_id,
        brand_id=row.brand_id,
        level=row.level,
        status=row.status,
        nominated_by=row.nominated_by,
        nominated_on=row.nominated_on,
        awarded_by=row.awarded_by,
        awarded_on=row.awarded_on,
        doc_number=row.doc_number,
        review_round_id=row.review_round_id,
        note=row.note,
    )


def check_links(session: Session, values: dict[str, Any], honour_id: int | None) -> str:
    """Check the nominee and the review exist and the honour is not there twice; return its name."""
    name = nominee_name(session, values)
    if values["review_round_id"] is not None:
        found = session.scalar(select(ROUND.c.id).where(ROUND.c.id == values["review_round_id"]))
        if found is None:
            raise ValidationError(
                f"评审（编号 {values['review_round_id']}）不存在", "review_round_id"
            )
    field = nominee_field(values["kind"])
    same = select(COMMENDATION.c.id).where(
        COMMENDATION.c.year == values["year"],
        COMMENDATION.c.kind == values["kind"],
        COMMENDATION.c[field] == values[field],
    )
    if honour_id is not None:
        same = same.where(COMMENDATION.c.id != honour_id)
    if session.scalar(same) is not None:
        raise ValidationError(f"“{name}”已有{values['year']}年度“{values['kind']}”的记录", "kind")
    return name


def nominee_name(session: Session, values: dict[str, Any]) -> str:
    """Return the nominee's name, or raise a ValidationError naming the missing one."""
    for field, table, label in (
        ("org_id", ORG, "组织"),
        ("member_id", MEMBER, "党员"),
        ("brand_id", BRAND, "品牌"),
    ):
        if values.get(field) is not None:
            name = session.scalar(select(table.c.name).where(table.c.id == values[field]))
            if name is None:
                raise ValidationError(f"{label}（编号 {values[field]}）不存在", field)
            return str(name)
    raise ValidationError("请选择表彰对象", "org_id")


def honour_query() -> Any:
    """Return the query of honours with their recipient, unit and review names."""
    unit = ORG.alias("unit")
    member_unit = ORG.alias("member_unit")
    brand_unit = ORG.alias("brand_unit")
    return (
        select(
            COMMENDATION,
            func.coalesce(unit.c.name, MEMBER.c.name, BRAND.c.name).label("recipient"),
            func.coalesce(unit.c.id, member_unit.c.id, brand_unit.c.id).label("unit_id"),
            func.coalesce(unit.c.name, member_unit.c.name, brand_unit.c.name).label("unit"),
            ROUND.c.name.label("review"),
        )
        .outerjoin(unit, unit.c.id == COMMENDATION.c.org_id)
        .outerjoin(MEMBER, MEMBER.c.id == COMMENDATION.c.member_id)
        .outerjoin(member_unit, member_unit.c.id == MEMBER.c.org_id)
        .outerjoin(BRAND, BRAND.c.id == COMMENDATION.c.brand_id)
        .outerjoin(brand_unit, brand_unit.c.id == BRAND.c.org_id)
        .outerjoin(ROUND, ROUND.c.id == COMMENDATION.c.review_round_id)
    )


def _detail(values: dict[str, Any]) -> str:
    return f"{values['year']}年度{values['kind']}（{values['status']}）"


def _missing_or_stale(session: Session, honour_id: int) -> None:
    found = session.scalar(select(COMMENDATION.c.version).where(COMMENDATION.c.id == honour_id))
    if found is None:
        raise NotFoundError(f"找不到编号为 {honour_id} 的表彰")
    raise StaleEditError("该表彰已被他人修改，请重新打开后再改")
