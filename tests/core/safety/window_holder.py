"""Test helper: hold a database the way the window does, optionally after losing its locks.

Run as ``python window_holder.py DB MODE`` with MODE ``keep`` or ``lose``. It takes
the instance lock, opens the database with the window's engine, commits one audit
entry, and with ``lose`` opens and closes the database and its ``-shm`` with plain
``open()`` (which drops every POSIX lock SQLite held). It prints ``ready``, then for
each line ``write NAME`` on stdin commits another entry and prints ``ok``; ``quit``
closes the database.
"""

from __future__ import annotations

import sys
from pathlib import Path

from brandoffice.safety.opening import open_database
from brandoffice.services import audit


def main(db: str, mode: str) -> None:
    """Hold ``db`` until told to quit."""
    opened = open_database(db)
    ctx = opened.ctx

    def write(name: str) -> None:
        with ctx.db.write.begin() as s:
            audit.record(s, ctx, "测试", object_name=name)

    write("first")
    if mode == "lose":
        path = Path(db)
        for file in (path, path.with_name(path.name + "-shm")):
            with open(file, "rb") as fh:
                fh.read(16)
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "write":
            write(arg)
            print("ok", flush=True)
        elif command == "quit":
            break
    opened.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
