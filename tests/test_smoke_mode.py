"""`coach-workbook --smoke`, the unattended check `make package-test` runs inside the frozen
app, works here first: the demo opens through the start page's action, its summary shows in
the preview and renders through QtPdf, the workbook verifies and the window locks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_smoke_check_opens_the_demo_previews_verifies_and_locks(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "COACH_WORKBOOK_CONFIG_DIR": str(tmp_path / "config"),
           "COACH_WORKBOOK_DATA_DIR": str(tmp_path / "data"),
           "COACH_WORKBOOK_SMOKE_REPORT": str(tmp_path / "report.json")}
    done = subprocess.run([sys.executable, "-m", "coach_workbook_app", "--smoke"],
                          capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("SMOKE "))
    seen = json.loads(line.removeprefix("SMOKE "))
    assert seen["coachees"] > 5 and seen["preview_pages"] >= 1
    width, height, pages = seen["summary_page"]
    assert width > 0 and height > 0 and pages >= 1
    assert seen["verified"] is True and seen["locked"] is True
    assert seen["painted_ms"] > 0  # from the process's start (Linux's own count)
    assert (tmp_path / "data" / "demo.cwb").is_file()  # where "Try the demo" keeps it
    # the same report in the file, for a Windows window program that has no stdout
    assert json.loads((tmp_path / "report.json").read_text("utf-8")) == {
        "seen": seen, "problem": "", "code": 0}
