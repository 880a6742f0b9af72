"""File → Restore from backup…: the backup's date and counts are shown after its passphrase
and before anything is replaced; restoring closes the workbook first, keeps it aside, and
offers to unlock the restored file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import PASSPHRASE
from tests.records import coachee
from tests.ui.keys import type_text
from ui.start.unlock_dialog import UnlockDialog
from ui.window.main_window import MainWindow
from ui.window.restore_dialog import RestoreDialog
from workbook import backups
from workbook import vault as vault_mod

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MORNING = datetime(2026, 3, 2, 9, 0, 0)


def _names(path: Path) -> list[str]:
    with vault_mod.open_vault(path, PASSPHRASE) as v:
        return [r[0] for r in v.db.execute("SELECT name FROM coachees ORDER BY name")]


@pytest.fixture
def backed_up(workbook_path: Path) -> Path:
    """A workbook with one coachee in its backup (of MORNING) and two now."""
    with vault_mod.open_vault(workbook_path, PASSPHRASE) as v:
        coachee(v.db, "Early Fictional")
        made = backups.make_backup(v, now=MORNING)
        coachee(v.db, "Later Fictional")
    return made.path


def _dialog(window: MainWindow, qtbot, workbook_path: Path) -> RestoreDialog:  # type: ignore[no-untyped-def]
    window.auto_backup.DELAY_MS = 60_000  # no daily copy during the test
    window.state.adopt(vault_mod.open_vault(workbook_path, PASSPHRASE))
    window.restorer.action.trigger()
    qtbot.waitUntil(lambda: window.restorer.dialog is not None, timeout=5000)
    dialog = window.restorer.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_backup_is_described_only_with_its_passphrase_and_nothing_is_replaced(
        window: MainWindow, qtbot, workbook_path: Path,  # type: ignore[no-untyped-def]
        backed_up: Path) -> None:
    dialog = _dialog(window, qtbot, workbook_path)
    assert dialog.list.count() == 1 and "Mon 2 Mar 2026, 09:00" in dialog.list.item(0).text()
    assert not dialog.check_button.isEnabled() and not dialog.restore_button.isEnabled()
    type_text(dialog.passphrase, "not the passphrase at all")
    dialog.check_button.click()
    assert "does not open" in dialog.error.text() and not dialog.restore_button.isEnabled()
    dialog.passphrase.clear()
    type_text(dialog.passphrase, PASSPHRASE)
    dialog.check_button.click()
    assert dialog.contents.text() == "Made Mon 2 Mar 2026, 09:00: 1 coachee, 0 sessions, 0 goals."
    assert dialog.restore_button.isEnabled()
    dialog.reject()
    assert window.state.is_open
    window.close_workbook()
    assert _names(workbook_path) == ["Early Fictional", "Later Fictional"]


def test_restore_closes_the_workbook_keeps_it_aside_and_offers_the_restored_one(
        window: MainWindow, qtbot, workbook_path: Path,  # type: ignore[no-untyped-def]
        backed_up: Path) -> None:
    dialog = _dialog(window, qtbot, workbook_path)
    type_text(dialog.passphrase, PASSPHRASE)
    dialog.check_button.click()
    dialog.restore_button.click()
    confirm = window.restorer.last_message
    assert confirm is not None and "Replace «coach.cwb»" in confirm.text()
    assert window.state.is_open  # nothing happens before the coach confirms
    restore = next(b for b in confirm.buttons()
                   if confirm.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    restore.click()
    assert not window.state.is_open
    done = window.restorer.last_message
    assert done is not None and done is not confirm and "was restored" in done.text()
    done.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(window.findChildren(UnlockDialog)), timeout=5000)
    window.findChildren(UnlockDialog)[-1].reject()
    assert _names(workbook_path) == ["Early Fictional"]
    aside = [b for b in backups.list_backups(backed_up.parent, "coach")
             if b.kind == backups.BEFORE_RESTORE]
    assert len(aside) == 1 and _names(aside[0].path) == ["Early Fictional", "Later Fictional"]


def test_locking_closes_the_dialog_and_forgets_the_passphrase(
        window: MainWindow, qtbot, workbook_path: Path,  # type: ignore[no-untyped-def]
        backed_up: Path) -> None:
    dialog = _dialog(window, qtbot, workbook_path)
    type_text(dialog.passphrase, PASSPHRASE)
    window.lock()
    assert not dialog.isVisible() and dialog.passphrase.text() == ""
