"""Backups killed at random moments leave no plaintext ``.part`` copy once the program starts again."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.backup import copy_database, part_path
from brandoffice.safety.backups import clean_interrupted_backups
from brandoffice.safety.opening import open_database
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from tests.databases import build_template

ROOT = Path(__file__).resolve().parents[3]
ROUNDS = 25
# Back up in a loop so a kill lands in the copy, the check or the rename at random.
LOOP = (
    "import sys\n"
    "from brandoffice.app import open_context\n"
    "from brandoffice.safety.backups import take_backup\n"
    "ctx = open_context(sys.argv[1])\n"
    "take_backup(ctx, 'manual')\n"  # loads the services: later ones are all copying
    "print('ready', flush=True)\n"
    "while True:\n"
    "    take_backup(ctx, 'manual')\n"
)


def _parts(db: Path) -> list[Path]:
    folder = db.parent / "backups"
    return [p for p in folder.iterdir() if ".part" in p.name] if folder.is_dir() else []


@pytest.fixture(scope="session")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of 3000 audit entries (a backup of it takes a while), built once per session."""

    def fill(ctx: AppContext) -> None:
        with ctx.db.write.begin() as s:
            for n in range(3000):
                audit.record(s, ctx, "测试", object_name=f"条目{n}", detail="x" * 200)

    return build_template(tmp_path_factory.mktemp("big") / "big.sqlite3", fill)[0]


@pytest.fixture
def big_db(big_template: Path, db_path: Path) -> Path:
    """The test's own copy of the big database, opened once (in WAL mode) as before."""
    open_context(str(copy_database(big_template, db_path))).db.dispose()
    return db_path


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.slow
def test_killed_backups_leave_nothing_once_the_command_line_starts(big_db: Path) -> None:
    rng = random.Random(14)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    left = 0
    for _ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-c", LOOP, str(big_db)], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        left += bool(_parts(big_db))
    assert left > 0  # the kills did leave copies behind (else this proves nothing)
    done = subprocess.run(
        [sys.executable, "-m", "brandoffice", "--db", str(big_db), "backup", "--list"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _parts(big_db) == []


def test_the_window_cleans_up_at_start(big_db: Path) -> None:
    folder = big_db.parent / "backups"
    folder.mkdir(exist_ok=True)
    dead = folder / "brandoffice-20260101-000000-000000-manual.sqlite3.999999999.part"
    dead.write_bytes(b"copy")
    (folder / (dead.name + "-journal")).write_bytes(b"journal")
    legacy = folder / "brandoffice-20260101-000000-000000-auto.sqlite3.part"
    legacy.write_bytes(b"copy")
    restore = big_db.with_name(big_db.name + ".999999999.part")
    restore.write_bytes(b"copy")
    opened = open_database(str(big_db))
    try:
        assert _parts(big_db) == [] and not restore.exists()
    finally:
        opened.close()


def test_a_backup_under_way_in_another_process_is_kept(big_db: Path) -> None:
    folder = big_db.parent / "backups"
    folder.mkdir(exist_ok=True)
    mine = part_path(folder / "brandoffice-20260101-000000-000000-manual.sqlite3")
    mine.write_bytes(b"copy")  # this process is alive: a copy being written
    assert clean_interrupted_backups(big_db) == []
    assert mine.exists()
