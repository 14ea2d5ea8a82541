"""Demo brands registered and walked through their life cycle by BrandService, and a logo."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import partial

from brandoffice.demo.brand_texts import ALL_BRANDS, COMMUNITY_BRAND, BrandSpec, Step
from brandoffice.demo.orgs import Roster
from brandoffice.demo.schedule import StoryDates, Timeline
from brandoffice.services.attachments import store_attachment
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.rows import CarrierRow

RED = (200, 16, 46)
GOLD = (255, 204, 0)


def logo_png(size: int = 160) -> bytes:
    """Draw the 幸福驿站 logo (a gold house with a red heart on red) as PNG bytes."""
    from PIL import Image, ImageDraw  # only the demo needs Pillow

    image = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return (x * size, y * size)

    draw.rounded_rectangle((*at(0.03, 0.03), *at(0.97, 0.97)), radius=size // 6, fill=RED)
    draw.polygon([at(0.16, 0.50), at(0.50, 0.18), at(0.84, 0.50)], fill=GOLD)
    draw.rectangle((*at(0.27, 0.49), *at(0.73, 0.82)), fill=GOLD)
    for cx in (0.44, 0.56):
        draw.ellipse((*at(cx - 0.07, 0.53), *at(cx + 0.07, 0.67)), fill=RED)
    draw.polygon([at(0.375, 0.62), at(0.625, 0.62), at(0.50, 0.77)], fill=RED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def schedule_brands(
    ctx: AppContext,
    timeline: Timeline,
    roster: Roster,
    brand_ids: dict[str, int],
    specs: Sequence[BrandSpec] = ALL_BRANDS,
) -> None:
    """Put every brand's registration and later steps on the timeline."""
    service = BrandService(ctx)
    dates = timeline.dates
    for spec in specs:
        register = partial(
            _register, service, spec, roster, brand_ids, dates.year(spec.registered.year)
        )
        timeline.at(spec.registered, register)
        if spec is COMMUNITY_BRAND:
            timeline.at(spec.registered, partial(_logo, ctx, service, brand_ids, spec.name))
        for step in spec.steps:
            timeline.at(step.on, partial(_step, service, brand_ids, spec.name, step, dates))


def _text(spec: BrandSpec, key: str) -> str | None:
    value = spec.fields.get(key)
    return value if isinstance(value, str) else None


def _register(
    service: BrandService, spec: BrandSpec, roster: Roster, brand_ids: dict[str, int], year: int
) -> None:
    items = spec.fields.get("service_items", [])
    draft = BrandDraft(
        org_id=roster.org_ids[spec.org],
        name=spec.name,
        year=year,
        logo_text=_text(spec, "logo_text"),
        theme=_text(spec, "theme"),
        slogan=_text(spec, "slogan"),
        connotation=_text(spec, "connotation"),
        concept=_text(spec, "concept"),
        role_played=_text(spec, "role_played"),
        service_site=_text(spec, "service_site"),
        service_items=list(items) if isinstance(items, list) else [],
        objectives=_text(spec, "objectives"),
        measures=_text(spec, "measures"),
        carriers=[CarrierRow(name, text) for name, text in spec.carriers],
    )
    brand_ids[spec.name] = service.create(draft).id


def _logo(ctx: AppContext, service: BrandService, brand_ids: dict[str, int], name: str) -> None:
    with ctx.db.write.begin() as s:
        attachment_id = store_attachment(s, logo_png(), "image/png")
    service.set_logo(brand_ids[name], attachment_id)


def _step(
    service: BrandService, brand_ids: dict[str, int], name: str, step: Step, dates: StoryDates
) -> None:
    brand_id = brand_ids[name]
    on = service.ctx.today()  # the step's own day, moved to the build day
    if step.action == "transition":
        service.transition(
            brand_id,
            step.value,
            on=on,
            note=step.note,
            level=step.level,
            naming_body=step.body,
            exception=step.exception,
        )
    elif step.action == "inspect":
        service.inspect(
            brand_id,
            dates.year(step.on.year),
            step.value,
            on=on,
            score=step.score,
            inspector=step.body,
            note=step.note,
        )
    else:
        service.add_year_plan(brand_id, dates.year(step.on.year), step.value, step.note)
