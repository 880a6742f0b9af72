"""Printing the app's PDFs: the system print dialog, then the pages painted on a thread of
their own (the workbook's worker stays free for autosave), with progress and cancel.

No PDF is written for printing: the bytes stay in memory until the printer has the pages.
The job name the print queue keeps is generic and never names a coachee.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from ui.documents.pdf_print import MemoryPdf, PrintFailed, print_pdfs
from ui.kit.ops import Runner, SyncExecutor, ThreadExecutor
from ui.kit.state import WorkbookState
from workbook.documents.batch import Cancelled
from workbook.errors import WorkbookError
from workbook.wording import count

JOB_NAME = "Coach Workbook document"
ALREADY = "A print is already under way; wait for it to finish, or cancel it."
NO_PRINTER = ("No printer is set up on this computer. Export a PDF instead: it can be "
              "printed from another computer, or given to the learner.")

Done = Callable[[bool, str], None]  # printed?, the sentence ("" when nothing needs saying)

# `ask_printer(printer, accept)` lets the coach set up `printer`, then calls `accept()` (or
# never, when the dialog is cancelled).
PrinterChooser = Callable[[QPrinter, Callable[[], None]], None]


def printers_available() -> bool:
    """Whether this computer has any printer set up (the one place that asks)."""
    return bool(QPrinterInfo.availablePrinterNames())


def _page_size(data: bytes) -> QPageSize | None:
    """The document's own paper size, so the print dialog proposes Letter or A4 to match."""
    try:
        pdf = MemoryPdf(data)
    except PrintFailed:
        return None
    try:
        size = pdf.document.pagePointSize(0) if pdf.pages else None
    finally:
        pdf.close()
    if size is None or size.isEmpty():
        return None
    return QPageSize(size, QPageSize.Unit.Point)  # fuzzy: 612×792 is Letter


class PrintJobs(QObject):
    """One print job at a time for a window."""

    progressed = Signal(int, int)  # pages done, pages in the job
    finished = Signal(bool, str)  # every job's end, as its `done` callback hears it
    busy_changed = Signal(bool)  # a print dialog is open or a job is printing

    def __init__(self, state: WorkbookState, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.state = state
        self.parent_widget = parent_widget
        self.ask_printer: PrinterChooser = self._print_dialog
        executor = SyncExecutor() if state.runner.synchronous else ThreadExecutor()
        self.runner = Runner(executor, self)
        self.runner.failed.connect(state.runner.failed)
        self._cancel = threading.Event()
        self._asking = False  # the print dialog is open
        self._running = False  # pages are being painted
        self.was_cancelled = False  # the last job ended by Cancel or a lock
        self.printer_missing = False  # the last request found no printer set up
        self._progress: QProgressDialog | None = None
        self.last_printer: QPrinter | None = None
        self._done_callback: Done | None = None
        state.closing.connect(self.cancel)  # before the lock waits for the workbook's thread
        state.closed.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def busy(self) -> bool:
        return self._asking or self._running

    # -- asking ------------------------------------------------------------------------
    def print_documents(self, documents: Sequence[bytes], *, show_progress: bool = True,
                        done: Done | None = None) -> None:
        """Ask for a printer, then print `documents` as one job; `done(ok, sentence)` is
        called either way, with an empty sentence when the dialog was cancelled. Without
        `show_progress` the caller shows `progressed` itself."""
        if not documents:
            return
        if self.busy:  # told to this caller only: the job under way is someone else's
            if done is not None:
                done(False, ALREADY)
            return
        self._done_callback = done
        self.printer_missing = False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(JOB_NAME)
        size = _page_size(documents[0])
        if size is not None:
            printer.setPageSize(size)
            printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        self.last_printer = printer
        self._set_busy(asking=True)

        def accept() -> None:
            if not self._asking:
                return  # answered already
            if self.state.is_open and not self.state.is_closing:
                self._start(list(documents), printer, show_progress)
            else:  # locked while the dialog was up: print nothing
                self._set_busy(asking=False)
                self._done(False, "")

        self.ask_printer(printer, accept)

    def _dialog_rejected(self) -> None:
        if self._asking:
            self._set_busy(asking=False)
            self._done(False, "")

    def _print_dialog(self, printer: QPrinter, accept: Callable[[], None]) -> None:
        if not printers_available():  # the dialog would offer nothing to print on
            self.printer_missing = True
            self._set_busy(asking=False)
            self._done(False, NO_PRINTER)
            return
        dialog = QPrintDialog(printer, self.parent_widget)
        dialog.setWindowTitle("Print")
        # A file belongs in Export PDF…, which says whether it is encrypted.
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda *_: accept())
        dialog.rejected.connect(self._dialog_rejected)
        QDialog.open(dialog)  # QPrintDialog.open itself insists on a receiver and a slot

    # -- printing ----------------------------------------------------------------------
    def _start(self, documents: list[bytes], printer: QPrinter, show_progress: bool) -> None:
        self._cancel.clear()
        self.was_cancelled = False
        self._set_busy(asking=False, running=True)  # busy throughout: no flicker between
        try:  # loaded here, on the GUI thread, and closed here when the job is over
            pdfs = [MemoryPdf(data) for data in documents]
        except PrintFailed as exc:
            self._done(False, exc.sentence)
            return
        if show_progress:
            self._show_progress()
        cancelled = self._cancel.is_set

        def work() -> int:
            return print_pdfs(pdfs, printer, progress=self.progressed.emit,
                              cancelled=cancelled)

        def closed(then: Callable[[Any], None]) -> Callable[[Any], None]:
            def after(result: Any) -> None:
                for pdf in pdfs:
                    pdf.close()
                then(result)
            return after

        self.runner.submit(work, success=closed(self._printed), failure=closed(self._failed),
                           label="Printing…")

    def cancel(self) -> None:
        """Stop after the page being painted; used by Cancel and when the workbook locks."""
        if self._running:
            self.was_cancelled = True
            self._cancel.set()

    def _printed(self, pages: int) -> None:
        self._done(True, f"Sent {count(pages, 'page')} to the printer.")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.was_cancelled = True
            self._done(False, exc.sentence)
            return
        if isinstance(exc, WorkbookError):
            self._done(False, exc.sentence)
            return
        self._done(False, "")
        self.runner.failed.emit(exc)

    def _done(self, ok: bool, sentence: str) -> None:
        self._close_progress()
        self._set_busy(running=False)
        callback, self._done_callback = self._done_callback, None
        if callback is not None:
            callback(ok, sentence)
        self.finished.emit(ok, sentence)

    def _set_busy(self, *, asking: bool | None = None, running: bool | None = None) -> None:
        before = self.busy
        if asking is not None:
            self._asking = asking
        if running is not None:
            self._running = running
        if self.busy != before:
            self.busy_changed.emit(self.busy)

    # -- progress ----------------------------------------------------------------------
    def _show_progress(self) -> None:
        dialog = QProgressDialog("Printing…", "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle("Printing")
        dialog.setWindowModality(Qt.WindowModality.NonModal)  # setValue must not spin events
        dialog.setMinimumDuration(500)  # a one-page job finishes before it would show
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.progressed.connect(self._advance)
        self._progress = dialog

    def _advance(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)
            self._progress.setLabelText(f"Printing page {min(done + 1, total)} of {total}…")

    def _close_progress(self) -> None:
        if self._progress is not None:
            self.progressed.disconnect(self._advance)
            self._progress.canceled.disconnect(self.cancel)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
