"""The GUI benchmark's keystroke probes beyond the note editor: search as the coach types
(Ctrl+F), and typing while the daily automatic backup runs.

    python -m bench.gui_probe search WORKBOOK FLOOR --words 20 --rate 10
    python -m bench.gui_probe backup WORKBOOK --rounds 2 --rate 10

Search: each word is typed a key at a time at `--rate` keys per second into the real search
dialog; a key's wait ends with the first paint cycle of the dialog after results for the
text that key made (or a later one) have landed. The floor is the same FTS5 query, with no
Qt, for the text after each key (`bench.common.raw_search`), timed right after each word.
See bench/README.md ("The window").
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import CycleEnd, ns_ms, raw_search, raw_session


def search_words(conn: Any, n: int, seed: int) -> list[str]:
    """Words a coach looks for: coaching words of every frequency and coachees' names."""
    import random

    from bench import generate as gen

    rng = random.Random(seed)
    names = [r[0].split()[0] for r in conn.execute(
        "SELECT name FROM coachees WHERE deleted_at IS NULL ORDER BY id")]
    words = [w for w in gen._WORDS if len(w) >= 4]
    return [rng.choice(names) if i % 4 == 3 else rng.choice(words) for i in range(n)]


def probe_search(path: Path, floor_path: Path, n_words: int, rate: float, seed: int = 1
                 ) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from bench.generate import PASSPHRASE
    from bench.gui_timing import open_window, subtree_paints
    from bench.gui_typing import _key_code
    from ui.window.search_dialog import LIMIT, SearchDialog

    conn = raw_session(floor_path, PASSPHRASE)
    words = search_words(conn, n_words, seed)
    out: dict[str, Any] = {"words": words, "keys": [], "floor_ms": []}
    keys: list[dict[str, Any]] = []  # this word's keys: sent, text, landed, painted
    gap_ms = 1000.0 / rate

    def ready(window: Any) -> None:
        window.open_search()
        dialog = [d for d in window.findChildren(SearchDialog) if d.isVisible()][-1]
        state: dict[str, Any] = {"word": -1, "index": 0, "next_due": 0}
        timer = QTimer(dialog)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)

        def landed() -> None:  # the model was filled with results for the field's text
            now = time.perf_counter_ns()
            for key in keys:
                if "landed" not in key:
                    key["landed"], key["shown"] = now, dialog.query.text()

        def paint(_now: int) -> None:
            if any("landed" in k and "painted" not in k for k in keys):
                CycleEnd.arm(painted)

        def painted(now: int) -> None:
            for key in keys:
                if "landed" in key and "painted" not in key:
                    key["painted"] = now
            word = words[state["word"]]
            if state["index"] >= len(word) and all("painted" in k for k in keys):
                QTimer.singleShot(150, word_done)

        def press() -> None:
            word = words[state["word"]]
            char = word[state["index"]]
            state["index"] += 1
            key = {"sent": time.perf_counter_ns(), "due": state["next_due"]}
            keys.append(key)
            code = _key_code(char)
            mods = (Qt.KeyboardModifier.ShiftModifier if char.isupper()
                    else Qt.KeyboardModifier.NoModifier)
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(dialog.query, QKeyEvent(kind, code, mods, char))
            key["text"] = dialog.query.text()
            if state["index"] < len(word):
                state["next_due"] += int(gap_ms * 1e6)
                timer.start(max(0, round((state["next_due"] - time.perf_counter_ns()) / 1e6)))

        def word_done() -> None:
            # the floor: the same FTS query for the text after each key, no Qt
            for key in keys:
                start = time.perf_counter_ns()
                raw_search(conn, key["text"], LIMIT)
                out["floor_ms"].append(ns_ms(time.perf_counter_ns() - start))
            if state["word"] <= 0:  # the first word is the warm-up
                out["floor_ms"].clear()
            else:
                out["keys"] += [{k: v for k, v in key.items() if k in ("text", "shown")}
                                | {"painted_ms": ns_ms(key["painted"] - key["sent"]),
                                   "landed_ms": ns_ms(key["landed"] - key["sent"])}
                                for key in keys]
            keys.clear()
            dialog.query.clear()
            state["word"] += 1
            state["index"] = 0
            if state["word"] >= len(words):
                window.close_workbook()
                QApplication.instance().quit()
                return
            QTimer.singleShot(300, begin_word)

        def begin_word() -> None:
            state["next_due"] = time.perf_counter_ns()
            press()

        timer.timeout.connect(press)
        dialog.model.modelReset.connect(landed)
        out["watcher"] = subtree_paints(lambda: dialog, paint)
        words.insert(0, words[0])  # warm-up
        QTimer.singleShot(300, word_done)

    app, _window = open_window(path, ready)
    app.exec()
    out.pop("watcher", None)
    out["words"] = words[1:]
    conn.close()
    return out


