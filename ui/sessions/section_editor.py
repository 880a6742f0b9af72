"""One section of a session's notes: heading, text, and whether the learner will see it.

Shared sections go on the summary the learner receives; private ones never do, so they
look different at a glance: a tinted background mixed from the palette (dark palettes
work too), a padlock and the words "Private — never printed or shared". The padlock is drawn,
not a character: many machines have no emoji font and would show an empty box.

The "Private" box takes no keyboard focus, and unticking it only asks (`share_requested`):
the session editor confirms with the coach before a section is shared (ui.sessions.section_sharing).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.kit.autosave import Autosaver
from ui.kit.palette import mix
from workbook import notes
from workbook.notes import Section

PRIVATE_HUE = QColor(214, 140, 30)  # amber: "careful", without the alarm of red
PRIVATE_LABEL = "Private — never printed or shared"
SHARED_LABEL = "Shared — appears on the session summary"
MIN_LINES, MAX_LINES = 3, 20


def draw_lock(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A padlock filling the square `box`, in `colour`."""
    s, x, y = box.height(), box.x(), box.y()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.2, s * 0.11))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath()
    shackle.moveTo(x + s * 0.32, y + s * 0.48)
    shackle.lineTo(x + s * 0.32, y + s * 0.3)
    shackle.arcTo(QRectF(x + s * 0.32, y + s * 0.1, s * 0.36, s * 0.4), 180, -180)
    shackle.lineTo(x + s * 0.68, y + s * 0.48)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(x + s * 0.2, y + s * 0.45, s * 0.6, s * 0.45),
                            s * 0.08, s * 0.08)
    painter.restore()


class LockGlyph(QWidget):
    """A padlock one line of text high, in the WindowText colour of its palette.

    Drawn rather than typed: without an emoji font "🔒" shows as an empty box.
    """

    def sizeHint(self) -> QSize:
        side = self.fontMetrics().height()
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        side = float(min(self.width(), self.height()))
        painter = QPainter(self)
        draw_lock(painter, QRectF(0, 0, side, side),
                  self.palette().color(QPalette.ColorRole.WindowText))
        painter.end()


def prompt_line(prompt: str) -> str:
    return f"**Q:** {prompt}\n"


class PrivateBox(QCheckBox):
    """"Private": ticking it makes a section private at once; unticking it only asks
    (`share_requested`), since sharing puts the notes on paper for the learner.

    It takes no keyboard focus, so no Tab and Space can reach it from the notes; the keyboard
    way to share is the Session menu (or the notes' context menu), which asks too.
    """

    share_requested = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def nextCheckState(self) -> None:
        if self.isChecked():
            self.share_requested.emit()  # stays ticked until the coach confirms
            return
        super().nextCheckState()


class NotesEdit(QPlainTextEdit):
    """A plain-text editor that grows with its text, so the page scrolls, not each box.

    Growing moves the caret down the page, past the bottom of the view while the coach keeps
    typing; the page is scrolled along so the line being written stays in sight.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as in a form; the notes are plain text
        self.extra_actions: list[QAction] = []  # the section's own, after the editing ones
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.fit_height)
        self.document().contentsChanged.connect(self._fit.start)
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(0)
        self._reveal.timeout.connect(self.reveal_cursor)
        self.cursorPositionChanged.connect(self._reveal.start)
        self.fit_height()

    def fit_height(self) -> None:
        doc = self.document()
        lines = max(doc.lineCount(), doc.blockCount())
        lines = min(max(lines, MIN_LINES), MAX_LINES)
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing() + 2 * int(doc.documentMargin())
                  + margins.top() + margins.bottom() + 4)
        if height != self.height():
            self.setFixedHeight(height)
            self._reveal.start()  # after the page has been laid out again

    def reveal_cursor(self) -> None:
        """Scroll the page that holds this box so the caret's line shows (when typing here)."""
        if not self.hasFocus():
            return
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is None or area.widget() is None:
            return
        caret = self.cursorRect()
        centre = self.viewport().mapTo(area.widget(), caret.center())
        area.ensureVisible(centre.x(), centre.y(), 0, caret.height())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit.start()  # wrapping changed

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # also from the keyboard (Menu key, Shift+F10): how to share or unshare from the notes
        menu = self.createStandardContextMenu()
        if self.extra_actions:
            menu.addSeparator()
            menu.addActions(self.extra_actions)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())


