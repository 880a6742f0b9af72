"""The GUI benchmark's typing probe: keystroke → paint in the session editor while the
autosave saves on the worker, and the same keys into a bare QPlainTextEdit (the floor).

Run through `python -m bench.gui_probe typing …`; see bench/README.md.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import WINDOW, fail_on_error, ns_ms, paint_watcher, qt_app


@dataclass
class Key:
    index: int
    char: str
    due: int  # when the coach pressed it (the plan's time): perf_counter_ns
    sent: int  # when the event was sent (the timer may fire late if the loop was busy)
    handled: int = 0  # sendEvent returned
    paint: int = 0  # the viewport's next paint event (0: never painted)
    saving: bool = False  # a save of these notes was in flight when the key was sent
    worker_busy: bool = False  # any workbook call was pending when the key was sent


@dataclass(frozen=True)
class Step:
    char: str
    wait_ms: float  # before this key: after the previous key, or after a save started
    after_save: bool = False  # wait for the next autosave to start (a new sentence)


def typing_plan(keys: int, rate: float, resume_ms: tuple[float, float], seed: int
                ) -> list[Step]:
    """Sentences of coaching words typed at `rate` keys/s. Before each new sentence the
    coach pauses until the autosave starts (800 ms after their last key) and resumes
    `resume_ms` (uniform) later: the worst moment, the save is on the worker and its
    result lands on the main thread while they type."""
    from bench import generate as gen

    rng = random.Random(seed)
    text = ""
    while len(text) < keys:
        words = " ".join(rng.choices(gen._WORDS, cum_weights=gen._WORD_CUM,
                                     k=rng.randint(6, 10)))
        text += words[0].upper() + words[1:] + ". "
    text = text[:keys]
    plan = []
    for i, char in enumerate(text):
        if i >= 2 and text[i - 2:i] == ". ":
            plan.append(Step(char, rng.uniform(*resume_ms), after_save=True))
        else:
            plan.append(Step(char, 1000.0 / rate))
    return plan


def _key_code(char: str) -> Any:
    from PySide6.QtCore import Qt

    named = {" ": Qt.Key.Key_Space, ".": Qt.Key.Key_Period, ",": Qt.Key.Key_Comma,
             "-": Qt.Key.Key_Minus}
    if char in named:
        return named[char]
    if char.isascii() and char.isalnum():
        return Qt.Key(ord(char.upper()))
    return Qt.Key.Key_unknown


class Typist:
    """Types `plan` into `edit` from QTimer callbacks (never sleeping in the main thread)
    and stamps the first paint of its viewport after each key."""

    GIVE_UP_WAITING_MS = 2000  # a new sentence starts anyway if no save starts

    def __init__(self, edit: Any, plan: list[Step], saving: Callable[[], bool],
                 worker_busy: Callable[[], bool], finished: Callable[[], None]) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.edit, self.plan, self.finished = edit, plan, finished
        self._saving, self._worker_busy = saving, worker_busy
        self.keys: list[Key] = []
        self.dues: list[int] = []
        self.paints = 0
        self._start = self._previous = 0
        self._waiting: int | None = None  # the key waiting for a save to start
        self.timer = QTimer(edit)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._press)
        self.give_up = QTimer(edit)
        self.give_up.setSingleShot(True)
        self.give_up.timeout.connect(self.save_started)
        self.watcher = paint_watcher(edit.viewport(), self._painted)

    def start(self) -> None:
        self._start = self._previous = time.perf_counter_ns()
        self._arm(0)

    def save_started(self) -> None:
        """An autosave was just submitted: the waiting sentence starts shortly."""
        if self._waiting is not None:
            index, self._waiting = self._waiting, None
            self.give_up.stop()
            self._due(index, time.perf_counter_ns() + int(self.plan[index].wait_ms * 1e6))

    def _arm(self, index: int) -> None:
        step = self.plan[index]
        if step.after_save:
            self._waiting = index
            self.give_up.start(self.GIVE_UP_WAITING_MS)
        else:
            self._due(index, self._previous + int(step.wait_ms * 1e6))

    def _due(self, index: int, due: int) -> None:
        self.dues.append(due)
        self._previous = due
        wait = max(0, -(-(due - time.perf_counter_ns()) // 1_000_000))
        self.timer.start(int(wait))

    def _press(self) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        index = len(self.keys)
        char = self.plan[index].char
        code = _key_code(char)
        mods = (Qt.KeyboardModifier.ShiftModifier if char.isupper()
                else Qt.KeyboardModifier.NoModifier)
        key = Key(index, char, self.dues[index], time.perf_counter_ns(),
                  saving=self._saving(), worker_busy=self._worker_busy())
        self.keys.append(key)  # before sending: a paint during the send counts for it
        QApplication.sendEvent(self.edit, QKeyEvent(QEvent.Type.KeyPress, code, mods, char))
        key.handled = time.perf_counter_ns()
        QApplication.sendEvent(self.edit, QKeyEvent(QEvent.Type.KeyRelease, code, mods, char))
        if index + 1 < len(self.plan):
            self._arm(index + 1)
        else:
            self.finished()

    def _painted(self, now: int) -> None:
        self.paints += 1
        for key in reversed(self.keys):
            if key.paint:
                break
            key.paint = now

    def schedule(self) -> list[list[Any]]:
        """What was typed when: [char, ms after the previous key] — the floor replays it."""
        previous, out = self._start, []
        for key in self.keys:
            out.append([key.char, (key.due - previous) / 1e6])
            previous = key.due
        return out

    def samples(self) -> dict[str, Any]:
        painted = [k for k in self.keys if k.paint]
        return {
            "keys": len(self.keys), "painted": len(painted), "paint_events": self.paints,
            "sent_to_paint_ms": [ns_ms(k.paint - k.sent) for k in painted],
            "due_to_paint_ms": [ns_ms(k.paint - k.due) for k in painted],
            "handling_ms": [ns_ms(k.handled - k.sent) for k in self.keys],
            "late_ms": [ns_ms(k.sent - k.due) for k in self.keys],
            "saving": [k.saving for k in painted],
            "worker_busy": [k.worker_busy for k in painted],
            "typed": "".join(k.char for k in self.keys),
            "schedule": self.schedule(),
            "first_key": self.keys[0].sent if self.keys else 0,
            "last_key": self.keys[-1].sent if self.keys else 0,
        }


def _target_session(path: Path) -> tuple[int, int, int]:
    """The latest held session with shared notes: (coachee, session, its first shared
    section) — the note a coach writes today, as bench.run's autosave row uses."""
    from bench.generate import PASSPHRASE
    from workbook.vault import open_vault

    with open_vault(path, PASSPHRASE) as vault:
        row = vault.db.execute(
            "SELECT s.coachee_id, s.id, ss.id FROM session_sections ss "
            "JOIN sessions s ON s.id = ss.session_id JOIN coachees c ON c.id = s.coachee_id "
            "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL AND s.status = 'held' "
            "AND ss.shared = 1 ORDER BY s.scheduled_at DESC, ss.position LIMIT 1").fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _focus(window: Any, edit: Any) -> None:
    """Put the caret at the end of `edit`, focused as when a coach clicked into it (the
    activation lands a little later; typing starts 200 ms after this)."""
    window.activateWindow()
    window.windowHandle().requestActivate()
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    edit.setTextCursor(cursor)


