"""Honours (表彰, kept in :mod:`.commendations`) and pairings (共建对子) of brand and lagging units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model import (
    Brand,
    Member,
    Organisation,
    Pairing,
    PairingAction,
)
from brandoffice.model.vocab import GRADE_ORDER, BrandStatus, Grade, HonourStatus
from brandoffice.services import audit, validate
from brandoffice.services import record_helpers as rh
from brandoffice.services.commendations import (
    CommendationRow,
    CommendationService,
    HonourDraft,
)
from brandoffice.services.context import Service
from brandoffice.services.rows import from_mapping

PAIRING = cast(Table, Pairing.__table__)
ACTION = cast(Table, PairingAction.__table__)
ORG = cast(Table, Organisation.__table__)
MEMBER = cast(Table, Member.__table__)
BRAND = cast(Table, Brand.__table__)


@dataclass(frozen=True, slots=True)
class PairingRow:
    """A 共建对子 with the names of both units and the helper's brand."""

    id: int
    helper_org_id: int
    helper_name: str
    brand_id: int | None
    brand_name: str | None
    lagging_org_id: int
    lagging_name: str
    started_on: dt.date
    ended_on: dt.date | None
    grade_before: str | None
    grade_after: str | None
    note: str | None
    action_count: int

    @property
    def is_open(self) -> bool:
        """Tell whether the pairing is still running."""
        return self.ended_on is None

    @property
    def improved(self) -> bool:
        """Tell whether the lagging unit ended on a better grade than it started."""
        if not self.grade_before or not self.grade_after:
            return False
        return GRADE_ORDER[Grade(self.grade_after)] > GRADE_ORDER[Grade(self.grade_before)]


@dataclass(frozen=True, slots=True)
class PairingActionRow:
    """Something done within a pairing."""

    id: int
    pairing_id: int
    acted_on: dt.date
    content: str


