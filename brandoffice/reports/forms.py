"""Registration forms filled from the brand register."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from brandoffice.errors import ValidationError
from brandoffice.idcard import mask_phone
from brandoffice.model import Attachment
from brandoffice.reports.registration_form import (
    RegistrationFormData,
    write_registration_forms,
)
from brandoffice.reports.standard import FONT_SETS
from brandoffice.services import audit
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.settings import office_identity, report_font_key

Progress = Callable[[int, int], None]


def form_data(
    ctx: AppContext, brand_id: int, *, reveal_phone: bool = False
) -> RegistrationFormData:
    """Collect everything the form prints for one brand.

    Args:
        ctx: Services' context.
        brand_id: The brand.
        reveal_phone: Print the unit's phone unmasked (the clerk asked for it).
    """
    brands, orgs = BrandService(ctx), OrgService(ctx)
    brand = brands.get(brand_id)
    unit = orgs.get(brand.org_id)
    parent = orgs.get(unit.parent_id).name if unit.parent_id else ""
    logo: bytes | None = None
    if brand.logo_attachment_id is not None:
        with ctx.db.read() as s:
            logo = s.scalar(
                select(Attachment.content).where(Attachment.id == brand.logo_attachment_id)
            )
    phone = unit.phone or ""
    return RegistrationFormData(
        unit_name=unit.name,
        parent_unit=parent,
        secretary=unit.secretary or "",
        contact_person=unit.contact or "",
        phone=phone if reveal_phone else mask_phone(phone),
        member_count=unit.member_count,
        brand_name=brand.name,
        brand_level=brand.level or "",
        logo_image=logo,
        logo_text=brand.logo_text or "",
        theme=brand.theme or "",
        slogan=brand.slogan or "",
        connotation=brand.connotation or "",
        concept=brand.concept or "",
        carriers=tuple((c.name, c.description or "") for c in brands.carriers(brand_id)),
        service_items=tuple(brand.service_items),
        service_site=brand.service_site or "",
        objectives=brand.objectives or "",
        measures=brand.measures or "",
        role_played=brand.role_played or "",
        year=brand.year,
        office_name=office_identity(ctx).signer,
    )


def write_brand_forms(
    ctx: AppContext,
    brand_ids: list[int],
    out: Path,
    *,
    one_file: bool,
    reveal_phone: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the registration forms of some brands.

    Args:
        ctx: Services' context.
        brand_ids: The brands, in print order.
        out: With ``one_file`` the .docx to write; otherwise a folder receiving one
            ``登记表-<品牌>.docx`` per brand.
        one_file: One file with a page per brand, or one file per brand.
        reveal_phone: Print phone numbers unmasked.
        progress: Called as ``progress(done, total)``.

    Returns:
        The files written.
    """
    if not brand_ids:
        raise ValidationError("请先选择要打印登记表的品牌")
    fonts = FONT_SETS[report_font_key(ctx)]
    items = []
    for i, brand_id in enumerate(brand_ids):
        items.append(form_data(ctx, brand_id, reveal_phone=reveal_phone))
        if progress:
            progress(i + 1, len(brand_ids) * 2)
    written: list[Path] = []
    if one_file:
        write_registration_forms(items, out, fonts)
        written.append(out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for i, item in enumerate(items):
            path = out / f"登记表-{item.brand_name}.docx"
            write_registration_forms([item], path, fonts)
            written.append(path)
            if progress:
                progress(len(items) + i + 1, len(items) * 2)
    with ctx.db.write.begin() as s:
        audit.record(
            s,
            ctx,
            "打印登记表",
            object_type="品牌",
            detail=f"{len(items)} 份：{'、'.join(i.brand_name for i in items)[:200]}",
        )
    return written
