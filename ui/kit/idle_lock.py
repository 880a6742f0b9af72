"""Lock after inactivity (KeePassXC's way): one app-wide event filter, one single-shot timer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}
RETRY_MS = 2_000


class IdleLock(QObject):
    """Emits `lock_now` after `minutes` without keyboard or mouse input anywhere in the app."""

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
        # The filter sees every event of every object in the app, and handing each one to
        # Python makes PySide build the Python types of its receiver (123 enum classes,
        # 15 ms, before the start page's first paint). Nothing is locked until a workbook
        # is open, so the filter is there only while the timer runs.
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

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
