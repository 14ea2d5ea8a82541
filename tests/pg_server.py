"""A throw-away PostgreSQL server for the tests, started from the Debian binaries."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def find_bin() -> Path | None:
    """Return the folder with initdb/pg_ctl, or None when PostgreSQL is not installed."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PgServer:
    """Start a private server on a Unix socket in a temporary folder."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="bo_pg_"))
        self.data = self.root / "data"
        self.socket = self.root / "sock"
        self.socket.mkdir()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:
            # PostgreSQL refuses to run as root: run its tools as the postgres user.
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        """Initialise and start the server; return a URL of an empty database."""
        if self.as_root:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket, "postgres")
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "brandoffice",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.root / "log.txt"),
            "-o",
            f"-k {self.socket} -c listen_addresses='' -c fsync=off",
            "start",
        )
        return self.url("postgres")

    def url(self, database: str) -> str:
        """Return the SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://brandoffice@/{database}?host={self.socket}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database (a copy of the database ``template``, if given); return its URL."""
        copy = ["-T", template] if template else []
        self._run(
            str(self.bindir / "createdb"), "-h", str(self.socket), "-U", "brandoffice", *copy, name
        )
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and delete its files."""
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            time.sleep(0.1)
            shutil.rmtree(self.root, ignore_errors=True)
