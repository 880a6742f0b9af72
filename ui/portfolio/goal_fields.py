"""The goal's own fields, as the goal editor lays them out: the header (title, domain, status,
target date, GAS weight, progress, with the save state and a refused field's sentence), the
SMART box and the values the goal expresses. They show a goal and announce each edit; the
editor saves."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.kit.dates import iso_of, qdate_of, qtoday
from ui.kit.flow_layout import FlowLayout, pair
from ui.kit.palette import visible_checks
from ui.portfolio.goal_detail_models import ValueLinkModel
from ui.portfolio.goal_widgets import AutoHeightEdit, date_edit, error_label, muted
from workbook.goal_records import GOAL_STATUSES, Domain, Goal
from workbook.values import CoacheeValue

SMART = (
    ("specific", "Specific", "What exactly will be different, in the learner's own words?"),
    ("measurable", "&Measurable", "How will you both know it happened: what evidence?"),
    ("achievable", "&Achievable", "Why it is within reach; what support or resources help."),
    ("relevant", "&Relevant", "Why it matters to the learner now; which values it serves."),
    ("time_bound", "Time-&bound", "By when, with which checkpoints along the way?"),
)


class GoalHeader(QWidget):
    edited = Signal(str, object, bool)  # field, value, save now (else after the debounce)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._shown: int | None = None  # the goal the fields show
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.title = QLineEdit()
        self.title.setAccessibleName("Goal title")
        self.title.setPlaceholderText("What the learner wants to achieve")
        self.title.textEdited.connect(lambda text: self._edit("title", text))
        title_label = QLabel("T&itle")
        title_label.setBuddy(self.title)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.save_label = muted(QLabel())
        self.save_label.setAccessibleName("Save state")
        self.save_label.setWordWrap(False)
        self.error = error_label()
        self.error.setAccessibleName("Goal problem")
        grid.addWidget(title_label, 0, 0)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.save_label, 0, 2)
        grid.addWidget(self.error, 1, 1, 1, 2)

        row = FlowLayout(spacing=12)
        self.domain = QComboBox()
        self.domain.setAccessibleName("Domain")
        self.domain.activated.connect(
            lambda _i: self._edit("domain", self.domain.currentData(), now=True))
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in GOAL_STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.status.activated.connect(
            lambda _i: self._edit("status", self.status.currentData(), now=True))
        self.has_target = QCheckBox("Tar&get date")
        self.has_target.setAccessibleName("Has a target date")
        self.has_target.toggled.connect(self._target_toggled)
        self.target = date_edit()
        self.target.setAccessibleName("Target date")
        self.target.dateChanged.connect(lambda _d: self._target_changed())
        self.weight = QDoubleSpinBox()
        self.weight.setRange(0.1, 100)
        self.weight.setSingleStep(0.5)
        self.weight.setDecimals(1)
        self.weight.setAccessibleName("GAS weight")
        self.weight.setToolTip("How much this goal counts in the GAS T-score (1 = usual)")
        self.weight.valueChanged.connect(lambda v: self._edit("weight", v))
        domain_label = QLabel("&Domain")
        domain_label.setBuddy(self.domain)
        grid.addWidget(domain_label, 2, 0)
        status_label = QLabel("Stat&us")
        status_label.setBuddy(self.status)
        weight_label = QLabel("&Weight")
        weight_label.setBuddy(self.weight)
        # These wrap onto a second line in a narrow editor rather than scroll it sideways.
        for widget in (self.domain, pair(status_label, self.status),
                       pair(self.has_target, self.target), pair(weight_label, self.weight)):
            row.addWidget(widget)
        grid.addLayout(row, 2, 1, 1, 2)

        progress = QHBoxLayout()
        self.progress_slider = QSlider(Qt.Orientation.Horizontal)
        self.progress_slider.setRange(0, 100)
        self.progress_slider.setPageStep(10)
        self.progress_slider.setAccessibleName("Progress slider")
        self.progress_spin = QSpinBox()
        self.progress_spin.setRange(0, 100)
        self.progress_spin.setSuffix(" %")
        self.progress_spin.setAccessibleName("Progress")
        self.progress_slider.valueChanged.connect(self._progress_changed)
        self.progress_spin.valueChanged.connect(self._progress_changed)
        progress_label = QLabel("&Progress")
        progress_label.setBuddy(self.progress_slider)
        grid.addWidget(progress_label, 3, 0)
        progress.addWidget(self.progress_slider, 1)
        progress.addWidget(self.progress_spin)
        grid.addLayout(progress, 3, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def inputs(self) -> list[QWidget]:
        """The header's inputs in reading order."""
        return [self.title, self.domain, self.status, self.has_target, self.target,
                self.weight, self.progress_slider, self.progress_spin]

    def show_goal(self, goal: Goal | None, domains: Sequence[Domain], keep: set[str]) -> None:
        """Fill the fields from `goal`; fields named in `keep` keep what the coach typed."""
        same = goal is not None and goal.id == self._shown
        self._shown = goal.id if goal else None
        self._loading = True
        try:
            self._fill_domains(domains)
            if "title" not in keep and self.title.text() != (goal.title if goal else ""):
                self.title.setText(goal.title if goal else "")
            if "domain" not in keep:
                self.domain.setCurrentIndex(max(0, self.domain.findData(goal.domain))
                                            if goal else -1)
            if "status" not in keep:
                self.status.setCurrentIndex(GOAL_STATUSES.index(goal.status) if goal else 1)
            if "progress" not in keep:
                self.progress_slider.setValue(goal.progress if goal else 0)
                self.progress_spin.setValue(goal.progress if goal else 0)
            # a target typed for this goal that cannot be read stays, with its sentence
            if "target_date" not in keep and not (same and self.target.text_problem()):
                target = goal.target_date if goal else None
                self.has_target.setChecked(target is not None)
                self.target.setEnabled(target is not None)
                if target:
                    self.target.setDate(qdate_of(target))
                elif not same:  # neither the last goal's date nor its unread text
                    self.target.setDate(qtoday())
            if "weight" not in keep:
                self.weight.setValue(goal.weight if goal else 1.0)
        finally:
            self._loading = False

    def _fill_domains(self, domains: Sequence[Domain]) -> None:
        wanted = [(d.name, d.key, d.description) for d in domains]
        have = [(self.domain.itemText(i), self.domain.itemData(i),
                 self.domain.itemData(i, Qt.ItemDataRole.ToolTipRole))
                for i in range(self.domain.count())]
        if wanted == have:
            return
        self.domain.clear()
        for name, key, description in wanted:
            self.domain.addItem(name, key)
            self.domain.setItemData(self.domain.count() - 1, description,
                                    Qt.ItemDataRole.ToolTipRole)

    def _edit(self, field: str, value: Any, *, now: bool = False) -> None:
        if not self._loading:
            self.edited.emit(field, value, now)

    def _progress_changed(self, value: int) -> None:
        for widget in (self.progress_slider, self.progress_spin):
            if widget.value() != value:
                widget.blockSignals(True)
                widget.setValue(value)
                widget.blockSignals(False)
        self._edit("progress", value)

    def _target_toggled(self, on: bool) -> None:
        self.target.setEnabled(on)
        self._target_changed()

    def _target_changed(self) -> None:
        on = self.has_target.isChecked()
        self._edit("target_date",
                   iso_of(self.target.date()) if on else None)


