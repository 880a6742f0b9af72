"""Export a session summary or a coachee's portfolio as PDF: the documents the learner receives.

Same pattern as the File menu's actions: a file dialog that does not block (replaceable by
`choose_path`), the work on the workbook's worker thread through `state.call`, then a message
box that says plainly the PDF is NOT encrypted and holds only what the learner sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.file_actions import PathChooser, PathRequest
from ui.state import WorkbookState
from workbook import coachees, sessions
from workbook.errors import WorkbookError
from workbook.vault import known_error

Icon = QMessageBox.Icon

NO_SESSION = "Open a session first."
NO_COACHEE = "Choose a coachee first."
NOT_ENCRYPTED = ("This PDF is NOT encrypted: anyone who gets the file can read it. It holds "
                 "what the learner sees — the shared sections only, never private notes.")
PDF_FILTER = "PDF documents (*.pdf)"

# Characters no common file system accepts in a name; everything else (accents, any script)
# stays as the coach typed it.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def file_name(kind: str, name: str, day: str) -> str:
    """"summary-Zoë Kowalczyk-2026-03-01.pdf": the coachee's name as shown, made safe."""
    safe = _UNSAFE.sub("-", name).strip(" .-")
    return f"{kind}-{safe}-{day}.pdf" if safe else f"{kind}-{day}.pdf"


def _summary_name(db: Any, session_id: int) -> str:
    session = sessions.get(db, session_id)
    coachee = coachees.get(db, session.coachee_id)
    return file_name("summary", coachee.display_name, session.scheduled_at[:10])


def _portfolio_name(db: Any, coachee_id: int) -> str:
    return file_name("portfolio", coachees.get(db, coachee_id).display_name,
                     f"{date.today():%Y-%m-%d}")


def _write_summary(db: Any, session_id: int, path: Path) -> Path:
    from workbook.documents.summary import write_session_summary  # reportlab: load when used

    return write_session_summary(db, session_id, path)


def _write_portfolio(db: Any, coachee_id: int, path: Path) -> Path:
    from workbook.documents.portfolio import write_portfolio

    return write_portfolio(db, coachee_id, path)


