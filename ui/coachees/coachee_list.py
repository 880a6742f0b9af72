"""The coachee list: filter by text, status and level; add, edit, archive, move to the trash.

Shortcuts: Ctrl+Shift+F focuses the filter (Ctrl+F is the global search), Ctrl+Shift+C adds a
coachee; with the list focused, F2 or Enter edits and Delete moves to the trash (after asking).
The table itself, its column widths and what gives way in a narrow pane, is `coachee_view`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.coachees.coachee_dialog import CoacheeDialog
from ui.coachees.coachee_filter import ALL, CURRENT, CoacheeFilter
from ui.coachees.coachee_model import CoacheeModel
from ui.coachees.coachee_rows import ID_ROLE, NAME
from ui.coachees.coachee_view import CoacheeView
from ui.kit.state import WorkbookState
from workbook import coachees, trash
from workbook.wording import count

STATUS_CHOICES = (
    ("Not archived", CURRENT), ("Active", "active"), ("Paused", "paused"),
    ("Graduated", "graduated"), ("Archived", "archived"), ("All statuses", ALL),
)


class CoacheeList(QWidget):
    coachee_selected = Signal(object)  # int | None
    open_record = Signal(str, int)
    # About to take the keyboard or to select someone else: folded away, it must come back,
    # or the coach would filter a list she cannot see and lose her learner without a reason.
    wants_showing = Signal()

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 today: Callable[[], date] | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._current: int | None = None  # the coachee last announced (shown in the tabs)
        self._hidden: int | None = None  # the coachee a filter hid; chosen again when shown
        self._filtering = False
        self._pending_select: int | None = None
        self.model = CoacheeModel(state, self, today=today)
        self.proxy = CoacheeFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._build_actions()
        self.model.loaded.connect(self._on_loaded)
        self.model.modelReset.connect(self._update_count)
        for sig in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.layoutChanged,
                    self.proxy.modelReset, self.model.dataChanged):
            sig.connect(self._update_count)
        state.closed.connect(self._on_closed)
        self._update_count()
        self._update_actions()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by name, program, cohort, tag… (Ctrl+Shift+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter coachees")
        self.filter_edit.setToolTip("Filter coachees by name, email, program, cohort or tag, "
                                    "ignoring accents and case (Ctrl+Shift+F)")
        self.filter_edit.textChanged.connect(
            lambda text: self._refilter(lambda: self.proxy.set_text(text)))

        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName("Status filter")
        self.status_combo.setToolTip("Show coachees with this status (\u201cNot archived\u201d "
                                     "shows active, paused and graduated coachees)")
        for text, value in STATUS_CHOICES:
            self.status_combo.addItem(text, value)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self._refilter(
                lambda: self.proxy.set_status(self.status_combo.currentData())))

        self.level_combo = QComboBox(self)
        self.level_combo.setAccessibleName("Level filter")
        self.level_combo.setToolTip("Show coachees at this level")
        self.level_combo.addItem("All levels", None)
        for level in coachees.LEVELS:
            self.level_combo.addItem(level, level)
        self.level_combo.currentIndexChanged.connect(
            lambda _i: self._refilter(
                lambda: self.proxy.set_level(self.level_combo.currentData())))

        self.view = CoacheeView(self.proxy, self)
        self.view.doubleClicked.connect(lambda _i: self.edit_current())
        selection = self.view.selectionModel()
        selection.currentRowChanged.connect(self._on_selection)
        selection.selectionChanged.connect(self._on_selection)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Coachee count")
        self.count_label.setWordWrap(True)

        # Two rows: the list usually sits in a narrow pane, and the filter text needs room.
        filters = QHBoxLayout()
        filters.addWidget(self.status_combo, 1)
        filters.addWidget(self.level_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.setTabOrder(self.filter_edit, self.status_combo)
        self.setTabOrder(self.status_combo, self.level_combo)
        self.setTabOrder(self.level_combo, self.view)

    def _action(self, text: str, shortcuts: list[QKeySequence], tip: str,
                slot: Callable[[], None], widget: QWidget,
                context: Qt.ShortcutContext) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(shortcuts)
        action.setShortcutContext(context)
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        widget.addAction(action)
        return action

    def _build_actions(self) -> None:
        window = Qt.ShortcutContext.WindowShortcut
        on_list = Qt.ShortcutContext.WidgetShortcut
        self.add_action = self._action(
            "&New coachee…", [QKeySequence("Ctrl+Shift+C")], "Add a coachee",
            self.add_coachee, self, window)
        self.edit_action = self._action(
            "&Edit coachee…", [QKeySequence(Qt.Key.Key_F2), QKeySequence(Qt.Key.Key_Return),
                               QKeySequence(Qt.Key.Key_Enter)],
            "Edit the selected coachee's profile and agreement", self.edit_current,
            self.view, on_list)
        self.archive_action = self._action(
            "A&rchive coachee", [], "Archive the selected coachee (hidden from the current "
            "list, kept in the workbook)", self.toggle_archive, self.view, on_list)
        self.trash_action = self._action(
            "Move coachee to &Trash…", [QKeySequence(QKeySequence.StandardKey.Delete)],
            "Move the selected coachee to the Trash (can be restored)", self.trash_current,
            self.view, on_list)
        self.focus_filter_action = self._action(
            "&Filter coachees", [QKeySequence("Ctrl+Shift+F")], "Filter the coachee list",
            self.focus_filter, self, window)
        self.view.insertAction(self.edit_action, self.add_action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.view.fit_columns()  # the pane narrowed or widened: the columns follow

    # -- public --------------------------------------------------------------------------
    def current_coachee(self) -> int | None:
        """The coachee selected, and so visible, in the list: the one the tabs show and every
        coachee action acts on. None when no row is selected."""
        rows = self.view.selectionModel().selectedIndexes()
        return rows[0].data(ID_ROLE) if rows else None

    def select_coachee(self, coachee_id: int | None) -> None:
        """Select a coachee, widening the filters if they hide them."""
        self._hidden = None
        if coachee_id is None:
            self.view.selectionModel().clearSelection()
            self.view.setCurrentIndex(QModelIndex())
            return
        row = self.model.row_for(coachee_id)
        if row is None:
            self._pending_select = coachee_id  # not loaded yet (just added)
            return
        self._pending_select = None
        record = self.model.row_at(row)
        if not self.proxy.accepts(record):
            self.filter_edit.setText("")  # unlike clear(), leaves nothing to undo
            self.level_combo.setCurrentIndex(0)
            if not self.proxy.accepts(record):
                self.status_combo.setCurrentIndex(self.status_combo.findData(ALL))
        index = self.proxy.mapFromSource(self.model.index(row, NAME))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def focus_filter(self) -> None:
        self.wants_showing.emit()
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def add_coachee(self) -> None:
        if not self._state.is_open:
            return
        dialog = CoacheeDialog(self._state, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._select_added)
        dialog.open()
        self.last_dialog = dialog

    def _select_added(self, coachee_id: int) -> None:
        self.wants_showing.emit()
        self.select_coachee(coachee_id)

    def edit_current(self) -> None:
        selected = self.current_coachee()
        if selected is None or not self._state.is_open:
            return
        dialog = CoacheeDialog(self._state, selected, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def toggle_archive(self) -> None:
        """Archive the selected coachee, or make an archived one active again."""
        selected = self.current_coachee()
        record = self.model.record(selected) if selected is not None else None
        if record is None:
            return
        if record.coachee.status == "archived":
            self._state.call(coachees.update, record.id, status="active")
        else:
            self._state.call(coachees.archive, record.id)

    def trash_current(self) -> None:
        selected = self.current_coachee()
        record = self.model.record(selected) if selected is not None else None
        if record is None:
            return
        name = record.coachee.name
        answer = QMessageBox.question(
            self, "Move to Trash",
            f"Move {name} and all their sessions, goals and notes to the Trash?\n\n"
            "You can restore them from the Trash.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self._state.call(trash.trash, "coachee", record.id)

    # -- reacting ------------------------------------------------------------------------
    def _refilter(self, change: Callable[[], None]) -> None:
        """The tabs show only a coachee the list shows selected: a filter that hides her
        leaves nothing chosen (no pane shows her, no action reaches her unseen), and one
        that shows her again while nobody else was chosen selects her again."""
        self._filtering = True
        try:
            change()
        finally:
            self._filtering = False
        if self.current_coachee() is None:
            if self._current is not None:
                self._hidden = self._current
            wanted = self._proxy_index(self._hidden)
            if wanted.isValid():
                self.view.selectionModel().setCurrentIndex(
                    wanted, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
        self._on_selection()
        self._update_count()

    def _proxy_index(self, coachee_id: int | None) -> QModelIndex:
        row = self.model.row_for(coachee_id) if coachee_id is not None else None
        return self.proxy.mapFromSource(self.model.index(row, NAME)) if row is not None \
            else QModelIndex()

    def _on_selection(self, *_args: object) -> None:
        coachee_id = self.current_coachee()
        self._update_actions(coachee_id)
        if self._filtering:
            return
        if coachee_id is not None:
            self._hidden = None
        if coachee_id != self._current:
            self._current = coachee_id
            self.coachee_selected.emit(coachee_id)

    def _on_loaded(self) -> None:
        if self._pending_select is not None and self.model.row_for(self._pending_select) \
                is not None:
            self.select_coachee(self._pending_select)
        self._pending_select = None
        self._update_count()
        self._update_actions(self.current_coachee())

    def _on_closed(self) -> None:
        self._pending_select = None
        self._hidden = None
        self.filter_edit.setText("")  # unlike clear(), leaves nothing to undo
        if self._current is not None:
            self._current = None
            self.coachee_selected.emit(None)
        self._update_actions(None)

    def _update_actions(self, coachee_id: int | None = None) -> None:
        has = coachee_id is not None
        for action in (self.edit_action, self.archive_action, self.trash_action):
            action.setEnabled(has)
        record = self.model.record(coachee_id) if has else None
        archived = record is not None and record.coachee.status == "archived"
        self.archive_action.setText("Make &active again" if archived else "A&rchive coachee")
        self.add_action.setEnabled(self._state.is_open)

    def _update_count(self, *_args: object) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        visible = [self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                   for r in range(shown)]
        overdue = sum(1 for r in visible if r.markers.overdue)
        unseen = sum(1 for r in visible
                     if r.markers.not_seen_weeks is not None or r.markers.never_seen)
        if not self._state.is_open:
            self.count_label.setText("")
            return
        parts = [count(total, "coachee") if shown == total
                 else f"{shown} of {count(total, 'coachee')}"]
        if overdue:
            parts.append(f"{overdue} with overdue items")
        if unseen:
            parts.append(f"{unseen} not seen lately")
        self.count_label.setText(" · ".join(parts))


