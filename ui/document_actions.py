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

from PySide6.QtWidgets import QWidget

from ui.file_tasks import FileTasks, Icon, PathRequest
from ui.state import WorkbookState
from workbook import coachees, sessions

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


class DocumentActions(FileTasks):
    """Owns the two export QActions; the main window puts them in its menus."""

    def __init__(self, state: WorkbookState, parent_widget: QWidget,
                 current_session: Callable[[], int | None],
                 current_coachee: Callable[[], int | None]) -> None:
        super().__init__(state, parent_widget)
        self.current_session = current_session
        self.current_coachee = current_coachee
        action = self._action
        self.export_summary_action = action(
            "Export session summary (PDF)…", self.ask_export_summary,
            "Write the open session's summary for the learner to a PDF (NOT encrypted)",
            "Ctrl+Shift+P")
        self.export_portfolio_action = action(
            "Export portfolio (PDF)…", self.ask_export_portfolio,
            "Write the chosen coachee's portfolio to a PDF (NOT encrypted)")

    # -- asking ------------------------------------------------------------------------------
    def ask_export_summary(self) -> None:
        session_id = self.current_session()
        if session_id is None:
            self._message(Icon.Information, "Export session summary", NO_SESSION).open()
            return
        self._ask_named("export_summary", "Export session summary (PDF) — NOT encrypted",
                  _summary_name, session_id, self.export_summary)

    def ask_export_portfolio(self) -> None:
        coachee_id = self.current_coachee()
        if coachee_id is None:
            self._message(Icon.Information, "Export portfolio", NO_COACHEE).open()
            return
        self._ask_named("export_portfolio", "Export portfolio (PDF) — NOT encrypted",
                  _portfolio_name, coachee_id, self.export_portfolio)

    def _ask_named(self, what: str, title: str, name_of: Callable[[Any, int], str],
                   record_id: int, then: Callable[[int, Path], None]) -> None:
        if not self.state.is_open or self._running:
            return

        def named(name: str) -> None:
            if not self.state.is_open:  # locked while the name was looked up
                return
            request = PathRequest(True, title, PDF_FILTER, self._start_folder() / name, "pdf")
            self._ask(request, lambda path: then(record_id, path))

        self.state.call(name_of, record_id, success=named,
                        failure=lambda exc: self._failed(what, "Not exported", exc,
                                                         self._start_folder()))

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

        def done(written: Path) -> None:
            self._report(what, True, Icon.Warning, "Exported — NOT encrypted",
                         f"Saved the {noun} to {written}.\n\n{NOT_ENCRYPTED}")

        self._call(what, "Not exported", path, done, fn, label, record_id, path)
