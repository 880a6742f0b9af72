"""The editor of one goal: SMART fields, domain, status, progress, target date, weight, linked
values, milestones, check-ins and the GAS ladder. No Save button: edits save themselves
(debounced, and at once when a field loses focus), with a small "Saving…"/"Saved" indicator.

The parts live beside it: goal_fields (header, SMART, values), gas_ladder, goal_progress
(milestones, check-in history), goal_checkin (the dialog) and goal_autosave (the debounced
saving).
"""

from __future__ import annotations

from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.kit.on_view import LoadsOnView, OnViewLoad
from ui.kit.state import WorkbookState
from ui.portfolio.gas_ladder import GasLadder
from ui.portfolio.goal_autosave import GoalAutosave
from ui.portfolio.goal_checkin import CheckInDialog
from ui.portfolio.goal_fields import GoalHeader, SmartBox, ValuesBox
from ui.portfolio.goal_models import GoalDetail, load_goal_detail
from ui.portfolio.goal_progress import CheckinsBox, MilestonesBox
from ui.portfolio.goal_widgets import error_label, muted, show_error, show_failure
from workbook import goals
from workbook.changes import Changes
from workbook.errors import NotFound, WorkbookError
from workbook.goal_records import Goal

_REFRESH_KINDS = ("goal", "milestone", "checkin", "value", "trash", "settings", "catalog")


