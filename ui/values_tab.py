"""A coachee's values: ranked by drag and drop (or Ctrl+Up / Ctrl+Down), added from the values
list or typed, reflected on (saved as typed), and mapped to the goals that express them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.coachee_model import ID_ROLE, Index
from ui.state import WorkbookState
from workbook import trash, values
from workbook.changes import Changes
from workbook.errors import WorkbookError
from workbook.values import CatalogValue, CoacheeValue, ValuesGoalsMap

AUTOSAVE_MS = 800
KIND_ROLE = Qt.ItemDataRole.UserRole + 10


@dataclass(frozen=True)
class ValuesData:
    values: list[CoacheeValue]
    goals_map: ValuesGoalsMap


def load_values(db: Any, coachee_id: int) -> ValuesData:
    """Runs on the worker; touches no widget."""
    return ValuesData(values.list_values(db, coachee_id), values.values_goals_map(db, coachee_id))


class ValuesModel(QAbstractListModel):
    """A coachee's values, most important first. Internal drag and drop moves rows through
    `moveRows` (QListView's own internal-move path); each move announces the new order."""

    reordered = Signal(list)  # value ids in their new order

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[CoacheeValue] = []

    def set_values(self, items: list[CoacheeValue]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def ids(self) -> list[int]:
        return [v.id for v in self._items]

    def value(self, row: int) -> CoacheeValue:
        return self._items[row]

    def row_of(self, value_id: int) -> int | None:
        for i, v in enumerate(self._items):
            if v.id == value_id:
                return i
        return None

    def set_reflection(self, value_id: int, text: str) -> None:
        row = self.row_of(value_id)
        if row is not None:
            self._items[row] = replace(self._items[row], reflection=text)
            self.dataChanged.emit(self.index(row), self.index(row))

    # -- QAbstractListModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        v = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{index.row() + 1}. {v.name}"
        if role == Qt.ItemDataRole.EditRole:
            return v.name
        if role == ID_ROLE:
            return v.id
        if role == Qt.ItemDataRole.ToolTipRole:
            first = v.reflection.strip().splitlines()[0] if v.reflection.strip() else ""
            note = f"\n{first[:200]}" if first else "\nNo reflection yet."
            return f"{v.name} (rank {index.row() + 1}){note}\nDrag, or Ctrl+Up / Ctrl+Down, " \
                   "to change the order."
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drop between items, never onto one
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def moveRows(self, source_parent: Index, source_row: int, count: int,
                 destination_parent: Index, destination_child: int) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        last = source_row + count - 1
        if source_row < 0 or last >= len(self._items):
            return False
        if not 0 <= destination_child <= len(self._items):
            return False
        if source_row <= destination_child <= last + 1:
            return False  # onto itself: no move
        if not self.beginMoveRows(QModelIndex(), source_row, last, QModelIndex(),
                                  destination_child):
            return False
        moving = self._items[source_row:last + 1]
        rest = self._items[:source_row] + self._items[last + 1:]
        at = destination_child if destination_child < source_row else destination_child - count
        self._items = rest[:at] + moving + rest[at:]
        self.endMoveRows()
        # Rank numbers are part of the text: every row between the ends changed.
        self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))
        self.reordered.emit(self.ids())
        return True


