"""The session's quick check-in on a goal: one check-in per goal per meeting, changed by
clicking again, with the button staying exactly where the pointer is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtWidgets import QPushButton

from ui.kit.state import WorkbookState
from ui.sessions.session_editor import SessionEditor
from workbook import coachees, goals

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _laid_out() -> None:
    # A changed label asks for a new layout through posted events, parent after parent.
    for _ in range(4):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _place(editor: SessionEditor, button: QPushButton) -> QRect:
    return QRect(button.mapTo(editor, QPoint(0, 0)), button.size())


def test_checking_in_twice_edits_the_check_in_and_the_button_stays_put(
        qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    coachee = coachees.add(db, "Ama Owusu").id
    sleep = goals.add(db, coachee, "Sleep seven hours on weeknights", status="active").id
    goals.add(db, coachee, "Present a case at morning report", status="active")
    editor = SessionEditor(state)
    editor.autosaver.delay_ms = 50  # the test need not wait 800 ms
    qtbot.addWidget(editor)
    editor.resize(1280, 720)
    editor.set_coachee(coachee)
    editor.show()
    qtbot.waitExposed(editor)
    editor.new_session(coachee, "free-form")
    panel = editor.goals
    button, result = panel.buttons[sleep], panel.results[sleep]
    _laid_out()
    editor.scroll.ensureWidgetVisible(button)  # where the coach's pointer can reach it
    before = _place(editor, button)
    pointer = before.center()
    assert button.text() == "Check in" and result.text() == ""

    panel.spins[sleep].setValue(60)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result.text() == "✓ 60 %" and button.text() == "Update")
    _laid_out()
    assert _place(editor, button) == before
    assert editor.childAt(pointer) is button  # a second click lands on it again

    panel.spins[sleep].setValue(70)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: result.text() == "✓ 70 %")
    _laid_out()
    assert _place(editor, button) == before
    checkins = goals.list_checkins(db, sleep)
    assert [(k.session_id, k.progress) for k in checkins] == [(editor.session_id, 70)]
    assert goals.get(db, sleep).progress == 70

    # A change made elsewhere refreshes the rows in place: the same button, the same place.
    state.call(goals.update, sleep, title="Sleep seven hours on weeknights", progress=75)
    qtbot.waitUntil(lambda: panel.spins[sleep].value() == 75)
    _laid_out()
    assert panel.buttons[sleep] is button and _place(editor, button) == before
    assert button.text() == "Update" and result.text() == "✓ 70 %"
