"""After a passphrase change: re-encrypt the automatic backups with the new passphrase, or
delete them. They still open with the old one, and a passphrase is often changed because it
leaked. Re-encrypting needs the old passphrase once more (the window never keeps one).

There is no "later": the choice is Re-encrypt or Delete. Esc and the window's close button
keep the question and say what to choose, unless an attempt failed (a folder where nothing
can be deleted must not trap the coach): then they close it, and the status bar says the
backups were left as they were. Enter in the field re-encrypts; Tab goes Re-encrypt, then
Delete. Locking closes the dialog and empties its field.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.kit.messages import ErrorLabel, alive
from ui.kit.state import WorkbookState
from ui.start.new_workbook_dialog import frame
from workbook import backups
from workbook.vault import known_error
from workbook.wording import count

CHOOSE = ("Choose what becomes of the backups: type the old passphrase and re-encrypt them, "
          "or delete them.")
TYPE_OLD = "Type the old passphrase to re-encrypt the backups, or delete them."
LEFT_AS_THEY_WERE = ("The automatic backups were left as they were: they still open with "
                     "the old passphrase.")


class BackupsRekeyDialog(QDialog):
    """Show with `open()`; `done_with(sentence)` says what became of the backups."""

    done_with = Signal(str)

    def __init__(self, state: WorkbookState, found: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.busy = False
        self._failed_once = False  # an attempt failed with a sentence: Esc may now close
        self.setWindowTitle("Automatic backups")
        self.old = QLineEdit()
        self.old.setEchoMode(QLineEdit.EchoMode.Password)
        self.old.setAccessibleName("Old passphrase")
        self.busy_label = QLabel("Working on the backups…")
        self.busy_label.hide()
        self.error = ErrorLabel(self)
        self.reencrypt_button = QPushButton("&Re-encrypt them")
        self.reencrypt_button.setToolTip("Re-encrypt every automatic backup with the new "
                                         "passphrase (type the old one first)")
        self.reencrypt_button.clicked.connect(lambda: self._run("reencrypt"))
        # Enter in the field re-encrypts; Delete is never what Enter does by accident.
        self.reencrypt_button.setDefault(True)
        self.delete_button = QPushButton("&Delete them")
        self.delete_button.setToolTip("Delete every automatic backup of this workbook")
        self.delete_button.clicked.connect(lambda: self._run("delete"))
        form = QFormLayout()
        label = QLabel("&Old passphrase:")
        label.setBuddy(self.old)
        form.addRow(label, self.old)
        frame(self, f"{count(found, 'automatic backup')} still open with the old passphrase",
              "If the old passphrase may have leaked, delete them, or re-encrypt them with the "
              "new passphrase: type the old one to re-encrypt. A new backup is made with the "
              "new passphrase tomorrow in any case.", form, self.busy_label, self.error,
              self.reencrypt_button, self.delete_button)
        self.old.textChanged.connect(self._refresh)
        self.old.returnPressed.connect(self._enter_in_field)
        state.closed.connect(self._workbook_closed)
        self._refresh()

    def _refresh(self) -> None:
        self.reencrypt_button.setEnabled(bool(self.old.text()) and not self.busy)
        self.delete_button.setEnabled(not self.busy)

    def _enter_in_field(self) -> None:
        """Enter re-encrypts (the default button); with the field empty Re-encrypt is
        disabled, so say what it waits for instead of doing nothing."""
        if not self.old.text() and not self.busy:
            self.error.show_error(TYPE_OLD)

    def _run(self, choice: str) -> None:
        vault = self._state.vault
        if self.busy or vault is None or not vault.is_open:
            return
        old = self.old.text() if choice == "reencrypt" else ""
        self.busy = True
        self.busy_label.show()
        self.error.clear_error()
        self._refresh()
        self._state.runner.submit(
            lambda: backups.after_passphrase_change(vault, choice, old),
            success=lambda outcome: self._finished(choice, outcome), failure=self._failed,
            label="Re-encrypting the backups…" if choice == "reencrypt" else "Deleting…")

    def _finished(self, choice: str, outcome: backups.Rekeyed) -> None:
        if not alive(self):
            return
        self.busy = False
        self.busy_label.hide()
        done = "re-encrypted" if choice == "reencrypt" else "deleted"
        text = f"{count(len(outcome.done), 'automatic backup')} {done}."
        if outcome.left:
            # Every one failing to open means the old passphrase was mistyped: retry.
            if not outcome.done and not outcome.damaged:
                self.error.show_error("That is not the old passphrase: no backup opens with "
                                      "it. Type it again.")
                self.old.selectAll()
                self._refresh()
                return
            text += (f" {count(len(outcome.left), 'backup')} did not open with the old "
                     "passphrase and were left as they were.")
        if outcome.damaged:
            text += (" Damaged, and left as they were: "
                     f"{count(len(outcome.damaged), 'backup')}.")
        self.old.clear()
        self.done_with.emit(text)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self.busy = False
        self.busy_label.hide()
        self._refresh()
        self._failed_once = True
        known = known_error(exc, self._state.path or "the workbook")
        if known is None:
            self._state.runner.failed.emit(exc)  # a bug: the bug dialog, then Esc may close
            return
        self.error.show_error(known.sentence)

    def _workbook_closed(self) -> None:
        self.busy = False
        self.old.clear()
        super().reject()

    def reject(self) -> None:
        """Esc and the window's close button. Leaving the backups as they are is not one of
        the choices: the passphrase may have been changed because it leaked, and every backup
        would still open with it. Nor is either choice safe to make for the coach: Delete
        destroys the copies, and Re-encrypt needs the old passphrase typed. So the question
        stays, and says what to choose; only once an attempt has failed (nothing the coach
        can fix here) does it close, saying the backups were left as they were."""
        if self.busy:
            return
        if not self._failed_once:
            self.error.show_error(CHOOSE)
            return
        self.old.clear()
        if self.isVisible():
            self.done_with.emit(LEFT_AS_THEY_WERE)
        super().reject()