class ValuesTab(QWidget):
    open_record = Signal(str, int)
    _KINDS = ("value", "goal", "trash", "catalog")

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.coachee_id: int | None = None
        self._generation = 0
        self._own_inflight = 0
        self._editing_id: int | None = None  # the value whose reflection is in the editor
        self._dirty = False
        self._loading_editor = False
        self._select_after_load: int | None = None
        self.model = ValuesModel(self)
        self.model.reordered.connect(self._save_order)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
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
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.list_label.setBuddy(self.view)

        self.up_action = self._list_action("Move &up", "Ctrl+Up", "Rank the value higher",
                                           lambda: self.move_current(-1))
        self.down_action = self._list_action("Move &down", "Ctrl+Down", "Rank the value lower",
                                             lambda: self.move_current(+1))
        self.remove_action = self._list_action(
            "&Remove value", QKeySequence(QKeySequence.StandardKey.Delete).toString(),
            "Move the value to the Trash (it can be restored)", self.remove_current)
        self.up_button = self._button(self.up_action)
        self.down_button = self._button(self.down_action)
        self.remove_button = self._button(self.remove_action)
        buttons = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.add_combo = QComboBox(self)
        self.add_combo.setEditable(True)
        self.add_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_combo.setAccessibleName("Value to add")
        self.add_combo.setToolTip("Pick from the values list (type to search) or type your own, "
                                  "then press Enter")
        self.add_combo.lineEdit().setPlaceholderText("Type to search the values list…")
        completer = QCompleter(self.add_combo.model(), self.add_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_combo.setCompleter(completer)
        self.add_combo.lineEdit().returnPressed.connect(self.add_value)
        self.add_label = QLabel("Add a va&lue:", self)
        self.add_label.setBuddy(self.add_combo)
        self.add_button = QPushButton("Add", self)
        self.add_button.setToolTip("Add the value (Enter in the box)")
        self.add_button.setAccessibleName("Add value")
        self.add_button.clicked.connect(self.add_value)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_label)
        add_row.addWidget(self.add_combo, 1)
        add_row.addWidget(self.add_button)
        self.add_error = QLabel(self)
        self.add_error.setWordWrap(True)
        self.add_error.setAccessibleName("Problem adding a value")
        self.add_error.hide()

        left = QWidget(self)
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        llay.addWidget(self.list_label)
        llay.addWidget(self.view, 1)
        llay.addLayout(buttons)
        llay.addLayout(add_row)
        llay.addWidget(self.add_error)

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

        map_box = QGroupBox("Values ↔ goals", self)
        self.map_summary = QLabel(map_box)
        self.map_summary.setWordWrap(True)
        self.map_summary.setAccessibleName("Values and goals summary")
        self.map_tree = QTreeWidget(map_box)
        self.map_tree.setHeaderHidden(True)
        self.map_tree.setAccessibleName("Values and the goals that express them")
        self.map_tree.setToolTip("Which goals express each value. Links are edited in the "
                                 "Goals tab; double-click a goal to open it.")
        self.map_tree.itemActivated.connect(self._map_activated)
        mlay = QVBoxLayout(map_box)
        mlay.addWidget(self.map_summary)
        mlay.addWidget(self.map_tree, 1)

        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(top)
        body.addWidget(map_box)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setChildrenCollapsible(False)
        self.body = body

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
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

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setToolTip(action.toolTip())
        button.setAccessibleName(action.text().replace("&", ""))
        button.clicked.connect(action.trigger)
        return button

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
            self.model.set_values([])
            self.map_tree.clear()
            self.map_summary.clear()
            self.add_combo.clearEditText()
            self.add_error.clear()
            self.add_error.hide()
            self.saved_label.clear()
            if not self._state.is_open:
                self.add_combo.clear()
            self._show_page(False)
            self._update_buttons()
            return
        self._show_page(True)
        self.reload()

    def reload(self) -> None:
        if self.coachee_id is None or not self._state.is_open:
            return
        generation = self._generation
        self._state.call(load_values, self.coachee_id,
                         success=lambda d: self._show(generation, d))

    def flush(self) -> None:
        """Save the reflection being typed now (debounce expired, focus left, or locking)."""
        self._timer.stop()
        if not self._dirty or self._editing_id is None:
            return
        self._dirty = False
        value_id, text = self._editing_id, self.reflection.toPlainText()
        self.model.set_reflection(value_id, text)
        self.saved_label.setText("Saving…")
        self._own_inflight += 1
        self._state.call(values.update, value_id, reflection=text,
                         success=lambda _c: self._own_done(saved=True),
                         failure=self._save_failed)

    def move_current(self, step: int) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            return
        target = row + step
        if not 0 <= target < self.model.rowCount():
            return
        self.model.moveRow(QModelIndex(), row, QModelIndex(), target + (1 if step > 0 else 0))
        self.view.setFocus()

    def add_value(self) -> None:
        name = self.add_combo.currentText().strip()
        if self.coachee_id is None or not name:
            return
        self.flush()
        self.add_error.hide()
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
        self._state.call(values.catalog, success=self._fill_catalog)

    def _fill_catalog(self, items: list[CatalogValue]) -> None:
        typed = self.add_combo.currentText()
        self.add_combo.blockSignals(True)
        self.add_combo.clear()
        for item in items:
            self.add_combo.addItem(item.name, item.id)
            if item.description:
                self.add_combo.setItemData(self.add_combo.count() - 1, item.description,
                                           Qt.ItemDataRole.ToolTipRole)
        self.add_combo.setCurrentIndex(-1)
        self.add_combo.setEditText(typed)
        self.add_combo.blockSignals(False)

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
        self._show_map(data.goals_map)
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))
        else:
            self._set_editor(None)
        self._update_buttons()

    def _show_map(self, m: ValuesGoalsMap) -> None:
        self.map_tree.clear()
        titles = {g.id: g.title for g in m.goals}
        by_value: dict[int, list[int]] = {}
        for value_id, goal_id in m.links:
            by_value.setdefault(value_id, []).append(goal_id)
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        bold = QFont(self.map_tree.font())
        bold.setBold(True)
        for rank, v in enumerate(m.values, start=1):
            goals = by_value.get(v.id, [])
            item = QTreeWidgetItem([f"{rank}. {v.name}"])
            item.setData(0, KIND_ROLE, ("value", v.id))
            if not goals:
                item.setText(0, f"{rank}. {v.name} — not yet expressed in any goal")
                item.setIcon(0, warn)
                item.setToolTip(0, f"{v.name} is not yet expressed in any goal")
            for goal_id in goals:
                child = QTreeWidgetItem([titles[goal_id]])
                child.setData(0, KIND_ROLE, ("goal", goal_id))
                child.setToolTip(0, f"Goal expressing {v.name}; double-click to open it")
                item.addChild(child)
            self.map_tree.addTopLevelItem(item)
            item.setExpanded(True)
        if m.goals_without_values:
            orphans = QTreeWidgetItem(["Goals linked to no value"])
            orphans.setIcon(0, warn)
            orphans.setFont(0, bold)
            orphans.setData(0, KIND_ROLE, ("heading", 0))
            for g in m.goals_without_values:
                child = QTreeWidgetItem([g.title])
                child.setData(0, KIND_ROLE, ("goal", g.id))
                child.setToolTip(0, "Linked to no value; link values in the Goals tab")
                orphans.addChild(child)
            self.map_tree.addTopLevelItem(orphans)
            orphans.setExpanded(True)
        parts = []
        if m.values_without_goals:
            names = ", ".join(v.name for v in m.values_without_goals)
            parts.append(f"⚠ Values not yet expressed in any goal: {names}.")
        if m.goals_without_values:
            titles_text = "; ".join(g.title for g in m.goals_without_values)
            parts.append(f"⚠ Goals linked to no value: {titles_text}.")
        if not m.values:
            parts.append("No values chosen yet.")
        elif not parts:
            parts.append("Every value is expressed in a goal, and every goal in a value.")
        self.map_summary.setText("\n".join(parts))

    def _set_editor(self, value: CoacheeValue | None) -> None:
        self._loading_editor = True
        self._editing_id = value.id if value else None
        self._dirty = False
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
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < n - 1)
        self.remove_button.setEnabled(row >= 0)
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
        self._dirty = True
        self.saved_label.setText("Editing…")
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.reflection and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def _own_done(self, *, saved: bool) -> None:
        self._own_inflight = max(0, self._own_inflight - 1)
        if saved and not self._dirty:
            self.saved_label.setText("Saved")

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
                         success=lambda _c: (self._own_done(saved=False), self.reload()),
                         failure=lambda exc: (self._save_failed(exc), self.reload()))
        self._update_buttons()

    def _added(self, change: Changes) -> None:
        self._select_after_load = change.id
        self.add_combo.setCurrentIndex(-1)
        self.add_combo.clearEditText()
        if self.model.row_of(change.id) is not None:
            self.view.setCurrentIndex(self.model.index(self.model.row_of(change.id) or 0))

    def _add_failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbookError):
            self.add_error.setText(exc.sentence)
            self.add_error.show()
            self.add_combo.setFocus()
        else:
            self._state.runner.failed.emit(exc)

    def _on_changed(self, change: Changes) -> None:
        if change.touches("catalog"):
            self._load_catalog()
        if self.coachee_id is None or change.kind == "section":
            return
        if not any(change.touches(k) for k in self._KINDS):
            return
        own_ids = set(self.model.ids())
        if change.kind == "value" and change.created is None and self._own_inflight \
                and set(change.ids) <= own_ids:
            return  # our own reflection or order: the editor already shows it
        self.reload()

    def _map_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        kind, record_id = item.data(0, KIND_ROLE) or ("", 0)
        if kind in ("goal", "value"):
            self.open_record.emit(kind, int(record_id))
