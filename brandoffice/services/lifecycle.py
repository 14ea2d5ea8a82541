"""The brand life cycle as data and rules: which step may follow which, levels and dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from brandoffice.model.vocab import BRAND_LEVEL_ORDER, BrandLevel, BrandStatus

S = BrandStatus
L = BrandLevel

TRANSITIONS: dict[BrandStatus, dict[BrandStatus, str]] = {
    S.CULTIVATING: {S.APPLIED: "申报"},
    S.APPLIED: {S.REVIEWING: "提交评审", S.CULTIVATING: "退回培育"},
    S.REVIEWING: {S.NAMED: "命名", S.CULTIVATING: "退回培育"},
    S.NAMED: {S.RECTIFYING: "复查整改", S.WITHDRAWN: "摘牌", S.APPLIED: "申报更高级别"},
    S.RECTIFYING: {S.NAMED: "整改通过", S.WITHDRAWN: "摘牌"},
    S.WITHDRAWN: {},
}
"""For each status, the statuses that may follow it and the name of that step."""

RETURN = "退回"
"""The step that returns an application: back to 命名 when the brand holds a title, else 培育."""

RETURNABLE = (S.APPLIED, S.REVIEWING)
"""Statuses an application is in while it runs."""

ENTRY_LEVELS = (L.UNIT, L.STREET)
"""Levels a first naming may have: the office's own committee names them (seed 002 §三2)."""

TITLED = (S.NAMED, S.RECTIFYING, S.APPLIED, S.REVIEWING)
"""Statuses in which a brand with a level keeps its title (a higher application runs)."""


@dataclass(frozen=True)
class Requirement:
    """One of the 五有一好 requirements and whether a brand meets it."""

    label: str
    met: bool


def holds_title(status: str, level: str | None) -> bool:
    """Tell whether a brand in ``status`` holds a named title (also while applying higher)."""
    return bool(level) and status in {s.value for s in TITLED}


def next_level(held: BrandLevel | None) -> BrandLevel | None:
    """Return the level a brand applies for next: 街道级 first, None above 市级."""
    if held is None:
        return L.STREET
    order = list(BrandLevel)
    position = order.index(held)
    return order[position + 1] if position + 1 < len(order) else None


def return_target(level: BrandLevel | None) -> BrandStatus:
    """Return where a returned application goes: its title when it holds one, else 培育."""
    return S.NAMED if level is not None else S.CULTIVATING


def steps_from(current: BrandStatus, level: BrandLevel | None) -> dict[str, str]:
    """Return the steps allowed now: target (a status value or :data:`RETURN`) → step name."""
    steps = {target.value: name for target, name in TRANSITIONS[current].items()}
    if current in RETURNABLE:
        steps.pop(S.CULTIVATING.value)
        steps[RETURN] = f"退回（保留{level.value}）" if level else "退回培育"
    return steps


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
    if current is S.NAMED and target is S.APPLIED and level is L.CITY:
        return "品牌已是市级品牌，没有更高级别可申报"
    if current in RETURNABLE and target is S.CULTIVATING and level is not None:
        return f"品牌已命名为{level.value}，退回申报时保留原命名：请用“退回（保留{level.value}）”"
    if target is S.NAMED and current is S.REVIEWING:
        if new_level is None:
            return "命名时须选择命名级别"
        if level is not None and BRAND_LEVEL_ORDER[new_level] <= BRAND_LEVEL_ORDER[level]:
            return f"晋级命名的级别须高于现有的“{level.value}”"
    return None


def climb_problem(held: BrandLevel | None, wanted: BrandLevel, exception: str | None) -> str | None:
    """Explain why a brand holding ``held`` may not apply for or be named ``wanted``, or None.

    Levels climb one at a time (seed 002 §三2 自下而上逐级申报); a district may decide
    otherwise, recorded as ``exception``; a city brand always comes from a district brand.
    """
    if held is not None and BRAND_LEVEL_ORDER[wanted] <= BRAND_LEVEL_ORDER[held]:
        return f"晋级命名的级别须高于现有的“{held.value}”"
    if wanted is L.CITY and held is not L.DISTRICT:
        first = "首次命名不能是市级；" if held is None else ""
        return f"{first}市级品牌须先命名为区级，再由区委组织部统一申报（自下而上逐级申报）"
    expected = ENTRY_LEVELS if held is None else tuple(filter(None, [next_level(held)]))
    if wanted in expected or (exception or "").strip():
        return None
    after = f"“{held.value}”之后是“{expected[0].value}”" if held else "首次命名为单位级或街道级"
    return f"须逐级申报：{after}；区里决定越级为“{wanted.value}”时，请填写越级理由"


def date_problem(
    when: dt.date,
    *,
    created_year: int,
    previous: tuple[dt.date, str] | None,
    today: dt.date,
) -> str | None:
    """Explain why a step cannot be dated ``when``, or return None.

    Args:
        when: The step's date.
        created_year: The brand's 创建年度.
        previous: The date and name of the step in force before this one.
        today: Today (a step has happened, it is not planned).
    """
    if when > today:
        return f"日期{when:%Y-%m-%d}晚于今天，只能登记已经办理的步骤"
    if when.year < created_year:
        return f"日期{when:%Y-%m-%d}早于品牌的创建年度（{created_year}年）"
    if previous is not None and when < previous[0]:
        day, name = previous
        return f"日期{when:%Y-%m-%d}早于上一步“{name}”的日期{day:%Y-%m-%d}，各步骤须按先后顺序办理"
    return None
