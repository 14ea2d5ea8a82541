"""Brand drafts of the core tests."""

from __future__ import annotations

from typing import Any

from brandoffice.services.brands import BrandDraft


def ready_brand(org_id: int, name: str, year: int = 2026, **more: Any) -> BrandDraft:
    """Return a draft with the texts an application (申报) asks for; ``more`` adds fields."""
    return BrandDraft(
        org_id=org_id,
        name=name,
        year=year,
        logo_text="党徽与家园",
        theme="党建引领，邻里守望",
        connotation="把服务送到家门口",
        concept="以人民为中心",
        role_played="党员亮身份、作表率",
        **more,
    )