def probe_typing(path: Path, plan: list[Step], settle_ms: int,
                 tail_ms: int) -> dict[str, Any]:
    """Open the session in the real window (threaded runner, 800 ms autosave) and type."""
    from PySide6.QtCore import QTimer

    from bench.generate import PASSPHRASE
    from ui.kit.autosave import DELAY_MS, SaveStatus
    from workbook.vault import open_vault

    coachee_id, session_id, section_id = _target_session(path)
    from ui.window.main_window import MainWindow

    app = qt_app()
    window = MainWindow()
    fail_on_error(window)
    window.resize(*WINDOW)
    editor = window.sessions.editor
    state = window.state
    saves: list[tuple[int, int]] = []  # (submitted, landed) perf_counter_ns
    status_log: list[tuple[int, str]] = []
    out: dict[str, Any] = {}
    typist: Typist | None = None

    def status(value: SaveStatus, _sentence: str) -> None:
        now = time.perf_counter_ns()
        status_log.append((now, value.name))
        if value is SaveStatus.SAVING:
            saves.append((now, 0))
            if typist is not None:
                typist.save_started()
        elif saves and not saves[-1][1]:
            saves[-1] = (saves[-1][0], now)

    def opened_session(opened_id: int) -> None:
        if opened_id == session_id:
            QTimer.singleShot(settle_ms, settle)

    def settle() -> None:
        if state.runner.pending:  # the other tabs are still loading
            QTimer.singleShot(50, settle)
            return
        nonlocal typist
        section = next(s for s in editor.section_editors() if s.section_id == section_id)
        edit = section.text_edit
        editor.scroll.ensureWidgetVisible(edit)
        _focus(window, edit)
        out["start_chars"] = len(edit.toPlainText())
        typist = Typist(edit, plan, lambda: editor.autosaver.status is SaveStatus.SAVING,
                        lambda: state.runner.pending > 0, typed)
        QTimer.singleShot(200, lambda: begin(edit))

    def begin(edit: Any) -> None:
        assert typist is not None
        out["focused"] = edit.hasFocus()
        typist.start()

    def typed() -> None:
        QTimer.singleShot(tail_ms, finish)

    def finish() -> None:
        assert typist is not None
        out.update(typist.samples())
        section = next(s for s in editor.section_editors() if s.section_id == section_id)
        out["end_text"] = section.text()
        out["edit_width"] = section.text_edit.viewport().width()
        out["status_before_close"] = editor.autosaver.status.name
        window.close_workbook()  # flushes anything still pending
        app.quit()

    editor.autosaver.status_changed.connect(status)
    editor.session_opened.connect(opened_session)
    state.opened.connect(lambda: window.open_record("session", session_id))
    window.show()
    QTimer.singleShot(300, lambda: state.unlock(path, PASSPHRASE))
    app.exec()

    first, last = out.pop("first_key"), out.pop("last_key")
    during = [(s, e) for s, e in saves if first <= s <= last]
    with open_vault(path, PASSPHRASE) as vault:
        stored = vault.db.execute("SELECT body FROM session_sections WHERE id = ?",
                                  [section_id]).fetchone()[0]
    end_text = out.pop("end_text")
    out.update({
        "coachee_id": coachee_id, "session_id": session_id, "section_id": section_id,
        "autosave_delay_ms": DELAY_MS,
        "saves_during_typing": len(during),
        "save_ms": [ns_ms(e - s) for s, e in during if e],
        "saves_total": len(saves),
        "saved_text_matches": stored == end_text and end_text.endswith(out["typed"]),
        "status_log": [(ns_ms(t - first), name) for t, name in status_log if t >= first],
    })
    return out


