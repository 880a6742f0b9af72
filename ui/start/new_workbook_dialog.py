"""Creating a workbook: where it goes, its passphrase (twice, with a live strength meter and
the vault's policy), and the plain warning that a forgotten passphrase is gone for good.

The key derivation runs on the worker (`state.runner`). On success the dialog emits
`created(vault)` with the open `Vault`; the caller hands it to `state.adopt(vault)` (after
closing any workbook it had open — the dialog never touches the current one).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit import recent
from ui.kit.dialog_buttons import cancel_button, default_button
from ui.kit.messages import ErrorLabel, StatusLabel, alive
from ui.kit.state import WorkbookState
from ui.start.passphrase_meter import NewPassphraseFields
from ui.start.unlock_dialog import WORKBOOK_FILTER, heading_font
from ui.start.unlock_form import UNEXPECTED
from ui.start.workbook_location import free_name, location_problem, with_suffix
from workbook import vault as vault_mod
from workbook.errors import WeakPassphrase
from workbook.vault import DEFAULT_SUFFIX, known_error

# Lines kept for each message under a field, shown or not, so no field moves when one comes
# or goes; a longer message is shortened (its full text in the tooltip).
RESERVED_LINES = {"location": 2, "meter": 1, "policy": 4, "match": 1, "error": 2, "busy": 1}

def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def default_location(folder: Path | None = None) -> Path:
    """A free file name in `folder` (else the last folder used, else Documents)."""
    return free_name(folder or recent.last_folder() or documents_folder())


def frame(dialog: QDialog, heading: str, intro: str, form: QFormLayout, busy_label: QLabel,
          error: QLabel, *buttons: QPushButton) -> None:
    """Lay out a passphrase dialog (this one and `ChangePassphraseDialog`): heading, intro,
    form, busy and error lines, then the buttons on the right."""
    title = QLabel(heading)
    title.setFont(heading_font(dialog, 1.25))
    title.setWordWrap(True)
    intro_label = QLabel(intro)
    intro_label.setWordWrap(True)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    layout = QVBoxLayout(dialog)
    layout.setSpacing(10)
    for widget in (title, intro_label):
        layout.addWidget(widget)
    layout.addLayout(form)
    for widget in (busy_label, error):
        layout.addWidget(widget)
    layout.addStretch(1)
    layout.addLayout(row)
    # Sized to its content: messages come and go under the fields, and a resizable
    # dialog would leave gaps where a longer message was.
    layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)


class NewWorkbookDialog(QDialog):
    """Show with `open()`; `created(vault)` fires with the new workbook open."""

    created = Signal(object)  # workbook.vault.Vault

    def __init__(self, state: WorkbookState, parent: QWidget | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.busy = False
        start = default_location(folder)
        self._folder = start.parent
        self.setWindowTitle("New workbook")

        self.location = QLineEdit(str(start))
        self.location.setAccessibleName("Location of the new workbook")
        self.location.setToolTip(f"Where to save the workbook; {DEFAULT_SUFFIX} is added "
                                 "when missing")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Browse for a location")
        self.browse_button.setToolTip("Choose the folder and file name")
        self.browse_button.clicked.connect(self.browse)
        self.location_note = StatusLabel()
        self.location_note.setAccessibleName("About the location")
        self.fields = NewPassphraseFields(self)
        self.busy_label = StatusLabel("Creating the encrypted workbook…")
        self.busy_label.hide()
        self.error = ErrorLabel(self)
        self.create_button = default_button("&Create workbook", self.create)
        self.cancel_button = cancel_button("Close without creating a workbook", self.reject)
        self.file_dialog: QFileDialog | None = None

        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        location_label = QLabel("&Location:")
        location_label.setBuddy(self.location)
        form.addRow(location_label, where)
        form.addRow("", self.location_note)
        self._form = form
        self.fields.add_rows(form)
        frame(self, "Create a new encrypted workbook",
              "Everything you write about your coachees is kept in this one file, encrypted "
              "with the passphrase you choose here.", form, self.busy_label, self.error,
              self.create_button, self.cancel_button)

        order = [self.location, self.browse_button, self.fields.first, self.fields.second,
                 self.fields.show_box, self.fields.understood, self.create_button,
                 self.cancel_button]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

        self.location.textChanged.connect(self._refresh)
        self.fields.changed.connect(self._refresh)
        self.location.setMinimumWidth(400)
        for label, lines in ((self.location_note, "location"), (self.fields.meter.label, "meter"),
                             (self.fields.policy, "policy"), (self.fields.match, "match"),
                             (self.error, "error"), (self.busy_label, "busy")):
            label.reserve_lines(RESERVED_LINES[lines])
        self._refresh()
        self.fields.first.setFocus()

    # -- reading the form -------------------------------------------------------------
    def target_path(self) -> Path | None:
        return with_suffix(self.location.text(), self._folder)

    def problem(self) -> str | None:
        """Why Create is not possible yet (also its tooltip), or None."""
        return location_problem(self.target_path()) or self.fields.problem()

    def _refresh(self) -> None:
        path = self.target_path()
        where = location_problem(path)
        if where:
            self.location_note.show_message(where, "error")
        elif path is not None and str(path) != self.location.text().strip():
            # Only when we changed what was typed (added .cwb, or a folder to a bare name).
            self.location_note.show_message(f"Will be saved as «{path}».")
        else:
            self.location_note.show_message("")
        problem = self.problem()
        self.create_button.setEnabled(problem is None and not self.busy)
        self.create_button.setToolTip(problem or "Create the workbook (Enter)")
        if self.error.isVisibleTo(self) and not self.busy:
            self.error.clear_error()

    # -- actions ----------------------------------------------------------------------
    def browse(self) -> None:
        path = self.target_path() or default_location()
        try:
            folder = path.parent if path.parent.is_dir() else documents_folder()
        except (OSError, ValueError):  # a location the file system cannot even look up
            folder = documents_folder()
        dialog = QFileDialog(self, "Save the new workbook as", str(folder), WORKBOOK_FILTER)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(DEFAULT_SUFFIX.lstrip("."))
        dialog.selectFile(path.name)
        dialog.fileSelected.connect(self._chosen)
        self.file_dialog = dialog
        dialog.open()

    def _chosen(self, chosen: str) -> None:
        if chosen:
            self.location.setText(chosen)
            self._folder = Path(chosen).parent

    def create(self) -> None:
        if self.busy:
            return
        self.fields.settle()
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
            return
        path = self.target_path()
        assert path is not None
        passphrase = self.fields.passphrase()
        self._set_busy(True)
        self._state.runner.submit(lambda: vault_mod.create(path, passphrase),
                                  success=lambda v: self._created(path, v),
                                  failure=lambda exc: self._failed(path, exc),
                                  label="Creating the workbook…")

    def _created(self, path: Path, vault: vault_mod.Vault) -> None:
        recent.remember(path)
        if not alive(self):
            vault.close()  # nobody is left to adopt it: release the lock; the file stays
            return
        self._set_busy(False)
        self.fields.clear()
        self.created.emit(vault)
        self.accept()

    def _failed(self, path: Path, exc: BaseException) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        known = known_error(exc, path)
        if known is None:
            self.error.show_error(UNEXPECTED.replace("unlocking", "creating the workbook"))
            self._state.runner.failed.emit(exc)
            return
        self.error.show_error(known.sentence)
        if isinstance(known, WeakPassphrase):
            self.fields.first.setFocus()
            self.fields.first.selectAll()
        else:
            self.location.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_label.setVisible(busy)
        self.fields.set_inputs_enabled(not busy)
        for widget in (self.location, self.browse_button, self.cancel_button):
            widget.setEnabled(not busy)
        self.create_button.setEnabled(not busy and self.problem() is None)

    def reject(self) -> None:
        if self.busy:
            return  # the key derivation cannot be interrupted; it takes a moment
        self.fields.clear()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Enter in the location field must not create before the passphrase is chosen.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.fields.settle()
            problem = self.problem()
            if problem:
                self.error.show_error(problem)
                return
        super().keyPressEvent(event)
