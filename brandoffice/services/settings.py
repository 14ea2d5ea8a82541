"""Office settings kept in the database: the office's identity, report fonts, login and more."""

from __future__ import annotations

from dataclasses import replace

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.model import Setting
from brandoffice.office import (
    CONTACT_MAX,
    ISSUER_MAX,
    NAME_MAX,
    OfficeIdentity,
    OfficeKind,
    kind_choices,
)
from brandoffice.safety.login_settings import read_setting
from brandoffice.services import audit
from brandoffice.services.context import AppContext

OFFICE_NAME = "office_name"
OFFICE_KIND = "office_kind"
OFFICE_ISSUER = "office_issuer"
OFFICE_CONTACT = "office_contact"
REPORT_FONTS = "report_fonts"


def get_setting(ctx: AppContext, key: str, default: str | None = None) -> str | None:
    """Return a setting's value, or ``default`` when it was never set."""
    value = read_setting(ctx, key)
    return default if value is None else value


@retry_conflicts
def set_setting(ctx: AppContext, key: str, value: str) -> None:
    """Set a setting (audited)."""
    with ctx.db.write.begin() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
        audit.record(s, ctx, "修改设置", object_type="设置", object_name=key)


def office_identity(ctx: AppContext) -> OfficeIdentity:
    """Return the office's identity; empty fields while the clerk has not set them."""
    kind = get_setting(ctx, OFFICE_KIND) or OfficeKind.STREET.value
    return OfficeIdentity(
        kind=OfficeKind(kind) if kind in OfficeKind._value2member_map_ else OfficeKind.STREET,
        name=get_setting(ctx, OFFICE_NAME) or "",
        issuer=get_setting(ctx, OFFICE_ISSUER) or "",
        contact=get_setting(ctx, OFFICE_CONTACT) or "",
    )


def office_name(ctx: AppContext) -> str:
    """Return the name heading report titles (幸福街道党工委), or "" while unset."""
    return office_identity(ctx).heading


def check_identity(
    current: OfficeIdentity,
    *,
    kind: str | None = None,
    name: str | None = None,
    issuer: str | None = None,
    contact: str | None = None,
) -> OfficeIdentity:
    """Return ``current`` with the given fields changed, after checking them.

    Args:
        current: The identity as saved.
        kind: 街道, 镇, 乡 or 区; None keeps it.
        name: The office's name (required once anything is set); None keeps it.
        issuer: The 发文机关; "" means the committee's usual name; None keeps it.
        contact: The contact line; None keeps it.

    Raises:
        ValidationError: A field is not acceptable, in Chinese, naming the field.
    """
    changes: dict[str, object] = {}
    if kind is not None:
        value = kind.strip()
        if value not in OfficeKind._value2member_map_:
            raise ValidationError(f"单位类别“{kind}”无效，可选：{kind_choices()}", "kind")
        changes["kind"] = OfficeKind(value)
    for field, label, raw, limit in (
        ("name", "单位名称", name, NAME_MAX),
        ("issuer", "发文机关", issuer, ISSUER_MAX),
        ("contact", "联系方式", contact, CONTACT_MAX),
    ):
        if raw is None:
            continue
        value = " ".join(raw.split())
        if len(value) > limit:
            raise ValidationError(f"{label}不能超过{limit}个字（现为{len(value)}个字）", field)
        changes[field] = value
    updated = replace(current, **changes)  # type: ignore[arg-type]
    if not updated.name and (updated.issuer or updated.contact):
        raise ValidationError("请填写单位名称，如“和平街道”或“青山镇”", "name")
    return updated


@retry_conflicts
def set_office_identity(ctx: AppContext, identity: OfficeIdentity) -> None:
    """Save the office's identity in one audited transaction."""
    values = {
        OFFICE_KIND: identity.kind.value,
        OFFICE_NAME: identity.name,
        OFFICE_ISSUER: identity.issuer,
        OFFICE_CONTACT: identity.contact,
    }
    with ctx.db.write.begin() as s:
        for key, value in values.items():
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
        audit.record(
            s,
            ctx,
            "修改本单位信息",
            object_type="设置",
            object_name=identity.heading or identity.name,
            detail=f"{identity.kind.value}；发文机关：{identity.signer}",
        )


def report_font_key(ctx: AppContext) -> str:
    """Return ``auto`` (default: by the installed fonts), ``gb2312`` or ``windows``."""
    value = get_setting(ctx, REPORT_FONTS) or "auto"
    return value if value in ("auto", "gb2312", "windows") else "auto"