def probe_typing_floor(path: Path, plan: list[Step], settle_ms: int,
                       tail_ms: int) -> dict[str, Any]:
    """The floor: a bare QPlainTextEdit in a window of the same size, holding the same
    note, no autosave, no workbook; the same keys at the same times."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

    from bench.generate import PASSPHRASE
    from workbook.vault import open_vault

    _coachee_id, _session_id, section_id = _target_session(path)
    with open_vault(path, PASSPHRASE) as vault:
        body = vault.db.execute("SELECT body FROM session_sections WHERE id = ?",
                                [section_id]).fetchone()[0]
    app = qt_app()
    window = QMainWindow()
    edit = QPlainTextEdit()
    edit.setPlainText(body)
    window.setCentralWidget(edit)
    window.resize(*WINDOW)
    out: dict[str, Any] = {}
    typist = Typist(edit, plan, lambda: False, lambda: False,
                    lambda: QTimer.singleShot(tail_ms, finish))

    def begin() -> None:
        _focus(window, edit)
        out["start_chars"] = len(edit.toPlainText())
        QTimer.singleShot(200, begin_typing)

    def begin_typing() -> None:
        out["focused"] = edit.hasFocus()
        typist.start()

    def finish() -> None:
        out.update(typist.samples())
        out["edit_width"] = edit.viewport().width()
        out.pop("first_key")
        out.pop("last_key")
        app.quit()

    window.show()
    QTimer.singleShot(settle_ms, begin)
    app.exec()
    return out
