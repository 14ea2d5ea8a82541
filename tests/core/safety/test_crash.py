"""Crash test: writers killed with SIGKILL mid-edit and mid-import lose nothing committed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from brandoffice.app import open_context
from brandoffice.model import ImportBatch, Member, Organisation
from brandoffice.safety.auditlog import verify_audit_chain
from brandoffice.services.orgs import OrgDraft, OrgService

ROOT = Path(__file__).resolve().parents[3]
WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = int(os.environ.get("BRANDOFFICE_CRASH_ROUNDS", "40"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_sigkill_during_edits_and_imports_loses_no_committed_record(db_path: Path) -> None:
    ctx = open_context(str(db_path))
    root = OrgService(ctx).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    for i in range(5):
        OrgService(ctx).create(
            OrgDraft(name=f"第{i}社区党委", kind="党委", level="村社区", parent_id=root.id)
        )
    ctx.db.dispose()
    log = db_path.with_name("committed.log")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(WRITER), str(db_path), str(log), str(ROUNDS), "7", "50", "400"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60 + ROUNDS * 2,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["killed"] == ROUNDS and summary["integrity_failures"] == 0
    print(f"crash rounds: {summary}")

    lines = [
        line.split() for line in log.read_text().splitlines() if line.endswith(tuple("0123456789"))
    ]
    members = {int(p[1]) for p in lines if p[0] == "member"}
    versions: dict[int, int] = {}
    for p in lines:
        if p[0] == "org":
            versions[int(p[1])] = max(versions.get(int(p[1]), 0), int(p[2]))
    batches = {int(p[1]): int(p[2]) for p in lines if p[0] == "batch"}
    assert members and versions and batches, "the writers committed too little to test"

    ctx = open_context(str(db_path))
    with ctx.db.read() as s:
        present = set(s.scalars(select(Member.id).where(Member.id.in_(members))))
        assert present == members, f"lost committed members: {sorted(members - present)[:10]}"
        now = dict(s.execute(select(Organisation.id, Organisation.version)).all())
        assert all(now[o] >= v for o, v in versions.items()), "a committed edit was lost"
        per_batch = dict(
            s.execute(
                select(ImportBatch.id, func.count(Member.id))
                .outerjoin(Member, Member.import_batch_id == ImportBatch.id)
                .group_by(ImportBatch.id)
            ).all()
        )
        assert set(batches) <= set(per_batch), "a committed import vanished"
        half = {b: n for b, n in per_batch.items() if n != 25}
        assert half == {}, f"imports half applied: {half}"
        assert verify_audit_chain(s) is None
    ctx.db.dispose()
