"""Registration forms filled from the brand register."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from brandoffice.errors import ValidationError
from brandoffice.idcard import mask_phone
from brandoffice.model import Attachment
from brandoffice.model.vocab import BrandStatus
from brandoffice.reports.fonts import report_fonts
from brandoffice.reports.registration_form import (
    FormCheck,
    RegistrationFormData,
    check_messages,
    write_registration_forms,
)
from brandoffice.safety.permissions import Action
from brandoffice.services import audit
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.settings import office_identity

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FormsWritten:
    """The files written and, per form, what the clerk must hear before printing.

    Attributes:
        paths: The .docx files.
        checks: One per form: fields continued on the 续页, required fields left blank.
    """

    paths: list[Path]
    checks: list[FormCheck]

    def messages(self) -> list[str]:
        """Return one line per form that needs the clerk's attention."""
        return check_messages(self.checks)

    def __iter__(self) -> Iterator[Path]:
        """Iterate over the files, as callers did when a list of paths was returned."""
        return iter(self.paths)

    def __len__(self) -> int:
        """Return the number of files."""
        return len(self.paths)


def application_year(ctx: AppContext, brand_id: int, fallback: int | None = None) -> int:
    """Return the year a brand applied (its latest 申报 step), else ``fallback`` or this year."""
    steps = BrandService(ctx).history(brand_id)
    applied = [h.changed_on.year for h in steps if h.to_status == BrandStatus.APPLIED.value]
    if applied:
        return applied[-1]
    return fallback if fallback is not None else ctx.today().year


def form_data(
    ctx: AppContext, brand_id: int, *, reveal_phone: bool = False
) -> RegistrationFormData:
    """Collect everything the form prints for one brand.

    Args:
        ctx: Services' context.
        brand_id: The brand.
        reveal_phone: Print the unit's phone in full (the form goes to the upper level;
            the caller asks the clerk and the writer audits it); needs a role that
            may see full numbers.
    """
    if reveal_phone:
        ctx.require(Action.REVEAL)
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
        year=application_year(ctx, brand_id),
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
) -> FormsWritten:
    """Write the registration forms of some brands.

    Args:
        ctx: Services' context.
        brand_ids: The brands, in print order.
        out: With ``one_file`` the .docx to write; otherwise a folder receiving one
            ``登记表-<品牌>.docx`` per brand.
        one_file: One file with a page per brand, or one file per brand.
        reveal_phone: Print phone numbers in full (recorded in the audit log).
        progress: Called as ``progress(done, total)``.

    Returns:
        The files written and what each form's clerk must hear before printing.
    """
    if not brand_ids:
        raise ValidationError("请先选择要打印登记表的品牌")
    fonts = report_fonts(ctx).fonts
    items = []
    for i, brand_id in enumerate(brand_ids):
        items.append(form_data(ctx, brand_id, reveal_phone=reveal_phone))
        if progress:
            progress(i + 1, len(brand_ids) * 2)
    written: list[Path] = []
    checks: list[FormCheck] = []
    if one_file:
        checks += write_registration_forms(items, out, fonts)
        written.append(out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for i, item in enumerate(items):
            path = out / f"登记表-{item.brand_name}.docx"
            checks += write_registration_forms([item], path, fonts)
            written.append(path)
            if progress:
                progress(len(items) + i + 1, len(items) * 2)
    with ctx.db.write.begin() as s:
        audit.record(
            s,
            ctx,
            "打印登记表（含完整电话）" if reveal_phone else "打印登记表",
            object_type="品牌",
            detail=f"{len(items)} 份：{'、'.join(i.brand_name for i in items)[:200]}",
        )
    return FormsWritten(written, checks)
