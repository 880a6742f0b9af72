"""Print or export the summaries of several sessions at once — by default today's.

The coach picks a range of days, ticks the sessions (cancelled and no-show ones start
unticked), then prints them as one job or exports one PDF each into a folder. The PDFs are
made on the workbook's worker thread with progress and cancel; nothing is written or printed
until every summary is ready, so a cancel leaves nothing behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.documents.document_contents import ContentsNote
from ui.documents.print_jobs import PrintJobs
from ui.kit import recent
from ui.kit.date_field import DateField
from ui.kit.dates import format_date, format_time
from ui.kit.palette import visible_checks
from ui.kit.state import WorkbookState
from workbook import changes
from workbook.documents.batch import (
    BatchSession,
    Cancelled,
    RenderedSummary,
    export_summaries,
    render_summaries,
    sessions_between,
    worth_summarising,
)
from workbook.errors import WorkbookError
from workbook.privacy import DocumentContents, documents_contents
from workbook.wording import count

# `choose_export(start, accept)` calls `accept(folder, password_or_None)` once the coach chose
# where to export (or never).
FolderChooser = Callable[[Path, Callable[[Path, str | None], None]], None]

NOT_ENCRYPTED = ("These PDFs are NOT encrypted: anyone who gets the files can read them. "
                 "They hold what the learners see — the sections that were shared when they "
                 "were made.")
NONE_TICKED = "Tick the sessions whose summaries you want; what each prints is listed here."
PROTECTED = ("Each PDF opens only with the password you chose; tell it to the learners in "
             "person, not with the files.")
_STATUS = {"held": "held", "scheduled": "planned", "cancelled": "cancelled",
           "no-show": "no-show"}


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    step = Signal(int, int)


def _row_text(s: BatchSession) -> str:
    parts = [f"{format_date(s.scheduled_at)} {format_time(s.scheduled_at)}", s.coachee,
             s.title or s.template_name]
    text = " · ".join(p for p in parts if p)
    status = _STATUS.get(s.status, s.status)
    return f"{text} ({status})" if s.status != "held" else text


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
        self._today = today or changes.today()
        self._cancel = threading.Event()
        self._busy = False
        self._generation = 0
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
        self.first = self._date_edit("From")
        self.last = self._date_edit("To")
        self.today_button = QPushButton("To&day")
        self.today_button.clicked.connect(lambda: self.show_days(self._today, self._today))
        self.week_button = QPushButton("This &week")
        monday = self._today - timedelta(days=self._today.weekday())
        self.week_button.clicked.connect(
            lambda: self.show_days(monday, monday + timedelta(days=6)))
        days = QHBoxLayout()
        for text, edit in (("&From", self.first), ("&To", self.last)):
            label = QLabel(text)
            label.setBuddy(edit)
            days.addWidget(label)
            days.addWidget(edit)
        days.addWidget(self.today_button)
        days.addWidget(self.week_button)
        days.addStretch(1)

        self.list = QListWidget()
        self.list.setAccessibleName("Sessions to include")
        visible_checks(self.list)
        self.list.itemChanged.connect(lambda _item: self._update())
        self.count_label = QLabel()
        self.all_button = QPushButton("Tick &all")
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        self.none_button = QPushButton("Tick &none")
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        ticks = QHBoxLayout()
        ticks.addWidget(self.count_label, 1)
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)

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

        # what the ticked summaries print and leave out, before anything is printed or written
        note = self.contents_note = ContentsNote(self)
        note.show_plain(NONE_TICKED)
        self._contents_for: tuple[int, ...] = ()
        layout = QVBoxLayout(self)
        layout.addLayout(days)
        layout.addWidget(self.list, 1)
        layout.addLayout(ticks)
        layout.addWidget(note)
        layout.addLayout(running)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.progress.hide()
        self.cancel_button.hide()
        self.resize(720, 520)

    def _date_edit(self, name: str) -> DateField:
        edit = DateField()  # a date it cannot read is said under it; the list stays as it was
        edit.line.installEventFilter(self)
        edit.setAccessibleName(f"{name} date")
        edit.dateChanged.connect(lambda _d: self._reload())
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in a date reads it and stops there: passed on, it would press the dialog's
        # first button (To-day), replacing the day just typed.
        if (event.type() == QEvent.Type.KeyPress and watched in (self.first.line, self.last.line)
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            (self.first if watched is self.first.line else self.last).read()
            return True
        return super().eventFilter(watched, event)

    # -- the list ----------------------------------------------------------------------
    def show_days(self, first: date, last: date) -> None:
        for edit, day in ((self.first, first), (self.last, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self._reload()

    def days(self) -> tuple[date, date]:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        return (first, last) if first <= last else (last, first)

    def _reload(self) -> None:
        self._generation += 1
        generation = self._generation
        first, last = self.days()
        self.state.call(sessions_between, first, last,
                        success=lambda rows: self._fill(rows, generation))

    def _fill(self, rows: list[BatchSession], generation: int) -> None:
        if generation != self._generation:
            return  # a later range was asked for meanwhile
        self.list.blockSignals(True)
        self.list.clear()
        for s in rows:
            item = QListWidgetItem(_row_text(s))
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            wanted = worth_summarising(s, self._today)
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update()

    def ticked(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)
        self.list.blockSignals(False)
        self._update()

    def _update(self) -> None:
        total, chosen = self.list.count(), len(self.ticked())
        if total == 0:
            self.count_label.setText("No sessions on these days.")
        else:
            self.count_label.setText(f"{chosen} of {total} ticked")
        can = chosen > 0 and not self._busy and self.state.is_open
        self.print_button.setEnabled(can and not self.printing.busy)
        self.export_button.setEnabled(can)
        for widget in (self.first, self.last, self.today_button, self.week_button,
                       self.list, self.all_button, self.none_button):
            widget.setEnabled(not self._busy)
        self.progress.setVisible(self._busy)
        self.cancel_button.setVisible(self._busy)
        self._show_contents()

    def _show_contents(self) -> None:
        ids = tuple(self.ticked())
        if ids == self._contents_for or not self.state.is_open:
            return
        self._contents_for = ids
        if not ids:
            self.contents_note.show_plain(NONE_TICKED)
            return

        def show(many: list[DocumentContents]) -> None:
            if ids == self._contents_for:  # not ticked otherwise meanwhile
                self.contents_note.show_many(many)

        self.state.call(documents_contents, list(ids), success=show)

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
    def _days_as_typed(self) -> bool:
        """Whether the list is of the days typed. A date it cannot read keeps the caret there
        (its sentence is under it); days read just now (Alt+P left no field) reload the list,
        to be ticked before anything is printed or written."""
        asked = self._generation
        for edit in (self.first, self.last):
            edit.read()
        for edit in (self.first, self.last):
            if edit.text_problem():
                edit.line.setFocus()
                return False
        return asked == self._generation

    def print_ticked(self) -> None:
        ids = self.ticked()
        if not ids or self._busy or not self._days_as_typed():
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
        if not self.ticked() or self._busy or not self._days_as_typed():
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
        self.list.clear()
        self.status.clear()
        self.contents_note.show_plain("")  # its warnings name coachees
        self._busy = False  # the lock waited for the workbook's thread; a print stops alone
        QDialog.reject(self)
