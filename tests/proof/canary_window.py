"""The window's half of tests/proof/test_canaries.py: the real app, offscreen, in its own
process (its HOME, XDG folders and TMPDIR are the test's).

    python tests/proof/canary_window.py WORKBOOK COACHEE_ID CANARY...   (passphrase on stdin)

Opens the workbook as the app does (its worker thread, its automatic backup), then types one
canary into each field a coach writes in: a value and its reflection, a goal's title, a new
session's title, its shared and private sections; copies one to the clipboard; locks. It then
prints one JSON line: the canaries still shown by any widget, title, tooltip or model after
the lock, and whether the clipboard still holds one. Every keystroke goes through key events.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.keys import type_text
from tests.ui.shown import visible_texts


def _wait(app: QApplication, done: Callable[[], object], what: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.005)


def main() -> None:
    from ui.kit import collector
    from ui.window.main_window import MainWindow

    path, coachee_id, canaries = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    passphrase = sys.stdin.readline().rstrip("\n")
    app = QApplication([])
    collector.install(app)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    backups = path.with_name(f"{path.stem} backups")
    window.state.unlock(path, passphrase)
    _wait(app, lambda: window.state.is_open, "the workbook to open")
    _wait(app, lambda: backups.is_dir() and any(backups.glob("*.cwb")),
          "the automatic backup")
    window.open_record("coachee", coachee_id)
    _wait(app, lambda: window.tabs.currentWidget() is window.overview
          and window.overview.coachee_id == coachee_id, "the coachee's overview")
    left = list(canaries)

    # the values tab: a value typed in, then its reflection
    values = window.values
    window.tabs.setCurrentWidget(values)
    _wait(app, lambda: values.add_combo.isEnabled(), "the values tab")
    type_text(values.add_combo.lineEdit(), left.pop())
    QTest.keyClick(values.add_combo.lineEdit(), Qt.Key.Key_Return)
    _wait(app, lambda: values.model.rowCount() > 0 and values.reflection.isEnabled(),
          "the new value")
    values.view.setCurrentIndex(values.model.index(values.model.rowCount() - 1, 0))
    type_text(values.reflection, left.pop())
    values.flush()

    # the goals tab: a new goal, its title typed over
    goals = window.goals
    window.tabs.setCurrentWidget(goals)
    goals.new_goal()
    _wait(app, lambda: goals.selected_goal_id() is not None, "the new goal")
    title = goals.editor.title
    QTest.keyClick(title, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(title, left.pop())
    goals.editor.flush()

    # the sessions tab: a new session from a template, typed into every section
    editor = window.sessions.editor
    window.tabs.setCurrentWidget(window.sessions)
    editor.new_session(coachee_id, "grow")
    _wait(app, lambda: editor.section_editors(), "the new session")
    type_text(editor.title, left.pop())
    for section in editor.section_editors():
        type_text(section.text_edit, f"{left.pop()} and the plan for May.")
    editor.autosaver.flush()
    _wait(app, lambda: editor.autosaver.is_idle(), "the session's saves")

    QApplication.clipboard().setText(f"copied: {left.pop()}")  # as a coach copies a line
    window.lock()
    _wait(app, lambda: not window.state.is_open, "the lock")
    # What the event loop does once the lock returns: rows the lock took down are deleted.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    shown = "\n".join([visible_texts(window),
                       *(visible_texts(w) for w in QApplication.topLevelWidgets())])
    print(json.dumps({
        "typed": len(canaries) - len(left),
        "shown_after_lock": [c for c in canaries if c.lower() in shown.lower()],
        "clipboard_after_lock": [c for c in canaries
                                 if c.lower() in QApplication.clipboard().text().lower()],
    }), flush=True)
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
