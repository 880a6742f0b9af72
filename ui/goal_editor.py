"""The editor of one goal: SMART fields, domain, status, progress, target date, weight, linked
values, milestones, check-ins and the GAS ladder. No Save button: edits save themselves
(debounced, and at once when a field loses focus), with a small "Saving…"/"Saved" indicator.
"""

from __future__ import annotations

from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.gas_ladder import (
    AutoHeightEdit,
    CheckInDialog,
    GasLadder,
    date_edit,
    error_label,
    fit_rows,
    muted,
    show_error,
    table_view,
)
from ui.goal_models import (
    CheckinModel,
    GoalDetail,
    IdRole,
    MilestoneModel,
    ValueLinkModel,
    load_goal_detail,
)
from ui.state import WorkbookState
from workbook import goals
from workbook.changes import Changes
from workbook.errors import InvalidInput, NotFound, WorkbookError
from workbook.goal_records import GOAL_STATUSES, Goal

AUTOSAVE_MS = 800
SMART = (
    ("specific", "&Specific", "What exactly will be different, in the learner's own words?"),
    ("measurable", "&Measurable", "How will you both know it happened: what evidence?"),
    ("achievable", "&Achievable", "Why it is within reach; what support or resources help."),
    ("relevant", "&Relevant", "Why it matters to the learner now; which values it serves."),
    ("time_bound", "Time-&bound", "By when, with which checkpoints along the way?"),
)
_REFRESH_KINDS = ("goal", "milestone", "checkin", "value", "trash", "settings", "catalog")


