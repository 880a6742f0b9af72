"""The daily backup the window makes by itself, and what becomes of the backups after a
passphrase change.

When a workbook is opened, once the window has painted it and every load the screens asked
for has landed (so the copy never holds up the first paint or the first screens' loading),
the worker copies it into its backups folder unless that was done today already
(`workbook.backups.backup_if_due`). A copy is quiet: one line in the status bar. A failure is
never quiet: its sentence stays in the status bar until the next backup succeeds or the
workbook is closed.

The copy runs on the worker, not on a thread of its own: it is made through the workbook's
one connection (the vault keeps no key to open a second one, and its exclusive lock would
refuse it), and a connection is used from one thread at a time. Waiting for the runner to
go idle is what keeps the loads from queuing behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStatusBar, QWidget

from ui.kit.messages import StatusLabel
from ui.kit.state import WorkbookState
from ui.start.start_window import is_demo
from ui.window.backups_rekey_dialog import BackupsRekeyDialog
from workbook import backups, dates
from workbook.vault import known_error

FAILED = "Automatic backup failed: "


class AutoBackup(QObject):
    """Owns the daily backup's start (after the first paint, once the loads have landed)
    and the status-bar line that reports it."""

    DELAY_MS = 0  # then this much longer (tests hold the copy back with it)
    finished = Signal(bool, str)  # ok, sentence (also for "not due": ok, "")

    def __init__(self, state: WorkbookState, status_bar: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        self.state = state
        self.parent_widget = parent
        self.status_bar = status_bar
        self.now: Callable[[], datetime] = dates.now
        self.failure = StatusLabel()
        self.failure.setAccessibleName("Automatic backup")
        self.failure.hide()
        status_bar.addPermanentWidget(self.failure)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run)
        self._awaiting_paint = False
        self._awaiting_idle = False
        state.opened.connect(self._opened)
        state.closed.connect(self._closed)
        state.runner.idle.connect(self._runner_idle)

    def _opened(self) -> None:
        if self.state.path is not None and not is_demo(self.state.path):
            self._awaiting_paint = True
            QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self._awaiting_paint and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is self.parent_widget.window()):
            self._stop_watching()
            QTimer.singleShot(0, self, self._painted)  # once this paint cycle is over
        return False

    def _painted(self) -> None:
        if not self.state.is_open:
            return
        if self.state.runner.pending:
            self._awaiting_idle = True  # the screens' loads first
        else:
            self._timer.start(self.DELAY_MS)

    def _runner_idle(self) -> None:
        if self._awaiting_idle:
            self._awaiting_idle = False
            self._timer.start(self.DELAY_MS)

    def _stop_watching(self) -> None:
        if self._awaiting_paint:
            self._awaiting_paint = False
            QApplication.instance().removeEventFilter(self)

    def _closed(self) -> None:
        self._stop_watching()
        self._awaiting_idle = False
        self._timer.stop()
        self.failure.hide()
        self.failure.setText("")

    def run(self) -> None:
        """Back up now if today's copy is not made yet (the timer calls this)."""
        vault = self.state.vault
        if vault is None or not vault.is_open or self.state.is_closing:
            return
        now = self.now()
        self.state.runner.submit(lambda: backups.backup_if_due(vault, now),
                                 success=self._done, failure=self._failed,
                                 label="Backing up…")

    def _done(self, made: backups.Made | None) -> None:
        self.failure.hide()
        self.failure.setText("")
        if made is None:
            self.finished.emit(True, "")
            return
        self.status_bar.showMessage(made.sentence(), 10_000)
        self.finished.emit(True, made.sentence())

    def _failed(self, exc: BaseException) -> None:
        known = known_error(exc, self.state.path or "the workbook")
        if known is None:
            self.state.runner.failed.emit(exc)  # a bug: the bug dialog, never silence
            return
        text = FAILED + known.sentence
        self.failure.show_message(text, "error")
        self.failure.setToolTip(text)
        self.failure.show()
        self.finished.emit(False, text)

    # -- after a passphrase change -------------------------------------------------------
    def passphrase_changed(self) -> None:
        """Ask what becomes of the automatic backups, which still open with the old
        passphrase (if there are any)."""
        vault = self.state.vault
        if vault is None or not vault.is_open:
            return

        def found() -> int:
            return len(backups.list_backups(backups.configured_folder(vault), vault.path.stem))

        self.state.runner.submit(found, success=self._ask_about_backups,
                                 failure=self._failed, label="Looking for backups…")

    def _ask_about_backups(self, count: int) -> None:
        if count == 0 or not self.state.is_open:
            return
        dialog = BackupsRekeyDialog(self.state, count, self.parent_widget)
        dialog.done_with.connect(lambda text: self.status_bar.showMessage(text, 10_000))
        dialog.open()
