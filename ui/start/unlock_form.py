"""The passphrase form both unlock screens share: the field, its show box, Unlock, the
inline messages, and what happens when the coach presses Unlock.

It asks `WorkbookState.unlock`, which derives the key on the worker thread; meanwhile the
inputs are disabled and "Unlocking…" shows. A known error's sentence appears under the
field (a wrong passphrase selects the field for retyping) and `failed` tells the host, which
may offer another file. On success the path goes first in the recent list and the
passphrase field is emptied. The form lays nothing out: the dialog and the lock screen
(ui/start/unlock_dialog.py) arrange its widgets each in their own way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QWidget

from ui.kit import recent
from ui.kit.messages import ErrorLabel, alive
from ui.kit.state import WorkbookState
from workbook.errors import WrongPassphrase
from workbook.vault import known_error

UNEXPECTED = ("Something unexpected went wrong while unlocking; nothing was changed. "
              "The details are in the error report.")


class UnlockForm(QObject):
    """The passphrase field, its show box, the Unlock button and the inline messages.

    Hosts (the dialog and the lock screen) lay the widgets out as they like."""

    unlocked = Signal(Path)
    failed = Signal(object)  # the known WorkbookError, after its sentence is shown
    busy_changed = Signal(bool)

    def __init__(self, state: WorkbookState, path: Path | None, host: QWidget) -> None:
        super().__init__(host)
        self._state = state
        self.path = path
        self.busy = False
        self.field = QLineEdit(host)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        self.field.setToolTip("Type the workbook's passphrase, then press Enter")
        self.field.setMinimumWidth(280)
        self.show_box = QCheckBox("S&how passphrase", host)
        self.show_box.setAccessibleName("Show passphrase")
        self.show_box.setToolTip("Show what you type (check nobody is looking at your screen)")
        self.show_box.toggled.connect(self._toggle_echo)
        self.unlock_button = QPushButton("&Unlock", host)
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setToolTip("Unlock the workbook (Enter)")
        self.unlock_button.setEnabled(False)
        self.unlock_button.clicked.connect(self.submit)
        self.busy_label = QLabel("Unlocking…", host)
        self.busy_label.setAccessibleName("Progress")
        self.busy_label.hide()
        self.error = ErrorLabel(host)
        self.field.textChanged.connect(self._text_changed)

    def _toggle_echo(self, shown: bool) -> None:
        self.field.setEchoMode(QLineEdit.EchoMode.Normal if shown
                               else QLineEdit.EchoMode.Password)

    def _text_changed(self, text: str) -> None:
        self.unlock_button.setEnabled(bool(text) and not self.busy)

    def reset(self, path: Path | None = None) -> None:
        """Empty the field and the messages (and switch file, when `path` is given)."""
        if path is not None:
            self.path = path
        self.field.clear()
        self.show_box.setChecked(False)
        self.error.clear_error()
        self._set_busy(False)

    def submit(self) -> None:
        passphrase = self.field.text()
        if self.busy or not passphrase or self.path is None:
            return
        if self._state.is_open:
            # Unlocking over an open workbook would leave its connection and lock dangling.
            self.error.show_error("Close the open workbook before unlocking another one.")
            return
        self.error.clear_error()
        self._set_busy(True)
        path = self.path
        self._state.unlock(path, passphrase, success=lambda: self._done(path),
                           failure=self._failed)

    def _done(self, path: Path) -> None:
        recent.remember(path)
        if not alive(self) or not alive(self.field):
            return  # the workbook is open all the same; `state.opened` told the window
        self._set_busy(False)
        self.field.clear()
        self.show_box.setChecked(False)
        self.unlocked.emit(path)

    def _failed(self, exc: BaseException) -> None:
        if not alive(self) or not alive(self.field):
            return
        self._set_busy(False)
        known = known_error(exc, self.path or "the workbook")
        if known is None:
            self.error.show_error(UNEXPECTED)
            self._state.runner.failed.emit(exc)  # the main window's bug report
            return
        self.error.show_error(known.sentence)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(known, WrongPassphrase):
            self.field.selectAll()
        self.failed.emit(known)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.field.setEnabled(not busy)
        self.show_box.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and bool(self.field.text()))
        self.busy_label.setVisible(busy)
        self.busy_changed.emit(busy)

