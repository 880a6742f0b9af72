"""A coach's whole first meeting, driven through the real widgets of the main window.

Nothing in the meeting is created with workbook functions: the coachee, values, goal, session,
notes and action item all come from key presses (typing, Tab, Enter, Space, shortcuts and
mnemonics) sent to whatever has the focus in a `MainWindow`; no mouse. Only at the end is the
file reopened with the workbook API, to check that everything typed was kept.

The offscreen platform activates no window by itself: a window manager would activate each
dialog as it opens and the main window when it closes, so `activate()` does that here.

The tests after it guard what a keyboard user met before (a Tab trap, shared Alt+letters);
they seed their data with the workbook API, since only the keys are under test there.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)
from shiboken6 import isValid

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from ui.coachees.coachee_dialog import CoacheeDialog
from ui.kit.autosave import SaveStatus
from ui.kit.date_cell import CellDateField
from ui.kit.ops import SyncExecutor
from ui.kit.state import WorkbookState
from ui.portfolio.values_tab import ValuesTab
from ui.sessions.new_session_dialog import NewSessionDialog
from ui.start.unlock_dialog import UnlockDialog
from ui.window.main_window import MainWindow
from ui.window.panes import GOALS, OVERVIEW, SESSIONS, VALUES
from workbook import actions, coachees, goals, notes, sessions, templates, values, vault

# The values list's completer pops up a window; offscreen cannot raise it nor let it grab the
# keyboard (harmless: key events are sent to the popup directly).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                                       "This plugin does not support raise",
                                       "This plugin does not support grabbing the keyboard")

NAME = "Nguyễn Thị Hoa"
TYPED_VALUE = "Gia đình — family"
REFLECTION = "Bà ngoại raised her; «family first» guides every choice."
GOAL_TITLE = "Present a case at grand rounds — «ca lâm sàng»"
SPECIFIC = "Present one case to the department, with slides she made herself."
LADDER = {
    -2: "Declines to present",
    -1: "Presents to her team only",
    0: "Presents at grand rounds",
    1: "Presents and answers every question",
    2: "Invited back to present again",
}
SHARED_NOTE = "Wants to present at grand rounds — nervous about questions. "
PRIVATE_NOTE = "Seemed tired; mentioned night shifts at the café."
ACTION = "Draft the slides — ask Dr Đặng for a case"

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


# -- how a user's hands reach the widgets --------------------------------------------------

def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_here(text: str) -> QWidget:
    """Type into whatever has the focus, as a keyboard does."""
    widget = focused()
    type_text(widget, text)
    return widget


def press(qtbot, key: Qt.Key, modifiers=NO_MODIFIER) -> None:  # type: ignore[no-untyped-def]
    """A key (or shortcut) pressed wherever the focus is."""
    qtbot.keyClick(focused(), key, modifiers)


def tab_to(qtbot, target: QWidget, most: int = 20, *, back: bool = False) -> int:  # type: ignore[no-untyped-def]
    """Press Tab (Shift+Tab with `back`) until `target` has the focus; how many presses."""
    key, modifiers = (Qt.Key.Key_Backtab, SHIFT) if back else (Qt.Key.Key_Tab, NO_MODIFIER)
    for count in range(1, most + 1):
        press(qtbot, key, modifiers)
        if focused() is target:
            return count
    raise AssertionError(f"{most} presses of Tab never reached {target.accessibleName()!r}")


def activate(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """What the window manager does when a window opens, or the one above it closes."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def menu_named(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    raise AssertionError(f"no {title} menu")


def value_names(tab: ValuesTab) -> list[str]:
    return [tab.model.value(row).name for row in range(tab.model.rowCount())]


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    w = MainWindow(SyncExecutor())
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    yield w
    w.close()


