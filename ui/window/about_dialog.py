"""Help ▸ About: what this copy of the app is, what it runs on and where it keeps things, with
a button that copies all of it for a support ticket.

Paths and versions only: nothing read from a workbook but its backup-folder setting (read on
the worker, like every read). The clipboard is cleared when the workbook locks.
"""

from __future__ import annotations

import platform
from importlib.metadata import version
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.kit.state import WorkbookState
from workbook import backups, settings, user_folders
from workbook.vault import engine

INTRO = ("Coach Workbook keeps your coaching notes in one encrypted file on this computer. It "
         "never uses the network. A forgotten passphrase cannot be recovered: keep backups.")


def facts(workbook: Path | None, backups_folder: Path | None) -> str:
    """The lines a support ticket needs, in the order a helper reads them."""
    portable = user_folders.portable_root()
    return "\n".join([
        f"Coach Workbook {version('coach-workbook')}",
        engine.versions(),
        f"Qt {qVersion()} (PySide6 {PySide6.__version__})",
        f"Python {platform.python_version()} on {platform.platform(terse=True)}",
        "",
        f"Workbook: {workbook if workbook else 'none open'}",
        f"Its backups: {backups_folder if backups_folder else '—'}",
        f"Settings: {user_folders.config_dir()}",
        f"Data folder (the demo workbook): {user_folders.data_dir()}",
        f"Portable mode: {'on, in ' + str(portable) if portable else 'off'}",
    ])


class AboutDialog(QDialog):
    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Coach Workbook")
        self.state = state
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)  # Tab reaches the buttons, as in any form
        self.text.setAccessibleName("Version and folders")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("&Copy for a support ticket",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.setDefault(True)  # Enter copies; Esc closes
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        lines = self.text.fontMetrics().lineSpacing()
        self.resize(self.fontMetrics().averageCharWidth() * 90, lines * 18)
        self._show(None)
        path = state.path if state.is_open else None
        if path is not None:
            state.call(lambda db: backups.folder_for(
                path, settings.get_settings(db).backup_folder),
                success=self._show, failure=lambda _exc: None)

    def _show(self, backups_folder: Path | None) -> None:
        workbook = self.state.path if self.state.is_open else None
        self.text.setPlainText(facts(workbook, backups_folder))

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())
