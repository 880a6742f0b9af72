"""Lock after inactivity (KeePassXC's way): one single-shot timer, restarted by input.

Input is watched where it arrives, on the app's windows (the main window, each dialog as
it takes the focus), not by an app-wide filter: that one would see every event of every
widget (1,500 for one session opened), each handed to Python.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}
RETRY_MS = 2_000


class IdleLock(QObject):
    """Emits `lock_now` after `minutes` without keyboard or mouse input in any of the app's
    windows."""

    lock_now = Signal()

    def __init__(self, minutes: float, busy: Callable[[], bool] = lambda: False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)
        self._watching = False
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._interval = max(1, int(minutes * 60_000))
        self._timer.setInterval(self._interval)

    def start(self) -> None:
        self._watch(True)
        self._timer.start(self._interval)

    def stop(self) -> None:
        self._timer.stop()
        self._watch(False)

    def _watch(self, on: bool) -> None:
        # Nothing is locked until a workbook is open, so nothing is watched before: the
        # start page paints without handing a single event to Python.
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication) or on == self._watching:
            return
        self._watching = on
        if on:
            app.focusWindowChanged.connect(self._follow)
        else:
            app.focusWindowChanged.disconnect(self._follow)
        for window in app.topLevelWindows():
            if on:
                window.installEventFilter(self)
            else:
                window.removeEventFilter(self)

    def _follow(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # once: Qt keeps one entry per filter

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start(self._interval)
        return False

    def _expired(self) -> None:
        # Never lock in the middle of a write: try again shortly after it finishes.
        if self._busy():
            self._timer.start(RETRY_MS)
            return
        self.lock_now.emit()
