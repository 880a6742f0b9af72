"""Print or export the summaries of several sessions at once — by default today's.

The coach picks a range of days and ticks the sessions (ui/documents/batch_picker.py), then
prints them as one job or exports one PDF each into a folder. The PDFs are made on the
workbook's worker thread with progress and cancel; nothing is written or printed until every
summary is ready, so a cancel leaves nothing behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.documents.batch_picker import BatchPicker
from ui.documents.print_jobs import PrintJobs
from ui.kit import recent
from ui.kit.state import WorkbookState
from workbook import dates
from workbook.documents.batch import Cancelled, RenderedSummary, export_summaries, render_summaries
from workbook.errors import WorkbookError
from workbook.wording import count

# `choose_export(start, accept)` calls `accept(folder, password_or_None)` once the coach chose
# where to export (or never).
FolderChooser = Callable[[Path, Callable[[Path, str | None], None]], None]

NOT_ENCRYPTED = ("These PDFs are NOT encrypted: anyone who gets the files can read them. "
                 "They hold what the learners see — the sections that were shared when they "
                 "were made.")
PROTECTED = ("Each PDF opens only with the password you chose; tell it to the learners in "
             "person, not with the files.")


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    step = Signal(int, int)


class BatchSummariesDialog(QDialog):
    finished_work = Signal(bool, str)  # ok, the sentence shown (for tests and the status bar)

    def __init__(self, state: WorkbookState, printing: PrintJobs,
                 parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Summaries of several sessions")
        self.state = state
        self.printing = printing
        self.choose_export: FolderChooser = self._export_dialog
        self.native_dialogs = True
        self.folder: Path | None = None
        self._today = today or dates.today()
        self._cancel = threading.Event()
        self._busy = False
        self._progress = _Progress(self)
        self._progress.step.connect(self._step)
        self._build()
        self._own_print = False  # the print job under way is this dialog's
        self._close_when_done = False
        printing.progressed.connect(self._printing_step)
        printing.busy_changed.connect(lambda _busy: self._update())
        state.closing.connect(self.cancel)  # before the lock waits for the worker
        state.closed.connect(self._on_closed)
        self.show_days(self._today, self._today)

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        picker = self.picker = BatchPicker(self.state, self._today, self)
        picker.ticks_changed.connect(self._update)
        # Reachable on the dialog too: to a caller it is one dialog, whatever its parts.
        self.first, self.last, self.list = picker.first, picker.last, picker.list
        self.today_button, self.week_button = picker.today_button, picker.week_button
        self.all_button, self.none_button = picker.all_button, picker.none_button
        self.count_label, self.contents_note = picker.count_label, picker.contents_note

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)

        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print the ticked summaries as one job; no file is written")
        self.print_button.clicked.connect(self.print_ticked)
        self.export_button = QPushButton("&Export PDFs…")
        self.export_button.setToolTip("Write one PDF per ticked session into a folder "
                                      "(NOT encrypted)")
        self.export_button.clicked.connect(self.ask_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addWidget(picker, 1)
        layout.addLayout(running)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.progress.hide()
        self.cancel_button.hide()
        self.resize(720, 520)

    # -- the list ----------------------------------------------------------------------
    def show_days(self, first: date, last: date) -> None:
        self.picker.show_days(first, last)

    def days(self) -> tuple[date, date]:
        return self.picker.days()

    def ticked(self) -> list[int]:
        return self.picker.ticked()

    def _update(self) -> None:
        chosen = len(self.ticked())
        self.picker.show_count()
        can = chosen > 0 and not self._busy and self.state.is_open
        self.print_button.setEnabled(can and not self.printing.busy)
        self.export_button.setEnabled(can)
        self.picker.set_busy(self._busy)
        self.progress.setVisible(self._busy)
        self.cancel_button.setVisible(self._busy)
        self.picker.show_contents()

    # -- running -----------------------------------------------------------------------
    def _begin(self, label: str, total: int) -> None:
        self._busy = True
        self._cancel.clear()
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.progress.setFormat(f"{label} %v of %m")
        self.status.clear()
        self._update()

    def _end(self, ok: bool, sentence: str) -> None:
        self._busy = False
        self._update()
        self.status.setText(sentence)
        self.finished_work.emit(ok, sentence)
        if self._close_when_done:
            QDialog.reject(self)

    def reject(self) -> None:
        """Close (or Esc) while working cancels, and closes once the work has stopped: the
        work reports back to this dialog."""
        if self._busy:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def _step(self, done: int, total: int) -> None:
        if self._busy:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel(self) -> None:
        self._cancel.set()
        if self._own_print:
            self.printing.cancel()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled | WorkbookError):
            self._end(False, exc.sentence)
            return
        self._end(False, "")
        self.state.runner.failed.emit(exc)

    # printing: summaries made on the worker, then one print job
    def print_ticked(self) -> None:
        ids = self.ticked()
        if not ids or self._busy or not self.picker.days_as_typed():
            return
        self._begin("Preparing", len(ids))
        self.state.call(render_summaries, ids, progress=self._progress.step.emit,
                        cancelled=self._cancel.is_set, success=self._print_rendered,
                        failure=self._failed, label="Preparing the summaries…")

    def _print_rendered(self, rendered: list[RenderedSummary]) -> None:
        if self._cancel.is_set() or not self.state.is_open or self.state.is_closing:
            self._end(False, "Cancelled: nothing was printed.")
            return
        self.progress.setFormat("Printing page %v of %m")
        self.progress.setValue(0)
        self._own_print = True
        self.printing.print_documents([r.data for r in rendered], show_progress=False,
                                      done=self._printed)

    def _printing_step(self, done: int, total: int) -> None:
        if self._own_print:
            self._step(done, total)

    def _printed(self, ok: bool, sentence: str) -> None:
        self._own_print = False
        if self._busy:
            self._end(ok, sentence or "Nothing was printed.")
            if self.printing.printer_missing:
                self.export_button.setFocus()  # the sentence says to export instead

    # exporting: every PDF made, then all written into the folder (or none)
    def ask_export(self) -> None:
        if not self.ticked() or self._busy or not self.picker.days_as_typed():
            return
        start = self.folder or recent.export_folder()
        self.choose_export(start, self.export_to)

    def _export_dialog(self, start: Path, accept: Callable[[Path, str | None], None]) -> None:
        from ui.documents.export_pdf_dialog import ExportPdfDialog

        dialog = ExportPdfDialog("Export the summaries (PDF)", start, self,
                                 noun="summaries", folder=True)
        dialog.native_dialogs = self.native_dialogs
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.export_requested.connect(accept)
        dialog.open()

    def export_to(self, folder: Path | str, password: str | None = None) -> None:
        ids = self.ticked()
        if not ids or self._busy or not self.state.is_open:
            return
        self.folder = Path(folder)
        recent.remember_export_folder(self.folder)
        self._begin("Writing", len(ids))
        self.state.call(export_summaries, ids, self.folder, password=password or None,
                        progress=self._progress.step.emit, cancelled=self._cancel.is_set,
                        success=lambda written: self._exported(written, bool(password)),
                        failure=self._failed, label="Writing the summaries…")

    def _exported(self, written: list[Path], protected: bool) -> None:
        n = len(written)
        self._end(True, f"Saved {count(n, 'summary', 'summaries')} to {self.folder}. "
                        f"{PROTECTED if protected else NOT_ENCRYPTED}")

    # -- locking -----------------------------------------------------------------------
    def _on_closed(self) -> None:
        self.cancel()
        self.picker.clear()
        self.status.clear()
        self._busy = False  # the lock waited for the workbook's thread; a print stops alone
        QDialog.reject(self)
