"""报送材料包: one zip of a period's reports, lists, forms and evidence, with a contents list."""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from brandoffice.filesave import file_write_error
from brandoffice.model import (
    Brand,
    Organisation,
    Phase,
    ProgressEvidence,
    Task,
    TaskProgress,
    table_of,
)
from brandoffice.model.vocab import BrandStatus
from brandoffice.reports.fonts import preferred
from brandoffice.reports.kinds import safe_file_name, write_report
from brandoffice.reports.options import Progress, ReportOptions
from brandoffice.reports.standard import chinese_date
from brandoffice.safety.auditchain import signed_anchor
from brandoffice.safety.auditcopies import zip_comment
from brandoffice.services import audit
from brandoffice.services.campaign_evidence import evidence_content
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.reviews import ReviewService
from brandoffice.services.rows import CampaignRow
from brandoffice.services.settings import office_name

EVIDENCE, PROGRESS, TASK, PHASE = (
    table_of(m) for m in (ProgressEvidence, TaskProgress, Task, Phase)
)
ORG, BRAND = table_of(Organisation), table_of(Brand)
TOC_NAME = "目录.txt"
REPORTS, LISTS, FORMS, FILES = "01-报告", "02-Excel名册", "03-登记表", "04-佐证材料"
EXCEL_LISTS = (
    ("orgs", "党组织名册", "党组织名册（电话已遮蔽）"),
    ("members", "党员名册（号码已遮蔽）", "党员名册（身份证号和电话已遮蔽）"),
    ("brands", "党建品牌登记", "党建品牌登记簿"),
    ("progress", "任务进度", "各创建活动的任务进度"),
)
"""Excel kind, file name, what it is."""
UTF8_FLAG = 0x800
"""General-purpose bit 11: the entry's name is UTF-8 (Windows Explorer shows Chinese)."""

Producer = Callable[[Path, Progress | None], None]


@dataclass(frozen=True)
class Item:
    """A file to put in the bundle: its name in the zip, what it is, how to write it."""

    name: str
    what: str
    weight: int
    produce: Producer


def write_bundle(
    ctx: AppContext,
    out_zip: Path,
    *,
    year: int | None = None,
    campaign: str | int | None = None,
    progress: Progress | None = None,
    fonts: str | None = None,
    form_phone: bool = False,
) -> Path:
    """Write the reporting bundle of a year to ``out_zip`` (temporary name, then renamed).

    The zip holds the Word reports of the period (进展情况报告 of the campaign, 品牌名录,
    the year's 评审结果, 复查验收结果, 表彰名单, 组织架构与换届), the Excel lists (members
    masked), a registration form per current brand, the campaign's evidence files and
    目录.txt listing every file. Personal numbers are never shown in full.

    Args:
        ctx: Services' context.
        out_zip: The .zip to write.
        year: The period; this year when None.
        campaign: The campaign's name or id; the newest campaign of the year when None.
        progress: Called as ``progress(done, total)``.
        fonts: ``auto``, ``gb2312`` or ``windows`` for every document; None: the setting.
        form_phone: Print the contact phone in full on the registration forms, which go
            to the upper level (the clerk confirmed; the audit log records it).

    Returns:
        ``out_zip``.

    Raises:
        NotFoundError: The named campaign does not exist.
        StorageError: The zip cannot be written.
    """
    with preferred(fonts):
        return _write(ctx, Path(out_zip), year or ctx.today().year, campaign, progress, form_phone)


def _write(
    ctx: AppContext,
    out_zip: Path,
    year: int,
    campaign: str | int | None,
    progress: Progress | None,
    form_phone: bool,
) -> Path:
    chosen = _campaign(ctx, year, campaign)
    notes: list[str] = []
    items, missing = _plan(ctx, year, chosen, form_phone, notes)
    out_zip = Path(out_zip)
    total = sum(i.weight for i in items) + 1
    tmp_zip = out_zip.with_name(f".{out_zip.stem}.{uuid.uuid4().hex[:8]}.part")
    try:
        with tempfile.TemporaryDirectory(prefix="bo_bundle_") as work:
            done = 0
            with zipfile.ZipFile(tmp_zip, "x", zipfile.ZIP_DEFLATED) as archive:
                for item in items:
                    path = Path(work) / f"{done}{Path(item.name).suffix}"
                    part = _part(progress, done, item.weight, total)
                    item.produce(path, part)
                    _add(archive, item.name, path.read_bytes(), ctx)
                    path.unlink()
                    done += item.weight
                    if progress:
                        progress(done, total)
                toc = _toc(ctx, year, chosen, items, missing, form_phone, notes)
                _add(archive, TOC_NAME, toc.encode("utf-8-sig"), ctx)
                with ctx.db.read() as s:  # the audit log's anchor, for the inspector
                    archive.comment = zip_comment(signed_anchor(s))
        os.replace(tmp_zip, out_zip)
    except OSError as exc:
        raise file_write_error(exc, out_zip, "其他程序") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp_zip.unlink()
    with ctx.db.write.begin() as s:
        audit.record(
            s, ctx, "生成报送材料包", object_type="报告", object_name=out_zip.name,
            detail=f"{year}年度，{len(items) + 1} 个文件",
        )  # fmt: skip
    if progress:
        progress(total, total)
    return out_zip


