"""The Sessions tab: one coachee's meetings, newest first, and the editor for the chosen one.

The list (ui.sessions.session_list) folds away with Ctrl+Shift+L or its arrow button, so the
notes can take the room during a meeting; a slim rail keeps the way back in view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOption,
    QStyleOptionToolButton,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.on_view import OnViewLoad
from ui.kit.state import WorkbookState
from ui.sessions.session_editor import SessionEditor
from ui.sessions.session_list import SessionItemDelegate, SessionListModel
from ui.sessions.session_parts import trash_icon
from workbook import trash
from workbook.changes import Changes

LIST_SHORTCUT = "Ctrl+Shift+L"



class RailButton(QToolButton):
    """A slim button reading "▸ Sessions" upwards: the folded list's way back."""

    GAP = 6

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        arrow = metrics.height()
        return QSize(metrics.height() + 2 * self.GAP,
                     metrics.horizontalAdvance(self.text()) + arrow + 3 * self.GAP)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        option.text = ""
        option.arrowType = Qt.ArrowType.NoArrow
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)
        side = self.fontMetrics().height()
        arrow = QStyleOption()
        arrow.initFrom(self)
        arrow.rect = QRect((self.width() - side) // 2, self.GAP, side, side)
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorArrowRight, arrow)
        painter.rotate(90)  # reads top to bottom, under the arrow
        painter.translate(side + 2 * self.GAP, -self.width())
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(QRect(0, 0, self.height() - side - 2 * self.GAP, self.width()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.text())
        painter.end()


class SessionsTab(QWidget):
    open_record = Signal(str, int)

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.coachee_id: int | None = None
        self._wanted: int | None = None  # a session to select once the list has it
        self._loader = OnViewLoad(self._load_list)
        self.model = SessionListModel(state, self)
        self.model.modelReset.connect(self._select_wanted)
        self.model.rowsInserted.connect(self._select_wanted)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(SessionItemDelegate(self.list))
        self.list.setAccessibleName("Sessions")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        # rows elide to the list's width; a sideways scroll bar would hide the status
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.editor = SessionEditor(state)
        self.editor.open_record.connect(self.open_record)
        self.editor.session_opened.connect(self._select_quietly)

        self.heading = QLabel("Sess&ions")
        self.heading.setBuddy(self.list)
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.new_button = QPushButton("New session…")
        self.new_button.setToolTip("Start a session with this coachee (Ctrl+N)")
        self.new_button.clicked.connect(self.editor.new_session_action.trigger)
        self.editor.new_session_action.enabledChanged.connect(self.new_button.setEnabled)
        self.new_button.setEnabled(self.editor.new_session_action.isEnabled())
        self.trash_button = QPushButton("Trash")
        self.trash_button.setIcon(trash_icon(self))
        self.trash_button.setAccessibleName("Move session to trash")
        self.trash_button.setToolTip("Move the chosen session to the trash (restorable)")
        self.trash_button.clicked.connect(self.trash_current)
        self.trash_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.trash_button)
        buttons.addStretch(1)

        # The list can fold away: during a meeting the notes need the room more than the list.
        self.toggle_list_action = QAction("Session &list", self)
        self.toggle_list_action.setCheckable(True)
        self.toggle_list_action.setChecked(True)
        self.toggle_list_action.setShortcut(QKeySequence(LIST_SHORTCUT))
        self.toggle_list_action.setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.toggle_list_action.setToolTip(f"Show or hide the session list ({LIST_SHORTCUT})")
        self.toggle_list_action.toggled.connect(self.set_list_shown)
        self.addAction(self.toggle_list_action)
        self.hide_list_button = self._fold_button(
            Qt.ArrowType.LeftArrow, "Hide the session list",
            f"Hide the session list to give the notes more room ({LIST_SHORTCUT})")
        self.show_list_button = RailButton()
        self.show_list_button.setText("Sessions")
        self.show_list_button.setAutoRaise(True)
        self.show_list_button.setAccessibleName("Show the session list")
        self.show_list_button.setToolTip(f"Show the session list ({LIST_SHORTCUT})")
        self.show_list_button.clicked.connect(self.toggle_list_action.toggle)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.hide_list_button)

        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(8, 8, 4, 8)
        side.addLayout(top)
        side.addWidget(self.list, 1)
        side.addLayout(buttons)
        self.rail = QWidget()  # what is left of the list when it is folded: a way back
        rail = QVBoxLayout(self.rail)
        rail.setContentsMargins(2, 6, 0, 6)
        rail.addWidget(self.show_list_button)
        rail.addStretch(1)
        self.rail.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([self._list_width(), 4 * self._list_width()])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.splitter, 1)
        QWidget.setTabOrder(self.list, self.new_button)
        QWidget.setTabOrder(self.new_button, self.trash_button)

        state.changed.connect(self._on_changed)
        state.closed.connect(self._on_closed)

    # -- public --------------------------------------------------------------------------
    def set_coachee(self, coachee_id: int | None) -> None:
        if coachee_id == self.coachee_id:
            return
        self.coachee_id = coachee_id
        self._wanted = None
        self.editor.set_coachee(coachee_id)
        self._loader.request()
        self.trash_button.setEnabled(False)

    def set_on_view(self, on_view: bool) -> None:
        """Off view, the list waits until the tab is shown again (`OnViewLoad`)."""
        self._loader.set_on_view(on_view)

    def open_session(self, session_id: int) -> None:
        """Show this session (and select it in the list once the list holds it)."""
        self._wanted = session_id
        self._select_wanted()
        self.editor.open_session(session_id)

    def current_session_id(self) -> int | None:
        return self.editor.session_id

    def list_shown(self) -> bool:
        return not self.side.isHidden()

    def set_list_shown(self, shown: bool) -> None:
        """Fold the session list away (the editor takes its room) or bring it back."""
        if self.toggle_list_action.isChecked() != shown:
            self.toggle_list_action.setChecked(shown)  # comes back here through toggled
            return
        focus = QApplication.focusWidget()
        leaving = not shown and focus is not None and self.side.isAncestorOf(focus)
        self.side.setVisible(shown)
        self.rail.setVisible(not shown)
        if leaving:
            self.show_list_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif shown and focus is self.show_list_button:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def trash_current(self) -> None:
        session_id = self.editor.session_id
        if session_id is None:
            return
        answer = QMessageBox.question(
            self, "Move to trash",
            "Move this session, its notes and its action items to the trash? "
            "You can restore it from Edit ▸ Trash.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.editor.autosaver.flush()
        self.state.call(trash.trash, "session", session_id)

    # -- behaviour -----------------------------------------------------------------------
    def _fold_button(self, arrow: Qt.ArrowType, name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setArrowType(arrow)  # drawn by the style: no glyph needed, follows the palette
        button.setAutoRaise(True)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.clicked.connect(self.toggle_list_action.toggle)
        return button

    def _list_width(self) -> int:
        """Room for a meeting's date and time in bold, and the buttons under the list."""
        bold = QFont(self.list.font())
        bold.setBold(True)
        date_width = QFontMetrics(bold).horizontalAdvance("Wed 30 Sep 2026, 19:00") + 16
        scroll_bar = self.list.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return max(date_width + scroll_bar + 2 * self.list.frameWidth() + 12,
                   self.side.minimumSizeHint().width())

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        session_id = self.model.session_id(current.row()) if current.isValid() else None
        self.trash_button.setEnabled(session_id is not None)
        if session_id is not None and session_id != self.editor.session_id:
            self._wanted = session_id
            self.editor.open_session(session_id)

    def _select_quietly(self, session_id: int) -> None:
        """Mark the row of the session the editor shows, without opening it again."""
        self._wanted = session_id
        self._select_wanted()
        self.trash_button.setEnabled(True)

    def _select_wanted(self, *_args: Any) -> None:
        if self._wanted is None:
            return
        row = self.model.row_of(self._wanted)
        if row < 0:
            if self.model.canFetchMore():
                self.model.fetchMore()  # an older session: read on until it is there
            return
        index = self.model.index(row, 0)
        selection = self.list.selectionModel()
        if selection.currentIndex() != index:
            selection.blockSignals(True)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            selection.blockSignals(False)
            self.list.viewport().update()
        self.list.scrollTo(index)

    def _on_changed(self, changes: Changes) -> None:
        if self.coachee_id is None:
            return
        if changes.touches("session") or changes.kind == "trash" or changes.touches("coachee"):
            self._loader.request()
        if changes.kind == "trash" and self.editor.session_id is None:
            self.trash_button.setEnabled(False)

    def _on_closed(self) -> None:
        self.coachee_id = None
        self._wanted = None
        self._loader.forget()
        self.model.clear()
        self.trash_button.setEnabled(False)

    def _load_list(self) -> None:
        # Another coachee's list is reset at once (never shown a moment longer); the same
        # coachee's is read again in place.
        if self.model.coachee_id != self.coachee_id:
            self.model.set_coachee(self.coachee_id)
        else:
            self.model.reload()
