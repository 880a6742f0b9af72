"""The rest of the app's dates read what the coach types, as the goal's do: an action item's
due date (in its table cell), the meeting's date and the next meeting, a coachee's start and
agreement dates, the From/To of several summaries and the New session dialog's date.

YYYY-MM-DD and the system's short format (pinned to en_US and de_DE) are saved; anything else
is said where the coach is looking, saves nothing and stays as typed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from tests.ui.test_date_fields import pinned
from tests.ui.test_goal_editor import coachee, new_goal, select_all_and_type, tab
from tests.ui.test_preview_and_batch import make_batch
from ui.coachees.coachee_dialog import CoacheeDialog
from ui.kit.date_cell import CellDateField
from ui.kit.dates import unreadable
from ui.kit.state import WorkbookState
from ui.portfolio.goals_tab import GoalsTab
from ui.sessions.new_session_dialog import NewSessionDialog
from ui.sessions.session_editor import SessionEditor
from workbook import actions, coachees, dates, goals, sessions

__all__ = ["coachee", "pinned", "tab"]  # fixtures used below
# the offscreen platform cannot raise the tooltip that says why a date cannot be read
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                                       "This plugin does not support raise")

TODAY = date(2026, 3, 15)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
BAD = "31/31/2027"
LOCALES = pytest.mark.parametrize("pinned", ["en_US", "de_DE"], indirect=True)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two-digit years and empty fields are read against a known day: the app's one clock."""
    monkeypatch.setattr(dates, "today", lambda: TODAY)


