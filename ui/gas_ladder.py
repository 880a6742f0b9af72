"""The Goal Attainment Scaling ladder of one goal (five levels, −2 … +2, each with the text
written at goal setting, the baseline and the level attained at review), the check-in dialog
that records progress and a GAS level, and the small widgets the Goals tab shares.

These widgets only show and collect; the goal editor saves (texts debounced, the baseline and
the attained level at once).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QWidget,
)

from ui.goal_models import GAS_LABELS, level_sign, level_text
from workbook.changes import today
from workbook.gas import GasSummary
from workbook.goal_records import GAS_LEVELS, Goal

_NONE_ID = 99  # the button id of "no baseline" / "not rated yet"


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0…1) of the way towards `b` — a tint that follows the palette."""
    return QColor(round(a.red() + (b.red() - a.red()) * amount),
                  round(a.green() + (b.green() - a.green()) * amount),
                  round(a.blue() + (b.blue() - a.blue()) * amount))


class AutoHeightEdit(QPlainTextEdit):
    """A short multi-line edit that grows with its text (from `lines` to `most` lines);
    Tab moves on, as in a form."""

    def __init__(self, lines: int = 2, most: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines, self._most = lines, most
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def _visual_lines(self) -> int:
        count, block = 0, self.document().begin()
        while block.isValid():
            count += max(1, block.layout().lineCount())
            block = block.next()
        return count

    def _fit(self) -> None:
        lines = max(self._lines, min(self._most, self._visual_lines()))
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
                  + margins.top() + margins.bottom() + 2)
        if self.height() != height:
            self.setFixedHeight(round(height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())


def t_score_text(summary: GasSummary | None) -> str:
    if summary is None:
        return ""
    if summary.t_score is None:
        if not summary.goals_with_ladder:
            return ("Coachee's GAS T-score: not yet — none of their active goals has a full "
                    "ladder.")
        return (f"Coachee's GAS T-score: not yet — {summary.goals_with_ladder} goal(s) with a "
                "full ladder, none rated.")
    return (f"Coachee's GAS T-score: {summary.t_score:.1f} "
            f"({summary.goals_scored} of {summary.goals_with_ladder} laddered goals rated; "
            "50 = all at the expected level)")


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
            label = QLabel(f"<b>{sign}</b>&nbsp; {GAS_LABELS[level]}")
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
        self.baseline_group.idToggled.connect(self._baseline_toggled)
        self.attained_group.idToggled.connect(self._attained_toggled)
        self.clear()

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
            label.setText(f"<b>{level_sign(level)}</b>&nbsp; {GAS_LABELS[level]}{mark}")

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


def date_edit(parent: QWidget | None = None) -> QDateEdit:
    """A date field showing 'Tue 3 Mar 2026' whatever the system locale."""
    edit = QDateEdit(parent)
    edit.setLocale(QLocale.c())
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(QDate.fromString(today().isoformat(), Qt.DateFormat.ISODate))
    return edit


def muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    """A hidden label for a refused input's sentence, in a red that suits the palette."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Problem")
    palette = label.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff8a80" if dark else "#b00020"))
    label.setPalette(palette)
    label.setHidden(True)
    return label


def show_error(label: QLabel, sentence: str) -> None:
    label.setText(sentence)
    label.setHidden(not sentence)


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
        form.addRow("&Date", self.date)
        self.progress = QSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setValue(goal.progress)
        self.progress.setAccessibleName("Progress")
        form.addRow("&Progress", self.progress)
        self.level = QComboBox()
        self.level.setAccessibleName("GAS level reached")
        # Long ladder texts must not stretch the dialog across the screen.
        self.level.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.level.setMinimumContentsLength(48)
        self.level.addItem("Not rated this time", None)
        for lvl in GAS_LEVELS:
            text = goal.ladder[lvl].strip()
            self.level.addItem(level_text(lvl) + (f" — {text}" if text else ""), lvl)
        form.addRow("&GAS level", self.level)
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
        return {"checked_on": self.date.date().toString(Qt.DateFormat.ISODate),
                "progress": self.progress.value(), "gas_level": self.level.currentData(),
                "note": self.note.toPlainText()}

    def _submit(self) -> None:
        self.submitted.emit(self.values())

    def show_error(self, sentence: str) -> None:
        show_error(self.error, sentence)

    def forget(self) -> None:
        """Drop the goal's texts (the workbook is locking)."""
        self.heading.clear()
        self.level.clear()
        self.note.clear()
        show_error(self.error, "")


def table_view(model: Any, name: str, stretch: int = 0) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def fit_rows(view: QTableView, rows: int, *, least: int = 2, most: int = 8) -> None:
    """Make a small table exactly as tall as `rows` rows (within least … most)."""
    shown = max(least, min(most, rows))
    height = (view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
              + shown * view.verticalHeader().defaultSectionSize())
    view.setFixedHeight(height)


def _level(button_id: int) -> Any:
    return None if button_id == _NONE_ID else button_id - 10


_PLACEHOLDERS = {
    -2: "Much worse than expected: e.g. the situation has gone backwards",
    -1: "Somewhat less than expected: often where the learner starts",
    0: "The expected outcome if the goal is met",
    1: "Somewhat more than expected",
    2: "Much more than expected: the best realistic outcome",
}
