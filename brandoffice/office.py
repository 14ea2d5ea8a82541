"""The office's identity (street, town or district, name, issuer, contact) and its wording.

Every text a clerk reads that names the office's own party committee or organisation
section comes through :class:`OfficeIdentity`, so a town (镇) never reads 街道 wording.
A district (区) is the 区委组织部 over many streets and towns (seed 002).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

UNSET_ISSUER = "（未设置发文机关）"
"""Signs documents while the office has not been named; the clerk sees it as a warning."""

UNSET_HINT = "尚未设置本单位信息：文件落款将显示“（未设置发文机关）”。"
NAME_MAX, ISSUER_MAX, CONTACT_MAX = 30, 40, 60


class OfficeKind(StrEnum):
    """Whether the office is a street office, a town (or township) committee or a district."""

    STREET = "街道"
    TOWN = "镇"
    TOWNSHIP = "乡"
    DISTRICT = "区"


@dataclass(frozen=True, slots=True)
class Wording:
    """The phrases that differ between a street office, a town committee and a district.

    Attributes:
        committee: The office's party committee (街道党工委 / 镇党委 / 区委).
        section: Where units file their plans (街道组织科 / 镇党委组织办 / 区委组织部).
        whole: The whole office's area (全街道 / 全镇 / 全区).
        organs: The office's own organ branches (街道机关 / 镇机关 / 区直机关).
        office: The kind itself, as in 街道级 / 镇级 / 区级.
    """

    committee: str
    section: str
    whole: str
    organs: str
    office: str

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Return (field, phrase) pairs, longest phrase first, for replacing text."""
        items = (
            ("section", self.section),
            ("committee", self.committee),
            ("whole", self.whole),
            ("organs", self.organs),
        )
        return tuple(sorted(items, key=lambda item: -len(item[1])))


WORDING = {
    OfficeKind.STREET: Wording("街道党工委", "街道组织科", "全街道", "街道机关", "街道"),
    OfficeKind.TOWN: Wording("镇党委", "镇党委组织办", "全镇", "镇机关", "镇"),
    OfficeKind.TOWNSHIP: Wording("乡党委", "乡党委组织办", "全乡", "乡机关", "乡"),
    OfficeKind.DISTRICT: Wording("区委", "区委组织部", "全区", "区直机关", "区"),
}

DISTRICT_KEEPS = ("committee", "organs")
"""Phrases a district leaves as written: its streets keep their 街道党工委 and 街道机关."""


def kind_choices() -> str:
    """Return the kinds for help texts and messages: ``街道、镇、乡、区``."""
    return "、".join(k.value for k in OfficeKind)


@dataclass(frozen=True, slots=True)
class OfficeIdentity:
    """Who the office is, as the clerk set it (empty strings while not set).

    Attributes:
        kind: 街道, 镇, 乡 or 区.
        name: The office's own name, such as 和平街道 or 青山镇.
        issuer: The 发文机关 signing documents; empty means the committee's usual name.
        contact: The contact line printed under documents (联系人和电话).
    """

    kind: OfficeKind = OfficeKind.STREET
    name: str = ""
    issuer: str = ""
    contact: str = ""

    @property
    def is_set(self) -> bool:
        """Tell whether the office has been named (documents can be signed)."""
        return bool(self.name or self.issuer)

    @property
    def wording(self) -> Wording:
        """Return the phrases of this kind of office."""
        return WORDING[self.kind]

    @property
    def committee_name(self) -> str:
        """Return the committee's usual name (幸福街道党工委, 青山镇党委), or "" while unset."""
        if not self.name:
            return self.issuer
        if self.name.endswith(("党工委", "党委", "区委")):
            return self.name
        suffix = self.wording.committee.removeprefix(self.kind.value)
        if self.name.endswith(self.kind.value):
            return self.name + suffix
        return self.name + self.wording.committee

    @property
    def signer(self) -> str:
        """Return the 发文机关 for signatures, or the visible :data:`UNSET_ISSUER`."""
        return self.issuer or self.committee_name or UNSET_ISSUER

    @property
    def heading(self) -> str:
        """Return the name heading titles (幸福街道党工委…名录), or "" while unset."""
        return self.committee_name

    def localise(self, text: str) -> str:
        """Return ``text`` with another kind's committee wording put in this kind's.

        ``报街道组织科备案`` reads ``报镇党委组织办备案`` in a town and ``报区委组织部备案``
        in a district; the office's own wording is left as it is. A district's phrases are
        never put into a street's or town's words (a street's text that names the
        区委组织部 means the district above it), and a district keeps the streets'
        committees and organs as written (:data:`DISTRICT_KEEPS`).
        """
        own = self.wording
        for kind, other in WORDING.items():
            if kind is self.kind or kind is OfficeKind.DISTRICT:
                continue
            for field, phrase in other.pairs():
                if self.kind is OfficeKind.DISTRICT and field in DISTRICT_KEEPS:
                    continue
                if phrase in text and getattr(own, field) != phrase:
                    text = text.replace(phrase, getattr(own, field))
        return text
