"""The documents from the main window: the session header's Preview / Print… / Export PDF…
buttons, Ctrl+P, the menus, and a lock while a preview is open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMenu, QPushButton

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from tests.ui.test_main_window import unlock
from ui.window.main_window import MainWindow
from ui.window.panes import SESSIONS
from workbook import coachees

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NAME = "Nguyễn Thị Hoa"
TYPED = "Agreed to ask for feedback after each night shift"
PRIVATE = "Coach only: sounds exhausted"


def open_session(window: MainWindow, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(window, qtbot, path, PASSPHRASE)
    window.state.call(coachees.add, NAME)
    cid = coachees.list_coachees(window.state.vault.db)[0].id  # type: ignore[union-attr]
    window.coachee_list.select_coachee(cid)
    window.show_tab(SESSIONS)
    window.sessions.editor.new_session(cid, "grow")
    editors = window.sessions.editor.section_editors()
    shared = next(s for s in editors if not s.is_private())
    private = next(s for s in editors if s.is_private())
    private.text_edit.setFocus()
    type_text(private.text_edit, PRIVATE)
    shared.text_edit.setFocus()
    type_text(shared.text_edit, TYPED)  # not yet saved: the debounce has not run


def printer_to(window: MainWindow, target: Path) -> None:
    def ask(printer: QPrinter, accept: Callable[[], None]) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        accept()

    window.document_actions.printing.ask_printer = ask


def header_button(window: MainWindow, text: str) -> QPushButton:
    return next(b for b in window.sessions.editor.header.findChildren(QPushButton)
                if b.text() == text)


def test_preview_button_shows_the_last_words_typed_and_no_private_note(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    open_session(window, qtbot, workbook_path)
    button = header_button(window, "Preview")
    assert button.isEnabled() and "Ctrl+Alt+P" in button.toolTip()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    preview = window.document_actions.last_preview
    assert preview is not None and preview.isVisible()
    document = preview.pdf.document
    text = " ".join(document.getAllText(p).text() for p in range(document.pageCount()))
    assert TYPED in " ".join(text.split()) and NAME in text
    assert "exhausted" not in text


def test_ctrl_p_prints_the_open_session(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                        workbook_path: Path, tmp_path: Path) -> None:
    open_session(window, qtbot, workbook_path)
    target = tmp_path / "printer" / "out.pdf"
    target.parent.mkdir()
    printer_to(window, target)

    qtbot.keyClick(window.sessions.editor.section_editors()[0].text_edit, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier)
    # what will be printed comes first; Enter goes on to the printer
    qtbot.waitUntil(lambda: window.document_actions.last_message is not None, timeout=5000)
    question = window.document_actions.last_message
    assert question is not None and "Printed for the learner" in question.informativeText()
    qtbot.keyClick(question, Qt.Key.Key_Return)

    qtbot.waitUntil(target.exists, timeout=10000)
    assert len(pypdf.PdfReader(target).pages) >= 1
    assert list(target.parent.iterdir()) == [target]
    qtbot.waitUntil(lambda: "Sent" in window.statusBar().currentMessage(), timeout=5000)


def test_lock_with_a_preview_open_closes_it_and_leaves_no_name(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    open_session(window, qtbot, workbook_path)
    window.document_actions.preview_summary_action.trigger()
    preview = window.document_actions.last_preview
    assert preview is not None and preview.isVisible()

    window.lock()

    assert not preview.isVisible()
    assert not any(NAME in t for t in visible_texts(window))
    assert not header_button(window, "Print…").isEnabled()


def test_the_documents_are_in_the_menus(window: MainWindow) -> None:
    docs = window.document_actions
    menus = {m.title().replace("&", ""): m.actions() for m in window.menuBar().findChildren(QMenu)}
    assert {docs.preview_summary_action, docs.print_summary_action,
            docs.export_summary_action} <= set(menus["Session"])
    assert {docs.preview_portfolio_action, docs.print_portfolio_action,
            docs.export_portfolio_action} <= set(menus["Coachee"])
    assert docs.batch_action in menus["File"]
    assert docs.batch_action.shortcut().toString() == "Ctrl+Shift+B"
