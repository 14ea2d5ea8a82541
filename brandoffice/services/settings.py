"""Office settings kept in the database: office name, report fonts, login and more."""

from __future__ import annotations

from brandoffice.model import Setting
from brandoffice.safety.login_settings import read_setting
from brandoffice.services import audit
from brandoffice.services.context import AppContext

OFFICE_NAME = "office_name"
REPORT_FONTS = "report_fonts"
DEFAULT_OFFICE = "幸福街道党工委"


def get_setting(ctx: AppContext, key: str, default: str | None = None) -> str | None:
    """Return a setting's value, or ``default`` when it was never set."""
    value = read_setting(ctx, key)
    return default if value is None else value


def set_setting(ctx: AppContext, key: str, value: str) -> None:
    """Set a setting (audited)."""
    with ctx.db.write.begin() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
        audit.record(s, ctx, "修改设置", object_type="设置", object_name=key)


def office_name(ctx: AppContext) -> str:
    """Return the office's name used in report headers and forms."""
    return get_setting(ctx, OFFICE_NAME) or DEFAULT_OFFICE


def report_font_key(ctx: AppContext) -> str:
    """Return ``gb2312`` (default) or ``windows`` for the fonts of Word documents."""
    value = get_setting(ctx, REPORT_FONTS) or "gb2312"
    return value if value in ("gb2312", "windows") else "gb2312"