# -- the meeting ---------------------------------------------------------------------------
def test_a_first_meeting_typed_through_the_real_widgets(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    problems: list[str] = []  # every sentence or bug the window would have shown
    window.state.error.connect(problems.append)
    window.state.runner.failed.connect(lambda exc: problems.append(repr(exc)))

    # 1. The fresh workbook, unlocked through its dialog.
    window.ask_unlock(workbook_path)  # what choosing the file on the start page does
    unlock = window.findChildren(UnlockDialog)[-1]
    activate(qtbot, unlock)
    assert focused() is unlock.field
    type_here(PASSPHRASE)
    press(qtbot, Qt.Key.Key_Return)
    assert window.state.is_open and window.pages.currentWidget() is window.workspace
    activate(qtbot, window)

    # 2. Coachee ▸ New coachee… (Ctrl+Shift+C): name, level, program; Alt+A adds.
    assert window.coachee_list.add_action in menu_named(window, "Coachee").actions()
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    dialog = window.findChildren(CoacheeDialog)[-1]
    activate(qtbot, dialog)
    assert focused() is dialog.name
    type_here(NAME)
    assert tab_to(qtbot, dialog.level) == 4  # preferred name, pronouns, email, level
    type_here("MS3")  # a closed combo box finds the item as one types
    assert dialog.level.currentData() == "MS3"
    assert tab_to(qtbot, dialog.program) == 1
    type_here("MD program")
    assert dialog.save_button.text() == "&Add coachee" and dialog.save_button.isDefault()
    press(qtbot, Qt.Key.Key_A, ALT)  # a mnemonic "animates" the click: it lands shortly
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible())  # and deleted
    activate(qtbot, window)
    cid = window.coachee_list.current_coachee()
    assert cid is not None and window.tabs.currentIndex() == OVERVIEW

    # 3. Values (Ctrl+3): one picked from the values list, one typed; rank; reflect.
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.tabs.currentIndex() == VALUES
    tab = window.values
    press(qtbot, Qt.Key.Key_L, ALT)  # "Add a va&lue"
    line = tab.add_combo.lineEdit()
    assert focused() in (tab.add_combo, line)
    type_here("curi")  # the values list pops up what matches
    popup = tab.add_combo.completer().popup()
    assert popup.isVisible() and popup.model().index(0, 0).data() == "Curiosity"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)  # takes the entry, and moves on to Add
    assert focused() is tab.add_button and line.text() == "Curiosity"
    press(qtbot, Qt.Key.Key_Space)
    assert value_names(tab) == ["Curiosity"] and line.text() == ""
    press(qtbot, Qt.Key.Key_L, ALT)
    type_here(TYPED_VALUE)
    press(qtbot, Qt.Key.Key_Return)
    assert value_names(tab) == ["Curiosity", TYPED_VALUE]
    assert line.text() == ""
    tab_to(qtbot, tab.view, back=True)  # back past Remove and Move up to the list
    press(qtbot, Qt.Key.Key_Home)
    assert tab.view.currentIndex().row() == 0
    press(qtbot, Qt.Key.Key_Down, CTRL)  # Curiosity ranks below the family
    assert value_names(tab) == [TYPED_VALUE, "Curiosity"]
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_O, ALT)  # "Reflecti&on on «Gia đình — family»"
    assert focused() is tab.reflection
    assert TYPED_VALUE in tab.reflection_label.text()
    type_here(REFLECTION)
    press(qtbot, Qt.Key.Key_Tab)  # leaving the box saves it

    # 4. Goals (Ctrl+4), New goal (Ctrl+Shift+G): title, SMART, value, ladder, baseline.
    press(qtbot, Qt.Key.Key_4, CTRL)
    assert window.tabs.currentIndex() == GOALS
    press(qtbot, Qt.Key.Key_G, CTRL | SHIFT)
    editor = window.goals.editor
    goal_id = editor.goal_id
    assert goal_id is not None
    assert focused() is editor.title and editor.title.selectedText() == "New goal"
    type_here(GOAL_TITLE)  # replaces the selected placeholder title
    specific = editor.smart_box.edits["specific"]
    tab_to(qtbot, specific)  # via domain, status, target date, weight and progress
    type_here(SPECIFIC)
    links = editor.values_box.view
    tab_to(qtbot, links)  # the other SMART boxes, then the values the goal expresses
    assert links.currentIndex().row() == 0  # the family, ranked first
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, editor.ladder.edits[-2])  # past the new milestone's fields
    type_here(LADDER[-2])
    # Tab stops once in each exclusive group of radio buttons; the arrows move within it.
    assert tab_to(qtbot, editor.ladder.baseline_buttons[-2]) == 1
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is editor.ladder.baseline_buttons[-1]
    press(qtbot, Qt.Key.Key_Space)  # she starts at −1
    press(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert focused() is editor.ladder.edits[-1]
    type_here(LADDER[-1])
    for level in (0, 1, 2):
        tab_to(qtbot, editor.ladder.edits[level])
        type_here(LADDER[level])
    press(qtbot, Qt.Key.Key_Tab)

    # 5. Sessions (Ctrl+5), Ctrl+N: GROW, Enter; notes shared and private, a prompt, an
    #    action item with its owner and due date.
    press(qtbot, Qt.Key.Key_5, CTRL)
    assert window.tabs.currentIndex() == SESSIONS
    press(qtbot, Qt.Key.Key_N, CTRL)
    new = window.findChildren(NewSessionDialog)[-1]
    activate(qtbot, new)
    assert focused() is new.templates
    type_here("GROW")  # the list finds the template as one types
    assert new.templates.currentItem().text() == "GROW"
    press(qtbot, Qt.Key.Key_Return)
    assert not new.isVisible()
    activate(qtbot, window)
    session = window.sessions.editor
    sid = session.session_id
    assert sid is not None
    shared = session.section_editors()[0]
    assert not shared.is_private() and focused() is shared.text_edit  # ready to type
    type_here(SHARED_NOTE)
    prompt = session.prompts.current_prompt()
    assert prompt
    press(qtbot, Qt.Key.Key_I, CTRL | SHIFT)
    private = next(s for s in session.section_editors() if s.is_private())
    tab_to(qtbot, private.text_edit)  # each section's Private box, then its notes
    type_here(PRIVATE_NOTE)
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)  # a new action item, its text being edited
    table = session.action_table
    assert table.state() == QAbstractItemView.State.EditingState
    type_here(ACTION)
    press(qtbot, Qt.Key.Key_Tab)  # on to its owner
    owner = focused()
    assert isinstance(owner, QComboBox) and owner.currentData() == "coachee"
    press(qtbot, Qt.Key.Key_Down)
    assert owner.currentData() == "coach"
    days_around = {date.today()}  # the app's clock: midnight may pass while it runs
    press(qtbot, Qt.Key.Key_Tab)  # on to its due date, two weeks ahead to begin with
    due = focused().parentWidget()  # the due date's typed line has the keyboard
    assert isinstance(due, CellDateField)
    suggested = due.date().toPython()
    days_around.add(date.today())
    assert suggested - timedelta(days=14) in days_around
    press(qtbot, Qt.Key.Key_Return)  # the delegate commits on the next turn of the loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    model = session.action_model
    cells = [model.index(0, c).data() for c in (model.TEXT, model.OWNER, model.DUE)]
    assert cells[:2] == [ACTION, "Coach"] and cells[2] != "—"

    # 6. Everything saves itself; close the window; the reopened file holds it all.
    qtbot.waitUntil(lambda: session.autosaver.status is SaveStatus.SAVED, timeout=5000)
    qtbot.waitUntil(lambda: editor.header.save_label.text() == "Saved", timeout=5000)
    qtbot.waitUntil(lambda: tab.saved_label.text() == "Saved", timeout=5000)
    window.close()
    assert problems == []

    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        db = v.db
        [coachee] = coachees.list_coachees(db)
        assert (coachee.id, coachee.name, coachee.level, coachee.program, coachee.status) == (
            cid, NAME, "MS3", "MD program", "active")

        ranked = values.list_values(db, cid)
        assert [v.name for v in ranked] == [TYPED_VALUE, "Curiosity"]
        assert ranked[0].rank < ranked[1].rank
        assert [v.reflection for v in ranked] == [REFLECTION, ""]
        catalog = {c.name for c in values.catalog(db)}
        assert "Curiosity" in catalog and TYPED_VALUE not in catalog

        goal = goals.get(db, goal_id)
        assert (goal.coachee_id, goal.title, goal.specific) == (cid, GOAL_TITLE, SPECIFIC)
        assert goal.measurable == goal.achievable == goal.relevant == goal.time_bound == ""
        assert goal.ladder == LADDER and goal.has_complete_ladder
        assert goal.gas_baseline == -1 and goal.gas_attained is None
        assert goal.value_ids == (ranked[0].id,)
        assert [g.id for g in goals.list_goals(db, cid)] == [goal_id]

        [meeting] = sessions.list_sessions(db, cid)
        assert meeting.id == sid
        assert meeting.template_id == templates.get_template(db, "grow").id
        sections = {s.id: s for s in notes.list_sections(db, sid)}
        assert sections[shared.section_id].shared
        assert sections[shared.section_id].body == f"{SHARED_NOTE}\n**Q:** {prompt}\n"
        assert not sections[private.section_id].shared
        assert sections[private.section_id].body == PRIVATE_NOTE
        untouched = [s.body for k, s in sections.items()
                     if k not in (shared.section_id, private.section_id)]
        assert len(untouched) == 3 and set(untouched) == {""}

        [item] = actions.list_actions(db, coachee_id=cid)
        assert (item.session_id, item.text, item.owner, item.due_date, item.done_on) == (
            sid, ACTION, "coach", suggested.isoformat(), None)


