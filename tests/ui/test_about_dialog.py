"""Help ▸ About: the version, what it runs on and where things are, copied in one click for
a support ticket, and gone (with the clipboard) when the workbook locks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import PASSPHRASE
from workbook import settings
from workbook.vault import open_vault


def test_about_names_the_versions_and_the_folders_and_copies_them(qtbot, window,  # type: ignore[no-untyped-def]
                                                                  workbook_path: Path,
                                                                  tmp_path: Path) -> None:
    with open_vault(workbook_path, PASSPHRASE) as v:
        settings.update_settings(v.db, backup_folder=str(tmp_path / "Sauvegardes du coach"))
    window.state.unlock(workbook_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.state.is_open)
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text.toPlainText()
    assert text.startswith("Coach Workbook ") and "\nSQLCipher 4." in text
    assert "\nQt 6." in text and "\nPython 3." in text
    assert f"Workbook: {workbook_path}" in text
    assert f"Its backups: {tmp_path / 'Sauvegardes du coach'}" in text
    assert "Settings: " in text and "Portable mode: off" in text
    # keyboard alone: Tab leaves the text for the buttons, and Enter copies
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.text.setFocus()
    qtbot.waitUntil(dialog.text.hasFocus)
    for _ in range(3):  # to the buttons, never stuck in the text
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if dialog.copy_button.hasFocus():
            break
    assert dialog.copy_button.hasFocus()
    qtbot.keyClick(dialog.copy_button, Qt.Key.Key_Return)
    assert QApplication.clipboard().text() == text
    window.lock()  # the dialog goes, and what it copied with it
    assert not dialog.isVisible() and QApplication.clipboard().text() == ""


def test_about_without_a_workbook_says_none_is_open(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.about_action.trigger()
    text = window.about_dialog.text.toPlainText()
    assert "Workbook: none open" in text and "Its backups: —" in text
    window.about_dialog.reject()
