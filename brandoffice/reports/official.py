"""The parts of a 公文 around its body: 主送机关, 附件说明 and the 附件 themselves (GB/T 9704).

A leader reads a few pages; every long list goes after the signature as a numbered
附件, each on a new page with “附件N” at the top left in 黑体 and its title centred
on the third line, and the body lists them under “附件：” (§7.3.4, §8).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from brandoffice.office import OfficeIdentity, OfficeKind
from brandoffice.reports import ooxml
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.standard import SIZE_2, SIZE_3
from brandoffice.reports.textfit import text_width_em

SUPERIORS = {
    OfficeKind.STREET: "区委组织部",
    OfficeKind.TOWN: "县委组织部",
    OfficeKind.TOWNSHIP: "县委组织部",
    OfficeKind.DISTRICT: "市委组织部",
}
"""The usual 主送机关 of a report on party building: the organisation department above."""

Writer = Callable[[ReportDocument], None]


def recipient(identity: OfficeIdentity, wanted: str | None = None) -> str:
    """Return the 主送机关: the one asked for, else the organisation department above."""
    chosen = " ".join((wanted or "").split()).rstrip("：:")
    return chosen or SUPERIORS[identity.kind]


def write_recipient(doc: ReportDocument, name: str) -> None:
    """Add the 主送机关 line flush left with a full-width colon, under the title (§7.3.2)."""
    doc.add_text(f"{name}：", font=doc.fonts.body, size_pt=SIZE_3, align="left")


@dataclass(frozen=True)
class Attachment:
    """One 附件: its title (no closing punctuation) and what writes its content."""

    number: int
    title: str
    write: Writer


class Attachments:
    """Collects a report's 附件 while the body is written; numbers them 1, 2, ….

    The content is written only by :meth:`write_all`, after the signature.
    """

    def __init__(self) -> None:
        self._items: list[Attachment] = []

    def __len__(self) -> int:
        return len(self._items)

    @property
    def titles(self) -> list[str]:
        """Return the titles in order."""
        return [a.title for a in self._items]

    def add(self, title: str, write: Writer) -> str:
        """Register a 附件 and return how the body refers to it: ``附件2``."""
        number = len(self._items) + 1
        self._items.append(Attachment(number, title.rstrip("。；，"), write))
        return f"附件{number}"

    def write_note(self, doc: ReportDocument) -> None:
        """Add the 附件说明 under the body: a blank line, then ``附件：1. …`` aligned.

        “附件” sits two characters in; each title starts at the same column, and a title
        that wraps continues under its own first character.
        """
        if not self._items:
            return
        doc.blank_line()
        single = len(self._items) == 1
        labels = [""] if single else [f"{a.number}." for a in self._items]
        # Titles start at a column past the widest number; a tab reaches it exactly.
        start_em = 5 + (
            0 if single else max(text_width_em(x, half_width=0.5) for x in labels) + 0.5
        )
        for i, (item, label) in enumerate(zip(self._items, labels, strict=True)):
            prefix = ("附件：" if i == 0 else "") + (f"{label}\t" if label else "")
            paragraph = doc.add_text(
                prefix + item.title, font=doc.fonts.body, size_pt=SIZE_3, align="left",
                keep_next=True,
            )  # fmt: skip
            indent = ooxml.ppr_child(paragraph._p, "w:ind")
            for name in ("firstLine", "left", "right"):
                indent.attrib.pop(ooxml.qn(f"w:{name}"), None)
            hanging = start_em - (2 if i == 0 else 5)
            ooxml.set_attrs(
                indent, left=ooxml.twips(start_em * SIZE_3), hanging=ooxml.twips(hanging * SIZE_3)
            )

    def write_all(self, doc: ReportDocument) -> None:
        """Write every 附件 on a new page: ``附件N`` top left in 黑体, the title on line 3."""
        single = len(self._items) == 1
        for item in self._items:
            doc.page_break()
            doc.add_text(
                "附件" if single else f"附件{item.number}",
                font=doc.fonts.heading1, size_pt=SIZE_3, align="left",
            )  # fmt: skip
            doc.blank_line()
            doc.add_text(
                item.title, font=doc.fonts.title, size_pt=SIZE_2, bold=doc.fonts.title_bold,
                align="center", grid=False,
            )  # fmt: skip
            doc.blank_line()
            doc.restart_headings()
            item.write(doc)
