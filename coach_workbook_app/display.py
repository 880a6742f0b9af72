"""Whether a window can be shown here, decided without importing Qt (which would abort)."""

from __future__ import annotations

import os
import sys


def display_problem() -> str | None:
    """One sentence saying why no window can open and what to do instead, or None."""
    if sys.platform in ("win32", "darwin"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") \
            or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("No display was found, so the Coach Workbook window cannot open here: start it "
            "from a desktop session, or use the command line instead "
            "(coach-workbook demo demo.cwb, then coach-workbook --help).")
