"""Unlocking: Enter unlocks, each vault error's sentence shows in the dialog, the lock screen."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from tests.conftest import PASSPHRASE
from tests.ui.executors import ManualExecutor
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts as _texts
from ui.kit import recent
from ui.kit.messages import alive
from ui.kit.state import WorkbookState
from ui.start.unlock_dialog import LockScreen, UnlockDialog
from ui.start.unlock_form import UNEXPECTED
from workbook import coachees, migrations, vault

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _dialog(qtbot, state: WorkbookState, path: Path) -> UnlockDialog:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(state, path)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _damage_first_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:164] = bytes(b ^ 0xA5 for b in data[100:164])
    path.write_bytes(bytes(data))


# -- the dialog --------------------------------------------------------------------------
def test_the_field_has_focus_and_enter_unlocks(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                               workbook_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, workbook_path)
    assert dialog.focusWidget() is dialog.field
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.form.unlock_button.isEnabled()  # nothing typed yet
    assert "coach.cwb" in dialog.title.text()
    type_text(dialog.field, PASSPHRASE)
    with qtbot.waitSignal(dialog.unlocked) as unlocked:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert unlocked.args == [workbook_path]
    assert closed_state.is_open and closed_state.path == workbook_path
    assert dialog.result() == UnlockDialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.field.text() == ""  # the passphrase does not linger in a widget
    assert recent.recent()[0].path == workbook_path


def test_show_passphrase_toggles_the_echo(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                         workbook_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, workbook_path)
    box = dialog.form.show_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password


def test_escape_cancels_and_forgets_what_was_typed(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                   workbook_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, workbook_path)
    type_text(dialog.field, "half typed")
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert not closed_state.is_open and dialog.field.text() == ""
    assert recent.recent() == []


def test_wrong_passphrase_is_said_in_the_dialog_and_selected_for_retyping(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, workbook_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, workbook_path)
    type_text(dialog.field, "Zoë's wrong guess")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and not closed_state.is_open
    assert "That passphrase does not open «coach.cwb»" in dialog.error_text
    assert "Caps Lock" in dialog.error_text
    assert dialog.field.selectedText() == "Zoë's wrong guess"
    assert dialog.field.isEnabled() and dialog.form.unlock_button.isEnabled()
    assert not dialog.other_button.isVisibleTo(dialog)
    type_text(dialog.field, PASSPHRASE)  # replaces the selection
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert closed_state.is_open and not dialog.isVisible()


def _pdf(path: Path) -> Path:
    pdf = path.with_name("summary.cwb")  # a PDF renamed to look like a workbook
    pdf.write_bytes(b"%PDF-1.7\n" + b"0" * 6000)
    return pdf


def _too_new(path: Path) -> Path:
    with vault.open_vault(path, PASSPHRASE) as v:
        v.db.execute(f"PRAGMA user_version = {max(99, migrations.SCHEMA_VERSION + 1)}")
    return path


def _damaged(path: Path) -> Path:
    _damage_first_page(path)
    return path


@pytest.mark.parametrize(("make", "fragments", "other"), [
    (_pdf, ["«summary.cwb» is a PDF document, not a Coach Workbook file."], "Choose another"),
    (_too_new, ["saved by a newer version of Coach Workbook", "install the latest version"],
     "Choose another"),
    (_damaged, ["«coach.cwb» is damaged", "open your most recent backup"], "Open a backup"),
])
def test_each_cannot_open_error_shows_its_sentence(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, workbook_path: Path,
        make: Callable[[Path], Path], fragments: list[str], other: str) -> None:
    path = make(workbook_path)
    dialog = _dialog(qtbot, closed_state, path)
    type_text(dialog.field, PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and not closed_state.is_open
    for fragment in fragments:
        assert fragment in dialog.error_text
    assert dialog.other_button.isVisibleTo(dialog)
    assert dialog.other_button.text().replace("&", "").startswith(other)
    assert dialog.field.isEnabled() and dialog.field.text() == PASSPHRASE


def test_in_use_elsewhere_shows_its_sentence(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                             workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE):
        dialog = _dialog(qtbot, closed_state, workbook_path)
        type_text(dialog.field, PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        assert "«coach.cwb» is already open in another Coach Workbook window or program" \
            in dialog.error_text
        assert not closed_state.is_open
    qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)  # closed there
    assert closed_state.is_open


def test_a_damaged_workbook_offers_its_backup(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                              workbook_path: Path) -> None:
    backup = workbook_path.with_name("coach-backup.cwb")
    shutil.copyfile(workbook_path, backup)
    _damage_first_page(workbook_path)
    dialog = _dialog(qtbot, closed_state, workbook_path)
    type_text(dialog.field, PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert "open your most recent backup" in dialog.error_text
    qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    assert Path(chooser.directory().absolutePath()) == workbook_path.parent
    chooser.fileSelected.emit(str(backup))
    chooser.reject()
    assert dialog.path == backup and "coach-backup.cwb" in dialog.title.text()
    assert dialog.error_text == "" and not dialog.other_button.isVisibleTo(dialog)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # the passphrase typed is kept
    assert closed_state.is_open and closed_state.path == backup


def test_while_unlocking_inputs_are_disabled_and_escape_waits(  # type: ignore[no-untyped-def]
        qtbot, workbook_path: Path) -> None:
    executor = ManualExecutor()
    state = WorkbookState(executor=executor)
    try:
        dialog = _dialog(qtbot, state, workbook_path)
        type_text(dialog.field, PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        assert len(executor.jobs) == 1
        assert dialog.form.busy_label.isVisibleTo(dialog)
        assert dialog.form.busy_label.text() == "Unlocking…"
        assert not dialog.field.isEnabled() and not dialog.form.unlock_button.isEnabled()
        assert not dialog.cancel_button.isEnabled()
        dialog.reject()  # Esc while the key is derived: ignored
        assert dialog.isVisible()
        executor.wait()
        assert state.is_open and not dialog.isVisible()
        assert not dialog.form.busy_label.isVisibleTo(dialog)
    finally:
        state.close()


def test_a_dialog_deleted_while_unlocking_leaves_the_workbook_open(  # type: ignore[no-untyped-def]
        qtbot, workbook_path: Path) -> None:
    executor = ManualExecutor()
    state = WorkbookState(executor=executor)
    try:
        dialog = UnlockDialog(state, workbook_path)
        dialog.open()
        type_text(dialog.field, PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        dialog.deleteLater()
        qtbot.waitUntil(lambda: not alive(dialog))
        executor.wait()  # the late callback touches nothing that is gone
        assert state.is_open and recent.recent()[0].path == workbook_path
    finally:
        state.close()


def test_an_unexpected_error_is_reported_as_a_bug(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                  workbook_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: Path, passphrase: str) -> vault.Vault:
        raise RuntimeError("a bug, not a known error")

    monkeypatch.setattr("workbook.vault.open_vault", broken)
    dialog = _dialog(qtbot, closed_state, workbook_path)
    type_text(dialog.field, PASSPHRASE)
    with qtbot.waitSignal(closed_state.runner.failed) as failed:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert isinstance(failed.args[0], RuntimeError)
    assert dialog.error_text == UNEXPECTED and dialog.field.isEnabled()


def test_unlocking_over_an_open_workbook_is_refused(qtbot, state: WorkbookState,  # type: ignore[no-untyped-def]
                                                    template_workbook: Path,
                                                    tmp_path: Path) -> None:
    other = tmp_path / "other.cwb"
    shutil.copyfile(template_workbook, other)
    dialog = _dialog(qtbot, state, other)
    type_text(dialog.field, PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert "Close the open workbook" in dialog.error_text
    assert state.path != other


# -- the lock screen ---------------------------------------------------------------------
def _lock_screen(qtbot, state: WorkbookState) -> LockScreen:  # type: ignore[no-untyped-def]
    screen = LockScreen(state)
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    return screen


def test_lock_screen_unlocks_with_enter_and_shows_errors_inline(  # type: ignore[no-untyped-def]
        qtbot, demo_state: WorkbookState) -> None:
    assert demo_state.vault is not None
    names = [c.name for c in coachees.list_coachees(demo_state.vault.db)]
    path = demo_state.path
    assert path is not None
    screen = _lock_screen(qtbot, demo_state)
    demo_state.close()
    screen.set_path(path)
    screen.show()
    qtbot.waitExposed(screen)
    screen.focus_passphrase()
    assert screen.file_label.text() == "demo.cwb" and "Workbook locked" in screen.title.text()
    assert not any(name in _texts(screen) for name in names)

    type_text(screen.field, "not the passphrase")
    qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    assert "That passphrase does not open «demo.cwb»" in screen.error_text
    assert screen.field.selectedText() == "not the passphrase" and not demo_state.is_open

    type_text(screen.field, PASSPHRASE)
    with qtbot.waitSignal(screen.unlocked):
        qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    assert demo_state.is_open and screen.field.text() == ""
    assert len(coachees.list_coachees(demo_state.vault.db)) == len(names)


def test_lock_screen_close_workbook_and_prepare_forget_what_was_typed(  # type: ignore[no-untyped-def]
        qtbot, state: WorkbookState) -> None:
    path = state.path
    state.close()
    screen = _lock_screen(qtbot, state)
    screen.show()
    assert screen.file_label.text() == "coach.cwb"  # from the state's last path
    type_text(screen.field, "half")
    qtbot.mouseClick(screen.form.unlock_button, Qt.MouseButton.LeftButton)
    assert screen.error_text
    with qtbot.waitSignal(screen.close_requested):
        qtbot.mouseClick(screen.close_button, Qt.MouseButton.LeftButton)
    assert screen.field.text() == "" and screen.error_text == ""
    assert not state.is_open
    type_text(screen.field, "again")
    screen.prepare(path)
    assert screen.field.text() == ""
    assert screen.field.echoMode() == QLineEdit.EchoMode.Password
