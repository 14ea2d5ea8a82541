"""Benchmark case: peak memory with the district open on the org, brand and calendar pages.

The program runs in a child process of its own (peak RSS counts from the process's
start): the real window on a copy of the district database, shown and then moved to
the organisation tree, the brand register and the phase calendar, each page loaded.
The floor is a child with a bare Qt window holding the same rows as plain tuples:
every unit, every brand, and the campaign's tasks, phases and progress cells. The
goal is additive (issue 21): at most the floor plus :data:`BUDGET_MB`.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.bench.cases import Case
from tests.bench.ui_case import CHILD_TIMEOUT_S, ROOT

BUDGET_MB = 150.0
PAGES = ("orgs", "brands", "calendar")

# Peak resident memory of this process in MB: VmHWM on Linux, getrusage on macOS,
# the peak working set on Windows.
PEAK_RSS = """
def peak_mb():
    import sys
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t),
                        ("WorkingSetSize", ctypes.c_size_t)] + [
                (f"f{i}", ctypes.c_size_t) for i in range(6)]

        c = Counters()
        c.cb = ctypes.sizeof(c)
        ctypes.windll.psapi.GetProcessMemoryInfo(
            ctypes.windll.kernel32.GetCurrentProcess(), ctypes.byref(c), c.cb)
        return c.PeakWorkingSetSize / 2**20
    if sys.platform == "darwin":
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    # Not getrusage: Linux keeps the peak of the process before exec (a fork of the
    # bench, already large); VmHWM is this program's own.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**10
    raise RuntimeError("no VmHWM in /proc/self/status")
"""

# The window as the clerk opens it, then each page in turn, each waited for until
# the runner has finished loading it (and anything it started).
PROGRAM = (
    PEAK_RSS
    + """
import sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from ui.app import configure_application, start
app = QApplication(sys.argv)
configure_application(app)
window = start(sys.argv[1], settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
assert window is not None and window.isVisible()

def settle():
    deadline = time.monotonic() + 300
    while window.runner.is_busy() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()

settle()
for key in sys.argv[3].split(","):
    window.show_page(key)
    assert window.current_key() == key
    settle()
print("peak", peak_mb(), flush=True)
"""
)

FLOOR = (
    PEAK_RSS
    + """
import sqlite3, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
raw = sqlite3.connect(sys.argv[1])
campaign = raw.execute("SELECT id FROM campaigns ORDER BY year DESC, id").fetchone()[0]
held = [
    raw.execute("SELECT * FROM organisations ORDER BY sort_order, id").fetchall(),
    raw.execute("SELECT * FROM brands ORDER BY id").fetchall(),
    raw.execute("SELECT * FROM phases WHERE campaign_id = ?", (campaign,)).fetchall(),
    raw.execute(
        "SELECT t.* FROM tasks t JOIN phases p ON p.id = t.phase_id WHERE p.campaign_id = ?",
        (campaign,),
    ).fetchall(),
    raw.execute(
        "SELECT c.* FROM task_progress c JOIN tasks t ON t.id = c.task_id"
        " JOIN phases p ON p.id = t.phase_id WHERE p.campaign_id = ?",
        (campaign,),
    ).fetchall(),
]
assert all(held[:2]) and held[4], "the district set has no rows to hold"
app.processEvents()
print("peak", peak_mb(), flush=True)
"""
)


def peak_mb(code: str, *args: str, pycache: Path) -> float:
    """Run ``code`` in a child Python and return the peak RSS it reports, in MB."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S * 3,
        check=False,
    )
    said = [line.split() for line in done.stdout.splitlines() if line.startswith("peak ")]
    if done.returncode != 0 or not said:
        raise RuntimeError(f"the child ended with {done.returncode}: {done.stderr[-2000:]}")
    return float(said[-1][1])


def district_copy(raw: sqlite3.Connection, work: Path) -> Path:
    """Return a copy of the district set for child windows, made once per ``--work`` folder.

    The bench process holds the original open, and a second program on one database
    is offered it read-only.
    """
    copy = work / "district_copy.sqlite3"
    if not copy.exists():
        target = sqlite3.connect(copy)
        raw.backup(target)
        target.close()
    return copy


def memory_case(copy: Path, work: Path) -> Case:
    """The peak RSS case; ``run`` and ``floor`` return megabytes (see ``Case.budget``)."""
    settings = str(work / "memory_settings.ini")
    pycache = work / "pycache"
    return Case(
        "peak memory: district on org, brand, calendar pages",
        lambda: peak_mb(PROGRAM, str(copy), settings, ",".join(PAGES), pycache=pycache),
        lambda: peak_mb(FLOOR, str(copy), pycache=pycache),
        self_timed=True,
        budget=BUDGET_MB,
    )
