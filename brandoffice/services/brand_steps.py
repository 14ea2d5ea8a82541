"""One life-cycle step of a brand inside a write session: its rules, history entry and undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.model import Brand, BrandInspection, BrandStatusChange, Organisation
from brandoffice.model.vocab import BRAND_LEVEL_ORDER, BrandLevel, BrandStatus
from brandoffice.services import audit, validate
from brandoffice.services.context import AppContext
from brandoffice.services.lifecycle import (
    RETURN,
    RETURNABLE,
    climb_problem,
    date_problem,
    next_level,
    return_target,
    transition_problem,
)

S = BrandStatus


@dataclass(frozen=True)
class StepRequest:
    """What a step asks for.

    Attributes:
        target: The status wanted, or :data:`~brandoffice.services.lifecycle.RETURN`.
        on: The step's date.
        note: Note kept in the history.
        via_org_id: The unit an application goes through (default: the owner's parent).
        level: The level applied for (申报) or named (命名).
        naming_body: Who names the brand (命名).
        exception: Why the district lets this step skip a level.
        inspection_id: The re-inspection the step comes from.
    """

    target: str
    on: dt.date
    note: str | None = None
    via_org_id: int | None = None
    level: BrandLevel | None = None
    naming_body: str | None = None
    exception: str | None = None
    inspection_id: int | None = None


def log_brand(
    session: Session, ctx: AppContext, action: str, brand: Brand, detail: str | None = None
) -> None:
    """Append an audit entry about ``brand`` inside the caller's transaction."""
    audit.record_about(session, ctx, action, "品牌", brand, detail)


def step_name(change: BrandStatusChange) -> str:
    """Return how a history entry reads: 评审→命名."""
    return f"{change.from_status}→{change.to_status}" if change.from_status else change.to_status


def last_step(
    session: Session, brand_id: int, to_status: str | None = None
) -> BrandStatusChange | None:
    """Return the latest step in force (not undone; registration is not a step)."""
    query = select(BrandStatusChange).where(
        BrandStatusChange.brand_id == brand_id,
        BrandStatusChange.from_status.is_not(None),
        BrandStatusChange.undone_at.is_(None),
    )
    if to_status is not None:
        query = query.where(BrandStatusChange.to_status == to_status)
    order = (BrandStatusChange.changed_on.desc(), BrandStatusChange.id.desc())
    return session.scalars(query.order_by(*order).limit(1)).first()


def check_date(session: Session, ctx: AppContext, brand: Brand, when: dt.date) -> None:
    """Refuse a step (or re-inspection) dated out of order, before creation or in the future."""
    previous = last_step(session, brand.id)
    problem = date_problem(
        when,
        created_year=brand.year,
        previous=(previous.changed_on, step_name(previous)) if previous else None,
        today=ctx.today(),
    )
    if problem:
        raise ValidationError(problem, "on")


def apply_step(
    session: Session, ctx: AppContext, brand: Brand, request: StepRequest, missing: list[str]
) -> BrandStatusChange:
    """Apply one life-cycle step to a loaded (row-locked) brand and record it.

    Args:
        session: The open write session.
        ctx: Supplies the account and today.
        brand: The brand, loaded for update.
        request: What the step asks for.
        missing: The 五有一好 requirements the brand lacks (an application needs none).
    """
    current = S(brand.status)
    held = BrandLevel(brand.level) if brand.level else None
    returning = request.target == RETURN
    if returning and current not in RETURNABLE:
        raise ValidationError(f"品牌当前为“{current.value}”，没有可退回的申报", "status")
    wanted = (
        return_target(held)
        if returning
        else validate.choice(request.target, BrandStatus, "品牌状态", "status")
    )
    naming = wanted is S.NAMED and current is S.REVIEWING and not returning
    problem = (
        None
        if returning
        else transition_problem(current, wanted, held, request.level if naming else None)
    )
    if problem:
        raise ValidationError(problem, "status")
    check_date(session, ctx, brand, request.on)
    exception = validate.optional_text(request.exception, "越级理由", "exception", max_len=500)
    applied: BrandLevel | None = None
    via = request.via_org_id
    if wanted is S.APPLIED:
        if missing:
            raise ValidationError(f"尚缺：{'、'.join(missing)}，补齐后才能申报", "status")
        applied = request.level or next_level(held)
        assert applied is not None  # 市级 brands were refused above
        _refuse_climb(held, applied, exception)
        if via is None:
            via = session.scalar(
                select(Organisation.parent_id).where(Organisation.id == brand.org_id)
            )
    if naming:
        assert request.level is not None
        exception = _naming_exception(session, brand, held, request.level, exception)
    skipped = applied or (request.level if naming else None)
    if skipped is None or climb_problem(held, skipped, None) is None:
        exception = None  # no level skipped: nothing to record
    prior: dict[str, Any] = {
        "status": brand.status,
        "level": brand.level,
        "named_on": brand.named_on.isoformat() if brand.named_on else None,
        "naming_body": brand.naming_body,
        "inspection_id": request.inspection_id,
    }
    if naming:
        assert request.level is not None
        brand.level = request.level.value
        brand.naming_body = validate.optional_text(
            request.naming_body, "命名机关", "naming_body", max_len=100
        )
        brand.named_on = request.on
    brand.status = wanted.value
    change = BrandStatusChange(
        brand_id=brand.id,
        changed_on=request.on,
        from_status=current.value,
        to_status=wanted.value,
        level=brand.level,
        actor=ctx.account,
        via_org_id=via if wanted is S.APPLIED else None,
        naming_body=brand.naming_body if naming else None,
        note=request.note,
        applied_level=applied.value if applied else None,
        exception_reason=exception,
        prior_state=prior,
    )
    if returning and held is not None:
        change.note = "；".join(filter(None, [f"退回申报，保留{held.value}", request.note]))
    session.add(change)
    detail = "；".join(
        filter(None, [request.note, f"越级理由：{exception}" if exception else None])
    )
    label = "退回（保留原命名）" if returning and held else f"{current.value}→{wanted.value}"
    log_brand(session, ctx, f"品牌{label}", brand, detail or None)
    return change


def _refuse_climb(held: BrandLevel | None, wanted: BrandLevel, exception: str | None) -> None:
    problem = climb_problem(held, wanted, exception)
    if problem:
        raise ValidationError(problem, "level")


def _naming_exception(
    session: Session,
    brand: Brand,
    held: BrandLevel | None,
    level: BrandLevel,
    exception: str | None,
) -> str | None:
    """Check a naming's level against the application; return the exception in force."""
    application = last_step(session, brand.id, S.APPLIED.value)
    applied = application.applied_level if application else None
    if not exception and application is not None and applied == level.value:
        exception = application.exception_reason  # the district's decision at the application
    _refuse_climb(held, level, exception)
    if applied and BRAND_LEVEL_ORDER[level] > BRAND_LEVEL_ORDER[BrandLevel(applied)]:
        raise ValidationError(f"申报的是“{applied}”，命名级别不能高于申报级别", "level")
    return exception


def undo_last(session: Session, ctx: AppContext, brand: Brand, reason: str) -> BrandStatusChange:
    """Undo the latest step in force: restore the state before it and keep it as undone.

    Raises:
        ValidationError: No reason, no step to undo, or a re-inspection was recorded after it.
    """
    why = validate.text(reason, "撤销理由", "reason", max_len=500)
    step = last_step(session, brand.id)
    if step is None:
        raise ValidationError(
            "品牌还没有可撤销的步骤（登记本身不能撤销；培育中的品牌可以删除）", "status"
        )
    if step.to_status != brand.status:
        raise ValidationError(
            f"品牌现为“{brand.status}”，与最后一步“{step_name(step)}”不符，不能撤销", "status"
        )
    prior = step.prior_state or _derived_prior(session, brand, step)
    own = prior.get("inspection_id")
    later = session.scalars(
        select(BrandInspection).where(
            BrandInspection.brand_id == brand.id,
            BrandInspection.inspected_on >= step.changed_on,
            BrandInspection.id != (own or -1),
        )
    ).first()
    if later is not None:
        raise ValidationError(
            f"“{step_name(step)}”之后已登记{later.year}年复查，不能撤销这一步", "status"
        )
    brand.status = prior["status"]
    brand.level = prior["level"]
    brand.named_on = dt.date.fromisoformat(prior["named_on"]) if prior["named_on"] else None
    brand.naming_body = prior["naming_body"]
    if own:
        inspection = session.get(BrandInspection, own)
        if inspection is not None:
            session.delete(inspection)
    step.undone_at = ctx.clock()
    step.undone_by = ctx.account
    step.undo_reason = why
    log_brand(
        session,
        ctx,
        "撤销品牌步骤",
        brand,
        f"撤销“{step_name(step)}”（{step.changed_on:%Y-%m-%d}）：{why}",
    )
    return step


def _derived_prior(session: Session, brand: Brand, step: BrandStatusChange) -> dict[str, Any]:
    """Work out the state before a step recorded without one (before revision 0007)."""
    prior: dict[str, Any] = {
        "status": step.from_status,
        "level": brand.level,
        "named_on": brand.named_on.isoformat() if brand.named_on else None,
        "naming_body": brand.naming_body,
        "inspection_id": None,
    }
    if step.from_status == S.REVIEWING.value and step.to_status == S.NAMED.value:
        before = session.scalars(
            select(BrandStatusChange)
            .where(
                BrandStatusChange.brand_id == brand.id,
                BrandStatusChange.undone_at.is_(None),
                BrandStatusChange.id != step.id,
                BrandStatusChange.changed_on <= step.changed_on,
            )
            .order_by(BrandStatusChange.changed_on.desc(), BrandStatusChange.id.desc())
        ).all()
        prior["level"] = before[0].level if before else None
        naming = next(
            (
                b
                for b in before
                if b.from_status == S.REVIEWING.value and b.to_status == S.NAMED.value
            ),
            None,
        )
        prior["named_on"] = naming.changed_on.isoformat() if naming else None
        prior["naming_body"] = naming.naming_body if naming else None
    return prior
