"""The whole window as a coach uses it: unlock, take notes, lock, come back, find things."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
)
from shiboken6 import isValid

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.start.unlock_dialog import UnlockDialog
from ui.window.main_window import MainWindow
from ui.window.panes import OVERVIEW, SESSIONS
from ui.window.search_dialog import SearchDialog
from workbook import actions, coachees, goals, notes, sessions, trash, values, vault

NAME = "Nguyễn Thị Hoa"
OTHER = "Zoë Kowalczyk"


def unlock(window: MainWindow, qtbot, path: Path, passphrase: str) -> UnlockDialog:  # type: ignore[no-untyped-def]
    window.ask_unlock(path)
    dialog = window.findChildren(UnlockDialog)[-1]
    field = dialog.field
    field.setText(passphrase)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    return dialog


def test_wrong_passphrase_then_right_one(window: MainWindow, qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = unlock(window, qtbot, workbook_path, "not the passphrase at all")
    assert "does not open" in dialog.error_text
    assert not window.state.is_open and window.pages.currentWidget() is window.start
    dialog.field.setText(PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert window.state.is_open and window.pages.currentWidget() is window.workspace


def test_a_meeting_from_start_to_reopen(window: MainWindow, qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.auto_backup.DELAY_MS = 60_000  # its encrypted daily copy is test_auto_backup's
    unlock(window, qtbot, workbook_path, PASSPHRASE)
    state = window.state
    state.call(coachees.add, NAME, level="MS3", program="MD program")
    cid = coachees.list_coachees(state.vault.db)[0].id
    state.call(values.add, cid, "Curiosity", reflection="Asking why keeps me going.")
    vid = values.list_values(state.vault.db, cid)[0].id
    ladder = {-2: "No abstract", -1: "Outline only", 0: "Abstract submitted",
              1: "Accepted as poster", 2: "Accepted as talk"}
    state.call(goals.add, cid, "Submit a research abstract", domain="scholarship",
               ladder=ladder, value_ids=[vid])
    window.coachee_list.select_coachee(cid)
    assert window.tabs.currentIndex() == OVERVIEW
    assert NAME in visible_texts(window.coachee_list)

    window.show_tab(SESSIONS)
    editor = window.sessions.editor
    editor.new_session(cid, "grow")
    sid = editor.session_id
    assert sid is not None
    sections = editor.section_editors()
    shared = next(s for s in sections if not s.is_private())
    private = next(s for s in sections if s.is_private())
    shared.text_edit.setFocus()
    type_text(shared.text_edit, "Wants to present at the regional meeting — café chat. ")
    editor.insert_prompt()
    type_text(private.text_edit, "Private: seemed tired after nights.")
    qtbot.waitUntil(editor.autosaver.is_idle, timeout=5000)  # the debounce, then the save
    body = {s.id: s.body for s in notes.list_sections(state.vault.db, sid)}
    assert body[shared.section_id].startswith("Wants to present at the regional meeting — café")
    assert "**Q:**" in body[shared.section_id] or "Q:" in body[shared.section_id]
    assert body[private.section_id] == "Private: seemed tired after nights."
    state.call(actions.add, cid, "Draft the abstract", session_id=sid, owner="coachee",
               due_date="2030-01-15")

    type_text(shared.text_edit, "Last words before closing.")
    window.close()  # closing saves what the debounce had not yet written
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        detail = sessions.detail(v.db, sid)
        shared_body = next(s.body for s in detail.sections if s.id == shared.section_id)
        assert shared_body.endswith("Last words before closing.")
        assert [a.text for a in detail.actions] == ["Draft the abstract"]
        goal = goals.list_goals(v.db, cid)[0]
        assert goal.ladder[1] == "Accepted as poster" and goal.value_ids == (vid,)
    # Nothing about the coachee was written anywhere but the encrypted workbook.
    assert sorted(p.name for p in workbook_path.parent.iterdir()) == ["coach.cwb",
                                                                     "coach.cwb.lock"]
    config = Path(os.environ["COACH_WORKBOOK_CONFIG_DIR"])
    written = b"".join(f.read_bytes() for f in config.rglob("*") if f.is_file())
    assert str(workbook_path).encode() in written  # the recent list: a path, and only that
    for secret in (NAME, "Nguy", "regional meeting", "Curiosity", "abstract"):
        assert secret.encode() not in written
        assert secret.encode() not in workbook_path.read_bytes()


def test_idle_lock_hides_every_name_and_unlock_returns_there(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, demo_template: Path, tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "demo.cwb"
    shutil.copyfile(demo_template, path)
    unlock(window, qtbot, path, PASSPHRASE)
    db = window.state.vault.db
    everyone = [c.name for c in coachees.list_coachees(db)]
    hoa = next(c for c in coachees.list_coachees(db) if c.name == NAME)
    window.coachee_list.select_coachee(hoa.id)
    window.show_tab(SESSIONS)
    first = sessions.list_sessions(db, hoa.id)[0].id
    window.sessions.open_session(first)
    shown_before = visible_texts(window)
    assert NAME in shown_before or "Hoa" in shown_before

    window.idle.set_minutes(0.01)
    window.idle.start()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lock_screen, timeout=5000)
    assert not window.state.is_open
    shown = visible_texts(window)
    leaked = [n for n in everyone if n in shown or n.split()[0] in shown]
    assert leaked == []

    window.lock_screen.field.setText(PASSPHRASE)
    qtbot.keyClick(window.lock_screen.field, Qt.Key.Key_Return)
    assert window.state.is_open
    assert window.coachee_list.current_coachee() == hoa.id
    assert window.tabs.currentIndex() == SESSIONS
    assert window.sessions.current_session_id() == first


def test_search_opens_the_record(window: MainWindow, qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(window, qtbot, workbook_path, PASSPHRASE)
    state = window.state
    state.call(coachees.add, OTHER)
    state.call(coachees.add, NAME)
    cid = next(c.id for c in coachees.list_coachees(state.vault.db) if c.name == NAME)
    state.call(sessions.start, cid, "grow")
    sid = sessions.list_sessions(state.vault.db, cid)[0].id
    section = notes.list_sections(state.vault.db, sid)[0].id
    state.call(notes.save_note, section, "Shadowing the palliative care team next month.")
    window.search_action.trigger()
    dialog = window.findChildren(SearchDialog)[-1]
    dialog.set_query("palliative")
    dialog.search_now()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.coachee_list.current_coachee() == cid
    assert window.tabs.currentIndex() == SESSIONS
    assert window.sessions.current_session_id() == sid


def test_trash_restore_through_the_window(window: MainWindow, qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(window, qtbot, workbook_path, PASSPHRASE)
    state = window.state
    state.call(coachees.add, OTHER)
    cid = coachees.list_coachees(state.vault.db)[0].id
    state.call(trash.trash, "coachee", cid)
    assert OTHER not in visible_texts(window.coachee_list)
    state.call(trash.restore, "coachee", cid)
    assert OTHER in visible_texts(window.coachee_list)


def test_every_main_action_has_a_shortcut_and_a_menu(window: MainWindow) -> None:
    in_menus = {a for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
                for a in menu.actions()}
    for action in (window.lock_action, window.search_action, window.settings_action,
                   window.trash_action, window.coachee_list.add_action,
                   window.sessions.editor.new_session_action,
                   window.sessions.editor.insert_prompt_action, window.goals.new_goal_action,
                   window.file_actions.backup_action, window.file_actions.export_json_action):
        assert action in in_menus, action.text()
        assert not action.shortcut().isEmpty(), action.text()


def edit_first_action(window: MainWindow, cid: int, sid: int, text: str) -> QLineEdit:
    """Open session `sid` and type `text` over its first action item, leaving the cell open."""
    window.coachee_list.select_coachee(cid)
    window.show_tab(SESSIONS)
    window.sessions.open_session(sid)
    table = window.sessions.editor.action_table
    index = table.model().index(0, 0)
    table.setFocus()
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, text)
    return editor


def test_lock_keeps_a_cell_being_typed_and_leaves_nothing_to_undo(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    unlock(window, qtbot, workbook_path, PASSPHRASE)
    state = window.state
    state.call(coachees.add, NAME)
    cid = coachees.list_coachees(state.vault.db)[0].id
    state.call(sessions.start, cid, "grow")
    sid = sessions.list_sessions(state.vault.db, cid)[0].id
    state.call(actions.add, cid, "Old action text", session_id=sid)
    filter_edit = window.coachee_list.filter_edit
    filter_edit.setFocus()
    type_text(filter_edit, "Nguy")
    editor = edit_first_action(window, cid, sid, "Typed when the pager went off")
    assert editor is not filter_edit
    window.lock()  # paged mid-cell: the typed text is saved, not dropped with the table
    filter_edit.undo()
    assert filter_edit.text() == ""  # the filter's old text cannot be brought back
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        assert [a.text for a in actions.list_actions(v.db, session_id=sid)] == [
            "Typed when the pager went off"]


def test_switching_session_mid_cell_saves_it_to_its_own_session(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    unlock(window, qtbot, workbook_path, PASSPHRASE)
    state = window.state
    state.call(coachees.add, NAME)
    cid = coachees.list_coachees(state.vault.db)[0].id
    first = sessions.start(state.vault.db, cid, "grow").created
    second = sessions.start(state.vault.db, cid, "free-form").created
    state.call(actions.add, cid, "Action of the first session", session_id=first)
    edit_first_action(window, cid, first, "Edited in the first session")
    window.sessions.open_session(second)  # e.g. chosen from search or Today
    # The second session has no action items.
    assert window.sessions.editor.action_table.model().rowCount() == 0
    db = state.vault.db
    assert [a.text for a in actions.list_actions(db, session_id=first)] == [
        "Edited in the first session"]
    assert actions.list_actions(db, session_id=second) == []


def test_lock_saves_the_open_coachee_dialog(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    from ui.coachees.coachee_dialog import CoacheeDialog

    unlock(window, qtbot, workbook_path, PASSPHRASE)
    window.coachee_list.add_action.trigger()
    dialog = window.findChildren(CoacheeDialog)[-1]
    dialog.name.setFocus()
    type_text(dialog.name, OTHER)
    window.lock()
    assert not isValid(dialog) or not dialog.isVisible()
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        assert [c.name for c in coachees.list_coachees(v.db)] == [OTHER]


def test_export_summary_from_the_menu_holds_the_last_words_typed(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, tmp_path: Path) -> None:
    import pypdf

    unlock(window, qtbot, workbook_path, PASSPHRASE)
    state = window.state
    state.call(coachees.add, NAME)
    cid = coachees.list_coachees(state.vault.db)[0].id
    window.coachee_list.select_coachee(cid)
    window.show_tab(SESSIONS)
    window.sessions.editor.new_session(cid, "grow")
    shared = next(s for s in window.sessions.editor.section_editors() if not s.is_private())
    shared.text_edit.setFocus()
    type_text(shared.text_edit, "Agreed to shadow the night team")
    target = tmp_path / "summary.pdf"
    window.document_actions.choose_export = lambda _t, _s, _n, accept: accept(target, None)
    window.document_actions.export_summary_action.trigger()  # before the autosave debounce
    qtbot.waitUntil(target.exists, timeout=5000)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Agreed to shadow the night team" in text
    assert "NOT encrypted" in window.document_actions.last_message.text() + \
        window.document_actions.last_message.informativeText()
