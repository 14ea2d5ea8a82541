"""The brand life cycle as data: which status may follow which, and what each step needs."""

from __future__ import annotations

from dataclasses import dataclass

from brandoffice.model.vocab import BRAND_LEVEL_ORDER, BrandLevel, BrandStatus

S = BrandStatus

TRANSITIONS: dict[BrandStatus, dict[BrandStatus, str]] = {
    S.CULTIVATING: {S.APPLIED: "申报"},
    S.APPLIED: {S.REVIEWING: "提交评审", S.CULTIVATING: "退回培育"},
    S.REVIEWING: {S.NAMED: "命名", S.CULTIVATING: "退回培育"},
    S.NAMED: {S.RECTIFYING: "复查整改", S.WITHDRAWN: "摘牌", S.APPLIED: "申报更高级别"},
    S.RECTIFYING: {S.NAMED: "整改通过", S.WITHDRAWN: "摘牌"},
    S.WITHDRAWN: {},
}
"""For each status, the statuses that may follow it and the name of that step."""


@dataclass(frozen=True)
class Requirement:
    """One of the 五有一好 requirements and whether a brand meets it."""

    label: str
    met: bool


def transition_problem(
    current: BrandStatus,
    target: BrandStatus,
    level: BrandLevel | None,
    new_level: BrandLevel | None,
) -> str | None:
    """Explain why ``current → target`` is not allowed, or return None.

    Args:
        current: The brand's status now.
        target: The wanted status.
        level: The level the brand is named at now (None if never named).
        new_level: The level asked for when naming.
    """
    allowed = TRANSITIONS[current]
    if target not in allowed:
        if not allowed:
            return f"品牌已{current.value}，不能再变更状态"
        steps = "、".join(f"{name}（→{status.value}）" for status, name in allowed.items())
        return f"品牌当前为“{current.value}”，不能直接变为“{target.value}”；可进行：{steps}"
    if current is S.NAMED and target is S.APPLIED and level is BrandLevel.CITY:
        return "品牌已是市级品牌，没有更高级别可申报"
    if target is S.NAMED and current is S.REVIEWING:
        if new_level is None:
            return "命名时须选择命名级别"
        if level is not None and BRAND_LEVEL_ORDER[new_level] <= BRAND_LEVEL_ORDER[level]:
            return f"晋级命名的级别须高于现有的“{level.value}”"
    return None
