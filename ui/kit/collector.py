"""Python's garbage collector, run on the GUI thread only.

Automatic collection runs on whichever thread happens to cross an allocation threshold:
the workbook's worker, the print thread, a warm-up thread. When such a collection frees the
last reference to a Qt wrapper, the Qt object is deleted off the GUI thread while the GUI
thread may be painting it — a crash (seen: a paint event segfaulting while a thread was
importing a module). So automatic collection is switched off and the GUI thread collects,
generation by generation, on a timer (the approach pyqtgraph takes for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)

    def collect(self) -> None:
        """Collect the generations whose thresholds were crossed, as gc would have."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] > thresholds[0]:
            gc.collect(0)
            if counts[1] > thresholds[1]:
                gc.collect(1)
                if counts[2] > thresholds[2]:
                    gc.collect(2)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


_installed: MainThreadCollector | None = None


def install(app: QObject) -> MainThreadCollector:
    """Once per process, owned by the application object."""
    global _installed
    if _installed is None:
        _installed = MainThreadCollector(app)
    return _installed
