"""A private note never reaches a learner by accident: the keyboard path that once unticked
"Private" (Tab, Space) and printed the coach's notes, the deliberate way to share a section
(a question naming it, Undo, a record in the workbook), and what the preview, print and
export dialogs say before anything leaves the app — all checked in the PDFs themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.test_main_window import unlock
from ui.documents.export_pdf_dialog import ExportPdfDialog
from ui.sessions.section_editor import SectionEditor
from ui.sessions.section_sharing import KEEP_BUTTON, SHARE_BUTTON
from ui.window.main_window import MainWindow
from ui.window.panes import SESSIONS
from ui.window.search_dialog import SearchDialog
from ui.window.search_results import PRIVATE_KIND, PRIVATE_ROLE
from workbook import coachees, notes, privacy, sessions

# the offscreen platform cannot raise a window or grab the keyboard for a popup menu
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                                       "This plugin does not support raise",
                                       "This plugin does not support grabbing the keyboard")

NAME = "Søren Ødegaard"
SHARED = "Agreed to shadow the night team twice"
PRIVATE = "Coach only: sounds exhausted after the divorce"
HEADING = "Coach's private notes"


def start_meeting(window: MainWindow, qtbot, path: Path) -> dict[str, SectionEditor]:  # type: ignore[no-untyped-def]
    unlock(window, qtbot, path, PASSPHRASE)
    window.state.call(coachees.add, NAME)
    cid = coachees.list_coachees(window.state.vault.db)[0].id  # type: ignore[union-attr]
    window.coachee_list.select_coachee(cid)
    window.show_tab(SESSIONS)
    window.sessions.editor.new_session(cid, "grow")
    editors = {e.key: e for e in window.sessions.editor.section_editors()}
    for key, text in (("goal", SHARED), ("coach-private-notes", PRIVATE)):
        focus(qtbot, editors[key].text_edit)
        type_text(editors[key].text_edit, text)
    return editors


def focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    widget.window().activateWindow()  # back from a dialog that had the focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:  # type: ignore[no-untyped-def]
    """`key` as the keyboard sends it: to whatever has the focus; returns what has it next."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)
    return QApplication.focusWidget()


