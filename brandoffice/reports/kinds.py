"""The leader reports by kind: names, options they need, writers (imported when used)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brandoffice.errors import ValidationError
from brandoffice.reports.options import Progress, ReportOptions
from brandoffice.services.context import AppContext
from brandoffice.text_safety import printable

Writer = Callable[[AppContext, Path, ReportOptions, Progress | None], Path]

CAMPAIGN, ROUND, YEAR = "campaign", "round", "year"
"""The one option a kind needs besides the reveal level."""


@dataclass(frozen=True)
class ReportKind:
    """One kind of leader report.

    Attributes:
        key: The CLI's KIND.
        label: Chinese name (file names, menus).
        description: One line for ``--help`` and the dialog.
        needs: ``campaign``, ``round``, ``year`` or None.
        personal: The report can print ID or phone numbers (the reveal level matters).
        writer: ``module:function`` of the writer.
    """

    key: str
    label: str
    description: str
    needs: str | None
    personal: bool
    writer: str

    def load(self) -> Writer:
        """Import and return the writer."""
        module, name = self.writer.split(":")
        writer: Writer = getattr(importlib.import_module(module), name)
        return writer


_BASE = "brandoffice.reports."
REPORT_KINDS: dict[str, ReportKind] = {
    k.key: k
    for k in (
        ReportKind(
            "progress", "进展情况报告", "创建活动进展情况报告（--campaign 活动名称，默认最新一项）",
            CAMPAIGN, False, _BASE + "progress_report:write_progress",
        ),
        ReportKind(
            "directory", "品牌名录", "党建品牌名录（按级别和领域）",
            None, False, _BASE + "directory:write_directory",
        ),
        ReportKind(
            "review", "评审结果", "评审结果（--round 评审名称，默认最近一轮）",
            ROUND, False, _BASE + "review_report:write_review",
        ),
        ReportKind(
            "inspection", "复查验收结果", "品牌年度复查验收结果（--year 年度）",
            YEAR, False, _BASE + "inspection_report:write_inspection",
        ),
        ReportKind(
            "honours", "表彰名单", "表彰名单（--year 年度）",
            YEAR, True, _BASE + "honours_list:write_honours",
        ),
        ReportKind(
            "orgs", "组织架构与换届", "组织架构与换届提醒",
            None, True, _BASE + "org_report:write_orgs",
        ),
    )
}  # fmt: skip
"""Every leader report; the registration form (``form``) is written by ``reports.forms``."""


def report_kind(key: str) -> ReportKind:
    """Return a kind by key.

    Raises:
        ValidationError: The kind is unknown.
    """
    try:
        return REPORT_KINDS[key]
    except KeyError:
        known = "、".join(f"{k}（{v.label}）" for k, v in REPORT_KINDS.items())
        raise ValidationError(f"未知的报告种类“{key}”，可选：{known}") from None


def write_report(
    ctx: AppContext,
    key: str,
    out: Path,
    options: ReportOptions,
    progress: Progress | None = None,
) -> Path:
    """Write a report of kind ``key`` to ``out`` (see each writer), in ``options.fonts``."""
    from brandoffice.reports.fonts import preferred

    with preferred(options.fonts):
        return report_kind(key).load()(ctx, Path(out), options, progress)


def safe_file_name(name: str, limit: int = 80) -> str:
    """Return ``name`` without characters Windows forbids in file names, at most ``limit`` long.

    Bidi controls go too: a right-to-left override could make ``.exe`` look like ``.docx``.
    """
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", printable(name)).strip(" ._")
    return (cleaned or "未命名")[:limit]


def default_file_name(ctx: AppContext, key: str, detail: str = "") -> str:
    """Return a file name such as ``进展情况报告-2026年春季活动-20260520.docx``."""
    kind = report_kind(key)
    middle = f"-{detail}" if detail else ""
    return safe_file_name(f"{kind.label}{middle}-{ctx.today():%Y%m%d}") + ".docx"
