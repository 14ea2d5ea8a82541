"""A campaign made from a template: dated for its year, deadlines on working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from sqlalchemy import select

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import ValidationError
from brandoffice.model import Organisation
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.deadlines import MovedDeadline, moved_to_workday
from brandoffice.services.rows import CampaignRow
from brandoffice.services.settings import office_identity
from brandoffice.services.templates import TemplatePhase, load_template, localised


@dataclass(frozen=True, slots=True)
class TemplateCampaign:
    """A campaign created from a template, and the deadlines moved off rest days."""

    campaign: CampaignRow
    moved: tuple[MovedDeadline, ...] = ()

    def message(self) -> str:
        """Return what the clerk is told after creating it."""
        if not self.moved:
            return f"已按模板建立“{self.campaign.name}”，各项截止日期均为工作日。"
        lines = "\n".join(m.text() for m in self.moved)
        return (
            f"已按模板建立“{self.campaign.name}”。以下 {len(self.moved)} 项任务的截止日期"
            f"落在休息日，已调整到工作日：\n{lines}"
        )


def _dated(
    phase: TemplatePhase, year: int, offset: dt.timedelta, moved: list[MovedDeadline]
) -> tuple[TemplatePhase, dt.date, dt.date, list[dt.date]]:
    """Date a phase for ``year``; deadlines on rest days move to a working day inside it.

    The next working day, or the phase's last working day when the next is past its end.
    """
    start, end = phase.start.on(year) + offset, phase.end.on(year) + offset
    dues = []
    for task in phase.tasks:
        due = task.due.on(year) + offset
        change = moved_to_workday(task.name, due, end)
        if change is not None:
            moved.append(change)
        dues.append(change.now if change else due)
    return phase, start, end, dues


@retry_conflicts
def create_campaign_from_template(
    ctx: AppContext,
    key: str,
    name: str,
    year: int,
    scope_org_id: int | None,
    *,
    folder: Traversable | None = None,
    offset_days: int = 0,
    organiser_takes_part: bool = False,
) -> TemplateCampaign:
    """Create a campaign with the template's phases and tasks dated for ``year``.

    Texts follow the office's kind (a town reads 镇党委 where a street template says
    街道党工委). A deadline that falls on a rest day (holiday data, else 按周末估算)
    moves to the next working day (the phase's last working day when the next one is
    past the phase's end); the result lists them. Every date is worked out and checked before anything is written, and the
    campaign, its phases and tasks are written in one transaction, so a bad template,
    year or task leaves the database untouched.

    Args:
        ctx: The service context.
        key: The template key (file name without ``.json``).
        name: The new campaign's name (unique).
        year: The campaign year the template's month-day dates refer to.
        scope_org_id: The unit whose subtree takes part (None for all units).
        folder: Where templates are read from; the shipped ones by default.
        offset_days: Days added to every date (the demo moves its campaign to its day).
        organiser_takes_part: The scope unit itself takes part in every task.

    Raises:
        TemplateError: The template cannot be read.
        ValidationError: The year, name or scope unit is not acceptable.
    """
    template = localised(load_template(key, folder), office_identity(ctx))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(f"活动年度“{year}”无效，应在2000至2100之间", "year")
    offset = dt.timedelta(days=offset_days)
    moved: list[MovedDeadline] = []
    dated = [_dated(phase, year, offset, moved) for phase in template.phases]
    if scope_org_id is not None:
        with ctx.db.read() as s:
            found = s.scalar(select(Organisation.id).where(Organisation.id == scope_org_id))
        if found is None:
            raise ValidationError(f"参加范围的组织（编号 {scope_org_id}）不存在", "scope_org_id")
    service = CampaignService(ctx)
    with ctx.db.write.begin() as s:  # one transaction: a failure leaves no half campaign
        campaign_id = service.create_campaign_in(
            s,
            name,
            year,
            scope_org_id=scope_org_id,
            start_on=min(d[1] for d in dated),
            end_on=max(d[2] for d in dated),
            template=key,
            description=template.description or None,
            organiser_takes_part=organiser_takes_part,
        )
        for phase, start_on, end_on, dues in dated:
            phase_id = service.add_phase_in(
                s, campaign_id, phase.name, start_on, end_on, phase.description
            )
            for task, due_on in zip(phase.tasks, dues, strict=True):
                service.add_task_in(
                    s,
                    TaskDraft(
                        phase_id=phase_id,
                        name=task.name,
                        due_on=due_on,
                        scope=task.scope,
                        scope_values=list(task.scope_values),
                        evidence_kind=task.evidence_kind,
                        evidence_note=task.evidence_note,
                        target_count=task.target_count,
                        weight=task.weight,
                        description=task.description,
                        record_kind=task.record_kind,
                        organiser_takes_part=task.organiser_takes_part,
                    ),
                )
    return TemplateCampaign(service.campaign(campaign_id), tuple(moved))


def create_from_template(
    ctx: AppContext,
    key: str,
    name: str,
    year: int,
    scope_org_id: int | None,
    *,
    folder: Traversable | None = None,
    offset_days: int = 0,
) -> CampaignRow:
    """Create a campaign from a template and return it (see :func:`create_campaign_from_template`)."""
    return create_campaign_from_template(
        ctx, key, name, year, scope_org_id, folder=folder, offset_days=offset_days
    ).campaign
