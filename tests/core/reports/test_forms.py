"""Registration forms of every demo brand: one page each, every field's value on it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select

from brandoffice.cli.main import main
from brandoffice.model import AuditEntry
from brandoffice.reports.forms import form_data, write_brand_forms
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService


def _start(text: str, n: int = 8) -> str:
    return re.sub(r"\s+", "", text)[:n]


def test_every_demo_brand_form_is_one_page_with_its_fields(
    demo_ctx: AppContext, tmp_path: Path, to_pdf: Callable[[Sequence[Path]], list[object]]
) -> None:
    brands = BrandService(demo_ctx).all_rows()
    assert len(brands) >= 8
    written = write_brand_forms(
        demo_ctx, [b.id for b in brands], tmp_path / "forms", one_file=False
    )
    files = written.paths
    assert len(files) == len(brands)
    pdfs = to_pdf(files)
    for brand, pdf, check in zip(brands, pdfs, written.checks, strict=True):
        # The form is one page; only a form with a field on the 续页 has more.
        first = pdf.compact(1)  # type: ignore[attr-defined]
        assert "上级党组织意见" in first and first.count("（盖章）") == 2, brand.name
        assert (pdf.pages == 1) == (not check.overflow), brand.name  # type: ignore[attr-defined]
        text = pdf.compact()  # type: ignore[attr-defined]
        data = form_data(demo_ctx, brand.id)
        for label, value in (
            ("单位", data.unit_name),
            ("书记", data.secretary),
            ("品牌", data.brand_name),
            ("主题", data.theme),
            ("口号", data.slogan),
            ("内涵", data.connotation),
            ("理念", data.concept),
            ("措施", data.measures),
        ):
            if value:
                assert _start(value) in text, (brand.name, label)
        for name, _ in data.carriers:
            assert _start(name, 6) in text, (brand.name, name)
        for item in data.service_items[:3]:
            assert _start(item, 4) in text, (brand.name, item)
        assert "*" in data.phone or not data.phone  # masked unless asked
        assert "申报单位意见" in text and "上级党组织意见" in text


def test_form_from_the_command_line(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "幸福驿站.docx"
    assert (
        main(["--db", demo_ctx.db.url, "report", "form", "--brand", "幸福驿站", "--out", str(out)])
        == 0
    )
    assert out.stat().st_size > 5000
    assert (
        main(
            [
                "--db",
                demo_ctx.db.url,
                "report",
                "form",
                "--brand",
                "不存在的品牌",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "找不到品牌" in capsys.readouterr().err


def test_application_year_is_the_year_of_the_application_step(demo_ctx: AppContext) -> None:
    service = BrandService(demo_ctx)
    seen_differing = False
    for brand in service.all_rows():
        applied = [h.changed_on.year for h in service.history(brand.id) if h.to_status == "申报"]
        expected = applied[-1] if applied else demo_ctx.today().year
        assert form_data(demo_ctx, brand.id).year == expected, brand.name
        seen_differing |= bool(applied) and applied[-1] != brand.year
    # The demo has brands registered one year and applying the next: not the creation year.
    assert seen_differing


def test_form_phone_in_full_only_when_asked_and_audited(
    demo_ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brand = BrandService(demo_ctx).by_name("幸福驿站")
    phone = OrgService(demo_ctx).get(brand.org_id).phone
    assert phone and len(phone) >= 7
    masked, full = tmp_path / "masked.docx", tmp_path / "full.docx"
    base = ["--db", demo_ctx.db.url, "report", "form", "--brand", "幸福驿站", "--out"]
    assert main([*base, str(masked)]) == 0
    assert main([*base, str(full), "--reveal", "--fonts", "windows"]) == 0
    err = capsys.readouterr().err
    assert phone not in docx_text(masked) and phone in docx_text(full)
    assert "字体：按设置使用Windows 自带字体" in err
    # 幸福驿站 has more carriers than its box holds: the clerk hears it before printing.
    assert "打印前请注意：幸福驿站：创建载体" in err and "全文接续在续页" in err
    with demo_ctx.db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["打印登记表", "打印登记表（含完整电话）"]


def test_every_carrier_is_on_the_form(demo_ctx: AppContext, tmp_path: Path) -> None:
    brand = BrandService(demo_ctx).by_name("幸福驿站")
    carriers = BrandService(demo_ctx).carriers(brand.id)
    assert len(carriers) >= 3
    written = write_brand_forms(demo_ctx, [brand.id], tmp_path / "f.docx", one_file=True)
    text = docx_text(written.paths[0])
    for carrier in carriers:
        assert carrier.name in text and (carrier.description or "") in text


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