# -- what a keyboard user trips over (bugs: each test says what should happen) -------------
@pytest.mark.parametrize("screen", ["coachee list", "goals list"])
def test_tab_leaves_a_list_without_changing_the_selection(  # type: ignore[no-untyped-def]
        qtbot, state: WorkbookState, screen: str) -> None:
    from ui.coachees.coachee_list import CoacheeList
    from ui.portfolio.goals_tab import GoalsTab

    db = state.vault.db
    cid = coachees.add(db, NAME).id  # seeded: only the keyboard is under test
    coachees.add(db, "Zoë Kowalczyk")
    for title in ("Present at grand rounds", "Sleep seven hours"):
        goals.add(db, cid, title)
    widget: QWidget
    if screen == "coachee list":
        widget = CoacheeList(state)
        widget.select_coachee(cid)
    else:
        widget = GoalsTab(state)
        widget.set_coachee(cid)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    activate(qtbot, widget)
    view = widget.view  # type: ignore[attr-defined]
    row = view.currentIndex().row()
    assert row >= 0
    view.setFocus()
    for _ in range(view.model().columnCount()):  # one row's worth of Tab presses
        press(qtbot, Qt.Key.Key_Tab)
        if focused() is not view:
            break
    assert view.currentIndex().row() == row
    assert focused() is not view


