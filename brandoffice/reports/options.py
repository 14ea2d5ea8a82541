"""What the clerk chooses for a report, kept light so the CLI and menus import it cheaply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[int, int], None]

HIDDEN, MASKED, FULL = 0, 1, 2
REVEAL_LABELS = {
    HIDDEN: "不显示身份证号和电话",
    MASKED: "显示遮蔽后的号码（如 138****5678）",
    FULL: "显示完整号码",
}
"""``reveal_level``: numbers are left out unless asked for, and masked unless asked twice."""


@dataclass(frozen=True)
class ReportOptions:
    """What the clerk chose for a report; each kind reads only the fields it needs.

    Attributes:
        campaign: The campaign's name or id (进展情况报告); None: the newest campaign.
        review_round: The review round's name or id (评审结果); None: the newest round.
        year: The year (复查验收结果, 表彰名单); None: the latest year with records.
        reveal_level: 0 leaves ID and phone numbers out, 1 shows them masked, 2 in full.
        fonts: ``auto``, ``gb2312`` or ``windows`` for this report; None: the setting.
        recipient: The 主送机关 (进展情况报告); None: the organisation department above.
    """

    campaign: str | int | None = None
    review_round: str | int | None = None
    year: int | None = None
    reveal_level: int = HIDDEN
    fonts: str | None = None
    recipient: str | None = None
