"""One way to call the workbook from the GUI (Anki's CollectionOp, smaller).

Every workbook call runs on ONE worker thread, in submission order, so the single
connection is used from one thread at a time by design. The callable touches no widget;
`success` / `failure` run on the main thread. Progress is announced only when a call takes
longer than ~0.5 s, so quick operations never flicker a busy indicator.

Tests inject `SyncExecutor`, which runs each call at once on the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]

PROGRESS_DELAY_MS = 500


class Executor(Protocol):
    def start(self, job: Callable[[], None]) -> None: ...
    def wait(self) -> None: ...


class ThreadExecutor:
    """A one-thread pool: calls run in order, never two at once."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)

    def start(self, job: Callable[[], None]) -> None:
        # A plain callable, not a Python QRunnable subclass: the pool then holds nothing of
        # ours once the call has run. A wrapper object's lifetime is shared between Python
        # and C++, and during an hour of use some finished wrappers (and the screens their
        # closures hold) were seen to stay alive; tests/ui/test_worker_memory.py guards it.
        self._pool.start(job)

    def wait(self) -> None:
        self._pool.waitForDone()


class SyncExecutor:
    """Runs each call immediately on the calling thread (tests, and shutdown)."""

    def start(self, job: Callable[[], None]) -> None:
        job()

    def wait(self) -> None:
        return None


class _Relay(QObject):
    """Carries a finished call back to the main thread through a queued signal."""

    done = Signal(object)


class Runner(QObject):
    """Submits workbook calls to the executor and delivers results on the main thread."""

    busy_changed = Signal(bool, str)  # busy?, label — emitted after PROGRESS_DELAY_MS
    failed = Signal(object)  # an exception no `failure` callback handled
    # Every call submitted has run and its callback too (which submitted nothing more).
    idle = Signal()

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.executor: Executor = executor or ThreadExecutor()
        self._relay = _Relay()
        self._relay.done.connect(self._finish)
        self._pending = 0
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(self._announce)
        self._label = ""
        self._announced = False

    @property
    def synchronous(self) -> bool:
        return isinstance(self.executor, SyncExecutor)

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, call: Callable[[], Any], *, success: Success | None = None,
               failure: Failure | None = None, label: str = "Working…") -> None:
        """Run `call()` off the UI thread; then `success(result)` or `failure(exc)` on it."""
        self._pending += 1
        if self._pending == 1:
            self._label = label
            self._progress_timer.start(PROGRESS_DELAY_MS)

        def job() -> None:
            try:
                outcome: tuple[bool, Any] = (True, call())
            except BaseException as exc:  # delivered to the main thread, never lost
                outcome = (False, exc)
            payload = (outcome, success, failure)
            if self.synchronous:
                self._finish(payload)
            else:
                self._relay.done.emit(payload)

        self.executor.start(job)

    def wait(self) -> None:
        """Block until every submitted call has run, then deliver their results now (used
        when locking or quitting, so a last save that failed is reported before the screens
        are cleared). Not a nested event loop: only this runner's queued results are sent."""
        self.executor.wait()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    @Slot(object)
    def _finish(self, payload: tuple[tuple[bool, Any], Success | None, Failure | None]) -> None:
        (ok, value), success, failure = payload
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self._progress_timer.stop()
            if self._announced:
                self._announced = False
                self.busy_changed.emit(False, "")
        try:
            if ok:
                if success is not None:
                    success(value)
            elif failure is not None:
                failure(value)
            else:
                self.failed.emit(value)
        finally:
            if self._pending == 0:
                self.idle.emit()

    def _announce(self) -> None:
        if self._pending:
            self._announced = True
            self.busy_changed.emit(True, self._label)