def mnemonic_clashes(window: MainWindow) -> dict[str, list[str]]:
    """Alt+key combinations that more than one shown control claims (the window's menus, its
    tab bars, buddied labels, buttons and group boxes), found the way Qt finds them."""
    claims: dict[str, list[str]] = defaultdict(list)

    def claim(text: str, what: str) -> None:
        key = QKeySequence.mnemonic(text)
        if not key.isEmpty():
            claims[key.toString()].append(f"{what} {text!r}")

    for action in window.menuBar().actions():
        claim(action.text(), "menu")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                claim(widget.tabText(i), "tab")
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            claim(widget.text(), "label")
        elif isinstance(widget, QAbstractButton):
            claim(widget.text(), "button")
        elif isinstance(widget, QGroupBox):
            claim(widget.title(), "group")
    return {key: whose for key, whose in claims.items() if len(whose) > 1}


def test_no_two_controls_on_a_page_share_a_mnemonic(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:  # seeded: only keys under test
        cid = coachees.add(v.db, NAME).id
        values.add(v.db, cid, "Curiosity")
        goals.add(v.db, cid, GOAL_TITLE)
        sid = sessions.start(v.db, cid, "grow").created
    window.ask_unlock(workbook_path)
    unlock = window.findChildren(UnlockDialog)[-1]
    type_text(unlock.field, PASSPHRASE)
    qtbot.keyClick(unlock.field, Qt.Key.Key_Return)
    window.coachee_list.select_coachee(cid)
    window.sessions.open_session(sid)
    found = {}
    for index, page in enumerate(("Today", "Overview", "Values", "Goals", "Sessions")):
        window.show_tab(index)
        if clashes := mnemonic_clashes(window):
            found[page] = clashes
    assert found == {}
