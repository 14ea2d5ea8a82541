"""Another process holding a database's instance lock, for the lock tests."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HOLDER = (
    "import sys, time; from pathlib import Path\n"
    "from brandoffice.safety.instance_lock import acquire_instance_lock\n"
    "lock = acquire_instance_lock(Path(sys.argv[1]))\n"
    "print('locked' if lock else 'busy', flush=True)\n"
    "time.sleep(120)\n"
)


def hold_lock(db_path: Path) -> subprocess.Popen[str]:
    """Start another process holding the lock of ``db_path`` (end it with :func:`kill`)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"
    except BaseException:
        kill(proc)
        raise
    return proc


def kill(proc: subprocess.Popen[str]) -> None:
    """Kill a process started by :func:`hold_lock` (its lock is left behind, as after a crash)."""
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