class HonourService(Service):
    """Commendations and pairings."""

    def _log(
        self, s: Session, action: str, kind: str, obj_id: int, name: str | None, detail: str | None
    ) -> None:
        audit.record(
            s, self.ctx, action, object_type=kind, object_id=obj_id, object_name=name, detail=detail
        )

    # -- commendations (see :mod:`brandoffice.services.commendations`) --------
    def commendations(
        self, year: int | None = None, kind: str | None = None
    ) -> list[CommendationRow]:
        """Return honours, of one year and/or kind, by year, kind and id."""
        return CommendationService(self.ctx).commendations(year, kind)

    def add_commendation(
        self,
        year: int,
        kind: str,
        *,
        org_id: int | None = None,
        member_id: int | None = None,
        brand_id: int | None = None,
        awarded_by: str | None = None,
        awarded_on: dt.date | None = None,
        note: str | None = None,
    ) -> CommendationRow:
        """Record an honour: decided (表彰) given its body and date, else a nomination (推荐).

        Raises:
            ValidationError: Not the nominee the kind honours, or the same honour of the
                same nominee twice in a year.
        """
        decided = awarded_by is not None and awarded_on is not None
        status = HonourStatus.AWARDED if decided else HonourStatus.NOMINATED
        draft = HonourDraft(
            year,
            kind,
            org_id=org_id,
            member_id=member_id,
            brand_id=brand_id,
            status=status.value,
            nominated_on=None if decided else awarded_on,
            awarded_by=awarded_by,
            awarded_on=awarded_on if decided else None,
            note=note,
        )
        return CommendationService(self.ctx).add(draft)

    def remove_commendation(self, commendation_id: int) -> None:
        """Delete an honour recorded by mistake."""
        CommendationService(self.ctx).delete(commendation_id)

    # -- pairings ------------------------------------------------------------
    def pairings(self, *, open_only: bool = False) -> list[PairingRow]:
        """Return the pairings, running ones first, newest first."""
        query = _pairing_query()
        if open_only:
            query = query.where(PAIRING.c.ended_on.is_(None))
        query = query.order_by(PAIRING.c.ended_on.is_not(None), PAIRING.c.started_on.desc())
        with self.ctx.db.read() as s:
            return [from_mapping(PairingRow, r._mapping) for r in s.execute(query)]

    def get_pairing(self, pairing_id: int) -> PairingRow:
        """Return one pairing or raise NotFoundError."""
        return rh.row_of(self.ctx, PairingRow, _pairing_query(), PAIRING, pairing_id, "共建对子")

    @retry_conflicts
    def create_pairing(
        self,
        helper_org_id: int,
        lagging_org_id: int,
        *,
        brand_id: int | None = None,
        started_on: dt.date | None = None,
        note: str | None = None,
    ) -> PairingRow:
        """Pair a brand unit with a lagging unit; the lagging unit's grade is noted as before.

        Args:
            helper_org_id: The unit that helps; it must own a brand that is not withdrawn.
            lagging_org_id: The unit helped; not a unit graded 先进.
            brand_id: The helper's brand; its best brand when None.
            started_on: Start date; today when None.
            note: Free text.
        """
        if helper_org_id == lagging_org_id:
            raise ValidationError("帮扶单位和被帮扶单位不能是同一个组织", "lagging_org_id")
        when = started_on or self.ctx.today()
        remark = validate.optional_text(note, "备注", "note", max_len=2000)
        with self.ctx.db.write.begin() as s:
            helper = _org(s, helper_org_id, "帮扶单位")
            lagging = _org(s, lagging_org_id, "被帮扶单位")
            if lagging.grade == Grade.ADVANCED.value:
                raise ValidationError(f"“{lagging.name}”已评为先进，无需结对帮扶", "lagging_org_id")
            brand = _helper_brand(s, helper, brand_id)
            running = select(PAIRING.c.id).where(
                PAIRING.c.helper_org_id == helper.id,
                PAIRING.c.lagging_org_id == lagging.id,
                PAIRING.c.ended_on.is_(None),
            )
            if s.scalar(running) is not None:
                raise ValidationError(
                    f"“{helper.name}”与“{lagging.name}”已结成共建对子", "lagging_org_id"
                )
            pairing = Pairing(
                helper_org_id=helper.id,
                brand_id=brand.id,
                lagging_org_id=lagging.id,
                started_on=when,
                grade_before=lagging.grade,
                note=remark,
            )
            s.add(pairing)
            s.flush()
            pair_name = f"{helper.name}—{lagging.name}"
            self._log(s, "结成共建对子", "共建对子", pairing.id, pair_name, f"品牌：{brand.name}")
            new_id = pairing.id
        return self.get_pairing(new_id)

    def actions(self, pairing_id: int) -> list[PairingActionRow]:
        """Return what was done within a pairing, oldest first."""
        with self.ctx.db.read() as s:
            rows = s.execute(
                select(ACTION)
                .where(ACTION.c.pairing_id == pairing_id)
                .order_by(ACTION.c.acted_on, ACTION.c.id)
            )
            return [PairingActionRow(r.id, r.pairing_id, r.acted_on, r.content) for r in rows]

    @retry_conflicts
    def add_action(self, pairing_id: int, acted_on: dt.date, content: str) -> PairingActionRow:
        """Record something done within a running pairing."""
        text = validate.text(content, "帮扶内容", "content", max_len=2000)
        with self.ctx.db.write.begin() as s:
            pairing = _pairing(s, pairing_id)
            if pairing.ended_on is not None:
                raise ValidationError("共建对子已结束，不能再登记帮扶活动", "pairing_id")
            if acted_on < pairing.started_on:
                raise ValidationError(
                    f"活动日期早于结对日期（{pairing.started_on:%Y-%m-%d}）", "acted_on"
                )
            action = PairingAction(pairing_id=pairing_id, acted_on=acted_on, content=text)
            s.add(action)
            s.flush()
            detail = f"{acted_on:%Y-%m-%d} {text[:50]}"
            self._log(s, "登记帮扶活动", "共建对子", pairing_id, None, detail)
            return PairingActionRow(action.id, pairing_id, acted_on, text)

    @retry_conflicts
    def close_pairing(
        self,
        pairing_id: int,
        *,
        ended_on: dt.date | None = None,
        grade_after: str | None = None,
        note: str | None = None,
    ) -> PairingRow:
        """End a pairing, recording the lagging unit's grade after it.

        Args:
            pairing_id: The pairing.
            ended_on: End date; today when None.
            grade_after: The grade reached; the lagging unit's current grade when None.
            note: Appended to the pairing's note.
        """
        when = ended_on or self.ctx.today()
        grade = validate.optional_choice(grade_after, Grade, "结对后等次", "grade_after")
        with self.ctx.db.write.begin() as s:
            pairing = _pairing(s, pairing_id)
            if pairing.ended_on is not None:
                raise ValidationError(f"共建对子已于{pairing.ended_on:%Y-%m-%d}结束", "ended_on")
            if when < pairing.started_on:
                raise ValidationError("结束日期早于结对日期", "ended_on")
            lagging = _org(s, pairing.lagging_org_id, "被帮扶单位")
            pairing.ended_on = when
            pairing.grade_after = grade.value if grade else lagging.grade
            extra = validate.optional_text(note, "备注", "note", max_len=1000)
            if extra:
                pairing.note = f"{pairing.note}\n{extra}" if pairing.note else extra
            before, after = pairing.grade_before or "未评定", pairing.grade_after or "未评定"
            self._log(
                s, "结束共建对子", "共建对子", pairing_id, lagging.name, f"{before} → {after}"
            )
        return self.get_pairing(pairing_id)


