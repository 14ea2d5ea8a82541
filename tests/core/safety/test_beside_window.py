"""The command line beside an open window: writes refused, reads never touch the window's log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.backup import copy_database
from tests.databases import audit_names

ROOT = Path(__file__).resolve().parents[3]
HOLDER = Path(__file__).with_name("window_holder.py")

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX locks")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m brandoffice --db DB ARGS`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "brandoffice", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=180,
    )


class Holder:
    """A child process holding the database like the window (see window_holder.py)."""

    def __init__(self, db: Path, mode: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HOLDER), str(db), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=_env(),
            cwd=ROOT,
        )
        assert self.ask(None) == "ready"

    def ask(self, line: str | None) -> str:
        """Send a line (if any) and return the answer."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if line is not None:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def quit(self) -> None:
        """Close the database and end."""
        if self.proc.poll() is None:
            self.ask("quit")
            self.proc.wait(timeout=60)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


def inodes(db: Path) -> dict[str, int]:
    """Return the inode of the database's -wal and -shm (a missing file raises)."""
    return {s: db.with_name(db.name + s).stat().st_ino for s in ("-wal", "-shm")}


@pytest.fixture
def holder(empty_template: Path, db_path: Path, request: pytest.FixtureRequest) -> Iterator[Holder]:
    open_context(str(copy_database(empty_template, db_path))).db.dispose()
    held = Holder(db_path, request.param)
    yield held
    held.quit()


@linux_only
@pytest.mark.parametrize("holder", ["keep", "lose"], indirect=True)
def test_reading_commands_never_delete_the_windows_log(
    holder: Holder, db_path: Path, tmp_path: Path
) -> None:
    """Even beside a window that lost its locks, reading commands leave -wal/-shm alone."""
    before = inodes(db_path)
    for args in (
        ("list", "orgs"),
        ("report", "directory", "--out", str(tmp_path / "名录.docx")),
        ("export", "orgs", str(tmp_path / "orgs.xlsx")),
        ("backup",),
        ("check",),
    ):
        done = cli(db_path, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert inodes(db_path) == before, args
    # The window keeps writing into the live log, and a newcomer sees it.
    assert holder.ask("write after-commands") == "ok"
    assert "after-commands" in audit_names(db_path)
    assert "first" in audit_names(db_path)


@linux_only
@pytest.mark.parametrize("holder", ["keep"], indirect=True)
def test_writing_commands_are_refused_beside_the_window(
    holder: Holder, db_path: Path, tmp_path: Path
) -> None:
    before = inodes(db_path)
    for args in (("init",), ("import", "--undo-last"), ("check", "--repair")):
        done = cli(db_path, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "BrandOffice 窗口" in done.stderr
        assert f"计算机“{socket.gethostname()}”" in done.stderr
        assert "打开" in done.stderr and "Traceback" not in done.stderr
    assert inodes(db_path) == before
