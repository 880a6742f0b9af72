"""Debounced autosave: edits save themselves about a second after the coach stops typing.

Each edited thing (a section's notes, a session's title…) has a *key*. `schedule(key,
save_fn)` (re)starts that key's single-shot timer; when it fires, `save_fn()` is called on
the main thread to take a snapshot of the widget's current value and returns the job
(`job(db)`) the worker runs through `state.call`. Snapshots are taken at submit time, so
edits made while a save is in flight are simply part of the next snapshot: saves of one key
are coalesced and never overtake each other, and the typing widget is never disabled or
waited on.

`flush()` submits every pending save at once (focus out, switching session, lock, close).
The worker runs calls in submission order, so a flushed save can follow one still in flight.

A failed save is never dropped: its sentence shows (`status_changed`, `failed`) and it is
retried on the next edit of its key, on any flush, and by itself after `RETRY_MS` unless the
workbook refused the value (a refusal cannot succeed unchanged). A snapshot that can no longer
be taken (its widget is gone) is reported as lost, in the status line and on `state.error`.
A save that fails while the workbook locks or closes has no retry left: it is announced on
`state.lost_on_close`, which the window says once its screens are cleared.

`shared(state)` is the one autosaver of the screens that have no status line of their own
(goals, values, templates); each keys its edits by the record and field they change.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Hashable
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.kit.state import WorkbookState
from workbook.errors import InvalidInput
from workbook.vault import known_error

DELAY_MS = 800
RETRY_MS = 5000  # a failed save (disk full, file locked) tries again after this pause
LOST = ("A change could not be saved because the field it was typed in closed first; "
        "type it again.")
LOST_ON_CLOSE = ("A change made just before the workbook was locked or closed could not be "
                 "saved and is lost; once the workbook is open again, make it again.")
_SHARED = "shared autosaver"
Job = Callable[[Any], Any]  # job(db) -> Changes, run on the worker
SaveFn = Callable[[], Job]  # called on the main thread: a snapshot of what to save


class SaveStatus(Enum):
    SAVED = "All changes saved"
    UNSAVED = "Unsaved changes"
    SAVING = "Saving…"
    FAILED = "Save failed"


class OwnResults:
    """Remembers the results of calls a screen made, so it can skip refreshing from them.

    `state.changed` is emitted before the caller's `success`; a screen asks `owns(changes)`
    to tell its own edits from edits made elsewhere (Anki's `handler is self`).
    """

    def __init__(self, size: int = 256) -> None:
        self._results: deque[Any] = deque(maxlen=size)  # kept alive, so `is` stays exact
        self._lock = threading.Lock()

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            result = fn(*args, **kwargs)
            with self._lock:
                self._results.append(result)
            return result

        return run

    def owns(self, result: object) -> bool:
        with self._lock:
            return any(each is result for each in self._results)

    def clear(self) -> None:
        with self._lock:
            self._results.clear()


class Autosaver(QObject):
    status_changed = Signal(object, str)  # SaveStatus, sentence (the failure's, else "")
    saved = Signal(object)  # key, after its latest submitted save succeeded
    failed = Signal(object, str)  # key, the sentence: its save failed (or could not be taken)

    def __init__(self, state: WorkbookState, parent: QObject | None = None, *,
                 delay_ms: int = DELAY_MS, retry_ms: int = RETRY_MS) -> None:
        super().__init__(parent)
        self.state = state
        self.delay_ms = delay_ms
        self.own = OwnResults()
        self._timers: dict[Hashable, QTimer] = {}
        self._pending: dict[Hashable, SaveFn] = {}
        self._in_flight: dict[Hashable, int] = {}
        self._failed: dict[Hashable, tuple[SaveFn, str]] = {}
        self._epoch = 0  # bumped by discard(): late results of a closed workbook are ignored
        self._lost = ""  # shown until the next edit: a snapshot that could not be taken
        self._status = SaveStatus.SAVED
        self._sentence = ""
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.retry)
        state.closing.connect(self.flush)
        state.closed.connect(self.discard)

    # -- what the screen calls --------------------------------------------------------
    @property
    def status(self) -> SaveStatus:
        return self._status

    @property
    def sentence(self) -> str:
        return self._sentence

    def is_idle(self, key: Hashable | None = None) -> bool:
        """Nothing pending, in flight or failed (for `key`, or for any key)."""
        tables = (self._pending, self._in_flight, self._failed)
        if key is None:
            return not any(tables)
        return all(key not in table for table in tables)

    def failure(self, key: Hashable) -> str | None:
        """The sentence of `key`'s failed save, or None."""
        failed = self._failed.get(key)
        return failed[1] if failed else None

    def retry(self) -> None:
        """Submit every failed save again (the retry timer, or the coach asked)."""
        for key in [*self._failed]:
            if key not in self._pending:
                self.flush(key)

    def schedule(self, key: Hashable, save_fn: SaveFn) -> None:
        """Save `key` after `delay_ms` without a further call for it (restarts the timer)."""
        self._pending[key] = save_fn
        self._failed.pop(key, None)  # the next edit retries a failed save
        self._lost = ""
        timer = self._timers.get(key)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda k=key: self._due(k))
            self._timers[key] = timer
        timer.start(self.delay_ms)
        self._update()

    def save_now(self, key: Hashable, save_fn: SaveFn) -> None:
        """Submit at once (a choice in a combo box or a check box has no typing to wait for)."""
        self.schedule(key, save_fn)
        self.flush(key)

    def flush(self, key: Hashable | None = None) -> None:
        """Submit pending (and failed) saves now, even if one of the same key is in flight."""
        keys = [key] if key is not None else [*self._pending, *self._failed]
        for each in dict.fromkeys(keys):
            timer = self._timers.get(each)
            if timer is not None:
                timer.stop()
            if each not in self._pending and each in self._failed:
                self._pending[each] = self._failed.pop(each)[0]
            if each in self._pending:
                self._submit(each)
        self._update()

    def discard(self) -> None:
        """Forget everything (the workbook is closed): no snapshot is ever taken again."""
        self._epoch += 1
        self._retry.stop()
        for timer in self._timers.values():
            timer.stop()  # kept for reuse: deleting a timer here crashed PySide's teardown
        self._pending.clear()
        self._in_flight.clear()
        self._failed.clear()
        self._lost = ""
        self.own.clear()
        self._update()

    # -- the machinery ----------------------------------------------------------------
    def _due(self, key: Hashable) -> None:
        if self._in_flight.get(key):
            return  # coalesced: the next save goes when this one comes back
        if key in self._pending:
            self._submit(key)
        self._update()

    def _submit(self, key: Hashable) -> None:
        save_fn = self._pending.pop(key)
        try:
            job = save_fn()
        except RuntimeError:  # the widget it reads from is gone: the edit is lost, say so
            self._lost = LOST
            self.failed.emit(key, LOST)
            if self.state.is_closing:
                self.state.lost_on_close.emit(LOST_ON_CLOSE)
            else:
                self.state.error.emit(LOST)
            self._update()
            return
        epoch = self._epoch
        self._in_flight[key] = self._in_flight.get(key, 0) + 1
        self._update()
        self.state.call(self.own.wrap(job), label="Saving…",
                        success=lambda _r: self._done(key, epoch, None, save_fn),
                        failure=lambda exc: self._done(key, epoch, exc, save_fn))

    def _done(self, key: Hashable, epoch: int, exc: BaseException | None,
              save_fn: SaveFn) -> None:
        if epoch != self._epoch:
            return
        left = self._in_flight.get(key, 1) - 1
        if left > 0:
            self._in_flight[key] = left
        else:
            self._in_flight.pop(key, None)
        if exc is not None:
            sentence = self._sentence_for(exc)
            if key not in self._pending:  # a newer edit will retry anyway
                self._failed[key] = (save_fn, sentence)
                if not isinstance(exc, InvalidInput):
                    self._retry.start()
            self.failed.emit(key, sentence)
            if self.state.is_closing:  # no retry is coming: the coach hears it once locked
                self.state.lost_on_close.emit(self._lost_sentence(exc))
        elif key not in self._pending and not self._in_flight.get(key):
            self.saved.emit(key)
        timer = self._timers.get(key)
        if key in self._pending and not self._in_flight.get(key) and not (
                timer is not None and timer.isActive()):
            self._submit(key)  # edits made while this save was in flight
        self._update()

    def _sentence_for(self, exc: BaseException) -> str:
        known = known_error(exc, self.state.path or "the workbook")
        if known is None:
            self.state.runner.failed.emit(exc)  # a bug: the main window's bug dialog
            return "Your last change could not be saved; it is still on screen."
        return known.sentence

    def _lost_sentence(self, exc: BaseException) -> str:
        """Said over the lock screen: why, if the reason is the file's (a refused value's
        sentence may quote what was typed, and a bug's has nothing to add)."""
        known = None if isinstance(exc, InvalidInput) else known_error(
            exc, self.state.path or "the workbook")
        return f"{LOST_ON_CLOSE} {known.sentence}" if known else LOST_ON_CLOSE

    def _update(self) -> None:
        if self._failed:
            status, sentence = SaveStatus.FAILED, next(iter(self._failed.values()))[1]
        elif self._lost:
            status, sentence = SaveStatus.FAILED, self._lost
        elif self._in_flight:
            status, sentence = SaveStatus.SAVING, ""
        elif self._pending:
            status, sentence = SaveStatus.UNSAVED, ""
        else:
            status, sentence = SaveStatus.SAVED, ""
        if (status, sentence) != (self._status, self._sentence):
            self._status, self._sentence = status, sentence
            self.status_changed.emit(status, sentence)


def shared(state: WorkbookState) -> Autosaver:
    """The one autosaver of `state`'s screens without a status line of their own."""
    found = state.findChild(Autosaver, _SHARED)
    if found is None:
        found = Autosaver(state, state)
        found.setObjectName(_SHARED)
    return found
