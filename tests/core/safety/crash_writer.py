"""Crash-test helper: fork writers doing edits and imports, SIGKILL them at random moments.

Run as ``python crash_writer.py DB LOG ROUNDS SEED MIN_MS MAX_MS``. The forked
writer appends ``member ID``, ``org ID VERSION`` or ``batch ID ROWS`` to LOG only
after the transaction committed. After every kill the parent runs
``integrity_check`` (which also replays the WAL like the next start would) and
prints one JSON summary line at the end; exit status 1 means a check failed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import sys
import time
import traceback

from sqlalchemy import insert

from brandoffice.db.engine import Database
from brandoffice.model import ImportBatch, Member, table_of
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService

BATCH_ROWS = 25


def write(ctx: AppContext, log_path: str, seed: int, count: int | None = None) -> None:
    """Edit members and units, and import batches, ``count`` times or until killed."""
    orgs, members = OrgService(ctx), MemberService(ctx)
    org_ids = [r.id for r in orgs.all_rows()]
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    rng = random.Random(seed)
    n = 0
    while count is None or n < count:
        n += 1
        choice = rng.random() if count is None else (n % 3) / 3
        if choice < 0.4:
            draft = MemberDraft(
                org_id=rng.choice(org_ids), name=f"党员{seed}-{n}", category="在职党员"
            )
            line = f"member {members.create(draft).id}\n"
        elif choice < 0.7:
            org_id = rng.choice(org_ids)
            row = orgs.get(org_id)
            draft = OrgDraft(
                name=row.name,
                kind=row.kind,
                level=row.level,
                parent_id=row.parent_id,
                note=f"第{seed}轮第{n}次修改",
            )
            line = f"org {org_id} {orgs.update(org_id, row.version, draft).version}\n"
        else:
            # An import: the batch and all its rows in one transaction.
            with ctx.db.write.begin() as s:
                batch = ImportBatch(
                    kind="members", filename=f"名册{seed}-{n}.xlsx", inserted=BATCH_ROWS
                )
                s.add(batch)
                s.flush()
                rows = [
                    {
                        "org_id": rng.choice(org_ids),
                        "name": f"导入{seed}-{n}-{i}",
                        "category": "在职党员",
                        "import_batch_id": batch.id,
                    }
                    for i in range(BATCH_ROWS)
                ]
                s.execute(insert(table_of(Member)), rows)
                audit.record(s, ctx, "导入", object_type="党员", object_name=batch.filename)
                batch_id = batch.id
            line = f"batch {batch_id} {BATCH_ROWS}\n"
        os.write(log, line.encode())
    os.close(log)


def integrity(path: str) -> str:
    """Open the database as the next start would (replaying the WAL) and check it."""
    con = sqlite3.connect(path)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def main() -> int:
    """Fork, wait a random moment, SIGKILL, check; repeat."""
    db, log, rounds, seed, low, high = sys.argv[1:7]
    url = f"sqlite:///{db}"
    rng = random.Random(int(seed))
    summary = {"rounds": 0, "killed": 0, "bad_exits": 0, "integrity_failures": 0}
    started = time.monotonic()
    # Warm up imports and SQLAlchemy's statement cache once, so that each forked
    # writer starts writing within milliseconds; no connection stays open.
    ctx = AppContext(db=Database(url))
    write(ctx, log, int(seed), count=6)
    ctx.db.dispose()
    for round_no in range(int(rounds)):
        pid = os.fork()
        if pid == 0:  # the writer
            try:
                write(ctx, log, int(seed) * 100_000 + round_no)
            except BaseException:
                traceback.print_exc()
                os._exit(2)
        time.sleep(rng.uniform(int(low), int(high)) / 1000)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        summary["rounds"] += 1
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            summary["killed"] += 1
        else:
            summary["bad_exits"] += 1
        result = integrity(db)
        if result != "ok":
            summary["integrity_failures"] += 1
            print(f"round {round_no}: integrity_check: {result}", file=sys.stderr)
    summary["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(summary))
    return 0 if summary["bad_exits"] == summary["integrity_failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
