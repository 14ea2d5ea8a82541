"""PyInstaller entry point: BrandOffice's command line (no arguments opens the window)."""

from __future__ import annotations

import multiprocessing
import os
import sys


def _keep_matplotlib_cache() -> None:
    """Give matplotlib a lasting cache folder instead of PyInstaller's per-run temporary one.

    PyInstaller's run-time hook points ``MPLCONFIGDIR`` at a fresh temporary folder on
    every start (needed for one-file builds, whose path changes each run), so matplotlib
    would scan every system font again before the first chart. A one-folder install
    keeps its path, so the font list can be cached under the user's cache folder.
    """
    import platformdirs

    folder = os.path.join(platformdirs.user_cache_dir("BrandOffice", False), "matplotlib")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return  # keep PyInstaller's temporary folder
    os.environ["MPLCONFIGDIR"] = folder


def run() -> int:
    """Start BrandOffice and return its exit code."""
    multiprocessing.freeze_support()
    if getattr(sys, "frozen", False):
        _keep_matplotlib_cache()
    from brandoffice.cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
