"""Two-writer helper: read-modify-write increments of one unit's 党员人数 through the services.

Run as ``python increment_writer.py URL ORG_ID COUNT``; prints ``ready``, waits
for a line on stdin, then increments COUNT times, retrying each stale edit, and
prints a JSON line with the counts. Any other exception ends it with status 1.
"""

from __future__ import annotations

import json
import sys
import time

from brandoffice.db.engine import Database, resolve_url
from brandoffice.errors import StaleEditError
from brandoffice.safety.storage import STALE_GENERIC, storage_guard
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService


def main() -> int:
    """Increment, retrying stale edits; report counts."""
    url, org_id, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ctx = AppContext(db=Database(resolve_url(url)), account=f"writer-{count}")
    orgs = OrgService(ctx)
    orgs.get(org_id)
    print("ready", flush=True)
    sys.stdin.readline()
    done = stale = at_flush = 0
    started = time.monotonic()
    while done < count:
        row = orgs.get(org_id)
        draft = OrgDraft(
            name=row.name,
            kind=row.kind,
            level=row.level,
            parent_id=row.parent_id,
            member_count=row.member_count + 1,
        )
        try:
            with storage_guard():
                orgs.update(org_id, row.version, draft)
        except StaleEditError as exc:
            stale += 1
            # The ORM's own version check at flush (PostgreSQL: a commit landed
            # between the service's read and its UPDATE), turned into a stale edit.
            at_flush += str(exc) == STALE_GENERIC
            continue
        done += 1
    seconds = round(time.monotonic() - started, 2)
    print(
        json.dumps({"done": done, "stale": stale, "at_flush": at_flush, "seconds": seconds}),
        flush=True,
    )
    ctx.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
