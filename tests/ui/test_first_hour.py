"""A new coach's first hour: the greeting of an empty workbook, a coachee added today, the
count phrases, where exports go."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from tests.conftest import PASSPHRASE
from tests.records import coachee
from tests.ui.keys import type_text
from tests.ui.settle import settled
from ui.coachees.coachee_dialog import CoacheeDialog
from ui.coachees.coachee_list import CoacheeList
from ui.coachees.coachee_rows import LEVEL, MARKERS, NAME
from ui.coachees.coachee_view import CoacheeView
from ui.documents.document_actions import DocumentActions
from ui.kit import recent
from ui.kit.ops import SyncExecutor
from ui.kit.state import WorkbookState
from ui.portfolio.gas_ladder import GasLadder
from ui.portfolio.goals_tab import GoalsTab
from ui.sessions.action_items_view import ActionItemsView
from ui.start.start_window import demo_path
from ui.window import panes as tabs
from ui.window import window_fit
from ui.window.main_window import MainWindow
from ui.window.panes import GOALS, SESSIONS
from ui.window.shortcuts_dialog import ShortcutsDialog
from workbook import actions, coachees, goals, sessions, vault
from workbook.coachees import Coachee
from workbook.user_folders import data_dir
from workbook.wording import count

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 15)


def open_in(window: MainWindow, path: Path) -> None:
    window.state.adopt(vault.open_vault(path, PASSPHRASE))


# -- the greeting ------------------------------------------------------------------------
def test_an_empty_workbook_greets_with_its_first_steps(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                       workbook_path: Path) -> None:
    open_in(window, workbook_path)
    steps = window.workspace.first_steps
    qtbot.waitUntil(lambda: steps.isVisible())
    assert not window.coachee_list.isVisible() and not window.tabs.isVisible()
    assert [b.text() for b in steps.buttons] == ["&Add a coachee…", "&Import a roster…"]
    assert all(b.isEnabled() for b in steps.buttons)
    # keyboard first: the first step has the focus, Space presses it, Tab reaches the next
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is steps.buttons[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is steps.buttons[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(steps.buttons[0], Qt.Key.Key_Space)
    dialog = window.findChildren(CoacheeDialog)[-1]
    assert dialog.isVisible()
    type_text(dialog.name, "Élodie Marchand")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # the greeting steps aside once there is a coachee, and the new coachee is open
    qtbot.waitUntil(lambda: window.coachee_list.isVisible())
    assert not steps.isVisible() and window.tabs.isVisible()
    assert window.coachee_list.current_coachee() is not None


def test_importing_a_roster_from_the_greeting(window: MainWindow, qtbot, workbook_path: Path,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,level\nNguyễn Thị Hoa,MS3\nTavita Faleolo,MS4\n", encoding="utf-8")
    open_in(window, workbook_path)
    window.file_actions.choose_path = lambda request, accept: accept(roster)
    steps = window.workspace.first_steps
    qtbot.waitUntil(lambda: steps.isVisible())
    qtbot.keyClick(steps.buttons[1], Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.coachee_list.isVisible())
    assert window.coachee_list.model.rowCount() == 2
    window.file_actions.last_message.accept()


def test_a_workbook_with_coachees_opens_on_its_work(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                    demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.cwb"
    path.write_bytes(demo_template.read_bytes())
    open_in(window, path)
    qtbot.waitUntil(lambda: window.coachee_list.isVisible())
    assert not window.workspace.first_steps.isVisible()


# -- not seen lately ---------------------------------------------------------------------
def test_a_coachee_added_today_is_not_marked_not_seen(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    coachee(db, "Added This Morning", created_at=f"{TODAY.isoformat()}T07:30:00Z")
    coachee(db, "Added Last Year", created_at="2025-01-06T09:00:00Z")
    listing = CoacheeList(state, today=lambda: TODAY)
    qtbot.addWidget(listing)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 2)
    marked = {r.coachee.name: r.markers for r in listing.model.rows()}
    assert not marked["Added This Morning"].any
    assert marked["Added Last Year"].never_seen
    assert listing.count_label.text() == "2 coachees · 1 not seen lately"


# -- count phrases -----------------------------------------------------------------------
def test_one_goal_reads_one_goal(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    cid = coachee(state.vault.db, "Zoë Kowalczyk")
    state.call(goals.add, cid, "Present a case at morning report", domain="clinical-skills")
    tab = GoalsTab(state)
    qtbot.addWidget(tab)
    tab.set_coachee(cid)
    qtbot.waitUntil(lambda: bool(tab.summary.text()))
    assert tab.summary.text() == "1 goal, 1 open"


@pytest.mark.parametrize(("n", "words"), [(0, "0 goals"), (1, "1 goal"), (2, "2 goals")])
def test_count_phrases(n: int, words: str) -> None:
    assert count(n, "goal") == words
    assert count(n, "summary", "summaries").endswith("summary" if n == 1 else "summaries")


# Hand-made plurals drift ("1 goals", "goal(s)"): every count phrase goes through
# workbook.wording. This finds the idioms that bypass it.
_HAND_MADE = re.compile(r"""['"]s['"] if \w[^\n]*!= 1|== 1 else ['"f]"""
                        r"|(?:goal|session|item|coachee|value|prompt|week|day|page)\(s\)")


@pytest.mark.parametrize("folder", ["ui", "workbook"])
def test_no_hand_made_plurals(folder: str) -> None:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        if path.name == "wording.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _HAND_MADE.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


# -- where exports go ----------------------------------------------------------------------
def test_exports_start_in_a_visible_folder_then_the_last_one_used(
        qtbot, template_workbook: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The demo workbook lives in the app's hidden data folder; a PDF must not default there.
    hidden = demo_path()
    hidden.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template_workbook, hidden)
    state = WorkbookState(executor=SyncExecutor())
    state.adopt(vault.open_vault(hidden, PASSPHRASE))
    try:
        cid = coachee(state.vault.db, "Zoë Kowalczyk")
        parent = QWidget()
        qtbot.addWidget(parent)
        out = tmp_path / "Coaching exports"
        out.mkdir()
        asked: list[Path] = []

        def actions() -> DocumentActions:
            made = DocumentActions(state, parent, lambda: None, lambda: cid)
            made.choose_export = lambda _title, suggested, _noun, accept: (
                asked.append(suggested), accept(out / suggested.name, None))
            return made

        first = actions()
        first.export_portfolio_action.trigger()
        assert asked[0].parent == recent.documents_folder()
        assert data_dir() not in asked[0].parents
        assert (out / asked[0].name).is_file()
        first.last_message.accept()
        # The folder is remembered, and only the folder: file names carry coachees' names.
        stored = recent.prefs_path().read_text(encoding="utf-8")
        assert "Zoë" not in stored and asked[0].name not in stored
        assert recent.export_folder() == out
        # The next start of the app offers that folder.
        actions().export_portfolio_action.trigger()
        assert asked[1].parent == out
    finally:
        state.close()


# -- small screens -------------------------------------------------------------------------
SMALL_SCREENS = [QSize(1024, 600), QSize(1366, 768)]


def demo_window(window: MainWindow, qtbot, demo_template: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                screen: QSize) -> Coachee:
    path = tmp_path / "demo.cwb"
    shutil.copyfile(demo_template, path)
    window.fit_to_screen(QRect(QPoint(0, 0), screen))
    open_in(window, path)
    db = window.state.vault.db
    jose = next(c for c in coachees.list_coachees(db) if c.name == "José Muñoz")
    window.coachee_list.select_coachee(jose.id)
    return jose


@pytest.mark.parametrize("screen", SMALL_SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
def test_the_window_fits_a_small_screen_on_first_start(window: MainWindow, qtbot, screen: QSize,  # type: ignore[no-untyped-def]
                                                       demo_template: Path,
                                                       tmp_path: Path) -> None:
    jose = demo_window(window, qtbot, demo_template, tmp_path, screen)
    available = QRect(QPoint(0, 0), screen)
    frame = window_fit.frame_margins(window)
    assert available.contains(window.geometry().marginsAdded(frame))
    # The window is as large as the screen allows in the direction the screen limits it.
    room = available.marginsRemoved(frame).size()
    assert window.width() == min(room.width(), window_fit.PREFERRED.width())
    assert window.height() == min(room.height(), window_fit.PREFERRED.height())
    # …and nothing in it asks for more, on any tab, a meeting's notes open included (with
    # a larger desktop font too: make unit-fonts runs this at 11 pt).
    held = sessions.list_sessions(window.state.vault.db, jose.id, status="held")[0]
    for tab in (tabs.TODAY, tabs.OVERVIEW, tabs.VALUES, GOALS, SESSIONS):
        window.show_tab(tab)
        if tab == SESSIONS:
            window.sessions.open_session(held.id)
        needs = settled(qtbot, window.minimumSizeHint)
        assert needs.width() <= room.width() and needs.height() <= room.height(), (tab, needs)


@pytest.mark.parametrize("screen", SMALL_SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
def test_session_title_and_gas_ladder_never_scroll_sideways(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                            screen: QSize, demo_template: Path,
                                                            tmp_path: Path) -> None:
    jose = demo_window(window, qtbot, demo_template, tmp_path, screen)
    db = window.state.vault.db
    window.show_tab(GOALS)
    laddered = next(g for g in goals.list_goals(db, jose.id) if g.gas_attained is not None)
    window.goals.select_goal(laddered.id)
    scroll = window.goals.editor.scroll
    qtbot.waitUntil(lambda: scroll.isVisible() and scroll.widget().width() > 0)
    qtbot.waitUntil(lambda: scroll.horizontalScrollBar().maximum() == 0)
    ladder = window.goals.editor.findChild(GasLadder)
    assert ladder.isVisible() and ladder.width() <= scroll.viewport().width()

    window.show_tab(SESSIONS)
    held = sessions.list_sessions(db, jose.id, status="held")[0]
    window.sessions.open_session(held.id)
    title = window.sessions.editor.header.title
    qtbot.waitUntil(lambda: title.text() == held.title)
    needed = QFontMetrics(title.font()).horizontalAdvance(held.title)
    qtbot.waitUntil(lambda: title.width() > needed)
    assert title.cursorPosition() == 0  # its start shows, not its end


def test_action_item_editors_show_their_values(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                               demo_template: Path, tmp_path: Path) -> None:
    jose = demo_window(window, qtbot, demo_template, tmp_path, SMALL_SCREENS[0])
    db = window.state.vault.db
    window.show_tab(SESSIONS)
    with_items = next(s for s in sessions.list_sessions(db, jose.id, status="held")
                      if actions.list_actions(db, session_id=s.id))
    window.sessions.open_session(with_items.id)
    table = window.sessions.editor.findChild(ActionItemsView)
    qtbot.waitUntil(lambda: table.isVisible() and table.model().rowCount() > 0)
    model = table.model()

    def editor(kind: type[QWidget]) -> QWidget | None:
        shown = [w for w in table.findChildren(kind) if w.isVisible()]
        return shown[0] if shown else None

    table.edit(model.index(0, model.OWNER))
    qtbot.waitUntil(lambda: editor(QComboBox) is not None)
    combo = editor(QComboBox)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                 for i in range(combo.count()))
    assert field.width() >= widest
    table.commitData(combo)
    table.closeEditor(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    table.edit(model.index(0, model.DUE))
    qtbot.waitUntil(lambda: editor(QLineEdit) is not None)  # the date's text field
    line = editor(QLineEdit)
    assert line.text()
    assert line.width() >= QFontMetrics(line.font()).horizontalAdvance(line.text())


def test_the_coachee_list_folds_away_for_writing_and_stays_so(qtbot, demo_template: Path,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    first = MainWindow(SyncExecutor())
    qtbot.addWidget(first)
    first.show()
    demo_window(first, qtbot, demo_template, tmp_path, SMALL_SCREENS[0])
    action = first.coachee_list_action
    assert action in first.menuBar().actions()[4].menu().actions()  # View
    assert action.shortcut() == QKeySequence("F9") and action.isChecked()
    first.coachee_list.view.setFocus()
    action.trigger()
    assert not first.coachee_list.isVisible() and first.tabs.isVisible()
    assert not first.coachee_list.isAncestorOf(QApplication.focusWidget())
    first.close()
    again = MainWindow(SyncExecutor())  # the next start remembers the choice
    qtbot.addWidget(again)
    assert not again.coachee_list_action.isChecked() and again.coachee_list.isHidden()
    again.coachee_list_action.trigger()
    assert not again.coachee_list.isHidden()


def test_names_come_before_the_attention_column(qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    listing = CoacheeList(demo_state, today=lambda: TODAY)
    qtbot.addWidget(listing)
    view = listing.view
    fm = view.fontMetrics()
    # Narrower than the name's room plus every column that never gives way.
    listing.resize(fm.averageCharWidth() * CoacheeView.NAME_CHARS + view.iconSize().width(), 600)
    listing.show()
    qtbot.waitExposed(listing)
    qtbot.waitUntil(lambda: view.isColumnHidden(LEVEL))
    assert not view.isColumnHidden(MARKERS)
    assert view.iconSize().width() <= view.columnWidth(MARKERS) < view.columnWidth(NAME)


# -- F1 ----------------------------------------------------------------------------------
def test_f1_lists_the_shortcuts_as_a_two_column_table(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChildren(ShortcutsDialog)[-1]
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.findChildren(QMessageBox)  # a table, not a warning box
    table = dialog.table
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["Keys", "Action"]
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["Keyboard shortcuts"] == QKeySequence("F1").toString(native)
    assert rows["Lock"] == QKeySequence("Ctrl+L").toString(native)
    assert rows["Coachee list"] == QKeySequence("F9").toString(native)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    dialog.reject()