class GoalEditor(QWidget):
    open_record = Signal(str, int)  # (kind, id): a linked session was double-clicked

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._goal: Goal | None = None
        self._goal_id: int | None = None
        self._pending: dict[str, Any] = {}
        self._inflight: set[str] = set()
        self._errors: dict[str, str] = {}
        self._loading = False
        self._title_on_load: int | None = None
        self.dialog: CheckInDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._build()
        self.check_in_action = QAction("Chec&k in on goal…", self)
        self.check_in_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.check_in_action.setToolTip("Record progress and a GAS level (Ctrl+Shift+K)")
        self.check_in_action.triggered.connect(self.open_check_in)
        self.addAction(self.check_in_action)
        state.changed.connect(self._on_changed)
        state.closing.connect(self.flush)
        state.closed.connect(self._on_closed)
        self._show_goal(None)

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.placeholder = muted(QLabel("Select a goal, or start one with New goal "
                                        "(Ctrl+Shift+G)."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.placeholder)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.addLayout(self._build_header())
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._build_smart())
        left.addWidget(self._build_values())
        right.addWidget(self._build_ladder())
        right.addWidget(self._build_milestones())
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        lay.addLayout(columns)
        lay.addWidget(self._build_checkins())
        self._flush_on_focus_out = {self.title, self.weight, self.progress_spin, self.target,
                                    *self.smart.values(), *self.ladder.edits.values()}
        for widget in self._flush_on_focus_out:
            widget.installEventFilter(self)
        # Reading order: the header row by row, the left column, then the ladder row by row
        # (text, baseline, attained), milestones and check-ins, as they were created.
        chain = [self.title, self.domain, self.status, self.has_target, self.target,
                 self.weight, self.progress_slider, self.progress_spin, *self.smart.values(),
                 self.values_view, self.ladder.edits[-2]]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_header(self) -> QGridLayout:
        grid = QGridLayout()
        self.title = QLineEdit()
        self.title.setAccessibleName("Goal title")
        self.title.setPlaceholderText("What the learner wants to achieve")
        self.title.textEdited.connect(lambda text: self._edited("title", text))
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

        row = QHBoxLayout()
        self.domain = QComboBox()
        self.domain.setAccessibleName("Domain")
        self.domain.activated.connect(lambda _i: self._edited("domain", self.domain.currentData(),
                                                               now=True))
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in GOAL_STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.status.activated.connect(lambda _i: self._edited("status", self.status.currentData(),
                                                               now=True))
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
        self.weight.valueChanged.connect(lambda v: self._edited("weight", v))
        domain_label = QLabel("&Domain")
        domain_label.setBuddy(self.domain)
        grid.addWidget(domain_label, 2, 0)
        status_label = QLabel("Stat&us")
        status_label.setBuddy(self.status)
        row.addWidget(self.domain, 1)
        row.addSpacing(12)
        row.addWidget(status_label)
        row.addWidget(self.status)
        row.addSpacing(12)
        row.addWidget(self.has_target)
        row.addWidget(self.target)
        row.addSpacing(12)
        weight_label = QLabel("&Weight")
        weight_label.setBuddy(self.weight)
        row.addWidget(weight_label)
        row.addWidget(self.weight)
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
        return grid

    def _build_smart(self) -> QGroupBox:
        box = QGroupBox("SMART")
        lay = QVBoxLayout(box)
        self.smart: dict[str, AutoHeightEdit] = {}
        for key, name, hint in SMART:
            head = QHBoxLayout()
            label = QLabel(name)
            bold = QFont(label.font())
            bold.setBold(True)
            label.setFont(bold)
            edit = AutoHeightEdit(lines=2, most=8)
            edit.setAccessibleName(name.replace("&", ""))
            edit.setToolTip(hint)
            edit.textChanged.connect(partial(self._smart_changed, key))
            label.setBuddy(edit)
            head.addWidget(label)
            head.addWidget(muted(QLabel(hint)), 1)
            lay.addLayout(head)
            lay.addWidget(edit)
            self.smart[key] = edit
        return box

    def _build_values(self) -> QGroupBox:
        box = QGroupBox("Linked values")
        lay = QVBoxLayout(box)
        self.values_model = ValueLinkModel(self)
        self.values_model.links_changed.connect(self._links_changed)
        self.values_view = QListView()
        self.values_view.setModel(self.values_model)
        self.values_view.setAccessibleName("Values this goal expresses")
        self.values_view.setToolTip("Tick the coachee's values this goal expresses (Space)")
        label = muted(QLabel("Which of the learner's &values does this goal "
                             "express? Space ticks one."))
        label.setBuddy(self.values_view)
        lay.addWidget(label)
        lay.addWidget(self.values_view)
        self.values_empty = muted(QLabel("No values yet: add them in the Values tab."))
        lay.addWidget(self.values_empty)
        return box

    def _build_ladder(self) -> QGroupBox:
        box = QGroupBox("Goal Attainment Scaling &ladder")
        lay = QVBoxLayout(box)
        self.ladder = GasLadder()
        self.ladder.text_edited.connect(lambda: self._edited("ladder", self.ladder.texts()))
        self.ladder.baseline_chosen.connect(self._baseline_chosen)
        self.ladder.attained_chosen.connect(self._attained_chosen)
        self.ladder_error = error_label()
        lay.addWidget(self.ladder)
        lay.addWidget(self.ladder_error)
        return box

    def _build_milestones(self) -> QGroupBox:
        box = QGroupBox("Milestones")
        lay = QVBoxLayout(box)
        self.milestones = MilestoneModel(self)
        self.milestones.edit_requested.connect(self._milestone_edit)
        self.milestone_view = table_view(self.milestones, "Milestones")
        self.milestone_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                            | QAbstractItemView.EditTrigger.EditKeyPressed)
        lay.addWidget(self.milestone_view)
        add = QHBoxLayout()
        self.new_milestone = QLineEdit()
        self.new_milestone.setPlaceholderText("New milestone — Enter adds it")
        self.new_milestone.setAccessibleName("New milestone title")
        self.new_milestone.returnPressed.connect(self.add_milestone)
        self.new_due = QLineEdit()
        self.new_due.setPlaceholderText("Due YYYY-MM-DD")
        self.new_due.setAccessibleName("New milestone due date")
        self.new_due.setMaximumWidth(130)
        self.new_due.returnPressed.connect(self.add_milestone)
        label = QLabel("N&ew")
        label.setBuddy(self.new_milestone)
        self.add_milestone_button = QPushButton("Add")
        self.add_milestone_button.clicked.connect(self.add_milestone)
        add.addWidget(label)
        add.addWidget(self.new_milestone, 1)
        add.addWidget(self.new_due)
        add.addWidget(self.add_milestone_button)
        lay.addLayout(add)
        buttons = QHBoxLayout()
        # Keys act only while the milestones table has focus (Ctrl+Up elsewhere scrolls text).
        self.up_button = self._milestone_button("Move up", "Ctrl+Up",
                                                lambda: self.move_milestone(-1))
        self.down_button = self._milestone_button("Move down", "Ctrl+Down",
                                                  lambda: self.move_milestone(1))
        self.remove_button = self._milestone_button("Remove", "Del", self.remove_milestone)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.milestone_error = error_label()
        lay.addWidget(self.milestone_error)
        return box

    def _milestone_button(self, text: str, keys: str, slot: Any) -> QPushButton:
        action = QAction(text, self.milestone_view)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.milestone_view.addAction(action)
        button = QPushButton(text)
        button.setToolTip(f"{text} the selected milestone ({action.shortcut().toString()} in "
                          "the table)")
        button.clicked.connect(slot)
        return button

    def _build_checkins(self) -> QGroupBox:
        box = QGroupBox("Check-ins")
        lay = QVBoxLayout(box)
        head = QHBoxLayout()
        label = QLabel("Check-in &history, newest first")
        self.checkins = CheckinModel(self)
        self.checkin_view = table_view(self.checkins, "Check-in history", CheckinModel.NOTE)
        self.checkin_view.activated.connect(self._checkin_activated)
        label.setBuddy(self.checkin_view)
        self.check_in_button = QPushButton("Chec&k in…")
        self.check_in_button.setToolTip("Record progress and a GAS level (Ctrl+Shift+K)")
        self.check_in_button.clicked.connect(self.open_check_in)
        head.addWidget(label, 1)
        head.addWidget(self.check_in_button)
        lay.addLayout(head)
        lay.addWidget(self.checkin_view)
        return box

    # -- public --------------------------------------------------------------------------
    @property
    def goal_id(self) -> int | None:
        return self._goal_id

    def set_goal(self, goal_id: int | None) -> None:
        if goal_id == self._goal_id:
            return
        self.flush()
        if self._errors:  # the coach moved on from a refused edit: say so where it shows
            self._state.error.emit(next(iter(self._errors.values())))
        self._goal_id = goal_id
        self._pending.clear()
        self._inflight.clear()
        self._errors.clear()
        self._close_dialog()
        self._show_goal(None)
        if goal_id is not None:
            self.reload()

    def edit_title(self, goal_id: int) -> None:
        """Put the cursor in the goal's title, all selected (now, or once it has loaded)."""
        self._title_on_load = goal_id
        if self._goal is not None and self._goal.id == goal_id:
            self._focus_title()

    def _focus_title(self) -> None:
        self._title_on_load = None
        self.title.setFocus()
        self.title.selectAll()

    def reload(self) -> None:
        if self._goal_id is not None:
            self._state.call(load_goal_detail, self._goal_id,
                             success=self._detail_loaded, failure=self._load_failed)

    def flush(self) -> None:
        """Save the edits not saved yet (debounce expired, focus left, lock, switch)."""
        self._timer.stop()
        if not self._pending or self._goal_id is None:
            return
        fields, self._pending = self._pending, {}
        self._save(self._goal_id, fields)

    def open_check_in(self) -> None:
        if self._goal is None:
            return
        self.flush()
        self._close_dialog()
        self.dialog = CheckInDialog(self._goal, self)
        self.dialog.submitted.connect(partial(self._submit_check_in, self._goal.id, self.dialog))
        self.dialog.open()

    def add_milestone(self) -> None:
        if self._goal_id is None:
            return
        title, due = self.new_milestone.text(), self.new_due.text().strip() or None

        def added(_changes: Changes) -> None:
            self.new_milestone.clear()
            self.new_due.clear()
            show_error(self.milestone_error, "")

        self._state.call(goals.add_milestone, self._goal_id, title, due, success=added,
                         failure=partial(self._failed, self.milestone_error))

    def move_milestone(self, step: int) -> None:
        row = self.milestone_view.currentIndex().row()
        if row < 0 or not 0 <= row + step < self.milestones.rowCount():
            return
        milestone_id = self.milestones.record(row).id
        self._state.call(goals.move_milestone, milestone_id, row + step,
                         success=lambda _c: self._select_milestone(milestone_id),
                         failure=partial(self._failed, self.milestone_error))

    def remove_milestone(self) -> None:
        row = self.milestone_view.currentIndex().row()
        if row < 0:
            return
        milestone = self.milestones.record(row)
        answer = QMessageBox.question(self, "Delete milestone",
                                      f"Delete the milestone «{milestone.title}»?")
        if answer == QMessageBox.StandardButton.Yes:
            self._state.call(goals.delete_milestone, milestone.id,
                             failure=partial(self._failed, self.milestone_error))

    # -- editing the goal's fields -------------------------------------------------------
    def _edited(self, field: str, value: Any, *, now: bool = False) -> None:
        if self._loading or self._goal_id is None:
            return
        self._pending[field] = value
        self._set_save_state("Saving…")
        if now:
            self.flush()
        else:
            self._timer.start()

    def _smart_changed(self, key: str) -> None:
        self._edited(key, self.smart[key].toPlainText())

    def _progress_changed(self, value: int) -> None:
        for widget in (self.progress_slider, self.progress_spin):
            if widget.value() != value:
                widget.blockSignals(True)
                widget.setValue(value)
                widget.blockSignals(False)
        self._edited("progress", value)

    def _target_toggled(self, on: bool) -> None:
        self.target.setEnabled(on)
        self._target_changed()

    def _target_changed(self) -> None:
        on = self.has_target.isChecked()
        self._edited("target_date",
                     self.target.date().toString(Qt.DateFormat.ISODate) if on else None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self._flush_on_focus_out:
            self.flush()
        return super().eventFilter(watched, event)

    def _save(self, goal_id: int, fields: dict[str, Any]) -> None:
        self._inflight |= set(fields)
        self._state.call(goals.update, goal_id, success=partial(self._saved, goal_id, fields),
                         failure=partial(self._save_failed, goal_id, fields), **fields)

    def _saved(self, goal_id: int, fields: dict[str, Any], _changes: Changes) -> None:
        if goal_id != self._goal_id:
            return
        self._inflight -= set(fields)
        for field in fields:
            self._errors.pop(field, None)
        self._show_errors()

    def _save_failed(self, goal_id: int, fields: dict[str, Any], exc: BaseException) -> None:
        if goal_id != self._goal_id:  # the coach has moved to another goal meanwhile
            if isinstance(exc, WorkbookError):
                self._state.error.emit(exc.sentence)
            else:
                self._state.runner.failed.emit(exc)
            return
        self._inflight -= set(fields)
        if isinstance(exc, InvalidInput) and len(fields) > 1:
            # Save what is valid; only the refused field keeps its sentence (and its text).
            for field, value in fields.items():
                self._save(goal_id, {field: value})
            return
        if isinstance(exc, WorkbookError):
            for field in fields:
                self._errors[field] = exc.sentence
            self._show_errors()
        else:
            self._state.runner.failed.emit(exc)

    def _show_errors(self) -> None:
        ladder = self._errors.get("ladder", "")
        other = next((s for f, s in self._errors.items() if f != "ladder"), "")
        show_error(self.ladder_error, ladder)
        show_error(self.error, other)
        if self._errors:
            self._set_save_state("Not saved")
        elif self._pending or self._inflight:
            self._set_save_state("Saving…")
        else:
            self._set_save_state("Saved")

    def _set_save_state(self, text: str) -> None:
        self.save_label.setText(text)

    # -- immediate saves -----------------------------------------------------------------
    def _links_changed(self, value_ids: list[int]) -> None:
        if self._goal_id is not None and not self._loading:
            self._state.call(goals.set_values, self._goal_id, value_ids)

    def _baseline_chosen(self, level: int | None) -> None:
        self._edited("gas_baseline", level, now=True)

    def _attained_chosen(self, level: int | None) -> None:
        if self._goal_id is not None:
            self._state.call(goals.record_attainment, self._goal_id, level,
                             failure=partial(self._failed, self.ladder_error))

    def _milestone_edit(self, milestone_id: int, fields: dict[str, Any]) -> None:
        def done(_changes: Changes) -> None:
            show_error(self.milestone_error, "")

        self._state.call(goals.update_milestone, milestone_id, success=done,
                         failure=partial(self._failed, self.milestone_error), **fields)

    def _submit_check_in(self, goal_id: int, dialog: CheckInDialog, fields: dict) -> None:
        def done(_changes: Changes) -> None:
            dialog.accept()
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        def refused(exc: BaseException) -> None:
            if isinstance(exc, WorkbookError):
                dialog.show_error(exc.sentence)
            else:
                self._state.runner.failed.emit(exc)

        self._state.call(goals.check_in, goal_id, success=done, failure=refused, **fields)

    def _failed(self, where: QLabel, exc: BaseException) -> None:
        if isinstance(exc, WorkbookError):
            show_error(where, exc.sentence)
        else:
            self._state.runner.failed.emit(exc)

    # -- showing -------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if self._goal_id is not None and any(changes.touches(k) for k in _REFRESH_KINDS):
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            self.set_goal(None)
        else:
            self._failed(self.error, exc)

    def _detail_loaded(self, detail: GoalDetail) -> None:
        if detail.goal.id == self._goal_id:
            self._show_goal(detail)

    def _show_goal(self, detail: GoalDetail | None) -> None:
        """Fill the form from the workbook; fields being typed in (pending, saving or
        refused) keep what the coach typed."""
        goal = detail.goal if detail else None
        self._goal = goal
        self.placeholder.setVisible(goal is None)
        self.scroll.setVisible(goal is not None)
        self.check_in_action.setEnabled(goal is not None)
        keep = set(self._pending) | self._inflight | set(self._errors)
        self._loading = True
        try:
            self._fill_domains(detail)
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
            if "target_date" not in keep:
                target = goal.target_date if goal else None
                self.has_target.setChecked(target is not None)
                self.target.setEnabled(target is not None)
                if target:
                    self.target.setDate(QDate.fromString(target, Qt.DateFormat.ISODate))
            if "weight" not in keep:
                self.weight.setValue(goal.weight if goal else 1.0)
            for key, edit in self.smart.items():
                text = getattr(goal, key) if goal else ""
                if key not in keep and edit.toPlainText() != text:
                    edit.setPlainText(text)
            self.ladder.set_texts(goal.ladder if goal else {}, keep="ladder" in keep)
            if "gas_baseline" not in keep:
                self.ladder.set_baseline(goal.gas_baseline if goal else None)
            self.ladder.set_attained(goal.gas_attained if goal else None)
            self.ladder.set_summary(detail.gas if detail else None)
            if detail:
                self.values_model.load(detail.values, detail.goal.value_ids)
                self.milestones.load(detail.milestones)
                self.checkins.set_checkins(detail.checkins, detail.session_labels)
            else:
                self.values_model.clear()
                self.milestones.clear()
                self.checkins.clear()
            self._fit_lists()
            self.values_empty.setVisible(detail is not None and not detail.values)
        finally:
            self._loading = False
        if goal is None:
            for label in (self.error, self.ladder_error, self.milestone_error):
                show_error(label, "")
            self.new_milestone.clear()
            self.new_due.clear()
            self._set_save_state("")
        else:
            self._show_errors()
        if goal is not None and self._title_on_load == goal.id:
            self._focus_title()

    def _fit_lists(self) -> None:
        fit_rows(self.milestone_view, self.milestones.rowCount() + 1)
        fit_rows(self.checkin_view, self.checkins.rowCount())
        rows = max(2, min(8, self.values_model.rowCount()))
        self.values_view.setFixedHeight(rows * self.values_view.sizeHintForRow(0)
                                        + 2 * self.values_view.frameWidth() + 4
                                        if self.values_model.rowCount() else 0)
        self.values_view.setVisible(self.values_model.rowCount() > 0)

    def _fill_domains(self, detail: GoalDetail | None) -> None:
        wanted = [(d.name, d.key, d.description) for d in detail.domains] if detail else []
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

    def _select_milestone(self, milestone_id: int) -> None:
        row = self.milestones.row_of(milestone_id)
        if row >= 0:
            self.milestone_view.setCurrentIndex(self.milestones.index(row, 0))

    def _checkin_activated(self, index: Any) -> None:
        if index.column() == CheckinModel.SESSION:
            session_id = index.data(IdRole)
            if session_id:
                self.open_record.emit("session", int(session_id))

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.forget()
            self.dialog.reject()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_closed(self) -> None:
        self._timer.stop()
        self._pending.clear()
        self._goal_id = None
        self._inflight.clear()
        self._errors.clear()
        self._close_dialog()
        self._show_goal(None)