def keyboard(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """`text` as a keyboard types it: each key (Shift for a capital) to what has the focus,
    with its key code, which is what a message box matches its buttons' letters against."""
    for ch in text:
        key = Qt.Key.Key_Space if ch == " " else Qt.Key(ord(ch.upper()))
        press(qtbot, key, Qt.KeyboardModifier.ShiftModifier if ch.isupper()
              else Qt.KeyboardModifier.NoModifier)


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def export_with_keyboard(window: MainWindow, qtbot, target: Path) -> str:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+P, the file named, written by the app's own export; the PDF's text."""
    window.document_actions.choose_export = lambda _t, _s, _n, accept: accept(target, None)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(target.exists, timeout=10000)
    close_the_report(window, qtbot)
    return pdf_text(target)


def close_the_report(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """"Exported — NOT encrypted", read and closed with Enter, as a coach does."""
    qtbot.waitUntil(lambda: window.document_actions.last_message is not None)
    report = window.document_actions.last_message
    assert report is not None and "NOT encrypted" in report.windowTitle()
    qtbot.keyClick(report, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.document_actions.last_message is None)


def shared_in_workbook(window: MainWindow, editor: SectionEditor) -> bool:
    return notes.get_section(window.state.vault.db, editor.section_id).shared  # type: ignore[union-attr]


def test_tab_and_space_from_the_notes_never_share_a_private_section(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, tmp_path: Path) -> None:
    editors = start_meeting(window, qtbot, workbook_path)
    private = editors["coach-private-notes"]
    before = editors["way-forward"]  # the shared section just above the private one
    focus(qtbot, before.text_edit)

    # Tab goes from one section's notes to the next section's notes, never to "Private"
    assert press(qtbot, Qt.Key.Key_Tab) is private.text_edit
    press(qtbot, Qt.Key.Key_Space)
    assert private.private_box.isChecked() and private.is_private()
    # Shift+Tab back, Shift+Tab+Space up the page, then Tab+Space down it again
    assert press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier) is before.text_edit
    press(qtbot, Qt.Key.Key_Space)
    order = window.sessions.editor.section_editors()
    for editor in reversed(order[:-2]):
        assert press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier) is \
            editor.text_edit
        press(qtbot, Qt.Key.Key_Space)
    for editor in order[1:]:
        assert press(qtbot, Qt.Key.Key_Tab) is editor.text_edit
        press(qtbot, Qt.Key.Key_Space)
    assert press(qtbot, Qt.Key.Key_Tab) not in [e.private_box for e in order]

    assert window.sessions.editor.sharing.last_question is None, "nothing asked to share"

    # a stray click on "Private" while the coach keeps typing: no key of hers shares it
    focus(qtbot, private.text_edit)
    qtbot.mouseClick(private.private_box, Qt.MouseButton.LeftButton)
    box = answer(window, qtbot, lambda b: None)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    share = next(b for b in box.buttons() if b is not box.defaultButton())
    assert QApplication.focusWidget() is box.defaultButton()  # Keep private
    keyboard(qtbot, "sSk")
    qtbot.wait(300)  # a button pressed by its letter clicks after a short animation
    assert not shared_in_workbook(window, private), "a typed letter shared the section"
    assert box.isVisible()
    for key, modifier in ((Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier),
                          (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)):
        assert press(qtbot, key, modifier) is not share
    share.setText(f"&{SHARE_BUTTON}")  # as a platform's automatic mnemonics would
    keyboard(qtbot, "sS")
    qtbot.wait(300)
    assert not shared_in_workbook(window, private) and box.isVisible()
    keyboard(qtbot, "so ")  # the space presses the focused button: Keep private
    qtbot.waitUntil(lambda: window.sessions.editor.sharing.last_question is None)
    focus(qtbot, private.text_edit)  # the window is active again: the typing goes on
    keyboard(qtbot, "She kept going")
    qtbot.mouseClick(private.private_box, Qt.MouseButton.LeftButton)
    box = answer(window, qtbot, lambda b: None)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Return)  # Enter after an arrow: still the default, Keep private
    qtbot.waitUntil(lambda: window.sessions.editor.sharing.last_question is None)

    assert private.is_private() and not shared_in_workbook(window, private)
    assert privacy.history(window.state.vault.db, private.section_id) == []  # type: ignore[union-attr]
    focus(qtbot, editors["goal"].text_edit)
    text = export_with_keyboard(window, qtbot, tmp_path / "summary.pdf")
    assert "shadow the night team" in text
    assert "exhausted" not in text and "divorce" not in text and HEADING not in text
    assert "kept going" not in text


def answer(window: MainWindow, qtbot, how: Callable[[QMessageBox], None]) -> QMessageBox:  # type: ignore[no-untyped-def]
    box = window.sessions.editor.sharing.last_question
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    how(box)
    return box


def test_unticking_private_only_asks_and_keep_private_is_the_default(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, tmp_path: Path) -> None:
    editors = start_meeting(window, qtbot, workbook_path)
    private = editors["coach-private-notes"]
    for dismiss in (lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape),
                    lambda box: qtbot.keyClick(box, Qt.Key.Key_Return)):
        qtbot.mouseClick(private.private_box, Qt.MouseButton.LeftButton)
        assert private.private_box.isChecked(), "stays ticked until the coach confirms"
        box = answer(window, qtbot, lambda b: None)
        assert box.text() == f"Share «{HEADING}» with the learner?"
        assert "printed session summary" in box.informativeText()
        assert "«GROW» template keeps this section private" in box.informativeText()
        assert box.defaultButton().text() == KEEP_BUTTON
        assert box.escapeButton() is box.defaultButton()
        dismiss(box)
        qtbot.waitUntil(lambda: window.sessions.editor.sharing.last_question is None)
        assert private.is_private() and not shared_in_workbook(window, private)
    focus(qtbot, editors["goal"].text_edit)
    text = export_with_keyboard(window, qtbot, tmp_path / "summary.pdf")
    assert "exhausted" not in text


def test_sharing_is_confirmed_recorded_printed_and_undone(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, tmp_path: Path) -> None:
    editors = start_meeting(window, qtbot, workbook_path)
    private = editors["coach-private-notes"]
    sharing = window.sessions.editor.sharing
    menus = {m.title().replace("&", ""): m.actions() for m in window.menuBar().findChildren(QMenu)}
    assert {sharing.share_action, sharing.private_action, sharing.undo_action} <= set(
        menus["Session"])
    assert not sharing.undo_action.isEnabled()

    # the keyboard way: Session ▸ Share section with the learner…, on the section written in,
    # then Ctrl+Enter in the question (no bare key chooses Share)
    focus(qtbot, private.text_edit)
    assert sharing.share_action.isEnabled() and not sharing.private_action.isEnabled()
    sharing.share_action.trigger()
    box = answer(window, qtbot, lambda b: None)
    assert sorted(b.text() for b in box.buttons()) == sorted([SHARE_BUTTON, KEEP_BUTTON])
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sharing.last_question is None)
    assert not private.is_private() and shared_in_workbook(window, private)
    assert private.undo_button.isVisibleTo(private)
    assert private.undo_button.focusPolicy() == Qt.FocusPolicy.ClickFocus  # not on Tab's way
    db = window.state.vault.db
    [change] = privacy.history(db, private.section_id)  # type: ignore[union-attr]
    assert change.shared and change.changed_by == notes.account_name()
    assert sharing.undo_action.isEnabled() and HEADING in sharing.undo_action.text()

    # the export dialog says so before writing, and the PDF now holds the notes
    focus(qtbot, editors["goal"].text_edit)
    window.document_actions.export_summary_action.trigger()
    dialog = window.findChildren(ExportPdfDialog)[-1]
    said = dialog.contents_note.text()
    assert f"«{HEADING}» was made shared on" in said and "it will be printed" in said
    assert f"Printed for the learner: «Goal», «{HEADING}»." in said
    assert "never private" not in said
    shared_pdf = tmp_path / "shared.pdf"
    dialog.location.setText(str(shared_pdf))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(shared_pdf.exists, timeout=10000)
    close_the_report(window, qtbot)
    assert "sounds exhausted" in pdf_text(shared_pdf)

    # Undo from the keyboard: the notes' context menu (Menu key), then its letter (H)
    focus(qtbot, private.text_edit)
    where = QPoint(4, 4)
    QApplication.sendEvent(private.text_edit, QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, where, private.text_edit.mapToGlobal(where)))
    menu = next(m for m in QApplication.topLevelWidgets()  # the popup, not the menu bar's
                if isinstance(m, QMenu) and m.isVisible() and sharing.undo_action in m.actions())
    qtbot.keyClick(menu, Qt.Key.Key_H)
    qtbot.waitUntil(private.is_private)
    assert not shared_in_workbook(window, private) and private.private_box.isChecked()
    assert not private.undo_button.isVisibleTo(private)
    assert [c.shared for c in privacy.history(db, private.section_id)] == [True, False]  # type: ignore[union-attr]
    assert not sharing.undo_action.isEnabled()
    focus(qtbot, editors["goal"].text_edit)
    text = export_with_keyboard(window, qtbot, tmp_path / "private-again.pdf")
    assert "shadow the night team" in text and "exhausted" not in text


def test_making_a_shared_section_private_needs_no_question(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    editors = start_meeting(window, qtbot, workbook_path)
    goal = editors["goal"]
    qtbot.mouseClick(goal.private_box, Qt.MouseButton.LeftButton)
    assert goal.is_private() and not shared_in_workbook(window, goal)
    assert window.sessions.editor.sharing.last_question is None
    [change] = privacy.history(window.state.vault.db, goal.section_id)  # type: ignore[union-attr]
    assert change.shared is False


def test_preview_and_print_list_the_sections_before_anything_leaves(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    editors = start_meeting(window, qtbot, workbook_path)
    docs = window.document_actions
    focus(qtbot, editors["goal"].text_edit)
    docs.preview_summary_action.trigger()
    preview = docs.last_preview
    assert preview is not None
    said = preview.contents_note.text()
    assert "Printed for the learner: «Goal»." in said
    assert f"«{HEADING}» (private)" in said and "(nothing written)" in said
    assert not preview.contents_note.warning.isVisibleTo(preview)
    preview.reject()

    # made shared "on 7 Dec": the print question warns before the print dialog opens
    db = window.state.vault.db
    notes.set_shared(db, editors["coach-private-notes"].section_id, True)  # type: ignore[arg-type]
    db.execute("UPDATE section_privacy_changes SET changed_at = '2025-12-07T12:00:00Z'")  # type: ignore[union-attr]
    asked: list[object] = []
    docs.printing.ask_printer = lambda printer, accept: asked.append(printer)
    docs.print_summary_action.trigger()
    question = docs.last_message
    assert question is not None and question.icon() == QMessageBox.Icon.Warning
    detail = question.informativeText()
    assert f"«{HEADING}» was made shared on" in detail and "Dec 2025" in detail
    assert asked == [], "nothing goes to the printer before the coach says so"
    question.button(QMessageBox.StandardButton.Cancel).click()
    assert asked == []


def test_search_results_mark_notes_from_private_sections(qtbot, state) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    cid = coachees.add(db, NAME).id
    sid = sessions.start(db, cid, "grow").id
    keys = {s.key: s.id for s in notes.list_sections(db, sid)}
    notes.save_note(db, keys["goal"], "Marathon training plan")
    notes.save_note(db, keys["coach-private-notes"], "Marathon worries, sleeping badly")
    dialog = SearchDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_query("marathon")
    dialog.search_now()
    rows = {dialog.model.item(r).ref_id: dialog.model.index(r, 0)
            for r in range(dialog.model.rowCount())}
    private, shared = rows[keys["coach-private-notes"]], rows[keys["goal"]]
    assert private.data(PRIVATE_ROLE) is True and shared.data(PRIVATE_ROLE) is False
    assert private.data(Qt.ItemDataRole.DisplayRole).startswith(f"{PRIVATE_KIND}: {HEADING}")
    assert shared.data(Qt.ItemDataRole.DisplayRole).startswith("Note: Goal")
    assert private.data(Qt.ItemDataRole.ToolTipRole).startswith("Private — never printed")
    dialog.results.grab()  # the padlock and the tint paint without complaint


def test_the_summaries_of_several_sessions_list_what_they_leave_out(  # type: ignore[no-untyped-def]
        qtbot, demo_state) -> None:
    from tests.ui.conftest import DEMO_TODAY
    from ui.documents.batch_dialog import BatchSummariesDialog
    from ui.documents.print_jobs import PrintJobs

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = BatchSummariesDialog(demo_state, PrintJobs(demo_state, parent), parent,
                                  today=DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_days(DEMO_TODAY - timedelta(days=60), DEMO_TODAY)
    db = demo_state.vault.db
    with_private = [c for c in privacy.documents_contents(db, dialog.ticked()) if c.private]
    assert with_private, "the demo has held sessions with private sections"
    said = dialog.contents_note.text()
    assert "private section" in said and f"«{with_private[0].private[0]}»" in said
    assert "never private" not in said and not dialog.contents_note.warning.isVisibleTo(dialog)

    section = next(s for s in notes.list_sections(db, with_private[0].session_id)
                   if not s.shared)
    notes.save_note(db, section.id, "Written")
    notes.set_shared(db, section.id, True)
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    warned = dialog.contents_note.warning.label.text()
    assert dialog.contents_note.warning.isVisibleTo(dialog)
    assert f"«{section.heading}» in {with_private[0].coachee_name}'s session of" in warned
    assert "it will be printed" in warned
