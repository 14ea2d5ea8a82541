"""The after-suite scan finds unmasked ID numbers where it should, and only there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from brandoffice.excel import export_kind
from brandoffice.idcard import make_id_number, mask_id_number
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.scan_personal_data import findings


def test_scan_flags_logs_and_masked_exports_but_not_revealed_ones(
    ctx: AppContext, tmp_path: Path
) -> None:
    number = make_id_number("110105", dt.date(1980, 5, 1), 123)
    out = tmp_path / "scan"
    out.mkdir()
    (out / "app.log").write_text(f"saved member {mask_id_number(number)}", encoding="utf-8")
    assert findings(out) == []
    (out / "other.log").write_text(f"oops {number} leaked", encoding="utf-8")
    assert [f.split(":")[0] for f in findings(out)] == ["other.log"]
    (out / "other.log").unlink()

    org = OrgService(ctx).create(OrgDraft(name="甲社区党委", kind="党委", level="村社区"))
    MemberService(ctx).create(
        MemberDraft(org_id=org.id, name="张三", category="在职党员", id_number=number)
    )
    export_kind(ctx, "members", out / "masked.xlsx")
    export_kind(ctx, "members", out / "asked.xlsx", reveal=True)
    assert findings(out) == []  # the masked export is masked; the revealed one was asked for
    masked = (out / "masked.xlsx").read_bytes()
    (out / "asked.xlsx").unlink()
    revealed_as_masked = out / "mislabelled.xlsx"
    export_kind(ctx, "members", revealed_as_masked, reveal=True)
    data = revealed_as_masked.read_bytes()
    assert b"BrandOffice:revealed" not in masked
    # A workbook that claims to be masked but holds a full number is caught.
    import zipfile

    with zipfile.ZipFile(revealed_as_masked) as src, zipfile.ZipFile(out / "bad.xlsx", "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = content.replace(b"BrandOffice:revealed", b"BrandOffice:masked")
            dst.writestr(info, content)
    revealed_as_masked.unlink()
    assert data and [f.split(":")[0] for f in findings(out)] == ["bad.xlsx"]
    (out / "bad.xlsx").unlink()  # the after-suite scan would rightly flag it
