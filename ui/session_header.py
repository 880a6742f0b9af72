"""The top of the session editor: the meeting's title, who and which template, whether every
edit is saved, and when / how long / how / status.

The four fields flow onto a second line when the editor is narrow (a wide coachee list,
150 % scaling), so they never set a minimum width that squeezes or clips the notes below.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.action_button import action_button
from ui.action_items_model import ENGLISH
from ui.autosave import SaveStatus
from ui.dates import format_datetime
from ui.new_session_dialog import DATETIME_FORMAT, to_qdatetime
from ui.session_parts import plain_label
from workbook.sessions import MODALITIES, STATUSES, Session


class FlowLayout(QLayout):
    """Items left to right, wrapping to the next line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 16,
                 line_spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line when there is room."""
        width = sum(i.sizeHint().width() for i in self._items)
        width += self._spacing * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        area = rect.marginsRemoved(self.contentsMargins())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y = area.x(), y + line_height + self._line_spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        margins = self.contentsMargins()
        return y + line_height - rect.y() + margins.bottom()


class SessionHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title of this meeting (optional)")
        self.title.setAccessibleName("Session title")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.title.setFont(title_font)
        self.title.setFrame(False)
        self.subtitle = plain_label("")
        self.save_status = QLabel(SaveStatus.SAVED.value)
        self.save_status.setAccessibleName("Save status")
        self.save_status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.save_status.setWordWrap(True)
        self.when = QDateTimeEdit()
        self.when.setLocale(ENGLISH)
        self.when.setDisplayFormat(DATETIME_FORMAT)
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName("Meeting date and time")
        self.duration = QSpinBox()
        self.duration.setRange(0, 1440)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setAccessibleName("Duration in minutes")
        self.modality = QComboBox()
        for value in MODALITIES:
            self.modality.addItem(value.replace("-", " ").capitalize(), value)
        self.modality.setAccessibleName("Modality")
        self.status = QComboBox()
        for value in STATUSES:
            self.status.addItem(value.capitalize(), value)
        self.status.setAccessibleName("Session status")

        self.top = top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.save_status)
        fields = FlowLayout()
        for text, widget in (("&When", self.when), ("D&uration", self.duration),
                             ("&Modality", self.modality), ("S&tatus", self.status)):
            label = QLabel(text)
            label.setBuddy(widget)
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label)
            row.addWidget(widget)
            fields.addWidget(pair)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addLayout(fields)

    def add_buttons(self, buttons: list[tuple[str, QAction]]) -> None:
        """Short buttons for window actions (the summary's preview, print, export) after
        the save status; each follows its action's enabled state and tooltip."""
        for text, action in buttons:
            self.top.addWidget(action_button(text, action), 0, Qt.AlignmentFlag.AlignTop)

    def inputs(self) -> list[QWidget]:
        """The header's fields, in the order Tab visits them."""
        return [self.title, self.when, self.duration, self.modality, self.status]

    def fill(self, session: Session, coachee_name: str, idle: Callable[[str], bool]) -> None:
        """Show `session`, keeping each field whose edit is not saved yet (`idle` is False)."""
        for widget in self.inputs():
            widget.blockSignals(True)
        if idle("title") and self.title.text() != session.title:
            self.title.setText(session.title)
        if idle("scheduled_at"):
            self.when.setDateTime(to_qdatetime(session.scheduled_at))
        if idle("duration_min"):
            self.duration.setValue(session.duration_min)
        if idle("modality"):
            self.modality.setCurrentIndex(max(0, self.modality.findData(session.modality)))
        if idle("status"):
            self.status.setCurrentIndex(max(0, self.status.findData(session.status)))
        for widget in self.inputs():
            widget.blockSignals(False)
        template = session.template_name or "No template"
        self.subtitle.setText(f"{coachee_name} · {template} · "
                              f"{format_datetime(session.scheduled_at)}")
        self.title.setToolTip(session.title)

    def clear(self) -> None:
        for widget in self.inputs():
            widget.blockSignals(True)
        self.title.setText("")  # unlike clear(), leaves nothing to undo
        self.title.setToolTip("")
        self.subtitle.clear()
        for widget in self.inputs():
            widget.blockSignals(False)
        self.title.setModified(False)

    def show_status(self, status: SaveStatus, sentence: str) -> None:
        text = f"{status.value}: {sentence}" if sentence else status.value
        self.save_status.setText(text)
        self.save_status.setToolTip(text)
        palette = self.palette()
        if status is SaveStatus.FAILED:
            palette.setColor(QPalette.ColorRole.WindowText, palette.color(
                QPalette.ColorRole.Text))
        else:
            palette.setColor(QPalette.ColorRole.WindowText, palette.color(
                QPalette.ColorRole.PlaceholderText))
        self.save_status.setPalette(palette)
        font = QFont(self.save_status.font())
        font.setBold(status is SaveStatus.FAILED)
        self.save_status.setFont(font)
