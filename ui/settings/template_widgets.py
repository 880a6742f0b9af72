"""Small widgets of the templates editor (and the settings dialog): buttons, an ordered list
with its move buttons, and the line that says why an edit was refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.palette import dim
from ui.settings.template_models import OrderedListModel


def ask(parent: QWidget, text: str, detail: str, action: str,
        on_yes: Callable[[], None]) -> QMessageBox:
    """A confirmation that does not block (no nested event loop): `on_yes` on the button."""
    box = QMessageBox(QMessageBox.Icon.Question, "Coach Workbook", text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(detail)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: on_yes() if box.clickedButton() is yes else None)
    box.open()
    return box


def push_button(text: str, tip: str, slot: Any = None) -> QPushButton:
    """A button whose tooltip names its shortcut and whose accessible name is the action."""
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    if slot is not None:
        button.clicked.connect(lambda _checked=False: slot())
    return button


def buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def dim_label(text: str = "") -> QLabel:
    """A word-wrapped secondary line (see `dim`)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return dim(label, 0.32)


def text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    """A few lines of plain text where Tab moves on (descriptions, guidance)."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def select_all(edit: QLineEdit) -> None:
    """Focus a field with its text selected, ready to be typed over (a new record's name)."""
    edit.setFocus()
    edit.selectAll()


def show_text(widget: QLineEdit | QPlainTextEdit, text: str, same: bool) -> None:
    """Show stored text, unless the coach is typing in this very field."""
    if same and widget.hasFocus():
        return
    if isinstance(widget, QLineEdit):
        if widget.text() != text:
            widget.setText(text)
    elif widget.toPlainText() != text:
        widget.setPlainText(text)


def button_row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _move_button(text: str, arrow: Qt.ArrowType, tip: str, slot: Any) -> QToolButton:
    # an arrow the style draws in the palette's button text colour (greyed when disabled);
    # a standard pixmap icon vanishes when disabled on a dark palette
    button = QToolButton()
    button.setText(text)
    button.setArrowType(arrow)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.clicked.connect(lambda _checked=False: slot())
    return button


class OrderedList(QWidget):
    """A list over an `OrderedListModel`, reordered by drag and drop, by the arrow buttons at
    its side or by Alt+Up / Alt+Down in the list. Long rows are elided (the tooltip has the
    whole text), never scrolled sideways."""

    def __init__(self, name: str, noun: str, model: OrderedListModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = QListView()
        self.view.setModel(model)
        self.view.setAccessibleName(name)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        # A padlock the size of the text: a small font (9 pt DejaVu is 14 px high) would
        # otherwise make private rows taller than the rest.
        icon = min(self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize),
                   self.view.fontMetrics().height())
        self.view.setIconSize(QSize(icon, icon))
        self.up_button = _move_button("Up", Qt.ArrowType.UpArrow,
                                      f"Move the {noun} up (Alt+Up)",
                                      lambda: self.move_current(-1))
        self.down_button = _move_button("Down", Qt.ArrowType.DownArrow,
                                        f"Move the {noun} down (Alt+Down)",
                                        lambda: self.move_current(1))
        for key, delta in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda d=delta: self.move_current(d))
        arrows = QVBoxLayout()
        arrows.setContentsMargins(0, 0, 0, 0)
        arrows.addWidget(self.up_button)
        arrows.addWidget(self.down_button)
        arrows.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(arrows)
        self.view.selectionModel().currentChanged.connect(self.update_buttons)
        for signal in (model.rowsMoved, model.modelReset, model.rowsInserted,
                       model.rowsRemoved):
            signal.connect(self.update_buttons)
        self.update_buttons()

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def set_current(self, row: int) -> None:
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self.view.selectionModel().clearCurrentIndex()
        self.update_buttons()

    def move_current(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.move(row, row + delta)
            self.update_buttons()

    def update_buttons(self, *_: Any) -> None:
        row = self.current_row()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)


class ProblemLabel(QLabel):
    """The sentence of a refused edit, in a warning colour that suits light and dark palettes;
    hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Problem")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#ffb74d") if dark
                         else QColor("#b00020"))
        self.setPalette(palette)
        self.hide()

    def say(self, sentence: str) -> None:
        self.setText(sentence)
        self.setVisible(bool(sentence))
