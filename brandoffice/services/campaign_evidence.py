"""Progress cells re-read after a write, and evidence files stored by content hash."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, select

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model import (
    Attachment,
    Brand,
    Phase,
    ProgressEvidence,
    Task,
    TaskProgress,
    table_of,
)
from brandoffice.services import audit, validate
from brandoffice.services.attachments import store_attachment
from brandoffice.services.campaigns import shown_status
from brandoffice.services.context import AppContext
from brandoffice.services.rows import ProgressRow

PHASE, TASK, PROGRESS = table_of(Phase), table_of(Task), table_of(TaskProgress)
EVIDENCE, ATTACHMENT, BRAND = table_of(ProgressEvidence), table_of(Attachment), table_of(Brand)

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused: the database is not a file server."""


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """An evidence file of a unit's task progress."""

    id: int
    progress_id: int
    attachment_id: int
    filename: str
    size: int
    mime: str | None
    sha256: str


# -- progress ------------------------------------------------------------------
def progress_cells(ctx: AppContext, cells: list[tuple[int, int]]) -> list[ProgressRow]:
    """Return the progress rows of the given (task_id, org_id) cells, re-read after a write."""
    wanted = set(cells)
    today = ctx.today()
    by_task: dict[int, set[int]] = {}
    for task_id, org_id in wanted:
        by_task.setdefault(task_id, set()).add(org_id)
    out: list[ProgressRow] = []
    with ctx.db.read() as s:
        for task_id, orgs in by_task.items():
            query = select(PROGRESS, TASK.c.due_on).join(TASK, TASK.c.id == PROGRESS.c.task_id)
            query = query.where(PROGRESS.c.task_id == task_id)
            if len(orgs) <= 500:
                query = query.where(PROGRESS.c.org_id.in_(orgs))
            for r in s.execute(query):
                if r.org_id in orgs:
                    out.append(
                        ProgressRow(
                            r.id,
                            r.task_id,
                            r.org_id,
                            r.status,
                            r.done_on,
                            r.count_value,
                            r.note,
                            r.version,
                            shown_status(r.status, r.due_on, today),
                            r.record_evidence,
                        )
                    )
    return out


# -- evidence ------------------------------------------------------------------
@retry_conflicts
def add_evidence(
    ctx: AppContext,
    task_id: int,
    org_id: int,
    filename: str,
    data: bytes,
    mime: str | None = None,
) -> EvidenceRow:
    """Attach a file to a unit's task progress; the content is stored once per SHA-256.

    Raises:
        ValidationError: The unit has no progress row for the task, or the file is too big.
    """
    name = validate.text(filename, "文件名", "filename", max_len=255)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"文件“{name}”超过 {MAX_EVIDENCE_BYTES // 1024 // 1024} MB，请压缩后再添加", "filename"
        )
    mime = mime or mimetypes.guess_type(name)[0]
    with ctx.db.write.begin() as s:
        progress_id = s.scalar(
            select(PROGRESS.c.id).where(
                and_(PROGRESS.c.task_id == task_id, PROGRESS.c.org_id == org_id)
            )
        )
        if progress_id is None:
            raise ValidationError("该单位不承担此任务，不能添加佐证材料", "org_id")
        attachment_id = store_attachment(s, data, mime)
        evidence = ProgressEvidence(
            progress_id=progress_id, attachment_id=attachment_id, filename=name
        )
        s.add(evidence)
        s.flush()
        evidence_id = evidence.id
        audit.record(
            s, ctx, "添加佐证材料", object_type="任务进度", object_id=progress_id, object_name=name
        )
    return next(e for e in evidence_for(ctx, task_id, org_id) if e.id == evidence_id)


def evidence_for(ctx: AppContext, task_id: int, org_id: int) -> list[EvidenceRow]:
    """Return the evidence files of one unit's task, oldest first."""
    query = (
        select(
            EVIDENCE.c.id,
            EVIDENCE.c.progress_id,
            EVIDENCE.c.attachment_id,
            EVIDENCE.c.filename,
            ATTACHMENT.c.size,
            ATTACHMENT.c.mime,
            ATTACHMENT.c.sha256,
        )
        .join(ATTACHMENT, ATTACHMENT.c.id == EVIDENCE.c.attachment_id)
        .join(PROGRESS, PROGRESS.c.id == EVIDENCE.c.progress_id)
        .where(PROGRESS.c.task_id == task_id, PROGRESS.c.org_id == org_id)
        .order_by(EVIDENCE.c.id)
    )
    with ctx.db.read() as s:
        return [EvidenceRow(*r) for r in s.execute(query)]


def evidence_counts(ctx: AppContext, campaign_id: int) -> dict[tuple[int, int], int]:
    """Return ``{(task_id, org_id): number of evidence files}`` of a campaign."""
    query = (
        select(PROGRESS.c.task_id, PROGRESS.c.org_id, func.count(EVIDENCE.c.id))
        .join(PROGRESS, PROGRESS.c.id == EVIDENCE.c.progress_id)
        .join(TASK, TASK.c.id == PROGRESS.c.task_id)
        .join(PHASE, PHASE.c.id == TASK.c.phase_id)
        .where(PHASE.c.campaign_id == campaign_id)
        .group_by(PROGRESS.c.task_id, PROGRESS.c.org_id)
    )
    with ctx.db.read() as s:
        return {(r[0], r[1]): int(r[2]) for r in s.execute(query)}


def evidence_content(ctx: AppContext, evidence_id: int) -> tuple[str, bytes]:
    """Return the file name and content of an evidence file."""
    with ctx.db.read() as s:
        row = s.execute(
            select(EVIDENCE.c.filename, ATTACHMENT.c.content)
            .join(ATTACHMENT, ATTACHMENT.c.id == EVIDENCE.c.attachment_id)
            .where(EVIDENCE.c.id == evidence_id)
        ).first()
    if row is None:
        raise NotFoundError("该佐证材料已被删除")
    return str(row[0]), bytes(row[1])


@retry_conflicts
def remove_evidence(ctx: AppContext, evidence_id: int) -> None:
    """Unlink an evidence file; content no other record uses is deleted too."""
    with ctx.db.write.begin() as s:
        row = s.execute(
            select(EVIDENCE.c.attachment_id, EVIDENCE.c.filename, EVIDENCE.c.progress_id).where(
                EVIDENCE.c.id == evidence_id
            )
        ).first()
        if row is None:
            raise NotFoundError("该佐证材料已被删除")
        s.execute(delete(EVIDENCE).where(EVIDENCE.c.id == evidence_id))
        still_used = s.scalar(
            select(func.count())
            .select_from(EVIDENCE)
            .where(EVIDENCE.c.attachment_id == row.attachment_id)
        )
        # A brand logo may show the same picture; its key is SET NULL, so look first.
        as_logo = s.scalar(
            select(func.count())
            .select_from(BRAND)
            .where(BRAND.c.logo_attachment_id == row.attachment_id)
        )
        if not still_used and not as_logo:
            s.execute(delete(ATTACHMENT).where(ATTACHMENT.c.id == row.attachment_id))
        audit.record(
            s,
            ctx,
            "删除佐证材料",
            object_type="任务进度",
            object_id=row.progress_id,
            object_name=row.filename,
        )
