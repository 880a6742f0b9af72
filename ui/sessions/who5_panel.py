"""The WHO-5 Well-Being Index under its section of the Well-being template.

Nothing is kept until the coach ticks "Record scores" (with the learner's agreement); then
each statement's answer is saved as it is chosen, and the score (0–100) shows once all five
are answered, with the WHO's reading of a low one: a prompt to talk, never a diagnosis.
Unticking the box deletes the answers, so it asks first. The section is private, and the
answers are never printed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.kit.messages import alive
from workbook import wellbeing
from workbook.wellbeing import Who5

NOT_ANSWERED = "Not answered"
RECORD = "Record scores (with the learner's agreement)"
DELETE_QUESTION = "Delete the WHO-5 answers recorded in this meeting?"


def score_sentence(who5: Who5 | None) -> str:
    if who5 is None:
        return "Nothing is recorded unless you tick Record scores."
    if who5.percent is None:
        answered = sum(v is not None for v in who5.answers.values())
        return f"Score: shown once all five are answered ({answered} of 5 so far)."
    said = f"Score: {who5.percent} of 100 (raw {who5.raw} of 25)."
    return f"{said} {wellbeing.LOW_SENTENCE}" if who5.low else said


class Who5Panel(QFrame):
    """Record the answers of one meeting. `call(fn, *args)` runs a workbook call on the
    worker (the session editor's own, so its own saves do not reload the page)."""

    recorded = Signal()  # an answer or the recording changed (tests wait on it)

    def __init__(self, session_id: int, who5: Who5 | None,
                 call: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("who5-panel")
        self.session_id = session_id
        self._call = call
        self.question: QMessageBox | None = None
        self.record = QCheckBox(RECORD)
        self.record.setToolTip("Keep this meeting's WHO-5 answers in the workbook (private, "
                               "never printed); untick to delete them")
        self.record.toggled.connect(self._record_toggled)
        self.intro = QLabel(wellbeing.INTRO)
        self.combos: dict[str, QComboBox] = {}
        # A grid, not a form: the statements take the width the answers leave them and wrap
        # as whole lines (a form squeezed them into a narrow, clipped column).
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setHorizontalSpacing(12)
        for row, (key, text) in enumerate(wellbeing.ITEMS):
            combo = QComboBox()
            combo.addItem(NOT_ANSWERED, None)
            for value, label in wellbeing.ANSWERS:
                combo.addItem(f"{label} ({value})", value)
            combo.setAccessibleName(text)
            combo.currentIndexChanged.connect(lambda _i, k=key: self._answered(k))
            label = QLabel(text)
            label.setWordWrap(True)
            label.setBuddy(combo)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1, Qt.AlignmentFlag.AlignVCenter)
            self.combos[key] = combo
        self.score = QLabel()
        self.score.setWordWrap(True)
        self.score.setAccessibleName("WHO-5 score")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 8)
        layout.addWidget(self.record)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        layout.addWidget(self.score)
        self.who5: Who5 | None = None
        self.show_answers(who5)

    def inputs(self) -> list[QWidget]:
        """The panel's stops for Tab, in order."""
        return [self.record, *self.combos.values()]

    def show_answers(self, who5: Who5 | None) -> None:
        """Show what the workbook holds for the meeting (without saving anything)."""
        self.who5 = who5
        for widget in (self.record, *self.combos.values()):
            widget.blockSignals(True)
        self.record.setChecked(who5 is not None)
        for key, combo in self.combos.items():
            value = who5.answers.get(key) if who5 else None
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            combo.setEnabled(who5 is not None)
        for widget in (self.record, *self.combos.values()):
            widget.blockSignals(False)
        self.intro.setEnabled(who5 is not None)
        self.score.setText(score_sentence(who5))

    def _saved(self, who5: Who5 | None) -> None:
        if not alive(self):  # the session was closed or the workbook locked meanwhile
            return
        self.show_answers(who5)
        self.recorded.emit()

    def _after(self, _result: Any) -> None:
        if not alive(self):
            return
        self._call(wellbeing.get, self.session_id, success=self._saved)

    def _record_toggled(self, on: bool) -> None:
        if on:
            self._call(wellbeing.start_recording, self.session_id, success=self._after)
            return
        if self.who5 is None or all(v is None for v in self.who5.answers.values()):
            self._call(wellbeing.stop_recording, self.session_id, success=self._after)
            return
        # answers would be lost: a deliberate, confirmed act
        box = QMessageBox(QMessageBox.Icon.Question, "WHO-5 answers", DELETE_QUESTION,
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete the answers", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._decided(box.clickedButton() is delete))
        self.question = box
        box.open()

    def _decided(self, delete: bool) -> None:
        self.question = None
        if delete:
            self._call(wellbeing.stop_recording, self.session_id, success=self._after)
        else:
            self.show_answers(self.who5)  # still recording: tick the box again

    def _answered(self, key: str) -> None:
        value = self.combos[key].currentData()
        self._call(wellbeing.answer, self.session_id, key, value, success=self._after)