class DocumentActions(QObject):
    """Owns the two export QActions; the main window puts them in its menus."""

    finished = Signal(str, bool, str)  # what ("export_summary" | "export_portfolio"), ok, text

    def __init__(self, state: WorkbookState, parent_widget: QWidget,
                 current_session: Callable[[], int | None],
                 current_coachee: Callable[[], int | None]) -> None:
        super().__init__(parent_widget)
        self.state = state
        self.parent_widget = parent_widget
        self.current_session = current_session
        self.current_coachee = current_coachee
        self.choose_path: PathChooser = self._file_dialog
        self.native_dialogs = True
        self.last_message: QMessageBox | None = None
        self._folder: Path | None = None
        self._running = False

        def action(text: str, slot: Callable[[], None], tip: str, keys: str = "") -> QAction:
            act = QAction(text, self)
            if keys:
                act.setShortcut(QKeySequence(keys))
                tip += f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            return act

        self.export_summary_action = action(
            "Export session summary (PDF)…", self.ask_export_summary,
            "Write the open session's summary for the learner to a PDF (NOT encrypted)",
            "Ctrl+Shift+P")
        self.export_portfolio_action = action(
            "Export portfolio (PDF)…", self.ask_export_portfolio,
            "Write the chosen coachee's portfolio to a PDF (NOT encrypted)")
        self.all_actions = [self.export_summary_action, self.export_portfolio_action]
        state.opened.connect(self._update_enabled)
        state.closed.connect(self._on_closed)
        state.runner.busy_changed.connect(self._busy_changed)
        self._update_enabled()

    # -- asking ------------------------------------------------------------------------------
    def ask_export_summary(self) -> None:
        session_id = self.current_session()
        if session_id is None:
            self._message(Icon.Information, "Export session summary", NO_SESSION).open()
            return
        self._ask("export_summary", "Export session summary (PDF) — NOT encrypted",
                  _summary_name, session_id, self.export_summary)

    def ask_export_portfolio(self) -> None:
        coachee_id = self.current_coachee()
        if coachee_id is None:
            self._message(Icon.Information, "Export portfolio", NO_COACHEE).open()
            return
        self._ask("export_portfolio", "Export portfolio (PDF) — NOT encrypted",
                  _portfolio_name, coachee_id, self.export_portfolio)

    def _ask(self, what: str, title: str, name_of: Callable[[Any, int], str], record_id: int,
             then: Callable[[int, Path], None]) -> None:
        if not self.state.is_open or self._running:
            return

        def named(name: str) -> None:
            if not self.state.is_open:  # locked while the name was looked up
                return

            def accept(path: Path) -> None:
                self._folder = path.parent
                then(record_id, path)

            self.choose_path(PathRequest(True, title, PDF_FILTER, self._start_folder() / name,
                                         "pdf"), accept)

        self.state.call(name_of, record_id, success=named,
                        failure=lambda exc: self._failed(what, "Not exported", exc,
                                                         self._start_folder()))

    def _start_folder(self) -> Path:
        if self._folder is not None:
            return self._folder
        return self.state.path.parent if self.state.path is not None else Path.home()

    def _file_dialog(self, request: PathRequest, accept: Callable[[Path], None]) -> None:
        dialog = QFileDialog(self.parent_widget, request.title, str(request.suggested),
                             request.name_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(request.default_suffix)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.native_dialogs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: accept(Path(chosen)))
        dialog.open()

    # -- the work ----------------------------------------------------------------------------
    def export_summary(self, session_id: int, path: Path | str) -> None:
        self._export("export_summary", "session summary", _write_summary, session_id,
                     Path(path), "Writing the session summary…")

    def export_portfolio(self, coachee_id: int, path: Path | str) -> None:
        self._export("export_portfolio", "portfolio", _write_portfolio, coachee_id,
                     Path(path), "Writing the portfolio…")

    def _export(self, what: str, noun: str, fn: Callable[[Any, int, Path], Path],
                record_id: int, path: Path, label: str) -> None:
        if self._is_workbook(path):
            self._report(what, False, Icon.Warning, "Not exported",
                         "The PDF cannot overwrite the workbook itself; choose another name.")
            return
        if not self.state.is_open or not self._begin():
            return

        def done(written: Path) -> None:
            self._report(what, True, Icon.Warning, "Exported — NOT encrypted",
                         f"Saved the {noun} to {written}.\n\n{NOT_ENCRYPTED}")

        self.state.call(fn, record_id, path, success=done, label=label,
                        failure=lambda exc: self._failed(what, "Not exported", exc, path))

    # -- reporting ---------------------------------------------------------------------------
    def _is_workbook(self, path: Path) -> bool:
        own = self.state.path
        try:
            return own is not None and path.exists() and path.resolve() == own.resolve()
        except OSError:
            return False

    def _begin(self) -> bool:
        if self._running:
            return False
        self._running = True
        self._update_enabled()
        return True

    def _failed(self, what: str, title: str, exc: BaseException, path: Path) -> None:
        known = exc if isinstance(exc, WorkbookError) else known_error(exc, path)
        if known is None:
            self._end()
            self.state.runner.failed.emit(exc)  # a bug: the main window's bug dialog
            return
        self._report(what, False, Icon.Warning, title, known.sentence)

    def _report(self, what: str, ok: bool, icon: Icon, title: str, text: str) -> None:
        self._end()
        self._message(icon, title, text).open()
        self.finished.emit(what, ok, text)

    def _message(self, icon: Icon, title: str, text: str) -> QMessageBox:
        if self.last_message is not None:
            self.last_message.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: self._forget(box))
        self.last_message = box
        return box

    def _forget(self, box: QMessageBox) -> None:
        if self.last_message is box:
            self.last_message = None

    def _end(self) -> None:
        self._running = False
        self.parent_widget.unsetCursor()
        self._update_enabled()

    def _busy_changed(self, busy: bool, _label: str) -> None:
        if busy and self._running:
            self.parent_widget.setCursor(Qt.CursorShape.BusyCursor)

    def _update_enabled(self) -> None:
        for act in self.all_actions:
            act.setEnabled(self.state.is_open and not self._running)

    def _on_closed(self) -> None:
        if self.last_message is not None:
            self.last_message.close()  # its text names the file, which may name the coachee
        self._end()
