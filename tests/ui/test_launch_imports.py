"""A launch waits only for the start page: what the window shows once a workbook is open
(the workspace, the documents, the dialogs) and the libraries behind it are imported after
the start page has painted. Counted in modules, not milliseconds, so it holds on any machine;
`bench.gui`'s launch row measures the time it saves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Loaded by the start page, each of these would be paid for before it paints.
HEAVY = (
    "reportlab", "pypdf", "cryptography", "charset_normalizer", "zxcvbn", "sqlite_utils",
    "filelock", "click", "dateutil", "PySide6.QtPdf", "PySide6.QtPrintSupport",
    "ui.coachees", "ui.portfolio", "ui.sessions", "ui.documents", "ui.settings",
    "ui.window.today_view", "ui.window.search_dialog", "ui.window.trash_dialog",
    "ui.window.versions_dialog", "ui.window.restore_dialog", "ui.window.file_actions",
    "ui.window.auto_backup", "ui.start.change_passphrase_dialog", "workbook.documents",
    "workbook.exchange", "workbook.search", "workbook.sessions", "workbook.coachees",
    # SQLCipher and the vault's file handling load when a workbook is first opened
    "sqlcipher3", "workbook.vault.core", "workbook.vault.files", "workbook.leftovers",
)

# What `coach-workbook` does up to its first paint (ui.window.app.run_app), then the event
# loop until the start page has painted and the window has built the rest.
_LAUNCH = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from ui.kit.errors_dialog import install_excepthook
from ui.window.main_window import MainWindow
window = MainWindow()
install_excepthook(lambda: window)
window.show()
heavy = tuple(json.loads(sys.argv[1]))
built = lambda: getattr(window, "has_workspace", True)  # a window without it built it all
seen = {"start": sorted(m for m in sys.modules if m.startswith(heavy)),
        "built_at_start": built()}
def check():
    if built():
        seen["after"] = sorted(m for m in sys.modules if m.startswith(heavy))
        seen["pages"] = window.pages.count()
        app.quit()
poll = QTimer(interval=10, timeout=check)
poll.start()
QTimer.singleShot(30000, app.quit)
app.exec()
print("RESULT " + json.dumps(seen))
"""


def test_the_start_page_paints_before_the_workspace_and_its_libraries_load() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _LAUNCH, json.dumps(HEAVY)], capture_output=True, text=True,
        cwd=ROOT, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line is not None, out.stdout + out.stderr
    seen = json.loads(line.removeprefix("RESULT "))
    assert seen["start"] == [] and not seen["built_at_start"], seen
    # … and once the start page has painted, the workspace is built without being asked
    assert "after" in seen, "the workspace was not built after the first paint"
    assert "ui.coachees.coachee_list" in seen["after"] and seen["pages"] == 3, seen
