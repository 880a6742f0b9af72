"""Importing a roster whose dates read both ways: the window asks which order the file uses,
showing what one of its dates means in each, and imports only after the coach chose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.kit.state import WorkbookState
from ui.window.file_actions import FileActions
from ui.window.file_tasks import PathRequest

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def actions_for(state: WorkbookState, qtbot, path: Path) -> FileActions:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = FileActions(state, parent)

    def choose(_request: PathRequest, accept: Callable[[Path], None]) -> None:
        accept(path)

    actions.choose_path = choose
    return actions


def starts(state: WorkbookState) -> dict[str, str | None]:
    assert state.vault is not None
    return {r["name"]: r["start_date"]
            for r in state.vault.db.query("SELECT name, start_date FROM coachees")}


def question(actions: FileActions) -> QMessageBox:
    box = actions.last_message
    assert box is not None and box.isVisible() and box.icon() == QMessageBox.Icon.Question
    return box


@pytest.mark.parametrize(("button", "expected"), [
    ("3 April 2026 (day first)", "2026-04-03"), ("4 March 2026 (month first)", "2026-03-04")])
def test_the_coach_is_asked_which_order_and_the_answer_imports(
        state: WorkbookState, qtbot, tmp_path: Path, button: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "roster.csv"
    roster.write_text("Name;Start date\nÉlodie Marchand;03/04/2026\n", encoding="utf-8")
    actions = actions_for(state, qtbot, roster)
    finished: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *args: finished.append(args))

    actions.import_roster_action.trigger()

    box = question(actions)
    assert box.text() == ('The dates in the column "Start date" can be read two ways, and none '
                          'of them tells which. What does "03/04/2026" mean in this file?')
    assert starts(state) == {} and finished == []
    assert all(a.isEnabled() for a in actions.all_actions)  # not stuck as busy
    choice = next(b for b in box.buttons() if b.text() == button)
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(finished))
    assert finished[0][:2] == ("import_roster", True)
    assert starts(state) == {"Élodie Marchand": expected}
    assert actions.last_message is not None
    assert actions.last_message.text().endswith("as chosen.")


def test_cancelling_the_question_imports_nothing(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Start\nAna Lima,03/04/2026\n", encoding="utf-8")
    actions = actions_for(state, qtbot, roster)
    finished: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *args: finished.append(args))
    actions.import_roster_action.trigger()

    box = question(actions)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(finished))
    assert finished == [("import_roster", False,
                         "Nothing was imported; the workbook is unchanged.")]
    assert starts(state) == {}


def test_a_european_file_that_proves_its_order_is_not_asked(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Name;Start date\nÉlodie Marchand;03/04/2026\nBjörn Lindqvist;13/04/2026\n",
                      encoding="utf-8")
    actions = actions_for(state, qtbot, roster)
    actions.import_roster_action.trigger()
    box = actions.last_message
    assert box is not None and box.icon() == QMessageBox.Icon.Information
    assert "read day first (d/m/yyyy)" in box.text()
    assert starts(state) == {"Élodie Marchand": "2026-04-03", "Björn Lindqvist": "2026-04-13"}
