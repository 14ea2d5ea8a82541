"""Importing a sheet: read, check every row, then write all of it in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from brandoffice.errors import ImportRejected, KnownError, StorageError
from brandoffice.excel import (
    brands_sheet,
    members_sheet,
    orgs_sheet,
    progress_sheet,
    tasks_sheet,
)
from brandoffice.excel.batch import BatchLog, ImportSummary, StaleImportError
from brandoffice.excel.column_report import column_notes, kept_columns
from brandoffice.excel.columns import spec_for
from brandoffice.excel.reader import read_sheet
from brandoffice.excel.record_kinds import RECORD_HANDLERS
from brandoffice.excel.rowcheck import Job, Progress, Ticker, check_cells, paused_gc, release
from brandoffice.maintenance import backup
from brandoffice.model import ImportBatch
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.record_tasks import BY_KIND, settle_records

Planner = Callable[[Session, AppContext, Job], Any]
Applier = Callable[[Session, Any, BatchLog, Job, AppContext], None]
FILENAME_MAX = 500


HANDLERS: dict[str, tuple[Planner, Applier]] = {
    "orgs": (orgs_sheet.plan, orgs_sheet.apply),
    "members": (members_sheet.plan, members_sheet.apply),
    "brands": (brands_sheet.plan, brands_sheet.apply),
    "tasks": (tasks_sheet.plan, tasks_sheet.apply),
    "progress": (progress_sheet.plan, progress_sheet.apply),
    **RECORD_HANDLERS,
}


def import_kind(
    ctx: AppContext, kind: str, path: Path, *, progress: Progress | None = None
) -> ImportSummary:
    """Import a filled template: every row or none.

    Every row is checked before anything is written. When all pass, a verified backup
    is taken (SQLite), then one write transaction adds the new records, updates the
    existing ones (keeping their previous values in an :class:`ImportBatch` so that
    :func:`undo_last_import` can reverse it) and records the import in the audit log.

    Args:
        ctx: The services' context.
        kind: One of :data:`brandoffice.excel.EXCEL_KINDS`.
        path: The .xlsx file.
        progress: Called as ``progress(done, total)`` while checking and writing.

    Returns:
        How many records were added and updated, and the batch number.

    Raises:
        ImportRejected: Some cells are wrong; ``problems`` names the first ones. The
            database is unchanged.
        KnownError: The file cannot be read (not an .xlsx, too large, damaged, no
            header row) or the data changed while importing; the database is unchanged.
    """
    spec = spec_for(kind)
    path = Path(path)
    with paused_gc():
        sheet = read_sheet(path, spec)
        missing = [c for c in spec.columns if c.required and c not in sheet.present]
        if missing:
            raise ImportRejected(sheet.problems)  # every row would repeat the same complaint
        if not sheet.rows:
            raise KnownError(f"“{path.name}”的“{spec.label}”表中没有数据行")
        ticker = Ticker(progress, 3 * len(sheet.rows))
        rows, problems = check_cells(sheet, spec, ticker)
        present = frozenset(c.field for c in kept_columns(sheet.present))
        job = Job(rows, problems, present, ticker)
        planner, applier = HANDLERS[kind]
        with ctx.db.read() as s:
            plan = planner(s, ctx, job)
    if job.problems:
        raise job.problems.rejected()
    notes = (*column_notes(sheet.present), *job.notes)
    if plan.size == 0:
        summary = ImportSummary(kind, 0, 0, None, notes=notes)
        with ctx.db.write.begin() as s:
            audit.record(
                s, ctx, "导入", object_type=spec.label, object_name=path.name, detail=str(summary)
            )
        ticker.finish()
        return summary
    if ctx.db.is_sqlite and ctx.db.path is not None:
        backup(ctx, reason="before-import")
    try:
        with paused_gc(), ctx.db.write.begin() as s:
            batch = ImportBatch(
                kind=kind, filename=_filename(path), inserted=0, updated=0, before_images=[]
            )
            s.add(batch)
            s.flush()
            log = BatchLog(batch.id)
            applier(s, plan, log, job, ctx)
            if kind in BY_KIND or kind == "progress":  # tied tasks follow the records
                completed = settle_records(
                    s, ctx.today(), kinds=[kind] if kind in BY_KIND else None
                )
                if completed:
                    log.extra.append(f"{completed} 项任务进度随记录更新")
            summary = ImportSummary(
                kind,
                log.inserted,
                log.updated,
                batch.id,
                "；".join(e for e in log.extra if e),
                notes,
            )
            batch.inserted, batch.updated = log.inserted, log.updated
            batch.before_images = log.images
            audit.record(
                s,
                ctx,
                "导入",
                object_type=spec.label,
                object_id=batch.id,
                object_name=path.name,
                detail=str(summary),
            )
    except IntegrityError as exc:
        raise StaleImportError() from exc
    except OperationalError as exc:
        raise StorageError(f"写入数据库失败，本次导入已全部取消：{exc.orig}") from exc
    release(sheet, job, plan, log)
    ticker.finish()
    return summary


def _filename(path: Path) -> str:
    text = str(path)
    return text if len(text) <= FILENAME_MAX else "…" + text[-(FILENAME_MAX - 1) :]