def _org(session: Session, org_id: int, label: str) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise ValidationError(f"{label}（编号 {org_id}）不存在", "org_id")
    return org


def _pairing(session: Session, pairing_id: int) -> Pairing:
    pairing = session.get(Pairing, pairing_id)
    if pairing is None:
        raise NotFoundError(f"找不到编号为 {pairing_id} 的共建对子")
    return pairing


def _helper_brand(session: Session, helper: Organisation, brand_id: int | None) -> Brand:
    if brand_id is not None:
        brand = session.get(Brand, brand_id)
        if brand is None or brand.org_id != helper.id:
            raise ValidationError(f"所选品牌不属于帮扶单位“{helper.name}”", "brand_id")
        if brand.status == BrandStatus.WITHDRAWN.value:
            raise ValidationError(f"品牌“{brand.name}”已摘牌，不能用于结对帮扶", "brand_id")
        return brand
    ranked = {BrandStatus.NAMED.value: 0, BrandStatus.RECTIFYING.value: 2}
    candidates = [
        b
        for b in session.scalars(select(Brand).where(Brand.org_id == helper.id))
        if b.status != BrandStatus.WITHDRAWN.value
    ]
    if not candidates:
        raise ValidationError(f"“{helper.name}”还没有党建品牌，不能作为帮扶单位", "helper_org_id")
    return min(candidates, key=lambda b: (ranked.get(b.status, 1), b.id))


def _pairing_query() -> Any:
    helper = ORG.alias("helper")
    lagging = ORG.alias("lagging")
    count = rh.count_of(PAIRING, ACTION.c.pairing_id == PAIRING.c.id)
    return (
        select(
            PAIRING,
            helper.c.name.label("helper_name"),
            lagging.c.name.label("lagging_name"),
            BRAND.c.name.label("brand_name"),
            count.label("action_count"),
        )
        .join(helper, helper.c.id == PAIRING.c.helper_org_id)
        .join(lagging, lagging.c.id == PAIRING.c.lagging_org_id)
        .outerjoin(BRAND, BRAND.c.id == PAIRING.c.brand_id)
    )
