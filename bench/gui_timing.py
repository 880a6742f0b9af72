"""How the GUI benchmark times a wait in the real window: `Wait` runs from an action to the
end of the last paint cycle of the screen (the widget or any child) once every workbook call
it started had landed; `Rounds` alternates such waits with their floor (ABAB) after one
warm-up each. `open_window` is the real window, unlocked and settled, that the screen and
search probes (bench/gui_screens.py, bench/gui_search.py) time. See bench/README.md ("The
window").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import WINDOW, CycleEnd, fail, fail_on_error, ns_ms, qt_app

QUIET_MS = 120  # no more results and no more paints of the screen this long: it is done
GIVE_UP_MS = 20_000

Action = Callable[[], None]
Target = Callable[[], Any]  # the widget to watch (resolved after the action: a new dialog)


def subtree_paints(target: Target, on_paint: Callable[[int], None]) -> Any:
    """Call `on_paint(perf_counter_ns)` at each paint event of `target()` or of any widget
    inside it (a screen repaints the children that changed, not always itself)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    class Paints(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                widget = target()
                if widget is not None and (obj is widget or widget.isAncestorOf(obj)):
                    on_paint(time.perf_counter_ns())
            return False

    watcher = Paints()
    QApplication.instance().installEventFilter(watcher)
    return watcher


class Wait:
    """Times one wait in the real window: from an action to the end of the last paint cycle
    of `target` (or a child) once the runner had no call pending, with the calls that landed
    meanwhile and when the worker went idle."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QTimer

        self.runner = window.state.runner
        self.target: Any = None
        self.done: Callable[[dict[str, Any]], None] = lambda _r: None
        self._reset(0)
        self._filter = subtree_paints(lambda: self.target, self._paint)
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._quiet)
        # private: the relay's `done` fires after each result has landed and its callback ran
        self.runner._relay.done.connect(self._landed)

    def _reset(self, t0: int) -> None:
        self.t0 = t0
        self.paints: list[int] = []
        self.ends: list[int] = []
        self.landings: list[int] = []
        self.idle: int | None = None

    def start(self, action: Action, target: Target, done: Callable[[dict[str, Any]], None]
              ) -> None:
        self._reset(time.perf_counter_ns())
        self.done = done
        self.target = None
        action()
        self.target = target()
        if self.runner.pending == 0:
            self.idle = time.perf_counter_ns()
        self.timer.start(QUIET_MS)

    def _paint(self, now: int) -> None:
        self.paints.append(now)
        CycleEnd.arm(self._cycle_end)

    def _cycle_end(self, now: int) -> None:
        if self.target is not None:
            self.ends.append(now)
            self.timer.start(QUIET_MS)

    def _landed(self, _payload: object) -> None:
        if self.target is None:
            return
        now = time.perf_counter_ns()
        self.landings.append(now)
        if self.runner.pending == 0:
            self.idle = now
        self.timer.start(QUIET_MS)

    def _quiet(self) -> None:
        waited = ns_ms(time.perf_counter_ns() - self.t0)
        if (self.idle is None or not self.ends) and waited < GIVE_UP_MS:
            self.timer.start(QUIET_MS)
            return
        if not self.ends:
            fail(f"{self.target!r} never painted after the action")
        t0 = self.t0
        result = {"painted_ms": ns_ms(self.ends[-1] - t0),
                  "first_paint_ms": ns_ms(self.paints[0] - t0),
                  "idle_ms": ns_ms((self.idle or self.ends[-1]) - t0),
                  "results": len(self.landings), "paint_cycles": len(self.ends)}
        self.target = None
        self.done(result)


@dataclass
class Step:
    action: Action  # timed: what the coach does
    target: Target  # the screen that shows the answer
    floor: Action  # the same answer's domain calls, no Qt
    prepare: Action | None = None  # untimed, run to the end before the action (a coachee)


class Rounds:
    """Ours and the floor alternately (A B A B …) after one warm-up of each: ours through a
    `Wait`, the floor a plain call timed on the main thread while nothing else runs."""

    def __init__(self, window: Any, steps: list[Step], finished: Callable[[], None],
                 settle_ms: int = 50) -> None:
        self.window, self.steps, self.finished = window, steps, finished
        self.settle_ms = settle_ms
        self.wait = Wait(window)
        self.ours: list[dict[str, Any]] = []
        self.floor_ms: list[float] = []
        self._i = -1  # the warm-up: the last step (so the first one then changes something)
        self._busy_since = 0.0

    def start(self) -> None:
        if not self.steps:  # nothing of the kind in this workbook (a tiny one)
            self._i = 0
        self._next()

    def _step(self) -> Step:
        return self.steps[self._i]

    def _next(self) -> None:
        from PySide6.QtCore import QTimer

        if self._i >= len(self.steps):
            self.finished()
            return
        step = self._step()
        if step.prepare is not None:
            step.prepare()
        QTimer.singleShot(self.settle_ms, self._when_idle)

    def _when_idle(self) -> None:
        from PySide6.QtCore import QTimer

        if self.window.state.runner.pending:
            self._busy_since = self._busy_since or time.monotonic()
            if time.monotonic() - self._busy_since > GIVE_UP_MS / 1000:
                fail(f"the window never went idle before step {self._i}")  # never a hang
            QTimer.singleShot(self.settle_ms, self._when_idle)
            return
        self._busy_since = 0.0
        step = self._step()
        self.wait.start(step.action, step.target, self._ours)

    def _ours(self, result: dict[str, Any]) -> None:
        from PySide6.QtCore import QTimer

        start = time.perf_counter_ns()
        self._step().floor()
        elapsed = ns_ms(time.perf_counter_ns() - start)
        if self._i >= 0:
            self.ours.append(result)
            self.floor_ms.append(elapsed)
        self._i += 1
        QTimer.singleShot(0, self._next)

    def result(self) -> dict[str, Any]:
        return {"ours": self.ours, "floor_ms": self.floor_ms}


def open_window(path: Path, ready: Callable[[Any], None]) -> tuple[Any, Any]:
    """The real window, unlocked, once every initial load has landed."""
    from PySide6.QtCore import QTimer

    from bench.generate import PASSPHRASE
    from ui.window.main_window import MainWindow

    app = qt_app()
    app.setCursorFlashTime(0)  # a blinking caret would repaint a screen for ever
    window = MainWindow()
    fail_on_error(window)
    window.resize(*WINDOW)

    started = time.monotonic()

    def settled() -> None:
        if not window.state.is_open or window.state.runner.pending:
            if time.monotonic() - started > GIVE_UP_MS / 1000:
                fail(f"the workbook did not open and settle (open: {window.state.is_open}, "
                     f"calls pending: {window.state.runner.pending})")
            QTimer.singleShot(100, settled)
        else:
            QTimer.singleShot(300, lambda: ready(window))

    window.show()
    QTimer.singleShot(300, lambda: window.state.unlock(path, PASSPHRASE))
    QTimer.singleShot(400, settled)
    return app, window
