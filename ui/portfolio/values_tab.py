"""A coachee's values: ranked by drag and drop (or Ctrl+Up / Ctrl+Down), added from the values
list or typed, reflected on (saved as typed), and mapped to the goals that express them."""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.coachees.coachee_rows import ID_ROLE
from ui.kit import autosave
from ui.kit.action_button import action_button
from ui.kit.on_view import LoadsOnView, OnViewLoad
from ui.kit.state import WorkbookState
from ui.portfolio.values_adder import ValueAdder
from ui.portfolio.values_map import ValuesMap
from ui.portfolio.values_model import ValuesData, ValuesModel, load_values
from workbook import trash, values
from workbook.changes import Changes
from workbook.errors import WorkbookError
from workbook.values import CoacheeValue


class ValuesTab(QWidget, LoadsOnView):
    open_record = Signal(str, int)
    _KINDS = ("value", "goal", "trash", "catalog")

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.coachee_id: int | None = None
        self._generation = 0
        self._own_inflight = 0
        self._editing_id: int | None = None  # the value whose reflection is in the editor
        self._loading_editor = False
        self._select_after_load: int | None = None
        self._loader = OnViewLoad(self._load)
        self.model = ValuesModel(self)
        self.model.reordered.connect(self._save_order)
        self._saver = autosave.shared(state)
        self._saver.saved.connect(self._reflection_saved)
        self._saver.failed.connect(self._reflection_failed)
        self._build()
        state.changed.connect(self._on_changed)
        state.closing.connect(self.flush)
        state.closed.connect(self._on_closed)
        state.opened.connect(self._load_catalog)
        if state.is_open:
            self._load_catalog()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.placeholder = QLabel("Choose a coachee from the list to see their values.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.list_label = QLabel("Values, most &important first:", self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Values, most important first")
        self.view.setToolTip("Drag a value to change its rank, or use Ctrl+Up / Ctrl+Down")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A long value wraps (never a sideways scroll bar) and re-wraps when the pane moves.
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.list_label.setBuddy(self.view)

        self.up_action = self._list_action("Move &up", "Ctrl+Up", "Rank the value higher",
                                           lambda: self.move_current(-1))
        self.down_action = self._list_action("Move &down", "Ctrl+Down", "Rank the value lower",
                                             lambda: self.move_current(+1))
        self.remove_action = self._list_action(
            "&Remove value", QKeySequence(QKeySequence.StandardKey.Delete).toString(),
            "Move the value to the Trash (it can be restored)", self.remove_current)
        self.up_button = action_button(self.up_action.text(), self.up_action)
        self.down_button = action_button(self.down_action.text(), self.down_action)
        self.remove_button = action_button(self.remove_action.text(), self.remove_action)
        buttons = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.adder = ValueAdder(self)
        self.adder.submitted.connect(self.add_value)
        self.add_combo, self.add_button = self.adder.combo, self.adder.button
        self.add_label, self.add_error = self.adder.label, self.adder.error

        left = QWidget(self)
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        llay.addWidget(self.list_label)
        llay.addWidget(self.view, 1)
        llay.addLayout(buttons)
        llay.addWidget(self.adder)

        self.reflection_label = QLabel("Reflecti&on:", self)
        self.reflection_label.setWordWrap(True)
        self.reflection = QPlainTextEdit(self)
        self.reflection.setAccessibleName("Reflection on the selected value")
        self.reflection.setPlaceholderText(
            "What does this value mean to them? When did they last act on it?")
        self.reflection.setTabChangesFocus(True)
        self.reflection.textChanged.connect(self._reflection_edited)
        self.reflection.installEventFilter(self)
        self.reflection_label.setBuddy(self.reflection)
        self.saved_label = QLabel(self)
        self.saved_label.setAccessibleName("Save state")
        self.saved_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        right = QWidget(self)
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.reflection_label)
        rlay.addWidget(self.reflection, 1)
        rlay.addWidget(self.saved_label)

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(left)
        top.addWidget(right)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setChildrenCollapsible(False)

        map_box = ValuesMap(self)
        map_box.open_record.connect(self.open_record)
        self.values_map = map_box
        self.map_summary = map_box.summary
        self.map_tree = map_box.tree

        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(top)
        body.addWidget(map_box)
        # A few values leave the list mostly empty: the map gets as much room.
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)
        body.setChildrenCollapsible(False)
        self.body = body

        outer = QVBoxLayout(self)  # the style's margins, as the other tabs
        outer.addWidget(self.placeholder)
        outer.addWidget(body, 1)
        self.setTabOrder(self.view, self.up_button)
        self.setTabOrder(self.up_button, self.down_button)
        self.setTabOrder(self.down_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.add_combo)
        self.setTabOrder(self.add_combo, self.add_button)
        self.setTabOrder(self.add_button, self.reflection)
        self.setTabOrder(self.reflection, self.map_tree)
        self._show_page(False)
        self._update_buttons()

    def _list_action(self, text: str, keys: str, tip: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})")
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def _show_page(self, on: bool) -> None:
        self.placeholder.setVisible(not on)
        self.body.setVisible(on)

    # -- public --------------------------------------------------------------------------
    def _on_closed(self) -> None:
        self.set_coachee(None)

    def set_coachee(self, coachee_id: int | None) -> None:
        if coachee_id == self.coachee_id and coachee_id is not None:
            return
        self.flush()
        self.coachee_id = coachee_id if self._state.is_open else None
        self._generation += 1
        self._select_after_load = None
        self._set_editor(None)
        if self.coachee_id is None:
            self._loader.forget()
            self.model.set_values([])
            self.values_map.clear()
            self.adder.reset(forget_catalog=not self._state.is_open)
            self.saved_label.clear()
            self._show_page(False)
            self._update_buttons()
            return
        if not self._loader.on_view:  # shown later: never with the previous coachee's
            self.model.set_values([])
            self.values_map.clear()
        self._show_page(True)
        self.reload()

    def _load(self) -> None:
        if self.coachee_id is None or not self._state.is_open:
            return
        generation = self._generation
        self._state.call(load_values, self.coachee_id,
                         success=lambda d: self._show(generation, d))

    def flush(self) -> None:
        """Save the reflection being typed now (focus left, another value, or locking)."""
        if self._editing_id is not None:
            key = _key(self._editing_id)
            if not self._saver.is_idle(key):
                self.saved_label.setText("Saving…")
            self._saver.flush(key)

    def move_current(self, step: int) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        target = row + step
        if not 0 <= target < self.model.rowCount():
            return
        self.model.moveRow(QModelIndex(), row, QModelIndex(), target + (1 if step > 0 else 0))
        self.view.setFocus()

    def add_value(self, name: str | None = None) -> None:
        name = (name if name is not None else self.add_combo.currentText()).strip()
        if self.coachee_id is None or not name:
            return
        self.flush()
        self.adder.show_error("")
        self._state.call(values.add, self.coachee_id, name,
                         success=self._added, failure=self._add_failed)

    def remove_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        value_id = int(index.data(ID_ROLE))
        if value_id == self._editing_id:
            self.flush()
        self._state.call(trash.trash, "value", value_id)

    # -- loading and showing ---------------------------------------------------------------
    def _load_catalog(self) -> None:
        self._state.call(values.catalog, success=self.adder.fill_catalog)

    def _show(self, generation: int, data: ValuesData) -> None:
        if generation != self._generation:
            return
        keep = self._select_after_load or self._editing_id
        self._select_after_load = None
        self.flush()
        self.model.set_values(data.values)
        if self._editing_id is not None:
            # The editor is the truth for the value being typed (its save may still be queued).
            self.model.set_reflection(self._editing_id, self.reflection.toPlainText())
        self.values_map.show_map(data.goals_map)
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))
        else:
            self._set_editor(None)
        self._update_buttons()

    def _set_editor(self, value: CoacheeValue | None) -> None:
        self._loading_editor = True
        self._editing_id = value.id if value else None
        self.reflection.setPlainText(value.reflection if value else "")
        self.reflection.setEnabled(value is not None)
        name = value.name.replace("&", "&&") if value else ""
        self.reflection_label.setText(f"Reflecti&on on «{name}»:" if value
                                      else "Reflecti&on:")
        self.saved_label.setText("Saves as you type" if value else "")
        self._loading_editor = False

    def _update_buttons(self) -> None:
        row = self.view.currentIndex().row()
        n = self.model.rowCount()
        self.up_action.setEnabled(row > 0)
        self.down_action.setEnabled(0 <= row < n - 1)
        self.remove_action.setEnabled(row >= 0)
        has = self.coachee_id is not None
        self.add_combo.setEnabled(has)
        self.add_button.setEnabled(has)

    # -- reacting ----------------------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        value = self.model.value(current.row()) if current.isValid() else None
        if value is None or value.id != self._editing_id:
            self.flush()
            self._set_editor(value)
        self._update_buttons()

    def _reflection_edited(self) -> None:
        if self._loading_editor or self._editing_id is None:
            return
        value_id, text = self._editing_id, self.reflection.toPlainText()

        def snapshot() -> autosave.Job:
            self.model.set_reflection(value_id, text)
            return partial(values.update, value_id=value_id, reflection=text)

        self.saved_label.setText("Editing…")
        self._saver.schedule(_key(value_id), snapshot)

    def _reflection_saved(self, key: Hashable) -> None:
        if self._editing_id is not None and key == _key(self._editing_id) \
                and self._saver.is_idle(key):
            self.saved_label.setText("Saved")

    def _reflection_failed(self, key: Hashable, sentence: str) -> None:
        if isinstance(key, tuple) and key[:1] == ("value reflection",):
            self.saved_label.setText(f"Not saved: {sentence}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still call a filter while Python tears the object down
        if watched is getattr(self, "reflection", None) and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def _own_done(self) -> None:
        self._own_inflight = max(0, self._own_inflight - 1)

    def _save_failed(self, exc: BaseException) -> None:
        self._own_inflight = max(0, self._own_inflight - 1)
        if isinstance(exc, WorkbookError):
            self.saved_label.setText(f"Not saved: {exc.sentence}")
        else:
            self.saved_label.setText("Not saved.")
            self._state.runner.failed.emit(exc)

    def _save_order(self, ids: list[int]) -> None:
        if self.coachee_id is None:
            return
        self._own_inflight += 1
        self._state.call(values.reorder, self.coachee_id, ids,
                         success=lambda _c: (self._own_done(), self.reload()),
                         failure=lambda exc: (self._save_failed(exc), self.reload()))
        self._update_buttons()

    def _added(self, change: Changes) -> None:
        self._select_after_load = change.id
        self.adder.added()
        row = self.model.row_of(change.id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))

    def _add_failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbookError):
            self.adder.show_error(exc.sentence)
            self.add_combo.setFocus()
        else:
            self._state.runner.failed.emit(exc)

    def _on_changed(self, change: Changes) -> None:
        if change.touches("catalog"):
            self._load_catalog()
        if self.coachee_id is None or change.kind == "section" or self._saver.own.owns(change):
            return
        if not any(change.touches(k) for k in self._KINDS):
            return
        own_ids = set(self.model.ids())
        if change.kind == "value" and change.created is None and self._own_inflight \
                and set(change.ids) <= own_ids:
            return  # our own reflection or order: the editor already shows it
        self.reload()


def _key(value_id: int) -> tuple[str, int]:
    return ("value reflection", value_id)
