"""The Goals tab of a coachee's portfolio: their goals in a sortable list (title, domain,
status, progress, target date, GAS level attained) above the editor of the selected goal."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.on_view import LoadsOnView, OnViewLoad
from ui.kit.state import WorkbookState
from ui.kit.wrap_check import WrapCheckBox
from ui.portfolio.goal_editor import GoalEditor
from ui.portfolio.goal_model_base import IdRole
from ui.portfolio.goal_models import (
    GoalDetail,
    GoalFilterProxy,
    GoalListModel,
    GoalRows,
    ProgressDelegate,
    load_goal_rows,
)
from ui.portfolio.goal_widgets import muted
from workbook import goals, trash
from workbook.changes import Changes
from workbook.wording import count

_REFRESH_KINDS = ("goal", "milestone", "checkin", "trash", "coachee", "catalog")
# How long a coachee switch may keep the tab's last frame on screen while the new coachee's
# goals load; the list is answered in a few milliseconds, so this is only ever reached when
# the worker is busy with something long (a backup, an export).
HOLD_PAINT_MS = 150


class GoalsTab(QWidget, LoadsOnView):
    open_record = Signal(str, int)  # (kind, id), e.g. ("session", 12) from a check-in

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._coachee_id: int | None = None
        self._want: int | None = None  # a goal to select once the list has loaded
        self._resume: tuple[int, int] | None = None  # (coachee, goal) open when locked
        self._loader = OnViewLoad(self._load)
        self._prefetched: GoalDetail | None = None  # read with the rows now being shown
        self._paint_hold = QTimer(self)
        self._paint_hold.setSingleShot(True)
        self._paint_hold.setInterval(HOLD_PAINT_MS)
        self._paint_hold.timeout.connect(self._hold_expired)
        self.model = GoalListModel(self)
        self.proxy = GoalFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.new_goal_action = QAction("&New goal", self)
        self.new_goal_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.new_goal_action.setToolTip("Start a new goal for this coachee (Ctrl+Shift+G)")
        self.new_goal_action.triggered.connect(self.new_goal)
        self.trash_goal_action = QAction("&Trash goal…", self)
        self.trash_goal_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.trash_goal_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.trash_goal_action.setToolTip("Move the selected goal to the trash (Delete in the "
                                          "list); it can be restored from the Trash")
        self.trash_goal_action.triggered.connect(self.trash_goal)
        self.addAction(self.new_goal_action)

        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = _button(self.new_goal_action)
        self.trash_button = _button(self.trash_goal_action)
        self.show_closed = WrapCheckBox("Sh&ow achieved, revised and dropped goals")
        self.show_closed.setChecked(True)
        self.show_closed.setAccessibleName("Show closed goals")
        self.show_closed.toggled.connect(self.proxy.set_show_closed)
        self.summary = muted(QLabel())
        self.summary.setWordWrap(False)
        bar.addWidget(self.new_button)
        bar.addWidget(self.trash_button)
        bar.addSpacing(12)
        bar.addWidget(self.show_closed)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        lay.addLayout(bar)

        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Goals")
        self.view.setToolTip("The coachee's goals; click a heading to sort")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        self.view.setItemDelegateForColumn(GoalListModel.PROGRESS, ProgressDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GoalListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GoalListModel.PROGRESS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(GoalListModel.PROGRESS, 120)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the order they were set
        self.view.setSortingEnabled(True)
        self.view.addAction(self.trash_goal_action)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda _i: self.editor.title.setFocus())

        self.editor = GoalEditor(state)
        self.editor.open_record.connect(self.open_record)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 600])
        self.empty = muted(QLabel("Choose a coachee to see their goals."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.empty)
        lay.addWidget(self.splitter, 1)
        QWidget.setTabOrder(self.new_button, self.trash_button)
        QWidget.setTabOrder(self.trash_button, self.show_closed)
        QWidget.setTabOrder(self.show_closed, self.view)
        QWidget.setTabOrder(self.view, self.editor.title)

        state.changed.connect(self._on_changed)
        state.opened.connect(self.reload)
        state.closed.connect(self._on_closed)
        self._show_rows(None)

    # -- public --------------------------------------------------------------------------
    @property
    def coachee_id(self) -> int | None:
        return self._coachee_id

    def set_coachee(self, coachee_id: int | None) -> None:
        if coachee_id == self._coachee_id:
            return
        if coachee_id is not None and self.isVisible() and self._state.is_open:
            self._hold_paint()
        self.editor.set_goal(None, hold_form=self._holding)
        self._coachee_id = coachee_id
        self._want = None
        if coachee_id is not None and self._resume and self._resume[0] == coachee_id:
            self._want = self._resume[1]  # back from a lock: the goal that was open
        if coachee_id is not None:
            self._resume = None
        self._show_rows(None)
        self.reload()

    @property
    def check_in_action(self) -> QAction:
        """Check in on the open goal (Ctrl+Shift+K)."""
        return self.editor.check_in_action

    def select_goal(self, goal_id: int) -> None:
        """Select a goal of the current coachee (now, or as soon as the list has loaded)."""
        self._want = goal_id
        self._select_wanted()

    def selected_goal_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def set_on_view(self, on_view: bool) -> None:
        super().set_on_view(on_view)
        self.editor.set_on_view(on_view)

    def _load(self) -> None:
        if self._coachee_id is not None and self._state.is_open:
            # No goal open yet (a switch): the first one's detail comes in the same call.
            self._state.call(load_goal_rows, self._coachee_id,
                             with_detail=self.editor.goal_id is None, wanted=self._want,
                             closed_shown=self.show_closed.isChecked(),
                             success=partial(self._rows_loaded, self._coachee_id))

    def new_goal(self) -> None:
        if self._coachee_id is None:
            return
        self.editor.flush()

        def added(changes: Changes) -> None:
            self.select_goal(changes.id)
            self.editor.edit_title(changes.id)
            if not self.isVisible():  # started from a menu on another tab: go and show it
                self.open_record.emit("goal", changes.id)

        self._state.call(goals.add, self._coachee_id, "New goal", success=added)

    def trash_goal(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        goal = self.model.record(self.proxy.mapToSource(index).row())
        answer = QMessageBox.question(
            self, "Move goal to the trash",
            f"Move the goal «{goal.title}» to the trash?\n\nIts milestones and check-ins go "
            "with it; you can restore it from the Trash.")
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.flush()
            self._want = self._neighbour(index.row())
            self._state.call(trash.trash, "goal", goal.id)

    # -- loading -------------------------------------------------------------------------
    def _rows_loaded(self, coachee_id: int, rows: GoalRows) -> None:
        if coachee_id == self._coachee_id:
            self._prefetched = rows.detail
            try:
                self._show_rows(rows)
            finally:
                self._prefetched = None
                self._release_paint()

    def _hold_paint(self) -> None:
        """Paint the next coachee's goals once, when they have landed: painting the emptied
        tab first cost a whole frame that delayed them, and hiding and re-showing the goal
        form cost a layout. Only pixels wait: the list is emptied at once and the form is
        held (disabled) until the next goal fills it, so nothing of the coachee before can
        be clicked or typed into meanwhile; if no goal fills it, it is emptied before the
        tab paints again."""
        if self.updatesEnabled():
            self.setUpdatesEnabled(False)
        self._paint_hold.start()

    @property
    def _holding(self) -> bool:
        return self._paint_hold.isActive()

    def _release_paint(self) -> None:
        self._paint_hold.stop()
        self.editor.release_form()  # no goal came to fill it: empty, never the goal before
        if not self.updatesEnabled():
            self.setUpdatesEnabled(True)  # and schedules a repaint of the whole tab

    def _hold_expired(self) -> None:
        # Painted now, not scheduled: a repaint scheduled while updates were off can be
        # dropped, and with nothing else changing, the coachee before would stay on screen.
        self._release_paint()
        self.repaint()

    def _show_rows(self, rows: GoalRows | None) -> None:
        keep = self.selected_goal_id()
        if rows is None:
            self.model.clear()
        else:
            self.model.set_domains(rows.domains)
            self.model.load(rows.goals)
        has_coachee = self._coachee_id is not None and rows is not None
        self.empty.setVisible(self._coachee_id is None)
        self.splitter.setVisible(self._coachee_id is not None)
        self.new_goal_action.setEnabled(self._coachee_id is not None)
        if rows is None:
            self.summary.clear()
        else:
            open_goals = sum(1 for g in rows.goals if not g.is_closed)
            self.summary.setText(f"{count(len(rows.goals), 'goal')}, {open_goals} open")
        if has_coachee:
            if self._want is None and keep is not None:
                self._want = keep
            if self._want is None or not self._select_wanted():
                self._select_row(0)
        self._update_actions()

    def _select_wanted(self) -> bool:
        if self._want is None:
            return False
        row = self.model.row_of(self._want)
        if row < 0:
            return False
        self._want = None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the filter: show everything again
            self.show_closed.setChecked(True)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._set_current(index)
        return True

    def _select_row(self, row: int) -> None:
        if self.proxy.rowCount() == 0:
            self.view.setCurrentIndex(QModelIndex())
            self.editor.set_goal(None)
            return
        self._set_current(self.proxy.index(min(row, self.proxy.rowCount() - 1), 0))

    def _set_current(self, index: QModelIndex) -> None:
        if index != self.view.currentIndex():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        self.editor.set_goal(index.data(IdRole), self._prefetched)

    def _neighbour(self, row: int) -> int | None:
        for other in (row + 1, row - 1):
            if 0 <= other < self.proxy.rowCount():
                return self.proxy.index(other, 0).data(IdRole)
        return None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.editor.set_goal(current.data(IdRole) if current.isValid() else None,
                             self._prefetched, hold_form=self._holding)
        self._update_actions()

    def _update_actions(self) -> None:
        self.trash_goal_action.setEnabled(self.view.currentIndex().isValid())

    def _on_changed(self, changes: Changes) -> None:
        if self._coachee_id is not None and any(changes.touches(k) for k in _REFRESH_KINDS):
            self.reload()

    def _on_closed(self) -> None:
        self._release_paint()
        # Only ids survive a lock (no names), so unlocking returns to the same goal.
        goal_id = self.selected_goal_id() or self._want
        self._want = goal_id
        if self._coachee_id is not None and goal_id is not None:
            self._resume = (self._coachee_id, goal_id)
        self.editor.set_goal(None)
        self.model.clear()
        self.summary.clear()
        self._update_actions()


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
    return button