def _campaign(ctx: AppContext, year: int, wanted: str | int | None) -> CampaignRow | None:
    service = CampaignService(ctx)
    if wanted is not None:
        return service.campaign(wanted)
    return next((c for c in service.campaigns() if c.year == year), None)


def _part(progress: Progress | None, start: int, span: int, total: int) -> Progress | None:
    if progress is None:
        return None
    report = progress

    def part(done: int, of: int) -> None:
        report(start + (span * done // of if of else 0), total)

    return part


def _report(ctx: AppContext, key: str, options: ReportOptions) -> Producer:
    def produce(path: Path, progress: Progress | None) -> None:
        write_report(ctx, key, path, options, progress)

    return produce


def _plan(
    ctx: AppContext, year: int, campaign: CampaignRow | None, form_phone: bool, notes: list[str]
) -> tuple[list[Item], list[str]]:
    """Return the files to write and the reports left out for want of records.

    Each form's notes (fields on a 续页, blanks) are added to ``notes`` as it is written.
    """
    from brandoffice.reports import honours_list, inspection_report

    items: list[Item] = []
    missing: list[str] = []
    names = _Names()

    def add(folder: str, name: str, what: str, weight: int, produce: Producer) -> None:
        items.append(Item(names.unique(f"{folder}/{safe_file_name(name)}"), what, weight, produce))

    if campaign is not None:
        add(REPORTS, f"进展情况报告-{campaign.name}.docx", f"进展情况报告：{campaign.name}", 20,
            _report(ctx, "progress", ReportOptions(campaign=campaign.id)))  # fmt: skip
    else:
        missing.append(f"进展情况报告：{year}年度没有创建活动")
    add(REPORTS, "品牌名录.docx", "党建品牌名录", 5, _report(ctx, "directory", ReportOptions()))
    rounds = [r for r in ReviewService(ctx).rounds() if r.held_on.year == year]
    for r in rounds:
        add(REPORTS, f"评审结果-{r.name}.docx", f"评审结果：{r.name}", 5,
            _report(ctx, "review", ReportOptions(review_round=r.id)))  # fmt: skip
    if not rounds:
        missing.append(f"评审结果：{year}年度没有评审")
    if inspection_report.inspections(ctx, year):
        add(REPORTS, f"复查验收结果-{year}年度.docx", f"{year}年度党建品牌复查验收结果", 5,
            _report(ctx, "inspection", ReportOptions(year=year)))  # fmt: skip
    else:
        missing.append(f"复查验收结果：{year}年度没有复查验收记录")
    if honours_list.has_honours(ctx, year):
        add(REPORTS, f"表彰名单-{year}年度.docx", f"{year}年度表彰名单", 5,
            _report(ctx, "honours", ReportOptions(year=year)))  # fmt: skip
    else:
        missing.append(f"表彰名单：{year}年度没有表彰记录")
    add(
        REPORTS,
        "组织架构与换届.docx",
        "党组织架构与换届提醒",
        5,
        _report(ctx, "orgs", ReportOptions()),
    )
    for kind, name, what in EXCEL_LISTS:
        add(LISTS, f"{name}.xlsx", what, 5, _excel(ctx, kind))
    for brand_id, brand in _current_brands(ctx):
        add(
            FORMS,
            f"登记表-{brand}.docx",
            f"党建品牌创建申报登记表：{brand}",
            1,
            _form(ctx, brand_id, form_phone, notes),
        )
    if campaign is not None:
        for evidence_id, unit, task, filename in _evidence(ctx, campaign.id):
            stem, suffix = os.path.splitext(filename)
            ext = safe_file_name(suffix.lstrip("."), 10) if suffix.strip(". ") else ""
            name = safe_file_name(f"{unit}-{task}-{stem}", 120) + (f".{ext}" if ext else "")
            add(FILES, name, f"佐证材料：{unit}“{task}”（原文件名 {filename}）", 1,
                _evidence_file(ctx, evidence_id))  # fmt: skip
    return items, missing


class _Names:
    """Makes names inside the zip unique: 文件.pdf, 文件(2).pdf, …"""

    def __init__(self) -> None:
        self.taken: set[str] = {TOC_NAME.casefold()}

    def unique(self, name: str) -> str:
        stem, suffix = os.path.splitext(name)
        candidate, n = name, 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{stem}({n}){suffix}"
        self.taken.add(candidate.casefold())
        return candidate


def _excel(ctx: AppContext, kind: str) -> Producer:
    def produce(path: Path, progress: Progress | None) -> None:
        from brandoffice.excel import export_kind

        export_kind(ctx, kind, path, reveal=False, progress=progress)

    return produce


def _form(ctx: AppContext, brand_id: int, full_phone: bool, notes: list[str]) -> Producer:
    def produce(path: Path, progress: Progress | None) -> None:
        from brandoffice.reports.forms import write_brand_forms

        written = write_brand_forms(
            ctx, [brand_id], path, one_file=True, reveal_phone=full_phone, progress=progress
        )
        notes.extend(written.messages())

    return produce


def _evidence_file(ctx: AppContext, evidence_id: int) -> Producer:
    def produce(path: Path, progress: Progress | None) -> None:
        path.write_bytes(evidence_content(ctx, evidence_id)[1])

    return produce


def _current_brands(ctx: AppContext) -> list[tuple[int, str]]:
    query = (
        select(BRAND.c.id, BRAND.c.name)
        .where(BRAND.c.status != BrandStatus.WITHDRAWN.value)
        .order_by(BRAND.c.id)
    )
    with ctx.db.read() as s:
        return [(r[0], r[1]) for r in s.execute(query)]


def _evidence(ctx: AppContext, campaign_id: int) -> list[tuple[int, str, str, str]]:
    """Return (evidence id, unit, task, file name) of a campaign, by task and unit."""
    query = (
        select(EVIDENCE.c.id, ORG.c.name, TASK.c.name, EVIDENCE.c.filename)
        .join(PROGRESS, PROGRESS.c.id == EVIDENCE.c.progress_id)
        .join(TASK, TASK.c.id == PROGRESS.c.task_id)
        .join(PHASE, PHASE.c.id == TASK.c.phase_id)
        .join(ORG, ORG.c.id == PROGRESS.c.org_id)
        .where(PHASE.c.campaign_id == campaign_id)
        .order_by(PHASE.c.position, TASK.c.position, TASK.c.id, ORG.c.id, EVIDENCE.c.id)
    )
    with ctx.db.read() as s:
        return [(r[0], r[1], r[2], r[3]) for r in s.execute(query)]


def _add(archive: zipfile.ZipFile, name: str, data: bytes, ctx: AppContext) -> None:
    info = zipfile.ZipInfo(name, date_time=ctx.clock().timetuple()[:6])
    info.flag_bits |= UTF8_FLAG
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _toc(
    ctx: AppContext,
    year: int,
    campaign: CampaignRow | None,
    items: list[Item],
    missing: list[str],
    form_phone: bool,
    notes: list[str],
) -> str:
    lines = [
        f"{office_name(ctx)}{year}年度报送材料包",
        f"生成日期：{chinese_date(ctx.today())}",
        f"创建活动：{campaign.name if campaign else '（无）'}",
        f"共 {len(items) + 1} 个文件（含本目录）。"
        + (
            "登记表列出完整联系电话（报上级党组织用），其余身份证号和电话均未完整列出。"
            if form_phone
            else "身份证号和电话均未完整列出。"
        ),
        "",
        "序号\t文件\t说明",
    ]
    lines += [f"{i}\t{item.name}\t{item.what}" for i, item in enumerate(items, start=1)]
    lines.append(f"{len(items) + 1}\t{TOC_NAME}\t本目录")
    if missing:
        lines += ["", "未包含的报告："]
        lines += [f"- {m}" for m in missing]
    if notes:
        lines += ["", "登记表打印前请注意："]
        lines += [f"- {n}" for n in notes]
    return "\r\n".join(lines) + "\r\n"
