"""The process tests/proof/test_autosave_kills.py kills: it autosaves one section's notes in a
loop and says `ACK <n>` on stdout only after save number n has returned from its commit.

    python tests/proof/autosave_child.py domain WORKBOOK SECTION_ID RUN
    python tests/proof/autosave_child.py window WORKBOOK SECTION_ID RUN SESSION_ID COACHEE_ID

The passphrase is the first line of stdin. `domain` calls `workbook.notes.save_note`, the
call the autosaver makes, as fast as it returns, with bodies of changing length (some edits
delete more than half of the text, so previous versions are written too). `window` runs the
real session editor offscreen with its worker thread: it types burst n into the section, and
acknowledges when the autosaver reports the save done (`saved`); the next burst is typed only
then, so what was acknowledged is exactly what the section held.
"""

from __future__ import annotations

import random
import sys

FILLER = "Notes on the learner's plan for the next rotation, café, naïve, Łódź. "


def body(run: int, n: int) -> str:
    """Save n of run `run`: a header the parent reads back, then filler of a length that
    jumps about (between a line and ~20 KB)."""
    size = random.Random(run * 1_000_003 + n).choice([0, 1, 3, 40, 280])
    return f"[{run}.{n}]\n" + FILLER * size


def burst(run: int, n: int) -> str:
    """What the window types for burst n: short, as a coach types between two saves."""
    return f"[{run}.{n}] asked about sleep; café. "


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _domain(path: str, section_id: int, run: int, passphrase: str) -> None:
    from workbook import notes
    from workbook.vault import open_vault

    vault = open_vault(path, passphrase)
    _say("READY")
    n = 0
    while True:
        n += 1
        notes.save_note(vault.db, section_id, body(run, n))
        _say(f"ACK {n}")


def _window(path: str, section_id: int, run: int, session_id: int, coachee_id: int,
            passphrase: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.ui.keys import type_text
    from ui.kit.state import WorkbookState
    from ui.sessions.session_editor import SessionEditor
    from workbook.vault import open_vault

    app = QApplication([])
    state = WorkbookState()  # the app's own worker thread
    state.adopt(open_vault(path, passphrase))
    editor = SessionEditor(state)
    editor.autosaver.delay_ms = 20  # many saves per second: the kill must find them busy
    editor.resize(1024, 700)
    editor.show()
    editor.set_coachee(coachee_id)
    typed = [0]

    def section():  # type: ignore[no-untyped-def]
        return next((e for e in editor.section_editors() if e.section_id == section_id), None)

    def type_next() -> None:
        typed[0] += 1
        type_text(section().text_edit, burst(run, typed[0]))

    def saved(key: object) -> None:
        if key == ("section", section_id) and typed[0]:
            _say(f"ACK {typed[0]}")
            QTimer.singleShot(0, type_next)

    def wait_for_section() -> None:
        if section() is None:
            QTimer.singleShot(10, wait_for_section)
            return
        _say("READY")  # the editor put the cursor after the saved text
        type_next()

    editor.autosaver.saved.connect(saved)
    editor.open_session(session_id)
    QTimer.singleShot(0, wait_for_section)
    app.exec()


def main() -> None:
    mode, path, section_id, run = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    passphrase = sys.stdin.readline().rstrip("\n")
    if mode == "domain":
        _domain(path, section_id, run, passphrase)
    else:
        _window(path, section_id, run, int(sys.argv[5]), int(sys.argv[6]), passphrase)


if __name__ == "__main__":
    main()
