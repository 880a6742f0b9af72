"""The program director's window: coaches' report files in, the program summary out.

Each time the list of files changes they are read and merged (`workbook.program.merge`, as
one call through a `Runner`, so it can run on the worker); the window then shows how many
coaches' reports of which period, the headline figures as they would be published at the
chosen threshold, and which tables are withheld — or the one sentence saying which file
cannot be merged, with Save disabled. "Save summary…" asks for a folder and writes
program-summary.pdf, .json and the CSV tables there (`workbook.program.output.write_summary`),
asking once before it replaces an earlier summary.

No coachee data is involved (a report holds counts only), nothing is logged and no temporary
file is made here. The domain loads when first used: importing this module at launch loads
neither pydantic nor reportlab.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit import recent
from ui.kit.errors_dialog import show_bug
from ui.kit.messages import ErrorLabel, StatusLabel, alive
from ui.kit.ops import Runner, SyncExecutor
from ui.program.preview import SummaryPreview, ThresholdRow
from ui.program.report_list import ReportList, report_paths
from ui.start.unlock_dialog import heading_font
from workbook.errors import WorkbookError

if TYPE_CHECKING:
    from workbook.program.merge import Merged, PublishedTable

TITLE = "Program summary from coaches' reports"
INTRO = ("A coach's program report holds counts only, never a name or a note. Add the "
         "reports of one period: the program office merges them here, and what it publishes "
         "has its small counts suppressed.")
EMPTY = "Add the coaches' report files (.json), or drop them on this window."
READING = "Reading the reports…"
SUMMARY_FILES = ("program-summary.json", "program-summary.pdf")  # as write_summary names them
TABLES_FOLDER = "program-summary tables"


def existing_summary(folder: Path) -> list[Path]:
    """The files of an earlier program summary in `folder`, which saving would replace."""
    from workbook.program import tables

    found = [folder / name for name in SUMMARY_FILES]
    found += [folder / TABLES_FOLDER / f"{spec.key}.csv" for spec in tables.SPECS]
    return [path for path in found if path.exists()]


class ProgramSummaryWindow(QDialog):
    """Add reports (`add_paths`, the `add_button`'s dialog, or a drop), see the preview,
    `save_to(folder)` (the `save_button` asks for the folder in `folder_dialog`).

    `merged` is the current merge (None while the files do not merge); `runner` runs the
    reading and the writing — the caller's worker, or calls made at once when none is given.
    """

    def __init__(self, parent: QWidget | None = None, *, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        if runner is None:
            runner = Runner(SyncExecutor(), self)
            runner.failed.connect(lambda exc: show_bug(self, exc))
        self.runner = runner
        self.native_dialogs = False  # the Qt dialog: kept in `folder_dialog`, tests drive it
        self.merged: Merged | None = None
        self.published: list[PublishedTable] = []
        self.folder_dialog: QFileDialog | None = None
        self.replace_question: QMessageBox | None = None
        self.saved: list[Path] = []  # what the last save wrote
        self._generation = 0  # of the list: a late merge of an older list is dropped
        self._saving = False
        self._folder: Path | None = None

        title = QLabel(TITLE)
        title.setFont(heading_font(self, 1.25))
        title.setWordWrap(True)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.reports = ReportList(self)
        self.add_button = self.reports.add_button
        self.list = self.reports.list
        self.remove_button = self.reports.remove_button
        self.reports.changed.connect(self.reread)

        self.threshold_row = ThresholdRow()
        self.threshold = self.threshold_row.box
        self.threshold.valueChanged.connect(self._threshold_changed)
        self.error = ErrorLabel(self)
        self.preview = SummaryPreview(self)
        self.status = StatusLabel()
        self.status.setAccessibleName("Saved summary")
        self.status.reserve_lines(2)

        self.save_button = QPushButton("&Save summary…")
        self.save_button.setAccessibleName("Save summary")
        self.save_button.setToolTip("Choose a folder and write program-summary.pdf, its JSON "
                                    "and CSV tables there")
        self.save_button.clicked.connect(self.choose_folder)
        self.preview_button = QPushButton("Pre&view…")
        self.preview_button.setAccessibleName("Preview the summary")
        self.preview_button.setToolTip("The program summary's pages as they will be saved: "
                                       "the tables, the GAS chart, meetings by quarter")
        self.preview_button.clicked.connect(self.preview_pdf)
        self.pdf_preview: QDialog | None = None
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setToolTip("Close this window (Esc)")
        self.close_button.clicked.connect(self.reject)

        right = QVBoxLayout()
        right.addWidget(self.threshold_row)
        right.addWidget(self.error)
        right.addWidget(self.preview, 1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self.reports, 2)
        columns.addLayout(right, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        # Enter saves (a focused button takes Enter itself); set once the button is in the
        # dialog, or the dialog makes the first button after the focus its default (Remove)
        self.save_button.setDefault(True)
        for a, b in itertools.pairwise(self.focus_chain()):
            self.setTabOrder(a, b)
        self._fit_size()
        self._show_state()
        self.add_button.setFocus()

    def focus_chain(self) -> list[QWidget]:
        """What Tab walks through, in order."""
        return [self.add_button, self.list, self.remove_button, self.threshold,
                self.preview_button, self.save_button, self.close_button]

    def _fit_size(self) -> None:
        chars, lines = self.fontMetrics().averageCharWidth(), self.fontMetrics().lineSpacing()
        width, height = chars * 120, lines * 30
        screen = self.screen()
        if screen is not None:  # never larger than the screen's free part (1024×600 too)
            free = screen.availableGeometry()
            width, height = min(width, free.width() - 40), min(height, free.height() - 60)
        self.resize(max(width, self.minimumSizeHint().width()),
                    max(height, self.minimumSizeHint().height()))

    # -- the files ----------------------------------------------------------------------
    def add_paths(self, paths: Iterable[Path | str]) -> int:
        """Add report files (a file listed already is not added again); how many were."""
        return self.reports.add_paths(paths)

    def reread(self) -> None:
        """Read and merge the listed files again (the list changed)."""
        self._generation += 1
        generation, paths = self._generation, self.reports.paths()
        self.merged, self.published = None, []
        self.error.clear_error()
        self.status.show_message("")
        if not paths:
            self._show_state()
            return
        self.preview.show_nothing(READING)
        self._show_state()

        def read() -> Merged:
            from workbook.program.merge import merge, read_reports

            return merge(read_reports(paths))

        self.runner.submit(read, success=lambda merged: self._merged(generation, merged),
                           failure=lambda exc: self._not_merged(generation, exc),
                           label=READING)

    def _merged(self, generation: int, merged: Merged) -> None:
        if not alive(self) or generation != self._generation:
            return
        self.merged = merged
        self._show_state()

    def _not_merged(self, generation: int, exc: BaseException) -> None:
        if not alive(self) or generation != self._generation:
            return
        if not isinstance(exc, WorkbookError):
            self.preview.show_nothing("")
            self._show_state()
            self.runner.failed.emit(exc)  # a bug: the bug dialog
            return
        self.preview.show_nothing("")
        self.error.show_error(exc.sentence)  # names the file
        self._show_state()

    def _threshold_changed(self) -> None:
        self.status.show_message("")
        self._show_state()

    def _show_state(self) -> None:
        if self.merged is not None:
            self.published = self.preview.show_merged(self.merged, self.threshold.value())
        elif not self.reports.paths():
            self.preview.show_nothing(EMPTY)
        self.save_button.setEnabled(self.merged is not None and not self._saving)
        self.preview_button.setEnabled(self.merged is not None)

    # -- drops --------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._offer(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._offer(event)

    @staticmethod
    def _offer(event: QDragMoveEvent) -> None:
        """Taken only when it brings report files (.json), so other drags show "no"."""
        if report_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        found = report_paths(event.mimeData())
        if not found:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(found)

    # -- saving -------------------------------------------------------------------------
    def choose_folder(self) -> None:
        """The folder dialog (shown with `open()`: no nested event loop), then `save_to`."""
        if self.merged is None or self._saving:
            return
        if self.folder_dialog is not None:
            self.folder_dialog.deleteLater()
        start = self._folder or recent.export_folder()
        dialog = QFileDialog(self, "Save the program summary into", str(start))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.native_dialogs)
        dialog.fileSelected.connect(lambda chosen: chosen and self.save_to(Path(chosen)))
        self.folder_dialog = dialog
        dialog.open()

    def save_to(self, folder: Path) -> None:
        """Write the summary into `folder`, asking first if one is there already."""
        if self.merged is None or self._saving:
            return
        self._folder = folder
        if not existing_summary(folder):
            self._write(folder, force=False)
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Replace the program summary",
                          f"Replace the program summary in «{folder}»?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText("Its PDF, JSON and CSV tables are replaced by this one's.")
        replace = box.addButton("&Replace", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: box.clickedButton() is replace
                             and self._write(folder, force=True))
        self.replace_question = box
        box.open()

    def preview_pdf(self) -> None:
        """The summary's pages in the app's PDF preview, made in memory (nothing written);
        its Save button is this window's."""
        if self.merged is None or not alive(self):
            return
        merged, threshold = self.merged, self.threshold.value()

        def make() -> bytes:
            from workbook.documents.program import program_summary_pdf
            from workbook.program.merge import publish
            from workbook.program.output import headlines

            published = publish(merged, threshold)
            return program_summary_pdf(merged, published, headlines(published, threshold),
                                       threshold)

        self.runner.submit(make, success=self._show_pdf, label="Laying out the summary…")

    def _show_pdf(self, data: bytes) -> None:
        if not alive(self):
            return
        from ui.documents.pdf_preview import PdfPreview

        preview = PdfPreview("Program summary", data, self)
        preview.print_button.hide()  # printed from the saved PDF, like any file
        preview.contents_note.show_plain("Counts only: no name, note or date finer than a "
                                         "quarter.")
        preview.export_button.setText("&Save summary…")
        preview.export_requested.connect(lambda: (preview.accept(), self.choose_folder()))
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pdf_preview = preview
        preview.open()

    def _write(self, folder: Path, *, force: bool) -> None:
        if self.merged is None or self._saving or not alive(self):
            return
        merged, threshold = self.merged, self.threshold.value()
        self._saving = True
        self.status.show_message("Saving the program summary…")
        self._show_state()

        def write() -> list[Path]:
            from workbook.program.output import write_summary

            return write_summary(merged, folder, threshold, force=force)

        self.runner.submit(write, success=self._after_save(folder, True),
                           failure=self._after_save(folder, False),
                           label="Saving the program summary…")

    def _after_save(self, folder: Path, ok: bool) -> Callable[[Any], None]:
        def done(outcome: Any) -> None:
            if not alive(self):
                return
            self._saving = False
            self._show_state()
            if ok:
                self.saved = list(outcome)
                pdf = next(p for p in self.saved if p.suffix == ".pdf")
                self.status.show_message(f"Saved: the PDF is «{pdf}»; its JSON and CSV "
                                         "tables are beside it.", "ok")
                return
            from workbook.vault import known_error

            where = (Path(outcome.filename) if isinstance(outcome, OSError)
                     and isinstance(outcome.filename, str) else folder / SUMMARY_FILES[1])
            known = known_error(outcome, where)
            if known is None:
                self.status.show_message("")
                self.runner.failed.emit(outcome)
                return
            self.status.show_message(f"Not saved: {known.sentence}", "error")

        return done


def open_program_summary(parent: QWidget | None, *,
                         runner: Runner | None = None) -> ProgramSummaryWindow:
    """The window, shown (not modal: files can be dropped from elsewhere); it deletes itself
    when closed."""
    window = ProgramSummaryWindow(parent, runner=runner)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
