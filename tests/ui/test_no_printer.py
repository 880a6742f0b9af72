"""A computer with no printer set up (the offscreen platform has none): printing says so in
plain words and offers Export PDF… for the same document, instead of blaming a printer that
is not there."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from tests.records import noted_session
from tests.ui.test_document_actions import PRIVATE, SHARED, make_actions
from ui.documents.print_jobs import NO_PRINTER, PrintJobs, printers_available
from ui.kit.state import WorkbookState

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_the_offscreen_platform_has_no_printer() -> None:
    assert QPrinterInfo.availablePrinterNames() == []
    assert not printers_available()


def test_printing_without_a_printer_says_so_and_opens_no_print_dialog(  # type: ignore[no-untyped-def]
        demo_state: WorkbookState, qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    jobs = PrintJobs(demo_state, parent)  # the real chooser
    done: list[tuple[bool, str]] = []
    jobs.print_documents([b"%PDF-1.4 not printed"], done=lambda ok, text: done.append((ok, text)))
    assert done == [(False, NO_PRINTER)] and jobs.printer_missing and not jobs.busy
    assert parent.findChildren(QPrintDialog) == []
    assert "switched on" not in NO_PRINTER and "No printer is set up" in NO_PRINTER


def _export_button(box: QMessageBox) -> QPushButton:
    return next(b for b in box.buttons() if b.text().replace("&", "") == "Export PDF…")


@pytest.mark.parametrize("what", ["summary", "portfolio"])
def test_the_message_offers_export_pdf_of_the_same_document(  # type: ignore[no-untyped-def]
        demo_state: WorkbookState, qtbot, tmp_path: Path, what: str) -> None:
    assert demo_state.vault is not None
    session_id, coachee_id = noted_session(demo_state.vault.db, SHARED, PRIVATE)
    target = tmp_path / f"{what}.pdf"
    actions, asked, chosen = make_actions(demo_state, qtbot, target)
    actions.confirm_print = lambda _contents, go: go()
    chosen.session, chosen.coachee = session_id, coachee_id
    finished: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *args: finished.append(args))

    (actions.print_summary if what == "summary" else actions.print_portfolio)()

    qtbot.waitUntil(lambda: actions.last_message is not None)
    box = actions.last_message
    assert box is not None and box.text() == NO_PRINTER
    assert ("print", False, NO_PRINTER) in finished and asked == []
    qtbot.mouseClick(_export_button(box), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=10000)
    assert len(asked) == 1 and asked[0].noun == what
    text = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(target).pages)
    assert "Coach only" not in text


def test_close_exports_nothing(demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert demo_state.vault is not None
    _session_id, coachee_id = noted_session(demo_state.vault.db, SHARED, PRIVATE)
    actions, asked, chosen = make_actions(demo_state, qtbot, tmp_path / "never.pdf")
    chosen.coachee = coachee_id
    actions.print_portfolio()
    qtbot.waitUntil(lambda: actions.last_message is not None)
    box = actions.last_message
    assert box is not None
    box.button(QMessageBox.StandardButton.Close).click()
    assert asked == [] and not (tmp_path / "never.pdf").exists()
