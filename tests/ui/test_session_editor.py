"""The session editor on real workbooks: notes that save themselves (also across threads and
when the workbook closes), private sections, prompts by keystroke, action items, goals with a
check-in, accountability, and nothing left on screen after locking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
)

from tests.conftest import PASSPHRASE
from tests.ui.conftest import DEMO_TODAY
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.kit.autosave import SaveStatus
from ui.kit.state import WorkbookState
from ui.sessions.action_items_model import ActionItemsModel
from ui.sessions.action_items_view import DueDateDelegate, OwnerDelegate
from ui.sessions.section_editor import MAX_LINES, PRIVATE_LABEL, SectionEditor
from ui.sessions.session_editor import SessionEditor
from workbook import actions, coachees, goals, notes, sessions, templates
from workbook.vault import open_vault

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
NAME = "Nguyễn Thị Hoa"


def _editor(qtbot, state: WorkbookState, coachee_id: int, ms: int = 50) -> SessionEditor:  # type: ignore[no-untyped-def]
    editor = SessionEditor(state)
    editor.autosaver.delay_ms = ms  # the test need not wait 800 ms
    qtbot.addWidget(editor)
    editor.resize(1280, 720)
    editor.set_coachee(coachee_id)
    return editor


def _by_key(editor: SessionEditor, key: str) -> SectionEditor:
    return next(e for e in editor.section_editors() if e.key == key)


def _bodies(db, session_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {s.key: s.body for s in notes.list_sections(db, session_id)}


@pytest.fixture
def coachee(state: WorkbookState) -> int:
    return coachees.add(state.vault.db, NAME).id


def test_new_session_from_a_template_saves_typing_in_shared_and_private_sections(
        qtbot, state: WorkbookState, coachee: int) -> None:  # type: ignore[no-untyped-def]
    editor = SessionEditor(state)  # the real debounce (800 ms)
    qtbot.addWidget(editor)
    editor.set_coachee(coachee)
    assert editor.new_session_action.isEnabled()
    editor.new_session(coachee, "grow")
    session_id = editor.session_id
    assert session_id is not None
    keys = [e.key for e in editor.section_editors()]
    assert keys == ["goal", "reality", "options", "way-forward", "coach-private-notes"]
    shared, private = _by_key(editor, "goal"), _by_key(editor, "coach-private-notes")
    type_text(shared.text_edit, "Nguyễn — café\nPass Step 1")
    type_text(private.text_edit, "Tired; café at 2 am")
    assert editor.autosaver.status is SaveStatus.UNSAVED
    assert editor.save_status.text() == "Unsaved changes"
    assert _bodies(state.vault.db, session_id)["goal"] == ""  # not yet: the debounce waits
    qtbot.waitUntil(lambda: editor.autosaver.status is SaveStatus.SAVED, timeout=3000)
    bodies = _bodies(state.vault.db, session_id)
    assert bodies["goal"] == "Nguyễn — café\nPass Step 1"
    assert bodies["coach-private-notes"] == "Tired; café at 2 am"
    assert editor.save_status.text() == "All changes saved"
    assert not [b for b in editor.findChildren(QAbstractButton) if b.text() == "Save"]
    assert state.vault.db.execute("SELECT status FROM sessions WHERE id = ?",
                                  [session_id]).fetchone()[0] == "held"


def test_private_sections_look_different_and_say_so(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    shared, private = _by_key(editor, "goal"), _by_key(editor, "coach-private-notes")
    assert private.property("private") is True and shared.property("private") is False
    assert private.visibility.text() == PRIVATE_LABEL
    assert "never printed or shared" in PRIVATE_LABEL
    # a drawn padlock, not "🔒" (an empty box on a machine without an emoji font)
    assert not any(ord(ch) > 0xFFFF for ch in PRIVATE_LABEL)
    assert private.lock.isVisibleTo(private) and not shared.lock.isVisibleTo(shared)
    assert private.lock.sizeHint().height() >= private.visibility.fontMetrics().height()
    assert "Private" not in shared.visibility.text()
    assert "private" in private.accessibleDescription().lower()
    assert "shared" in shared.accessibleDescription().lower()
    base = QPalette.ColorRole.Base
    assert private.text_edit.palette().color(base) != shared.text_edit.palette().color(base)
    # making a shared section private changes the workbook and the look at once
    shared.private_box.click()
    assert shared.property("private") is True and shared.visibility.text() == PRIVATE_LABEL
    assert shared.lock.isVisibleTo(shared)
    section = notes.get_section(state.vault.db, shared.section_id)
    assert section.shared is False


def test_private_tint_follows_a_dark_palette(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    light = app.palette()
    dark = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Base, Qt.GlobalColor.black),
                         (QPalette.ColorRole.Window, Qt.GlobalColor.darkGray),
                         (QPalette.ColorRole.Text, Qt.GlobalColor.white)):
        dark.setColor(role, colour)
    app.setPalette(dark)
    try:
        editor = _editor(qtbot, state, coachee)
        editor.new_session(coachee, "grow")
        tint = _by_key(editor, "coach-private-notes").text_edit.palette().color(
            QPalette.ColorRole.Base)
        assert tint.lightness() < 80, "the private tint must stay dark on a dark palette"
        assert tint != dark.color(QPalette.ColorRole.Base)
    finally:
        app.setPalette(light)


def test_a_prompt_is_inserted_by_keystroke_and_the_choice_moves_without_leaving_the_notes(
        qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, state, coachee)
    editor.show()
    qtbot.waitExposed(editor)
    editor.new_session(coachee, "grow")
    section = _by_key(editor, "reality")
    section.text_edit.setFocus()
    qtbot.waitUntil(section.text_edit.hasFocus)
    prompts = [p.text for p in next(s for s in templates.get_template(
        state.vault.db, "grow").sections if s.key == "reality").prompts]
    assert editor.prompts.prompts() == prompts  # the focused section's prompts
    type_text(section.text_edit, "She said:")
    qtbot.keyClick(section.text_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.prompts.current_prompt() == prompts[1]
    assert section.text_edit.hasFocus()
    qtbot.keyClick(section.text_edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert section.text() == f"She said:\n**Q:** {prompts[1]}\n"
    assert editor.prompts.current_prompt() == prompts[2]  # ready for the next question
    qtbot.keyClick(section.text_edit, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.prompts.current_prompt() == prompts[1]
    # Enter in the list inserts too, into the section last written in
    editor.prompts.list.setFocus()
    editor.prompts.move_selection(-1)
    qtbot.keyClick(editor.prompts.list, Qt.Key.Key_Return)
    assert section.text().endswith(f"**Q:** {prompts[0]}\n")
    qtbot.waitUntil(lambda: editor.autosaver.status is SaveStatus.SAVED, timeout=3000)
    assert notes.get_section(state.vault.db, section.section_id).body == section.text()
    # the other sections' prompts are one tick away
    editor.prompts.all_sections.setChecked(True)
    assert len(editor.prompts.prompts()) > len(prompts)
    assert editor.prompts.prompts()[:len(prompts)] == prompts


def test_each_meeting_opens_at_the_first_prompt(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    first_session, first = editor.session_id, editor.prompts.current_prompt()
    listed = editor.prompts.prompts()
    editor.prompts.move_selection(1)
    editor.prompts.move_selection(1)
    assert first and editor.prompts.current_prompt() != first
    editor.new_session(coachee, "grow")  # the next meeting: same template, same first section
    assert editor.session_id != first_session
    assert editor.prompts.current_prompt() == first and editor.prompts.prompts() == listed


def test_action_items_are_added_with_owner_and_due_date_ticked_and_trashed(
        qtbot, qtmodeltester, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    model = editor.action_model
    db = state.vault.db
    index = model.add_row()
    assert model.rowCount() == 1 and actions.list_actions(db, session_id=editor.session_id) == []
    assert not model.setData(index, "   ")  # a draft needs text before it is saved
    assert model.setData(index, "Book a study room — Zoë")
    items = actions.list_actions(db, session_id=editor.session_id)
    assert [i.text for i in items] == ["Book a study room — Zoë"]
    # the owner and due-date editors write through the model
    owner_cell = model.index(0, ActionItemsModel.OWNER)
    combo = OwnerDelegate().createEditor(editor, None, owner_cell)  # type: ignore[arg-type]
    OwnerDelegate().setEditorData(combo, owner_cell)
    assert isinstance(combo, QComboBox) and combo.currentData() == "coachee"
    combo.setCurrentIndex(combo.findData("coach"))
    OwnerDelegate().setModelData(combo, model, owner_cell)
    due_cell = model.index(0, ActionItemsModel.DUE)
    date_edit = DueDateDelegate().createEditor(editor, None, due_cell)  # type: ignore[arg-type]
    date_edit.setDate(QDate(2026, 4, 3))
    DueDateDelegate().setModelData(date_edit, model, due_cell)
    item = actions.get(db, items[0].id)
    assert (item.owner, item.due_date) == ("coach", "2026-04-03")
    assert model.index(0, ActionItemsModel.DUE).data() == "Fri 3 Apr 2026"
    done = model.index(0, ActionItemsModel.DONE)
    assert model.setData(done, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert actions.get(db, item.id).done_on is not None
    assert model.setData(done, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert actions.get(db, item.id).done_on is None
    # Delete on the due cell clears the date
    editor.action_table.setCurrentIndex(due_cell)
    qtbot.keyClick(editor.action_table, Qt.Key.Key_Delete)
    assert actions.get(db, item.id).due_date is None
    second = model.add_row()
    model.setData(model.index(1, ActionItemsModel.OWNER), "both")  # before any text
    model.setData(second, "Read the GAS handout")
    assert actions.list_actions(db, session_id=editor.session_id)[1].owner == "both"
    qtmodeltester.check(model)
    editor.action_table.setCurrentIndex(model.index(0, 0))
    editor.remove_action_button.click()
    assert [i.text for i in actions.list_actions(db, session_id=editor.session_id)] == [
        "Read the GAS handout"]
    assert actions.get(db, item.id, include_deleted=True).deleted_at is not None


def test_a_goal_is_marked_discussed_with_a_progress_check_in(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    goal_id = goals.add(db, coachee, "Sleep seven hours on weeknights", status="active").id
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "free-form")
    box, spin = editor.goals.boxes[goal_id], editor.goals.spins[goal_id]
    box.click()
    assert sessions.detail(db, editor.session_id).goal_ids == (goal_id,)
    box.click()
    assert sessions.detail(db, editor.session_id).goal_ids == ()
    spin.setValue(60)
    editor.goals.buttons[goal_id].click()
    checkins = goals.list_checkins(db, goal_id)
    assert [(k.session_id, k.progress) for k in checkins] == [(editor.session_id, 60)]
    assert goals.get(db, goal_id).progress == 60
    assert sessions.detail(db, editor.session_id).goal_ids == (goal_id,)  # counts as discussed
    assert editor.goals.results[goal_id].text() == "✓ 60 %"


def test_the_start_shows_last_time_s_open_items_and_they_tick_off(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    earlier = sessions.start(db, coachee, "free-form", scheduled_at="2026-01-10T10:00",
                             title="Exam debrief").id
    open_item = actions.add(db, coachee, "Email the clerkship director",
                            session_id=earlier, due_date="2026-01-20").id
    goals.add(db, coachee, "Pass Step 1", status="active")
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    strip = editor.accountability
    assert not strip.isHidden()
    assert "Sat 10 Jan 2026" in strip.title.text() and "Exam debrief" in strip.title.text()
    assert "Pass Step 1" in strip.goals_line.text()
    box = strip.boxes[open_item]
    assert "Email the clerkship director" in box.text() and "overdue" in box.text()
    box.click()
    assert actions.get(db, open_item).done_on is not None
    assert editor.action_model.rowCount() == 0  # that item belongs to the earlier meeting


def test_header_fields_and_next_meeting_save_themselves(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "free-form", scheduled_at="2026-03-02T09:30")
    db = state.vault.db
    type_text(editor.title, "Après l'examen")
    editor.status.setCurrentIndex(editor.status.findData("no-show"))
    editor.status.activated.emit(editor.status.currentIndex())
    editor.duration.setValue(50)
    type_text(editor.agenda, "Sleep; the ICU month")
    editor.has_next.setChecked(True)
    qtbot.waitUntil(lambda: editor.autosaver.is_idle(), timeout=3000)
    saved = sessions.get(db, editor.session_id)
    assert (saved.title, saved.status, saved.duration_min) == ("Après l'examen", "no-show", 50)
    assert saved.agenda == "Sleep; the ICU month"
    assert saved.next_meeting_at == "2026-03-30T09:30"  # four weeks on, by default
    editor.has_next.setChecked(False)
    assert sessions.get(db, editor.session_id).next_meeting_at is None
    assert editor.save_status.text() == "All changes saved"


def test_closing_saves_the_last_second_of_typing(
        qtbot, workbook_path: Path, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = SessionEditor(state)  # the real debounce: nothing is saved before the close
    qtbot.addWidget(editor)
    editor.set_coachee(coachee)
    editor.new_session(coachee, "grow")
    session_id = editor.session_id
    type_text(_by_key(editor, "options").text_edit, "1. Ask Aïcha — café")
    type_text(_by_key(editor, "coach-private-notes").text_edit, "私的なメモ")
    type_text(editor.title, "Late title")
    state.close()
    assert editor.session_id is None and editor.section_editors() == []
    texts = visible_texts(editor)
    for gone in ("Ask Aïcha", "私的なメモ", "Late title", NAME):
        assert gone not in texts
    with open_vault(workbook_path, PASSPHRASE) as again:
        bodies = _bodies(again.db, session_id)
        assert bodies["options"] == "1. Ask Aïcha — café"
        assert bodies["coach-private-notes"] == "私的なメモ"
        assert sessions.get(again.db, session_id).title == "Late title"


def test_autosave_works_across_threads_and_on_close(qtbot, workbook_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    state = WorkbookState()  # the real runner: every call on the worker thread
    state.adopt(open_vault(workbook_path, PASSPHRASE))
    try:
        done: list[int] = []
        state.call(coachees.add, "王小明", success=lambda c: done.append(c.id))
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        editor = _editor(qtbot, state, done[0], ms=200)
        editor.new_session(done[0], "grow")
        qtbot.waitUntil(lambda: len(editor.section_editors()) == 5, timeout=5000)
        session_id = editor.session_id
        section = _by_key(editor, "goal")
        for word in ("Nguyễn ", "— ", "café"):  # typing goes on while saves are in flight
            type_text(section.text_edit, word)
            qtbot.wait(120)
        qtbot.waitUntil(lambda: editor.autosaver.is_idle() and editor.save_status.text()
                        == "All changes saved", timeout=5000)
        state.runner.wait()  # the worker is idle: the main thread may read
        assert notes.get_section(state.vault.db, section.section_id).body == "Nguyễn — café"
        type_text(section.text_edit, " — last words")
        state.close()
    finally:
        state.close()
    with open_vault(workbook_path, PASSPHRASE) as again:
        assert _bodies(again.db, session_id)["goal"] == "Nguyễn — café — last words"


def test_an_edit_made_elsewhere_shows_up_without_disturbing_typing(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    goal, reality = _by_key(editor, "goal"), _by_key(editor, "reality")
    type_text(goal.text_edit, "typing on")
    state.call(notes.save_note, reality.section_id, "Restored from a version")
    assert reality.text() == "Restored from a version"
    state.call(notes.save_note, goal.section_id, "older")
    assert goal.text() == "typing on"  # the coach's pending edit wins on screen …
    qtbot.waitUntil(lambda: editor.autosaver.is_idle(), timeout=3000)
    assert notes.get_section(state.vault.db, goal.section_id).body == "typing on"  # … and on disk


def test_a_demo_session_opens_with_its_notes_and_clears_on_lock(
        qtbot, qtmodeltester, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    zoe = next(c for c in coachees.list_coachees(db) if c.name == "Zoë Kowalczyk")
    held = next(s for s in sessions.list_sessions(db, zoe.id) if s.status == "held")
    editor = _editor(qtbot, demo_state, zoe.id)
    editor.today = lambda: DEMO_TODAY
    editor.open_session(held.id)
    detail = sessions.detail(db, held.id)
    assert [e.text() for e in editor.section_editors()] == [s.body for s in detail.sections]
    assert [e.is_private() for e in editor.section_editors()] == [
        not s.shared for s in detail.sections]
    assert editor.action_model.rowCount() == len(detail.actions)
    assert editor.title.text() == held.title and "Zoë Kowalczyk" in editor.subtitle.text()
    qtmodeltester.check(editor.action_model)
    private_text = next(s.body for s in detail.sections if not s.shared and s.body)
    demo_state.close()
    texts = visible_texts(editor)
    assert "Zoë" not in texts and private_text[:30] not in texts and held.title not in texts
    assert all(not s.body or s.body[:30] not in texts for s in detail.sections)
    assert editor.stack.currentIndex() == 0 and not editor.new_session_action.isEnabled()


def test_a_failed_save_keeps_the_text_says_why_and_the_next_edit_retries(
        qtbot, state, coachee, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from workbook.errors import DiskFull

    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    section = _by_key(editor, "goal")
    real_save = notes.save_note
    sentence = "The disk holding «coach.cwb» is full; free some space and try again."

    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise DiskFull(sentence)

    monkeypatch.setattr(notes, "save_note", full)
    type_text(section.text_edit, "Zoë: keep this")
    editor.autosaver.flush()
    assert editor.save_status.text() == f"Save failed: {sentence}"
    assert section.text() == "Zoë: keep this" and section.text_edit.isEnabled()
    monkeypatch.setattr(notes, "save_note", real_save)
    type_text(section.text_edit, "!")
    qtbot.waitUntil(lambda: editor.save_status.text() == "All changes saved", timeout=3000)
    assert notes.get_section(state.vault.db, section.section_id).body == "Zoë: keep this!"


def test_tab_walks_the_meeting_top_to_bottom(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    goals.add(state.vault.db, coachee, "Pass Step 1", status="active")
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    chain = editor.focus_chain()
    walked, widget = [], editor.title
    for _ in range(len(chain)):
        walked.append(widget)
        widget = widget.nextInFocusChain()
        while widget not in chain and widget is not editor.title:
            widget = widget.nextInFocusChain()
    assert walked == chain
    names = [w.accessibleName() for w in chain]
    assert [w for w in chain if not w.accessibleName()] == [], "every input has a name"
    assert names.index("Agenda") < names.index("Notes: Goal") < names.index(
        "Discussed: Pass Step 1") < names.index("Action items")


def test_ctrl_n_without_a_coachee_says_what_to_do(qtbot, state) -> None:  # type: ignore[no-untyped-def]
    editor = SessionEditor(state)
    qtbot.addWidget(editor)
    said: list[str] = []
    state.error.connect(said.append)
    editor.ask_new_session()
    assert said == ["Choose a coachee first, then start a session (Ctrl+N)."]


def test_switching_sessions_while_saves_wait_keeps_each_edit_with_its_session(
        qtbot, workbook_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_autosave import ManualExecutor

    executor = ManualExecutor()
    state = WorkbookState(executor=executor)
    state.adopt(open_vault(workbook_path, PASSPHRASE))
    try:
        db = state.vault.db
        coachee = coachees.add(db, "Søren Ødegaard").id
        first = sessions.start(db, coachee, "grow", agenda="First agenda").id
        second = sessions.start(db, coachee, "grow", agenda="Second agenda").id
        editor = _editor(qtbot, state, coachee, ms=60_000)
        editor.open_session(first)
        executor.wait()
        editor.agenda.moveCursor(editor.agenda.textCursor().MoveOperation.End)
        type_text(editor.agenda, " — Søren")
        type_text(_by_key(editor, "goal").text_edit, "Goal of the first")
        editor.open_session(second)  # the load waits on the worker …
        type_text(editor.agenda, "!")  # … while the coach still types in the first one
        executor.wait()
        executor.wait()  # the saves the switch flushed
        assert editor.session_id == second
        assert editor.agenda.toPlainText() == "Second agenda"
        assert sessions.get(db, first).agenda == "First agenda — Søren!"
        assert sessions.get(db, second).agenda == "Second agenda"
        assert _bodies(db, first)["goal"] == "Goal of the first"
        assert _by_key(editor, "goal").text() == ""
    finally:
        state.close()


def test_leaving_a_field_saves_it_at_once(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, state, coachee, ms=60_000)
    editor.show()
    qtbot.waitExposed(editor)
    editor.new_session(coachee, "grow")
    goal = _by_key(editor, "goal")
    goal.text_edit.setFocus()
    qtbot.waitUntil(goal.text_edit.hasFocus)
    type_text(goal.text_edit, "Zoë")
    editor.agenda.setFocus()  # focus moves on: the section is saved without waiting
    qtbot.waitUntil(editor.agenda.hasFocus)
    assert notes.get_section(state.vault.db, goal.section_id).body == "Zoë"
    type_text(editor.agenda, "Exams")
    editor.title.setFocus()
    qtbot.waitUntil(editor.title.hasFocus)
    assert sessions.get(state.vault.db, editor.session_id).agenda == "Exams"
    assert editor.save_status.text() == "All changes saved"


def test_nothing_is_cut_off_in_a_narrow_editor(qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    jose = next(c for c in coachees.list_coachees(db) if c.name == "José Muñoz")
    held = next(s for s in sessions.list_sessions(db, jose.id)
                if s.status == "held" and sessions.detail(db, s.id).actions)
    editor = _editor(qtbot, demo_state, jose.id)
    editor.today = lambda: DEMO_TODAY
    editor.show()
    qtbot.waitExposed(editor)
    editor.open_session(held.id)
    wide_header = editor.header.height()
    editor.resize(560, 700)  # a wide coachee list, or 150 % scaling

    def settled() -> None:
        table = editor.action_table
        assert table.verticalScrollBar().maximum() == 0  # every action item shows in full
        assert editor.scroll.widget().width() <= editor.scroll.viewport().width()

    qtbot.waitUntil(settled, timeout=2000)
    # the meeting's fields flow onto a second line instead of widening the editor
    assert editor.header.height() > wide_header
    assert editor.status.mapTo(editor, editor.status.rect().bottomRight()).x() <= editor.width()
    viewport = editor.scroll.viewport()
    for section in editor.section_editors():
        box = section.private_box
        right = box.mapTo(viewport, box.rect().topRight()).x()
        assert right < viewport.width(), f"«{box.text()}» is cut off"
        assert box.width() >= box.sizeHint().width()
    assert not any(ord(ch) > 0xFFFF for ch in editor.remove_action_button.text())
    assert not editor.remove_action_button.icon().isNull()


def test_the_page_follows_the_caret_while_the_notes_grow(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    earlier = sessions.start(db, coachee, None, scheduled_at="2026-01-05T10:00").id
    for i in range(8):  # a tall "since last time" pushes the notes down the page
        actions.add(db, coachee, f"Read chapter {i + 1}", session_id=earlier)
    editor = _editor(qtbot, state, coachee)
    editor.resize(900, 600)
    editor.show()
    qtbot.waitExposed(editor)
    editor.new_session(coachee, "grow")
    section = editor.section_editors()[0]
    edit = section.text_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    viewport = editor.scroll.viewport()
    spacing = edit.fontMetrics().lineSpacing()
    # More lines than the view holds, in whatever font this machine gives the app.
    lines = viewport.height() // spacing + 4

    def grown_and_caret_in_sight(typed: int) -> None:
        # The box grows and the page scrolls on the event loop, not during the key press:
        # a check made before the loop ran would see the old layout and pass by luck.
        assert edit.height() >= min(typed, MAX_LINES) * spacing
        caret = edit.cursorRect()
        top = edit.viewport().mapTo(viewport, caret.topLeft()).y()
        assert 0 <= top <= viewport.height() - caret.height()

    for line in range(lines):
        type_text(edit, f"Line {line}: what Zoë said next\n")
        qtbot.waitUntil(lambda typed=line + 2: grown_and_caret_in_sight(typed))
    assert editor.scroll.verticalScrollBar().value() > 0


def test_a_long_open_item_wraps_instead_of_widening_the_page(qtbot, state, coachee) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    earlier = sessions.start(db, coachee, "free-form", scheduled_at="2026-01-10T10:00").id
    text = ("Book the first self-assessment with the clerkship office and bring the written "
            "reflection on the night-float week to the next meeting")
    item = actions.add(db, coachee, text, session_id=earlier, due_date="2026-01-20").id
    editor = _editor(qtbot, state, coachee)
    editor.new_session(coachee, "grow")
    box = editor.accountability.boxes[item]
    fm = box.fontMetrics()
    assert box.minimumSizeHint().width() < fm.horizontalAdvance(text) / 3
    page = editor.scroll.widget()
    assert page.minimumSizeHint().width() < fm.horizontalAdvance(text)
    editor.resize(fm.horizontalAdvance(text) // 2 + 400, 700)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: box.height() >= 2 * fm.lineSpacing())  # wrapped, all of it shown
    assert box.width() < fm.horizontalAdvance(text)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton,
                     pos=box.rect().center() + QPoint(box.width() // 4, 0))  # on the text
    assert box.isChecked() and actions.get(db, item).done_on is not None
