"""Registration forms of every demo brand: one page each, every field's value on it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from brandoffice.cli.main import main
from brandoffice.reports.forms import form_data, write_brand_forms
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext


def _start(text: str, n: int = 8) -> str:
    return re.sub(r"\s+", "", text)[:n]


def test_every_demo_brand_form_is_one_page_with_its_fields(
    demo_ctx: AppContext, tmp_path: Path, to_pdf: Callable[[Sequence[Path]], list[object]]
) -> None:
    brands = BrandService(demo_ctx).all_rows()
    assert len(brands) >= 8
    files = write_brand_forms(demo_ctx, [b.id for b in brands], tmp_path / "forms", one_file=False)
    assert len(files) == len(brands)
    pdfs = to_pdf(files)
    for brand, pdf in zip(brands, pdfs, strict=True):
        assert pdf.pages == 1, brand.name  # type: ignore[attr-defined]
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
