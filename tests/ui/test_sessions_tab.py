"""The Sessions tab: a coachee's meetings newest first (loaded a page at a time), opening one,
Ctrl+N through the new-session dialog, trashing with confirmation, and clearing on lock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.settle import settled
from tests.ui.shown import visible_texts
from ui.kit.state import WorkbookState
from ui.sessions.new_session_dialog import NewSessionDialog, default_status
from ui.sessions.session_list import PAGE, SessionListModel
from ui.sessions.sessions_tab import SessionsTab
from workbook import coachees, notes, sessions, templates, trash

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")




def _tab(qtbot, state: WorkbookState) -> SessionsTab:  # type: ignore[no-untyped-def]
    tab = SessionsTab(state)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    return tab


def _listed(model: SessionListModel) -> list[int]:
    return [model.session_id(r) for r in range(model.rowCount())]


def _zoe(db) -> int:  # type: ignore[no-untyped-def]
    return next(c.id for c in coachees.list_coachees(db) if c.name == "Zoë Kowalczyk")


def test_the_list_shows_the_coachee_s_sessions_newest_first_and_opens_one(
        qtbot, qtmodeltester, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    zoe = _zoe(db)
    tab = _tab(qtbot, demo_state)
    tab.set_coachee(zoe)
    expected = sessions.list_sessions(db, zoe)
    assert _listed(tab.model) == [s.id for s in expected]
    first = expected[0]
    assert tab.model.index(0, SessionListModel.STATUS).data() == first.status.capitalize()
    assert tab.model.index(0, SessionListModel.TEMPLATE).data() == first.template_name
    assert tab.model.index(0, SessionListModel.TITLE).data() == first.title
    assert tab.model.index(0, SessionListModel.DATE).data().startswith("Sat 21 Mar 2026")
    qtmodeltester.check(tab.model)
    tab.list.setCurrentIndex(tab.model.index(1, 0))  # the keyboard or a click chooses it
    assert tab.editor.session_id == expected[1].id == tab.current_session_id()
    assert tab.editor.title.text() == expected[1].title
    assert tab.trash_button.isEnabled()


def test_sessions_load_a_page_at_a_time_and_open_session_reads_on(
        qtbot, qtmodeltester, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    coachee = coachees.add(db, "Aïcha Benali").id
    start = datetime(2020, 1, 6, 9, 0)
    with db.atomic():
        for week in range(PAGE * 2 + 10):
            when = (start + timedelta(weeks=week)).strftime("%Y-%m-%dT%H:%M")
            sessions.start(db, coachee, None, scheduled_at=when, title=f"Week {week}")
    tab = _tab(qtbot, state)
    tab.set_coachee(coachee)
    model = tab.model
    assert model.rowCount() == PAGE and model.canFetchMore()
    qtmodeltester.check(model)
    oldest = sessions.list_sessions(db, coachee)[-1]
    tab.open_session(oldest.id)  # from search: the list reads on until it holds it
    assert model.rowCount() == PAGE * 2 + 10 and not model.canFetchMore()
    assert tab.list.currentIndex().row() == model.rowCount() - 1
    assert tab.editor.session_id == oldest.id and tab.editor.title.text() == "Week 0"


def test_ctrl_n_asks_for_a_template_and_starts_a_session(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    coachee = coachees.add(db, "Zoë Kowalczyk").id
    tab = _tab(qtbot, state)
    assert not tab.editor.new_session_action.isEnabled()
    tab.set_coachee(coachee)
    assert tab.editor.new_session_action.isEnabled() and tab.new_button.isEnabled()
    tab.editor.new_session_action.trigger()
    dialog = tab.findChild(NewSessionDialog)
    assert dialog is not None and dialog.isVisible()
    names = [dialog.templates.item(r).text() for r in range(dialog.templates.count())]
    assert "GROW" in names and "Well-being" in names
    assert dialog.template_id() is not None  # free-form, for a first session
    assert dialog.session_status() == "held"  # now: the meeting is happening
    assert dialog.select_template("well-being")
    described = templates.get_template(db, "well-being").description
    assert dialog.description.text().startswith(described)
    assert "(private)" in dialog.description.text()  # which sections stay private
    dialog.when.setDateTime(QDateTime.currentDateTime().addDays(7))
    assert dialog.session_status() == "scheduled"
    dialog.when.setDateTime(QDateTime.currentDateTime().addSecs(-3600))
    assert dialog.session_status() == "held"
    qtbot.keyClick(dialog.templates, Qt.Key.Key_Return)  # Enter starts it
    assert not dialog.isVisible()
    made = sessions.list_sessions(db, coachee)
    assert len(made) == 1 and made[0].template_name == "Well-being" and made[0].status == "held"
    assert tab.editor.session_id == made[0].id
    assert _listed(tab.model) == [made[0].id] and tab.list.currentIndex().row() == 0
    assert [e.key for e in tab.editor.section_editors()] == [
        s.key for s in notes.list_sections(db, made[0].id)]


def test_the_status_follows_the_time_until_chosen() -> None:
    assert default_status("2026-03-15T10:00", now="2026-03-15T10:00") == "held"
    assert default_status("2026-03-15T10:01", now="2026-03-15T10:00") == "scheduled"


def test_a_title_typed_in_the_editor_shows_in_the_list(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    coachee = coachees.add(db, "José Muñoz").id
    first = sessions.start(db, coachee, "grow", scheduled_at="2026-01-05T10:00").id
    tab = _tab(qtbot, state)
    tab.set_coachee(coachee)
    tab.open_session(first)
    tab.editor.title.setText("Fellowship — pros and cons")
    tab.editor.title.textEdited.emit(tab.editor.title.text())
    tab.editor.autosaver.flush()
    assert tab.model.index(0, SessionListModel.TITLE).data() == "Fellowship — pros and cons"
    assert tab.list.currentIndex().row() == 0 and tab.editor.session_id == first


def test_trashing_asks_first_then_moves_the_session_to_the_trash(
        qtbot, demo_state: WorkbookState, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    zoe = _zoe(db)
    tab = _tab(qtbot, demo_state)
    tab.set_coachee(zoe)
    victim = sessions.list_sessions(db, zoe)[2]
    tab.open_session(victim.id)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    tab.trash_button.click()
    assert sessions.get(db, victim.id).deleted_at is None and tab.editor.session_id == victim.id
    tab.trash_button.click()
    assert len(asked) == 2 and "trash" in asked[0]
    assert sessions.get(db, victim.id, include_deleted=True).deleted_at is not None
    assert victim.id not in _listed(tab.model)
    assert tab.editor.session_id is None
    assert [t for t in trash.list_trash(db) if t.kind == "session" and t.id == victim.id]


def test_lock_and_a_change_of_coachee_clear_the_tab(qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    zoe = _zoe(db)
    other = next(c.id for c in coachees.list_coachees(db) if c.id != zoe)
    tab = _tab(qtbot, demo_state)
    tab.set_coachee(zoe)
    tab.open_session(sessions.list_sessions(db, zoe)[1].id)
    tab.set_coachee(other)  # another coachee: Zoë's meeting is not left on screen
    assert tab.editor.session_id is None
    assert set(_listed(tab.model)) == {s.id for s in sessions.list_sessions(db, other)}
    tab.set_coachee(zoe)
    titles = sessions.list_sessions(db, zoe)
    tab.open_session(titles[1].id)
    assert tab.editor.title.text() == titles[1].title
    demo_state.close()
    assert tab.model.rowCount() == 0 and tab.editor.session_id is None
    shown = visible_texts(tab)
    assert "Zoë" not in shown and "Kowalczyk" not in shown
    assert not any(s.title and s.title in shown for s in titles)
    tab.set_coachee(None)
    assert not tab.editor.new_session_action.isEnabled()


def test_the_list_folds_away_so_the_notes_get_its_room(qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    zoe = _zoe(db)
    tab = _tab(qtbot, demo_state)
    tab.resize(960, 680)  # the room beside the coachee list in a 1280×720 window
    tab.show()
    qtbot.waitExposed(tab)
    tab.set_coachee(zoe)
    tab.open_session(sessions.list_sessions(db, zoe)[0].id)
    # Measured once the opened session has been laid out: its sections change what the
    # editor needs, and the splitter follows on the event loop.
    with_list = settled(qtbot, tab.editor.width)
    assert tab.side.width() < with_list / 2, "the notes, not the list, take the room"
    policy = tab.list.horizontalScrollBarPolicy()
    assert policy == Qt.ScrollBarPolicy.ScrollBarAlwaysOff  # rows elide, the status stays
    assert not any(ord(ch) > 0xFFFF for ch in tab.trash_button.text())  # no emoji: an icon
    assert not tab.trash_button.icon().isNull()

    tab.list.setFocus()
    qtbot.waitUntil(tab.list.hasFocus)
    qtbot.keyClick(tab.list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert not tab.list_shown() and not tab.toggle_list_action.isChecked()
    assert tab.side.isHidden() and tab.rail.isVisible()
    qtbot.waitUntil(lambda: tab.editor.width() > with_list + tab.side.width() / 2)
    assert tab.show_list_button.hasFocus(), "the focus does not vanish with the list"
    assert tab.show_list_button.width() < tab.show_list_button.height()  # a slim rail

    qtbot.mouseClick(tab.show_list_button, Qt.MouseButton.LeftButton)
    assert tab.list_shown() and tab.toggle_list_action.isChecked() and tab.rail.isHidden()
    assert tab.list.hasFocus()
    qtbot.waitUntil(lambda: tab.editor.width() == with_list)  # the list's width comes back
    assert tab.list.currentIndex().row() == 0  # still on the open session
    qtbot.mouseClick(tab.hide_list_button, Qt.MouseButton.LeftButton)
    assert not tab.list_shown()
    tab.toggle_list_action.trigger()  # the menu entry the main window may offer
    assert tab.list_shown()
