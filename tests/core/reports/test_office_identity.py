"""Documents of a fresh database carry only the office's own identity, in its own wording."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from brandoffice.office import UNSET_ISSUER, OfficeIdentity, OfficeKind
from brandoffice.reports.forms import write_brand_forms
from brandoffice.reports.kinds import REPORT_KINDS, write_report
from brandoffice.reports.options import ReportOptions
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.reviews import ReviewService
from brandoffice.services.settings import set_office_identity
from brandoffice.services.template_campaigns import create_from_template

DEMO_WORDS = ("幸福街道", "幸福驿站", "演示")


def xml_text(path: Path) -> str:
    """Return the text of every part of a Word file (body, headers, footers)."""
    with zipfile.ZipFile(path) as docx:
        parts = [docx.read(n).decode("utf-8") for n in docx.namelist() if n.endswith(".xml")]
    return "".join(re.sub(r"<[^>]+>", "", part) for part in parts)


def fresh_office(ctx: AppContext, root_name: str, root_kind: str) -> None:
    """One top unit with one community and a brand, a campaign and a review round."""
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name=root_name, kind=root_kind, level="街道乡镇"))
    unit = orgs.create(
        OrgDraft(name="红旗社区党委", kind="党委", level="村社区", parent_id=root.id, sector="社区")
    )
    BrandService(ctx).create(BrandDraft(org_id=unit.id, name="红旗连心桥", year=2026))
    create_from_template(ctx, "seed000_street", "2026年党建品牌创建", 2026, root.id)
    ReviewService(ctx).create_round("2026年品牌评审", ctx.today(), "品牌")


def every_document(ctx: AppContext, folder: Path) -> dict[str, str]:
    """Write every report kind and the registration form; return name → text."""
    texts: dict[str, str] = {}
    options = ReportOptions(year=2026)
    for key in REPORT_KINDS:
        texts[key] = xml_text(write_report(ctx, key, folder / f"{key}.docx", options))
    brand = BrandService(ctx).by_name("红旗连心桥")
    (form,) = write_brand_forms(ctx, [brand.id], folder / "form.docx", one_file=True)
    texts["form"] = xml_text(form)
    return texts


def test_a_fresh_database_signs_with_a_visible_placeholder_and_no_demo_text(
    ctx: AppContext, tmp_path: Path
) -> None:
    fresh_office(ctx, "红旗街道党工委", "党工委")
    texts = every_document(ctx, tmp_path)
    assert len(texts) == len(REPORT_KINDS) + 1
    for key, text in texts.items():
        assert not [w for w in DEMO_WORDS if w in text], key
        assert UNSET_ISSUER in text, key


def test_a_town_office_signs_with_its_committee_and_reads_town_wording(
    ctx: AppContext, tmp_path: Path
) -> None:
    set_office_identity(
        ctx, OfficeIdentity(OfficeKind.TOWN, "青山镇", contact="党建办 张明 0431-1234567")
    )
    fresh_office(ctx, "青山镇党委", "党委")
    (campaign,) = CampaignService(ctx).campaigns()
    tasks = [t.name for t in CampaignService(ctx).tasks(campaign.id)]
    notes = " ".join(t.evidence_note or "" for t in CampaignService(ctx).tasks(campaign.id))
    assert "制定实施方案并报镇党委组织办备案" in tasks
    assert "镇党委品牌命名决定" in notes and "街道" not in " ".join(tasks) + notes
    texts = every_document(ctx, tmp_path)
    for key, text in texts.items():
        assert "青山镇党委" in text and UNSET_ISSUER not in text, key
        assert "街道党工委" not in text and "幸福街道" not in text, key
    assert "联系方式：党建办 张明 0431-1234567" in texts["directory"]


@pytest.mark.parametrize(
    ("identity", "signer", "committee"),
    [
        (OfficeIdentity(), UNSET_ISSUER, "街道党工委"),
        (OfficeIdentity(OfficeKind.STREET, "和平街道"), "和平街道党工委", "街道党工委"),
        (OfficeIdentity(OfficeKind.TOWN, "青山镇"), "青山镇党委", "镇党委"),
        (OfficeIdentity(OfficeKind.TOWNSHIP, "柳河"), "柳河乡党委", "乡党委"),
        (
            OfficeIdentity(OfficeKind.TOWN, "青山镇", "中共青山镇委员会"),
            "中共青山镇委员会",
            "镇党委",
        ),
    ],
)
def test_signer_and_wording_follow_the_kind(
    identity: OfficeIdentity, signer: str, committee: str
) -> None:
    assert identity.signer == signer and identity.wording.committee == committee


def test_localise_moves_street_wording_to_a_town_and_back() -> None:
    town = OfficeIdentity(OfficeKind.TOWN, "青山镇")
    street = OfficeIdentity(OfficeKind.STREET, "和平街道")
    assert town.localise("报街道组织科备案") == "报镇党委组织办备案"
    assert town.localise("街道党工委品牌命名决定，全街道推广") == "镇党委品牌命名决定，全镇推广"
    assert street.localise("报镇党委组织办备案，镇党委审批") == "报街道组织科备案，街道党工委审批"
    assert street.localise("报街道组织科备案") == "报街道组织科备案"


def test_a_district_is_the_organisation_department_with_district_wording() -> None:
    district = OfficeIdentity(OfficeKind.DISTRICT, "安和区", "中共安和区委组织部")
    assert district.committee_name == "安和区委" and district.signer == "中共安和区委组织部"
    assert OfficeIdentity(OfficeKind.DISTRICT, "安和区委").committee_name == "安和区委"
    assert (district.wording.section, district.wording.whole) == ("区委组织部", "全区")
    assert district.localise("报街道组织科备案，全街道推广") == "报区委组织部备案，全区推广"
    # The streets under a district keep their own committees and organs.
    assert district.localise("街道党工委组织街道机关党员") == "街道党工委组织街道机关党员"
    assert district.localise("报镇党委组织办备案") == "报区委组织部备案"


def test_a_street_or_town_never_reads_the_district_above_as_its_own() -> None:
    street = OfficeIdentity(OfficeKind.STREET, "和平街道")
    town = OfficeIdentity(OfficeKind.TOWN, "青山镇")
    text = "区级品牌由区委组织部命名，全区推广"
    assert street.localise(text) == text and town.localise(text) == text
