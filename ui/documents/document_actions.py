"""The documents the learner receives — a session summary, a coachee's portfolio — as the
coach previews, prints and exports them; and the summaries of several sessions at once.

The PDF is always made on the workbook's worker thread through `state.call`. Preview and
print keep it in memory; export asks where (and whether to protect it with a password) in
`ExportPdfDialog`, replaceable by `choose_export`, and then says plainly whether the file is
encrypted. Printing runs on a thread of its own (`PrintJobs`).

Before a session summary is shown, printed or written, the coach sees which sections it
prints and which it leaves out (`workbook.privacy`): in the preview, in the export dialog,
and in a question before the print dialog (`confirm_print`, replaceable).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.documents.document_contents import describe
from ui.kit.state import WorkbookState
from ui.window.file_tasks import FileTasks, Icon
from workbook import coachees, dates, privacy, sessions
from workbook.documents.output import file_name
from workbook.privacy import DocumentContents

if TYPE_CHECKING:  # QtPdf and QtPrintSupport load when a document is first shown or printed
    from ui.documents.batch_dialog import BatchSummariesDialog
    from ui.documents.pdf_preview import PdfPreview
    from ui.documents.print_jobs import PrintJobs

NO_SESSION = "Open a session first."
NO_COACHEE = "Choose a coachee first."
NOT_ENCRYPTED = ("This PDF is NOT encrypted: anyone who gets the file can read it. It holds "
                 "what the learner sees — the sections that were shared when it was made.")
PROTECTED = ("The PDF opens only with the password you chose; tell it to the learner in "
             "person, not with the file. It holds the sections that were shared when it was "
             "made.")
SUMMARY, PORTFOLIO = "Session summary", "Portfolio summary"

# `choose_export(title, suggested, noun, accept)` calls `accept(path, password_or_None)`
# once the coach chose where to export (or never).
ExportChooser = Callable[[str, Path, str, Callable[[Path, str | None], None]], None]
# `confirm_print(contents, go)` says what the summary holds and calls `go()` once the coach
# chose to print it (or never).
PrintConfirmer = Callable[[DocumentContents, Callable[[], None]], None]
PRINT_QUESTION = "Print the session summary?"


def _summary_name(db: Any, session_id: int) -> str:
    session = sessions.get(db, session_id)
    coachee = coachees.get(db, session.coachee_id)
    return file_name("summary", coachee.name, session.scheduled_at[:10])


def _portfolio_name(db: Any, coachee_id: int) -> str:
    return file_name("portfolio", coachees.get(db, coachee_id).name,
                     f"{dates.today()}")


def _summary_facts(db: Any, session_id: int) -> tuple[str, DocumentContents]:
    return _summary_name(db, session_id), privacy.document_contents(db, session_id)


def _portfolio_facts(db: Any, coachee_id: int) -> tuple[str, None]:
    return _portfolio_name(db, coachee_id), None


# reportlab is loaded when a document is first made, not at launch
def _summary_pdf(db: Any, session_id: int) -> bytes:
    from workbook.documents.summary import session_summary_pdf

    return session_summary_pdf(db, session_id)


def _summary_with_contents(db: Any, session_id: int) -> tuple[bytes, DocumentContents]:
    """One read on the worker: what is printed, and the list of what it holds."""
    return _summary_pdf(db, session_id), privacy.document_contents(db, session_id)


def _portfolio_pdf(db: Any, coachee_id: int) -> bytes:
    from workbook.documents.portfolio import portfolio_pdf

    return portfolio_pdf(db, coachee_id)


def _write_summary(db: Any, session_id: int, path: Path, password: str | None) -> Path:
    from workbook.documents.summary import write_session_summary

    return write_session_summary(db, session_id, path, password=password)


def _write_portfolio(db: Any, coachee_id: int, path: Path, password: str | None) -> Path:
    from workbook.documents.portfolio import write_portfolio

    return write_portfolio(db, coachee_id, path, password=password)


class DocumentActions(FileTasks):
    """Owns the document QActions; the main window puts them in its menus and buttons."""

    def __init__(self, state: WorkbookState, parent_widget: QWidget,
                 current_session: Callable[[], int | None],
                 current_coachee: Callable[[], int | None]) -> None:
        super().__init__(state, parent_widget)
        self.current_session = current_session
        self.current_coachee = current_coachee
        self.choose_export: ExportChooser = self._export_dialog
        self.confirm_print: PrintConfirmer = self._print_question
        self._export_instead: Callable[[], None] | None = None  # when there is no printer
        self._export_contents: DocumentContents | None = None  # for the next export dialog
        self._printing: PrintJobs | None = None
        self.last_preview: PdfPreview | None = None
        self.last_batch: BatchSummariesDialog | None = None
        action = self._action
        self.preview_summary_action = action(
            "Previe&w session summary", self.preview_summary,
            "Show the open session's summary as the learner will get it", "Ctrl+Alt+P")
        self.print_summary_action = action(
            "P&rint session summary…", self.print_summary,
            "Print the open session's summary; no file is written", "Ctrl+P")
        self.export_summary_action = action(
            "&Export session summary (PDF)…", self.ask_export_summary,
            "Save the open session's summary for the learner as a PDF", "Ctrl+Shift+P")
        self.preview_portfolio_action = action(
            "Preview p&ortfolio", self.preview_portfolio,
            "Show the chosen coachee's portfolio summary")
        self.print_portfolio_action = action(
            "Print port&folio…", self.print_portfolio,
            "Print the chosen coachee's portfolio summary; no file is written")
        self.export_portfolio_action = action(
            "Export &portfolio (PDF)…", self.ask_export_portfolio,
            "Save the chosen coachee's portfolio summary as a PDF")
        self.batch_action = action(
            "&Summaries of several sessions…", self.open_batch,
            "Print or export the summaries of today's sessions, or of any days",
            "Ctrl+Shift+B")
        state.closed.connect(self._drop_documents)

    @property
    def printing(self) -> PrintJobs:
        if self._printing is None:
            from ui.documents.print_jobs import PrintJobs

            self._printing = PrintJobs(self.state, self.parent_widget)
            self._printing.busy_changed.connect(lambda _busy: self._update_enabled())
        return self._printing

    # -- which record ------------------------------------------------------------------
    def _session(self) -> int | None:
        session_id = self.current_session()
        if session_id is None:
            self._message(Icon.Information, SUMMARY, NO_SESSION).open()
        return session_id

    def _coachee(self) -> int | None:
        coachee_id = self.current_coachee()
        if coachee_id is None:
            self._message(Icon.Information, PORTFOLIO, NO_COACHEE).open()
        return coachee_id

    def _make(self, fn: Callable[[Any, int], Any], record_id: int,
              then: Callable[[Any], None]) -> None:
        if not self.state.is_open:
            return

        def made(data: Any) -> None:
            if self.state.is_open and not self.state.is_closing:  # else: locking meanwhile
                then(data)

        self.state.call(fn, record_id, success=made, label="Making the document…")

    # -- preview -----------------------------------------------------------------------
    def preview_summary(self) -> None:
        session_id = self._session()
        if session_id is not None:
            self._make(_summary_with_contents, session_id, lambda made: self._preview(
                SUMMARY, made[0], lambda: self._ask_export_summary(session_id), made[1]))

    def preview_portfolio(self) -> None:
        coachee_id = self._coachee()
        if coachee_id is not None:
            self._make(_portfolio_pdf, coachee_id, lambda data: self._preview(
                PORTFOLIO, data, lambda: self._ask_export_portfolio(coachee_id)))

    def _preview(self, title: str, data: bytes, export: Callable[[], None],
                 contents: DocumentContents | None = None) -> None:
        from ui.documents.pdf_preview import PdfPreview

        dialog = PdfPreview(title, data, self.parent_widget, contents=contents)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The preview is window-modal, so it closes before the next dialog opens.
        dialog.print_requested.connect(lambda pdf: (dialog.accept(), self._print(pdf, export)))
        dialog.export_requested.connect(lambda: (dialog.accept(), export()))
        dialog.destroyed.connect(lambda *_: self._forget_preview(dialog))
        self.last_preview = dialog
        dialog.open()

    def _forget_preview(self, dialog: PdfPreview) -> None:
        if self.last_preview is dialog:
            self.last_preview = None

    # -- print -------------------------------------------------------------------------
    def print_summary(self) -> None:
        session_id = self._session()
        if session_id is not None and not self.printing.busy:
            self._make(_summary_with_contents, session_id, lambda made: self.confirm_print(
                made[1], lambda: self._print_if_open(
                    made[0], lambda: self._ask_export_summary(session_id))))

    def print_portfolio(self) -> None:
        coachee_id = self._coachee()
        if coachee_id is not None and not self.printing.busy:
            self._make(_portfolio_pdf, coachee_id, lambda data: self._print(
                data, lambda: self._ask_export_portfolio(coachee_id)))

    def _print(self, data: bytes, export: Callable[[], None] | None = None) -> None:
        """Print `data`; `export` makes the same document as a PDF when there is no
        printer to print it on."""
        self._export_instead = export
        self.printing.print_documents([data], done=self._printed)

    def _print_if_open(self, data: bytes, export: Callable[[], None] | None = None) -> None:
        if self.state.is_open and not self.state.is_closing and not self.printing.busy:
            self._print(data, export)

    def _print_question(self, contents: DocumentContents,
                        go: Callable[[], None]) -> None:
        """What the summary prints and leaves out, before the print dialog; Print… goes on."""
        icon = Icon.Warning if contents.made_shared else Icon.Question
        box = self._message(icon, SUMMARY, PRINT_QUESTION, describe(contents))
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        print_button = box.addButton("&Print…", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(print_button)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: box.clickedButton() is print_button and go())
        box.open()

    def _printed(self, ok: bool, sentence: str) -> None:
        if not sentence:
            return  # the print dialog was cancelled
        quiet = self.printing.was_cancelled or not self.state.is_open or self.state.is_closing
        if not ok and not quiet and self.printing.printer_missing:
            self._offer_export(sentence)
        elif not ok and not quiet:  # the coach's own Cancel, or a lock, needs no warning
            self._message(Icon.Warning, "Not printed", sentence).open()
        self.finished.emit("print", ok, sentence)

    def _offer_export(self, sentence: str) -> None:
        """No printer set up: say so, with a button that exports the same document."""
        box = self._message(Icon.Information, "No printer", sentence)
        export, self._export_instead = self._export_instead, None
        if export is not None:
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            button = box.addButton("&Export PDF…", QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(button)
            box.setEscapeButton(QMessageBox.StandardButton.Close)
            # After the box has closed: the export dialog is the next window-modal one.
            box.finished.connect(lambda _r: box.clickedButton() is button and export())
        box.open()

    def _update_enabled(self) -> None:
        super()._update_enabled()
        if getattr(self, "_printing", None) is not None and self.printing.busy:
            self.print_summary_action.setEnabled(False)
            self.print_portfolio_action.setEnabled(False)

    # -- several sessions --------------------------------------------------------------
    def open_batch(self) -> None:
        if not self.state.is_open:
            return
        if self.last_batch is not None and self.last_batch.isVisible():
            self.last_batch.raise_()
            return
        from ui.documents.batch_dialog import BatchSummariesDialog

        dialog = BatchSummariesDialog(self.state, self.printing, self.parent_widget)
        dialog.native_dialogs = self.native_dialogs
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished_work.connect(lambda ok, text: self.finished.emit("batch", ok, text))
        dialog.destroyed.connect(lambda *_: setattr(self, "last_batch", None))
        self.last_batch = dialog
        dialog.open()

    # -- export ------------------------------------------------------------------------
    def ask_export_summary(self) -> None:
        session_id = self._session()
        if session_id is not None:
            self._ask_export_summary(session_id)

    def ask_export_portfolio(self) -> None:
        coachee_id = self._coachee()
        if coachee_id is not None:
            self._ask_export_portfolio(coachee_id)

    def _ask_export_summary(self, session_id: int) -> None:
        self._ask_named("export_summary", "Export session summary (PDF)", "summary",
                        _summary_facts, session_id, self.export_summary)

    def _ask_export_portfolio(self, coachee_id: int) -> None:
        self._ask_named("export_portfolio", "Export portfolio (PDF)", "portfolio",
                        _portfolio_facts, coachee_id, self.export_portfolio)

    def _ask_named(self, what: str, title: str, noun: str,
                   facts: Callable[[Any, int], tuple[str, DocumentContents | None]],
                   record_id: int, then: Callable[[int, Path, str | None], None]) -> None:
        if not self.state.is_open or self._running:
            return

        def accept(path: Path, password: str | None) -> None:
            self._chosen(path)
            then(record_id, path, password)

        def named(found: tuple[str, DocumentContents | None]) -> None:
            if self.state.is_open:  # not locked while the name was looked up
                name, self._export_contents = found
                self.choose_export(title, self._start_folder() / name, noun, accept)
                self._export_contents = None

        self.state.call(facts, record_id, success=named,
                        failure=lambda exc: self._failed(what, "Not exported", exc,
                                                         self._start_folder()))

    def _export_dialog(self, title: str, suggested: Path, noun: str,
                       accept: Callable[[Path, str | None], None]) -> None:
        from ui.documents.export_pdf_dialog import ExportPdfDialog

        dialog = ExportPdfDialog(title, suggested, self.parent_widget, noun=noun,
                                 contents=self._export_contents)
        dialog.native_dialogs = self.native_dialogs
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.export_requested.connect(accept)
        dialog.open()

    def export_summary(self, session_id: int, path: Path | str,
                       password: str | None = None) -> None:
        self._export("export_summary", "session summary", _write_summary, session_id,
                     Path(path), password, "Writing the session summary…")

    def export_portfolio(self, coachee_id: int, path: Path | str,
                         password: str | None = None) -> None:
        self._export("export_portfolio", "portfolio", _write_portfolio, coachee_id,
                     Path(path), password, "Writing the portfolio…")

    def _export(self, what: str, noun: str, fn: Callable[..., Path], record_id: int,
                path: Path, password: str | None, label: str) -> None:
        if not self._may_write(path, what, "Not exported"):
            return

        def done(written: Path) -> None:
            if password:
                self._report(what, True, Icon.Information, "Exported — password-protected",
                             f"Saved the {noun} to {written}.\n\n{PROTECTED}")
            else:
                self._report(what, True, Icon.Warning, "Exported — NOT encrypted",
                             f"Saved the {noun} to {written}.\n\n{NOT_ENCRYPTED}")

        self._call(what, "Not exported", path, done, fn, label, record_id, path,
                   password or None)

    # -- locking -----------------------------------------------------------------------
    def _drop_documents(self) -> None:
        if self._printing is not None:
            self._printing.cancel()
        for dialog in (self.last_preview, self.last_batch):
            if dialog is not None:
                dialog.reject()
