"""Where to write a learner's PDF, and whether it needs a password to open.

The dialog only asks: on Export it emits `export_requested(path, password_or_None)` and
closes; the caller writes the file on the worker thread. It says plainly, before anything is
written, whether the PDF will be encrypted, and — for a session summary — which sections it
prints and which it leaves out. The password fields are emptied whenever the dialog finishes
or hides, so a dialog kept alive holds no password.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.documents.document_contents import ContentsNote
from ui.kit.dialog_buttons import cancel_button, default_button
from ui.kit.messages import StatusLabel, WarningBox
from ui.start.passphrase_meter import PassphraseMeter
from ui.window.file_tasks import PathChooser, PathRequest, file_dialog
from workbook.documents import protection
from workbook.errors import OutputRefused
from workbook.privacy import DocumentContents
from workbook.vault import outputs

PDF_FILTER = "PDF documents (*.pdf)"
PDF_SUFFIX = ".pdf"
NOT_ENCRYPTED = "This PDF will NOT be encrypted: anyone who gets the file can read it."
PROTECTED = ("Anyone opening the PDF will need this password. Tell it to the learner in "
             "person, not in the same e-mail as the file. It is not stored anywhere.")
NOT_ENCRYPTED_MANY = ("These PDFs will NOT be encrypted: anyone who gets the files can read "
                      "them.")
PROTECTED_MANY = ("Every PDF will need this password. Tell it to the learners in person, not "
                  "in the same e-mail as the files. It is not stored anywhere.")
# Said when the sections are not listed (`contents`); never "never private notes": a section
# the coach made shared is printed, and the list says so by name.
CONTENTS = {
    "summary": "It holds the session's sections that are shared when it is written.",
    "summaries": "Each holds its session's sections that are shared when it is written, as "
                 "listed in the summaries window.",
    "portfolio": "It holds what the learner sees — values, goals, sessions and open action "
                 "items, and no session notes, shared or private.",
}


def with_pdf(text: str, folder: Path) -> Path | None:
    """The file a typed location means: `~` expanded, relative to `folder`, ".pdf" added."""
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = folder / path
    if path.suffix.lower() == PDF_SUFFIX or not path.name or text.endswith(("/", os.sep)) \
            or path.is_dir():
        return path  # a folder stays one, for `location_problem` to say so
    return path.with_name(path.name + PDF_SUFFIX)


def location_problem(path: Path | None) -> str | None:
    if path is None:
        return "Choose where to save the PDF."
    if path.is_dir() or path.suffix.lower() != PDF_SUFFIX:
        return f"«{path}» is a folder; add a file name."
    if not path.parent.is_dir():
        return f"The folder «{path.parent}» does not exist; choose another."
    if not os.access(path.parent, os.W_OK):
        return f"You cannot save files in «{path.parent}»; choose another folder."
    try:
        outputs.refuse_workbook(path)
    except OutputRefused as exc:
        return exc.sentence
    return None


def folder_problem(folder: Path | None) -> str | None:
    if folder is None:
        return "Choose the folder to save the PDFs in."
    if not folder.is_dir():
        return f"The folder «{folder}» does not exist; choose another."
    if not os.access(folder, os.W_OK):
        return f"You cannot save files in «{folder}»; choose another folder."
    return None


NO_PASSWORD = protection.password_problem("")
CONFIRM = "Type the password again to confirm it."
DIFFERENT = "The two passwords are different."


def password_problem(first: str, second: str) -> str | None:
    """Why these two typings cannot protect a PDF, or None (the rule itself is
    `workbook.documents.protection`, shared with the command line)."""
    problem = protection.password_problem(first)
    if problem is not None:
        return problem
    if not second:
        return CONFIRM
    if first != second:
        return DIFFERENT
    return None


class ExportPdfDialog(QDialog):
    """Show with `open()`; `export_requested(path, password)` fires on Export, then it closes."""

    export_requested = Signal(object, object)  # Path, password: str | None

    def __init__(self, title: str, suggested: Path, parent: QWidget | None = None, *,
                 noun: str = "summary", folder: bool = False,
                 contents: DocumentContents | None = None) -> None:
        """With `folder`, `suggested` is the folder several PDFs are written into;
        `contents` lists a summary's sections."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self._title = title
        self.folder_mode = folder
        self._folder = suggested if folder else suggested.parent
        self._plain, self._protected = ((NOT_ENCRYPTED_MANY, PROTECTED_MANY) if folder
                                        else (NOT_ENCRYPTED, PROTECTED))
        self.choose_path: PathChooser = self._save_dialog
        self.native_dialogs = True
        self.replace_question: QMessageBox | None = None  # the last "Replace it?" asked
        self._confirmed: Path | None = None  # a file the file dialog already asked about

        self.location = QLineEdit(str(suggested))
        self.location.setAccessibleName("Folder to write into" if folder else "File to write")
        self.location.setToolTip("The folder the PDFs are saved in" if folder else
                                 "Where to save the PDF; .pdf is added when missing")
        self.location.setMinimumWidth(420)
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAccessibleName("Choose the folder" if folder else "Choose the file")
        self.choose_button.setToolTip("Choose the folder" if folder else
                                      "Choose the folder and file name")
        self.choose_button.clicked.connect(self.choose)
        self.location_note = StatusLabel()
        self.location_note.setAccessibleName("About the file")

        self.protect = QCheckBox("&Protect with a password")
        self.protect.setAccessibleName("Protect with a password")
        self.protect.setToolTip("Encrypt the PDF so it opens only with a password")
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("PDF password")
        self.first.setToolTip(f"At least {protection.MIN_LENGTH} characters: letters of any "
                              "script, digits, spaces and punctuation")
        self.meter = PassphraseMeter(self)
        self.meter.bar.setAccessibleName("Password strength")
        self.meter.watch(self.first)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("Confirm the PDF password")

        self.encryption_note = WarningBox(self._plain, self)
        self.contents_note = ContentsNote(self)
        if contents is not None:
            self.contents_note.show_contents(contents)
        else:
            self.contents_note.show_plain(CONTENTS.get(noun, CONTENTS["summary"]))
        self.reason = StatusLabel()
        self.reason.setAccessibleName("Why Export is not possible yet")

        self.export_button = default_button("&Export", self.export)
        self.cancel_button = cancel_button("Close without writing a file", self.reject)

        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.choose_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(self._buddy("&Save into:" if folder else "&Save as:", self.location),
                    where)
        form.addRow("", self.location_note)
        form.addRow("", self.protect)
        form.addRow(self._buddy("Pass&word:", self.first), self.first)
        form.addRow("", self.meter)
        form.addRow(self._buddy("&Confirm it:", self.second), self.second)
        self._form = form
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(self.reason)
        layout.addWidget(self.encryption_note)
        layout.addWidget(self.contents_note)
        layout.addLayout(buttons)
        # Sized to its content: rows and messages come and go.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

        order = [self.location, self.choose_button, self.protect, self.first, self.second,
                 self.export_button, self.cancel_button]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

        self.location.textChanged.connect(self._refresh)
        self.protect.toggled.connect(self._refresh)
        self.first.textChanged.connect(self._refresh)
        self.second.textChanged.connect(self._refresh)
        self._refresh()
        self.location.setFocus()

    @staticmethod
    def _buddy(text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)
        return label

    # -- reading the form -------------------------------------------------------------------
    def path(self) -> Path:
        """The file Export writes, ".pdf" added (or the folder); `Path()` while empty."""
        return self._typed() or Path()

    def _typed(self) -> Path | None:
        if not self.folder_mode:
            return with_pdf(self.location.text(), self._folder)
        text = self.location.text().strip()
        return Path(text).expanduser() if text else None

    def password(self) -> str | None:
        """None when not protected."""
        return self.first.text() if self.protect.isChecked() else None

    def problem(self) -> str | None:
        """Why Export is not possible yet (also shown under the fields), or None."""
        where = (folder_problem(self._typed()) if self.folder_mode
                 else location_problem(self._typed()))
        if where or not self.protect.isChecked():
            return where
        return password_problem(self.first.text(), self.second.text())

    def _refresh(self) -> None:
        path = self._typed()
        note = ""
        if path is not None and not self.folder_mode and location_problem(path) is None:
            if path.exists():
                note = f"«{path.name}» already exists and will be replaced."
            elif str(path) != self.location.text().strip():
                note = f"Will be saved as «{path}»."  # only when we changed what was typed
        self.location_note.show_message(note)
        self._form.setRowVisible(self.location_note, bool(note))

        protected = self.protect.isChecked()
        for widget in (self.first, self.second):
            self._form.setRowVisible(widget, protected)
            widget.setEnabled(protected)
        self._form.setRowVisible(self.meter, protected and bool(self.first.text()))
        text = self._protected if protected else self._plain
        self.encryption_note.label.setText(text)
        self.encryption_note.setAccessibleDescription(text)

        problem = self.problem()
        self.export_button.setEnabled(problem is None)
        self.export_button.setToolTip(problem or "Write the PDF (Enter)")
        self.reason.show_message(problem or "", self._kind(problem))
        self.reason.setVisible(problem is not None)

    def _kind(self, problem: str | None) -> str:
        """Red for a mistake; plain for what is simply not typed yet (or still being typed)."""
        waiting = problem in (None, NO_PASSWORD, CONFIRM) or (
            problem == DIFFERENT and self.first.text().startswith(self.second.text()))
        return "plain" if waiting else "error"

    # -- actions ----------------------------------------------------------------------------
    def _save_dialog(self, request: PathRequest, accept: Callable[[Path], None]) -> None:
        file_dialog(self, request, accept, self.native_dialogs)

    def choose(self) -> None:
        current = self.path() if self.location.text().strip() else self._folder
        if self.folder_mode:
            request = PathRequest(True, self._title, "", current, folder=True)
        else:
            request = PathRequest(True, self._title, PDF_FILTER, current, PDF_SUFFIX.lstrip("."))
        self.choose_path(request, self._chosen)

    def _chosen(self, chosen: Path) -> None:
        if self.folder_mode:
            self._folder = chosen
            self.location.setText(str(chosen))
            return
        path = with_pdf(str(chosen), self._folder)
        if path is not None:
            # The file dialog asked before replacing the file it returned.
            self._confirmed = path if path == chosen else None
            self._folder = path.parent
            self.location.setText(str(path))

    def export(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.reason.show_message(problem, "error")
            return
        if not self.folder_mode and os.path.lexists(self.path()) \
                and self.path() != self._confirmed:
            self._ask_replace()
            return
        self._export()

    def _export(self) -> None:
        self.export_requested.emit(self.path(), self.password())
        self.accept()

    def _ask_replace(self) -> None:
        """A file typed here has had no file dialog's question: ask it before replacing."""
        box = QMessageBox(QMessageBox.Icon.Warning, self._title,
                          f"«{self.path().name}» already exists. Replace it?",
                          QMessageBox.StandardButton.Cancel, self)
        replace = box.addButton("&Replace", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: box.clickedButton() is replace and self._export())
        self.replace_question = box
        box.open()

    def clear_passwords(self) -> None:
        self.first.clear()
        self.second.clear()
        self.meter.flush()

    def done(self, result: int) -> None:
        self.clear_passwords()
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:
        # Also when a lock hides the dialog without finishing it; not when the window
        # system hides it (the app minimised) while the coach is typing.
        if not event.spontaneous():
            self.clear_passwords()
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a field while Export is disabled: say why, in red, instead of nothing.
        problem = self.problem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and problem:
            self.reason.show_message(problem, "error")
            return
        super().keyPressEvent(event)
