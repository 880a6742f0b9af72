"""The trash dialog against a real workbook: restore, delete for good, empty, the refusal
sentence, confirmations that say it cannot be undone, and nothing left after a lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QMessageBox,
    QPushButton,
)

from tests.ui.shown import visible_texts as _texts
from ui.window.trash_dialog import TrashDialog
from workbook import coachees, goals, trash, values
from workbook.dates import format_timestamp
from workbook.errors import NotFound

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")




def _dialog(qtbot, state) -> TrashDialog:  # type: ignore[no-untyped-def]
    dialog = TrashDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _rows(dialog: TrashDialog) -> list[tuple[str, str]]:
    """(kind, item) as the list shows them, in the shown order."""
    p = dialog.proxy
    return [(p.index(r, 0).data(), p.index(r, 1).data()) for r in range(p.rowCount())]


def _choose(dialog: TrashDialog, item_text: str) -> None:
    p = dialog.proxy
    row = next(r for r in range(p.rowCount()) if p.index(r, 1).data() == item_text)
    dialog.view.setCurrentIndex(p.index(row, 0))
    assert dialog.selected_item() is not None


def _destructive(box: QMessageBox) -> QPushButton:
    return next(b for b in box.buttons()
                if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)


@pytest.fixture
def filled(state):  # type: ignore[no-untyped-def]
    """A coachee with a trashed goal, and a trashed coachee whose value went first."""
    db = state.vault.db
    aicha = coachees.add(db, "Aïcha Benali").id
    goal = goals.add(db, aicha, "Calculate maintenance fluids independently").id
    trash.trash(db, "goal", goal)
    wang = coachees.add(db, "王小明").id
    value = values.add(db, wang, "Curiosity").id
    trash.trash(db, "value", value)
    trash.trash(db, "coachee", wang)
    return {"aicha": aicha, "goal": goal, "wang": wang, "value": value}


def test_lists_the_demo_trash_and_sorts(qtbot, qtmodeltester, demo_state) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo_state)
    assert _rows(dialog) == [("Goal", "Apply for a sports medicine fellowship"),
                             ("Action item", "Look into moving the test date two weeks later")]
    assert dialog.proxy.index(0, 2).data() == "Søren Ødegaard"
    assert dialog.proxy.index(0, 3).data() == format_timestamp("2026-02-03T12:00:00Z")
    assert dialog.count.text() == "2 items in the trash."
    dialog.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # by kind
    assert [k for k, _ in _rows(dialog)] == ["Action item", "Goal"]
    dialog.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by what it is
    assert [k for k, _ in _rows(dialog)] == ["Goal", "Action item"]
    dialog.view.header().setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # oldest first
    assert [k for k, _ in _rows(dialog)] == ["Action item", "Goal"]
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)


def test_restore_brings_a_goal_back(qtbot, state, filled) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    dialog = _dialog(qtbot, state)
    assert len(_rows(dialog)) == 3
    assert dialog.message.isHidden()  # no empty line above the buttons before there is news
    _choose(dialog, "Calculate maintenance fluids independently")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert [g.id for g in goals.list_goals(db, filled["aicha"])] == [filled["goal"]]
    assert ("Goal", "Calculate maintenance fluids independently") not in _rows(dialog)
    assert dialog.message.text() == "Restored «Calculate maintenance fluids independently»."
    assert dialog.message.isVisible() and dialog.icon.isHidden()


def test_restoring_a_value_of_a_trashed_coachee_says_what_to_do(  # type: ignore[no-untyped-def]
        qtbot, state, filled) -> None:
    db = state.vault.db
    dialog = _dialog(qtbot, state)
    _choose(dialog, "Curiosity")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Restore the coachee «王小明» first."
    assert not dialog.icon.isHidden() and dialog.isVisible()
    assert ("Value", "Curiosity") in _rows(dialog)
    # the way forward works: the coachee, then the value
    _choose(dialog, "王小明")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    _choose(dialog, "Curiosity")
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)  # Enter restores too
    assert [v.name for v in values.list_values(db, filled["wang"])] == ["Curiosity"]
    assert _rows(dialog) == [("Goal", "Calculate maintenance fluids independently")]


def test_delete_for_good_asks_first(qtbot, state, filled) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    dialog = _dialog(qtbot, state)
    _choose(dialog, "王小明")
    qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    box = dialog.confirmation
    assert box is not None and box.isVisible()
    assert "«王小明» for good?" in box.text() and "cannot be undone" in box.text()
    assert "values, goals, sessions" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.confirmation is None
    assert coachees.get(db, filled["wang"], include_deleted=True).name == "王小明"

    qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    box = dialog.confirmation
    assert box is not None
    qtbot.mouseClick(_destructive(box), Qt.MouseButton.LeftButton)
    with pytest.raises(NotFound):
        coachees.get(db, filled["wang"], include_deleted=True)
    assert [i.kind for i in trash.list_trash(db)] == ["goal"]  # the value went with them
    assert _rows(dialog) == [("Goal", "Calculate maintenance fluids independently")]
    assert dialog.message.text() == "Deleted «王小明» for good."


def test_empty_trash_names_the_count(qtbot, state, filled) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    dialog = _dialog(qtbot, state)
    assert dialog.empty_button.isEnabled()
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    box = dialog.confirmation
    assert box is not None
    assert box.text() == "Delete all 3 items in the trash for good? This cannot be undone."
    qtbot.mouseClick(_destructive(box), Qt.MouseButton.LeftButton)
    assert trash.list_trash(db) == []
    assert dialog.model.rowCount() == 0 and dialog.count.text() == "The trash is empty."
    assert not dialog.empty_button.isEnabled() and not dialog.restore_button.isEnabled()
    assert [c.name for c in coachees.list_coachees(db)] == ["Aïcha Benali"]


def test_follows_what_is_trashed_elsewhere(qtbot, state, filled) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, state)
    state.call(trash.trash, "coachee", filled["aicha"])
    assert ("Coachee", "Aïcha Benali") in _rows(dialog)
    assert dialog.count.text() == "4 items in the trash."


def test_nothing_remains_after_the_workbook_locks(qtbot, state, filled) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, state)
    _choose(dialog, "Curiosity")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # a sentence with a name
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)  # a confirmation open
    assert dialog.confirmation is not None
    state.close()
    assert dialog.confirmation is None and not dialog.isVisible()
    assert dialog.model.rowCount() == 0
    shown = _texts(dialog)
    assert "王小明" not in shown and "Aïcha" not in shown and "Curiosity" not in shown
