"""A last edit whose save fails while the workbook locks or closes has no retry left: the
coach is told once the screens are cleared, in words that never quote what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from tests.ui.test_main_window import unlock
from ui.kit.autosave import LOST_ON_CLOSE, Autosaver
from ui.kit.state import WorkbookState
from ui.window.main_window import MainWindow
from ui.window.panes import SESSIONS
from workbook import coachees, notes, vault
from workbook.errors import DiskFull, InvalidInput

NAME = "Ngozi Adeyemi-Brandt"
TYPED = "Worried about the ward rotation"
FULL = "The disk holding the workbook is full; free some space, then type again."


def _refuse(error: Exception):  # type: ignore[no-untyped-def]
    def job(db) -> None:  # type: ignore[no-untyped-def]
        raise error

    return lambda: job


@pytest.mark.parametrize("error, said", [
    (DiskFull(FULL), f"{LOST_ON_CLOSE} {FULL}"),
    # a refusal's sentence may quote the value typed: only the generic words
    (InvalidInput(f"The note «{TYPED}» is too long."), LOST_ON_CLOSE),
])
def test_a_save_failing_while_closing_is_announced_before_the_screens_clear(
        state: WorkbookState, error: Exception, said: str) -> None:
    saver = Autosaver(state, state, delay_ms=60_000)  # only the close submits it
    events: list[str] = []
    state.lost_on_close.connect(lambda sentence: events.append(sentence))
    state.error.connect(lambda sentence: events.append(f"error: {sentence}"))
    state.closed.connect(lambda: events.append("closed"))
    saver.schedule(("note", 1), _refuse(error))
    state.close()
    assert events == [said, "closed"]
    assert TYPED not in " ".join(events)


def test_a_save_failing_while_open_is_not_called_lost(state: WorkbookState) -> None:
    saver = Autosaver(state, state, delay_ms=60_000)
    lost: list[str] = []
    state.lost_on_close.connect(lost.append)
    saver.schedule(("note", 1), _refuse(DiskFull(FULL)))
    saver.flush()
    assert saver.failure(("note", 1)) == FULL and lost == []  # kept, and retried later


def _type_a_note(window: MainWindow, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
    unlock(window, qtbot, path, PASSPHRASE)
    window.state.call(coachees.add, NAME)
    cid = coachees.list_coachees(window.state.vault.db)[0].id
    window.coachee_list.select_coachee(cid)
    window.show_tab(SESSIONS)
    window.sessions.editor.new_session(cid, "grow")
    first = window.sessions.editor.section_editors()[0]
    first.text_edit.setFocus()
    type_text(first.text_edit, TYPED)


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def save_note(db, section_id: int, body: str) -> None:  # type: ignore[no-untyped-def]
        raise DiskFull(FULL)

    monkeypatch.setattr(notes, "save_note", save_note)


def _boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_locking_with_a_note_the_disk_refused_says_so_over_the_lock_screen(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _type_a_note(window, qtbot, workbook_path)
    _disk_full(monkeypatch)
    window.lock()  # e.g. the idle lock, before the debounce saved the note
    assert window.pages.currentWidget() is window.lock_screen
    (box,) = _boxes(window)  # not closed with the workbook's dialogs
    assert box.text() == f"{LOST_ON_CLOSE} {FULL}"
    shown = " ".join(visible_texts(window))
    assert NAME not in shown and TYPED not in shown
    with vault.open_vault(workbook_path, PASSPHRASE) as v:  # lost indeed: the box is true
        assert all(TYPED not in s.body for s in notes.list_sections(v.db, 1))
    qtbot.keyClick(box.defaultButton() or box, Qt.Key.Key_Return)  # read, and Enter
    qtbot.waitUntil(lambda: not box.isVisible())
    qtbot.waitUntil(window.lock_screen.form.field.hasFocus)  # back to typing the passphrase


def test_closing_the_workbook_with_a_refused_note_says_so_on_the_start_page(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _type_a_note(window, qtbot, workbook_path)
    _disk_full(monkeypatch)
    window.close_workbook()
    assert window.pages.currentWidget() is window.start
    assert [b.text() for b in _boxes(window)] == [f"{LOST_ON_CLOSE} {FULL}"]


def test_quitting_with_a_refused_note_waits_for_the_coach_to_read_it(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _type_a_note(window, qtbot, workbook_path)
    _disk_full(monkeypatch)
    read: list[str] = []

    def read_and_dismiss() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            read.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, read_and_dismiss)

    QTimer.singleShot(20, read_and_dismiss)
    window.close()
    assert read == [f"{LOST_ON_CLOSE} {FULL}"]


def test_a_lock_with_everything_saved_shows_no_box(  # type: ignore[no-untyped-def]
        window: MainWindow, qtbot, workbook_path: Path) -> None:
    _type_a_note(window, qtbot, workbook_path)
    window.lock()
    assert _boxes(window) == []
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        assert any(s.body == TYPED for s in notes.list_sections(v.db, 1))