class SectionEditor(QFrame):
    activated = Signal(object)  # this editor, when its text gets the focus
    share_requested = Signal(object)  # this editor: the coach asked to share it (confirm!)
    privacy_changed = Signal(object)  # this editor, made shared or private

    def __init__(self, autosaver: Autosaver, section: Section, guidance: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.autosaver = autosaver
        self.section_id = section.id
        self.key = section.key
        self.heading_text = section.heading
        self._shared = section.shared
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)

        self.heading = QLabel(section.heading)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        if guidance:
            self.heading.setToolTip(guidance)
        self.private_box = PrivateBox("Private")
        self.private_box.setAccessibleName(f"Private section: {section.heading}")
        self.private_box.setToolTip("Private notes never appear on the printed summary or in "
                                    "an export for the learner.")
        self.private_box.setChecked(not section.shared)
        self.private_box.toggled.connect(self._private_toggled)
        self.private_box.share_requested.connect(lambda: self.share_requested.emit(self))
        self.undo_button = QPushButton("Make private again")
        self.undo_button.setAccessibleName(f"Make {section.heading} private again")
        self.undo_button.setToolTip("Undo sharing: keep these notes off the learner's summary "
                                    "(Session ▸ Undo sharing)")
        # out of the Tab order like the box: the keyboard way is Session ▸ Undo sharing
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.undo_button.clicked.connect(lambda: self.apply_shared(False))
        self.undo_button.hide()
        self.visibility = QLabel()
        self.visibility.setWordWrap(True)
        self.visibility.setTextFormat(Qt.TextFormat.PlainText)
        self.lock = LockGlyph()
        self.lock.setAccessibleName("Private")

        self.text_edit = NotesEdit()
        self.text_edit.setAccessibleName(f"Notes: {section.heading}")
        self.text_edit.setPlaceholderText(guidance or "Type your notes here.")
        self.text_edit.setPlainText(section.body)
        self.text_edit.moveCursor(QTextCursor.MoveOperation.End)
        self.text_edit.textChanged.connect(self._edited)
        self.text_edit.installEventFilter(self)
        self.heading.setBuddy(self.text_edit)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.private_box, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        line = QHBoxLayout()
        line.setSpacing(4)
        line.addWidget(self.lock, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.visibility, 1)
        line.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)
        layout.addWidget(self.text_edit)
        self._apply_look()

    # -- public ------------------------------------------------------------------------
    @property
    def save_key(self) -> tuple[str, int]:
        return ("section", self.section_id)

    def is_private(self) -> bool:
        return not self._shared

    def apply_shared(self, shared: bool) -> None:
        """Make the section shared (only once the coach confirmed) or private, and save."""
        self.private_box.blockSignals(True)
        self.private_box.setChecked(not shared)
        self.private_box.blockSignals(False)
        if shared == self._shared:
            return
        self._shared = shared
        if not shared:
            self.undo_button.hide()
        self._apply_look()
        section_id = self.section_id
        self.autosaver.save_now(("shared", section_id),
                                lambda: partial(notes.set_shared, section_id=section_id,
                                                shared=shared))
        self.privacy_changed.emit(self)

    def show_undo(self, shown: bool) -> None:
        self.undo_button.setVisible(shown and not self.is_private())

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def set_section(self, section: Section) -> None:
        """Take an edit made elsewhere (a restored version), unless typing is still pending."""
        if section.shared != self._shared and self.autosaver.is_idle(("shared", self.section_id)):
            self._shared = section.shared
            self.private_box.blockSignals(True)
            self.private_box.setChecked(not section.shared)
            self.private_box.blockSignals(False)
            if not section.shared:
                self.undo_button.hide()
            self._apply_look()
            self.privacy_changed.emit(self)
        if section.body != self.text() and self.autosaver.is_idle(self.save_key):
            cursor = self.text_edit.textCursor().position()
            self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(section.body)
            self.text_edit.blockSignals(False)
            moved = self.text_edit.textCursor()
            moved.setPosition(min(cursor, len(section.body)))
            self.text_edit.setTextCursor(moved)

    def insert_prompt(self, prompt: str) -> None:
        """The prompt as a line of its own at the cursor; typing goes on after it."""
        cursor = self.text_edit.textCursor()
        cursor.beginEditBlock()
        if cursor.positionInBlock() > 0:
            cursor.insertText("\n")
        cursor.insertText(prompt_line(prompt))
        cursor.endEditBlock()
        self.text_edit.setTextCursor(cursor)
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def clear_contents(self) -> None:
        """Forget the text (locking): no note may stay in a widget, nor in its undo stack."""
        self.text_edit.blockSignals(True)
        self.text_edit.setPlainText("")
        self.text_edit.document().clearUndoRedoStacks()
        self.text_edit.blockSignals(False)
        self.heading.clear()
        self.text_edit.setPlaceholderText("")

    # -- behaviour ---------------------------------------------------------------------
    def _edited(self) -> None:
        section_id, edit = self.section_id, self.text_edit

        def snapshot():  # type: ignore[no-untyped-def]
            return partial(notes.save_note, section_id=section_id, body=edit.toPlainText())

        self.autosaver.schedule(self.save_key, snapshot)

    def _private_toggled(self, private: bool) -> None:
        if private:
            self.apply_shared(False)
            return
        # Unticked by other means than a click (an accessibility tool): still only a request.
        self.private_box.blockSignals(True)
        self.private_box.setChecked(True)
        self.private_box.blockSignals(False)
        self.share_requested.emit(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still call a filter while Python tears the object down
        if watched is getattr(self, "text_edit", None):
            if event.type() == QEvent.Type.FocusIn:
                self.activated.emit(self)
            elif event.type() == QEvent.Type.FocusOut:
                self.autosaver.flush(self.save_key)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._apply_look()

    def _apply_look(self) -> None:
        private = not self._shared
        self.setProperty("private", private)
        base = QApplication.palette(self)
        palette = QPalette(base)
        muted = base.color(QPalette.ColorRole.PlaceholderText)
        if private:
            tint = mix(base.color(QPalette.ColorRole.Base), PRIVATE_HUE, 0.16)
            card = mix(base.color(QPalette.ColorRole.Window), PRIVATE_HUE, 0.22)
            palette.setColor(QPalette.ColorRole.Window, card)
            palette.setColor(QPalette.ColorRole.Base, tint)
            label_colour = mix(base.color(QPalette.ColorRole.Text), PRIVATE_HUE, 0.55)
            self.visibility.setText(PRIVATE_LABEL)
            description = (f"{self.heading_text}: private section. These notes are never "
                           "printed or shared with the learner.")
        else:
            label_colour = muted
            self.visibility.setText(SHARED_LABEL)
            description = (f"{self.heading_text}: shared section. These notes appear on the "
                           "session summary for the learner.")
        self.setPalette(palette)
        label_palette = QPalette(palette)
        label_palette.setColor(QPalette.ColorRole.WindowText, label_colour)
        self.visibility.setPalette(label_palette)
        label_font = QFont(self.visibility.font())
        label_font.setBold(private)
        self.visibility.setFont(label_font)
        self.lock.setVisible(private)
        self.lock.setPalette(label_palette)
        self.setAccessibleName(f"Section {self.heading_text}")
        self.setAccessibleDescription(description)
        self.text_edit.setAccessibleDescription(description)