class GoalEditor(QWidget, LoadsOnView):
    open_record = Signal(str, int)  # (kind, id): a linked session was double-clicked

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._loader = OnViewLoad(self._load)
        self._detail: GoalDetail | None = None  # what the form shows
        self._goal: Goal | None = None
        self._form_held = False  # the goal before still fills the (disabled) form
        self._goal_id: int | None = None
        self._loading = False
        self._title_on_load: int | None = None
        self.dialog: CheckInDialog | None = None
        self._saver = GoalAutosave(state, self)
        self._saver.settled.connect(self._show_errors)
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
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        lay = QVBoxLayout(body)
        self.header = GoalHeader()
        self.header.edited.connect(self._edited)
        self.title = self.header.title  # the Goals tab puts the cursor here
        lay.addWidget(self.header)
        self.smart_box = SmartBox()
        self.smart_box.edited.connect(self._edited)
        self.values_box = ValuesBox()
        self.values_box.links_changed.connect(self._links_changed)
        self.milestones_box = MilestonesBox(self._state)
        # What the goal is (SMART) beside what it serves and its steps; then the ladder across
        # the full width, so each level's text reads on a line or two; then the history.
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.smart_box)
        right.addWidget(self.values_box)
        right.addWidget(self.milestones_box)
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        lay.addLayout(columns)
        lay.addWidget(self._build_ladder())
        self.checkins_box = CheckinsBox()
        self.checkins_box.open_record.connect(self.open_record)
        self.checkins_box.check_in_button.clicked.connect(self.open_check_in)
        lay.addWidget(self.checkins_box)
        smart = self.smart_box.edits.values()
        self._flush_on_focus_out = {self.title, self.header.weight, self.header.progress_spin,
                                    self.header.target, *smart, *self.ladder.edits.values()}
        for widget in self._flush_on_focus_out:
            widget.installEventFilter(self)
        # Reading order: the header row by row, SMART, values and milestones, the ladder row by
        # row (text, baseline, attained, from −2 up), then the check-ins.
        chain = [*self.header.inputs(), *smart, self.values_box.view,
                 *self.milestones_box.inputs(), *self.ladder.inputs(),
                 self.checkins_box.check_in_button, self.checkins_box.view]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

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

    # -- public --------------------------------------------------------------------------
    @property
    def goal_id(self) -> int | None:
        return self._goal_id

    def set_goal(self, goal_id: int | None, detail: GoalDetail | None = None, *,
                 hold_form: bool = False) -> None:
        """Open `goal_id`; `detail`, read with the goal list, spares a second call (it is
        never older than what the editor shows: the worker answers in order).

        `hold_form` (closing the goal while its tab's paint is held, between coachees):
        the form keeps its widgets and layout but takes no input until the next goal fills
        it, or `release_form` empties it. Emptying and refilling it cost a full layout of
        every field, and that layout came in waves, each one painted."""
        if detail is not None and detail.goal.id != goal_id:
            detail = None
        if goal_id == self._goal_id:
            if detail is not None and detail is not self._detail:
                self._show_goal(detail)
            elif goal_id is None and not hold_form:
                self.release_form()
            return
        self._saver.switch(goal_id)
        self._goal_id = goal_id
        self.milestones_box.set_goal(goal_id)
        self._close_dialog()
        if detail is not None:
            self._loader.forget()
            self._show_goal(detail)
            return
        if goal_id is None and hold_form and self._goal is not None:
            self._hold_form()
            return
        self._show_goal(None)
        if goal_id is not None:
            self.reload()

    @property
    def form_held(self) -> bool:
        return self._form_held

    def release_form(self) -> None:
        """Empty a held form (the next goal did not come): nothing of the goal before may
        stay on screen."""
        if self._form_held:
            self._show_goal(None)

    def _hold_form(self) -> None:
        self._goal = None
        self._detail = None
        self._form_held = True
        self.check_in_action.setEnabled(False)
        self.scroll.setEnabled(False)  # no key or click reaches the goal before

    def edit_title(self, goal_id: int) -> None:
        """Put the cursor in the goal's title, all selected (now, or once it has loaded)."""
        self._title_on_load = goal_id
        if self._goal is not None and self._goal.id == goal_id:
            self._focus_title()

    def _focus_title(self) -> None:
        self._title_on_load = None
        self.title.setFocus()
        self.title.selectAll()

    def _load(self) -> None:
        if self._goal_id is not None:
            self._state.call(load_goal_detail, self._goal_id,
                             success=self._detail_loaded, failure=self._load_failed)

    def flush(self) -> None:
        """Save the edits not saved yet (debounce expired, focus left, lock, switch)."""
        self._saver.flush()

    def open_check_in(self) -> None:
        if self._goal is None:
            return
        self.flush()
        self._close_dialog()
        self.dialog = CheckInDialog(self._goal, self)
        self.dialog.submitted.connect(partial(self._submit_check_in, self._goal.id, self.dialog))
        self.dialog.open()

    # -- editing -------------------------------------------------------------------------
    def _edited(self, field: str, value: Any, now: bool = False) -> None:
        if self._loading or self._goal_id is None:
            return
        self._set_save_state("Saving…")
        self._saver.edit(field, value, now=now)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still call a filter while Python tears the object down
        if event.type() == QEvent.Type.FocusOut and watched in getattr(
                self, "_flush_on_focus_out", ()):
            self.flush()
        return super().eventFilter(watched, event)

    def _show_errors(self) -> None:
        errors = self._saver.errors
        show_error(self.ladder_error, errors.get("ladder", ""))
        show_error(self.header.error, next((s for f, s in errors.items() if f != "ladder"), ""))
        self._set_save_state(self._saver.status())

    def _set_save_state(self, text: str) -> None:
        self.header.save_label.setText(text)

    def _links_changed(self, value_ids: list[int]) -> None:
        if self._goal_id is not None and not self._loading:
            self._state.call(goals.set_values, self._goal_id, value_ids)

    def _baseline_chosen(self, level: int | None) -> None:
        self._edited("gas_baseline", level, now=True)

    def _attained_chosen(self, level: int | None) -> None:
        if self._goal_id is not None:
            self._state.call(goals.record_attainment, self._goal_id, level,
                             failure=partial(show_failure, self._state, self.ladder_error))

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

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.forget()
            self.dialog.reject()
            self.dialog.deleteLater()
            self.dialog = None

    # -- showing -------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if self._goal_id is not None and any(changes.touches(k) for k in _REFRESH_KINDS):
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            self.set_goal(None)
        else:
            show_failure(self._state, self.header.error, exc)

    def _detail_loaded(self, detail: GoalDetail) -> None:
        if detail.goal.id == self._goal_id:
            self._show_goal(detail)

    def _show_goal(self, detail: GoalDetail | None) -> None:
        """Fill the form from the workbook; fields being typed in (pending, saving or
        refused) keep what the coach typed."""
        goal = detail.goal if detail else None
        self._goal = goal
        self._detail = detail
        if self._form_held:
            self._form_held = False
            self.scroll.setEnabled(True)
        self.placeholder.setVisible(goal is None)
        self.scroll.setVisible(goal is not None)
        self.check_in_action.setEnabled(goal is not None)
        keep = self._saver.busy()
        self._loading = True
        try:
            self.header.show_goal(goal, detail.domains if detail else [], keep)
            self.smart_box.show_goal(goal, keep)
            self.ladder.set_texts(goal.ladder if goal else {}, keep="ladder" in keep)
            if "gas_baseline" not in keep:
                self.ladder.set_baseline(goal.gas_baseline if goal else None)
            self.ladder.set_attained(goal.gas_attained if goal else None)
            self.ladder.set_summary(detail.gas if detail else None)
            if detail:
                self.values_box.load(detail.values, detail.goal.value_ids)
                self.milestones_box.load(detail.milestones)
                self.checkins_box.load(detail.checkins, detail.session_labels)
            else:
                self.values_box.load(None, [])
                self.milestones_box.clear()
                self.checkins_box.clear()
        finally:
            self._loading = False
        if goal is None:
            for label in (self.header.error, self.ladder_error):
                show_error(label, "")
            self._set_save_state("")
        else:
            self._show_errors()
        if goal is not None and self._title_on_load == goal.id:
            self._focus_title()

    def _on_closed(self) -> None:
        self._saver.forget()
        self._loader.forget()
        self._goal_id = None
        self.milestones_box.set_goal(None)
        self._close_dialog()
        self._show_goal(None)
