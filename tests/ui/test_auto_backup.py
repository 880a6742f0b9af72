"""The window backs a workbook up by itself: after it has shown the workbook, off the UI
thread, once a day, quietly; a failure is said. After a passphrase change the coach chooses
what becomes of the backups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from tests.conftest import PASSPHRASE
from tests.records import coachee
from tests.ui.executors import ManualExecutor
from tests.ui.keys import type_text
from ui.start.change_passphrase_dialog import ChangePassphraseDialog
from ui.window.backups_rekey_dialog import BackupsRekeyDialog
from ui.window.main_window import MainWindow
from workbook import backups, settings
from workbook import vault as vault_mod
from workbook.errors import WrongPassphrase

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MORNING = datetime(2026, 3, 2, 9, 0, 0)
NEW_PASSPHRASE = "Granite harbour lanterns drift 2027"


def _open(window: MainWindow, path: Path, when: datetime = MORNING) -> None:
    window.auto_backup.now = lambda: when
    window.auto_backup.DELAY_MS = 10
    window.state.adopt(vault_mod.open_vault(path, PASSPHRASE))


def _listed(path: Path) -> list[backups.Backup]:
    return backups.list_backups(path.parent / "coach backups", "coach")


def test_opening_a_workbook_backs_it_up_after_showing_it_once_a_day(
        window: MainWindow, qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(window, workbook_path)
    assert _listed(workbook_path) == []  # not while opening: after the window showed it
    with qtbot.waitSignal(window.auto_backup.finished, timeout=5000) as said:
        pass
    assert said.args[0] is True and "Backed up to" in said.args[1]
    assert [b.made for b in _listed(workbook_path)] == [MORNING]
    assert "Backed up to" in window.statusBar().currentMessage()
    assert not window.auto_backup.failure.isVisible()

    window.close_workbook()
    _open(window, workbook_path, MORNING.replace(hour=16))
    with qtbot.waitSignal(window.auto_backup.finished, timeout=5000) as said:
        pass
    assert said.args == [True, ""] and len(_listed(workbook_path)) == 1

    window.close_workbook()
    _open(window, workbook_path, MORNING.replace(day=3))
    with qtbot.waitSignal(window.auto_backup.finished, timeout=5000):
        pass
    assert len(_listed(workbook_path)) == 2


def test_a_failed_backup_is_said_until_the_workbook_closes(
        window: MainWindow, qtbot, workbook_path: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the backups folder should be")
    with vault_mod.open_vault(workbook_path, PASSPHRASE) as v:
        settings.update_settings(v.db, backup_folder=str(blocker))
    _open(window, workbook_path)
    with qtbot.waitSignal(window.auto_backup.finished, timeout=5000) as said:
        pass
    assert said.args[0] is False
    label = window.auto_backup.failure
    assert label.isVisible() and "Automatic backup failed" in label.text()
    assert "is a file, not a folder" in label.toolTip()
    window.close_workbook()
    assert not label.isVisible() and label.text() == ""


def _change_passphrase(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.change_passphrase()
    dialog = window.findChildren(ChangePassphraseDialog)[-1]
    type_text(dialog.current, PASSPHRASE)
    type_text(dialog.fields.first, NEW_PASSPHRASE)
    type_text(dialog.fields.second, NEW_PASSPHRASE)
    dialog.fields.settle()
    if dialog.fields.understood.isVisible():
        dialog.fields.understood.setChecked(True)
    qtbot.waitUntil(dialog.change_button.isEnabled, timeout=5000)
    dialog.change_button.click()


@pytest.mark.parametrize("choice", ["reencrypt", "delete"])
def test_after_a_passphrase_change_the_coach_chooses_what_becomes_of_the_backups(
        window: MainWindow, qtbot, workbook_path: Path,  # type: ignore[no-untyped-def]
        choice: str) -> None:
    with vault_mod.open_vault(workbook_path, PASSPHRASE) as v:
        coachee(v.db, "Rekeyed Fictional")
        for day in (2, 3):
            backups.make_backup(v, now=MORNING.replace(day=day))
    _open(window, workbook_path, MORNING.replace(day=3))  # today's copy exists: none made
    _change_passphrase(window, qtbot)
    qtbot.waitUntil(lambda: bool(window.findChildren(BackupsRekeyDialog)), timeout=5000)
    ask = window.findChildren(BackupsRekeyDialog)[-1]
    assert any("2 automatic backups" in label.text() for label in ask.findChildren(QLabel))
    if choice == "reencrypt":
        assert not ask.reencrypt_button.isEnabled()
        type_text(ask.old, "not the old one at all")
        ask.reencrypt_button.click()
        assert "not the old passphrase" in ask.error.text() and ask.isVisible()
        ask.old.clear()
        type_text(ask.old, PASSPHRASE)
        ask.reencrypt_button.click()
        assert not ask.isVisible()
        found = _listed(workbook_path)
        assert len(found) == 2
        for backup in found:
            with pytest.raises(WrongPassphrase):
                backups.contents(backup.path, PASSPHRASE)
            assert backups.contents(backup.path, NEW_PASSPHRASE).coachees == 1
        assert "2 automatic backups re-encrypted" in window.statusBar().currentMessage()
    else:
        ask.delete_button.click()
        assert _listed(workbook_path) == []
        assert "2 automatic backups deleted" in window.statusBar().currentMessage()


def test_the_backups_folder_and_count_are_settings(
        window: MainWindow, qtbot, workbook_path: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    from ui.settings.settings_dialog import SettingsDialog

    _open(window, workbook_path)
    window.open_settings()
    dialog = window.findChildren(SettingsDialog)[-1]
    type_text(dialog.backup_folder, "relative/folder")
    dialog.apply()
    assert dialog.isVisible() and "full path" in dialog.error_label.text()
    dialog.backup_folder.clear()
    type_text(dialog.backup_folder, str(tmp_path / "copies"))
    dialog.backups_kept.setValue(3)
    dialog.apply()
    assert not dialog.isVisible()
    stored = settings.get_settings(window.state.vault.db)
    assert (stored.backup_folder, stored.backups_kept) == (str(tmp_path / "copies"), 3)


def test_the_daily_copy_waits_for_the_first_paint_and_the_screens_loads(
        qtbot, workbook_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    executor = ManualExecutor()  # each call waits until the test runs it
    window = MainWindow(executor)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.has_workspace)
    executor.wait()
    window.auto_backup.now = lambda: MORNING
    window.auto_backup.DELAY_MS = 10
    copied: list[datetime] = []
    monkeypatch.setattr(backups, "backup_if_due", lambda _vault, now: copied.append(now))
    try:
        window.state.adopt(vault_mod.open_vault(workbook_path, PASSPHRASE))
        loads = len(executor.jobs)
        assert loads >= 2  # the coachee list and Today, at least
        qtbot.waitUntil(lambda: window.workspace.isVisible())
        qtbot.wait(100)  # painted, and well past the copy's delay, with the loads still queued
        assert len(executor.jobs) == loads  # no copy queued before or between the loads
        with qtbot.waitSignal(window.auto_backup.finished, timeout=5000):
            while executor.jobs or not copied:
                executor.wait()
                qtbot.wait(10)
        assert copied == [MORNING]
    finally:
        window.close()
