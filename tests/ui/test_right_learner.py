"""The right learner, every time: the tabs and Ctrl+N act only on a coachee the list shows
selected, and Ctrl+N takes the coach into the session's notes (or into the meeting she
already has today, instead of a duplicate)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from tests.ui.test_main_window import unlock
from ui.coachees.coachee_rows import NAME
from ui.kit import recent
from ui.sessions.new_session_dialog import NewSessionDialog
from ui.window.main_window import MainWindow
from ui.window.panes import COACHEE_LIST_SHOWN, OVERVIEW, SESSIONS
from workbook import coachees, goals, sessions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HANA, ZOE = "Hana Yoshida", "Zoë Kowalczyk"
DAY = date(2026, 3, 15)
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def _open(window: MainWindow, qtbot, path: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    unlock(window, qtbot, path, PASSPHRASE)
    state = window.state
    state.call(coachees.add, HANA, program="MD program")
    state.call(coachees.add, ZOE, program="MD program")
    window.sessions.editor.today = lambda: DAY
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return {c.name: c.id for c in coachees.list_coachees(state.vault.db)}


def _click(window: MainWindow, qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    listing = window.coachee_list
    proxy = listing.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, NAME).data() == name)
    view = listing.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(proxy.index(row, NAME)).center())
    assert listing.current_coachee() is not None


def _panes(window: MainWindow) -> str:
    return "\n".join(visible_texts(tab) for tab in (window.overview, window.values,
                                                     window.goals, window.sessions))


def _dialog(window: MainWindow, qtbot) -> NewSessionDialog | None:  # type: ignore[no-untyped-def]
    """The New session dialog if Ctrl+N opened one, active as a window manager makes it
    (the offscreen platform leaves that to the test)."""
    shown = [d for d in window.findChildren(NewSessionDialog) if d.isVisible()]
    if not shown:
        return None
    shown[-1].activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown[-1])
    return shown[-1]


def _typing_in(window: MainWindow, qtbot, notes: object) -> None:  # type: ignore[no-untyped-def]
    """The keyboard is in `notes` once the window is active again, as a window manager makes
    it when the dialog closes."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is notes)


