"""Add or edit a coachee: the profile and the coaching agreement, saved in one call.

A bad value comes back from the workbook as an `InvalidInput` sentence; the dialog shows it
under the fields, moves focus to the field it names and stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.kit.date_field import DateField
from ui.kit.dates import iso_of, qdate_of, qtoday
from ui.kit.state import WorkbookState
from workbook import coachees
from workbook.coachees import Coachee
from workbook.errors import WorkbookError


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a tick box says whether there is one, and the date is
    typed (YYYY-MM-DD or the system's short format) or picked from a calendar."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.check = QCheckBox(self)
        self.check.setAccessibleName(f"Has a {label}")
        self.check.setToolTip(f"Untick when there is no {label}")
        self.edit = DateField(self, optional=True)
        self.edit.setAccessibleName(label.capitalize())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._toggled)
        self.set_iso(None)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on and not self.edit.date().isValid():
            self.edit.setDate(qtoday())
        elif not on:
            self.edit.setDate(QDate())

    def set_iso(self, value: str | None) -> None:
        date = qdate_of(value)
        has = date.isValid()
        self.check.setChecked(has)
        self.edit.setEnabled(has)
        self.edit.setDate(date)

    def iso(self) -> str | None:
        return iso_of(self.edit.date()) if self.check.isChecked() else None

    def problem(self) -> str | None:
        """Why the typed date cannot be saved (also said under the field), or None."""
        if not self.check.isChecked():
            return None
        self.edit.read()  # Enter may reach the Save button before the field is left
        sentence = self.edit.text_problem()
        return f"{self.label.capitalize()}: {sentence}" if sentence else None


class CoacheeDialog(QDialog):
    """`coachee_id=None` adds a coachee; otherwise edits that one. Open it with `open()`."""

    saved = Signal(int)  # the coachee's id, after the workbook accepted the change

    def __init__(self, state: WorkbookState, coachee_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._busy = False
        self.coachee_id = coachee_id
        self.setWindowTitle("New coachee" if coachee_id is None else "Edit coachee")
        self.setMinimumWidth(520)
        self._build()
        state.closing.connect(self._on_closing)
        state.closed.connect(self._on_closed)
        if coachee_id is not None:
            self._set_busy(True)
            state.call(coachees.get, coachee_id, success=self._alive(self._fill),
                       failure=self._alive(self._failed))

    # -- building ----------------------------------------------------------------------
    def _line(self, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(label)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _build(self) -> None:
        self.name = self._line("Full name", "As on the roster")
        self.preferred = self._line("Preferred name", "What they like to be called")
        self.pronouns = self._line("Pronouns", "e.g. she/her, they/them")
        self.email = self._line("Email")
        self.level = QComboBox(self)
        self.level.setAccessibleName("Level")
        self.level.addItem("—", "")
        for level in coachees.LEVELS:
            self.level.addItem(level, level)
        self.program = self._line("Program", "e.g. MD program, Pediatrics residency")
        self.cohort = self._line("Cohort", "e.g. Class of 2028")
        self.start_date = OptionalDateEdit("start date", self)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for status in coachees.STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.tags = self._line("Tags", "Comma-separated, e.g. Step 1 prep, parent")

        profile = QWidget(self)
        form = QFormLayout(profile)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Mnemonics are unique per page, counting the tab bar (P, C) and the buttons (S/A).
        for text, widget in (("Full &name:", self.name), ("Pre&ferred name:", self.preferred),
                             ("Pron&ouns:", self.pronouns), ("&Email:", self.email),
                             ("&Level:", self.level), ("P&rogram:", self.program),
                             ("Co&hort:", self.cohort), ("S&tart date:", self.start_date),
                             ("Stat&us:", self.status), ("Ta&gs:", self.tags)):
            label = QLabel(text, profile)
            label.setBuddy(widget)
            form.addRow(label, widget)

        self.cadence = self._line("Meeting cadence", "e.g. every 6–8 weeks, 45 minutes")
        self.contact = self._line("How to reach each other", "e.g. email to schedule")
        self.confidentiality = QPlainTextEdit(self)
        self.confidentiality.setAccessibleName("Confidentiality and its limits")
        self.confidentiality.setTabChangesFocus(True)
        self.agreement_notes = QPlainTextEdit(self)
        self.agreement_notes.setAccessibleName("Agreement notes")
        self.agreement_notes.setTabChangesFocus(True)
        self.agreement_date = OptionalDateEdit("agreement date", self)
        agreement = QWidget(self)
        aform = QFormLayout(agreement)
        aform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (("Cade&nce:", self.cadence), ("Con&tact:", self.contact),
                             ("Con&fidentiality:", self.confidentiality),
                             ("N&otes:", self.agreement_notes),
                             ("A&greed on:", self.agreement_date)):
            label = QLabel(text, agreement)
            label.setBuddy(widget)
            aform.addRow(label, widget)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(profile, "&Profile")
        self.tabs.addTab(agreement, "&Coaching agreement")

        self.error_icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.error_icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_icon, 0, Qt.AlignmentFlag.AlignTop)
        error_row.addWidget(self.error, 1)
        self._show_error("")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Add coachee" if self.coachee_id is None else "&Save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(error_row)
        layout.addWidget(self.buttons)
        self._fields_for_errors = (
            ("a coachee needs a name", self.name, 0), ("preferred name", self.preferred, 0),
            ("pronouns", self.pronouns, 0), ("email", self.email, 0),
            ("level", self.level, 0), ("program", self.program, 0),
            ("cohort", self.cohort, 0), ("start date", self.start_date, 0),
            ("status", self.status, 0), ("each tag", self.tags, 0), ("tags", self.tags, 0),
            ("agreement cadence", self.cadence, 1), ("agreement contact", self.contact, 1),
            ("agreement confidentiality", self.confidentiality, 1),
            ("agreement notes", self.agreement_notes, 1),
            ("agreement date", self.agreement_date, 1), ("name", self.name, 0),
        )
        self.name.setFocus()

    # -- data ----------------------------------------------------------------------------
    def _fill(self, coachee: Coachee) -> None:
        self._set_busy(False)
        self.name.setText(coachee.name)
        self.preferred.setText(coachee.preferred_name)
        self.pronouns.setText(coachee.pronouns)
        self.email.setText(coachee.email)
        self.level.setCurrentIndex(max(0, self.level.findData(coachee.level)))
        self.program.setText(coachee.program)
        self.cohort.setText(coachee.cohort)
        self.start_date.set_iso(coachee.start_date)
        self.status.setCurrentIndex(max(0, self.status.findData(coachee.status)))
        self.tags.setText(", ".join(coachee.tags))
        self.cadence.setText(coachee.agreement_cadence)
        self.contact.setText(coachee.agreement_contact)
        self.confidentiality.setPlainText(coachee.agreement_confidentiality)
        self.agreement_notes.setPlainText(coachee.agreement_notes)
        self.agreement_date.set_iso(coachee.agreement_date)
        self.setWindowTitle(f"Edit coachee — {coachee.display_name}")

    def values(self) -> dict[str, Any]:
        """Every editable field as the workbook takes it."""
        return {
            "name": self.name.text(),
            "preferred_name": self.preferred.text(),
            "pronouns": self.pronouns.text(),
            "email": self.email.text(),
            "level": self.level.currentData() or "",
            "program": self.program.text(),
            "cohort": self.cohort.text(),
            "start_date": self.start_date.iso(),
            "status": self.status.currentData(),
            "tags": self.tags.text(),
            "agreement_cadence": self.cadence.text(),
            "agreement_contact": self.contact.text(),
            "agreement_confidentiality": self.confidentiality.toPlainText(),
            "agreement_notes": self.agreement_notes.toPlainText(),
            "agreement_date": self.agreement_date.iso(),
        }

    def save(self) -> None:
        for tab, field in ((0, self.start_date), (1, self.agreement_date)):
            sentence = field.problem()
            if sentence:  # the typed text stays in the field, to be put right
                self._show_error(sentence)
                self.tabs.setCurrentIndex(tab)
                field.edit.setFocus()
                return
        fields = self.values()
        self._show_error("")
        self._set_busy(True)
        saved, failed = self._alive(self._saved), self._alive(self._failed)
        if self.coachee_id is None:
            name = fields.pop("name")
            self._state.call(coachees.add, name, **fields, success=saved, failure=failed,
                             label="Adding the coachee…")
        else:
            self._state.call(coachees.update, self.coachee_id, **fields, success=saved,
                             failure=failed, label="Saving the profile…")

    def _alive(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """The dialog may be gone (locked, deleted on close) when the worker answers."""
        return lambda result: callback(result) if isValid(self) else None

    def reject(self) -> None:
        if self._busy and self._state.is_open:
            return  # saving: closing now could lose the answer (a refusal's sentence)
        super().reject()

    def _saved(self, change: Any) -> None:
        self._set_busy(False)
        self.coachee_id = change.id
        self.saved.emit(change.id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WorkbookError):
            self._show_error(exc.sentence)
            self._focus_field(exc.sentence)
        else:
            self._show_error("Something went wrong; nothing was saved.")
            self._state.runner.failed.emit(exc)

    def _focus_field(self, sentence: str) -> None:
        lowered = sentence.casefold()
        for prefix, widget, tab in self._fields_for_errors:
            if lowered.startswith(prefix):
                self.tabs.setCurrentIndex(tab)
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                return

    def _show_error(self, sentence: str) -> None:
        self.error.setText(sentence)
        self.error.setVisible(bool(sentence))
        self.error_icon.setVisible(bool(sentence))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)

    def _on_closing(self) -> None:
        """Locking with the dialog open: what was typed is saved, as everywhere else."""
        if isValid(self) and self.isVisible() and not self._busy and self.name.text().strip():
            self.save()

    def _on_closed(self) -> None:
        """Locked: forget everything typed and go away."""
        for edit in (self.name, self.preferred, self.pronouns, self.email, self.program,
                     self.cohort, self.tags, self.cadence, self.contact):
            edit.setText("")  # unlike clear(), leaves nothing to undo
        self.confidentiality.clear()
        self.agreement_notes.clear()
        self.error.clear()
        self.setWindowTitle("Coachee")
        self.reject()
