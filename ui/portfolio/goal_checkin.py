"""The dialog that checks in on a goal: the date, progress, an optional GAS level and a note.
It only collects; the goal editor saves, and the dialog stays open to show a refused input."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.kit.dates import iso_of
from ui.portfolio.goal_model_base import level_text
from ui.portfolio.goal_widgets import AutoHeightEdit, date_edit, error_label, muted, show_error
from workbook.goal_records import GAS_LEVELS, Goal


class CheckInDialog(QDialog):
    """Date, progress, optional GAS level and a note; stays open showing a refused input."""

    submitted = Signal(dict)

    def __init__(self, goal: Goal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check in on a goal")
        form = QFormLayout(self)
        self.heading = QLabel(goal.title)
        self.heading.setWordWrap(True)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        form.addRow(self.heading)
        self.date = date_edit()
        self.date.setAccessibleName("Check-in date")
        self.date.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        form.addRow("&Date", self.date)
        self.progress = QSpinBox()
        self.progress.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setValue(goal.progress)
        self.progress.setAccessibleName("Progress")
        form.addRow("&Progress", self.progress)
        self.level = QComboBox()
        self.level.setAccessibleName("GAS level reached")
        self.level.addItem("Not rated this time", None)
        # The level's name in the box; what the ladder says for it, in full, wrapped under it
        # (a long ladder text in the box itself would be cut off or stretch the dialog).
        self._ladder = {lvl: goal.ladder[lvl].strip() for lvl in GAS_LEVELS}
        for lvl in GAS_LEVELS:
            self.level.addItem(level_text(lvl), lvl)
            self.level.setItemData(self.level.count() - 1, self._ladder[lvl] or None,
                                   Qt.ItemDataRole.ToolTipRole)
        self.level_text = muted(QLabel())
        self.level_text.setAccessibleName("What the ladder says for this level")
        self.level.currentIndexChanged.connect(lambda _i: self._show_level())
        level_box = QVBoxLayout()
        level_box.setContentsMargins(0, 0, 0, 0)
        level_box.addWidget(self.level)
        level_box.addWidget(self.level_text)
        form.addRow("&GAS level", level_box)
        form.labelForField(level_box).setBuddy(self.level)  # type: ignore[attr-defined]
        self._show_level()
        self.note = AutoHeightEdit(lines=3, most=8)
        self.note.setAccessibleName("Check-in note")
        form.addRow("&Note", self.note)
        self.error = error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Check &in")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(480)

    def values(self) -> dict[str, Any]:
        return {"checked_on": iso_of(self.date.date()),
                "progress": self.progress.value(), "gas_level": self.level.currentData(),
                "note": self.note.toPlainText()}

    def _show_level(self) -> None:
        level = self.level.currentData()
        text = self._ladder.get(level, "") if level is not None else ""
        self.level_text.setText(f"On the ladder: {text}" if text else "")
        self.level_text.setVisible(bool(text))
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to show wrapped lines in full: a window's minimum size ignores them."""
        layout = self.layout()
        if not self.isVisible() or layout is None:
            return  # when it opens, the dialog takes the size its layout asks for
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _submit(self) -> None:
        self.date.read()  # Alt+I reaches the button without leaving the field
        if self.date.text_problem():  # said under the date; what was typed stays to correct
            self.date.line.setFocus()
            return
        self.submitted.emit(self.values())

    def show_error(self, sentence: str) -> None:
        show_error(self.error, sentence)
        self._fit_height()

    def forget(self) -> None:
        """Drop the goal's texts (the workbook is locking)."""
        self.heading.clear()
        self._ladder = {}
        self.level.clear()
        self.level_text.clear()
        self.note.clear()
        show_error(self.error, "")