# -- the daily automatic backup ------------------------------------------------------------

class BackupLog:
    """Wraps `workbook.backups.backup_if_due` (what the automatic backup runs, on whatever
    thread the window chooses) to stamp each run and whether it ran on the UI thread."""

    def __init__(self) -> None:
        from workbook import backups

        self.runs: list[dict[str, Any]] = []
        self.running = False
        original = backups.backup_if_due

        def stamped(vault: Any, now: Any = None) -> Any:
            run = {"start": time.perf_counter_ns(),
                   "ui_thread": threading.current_thread() is threading.main_thread()}
            self.running = True
            try:
                made = original(vault, now)
            finally:
                self.running = False
                run["end"] = time.perf_counter_ns()
                self.runs.append(run)
            run["made"] = made is not None
            return made

        backups.backup_if_due = stamped


def probe_backup(path: Path, rounds: int, rate: float, seed: int = 1) -> dict[str, Any]:
    """Unlock the workbook (no backup made today) with the latest held session on screen and
    type in its notes; the automatic backup runs when the window starts it, then `rounds`
    more times (today's copies removed, the automatic backup started again). Keys typed
    while a backup runs are compared with the others; the backup's duration with a plain
    copy of the file (fsynced) in the same process."""
    from PySide6.QtCore import QTimer

    from bench.gui_timing import open_window
    from bench.gui_typing import Typist, _focus, _target_session, typing_plan
    from ui.kit.autosave import SaveStatus
    from workbook import backups

    log = BackupLog()
    _coachee, session_id, section_id = _target_session(path)
    out: dict[str, Any] = {}
    t: dict[str, int] = {}

    def ready(window: Any) -> None:
        t["ready"] = time.perf_counter_ns()
        editor = window.sessions.editor
        state = window.state
        folder: list[Path] = []  # read on the worker: the UI thread never reads the workbook
        state.runner.submit(lambda: backups.configured_folder(state.vault), success=folder.append)

        def opened(opened_id: int) -> None:
            if opened_id == session_id:
                QTimer.singleShot(300, start_typing)

        def start_typing() -> None:
            section = next(s for s in editor.section_editors() if s.section_id == section_id)
            edit = section.text_edit
            editor.scroll.ensureWidgetVisible(edit)
            _focus(window, edit)
            seconds = (rounds + 1) * 4.0
            plan = typing_plan(int(seconds * rate), rate, (0.0, 10.0), seed)
            typist = Typist(edit, plan, lambda: log.running, lambda: state.runner.pending > 0,
                            lambda: QTimer.singleShot(1500, lambda: finish(typist)))
            editor.autosaver.status_changed.connect(
                lambda status, _s: status is SaveStatus.SAVING and typist.save_started())
            for i in range(rounds):
                QTimer.singleShot(int((1.5 + 4.0 * i) * 1000), again)
            QTimer.singleShot(200, typist.start)

        def again() -> None:
            for backup in backups.list_backups(folder[0], path.stem):
                backup.path.unlink()
            window.auto_backup.run()

        def finish(typist: Any) -> None:
            out.update(typist.samples())
            out["during"] = [k.saving for k in typist.keys if k.paint]
            window.close_workbook()
            app.quit()

        editor.session_opened.connect(opened)
        window.open_record("session", session_id)

    app, window = open_window(path, ready)
    window.state.opened.connect(lambda: t.setdefault("opened", time.perf_counter_ns()))
    app.exec()
    floor_ms = []
    for _ in range(max(1, len(log.runs))):
        copy = path.with_name("floor-copy.cwb")
        start = time.perf_counter_ns()
        shutil.copyfile(path, copy)
        with open(copy, "rb+") as fh:
            os.fsync(fh.fileno())
        floor_ms.append(ns_ms(time.perf_counter_ns() - start))
        copy.unlink()
    made = [r for r in log.runs if r["made"]]
    out.update({
        "backups": [{"ms": ns_ms(r["end"] - r["start"]), "ui_thread": r["ui_thread"],
                     "made": r["made"],
                     "start_after_open_ms": ns_ms(r["start"] - t["opened"])} for r in log.runs],
        "made": len(made), "floor_ms": floor_ms,
        "unlocked_ms": ns_ms(t["ready"] - t["opened"]),
    })
    out.pop("first_key", None)
    out.pop("last_key", None)
    out.pop("schedule", None)
    return out
