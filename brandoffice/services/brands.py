"""The brand register: edits with the 五有一好 checks, the life cycle and inspections."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.model import (
    Brand,
    BrandCarrier,
    BrandInspection,
    BrandStatusChange,
    BrandYearPlan,
    Organisation,
    table_of,
)
from brandoffice.model.vocab import BrandLevel, BrandStatus, InspectionResult
from brandoffice.normalise import fold_width
from brandoffice.services import validate
from brandoffice.services.brand_steps import (
    StepRequest,
    apply_step,
    check_date,
    last_step,
    log_brand,
    undo_last,
)
from brandoffice.services.context import Service
from brandoffice.services.lifecycle import Requirement, holds_title
from brandoffice.services.plain_read import plain_rows
from brandoffice.services.rows import (
    BrandRow,
    CarrierRow,
    StatusChangeRow,
    build,
    columns_for,
    from_mapping,
)
from brandoffice.services.validate import flush_or_explain
from brandoffice.textsearch import initials, like_pattern

BRAND = table_of(Brand)
BRAND_COLUMNS = columns_for(BrandRow, BRAND)
NAME_MIN, NAME_MAX = 4, 8
_QUOTES = re.compile(r"[“”\"'‘’「」《》\s]")


@dataclass(frozen=True)
class BrandDraft:
    """The editable fields of a brand."""

    org_id: int
    name: str
    year: int
    logo_text: str | None = None
    theme: str | None = None
    slogan: str | None = None
    connotation: str | None = None
    concept: str | None = None
    role_played: str | None = None
    service_site: str | None = None
    service_items: list[str] = field(default_factory=list)
    objectives: str | None = None
    measures: str | None = None
    note: str | None = None
    carriers: list[CarrierRow] = field(default_factory=list)


def brand_name_problem(name: str) -> str | None:
    """Explain what is wrong with a brand name (4–8 characters), or None."""
    cleaned = _QUOTES.sub("", fold_width(name or ""))
    if not cleaned:
        return "品牌名称不能为空"
    if not NAME_MIN <= len(cleaned) <= NAME_MAX:
        return f"品牌名称应为{NAME_MIN}–{NAME_MAX}个字，“{cleaned}”有{len(cleaned)}个字"
    return None


def clean_brand(draft: BrandDraft) -> dict[str, Any]:
    """Validate a draft and return column values (raises ValidationError)."""
    name = _QUOTES.sub("", validate.text(draft.name, "品牌名称", "name", max_len=NAME_MAX + 4))
    problem = brand_name_problem(name)
    if problem:
        raise ValidationError(problem, "name")
    if not 1949 <= int(draft.year) <= 2200:
        raise ValidationError(f"创建年度“{draft.year}”无效", "year")
    long = 4000
    items = [
        validate.text(i, "服务内容", "service_items", max_len=100)
        for i in draft.service_items
        if i and i.strip()
    ]
    return {
        "org_id": draft.org_id,
        "name": name,
        "initials": initials(name),
        "year": int(draft.year),
        "logo_text": validate.optional_text(draft.logo_text, "文字标识", "logo_text", max_len=200),
        "theme": validate.optional_text(draft.theme, "主题", "theme", max_len=long),
        "slogan": validate.optional_text(draft.slogan, "口号", "slogan", max_len=200),
        "connotation": validate.optional_text(
            draft.connotation, "内涵", "connotation", max_len=long
        ),
        "concept": validate.optional_text(draft.concept, "理念", "concept", max_len=long),
        "role_played": validate.optional_text(
            draft.role_played, "作用发挥", "role_played", max_len=long
        ),
        "service_site": validate.optional_text(
            draft.service_site, "服务地点", "service_site", max_len=200
        ),
        "service_items": items,
        "objectives": validate.optional_text(
            draft.objectives, "目标要求", "objectives", max_len=long
        ),
        "measures": validate.optional_text(draft.measures, "创建措施", "measures", max_len=long),
        "note": validate.optional_text(draft.note, "备注", "note", max_len=2000),
    }


def checklist(brand: BrandRow) -> list[Requirement]:
    """Return the 五有一好 requirements and whether the brand meets each."""
    return [
        Requirement("有名称", brand_name_problem(brand.name) is None),
        Requirement("有标识", bool(brand.logo_text or brand.logo_attachment_id)),
        Requirement("有主题", bool(brand.theme)),
        Requirement("有内涵", bool(brand.connotation)),
        Requirement("有理念", bool(brand.concept)),
        Requirement("党组织和党员作用发挥好", bool(brand.role_played)),
    ]


class BrandService(Service):
    """Reads and edits of the brand register."""

    # -- reads ---------------------------------------------------------------
    def all_rows(self) -> list[BrandRow]:
        """Return every brand by name."""
        fast = plain_rows(
            self.ctx, BrandRow, "all", lambda: select(*BRAND_COLUMNS).order_by(BRAND.c.id)
        )
        if fast is not None:
            return fast
        with self.ctx.db.read() as s:
            rows = s.execute(select(*BRAND_COLUMNS).order_by(BRAND.c.id))
            return [build(BrandRow, r) for r in rows]

    def get(self, brand_id: int) -> BrandRow:
        """Return one brand or raise NotFoundError."""
        with self.ctx.db.read() as s:
            row = s.execute(select(*BRAND_COLUMNS).where(BRAND.c.id == brand_id)).first()
        if row is None:
            raise NotFoundError(f"找不到编号为 {brand_id} 的品牌")
        return build(BrandRow, row)

    def by_name(self, name: str) -> BrandRow:
        """Return the brand with this name."""
        cleaned = _QUOTES.sub("", fold_width(name))
        with self.ctx.db.read() as s:
            row = s.execute(select(*BRAND_COLUMNS).where(BRAND.c.name == cleaned)).first()
        if row is None:
            raise NotFoundError(f"找不到品牌“{cleaned}”")
        return build(BrandRow, row)

    def name_taken(self, name: str, own_id: int | None = None) -> bool:
        """Tell whether another brand already has this name (for checking as you type)."""
        query = select(BRAND.c.id).where(BRAND.c.name == _QUOTES.sub("", fold_width(name)))
        if own_id is not None:
            query = query.where(BRAND.c.id != own_id)
        with self.ctx.db.read() as s:
            return s.scalar(query) is not None

    def search(self, query: str, limit: int = 200) -> list[BrandRow]:
        """Search brands by name, slogan or pinyin initials."""
        q = query.strip()
        if not q:
            return self.all_rows()[:limit]
        with self.ctx.db.read() as s:
            rows = s.execute(
                select(*BRAND_COLUMNS)
                .where(
                    or_(
                        BRAND.c.name.like(like_pattern(q), escape="\\"),
                        BRAND.c.slogan.like(like_pattern(q), escape="\\"),
                        BRAND.c.initials.like(like_pattern(q.lower()), escape="\\"),
                    )
                )
                .order_by(BRAND.c.id)
                .limit(limit)
            )
            return [build(BrandRow, r) for r in rows]

    def of_org(self, org_id: int) -> list[BrandRow]:
        """Return the brands of one unit."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(*BRAND_COLUMNS).where(BRAND.c.org_id == org_id))
            return [build(BrandRow, r) for r in rows]

    def carriers(self, brand_id: int) -> list[CarrierRow]:
        """Return the carriers of a brand in order."""
        table = table_of(BrandCarrier)
        with self.ctx.db.read() as s:
            rows = s.execute(
                select(table.c.name, table.c.description)
                .where(table.c.brand_id == brand_id)
                .order_by(table.c.position, table.c.id)
            )
            return [CarrierRow(r.name, r.description) for r in rows]

    def history(self, brand_id: int) -> list[StatusChangeRow]:
        """Return the life-cycle history of a brand: its registration, then steps by date."""
        table = table_of(BrandStatusChange)
        with self.ctx.db.read() as s:
            rows = s.execute(
                select(*columns_for(StatusChangeRow, table))
                .where(table.c.brand_id == brand_id)
                .order_by(
                    case((table.c.from_status.is_(None), 0), else_=1),
                    table.c.changed_on,
                    table.c.id,
                )
            )
            return [build(StatusChangeRow, r) for r in rows]

    def counts_by_status(self) -> dict[str, int]:
        """Return how many brands are in each status."""
        with self.ctx.db.read() as s:
            rows = s.execute(select(BRAND.c.status, func.count()).group_by(BRAND.c.status))
            return {str(k): int(v) for k, v in rows}

    # -- writes --------------------------------------------------------------
    @retry_conflicts
    def create(self, draft: BrandDraft) -> BrandRow:
        """Register a new brand; it starts in 培育."""
        values = clean_brand(draft)
        today = self.ctx.today()
        with self.ctx.db.write.begin() as s:
            _require_org(s, values["org_id"])
            _require_unique(s, values["name"], None)
            brand = Brand(**values, status=BrandStatus.CULTIVATING.value)
            s.add(brand)
            s.flush()
            _replace_carriers(s, brand.id, draft.carriers)
            s.add(
                BrandStatusChange(
                    brand_id=brand.id,
                    changed_on=today,
                    from_status=None,
                    to_status=BrandStatus.CULTIVATING.value,
                    actor=self.ctx.account,
                    note="登记品牌",
                )
            )
            log_brand(s, self.ctx, "登记品牌", brand)
            new_id = brand.id
        return self.get(new_id)

    @retry_conflicts
    def update(self, brand_id: int, version: int, draft: BrandDraft) -> BrandRow:
        """Save the editor; refused when stale."""
        values = clean_brand(draft)
        with self.ctx.db.write.begin() as s:
            brand = _load(s, brand_id, version)
            _require_org(s, values["org_id"])
            _require_unique(s, values["name"], brand_id)
            for key, value in values.items():
                setattr(brand, key, value)
            _replace_carriers(s, brand_id, draft.carriers)
            log_brand(s, self.ctx, "修改品牌", brand)
        return self.get(brand_id)

    @retry_conflicts
    def set_logo(self, brand_id: int, attachment_id: int | None) -> BrandRow:
        """Attach (or remove) the logo image stored as an attachment."""
        with self.ctx.db.write.begin() as s:
            brand = _load(s, brand_id, None)
            brand.logo_attachment_id = attachment_id
            log_brand(s, self.ctx, "设置品牌标识", brand)
        return self.get(brand_id)

    @retry_conflicts
    def transition(
        self,
        brand_id: int,
        target: str,
        *,
        on: dt.date | None = None,
        note: str | None = None,
        via_org_id: int | None = None,
        level: str | None = None,
        naming_body: str | None = None,
        exception: str | None = None,
    ) -> BrandRow:
        """Move a brand along its life cycle, recording the step in its history.

        Args:
            brand_id: The brand.
            target: The status wanted, or 退回 (an application returned: back to the
                title the brand holds, else to 培育).
            on: The step's date (default today): not before the previous step, nor
                before the brand's year, nor in the future.
            note: Kept in the history.
            via_org_id: The unit an application goes through (default the parent).
            level: The level applied for (申报; default the next one) or named (命名).
            naming_body: Who names the brand (命名).
            exception: Why the district lets the brand skip a level (recorded).

        Raises:
            ValidationError: The step is not allowed now, with the reason.
        """
        new_level = validate.optional_choice(level, BrandLevel, "级别", "level")
        request = StepRequest(
            target=target,
            on=on or self.ctx.today(),
            note=validate.optional_text(note, "备注", "note", max_len=2000),
            via_org_id=via_org_id,
            level=new_level,
            naming_body=naming_body,
            exception=exception,
        )
        with self.ctx.db.write.begin() as s:
            brand = _load(s, brand_id, None)
            apply_step(s, self.ctx, brand, request, _missing(brand))
        return self.get(brand_id)

    @retry_conflicts
    def undo_last_step(self, brand_id: int, reason: str) -> BrandRow:
        """Undo the brand's latest step with a reason: the state before it comes back (audited).

        Raises:
            ValidationError: No reason, nothing to undo, or a re-inspection came after it.
        """
        with self.ctx.db.write.begin() as s:
            brand = _load(s, brand_id, None)
            undo_last(s, self.ctx, brand, reason)
        return self.get(brand_id)

    def last_step(self, brand_id: int) -> StatusChangeRow | None:
        """Return the step an undo would take back (None: only the registration)."""
        with self.ctx.db.read() as s:
            step = last_step(s, brand_id)
            return from_mapping(StatusChangeRow, vars(step)) if step is not None else None

    @retry_conflicts
    def inspect(
        self,
        brand_id: int,
        year: int,
        result: str,
        *,
        on: dt.date | None = None,
        score: float | None = None,
        inspector: str | None = None,
        note: str | None = None,
    ) -> BrandRow:
        """Record the yearly re-inspection and apply its outcome, in one transaction."""
        outcome = validate.choice(result, InspectionResult, "复查结果", "result")
        target = {
            InspectionResult.PASSED: BrandStatus.NAMED,
            InspectionResult.IMPROVE: BrandStatus.RECTIFYING,
            InspectionResult.WITHDRAW: BrandStatus.WITHDRAWN,
        }[outcome]
        when = on or self.ctx.today()
        with self.ctx.db.write.begin() as s:
            brand = _load(s, brand_id, None)
            if brand.status not in (BrandStatus.NAMED.value, BrandStatus.RECTIFYING.value):
                raise ValidationError(
                    f"只有已命名的品牌才能复查（当前为“{brand.status}”）", "status"
                )
            check_date(s, self.ctx, brand, when)
            inspection = BrandInspection(
                brand_id=brand_id,
                year=year,
                inspected_on=when,
                result=outcome.value,
                score=score,
                inspector=inspector,
                note=note,
            )
            s.add(inspection)
            s.flush()
            detail = f"{year}年复查：{outcome.value}" + (f"，{note}" if note else "")
            if target.value != brand.status:
                request = StepRequest(target.value, when, note=detail, inspection_id=inspection.id)
                apply_step(s, self.ctx, brand, request, [])
            else:
                log_brand(s, self.ctx, "年度复查", brand, detail)
        return self.get(brand_id)

    @retry_conflicts
    def add_year_plan(self, brand_id: int, year: int, goals: str, measures: str | None) -> None:
        """File a named brand's goals and measures for a year."""
        cleaned = validate.text(goals, "年度目标", "goals", max_len=4000)
        with self.ctx.db.write.begin() as s:
            brand = _load(s, brand_id, None)
            if not holds_title(brand.status, brand.level):
                raise ValidationError("只有已命名的品牌才需报送年度目标", "status")
            s.add(BrandYearPlan(brand_id=brand_id, year=year, goals=cleaned, measures=measures))
            log_brand(s, self.ctx, "报送年度目标", brand)

    @retry_conflicts
    def delete(self, brand_id: int) -> None:
        """Delete a brand still in 培育 (later ones are withdrawn, not deleted)."""
        with self.ctx.db.write.begin() as s:
            brand = _load(s, brand_id, None)
            if brand.status != BrandStatus.CULTIVATING.value:
                raise ValidationError("已申报的品牌不能删除，只能摘牌", "status")
            s.delete(brand)
            flush_or_explain(s, f"品牌“{brand.name}”")
            log_brand(s, self.ctx, "删除品牌", brand)