class SmartBox(QGroupBox):
    """Specific, measurable, achievable, relevant, time-bound: each a growing text box."""

    edited = Signal(str, object, bool)  # field, text, save now (always False: debounced)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("SMART", parent)
        self._loading = False
        lay = QVBoxLayout(self)
        self.edits: dict[str, AutoHeightEdit] = {}
        for key, name, hint in SMART:
            head = QHBoxLayout()
            label = QLabel(name)
            bold = QFont(label.font())
            bold.setBold(True)
            label.setFont(bold)
            edit = AutoHeightEdit(lines=2, most=8)
            edit.setAccessibleName(name.replace("&", ""))
            edit.setToolTip(hint)
            edit.textChanged.connect(partial(self._changed, key))
            label.setBuddy(edit)
            head.addWidget(label)
            head.addWidget(muted(QLabel(hint)), 1)
            lay.addLayout(head)
            lay.addWidget(edit)
            self.edits[key] = edit

    def show_goal(self, goal: Goal | None, keep: set[str]) -> None:
        self._loading = True
        try:
            for key, edit in self.edits.items():
                text = getattr(goal, key) if goal else ""
                if key not in keep and edit.toPlainText() != text:
                    edit.setPlainText(text)
        finally:
            self._loading = False

    def _changed(self, key: str) -> None:
        if not self._loading:
            self.edited.emit(key, self.edits[key].toPlainText(), False)


class ValuesBox(QGroupBox):
    """The coachee's values, ticked where the goal expresses them."""

    links_changed = Signal(list)  # the value ids now ticked, chosen by the coach

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Linked values", parent)
        self._loading = False
        lay = QVBoxLayout(self)
        self.model = ValueLinkModel(self)
        self.model.links_changed.connect(self._links_changed)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Values this goal expresses")
        self.view.setToolTip("Tick the coachee's values this goal expresses (Space)")
        visible_checks(self.view)
        label = muted(QLabel("Which of the learner's values does this goal "
                             "e&xpress? Space ticks one."))
        label.setBuddy(self.view)
        lay.addWidget(label)
        lay.addWidget(self.view)
        self.empty = muted(QLabel("No values yet: add them in the Values tab."))
        lay.addWidget(self.empty)

    def load(self, coachee_values: Sequence[CoacheeValue] | None, linked: Sequence[int]) -> None:
        """Show the values (None: no goal is open) and tick the linked ones."""
        self._loading = True
        try:
            if coachee_values is None:
                self.model.clear()
            else:
                self.model.load(coachee_values, linked)
        finally:
            self._loading = False
        rows = self.model.rowCount()
        shown = max(2, min(8, rows))
        self.view.setFixedHeight(shown * self.view.sizeHintForRow(0)
                                 + 2 * self.view.frameWidth() + 4 if rows else 0)
        self.view.setVisible(rows > 0)
        self.empty.setVisible(coachee_values is not None and not coachee_values)

    def _links_changed(self, value_ids: list[int]) -> None:
        if not self._loading:
            self.links_changed.emit(value_ids)
