"""Changing the open workbook's passphrase.

`Vault.change_passphrase` is a method of the vault, not a workbook function taking `db`,
so it cannot go through `state.call`. The dialog captures `state.vault` when the coach
presses Change and submits `vault.change_passphrase(current, new)` to `state.runner` — the
same single worker thread every workbook call uses, so it never runs beside another call.
The vault re-encrypts into a new file and swaps it in atomically; the open connection is
re-keyed in place, so the screens need not reload.

If the workbook is locked while the dialog is open, the dialog empties its fields and
closes itself.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ui.kit.dialog_buttons import cancel_button, default_button
from ui.kit.messages import ErrorLabel, alive
from ui.kit.state import WorkbookState
from ui.start.new_workbook_dialog import frame
from ui.start.passphrase_meter import NewPassphraseFields
from ui.start.unlock_form import UNEXPECTED
from workbook.errors import WeakPassphrase, WrongPassphrase
from workbook.vault import known_error, normalise


class ChangePassphraseDialog(QDialog):
    """Show with `open()`; `passphrase_changed` fires once the file is re-encrypted."""

    passphrase_changed = Signal()

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.busy = False
        self.setWindowTitle("Change passphrase")
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName("Current passphrase")
        self.fields = NewPassphraseFields(self, label="&New passphrase:",
                                          repeat_label="&Repeat new:")
        self.fields.show_box.toggled.connect(
            lambda shown: self.current.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        self.busy_label = QLabel("Re-encrypting the workbook…")
        self.busy_label.hide()
        self.error = ErrorLabel(self)
        self.change_button = default_button("&Change passphrase", self.change)
        self.cancel_button = cancel_button("Keep the current passphrase", self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        current_label = QLabel("C&urrent passphrase:")
        current_label.setBuddy(self.current)
        form.addRow(current_label, self.current)
        self.fields.add_rows(form)
        frame(self, "Change the workbook's passphrase",
              "The whole workbook is re-encrypted with the new passphrase. Backups you made "
              "before still open with the old one.", form, self.busy_label, self.error,
              self.change_button, self.cancel_button)
        order = [self.current, *self.fields.widgets(), self.change_button, self.cancel_button]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

        self.current.textChanged.connect(self._refresh)
        self.fields.changed.connect(self._refresh)
        state.closed.connect(self._workbook_closed)
        self._refresh()
        self.current.setMinimumWidth(380)
        self.current.setFocus()

    def problem(self) -> str | None:
        if not self.current.text():
            return "Type the current passphrase."
        problem = self.fields.problem()
        if problem:
            return problem
        if normalise(self.fields.passphrase()) == normalise(self.current.text()):
            return "The new passphrase is the same as the current one."
        return None

    def _refresh(self) -> None:
        problem = self.problem()
        self.change_button.setEnabled(problem is None and not self.busy)
        self.change_button.setToolTip(problem or "Re-encrypt the workbook (Enter)")
        if not self.busy:
            self.error.clear_error()

    def change(self) -> None:
        if self.busy:
            return
        self.fields.settle()
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
            return
        vault = self._state.vault
        if vault is None or not vault.is_open:
            self.error.show_error("The workbook is locked; unlock it to continue.")
            return
        current, new = self.current.text(), self.fields.passphrase()
        self._set_busy(True)
        self._state.runner.submit(lambda: vault.change_passphrase(current, new),
                                  success=self._changed, failure=self._failed,
                                  label="Re-encrypting the workbook…")

    def _changed(self, _result: object) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        self._clear()
        self.passphrase_changed.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        known = known_error(exc, self._state.path or "the workbook")
        if known is None:
            self.error.show_error(UNEXPECTED.replace("while unlocking",
                                                     "while changing the passphrase"))
            self._state.runner.failed.emit(exc)
            return
        self.error.show_error(known.sentence)
        if isinstance(known, WrongPassphrase):
            self.current.setFocus(Qt.FocusReason.OtherFocusReason)
            self.current.selectAll()
        elif isinstance(known, WeakPassphrase):
            self.fields.first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.fields.first.selectAll()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_label.setVisible(busy)
        self.current.setEnabled(not busy)
        self.fields.set_inputs_enabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.change_button.setEnabled(not busy and self.problem() is None)

    def _clear(self) -> None:
        self.current.clear()
        self.fields.clear()

    def _workbook_closed(self) -> None:
        # Locked (idle or Ctrl+L): no passphrase may linger in a dialog on a locked screen.
        self.busy = False
        self._clear()
        super().reject()

    def reject(self) -> None:
        if self.busy:
            return  # re-encryption cannot be interrupted halfway; it takes a moment
        self._clear()
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter right after the last key: score now, so Change is enabled if it may be.
            self.fields.settle()
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