def test_a_filter_that_hides_her_leaves_nobody_for_ctrl_n_to_act_on(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    ids = _open(window, qtbot, workbook_path)
    db = window.state.vault.db
    earlier = sessions.start(db, ids[HANA], "grow", scheduled_at="2026-03-01T09:00").id
    _click(window, qtbot, HANA)
    assert window.tabs.currentIndex() == OVERVIEW and HANA in _panes(window)
    window.sessions.open_session(earlier)  # her last meeting, open in the Sessions tab
    assert window.sessions.current_session_id() == earlier

    qtbot.keyClick(window.coachee_list.view, Qt.Key.Key_F, CTRL_SHIFT)
    edit = window.coachee_list.filter_edit
    qtbot.waitUntil(edit.hasFocus)
    type_text(edit, "zo")
    qtbot.keyClick(edit, Qt.Key.Key_N, CTRL)  # new session
    dialog = _dialog(window, qtbot)
    if dialog is not None:  # it must not open; if it did, Enter would start the session
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.keyClick(edit, Qt.Key.Key_G, CTRL_SHIFT)  # new goal
    assert [s.id for s in sessions.list_sessions(db, ids[HANA])] == [earlier]
    assert goals.list_goals(db, ids[HANA]) == []
    assert HANA not in _panes(window) and "Hana" not in window.windowTitle()
    assert window.coachee_list.current_coachee() is None  # what documents would print
    assert window.sessions.current_session_id() is None
    for action in (window.sessions.editor.new_session_action, window.goals.new_goal_action,
                   window.coachee_list.edit_action, window.coachee_list.trash_action):
        assert not action.isEnabled(), action.text()

    edit.clear()  # she is shown again: chosen again, and shown and acted on alike
    assert window.coachee_list.current_coachee() == ids[HANA]
    assert HANA in _panes(window)
    assert window.sessions.editor.new_session_action.isEnabled()


def test_ctrl_n_on_overview_opens_the_new_session_with_the_caret_in_its_notes(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    ids = _open(window, qtbot, workbook_path)
    _click(window, qtbot, ZOE)
    assert window.tabs.currentIndex() == OVERVIEW
    qtbot.keyClick(window.coachee_list.view, Qt.Key.Key_N, CTRL)
    dialog = _dialog(window, qtbot)
    assert dialog is not None and ZOE in dialog.for_label.text()
    assert ZOE in dialog.windowTitle() and not dialog.existing_box.isVisibleTo(dialog)
    assert dialog.select_template("grow")
    qtbot.keyClick(dialog.templates, Qt.Key.Key_Return)
    made = sessions.list_sessions(window.state.vault.db, ids[ZOE])
    assert len(made) == 1
    editor = window.sessions.editor
    assert window.tabs.currentIndex() == SESSIONS and editor.session_id == made[0].id
    first = editor.section_editors()[0].text_edit
    _typing_in(window, qtbot, first)
    type_text(first, "What she wants from today")
    assert first.toPlainText() == "What she wants from today"


@pytest.mark.parametrize(("when", "status", "says"), [
    ("2026-03-15T16:30", "scheduled", "already has a meeting today"),
    ("2026-03-01T09:00", "scheduled", "still marked scheduled"),
])
def test_ctrl_n_offers_the_meeting_she_already_has_and_enter_opens_it(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, when: str, status: str,
        says: str) -> None:
    ids = _open(window, qtbot, workbook_path)
    db = window.state.vault.db
    existing = sessions.start(db, ids[ZOE], "grow", scheduled_at=when, status=status).id
    _click(window, qtbot, ZOE)
    window.show_tab(OVERVIEW)
    qtbot.keyClick(window.coachee_list.view, Qt.Key.Key_N, CTRL)
    dialog = _dialog(window, qtbot)
    assert dialog is not None and dialog.existing_box.isVisibleTo(dialog)
    assert says in dialog.existing_label.text() and ZOE in dialog.existing_label.text()
    assert dialog.open_existing.isChecked() and dialog.opens_existing()
    assert dialog.start_button.text() == "Open meeting" and not dialog.templates.isEnabled()
    qtbot.keyClick(dialog.open_existing, Qt.Key.Key_Return)  # the default: open it
    assert [s.id for s in sessions.list_sessions(db, ids[ZOE])] == [existing]
    editor = window.sessions.editor
    assert window.tabs.currentIndex() == SESSIONS and editor.session_id == existing
    first = editor.section_editors()[0].text_edit
    _typing_in(window, qtbot, first)


def test_the_coach_can_still_start_a_second_session_on_purpose(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    ids = _open(window, qtbot, workbook_path)
    db = window.state.vault.db
    existing = sessions.start(db, ids[HANA], "grow", scheduled_at="2026-03-15T08:00",
                              status="held").id
    _click(window, qtbot, HANA)
    qtbot.keyClick(window.coachee_list.view, Qt.Key.Key_N, CTRL)
    dialog = _dialog(window, qtbot)
    assert dialog is not None and dialog.opens_existing()
    qtbot.keyClick(dialog.open_existing, Qt.Key.Key_Down)  # arrows move between the two
    assert dialog.start_new.isChecked() and dialog.templates.isEnabled()
    assert dialog.start_button.text() == "Start session"
    qtbot.keyClick(dialog.templates, Qt.Key.Key_Return)
    made = [s.id for s in sessions.list_sessions(db, ids[HANA])]
    assert len(made) == 2 and existing in made
    assert window.sessions.editor.session_id == next(s for s in made if s != existing)


def test_folded_away_the_list_comes_back_to_be_filtered(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    ids = _open(window, qtbot, workbook_path)
    _click(window, qtbot, HANA)
    window.show_tab(SESSIONS)
    window.sessions.editor.new_session(ids[HANA], "grow")
    notes = window.sessions.editor.section_editors()[0].text_edit
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    listing, action = window.coachee_list, window.coachee_list_action
    qtbot.keyClick(notes, Qt.Key.Key_F9)  # writing mode
    assert listing.isHidden() and not action.isChecked()
    assert not recent.layout_flag(COACHEE_LIST_SHOWN, True)

    qtbot.keyClick(notes, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.waitUntil(listing.filter_edit.hasFocus)
    assert listing.isVisible() and listing.filter_edit.isVisible() and action.isChecked()
    assert recent.layout_flag(COACHEE_LIST_SHOWN, False)
    type_text(listing.filter_edit, "zo")  # what she filters, she sees
    assert listing.filter_edit.text() == "zo" and notes.toPlainText() == ""
    assert listing.current_coachee() is None and window.sessions.current_session_id() is None
    listing.filter_edit.clear()
    assert listing.current_coachee() == ids[HANA]


def test_a_record_of_another_learner_brings_the_folded_list_back(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    ids = _open(window, qtbot, workbook_path)
    db = window.state.vault.db
    hers = sessions.start(db, ids[HANA], "grow", scheduled_at="2026-03-01T09:00").id
    zoes = sessions.start(db, ids[ZOE], "grow", scheduled_at="2026-03-02T09:00").id
    _click(window, qtbot, HANA)
    listing, action = window.coachee_list, window.coachee_list_action
    action.trigger()
    assert listing.isHidden()
    window.open_record("session", hers)  # as from search or Today: the same learner
    assert window.sessions.current_session_id() == hers
    assert listing.isHidden() and not action.isChecked()
    type_text(listing.filter_edit, "hana")  # a filter that hides the other one
    window.open_record("session", zoes)
    assert window.sessions.current_session_id() == zoes
    assert listing.isVisible() and action.isChecked()
    assert recent.layout_flag(COACHEE_LIST_SHOWN, False)
    assert listing.current_coachee() == ids[ZOE] and listing.filter_edit.text() == ""
