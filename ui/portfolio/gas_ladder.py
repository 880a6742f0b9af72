"""The Goal Attainment Scaling ladder of one goal (five levels, −2 … +2, each with the text
written at goal setting, the baseline and the level attained at review) and the coachee's
GAS T-score under it.

These widgets only show and collect; the goal editor saves (texts debounced, the baseline and
the attained level at once).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QWidget

from ui.kit.palette import mix, visible_checks
from ui.portfolio.goal_model_base import GAS_LABELS, level_sign
from ui.portfolio.goal_widgets import AutoHeightEdit
from workbook.gas import GasSummary
from workbook.goal_records import GAS_LEVELS
from workbook.wording import count

_NONE_ID = 99  # the button id of "no baseline" / "not rated yet"


def t_score_text(summary: GasSummary | None) -> str:
    if summary is None:
        return ""
    if summary.t_score is None:
        if not summary.goals_with_ladder:
            return ("Coachee's GAS T-score: not yet — none of their active goals has a full "
                    "ladder.")
        laddered = count(summary.goals_with_ladder, "goal")
        return f"Coachee's GAS T-score: not yet — {laddered} with a full ladder, none rated."
    return (f"Coachee's GAS T-score: {summary.t_score:.1f} "
            f"({summary.goals_scored} of {count(summary.goals_with_ladder, 'laddered goal')} "
            "rated; 50 = all at the expected level)")


class GasLadder(QWidget):
    text_edited = Signal()  # a level's text changed (the editor debounces the save)
    baseline_chosen = Signal(object)  # int | None, chosen by the coach
    attained_chosen = Signal(object)  # int | None, chosen by the coach

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._attained: int | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for col, text in enumerate(("Level", "What it looks like at this level",
                                    "Baseline", "Attained")):
            heading = QLabel(f"<b>{text}</b>")
            grid.addWidget(heading, 0, col, Qt.AlignmentFlag.AlignCenter if col > 1
                           else Qt.AlignmentFlag.AlignLeft)
        self.baseline_group = QButtonGroup(self)
        self.attained_group = QButtonGroup(self)
        self.edits: dict[int, AutoHeightEdit] = {}
        self.level_labels: dict[int, QLabel] = {}
        self.baseline_buttons: dict[int | None, QRadioButton] = {}
        self.attained_buttons: dict[int | None, QRadioButton] = {}
        for row, level in enumerate(GAS_LEVELS, start=1):
            sign = level_sign(level)
            label = QLabel(f"<b>{sign}</b>  {GAS_LABELS[level]}")
            label.setWordWrap(True)
            label.setMinimumWidth(120)
            label.setMaximumWidth(150)
            edit = AutoHeightEdit(lines=2, most=5)
            edit.setAccessibleName(f"GAS level {sign}: {GAS_LABELS[level]}")
            edit.setPlaceholderText(_PLACEHOLDERS[level])
            edit.setToolTip(f"What the learner would be doing at level {sign} "
                            f"({GAS_LABELS[level]}).")
            edit.textChanged.connect(self._text_changed)
            label.setBuddy(edit)
            base = QRadioButton()
            base.setAccessibleName(f"Baseline at level {sign}")
            base.setToolTip(f"Where the learner was when the goal was set: {sign}")
            att = QRadioButton()
            att.setAccessibleName(f"Attained level {sign}")
            att.setToolTip(f"Record level {sign} as attained (today)")
            self.baseline_group.addButton(base, level + 10)
            self.attained_group.addButton(att, level + 10)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            # Aligned, so the button is only as wide as its circle and a click hits it.
            grid.addWidget(base, row, 2, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(att, row, 3, Qt.AlignmentFlag.AlignCenter)
            self.edits[level] = edit
            self.level_labels[level] = label
            self.baseline_buttons[level] = base
            self.attained_buttons[level] = att
        last = len(GAS_LEVELS) + 1
        no_base = QRadioButton("None")
        no_base.setAccessibleName("No baseline recorded")
        no_base.setToolTip("No baseline recorded")
        no_att = QRadioButton("Not rated")
        no_att.setAccessibleName("Attained level not rated yet")
        no_att.setToolTip("No level attained yet (clears the rating)")
        self.baseline_group.addButton(no_base, _NONE_ID)
        self.attained_group.addButton(no_att, _NONE_ID)
        grid.addWidget(no_base, last, 2, Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(no_att, last, 3, Qt.AlignmentFlag.AlignCenter)
        self.baseline_buttons[None] = no_base
        self.attained_buttons[None] = no_att
        self.t_score_label = QLabel()
        self.t_score_label.setWordWrap(True)
        self.t_score_label.setAccessibleName("Coachee's GAS T-score")
        grid.addWidget(self.t_score_label, last + 1, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        for button in (*self.baseline_buttons.values(), *self.attained_buttons.values()):
            visible_checks(button)
        self.baseline_group.idToggled.connect(self._baseline_toggled)
        self.attained_group.idToggled.connect(self._attained_toggled)
        self.clear()

    def inputs(self) -> list[QWidget]:
        """The ladder's inputs in reading order: row by row, then the "none" choices."""
        rows: list[QWidget] = []
        for level in GAS_LEVELS:
            rows += [self.edits[level], self.baseline_buttons[level],
                     self.attained_buttons[level]]
        return [*rows, self.baseline_buttons[None], self.attained_buttons[None]]

    # -- showing -------------------------------------------------------------------------
    def set_texts(self, texts: dict[int, str], *, keep: bool = False) -> None:
        """Show the ladder's texts; with `keep`, levels being typed in are left alone."""
        self._loading = True
        try:
            for level, edit in self.edits.items():
                text = texts.get(level, "")
                if edit.toPlainText() != text and not keep:
                    edit.setPlainText(text)
        finally:
            self._loading = False

    def set_baseline(self, level: int | None) -> None:
        self._check(self.baseline_buttons, level)

    def set_attained(self, level: int | None) -> None:
        self._attained = level
        self._check(self.attained_buttons, level)
        self._tint()

    def set_summary(self, summary: GasSummary | None) -> None:
        self.t_score_label.setText(t_score_text(summary))

    def texts(self) -> dict[int, str]:
        return {level: edit.toPlainText() for level, edit in self.edits.items()}

    def attained(self) -> int | None:
        return self._attained

    def clear(self) -> None:
        self.set_texts({})
        self.set_baseline(None)
        self.set_attained(None)
        self.set_summary(None)

    def _check(self, buttons: dict[int | None, QRadioButton], level: int | None) -> None:
        self._loading = True
        try:
            buttons[level].setChecked(True)
        finally:
            self._loading = False

    def _tint(self) -> None:
        palette = self.palette()
        tinted = mix(palette.color(QPalette.ColorRole.Base),
                     palette.color(QPalette.ColorRole.Highlight), 0.22)
        for level, edit in self.edits.items():
            own = QPalette(palette)
            if level == self._attained:
                own.setColor(QPalette.ColorRole.Base, tinted)
            edit.setPalette(own)
            label = self.level_labels[level]
            mark = " ✓" if level == self._attained else ""
            label.setText(f"<b>{level_sign(level)}</b>  {GAS_LABELS[level]}{mark}")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()

    # -- the coach's choices -------------------------------------------------------------
    def _text_changed(self) -> None:
        if not self._loading:
            self.text_edited.emit()

    def _baseline_toggled(self, button_id: int, checked: bool) -> None:
        if checked and not self._loading:
            self.baseline_chosen.emit(_level(button_id))

    def _attained_toggled(self, button_id: int, checked: bool) -> None:
        if checked and not self._loading:
            self._attained = _level(button_id)
            self._tint()
            self.attained_chosen.emit(self._attained)


def _level(button_id: int) -> Any:
    return None if button_id == _NONE_ID else button_id - 10


_PLACEHOLDERS = {
    -2: "Much worse than expected: e.g. the situation has gone backwards",
    -1: "Somewhat less than expected: often where the learner starts",
    0: "The expected outcome if the goal is met",
    1: "Somewhat more than expected",
    2: "Much more than expected: the best realistic outcome",
}
