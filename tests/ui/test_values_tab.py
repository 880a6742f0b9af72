"""The values tab: ranking by drag and drop or keys, adding and removing values, reflections
that save themselves, and the values ↔ goals map."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QFocusEvent, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QTreeWidget,
)

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.kit.autosave import DELAY_MS as AUTOSAVE_MS
from ui.kit.state import WorkbookState
from ui.portfolio.values_model import ValuesModel
from ui.portfolio.values_tab import ValuesTab
from workbook import coachees, goals, trash, values, vault

# Offscreen cannot raise the completer's popup or grab the keyboard for it.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")


def coachee_id(state: WorkbookState, name: str) -> int:
    return next(c.id for c in coachees.list_coachees(state.vault.db) if c.name == name)


def ranked(state: WorkbookState, cid: int) -> list[str]:
    return [v.name for v in values.list_values(state.vault.db, cid)]


def shown(tab: ValuesTab) -> list[str]:
    return [tab.model.index(r).data() for r in range(tab.model.rowCount())]


@pytest.fixture
def tab(qtbot, demo_state: WorkbookState) -> ValuesTab:  # type: ignore[no-untyped-def]
    widget = ValuesTab(demo_state)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.set_coachee(coachee_id(demo_state, "Zoë Kowalczyk"))
    return widget


def test_values_model_passes_qtmodeltester(qtmodeltester, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    model = ValuesModel()
    model.set_values(values.list_values(demo_state.vault.db,
                                        coachee_id(demo_state, "Zoë Kowalczyk")))
    qtmodeltester.check(model)
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 3)
    qtmodeltester.check(model)


def test_lists_values_by_rank(tab: ValuesTab) -> None:
    assert shown(tab) == ["1. Family", "2. Perseverance", "3. Honesty", "4. Curiosity",
                          "5. Financial security"]
    assert tab.view.currentIndex().row() == 0
    assert tab.reflection_label.text() == "Reflecti&on on «Family»:"
    assert tab.reflection.toPlainText().startswith("My parents ran a bakery")
    assert tab.view.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove


def test_drop_reorders_the_ranks_in_the_workbook(tab: ValuesTab,
                                                 demo_state: WorkbookState) -> None:
    zoe = tab.coachee_id
    # What QListView does on an internal drop: move the dragged row before the drop row.
    assert tab.model.moveRow(QModelIndex(), 4, QModelIndex(), 0)
    assert ranked(demo_state, zoe) == ["Financial security", "Family", "Perseverance",
                                       "Honesty", "Curiosity"]
    assert shown(tab)[0] == "1. Financial security"
    assert tab.map_tree.topLevelItem(0).text(0).startswith("1. Financial security")
    assert not tab.model.moveRow(QModelIndex(), 1, QModelIndex(), 2)  # onto itself
    assert tab.model.flags(tab.model.index(0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not tab.model.flags(tab.model.index(0)) & Qt.ItemFlag.ItemIsDropEnabled


def test_keyboard_and_buttons_move_the_current_value(tab: ValuesTab, demo_state: WorkbookState,
                                                     qtbot) -> None:  # type: ignore[no-untyped-def]
    zoe = tab.coachee_id
    assert tab.up_action.shortcut().toString() == "Ctrl+Up"
    assert tab.down_action.shortcut().toString() == "Ctrl+Down"
    assert not tab.up_button.isEnabled()
    qtbot.mouseClick(tab.down_button, Qt.MouseButton.LeftButton)
    assert ranked(demo_state, zoe)[:2] == ["Perseverance", "Family"]
    assert tab.view.currentIndex().row() == 1  # the moved value stays selected
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    qtbot.keyClick(tab.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert ranked(demo_state, zoe) == ["Perseverance", "Honesty", "Curiosity", "Family",
                                       "Financial security"]
    qtbot.keyClick(tab.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert ranked(demo_state, zoe)[2] == "Family"
    assert tab.view.currentIndex().data() == "3. Family"


def test_add_from_the_catalog_or_typed(tab: ValuesTab, demo_state: WorkbookState,
                                       qtbot) -> None:  # type: ignore[no-untyped-def]
    zoe = tab.coachee_id
    combo = tab.add_combo
    assert combo.findText("Integrity") >= 0  # the values list is offered
    combo.setEditText("Integrity")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert ranked(demo_state, zoe)[-1] == "Integrity"
    assert shown(tab)[-1] == "6. Integrity"
    assert tab.view.currentIndex().data() == "6. Integrity"
    assert combo.currentText() == ""
    type_text(combo.lineEdit(), "Sumak kawsay — buen vivir")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert ranked(demo_state, zoe)[-1] == "Sumak kawsay — buen vivir"
    combo.setEditText("family")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.add_error.text() == "Value «family» is already one of this coachee's values."
    assert not tab.add_error.isHidden()
    assert len(ranked(demo_state, zoe)) == 7


def test_remove_moves_the_value_to_the_trash(tab: ValuesTab, demo_state: WorkbookState) -> None:
    zoe = tab.coachee_id
    tab.view.setCurrentIndex(tab.model.index(2))
    honesty = tab.model.value(2).id
    tab.remove_button.click()
    assert ranked(demo_state, zoe) == ["Family", "Perseverance", "Curiosity",
                                       "Financial security"]
    assert any(t.kind == "value" and t.id == honesty
               for t in trash.list_trash(demo_state.vault.db))
    assert shown(tab)[2] == "3. Curiosity"


def test_reflection_saves_itself_after_a_pause(tab: ValuesTab, demo_state: WorkbookState,
                                               qtbot) -> None:  # type: ignore[no-untyped-def]
    family = tab.model.value(0).id
    tab.reflection.moveCursor(tab.reflection.textCursor().MoveOperation.End)
    type_text(tab.reflection, " Bà ngoại too.")
    assert tab.saved_label.text() == "Editing…"
    assert not values.get(demo_state.vault.db, family).reflection.endswith("Bà ngoại too.")
    qtbot.waitUntil(lambda: tab.saved_label.text() == "Saved", timeout=AUTOSAVE_MS + 2000)
    assert values.get(demo_state.vault.db, family).reflection.endswith(
        "Sunday dinners. Bà ngoại too.")
    # Our own save does not reload the list (the editor keeps its cursor and selection).
    assert tab.view.currentIndex().row() == 0


def test_reflection_saves_on_focus_out_and_when_switching_value(tab: ValuesTab,
                                                                demo_state: WorkbookState) -> None:
    db = demo_state.vault.db
    tab.view.setCurrentIndex(tab.model.index(2))
    honesty = tab.model.value(2).id
    tab.reflection.setPlainText("")
    type_text(tab.reflection, "Saying «I don't know yet» on rounds.")
    QApplication.sendEvent(tab.reflection, QFocusEvent(QEvent.Type.FocusOut))
    assert values.get(db, honesty).reflection == "Saying «I don't know yet» on rounds."
    assert tab.saved_label.text() == "Saved"
    type_text(tab.reflection, " Twice.")
    tab.view.setCurrentIndex(tab.model.index(3))  # switching flushes at once
    assert values.get(db, honesty).reflection.endswith("Twice.")
    tab.view.setCurrentIndex(tab.model.index(2))
    assert tab.reflection.toPlainText().endswith("on rounds. Twice.")


def test_lock_saves_the_reflection_being_typed(qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    tab = ValuesTab(demo_state)
    qtbot.addWidget(tab)
    zoe = coachee_id(demo_state, "Zoë Kowalczyk")
    tab.set_coachee(zoe)
    curiosity = tab.model.value(3).id
    tab.view.setCurrentIndex(tab.model.index(3))
    tab.reflection.setPlainText("")
    type_text(tab.reflection, "Asked why three times today.")
    path = demo_state.path
    demo_state.close()  # no pause, no focus change
    copy = path.with_name("after-lock.cwb")
    shutil.copyfile(path, copy)
    with vault.open_vault(copy, PASSPHRASE) as v:
        assert values.get(v.db, curiosity).reflection == "Asked why three times today."


def shows_a_glyph(icon: QIcon) -> bool:
    image = icon.pixmap(16, 16).toImage()
    return any(image.pixelColor(x, y).alpha() for x in range(image.width())
               for y in range(image.height()))


def test_map_flags_unexpressed_values_and_unlinked_goals(tab: ValuesTab,
                                                         demo_state: WorkbookState) -> None:
    summary = tab.map_summary.text()
    assert "Values not yet expressed in any goal: Honesty, Financial security." in summary
    assert "Goals linked to no value: Protect seven hours of sleep on weeknights." in summary
    tree: QTreeWidget = tab.map_tree
    top = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert top[2] == "3. Honesty — not yet expressed in any goal"
    assert top[-1] == "Goals linked to no value"
    orphans = tree.topLevelItem(tree.topLevelItemCount() - 1)
    assert orphans.child(0).text(0) == "Protect seven hours of sleep on weeknights"
    family = tree.topLevelItem(0)
    # Every value row has an icon slot, so the names line up; only the flagged one shows a
    # glyph (as well as the words).
    assert family.childCount() >= 1 and not shows_a_glyph(family.icon(0))
    assert shows_a_glyph(tree.topLevelItem(2).icon(0))
    assert not tab.values_map.warning_icon.isHidden()
    # Linking the goal (in the Goals tab) updates the map here.
    goal_id = orphans.child(0).data(0, Qt.ItemDataRole.UserRole + 10)[1]
    honesty = tab.model.value(2).id
    demo_state.call(goals.set_values, goal_id, [honesty])
    summary = tab.map_summary.text()
    assert "Goals linked to no value" not in summary
    assert "Values not yet expressed in any goal: Financial security." in summary


def test_map_opens_a_goal(tab: ValuesTab, qtbot) -> None:  # type: ignore[no-untyped-def]
    goal_item = tab.map_tree.topLevelItem(0).child(0)
    with qtbot.waitSignal(tab.open_record) as got:
        tab.map_tree.itemActivated.emit(goal_item, 0)
    assert got.args[0] == "goal" and isinstance(got.args[1], int)


def test_lock_leaves_no_name_or_value_behind(tab: ValuesTab, demo_state: WorkbookState) -> None:
    tab.add_combo.setEditText("Zoë's own value")
    demo_state.close()
    for view in tab.findChildren(QAbstractItemView):
        assert view.model().rowCount() == 0
    texts = visible_texts(tab)
    assert [s for s in ("Zoë", "bakery", "Family") if s in texts] == []
    assert tab.coachee_id is None and not tab.body.isVisibleTo(tab)


def test_a_long_value_wraps_instead_of_scrolling_sideways(tab: ValuesTab, qtbot,
                                                          demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    long_name = "Integrity and honesty in every conversation with patients and their families"
    demo_state.call(values.add, tab.coachee_id, long_name)
    tab.resize(700, 640)
    tab.show()
    qtbot.waitExposed(tab)
    row = next(r for r, text in enumerate(shown(tab)) if long_name in text)
    rect = tab.view.visualRect(tab.model.index(row))
    assert rect.height() > tab.view.fontMetrics().height() * 1.5  # on two lines or more
    assert rect.right() <= tab.view.viewport().width()
    assert tab.view.horizontalScrollBar().maximum() == 0
