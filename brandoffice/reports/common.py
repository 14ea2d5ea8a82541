"""What every leader report shares: options, the header, fonts, masking, progress, charts."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from brandoffice.idcard import mask_id_number, mask_phone
from brandoffice.numbers import percent
from brandoffice.reports import ooxml
from brandoffice.reports.fonts import report_fonts
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.ooxml import qn
from brandoffice.reports.options import FULL, HIDDEN, MASKED, Progress, ReportOptions
from brandoffice.reports.standard import SIZE_3, TEXT_WIDTH_MM, chinese_date
from brandoffice.reports.textfit import text_width_em
from brandoffice.safety.masking import mask_text
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.settings import office_identity
from brandoffice.text_safety import one_line

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from brandoffice.reports.official import Attachments

__all__ = ["FULL", "HIDDEN", "MASKED", "Progress", "ReportOptions", "percent"]

T = TypeVar("T")

TITLE_MAX_EM = 19.5
"""Characters of 二号 (22 pt) that fit the 156 mm text width, less a little air."""
_CLOSING = frozenset("”》）」】")
_NO_START = frozenset("，。、；：？！）」』”’》】%")
_NO_END = frozenset("（「『“‘《【")

CHART_DPI = 150
"""Prints sharply at the 156 mm text width (about 920 pixels across)."""


def new_document(ctx: AppContext, title: str, subtitle: str | None = None) -> ReportDocument:
    """Start a report in the fonts chosen for this computer, with its title and subtitle.

    Lines of the title too long for the text width are broken in balanced halves
    (GB/T 9704 wants a long title set as a trapezoid or diamond, not a full line and
    a stub).
    """
    doc = ReportDocument(report_fonts(ctx).fonts)
    lines = [part for line in title.splitlines() for part in title_lines(line)]
    doc.title("\n".join(lines), subtitle)
    return doc


def title_lines(line: str, max_em: float = TITLE_MAX_EM) -> list[str]:
    """Break a title line wider than ``max_em`` into balanced lines.

    A break after a closing mark (”》）) is preferred; breaks never split a number or
    put a closing mark at the start of a line.
    """
    width = text_width_em(line)
    if width <= max_em or len(line) < 2:
        return [line]
    best, best_score = len(line) // 2, float("inf")
    for i in range(1, len(line)):
        before, after = line[i - 1], line[i]
        if after in _NO_START or before in _NO_END or (before.isascii() and after.isascii()):
            continue
        left = text_width_em(line[:i])
        score = abs(2 * left - width) - (0.3 * width if before in _CLOSING else 0.0)
        if score < best_score:
            best, best_score = i, score
    return title_lines(line[:best], max_em) + title_lines(line[best:], max_em)


def as_of(ctx: AppContext) -> str:
    """Return the subtitle dating a report, e.g. ``（截至2026年5月20日）``."""
    return f"（截至{chinese_date(ctx.today())}）"


def finish(
    ctx: AppContext,
    doc: ReportDocument,
    out: Path,
    label: str,
    options: ReportOptions,
    *,
    attachments: Attachments | None = None,
    title: str | None = None,
    steps: Steps | None = None,
) -> Path:
    """Add the signature (issuer, date, contact line) and any 附件, save atomically and audit.

    Args:
        ctx: Services' context.
        doc: The finished body (with its 附件说明 when there are 附件).
        out: The .docx to write.
        label: The report's Chinese name for the audit log.
        options: The options; showing numbers in full is logged as such.
        attachments: The 附件, each written on a new page after the signature.
        title: The document's title in its properties; ``label`` by default.
        steps: The report's progress; a cancel asked for by now stops it before the
            file is written or the report audited.

    Returns:
        ``out``.
    """
    _keep_with_signature(doc)
    identity = office_identity(ctx)
    doc.signature(identity.signer, ctx.today())
    if identity.contact:  # 附注 under the date, two characters in (GB/T 9704 §7.3.7)
        doc.add_text(
            f"（联系方式：{identity.contact}）", font=doc.fonts.body, size_pt=SIZE_3,
            align="left", first_line_pt=2 * SIZE_3,
        )  # fmt: skip
    body = doc.document.element.body
    paragraphs = [el for el in body if el.tag == qn("w:p")]
    signature = paragraphs[-4:] if identity.contact else paragraphs[-3:]
    for p in signature[:-1]:
        ooxml.set_flag(p, "w:keepNext")
    if attachments is not None:
        attachments.write_all(doc)
    set_properties(doc, title or label, identity.signer, ctx.clock())
    if steps is not None:
        steps.check()
    path = doc.save(out)
    action = "生成报告（含完整号码）" if options.reveal_level >= FULL else "生成报告"
    with ctx.db.write.begin() as s:
        audit.record(s, ctx, action, object_type="报告", object_name=label, detail=path.name)
    return path


def set_properties(doc: ReportDocument, title: str, author: str, when: dt.datetime) -> None:
    """Fill the document's properties: title, author (the office), created and saved now.

    Without this Word shows author “python-docx” and a creation date in 2013 (the
    template's own).
    """
    props = doc.document.core_properties
    props.title = one_line(title)[:255]
    props.author = props.last_modified_by = one_line(author)[:255]
    props.created = props.modified = when.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""


def _keep_with_signature(doc: ReportDocument) -> None:
    """Keep the last lines of the body on the signature's page (GB/T 9704 §7.3.5.5).

    The signature must never stand alone on a page; when it does not fit, the last
    table row or paragraph moves over with it.
    """
    blocks = [el for el in doc.document.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    if not blocks:
        return
    last = blocks[-1]
    if last.tag == qn("w:tbl"):
        rows = last.findall(qn("w:tr"))
        paragraphs = rows[-1].iter(qn("w:p")) if rows else iter(())
    else:
        paragraphs = iter([last])
    for p in paragraphs:
        ooxml.set_flag(p, "w:keepNext")


# -- personal numbers ------------------------------------------------------------
def shows_numbers(options: ReportOptions) -> bool:
    """Tell whether ID and phone columns are printed at all."""
    return options.reveal_level >= MASKED


def id_number(value: str | None, options: ReportOptions) -> str:
    """Return an ID number as the reveal level allows (empty when hidden)."""
    if not value or options.reveal_level <= HIDDEN:
        return ""
    return value if options.reveal_level >= FULL else mask_id_number(value)


def phone(value: str | None, options: ReportOptions) -> str:
    """Return a phone number as the reveal level allows (empty when hidden)."""
    if not value or options.reveal_level <= HIDDEN:
        return ""
    return value if options.reveal_level >= FULL else mask_phone(value)


def free_text(value: str | None, options: ReportOptions) -> str:
    """Return a note with any ID or mobile number inside masked, unless shown in full."""
    if not value:
        return ""
    return value if options.reveal_level >= FULL else mask_text(value)


# -- progress --------------------------------------------------------------------
class Steps:
    """Turns the work of a report into ``progress(done, total)`` calls.

    Table rows count one step each; reports call :meth:`advance` for bigger
    pieces. Calls are thinned to about every 1 % so a 10,000-row table does not
    flood a terminal.

    Args:
        progress: The caller's callback, or None.
        total: All steps expected.
    """

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        self._every = max(1, self.total // 100)
        self._last = -1

    def advance(self, n: int = 1) -> None:
        """Count ``n`` steps done."""
        self.done = min(self.total, self.done + n)
        if self.progress is not None and (
            self.done - self._last >= self._every or self.done >= self.total
        ):
            self._last = self.done
            self.progress(self.done, self.total)

    def rows(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, counting one step per item (for the layout's table)."""
        for item in items:
            yield item
            self.advance()

    def check(self) -> None:
        """Report where the work stands, however recently: the last chance to cancel."""
        if self.progress is not None:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        """Report the end."""
        self.advance(self.total - self.done)


# -- charts and numbers ----------------------------------------------------------
def figure_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes for :meth:`ReportDocument.image`."""
    from brandoffice.charts.fonts import cjk_context

    buffer = io.BytesIO()
    with cjk_context():
        fig.savefig(buffer, format="png", dpi=CHART_DPI, facecolor="white")
    return buffer.getvalue()


def add_chart(doc: ReportDocument, fig: Figure, caption: str) -> None:
    """Embed a figure at the text width (156 mm) with a caption under it."""
    doc.image(figure_png(fig), width_mm=TEXT_WIDTH_MM, caption=caption)


def day_text(day: dt.date | None) -> str:
    """Return a date as 2026年5月20日, or empty."""
    return chinese_date(day) if day else ""


def short_day(day: dt.date | None) -> str:
    """Return a date for narrow table columns: 2026.5.20, or empty."""
    return f"{day.year}.{day.month}.{day.day}" if day else ""


def number(value: float | None) -> str:
    """Return a score without trailing zeros: 92.5, 88, or empty."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def widths(*parts: float) -> list[float]:
    """Scale relative column widths to the 156 mm text width."""
    total = sum(parts)
    return [TEXT_WIDTH_MM * p / total for p in parts]


def numbered(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    """Put a 序号 (1, 2, …) in front of each row."""
    return [[i, *row] for i, row in enumerate(rows, start=1)]


class Numbering:
    """Counts figures and tables so captions read 图1, 图2 … and 表1, 表2 …."""

    def __init__(self) -> None:
        self._figures = 0
        self._tables = 0

    def figure(self, text: str) -> str:
        """Return the next figure caption."""
        self._figures += 1
        return f"图{self._figures} {text}"

    def table(self, text: str) -> str:
        """Return the next table caption."""
        self._tables += 1
        return f"表{self._tables} {text}"
