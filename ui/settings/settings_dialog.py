"""Settings: the coach, the idle lock, printing, "not seen" weeks, GAS — and the templates.

The General tab is applied on OK in one call (Cancel discards it); a value the workbook
refuses keeps the dialog open with the sentence under the fields. The Templates tab writes
each edit at once, like every other editor in the app.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.kit.state import WorkbookState
from ui.settings.template_widgets import ProblemLabel, dim_label
from ui.settings.templates_editor import TemplatesEditor
from workbook import settings
from workbook.documents.paper import system_page_size
from workbook.errors import WorkbookError
from workbook.settings import Settings


def _spin(name: str, low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    return spin


class SettingsDialog(QDialog):
    """Open it with `open()`; `saved(Settings)` follows a successful OK."""

    saved = Signal(object)  # the Settings now stored

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Settings")
        self._loaded: Settings | None = None

        self.coach_name = QLineEdit()
        self.coach_name.setAccessibleName("Coach name")
        self.coach_name.setPlaceholderText("Printed on session summaries")
        self.institution = QLineEdit()
        self.institution.setAccessibleName("Institution")
        self.idle_lock = _spin("Idle-lock minutes", 1, 240, " min")
        self.page_size = QComboBox()
        # Unset, documents use the paper of the system's region; choosing one pins it.
        self.page_size.addItem(f"Automatic ({system_page_size()} here)",
                               settings.PAGE_SIZE_BY_LOCALE)
        for size in settings.PAGE_SIZES:
            self.page_size.addItem(size, size)
        self.page_size.setAccessibleName("Page size")
        self.not_seen = _spin("Not seen weeks", 1, 104, " weeks")
        self.duration = _spin("Default session duration", 1, 1440, " min")
        self.duration.setSingleStep(5)
        self.gas_rho = QDoubleSpinBox()
        self.gas_rho.setRange(0.0, 0.99)
        self.gas_rho.setDecimals(2)
        self.gas_rho.setSingleStep(0.05)
        self.gas_rho.setAccessibleName("GAS rho")
        self.backup_folder = QLineEdit()
        self.backup_folder.setAccessibleName("Backups folder")
        self.backup_folder.setPlaceholderText("Beside the workbook, in a folder “… backups”")
        self.backups_kept = _spin("Backups kept", 1, 100, " copies")
        self.error_label = ProblemLabel()

        general = QWidget()
        outer = QHBoxLayout(general)
        page = QWidget()
        page.setMaximumWidth(page.fontMetrics().averageCharWidth() * 110)
        form = QFormLayout(page)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(16)
        outer.addWidget(page, 1, Qt.AlignmentFlag.AlignTop)
        outer.addStretch(0)
        rows: list[tuple[str, QWidget, str]] = [
            ("Coach &name", self.coach_name, ""),
            ("&Institution", self.institution, ""),
            ("&Lock after idle", self.idle_lock,
             "The window locks after this long without keyboard or mouse input (1–240 min)."),
            ("&Page size", self.page_size, "For printed and PDF session summaries."),
            ("\u201cNot &seen\u201d after", self.not_seen,
             "Coachees you have not met for this many weeks are flagged."),
            ("Default session &duration", self.duration, ""),
            ("GAS ρ (r&ho)", self.gas_rho,
             "Correlation between a coachee's goals, used for the GAS T-score; 0.3 is the "
             "usual value."),
            ("&Backups folder", self.backup_folder, ""),
            ("Backups &kept", self.backups_kept,
             "Each day the workbook is opened, an encrypted copy goes into the backups folder "
             "(empty: beside the workbook); the oldest beyond this number are deleted."),
        ]
        for text, widget, hint in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            if isinstance(widget, QLineEdit):
                form.addRow(label, widget)
                continue
            field = QVBoxLayout()
            field.setSpacing(2)
            row = QHBoxLayout()
            row.addWidget(widget)
            row.addStretch(1)
            field.addLayout(row)
            if hint:
                widget.setToolTip(hint)
                field.addWidget(dim_label(hint))
            form.addRow(label, field)
        form.addRow(self.error_label)

        self.templates = TemplatesEditor(state)
        templates_tab = QWidget()
        tab_layout = QVBoxLayout(templates_tab)
        tab_layout.addWidget(dim_label("Changes to templates are saved as you make them; Cancel "
                                   "does not undo them. New sessions use the templates as they "
                                   "are then; sessions already held keep their notes."))
        tab_layout.addWidget(self.templates, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(general, "&General")
        self.tabs.addTab(templates_tab, "&Templates")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        chain = [self.coach_name, self.institution, self.idle_lock, self.page_size,
                 self.not_seen, self.duration, self.gas_rho, self.backup_folder,
                 self.backups_kept]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self._fields = {"coach name": self.coach_name, "institution": self.institution,
                        "idle lock": self.idle_lock, "page size": self.page_size,
                        "not seen": self.not_seen, "default duration": self.duration,
                        "gas": self.gas_rho, "backups folder": self.backup_folder,
                        "backups kept": self.backups_kept}
        self._size_to_screen()
        state.closed.connect(self._on_closed)
        self.load()

    def _size_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 1100, 680
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 40)
        self.resize(width, height)

    # -- loading and applying --------------------------------------------------------------
    def load(self) -> None:
        if self.state.is_open:
            self.state.call(settings.get_settings, success=self.show_settings)

    def show_settings(self, current: Settings) -> None:
        self._loaded = current
        self.coach_name.setText(current.coach_name)
        self.institution.setText(current.institution)
        self.idle_lock.setValue(current.idle_lock_minutes)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(current.page_size)))
        self.not_seen.setValue(current.not_seen_weeks)
        self.duration.setValue(current.default_duration_min)
        self.gas_rho.setValue(current.gas_rho)
        self.backup_folder.setText(current.backup_folder)
        self.backups_kept.setValue(current.backups_kept)

    def values(self) -> dict[str, object]:
        """What the General tab holds, as `update_settings` keywords."""
        return {
            "coach_name": self.coach_name.text(),
            "institution": self.institution.text(),
            "idle_lock_minutes": self.idle_lock.value(),
            "page_size": self.page_size.currentData(),
            "not_seen_weeks": self.not_seen.value(),
            "default_duration_min": self.duration.value(),
            "gas_rho": round(self.gas_rho.value(), 2),
            "backup_folder": self.backup_folder.text(),
            "backups_kept": self.backups_kept.value(),
        }

    def apply(self) -> None:
        """OK: write every General value in one call; close only when it succeeded."""
        self.templates.flush_pending()
        if not self.state.is_open:
            self.reject()
            return
        self.buttons.setEnabled(False)
        self.state.call(settings.update_settings, success=self._stored, failure=self._refused,
                        **self.values())

    def _stored(self, _changes: object) -> None:
        self.state.call(settings.get_settings, success=self._done, failure=self._refused)

    def _done(self, stored: Settings) -> None:
        self.buttons.setEnabled(True)
        self._say("")
        self.saved.emit(stored)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, WorkbookError):
            self.state.runner.failed.emit(exc)
            return
        self._say(exc.sentence)
        self.tabs.setCurrentIndex(0)
        lowered = exc.sentence.casefold()
        for start, widget in self._fields.items():
            if lowered.startswith(start):
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                break

    def _say(self, sentence: str) -> None:
        self.error_label.say(sentence)

    def _on_closed(self) -> None:
        for edit in (self.coach_name, self.institution):
            edit.clear()
        self._say("")
        self.reject()