def short(locale: QLocale, day: date = date(2027, 3, 1)) -> str:
    """The day as the pinned system writes it ("3/1/27", "01.03.27")."""
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def enter(qtbot, line: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    select_all_and_type(qtbot, line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


# -- in the session editor ---------------------------------------------------------------------
@pytest.fixture
def editor(qtbot, state: WorkbookState, coachee: int) -> Iterator[SessionEditor]:  # type: ignore[no-untyped-def]
    widget = SessionEditor(state)
    widget.autosaver.delay_ms = 20  # the test need not wait 800 ms
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.set_coachee(coachee)
    widget.new_session(coachee, "free-form", scheduled_at="2026-03-02T09:30")
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    yield widget


def open_due_cell(qtbot, editor: SessionEditor) -> CellDateField:  # type: ignore[no-untyped-def]
    table, model = editor.action_table, editor.action_model
    due = model.index(0, model.DUE)
    table.setCurrentIndex(due)
    table.setFocus()
    table.edit(due)
    cell = next(w for w in table.findChildren(CellDateField) if w.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cell.line)
    return cell


@LOCALES
def test_an_action_items_due_date_typed_either_way_is_saved(  # type: ignore[no-untyped-def]
        qtbot, editor: SessionEditor, state: WorkbookState, pinned: QLocale) -> None:
    db = state.vault.db  # type: ignore[union-attr]
    model, table = editor.action_model, editor.action_table
    assert model.setData(model.add_row(), "Book a study room")
    [item] = actions.list_actions(db, session_id=editor.session_id)
    for text, expected in (("2027-03-01", "2027-03-01"),
                           (short(pinned, date(2027, 4, 2)), "2027-04-02")):
        cell = open_due_cell(qtbot, editor)
        enter(qtbot, cell.line, text)  # Enter commits
        qtbot.waitUntil(lambda e=expected: actions.get(db, item.id).due_date == e)  # type: ignore[misc]
        assert table.state() != QAbstractItemView.State.EditingState

    cell = open_due_cell(qtbot, editor)
    panel = editor.action_panel
    enter(qtbot, cell.line, BAD)
    qtbot.keyClick(cell.line, Qt.Key.Key_Tab)  # neither Enter nor Tab leaves with it
    assert table.state() == QAbstractItemView.State.EditingState and cell.isVisible()
    assert cell.line.text() == BAD and cell.line.toolTip() == unreadable(BAD)
    assert panel.date_problem.isVisible() and panel.date_problem.text() == unreadable(BAD)
    assert actions.get(db, item.id).due_date == "2027-04-02"
    # moved off by the mouse: the row keeps its date and the line below keeps what was typed
    table.setCurrentIndex(model.index(0, model.TEXT))
    assert not cell.isVisible() and actions.get(db, item.id).due_date == "2027-04-02"
    assert panel.date_problem.isVisible() and BAD in panel.date_problem.text()

    cell = open_due_cell(qtbot, editor)  # Escape is the one way to give it up
    enter(qtbot, cell.line, BAD)
    qtbot.keyClick(cell.line, Qt.Key.Key_Escape)
    assert table.state() != QAbstractItemView.State.EditingState
    assert panel.date_problem.isHidden() and actions.get(db, item.id).due_date == "2027-04-02"


@LOCALES
def test_the_meeting_date_typed_either_way_is_saved(  # type: ignore[no-untyped-def]
        qtbot, editor: SessionEditor, state: WorkbookState, pinned: QLocale) -> None:
    db = state.vault.db  # type: ignore[union-attr]
    day = editor.header.when.day
    for text, expected in (("2027-03-01", "2027-03-01T09:30"),
                           (short(pinned, date(2027, 4, 2)), "2027-04-02T09:30")):
        enter(qtbot, day.line, text)
        qtbot.waitUntil(lambda e=expected: sessions.get(  # type: ignore[misc]
            db, editor.session_id).scheduled_at == e)
        assert day.line.text() == ("Mon 1 Mar 2027" if expected < "2027-04" else "Fri 2 Apr 2027")

    enter(qtbot, day.line, BAD)
    assert day.problem.isVisible() and day.problem.text() == unreadable(BAD)
    editor._reload()  # a change elsewhere refreshes the header: what was typed stays
    qtbot.waitUntil(lambda: editor.autosaver.is_idle())
    assert day.line.text() == BAD and day.problem.isVisible()
    assert sessions.get(db, editor.session_id).scheduled_at == "2027-04-02T09:30"


@LOCALES
def test_the_next_meeting_typed_either_way_is_saved(  # type: ignore[no-untyped-def]
        qtbot, editor: SessionEditor, state: WorkbookState, pinned: QLocale) -> None:
    db = state.vault.db  # type: ignore[union-attr]
    editor.has_next.setChecked(True)
    day = editor.next_meeting.day
    for text, expected in (("2027-03-01", "2027-03-01T09:30"),
                           (short(pinned), "2027-03-01T09:30")):
        enter(qtbot, day.line, "2026-12-24")
        enter(qtbot, day.line, text)
        qtbot.waitUntil(lambda e=expected: sessions.get(  # type: ignore[misc]
            db, editor.session_id).next_meeting_at == e)
    enter(qtbot, day.line, BAD)
    qtbot.waitUntil(lambda: editor.autosaver.is_idle())
    editor._reload()  # a change elsewhere refreshes the page: what was typed stays
    qtbot.waitUntil(lambda: editor.autosaver.is_idle())
    assert day.line.text() == BAD and day.problem.text() == unreadable(BAD)
    assert day.problem.isVisible()
    assert sessions.get(db, editor.session_id).next_meeting_at == "2027-03-01T09:30"


def test_a_date_it_cannot_read_stays_with_its_own_session(  # type: ignore[no-untyped-def]
        qtbot, editor: SessionEditor, state: WorkbookState, coachee: int) -> None:
    db = state.vault.db  # type: ignore[union-attr]
    first = editor.session_id
    other = sessions.start(db, coachee, "free-form", scheduled_at="2026-05-05T10:00").id
    editor.has_next.setChecked(True)
    for field in (editor.header.when.day, editor.next_meeting.day):
        enter(qtbot, field.line, BAD)
    qtbot.waitUntil(lambda: editor.autosaver.is_idle())
    editor.open_session(other)
    qtbot.waitUntil(lambda: editor.session_id == other)
    when, planned = editor.header.when.day, editor.next_meeting.day
    assert when.line.text() == "Tue 5 May 2026" and when.problem.isHidden()
    assert BAD not in planned.line.text() and planned.problem.isHidden()
    assert sessions.get(db, first).scheduled_at == "2026-03-02T09:30"
    assert sessions.get(db, other).scheduled_at == "2026-05-05T10:00"


def test_tab_goes_through_the_meeting_date_and_time(editor: SessionEditor, qtbot) -> None:  # type: ignore[no-untyped-def]
    when = editor.header.when
    editor.title.setFocus()
    qtbot.waitUntil(lambda: editor.title.hasFocus())
    seen = []
    while QApplication.focusWidget() is not editor.duration and len(seen) < 6:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() not in seen:
            seen.append(QApplication.focusWidget())
    # typed, the calendar, the time (hours, then minutes), then on
    assert seen == [when.day.line, when.day.pick, when.time, editor.duration]
    for widget in (when.time, when.day.pick, when.day.line, editor.title):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        if QApplication.focusWidget() is not widget:  # the minutes go back to the hours first
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is widget


# -- a coachee's dates ---------------------------------------------------------------------------
@LOCALES
def test_a_coachees_start_and_agreement_dates_typed_either_way_are_saved(  # type: ignore[no-untyped-def]
        qtbot, state: WorkbookState, pinned: QLocale) -> None:
    dialog = CoacheeDialog(state, None)
    qtbot.addWidget(dialog)
    dialog.open()
    select_all_and_type(qtbot, dialog.name, "Zoë Kowalczyk")
    for field, text in ((dialog.start_date, "2027-03-01"), (dialog.agreement_date, short(pinned))):
        field.check.setChecked(True)
        enter(qtbot, field.edit.line, text)
    with qtbot.waitSignal(dialog.saved) as got:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = coachees.get(state.vault.db, got.args[0])  # type: ignore[union-attr]
    assert (saved.start_date, saved.agreement_date) == ("2027-03-01", "2027-03-01")


@pytest.mark.parametrize("which", ["start_date", "agreement_date"])
def test_a_coachee_date_it_cannot_read_is_said_and_nothing_is_saved(  # type: ignore[no-untyped-def]
        qtbot, state: WorkbookState, which: str) -> None:
    dialog = CoacheeDialog(state, None)
    qtbot.addWidget(dialog)
    dialog.open()
    select_all_and_type(qtbot, dialog.name, "Zoë Kowalczyk")
    field = getattr(dialog, which)
    field.check.setChecked(True)
    dialog.tabs.setCurrentIndex(0)
    select_all_and_type(qtbot, field.edit.line, BAD)  # then straight to Save, no Enter
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and coachees.list_coachees(state.vault.db) == []  # type: ignore[union-attr]
    label = "Start date" if which == "start_date" else "Agreement date"
    assert dialog.error.text() == f"{label}: {unreadable(BAD)}" and dialog.error.isVisible()
    assert dialog.tabs.currentWidget().isAncestorOf(field)  # on the page with the field
    assert field.edit.line.text() == BAD and field.edit.problem.isVisible()


# -- several summaries ---------------------------------------------------------------------------
@LOCALES
def test_several_summaries_from_and_to_typed_either_way(  # type: ignore[no-untyped-def]
        qtbot, demo_state: WorkbookState, pinned: QLocale) -> None:
    dialog = make_batch(demo_state, qtbot)
    listed = dialog.list.count()
    assert listed > 0
    enter(qtbot, dialog.last.line, "2027-03-01")
    enter(qtbot, dialog.first.line, short(pinned))
    assert dialog.isVisible() and dialog.days() == (date(2027, 3, 1), date(2027, 3, 1))
    assert dialog.count_label.text() == "No sessions on these days."
    enter(qtbot, dialog.first.line, BAD)
    assert dialog.first.line.text() == BAD and dialog.first.problem.text() == unreadable(BAD)
    assert dialog.first.problem.isVisible() and dialog.isVisible()
    assert dialog.days() == (date(2027, 3, 1), date(2027, 3, 1))


def test_several_summaries_are_not_made_for_days_it_cannot_read(  # type: ignore[no-untyped-def]
        qtbot, demo_state: WorkbookState, tmp_path: Path) -> None:
    printed = tmp_path / "job.pdf"
    dialog = make_batch(demo_state, qtbot, printed)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    listed, ticked = dialog.list.count(), dialog.ticked()
    assert ticked
    done: list[object] = []
    chosen: list[object] = []
    dialog.finished_work.connect(lambda *args: done.append(args))
    dialog.choose_export = lambda start, accept: chosen.append(start)
    enter(qtbot, dialog.first.line, BAD)
    for button in (dialog.print_button, dialog.export_button):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.first.line)
    assert done == [] and chosen == [] and not printed.exists()
    assert dialog.first.line.text() == BAD and dialog.first.problem.isVisible()
    assert (dialog.list.count(), dialog.ticked()) == (listed, ticked)

    # new days typed, then Alt+P with the caret still there: their list first, then print
    select_all_and_type(qtbot, dialog.first.line, "2027-03-01")
    select_all_and_type(qtbot, dialog.last.line, "2027-03-01")
    qtbot.keyClick(dialog.last.line, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    # a mnemonic "animates" the click: it lands shortly
    qtbot.waitUntil(lambda: dialog.count_label.text() == "No sessions on these days.")
    assert done == [] and not printed.exists()


# -- a new session -------------------------------------------------------------------------------
@pytest.fixture
def new_session(qtbot, state: WorkbookState, coachee: int) -> NewSessionDialog:  # type: ignore[no-untyped-def]
    dialog = NewSessionDialog(state, coachee_id=coachee, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize(("pinned", "typed"), [("en_US", "2027-03-01"), ("en_US", "3/1/27"),
                                               ("de_DE", "01.03.27")], indirect=["pinned"])
def test_the_new_session_date_typed_either_way_starts_it_then(  # type: ignore[no-untyped-def]
        qtbot, new_session: NewSessionDialog, pinned: QLocale, typed: str) -> None:
    new_session.when.time.setTime(new_session.when.time.time().fromString("10:15", "HH:mm"))
    with qtbot.waitSignal(new_session.chosen) as got:
        enter(qtbot, new_session.when.day.line, typed)  # Enter reads it, then starts
    assert got.args[1] == "2027-03-01T10:15" and got.args[2] == "scheduled"
    assert not new_session.isVisible()


def test_the_new_session_date_it_cannot_read_is_said_and_nothing_starts(  # type: ignore[no-untyped-def]
        qtbot, new_session: NewSessionDialog) -> None:
    chosen: list[object] = []
    new_session.chosen.connect(lambda *args: chosen.append(args))
    day = new_session.when.day
    enter(qtbot, day.line, BAD)
    qtbot.mouseClick(new_session.start_button, Qt.MouseButton.LeftButton)
    assert new_session.isVisible() and chosen == []
    assert day.line.text() == BAD and day.problem.isVisible()
    assert day.problem.text() == unreadable(BAD)


# -- a goal's check-in ---------------------------------------------------------------------------
def test_a_check_in_date_it_cannot_read_is_said_and_nothing_is_saved(  # type: ignore[no-untyped-def]
        qtbot, tab: GoalsTab, state: WorkbookState) -> None:
    db = state.vault.db  # type: ignore[union-attr]
    goal_id = new_goal(qtbot, tab)
    editor = tab.editor
    qtbot.keyClick(editor.title, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = editor.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    day = dialog.date
    for typed in ("nonsense", "31/02/2027"):
        enter(qtbot, day.line, typed)  # Enter reads the date, then reaches "Check in"
        assert dialog.isVisible() and editor.dialog is dialog
        assert goals.list_checkins(db, goal_id) == []
        assert day.line.text() == typed and day.problem.isVisible()
        assert day.problem.text() == unreadable(typed)
        assert QApplication.focusWidget() is day.line
    # the button itself, the caret elsewhere: refused the same way, the caret back in the date
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and goals.list_checkins(db, goal_id) == []
    qtbot.waitUntil(lambda: QApplication.focusWidget() is day.line)
    assert day.line.text() == "31/02/2027"

    enter(qtbot, day.line, "2027-03-01")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [c.checked_on for c in goals.list_checkins(db, goal_id)] == ["2027-03-01"]


def test_a_goal_target_it_cannot_read_stays_while_the_goal_refreshes(  # type: ignore[no-untyped-def]
        qtbot, tab: GoalsTab, state: WorkbookState) -> None:
    db = state.vault.db  # type: ignore[union-attr]
    goal_id = new_goal(qtbot, tab)
    header = tab.editor.header
    header.has_target.setChecked(True)
    qtbot.waitUntil(lambda: goals.get(db, goal_id).target_date is not None)
    saved = goals.get(db, goal_id).target_date
    enter(qtbot, header.target.line, BAD)
    select_all_and_type(qtbot, header.title, "Lead the Thursday huddle")  # saves, refreshes
    tab.editor.flush()
    qtbot.waitUntil(lambda: goals.get(db, goal_id).title == "Lead the Thursday huddle")
    tab.editor.reload()
    qtbot.waitUntil(lambda: tab.editor.header.save_label.text() != "Saving…")
    assert header.target.line.text() == BAD and header.target.problem.isVisible()
    assert header.has_target.isChecked()
    assert goals.get(db, goal_id).target_date == saved

    new_goal(qtbot, tab)  # another goal: neither the text nor its sentence comes along
    assert BAD not in header.target.line.text() and header.target.problem.isHidden()
    assert not header.has_target.isChecked()