def _missing(brand: Brand) -> list[str]:
    """Return the 五有一好 requirements the stored brand lacks."""
    mapping = {c.key: getattr(brand, c.key) for c in BRAND.columns}
    return [r.label for r in checklist(from_mapping(BrandRow, mapping)) if not r.met]


def _replace_carriers(session: Session, brand_id: int, carriers: list[CarrierRow]) -> None:
    table = table_of(BrandCarrier)
    session.execute(table.delete().where(table.c.brand_id == brand_id))
    rows = [
        {
            "brand_id": brand_id,
            "name": validate.text(c.name, "载体名称", "carriers", max_len=100),
            "description": validate.optional_text(
                c.description, "载体说明", "carriers", max_len=2000
            ),
            "position": i,
        }
        for i, c in enumerate(carriers)
    ]
    if rows:
        session.execute(table.insert(), rows)


def _require_org(session: Session, org_id: int) -> None:
    if session.get(Organisation, org_id) is None:
        raise ValidationError(f"所属组织（编号 {org_id}）不存在", "org_id")


def _require_unique(session: Session, name: str, own_id: int | None) -> None:
    query = select(BRAND.c.id).where(BRAND.c.name == name)
    if own_id is not None:
        query = query.where(BRAND.c.id != own_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"品牌名称“{name}”已被使用", "name")


def _load(session: Session, brand_id: int, version: int | None) -> Brand:
    brand = session.get(Brand, brand_id, with_for_update=True)
    if brand is None:
        raise NotFoundError(f"找不到编号为 {brand_id} 的品牌")
    if version is not None and brand.version != version:
        raise StaleEditError(
            f"品牌“{brand.name}”已被他人修改（您打开的是第 {version} 版，"
            f"现在是第 {brand.version} 版），请重新打开后再改"
        )
    return brand
