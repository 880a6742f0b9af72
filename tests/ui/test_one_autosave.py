"""The one autosaver: the goal editor, the values tab and the templates editor save through
it, and a failed save is shown with its sentence and tried again, never dropped in silence."""

from __future__ import annotations

from functools import partial

import pytest

from tests.ui.keys import type_text
from ui.kit import autosave
from ui.kit.autosave import DELAY_MS, LOST, Autosaver, SaveStatus
from ui.kit.state import WorkbookState
from ui.portfolio.goal_autosave import GoalAutosave
from ui.portfolio.values_tab import ValuesTab
from ui.settings.templates_editor import TemplatesEditor
from workbook import coachees, goals, notes, sessions, templates, values
from workbook.errors import DiskFull

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")


def _section(db) -> int:  # type: ignore[no-untyped-def]
    coachee = coachees.add(db, "Amaru Quispe").id
    session = sessions.start(db, coachee, "grow").id
    return notes.list_sections(db, session)[0].id


def test_goals_values_and_templates_save_through_the_one_autosaver(
        qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db  # type: ignore[union-attr]
    zoe = next(c.id for c in coachees.list_coachees(db) if c.name == "Zoë Kowalczyk")
    tab = ValuesTab(demo_state)
    qtbot.addWidget(tab)
    tab.set_coachee(zoe)
    editor = TemplatesEditor(demo_state)
    qtbot.addWidget(editor)
    goal = goals.list_goals(db)[0]
    goal_saver = GoalAutosave(demo_state)
    goal_saver.switch(goal.id)
    saver = autosave.shared(demo_state)
    assert tab._saver is saver and editor.saver is saver and goal_saver.saver is saver
    assert saver.delay_ms == DELAY_MS

    value_id, template = tab._editing_id, editor.current_template()
    assert value_id is not None and template is not None
    tab.reflection.setFocus()
    type_text(tab.reflection, "Świętość rodziny — ")
    editor.description_edit.setFocus()
    type_text(editor.description_edit, "Für 王小明: ")
    goal_saver.edit("title", "Run the 10 km with Ravi")
    assert not saver.is_idle()
    assert "Świętość" not in values.get(db, value_id).reflection  # still waiting

    saver.flush()  # the one flush saves all three screens' pending edits
    assert values.get(db, value_id).reflection == tab.reflection.toPlainText()
    assert "Świętość rodziny" in tab.reflection.toPlainText()
    assert templates.get_template(db, template.id).description \
        == editor.description_edit.toPlainText()
    assert "Für 王小明: " in editor.description_edit.toPlainText()
    assert goals.get(db, goal.id).title == "Run the 10 km with Ravi"
    assert saver.is_idle() and saver.status is SaveStatus.SAVED
    assert tab.saved_label.text() == "Saved" and goal_saver.status() == "Saved"


def test_a_failed_save_shows_its_sentence_and_is_retried_by_itself(
        state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    section_id = _section(state.vault.db)  # type: ignore[union-attr]
    saver = Autosaver(state, state, delay_ms=10, retry_ms=50)
    full = "The disk is full; free some space and try again."
    attempts: list[int] = []
    shown: list[tuple[SaveStatus, str]] = []
    saver.status_changed.connect(lambda status, sentence: shown.append((status, sentence)))

    def flaky():  # type: ignore[no-untyped-def]
        attempts.append(1)
        if len(attempts) == 1:
            def job(db):  # type: ignore[no-untyped-def]
                raise DiskFull(full)
            return job
        return partial(notes.save_note, section_id=section_id, body="Kwame will call on Friday")

    with qtbot.waitSignal(saver.failed) as failed:
        saver.save_now("notes", flaky)
    assert failed.args == ["notes", full]
    assert saver.status is SaveStatus.FAILED and (SaveStatus.FAILED, full) in shown
    qtbot.waitUntil(lambda: saver.status is SaveStatus.SAVED, timeout=3000)  # no edit needed
    assert len(attempts) == 2
    assert notes.get_section(state.vault.db, section_id).body == "Kwame will call on Friday"  # type: ignore[union-attr]


def test_a_refused_value_waits_for_the_next_edit(state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db  # type: ignore[union-attr]
    goal_id = goals.add(db, coachees.add(db, "Leilani Kahale").id, "Swim twice a week").id
    saver = Autosaver(state, state, delay_ms=10, retry_ms=20)
    saver.save_now("title", lambda: partial(goals.update, goal_id=goal_id, title="   "))
    assert saver.status is SaveStatus.FAILED and saver.sentence == "A goal needs a title."
    qtbot.wait(100)  # a refusal cannot succeed unchanged: no retry by itself
    assert saver.failure("title") == "A goal needs a title."
    saver.save_now("title", lambda: partial(goals.update, goal_id=goal_id, title="Swim"))
    assert saver.status is SaveStatus.SAVED and goals.get(db, goal_id).title == "Swim"


def test_a_snapshot_whose_widget_is_gone_is_reported_not_dropped(
        state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    saver = Autosaver(state, state, delay_ms=10)
    told: list[str] = []
    state.error.connect(told.append)

    def gone():  # type: ignore[no-untyped-def]
        raise RuntimeError("Internal C++ object (QPlainTextEdit) already deleted.")

    with qtbot.waitSignal(saver.failed) as failed:
        saver.save_now("notes", gone)
    assert failed.args == ["notes", LOST] and told == [LOST]
    assert saver.status is SaveStatus.FAILED and saver.sentence == LOST
    saver.schedule("notes", lambda: partial(notes.save_note, section_id=0, body=""))
    assert saver.status is SaveStatus.UNSAVED  # the next edit clears the report
    saver.discard()
