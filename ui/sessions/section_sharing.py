"""Making a section of notes shared with the learner, or private again.

Sharing is the one edit that can put a private note on paper, so it is never a stray key:
the "Private" box is out of the Tab order, and unticking it (or Session ▸ Share section…)
only asks — in words that name the section, with "Keep private" as the default and on Esc.
The question itself (`ask_to_share`, also asked by the templates editor) lets no typed key
choose Share. Once shared, "Make private again" undoes it (on the section, in the Session
menu and in the notes' context menu). Making a section private needs no question. Each change
is recorded in the workbook with who and when (`notes.set_shared`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from ui.sessions.section_editor import SectionEditor
from workbook.templates import Template

SHARE_TITLE = "Share with the learner?"
# no mnemonics: QMessageBox presses a button for the bare letter of its mnemonic, no Alt needed
SHARE_BUTTON = "Share with the learner"
KEEP_BUTTON = "Keep private"
# the keyboard's way to choose Share: a chord nobody types while writing notes
SHARE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
_BARE = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier \
    | Qt.KeyboardModifier.MetaModifier


def share_question(heading: str) -> str:
    return f"Share «{heading}» with the learner?"


def template_share_question(heading: str, template_name: str) -> str:
    return f"Share «{heading}» in every new session from «{template_name}»?"


def template_share_details(heading: str, template_name: str) -> str:
    return (f"Sessions from «{template_name}» will print «{heading}» for the learner, on the "
            "session summary and in every PDF exported for them, from the next session on. "
            "Sessions already started keep their own setting. You can make it private again "
            "here.")


class ShareQuestion(QMessageBox):
    """The question asked before a private section is shared; only a click on Share or
    Ctrl+Enter shares. "Keep private" has the focus and is the default and escape button;
    Share takes no keyboard focus, so neither Tab nor an arrow then Space or Enter reaches
    it, and a bare letter never presses it, even if the platform adds mnemonics."""

    def __init__(self, question: str, details: str, parent: QWidget) -> None:
        super().__init__(QMessageBox.Icon.Warning, SHARE_TITLE, question,
                         QMessageBox.StandardButton.NoButton, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setInformativeText(details)
        self.share_button = self._button(SHARE_BUTTON, QMessageBox.ButtonRole.AcceptRole)
        self.keep_button = self._button(KEEP_BUTTON, QMessageBox.ButtonRole.RejectRole)
        self.share_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        keys = QKeySequence(SHARE_KEYS[0]).toString(QKeySequence.SequenceFormat.NativeText)
        self.share_button.setToolTip(f"Share it ({keys}); Enter or Esc keeps it private")
        for chord in SHARE_KEYS:
            QShortcut(QKeySequence(chord), self).activated.connect(self.share_button.click)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _button(self, text: str, role: QMessageBox.ButtonRole) -> QPushButton:
        button = self.addButton(text, role)
        assert isinstance(button, QPushButton)
        return button

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shortcut = self.share_button.shortcut()
        if (not event.modifiers() & _BARE and not shortcut.isEmpty()
                and event.key() == shortcut[0].key()):
            event.accept()  # a mnemonic someone else put there: still never a bare letter
            return
        super().keyPressEvent(event)


def ask_to_share(parent: QWidget, question: str, details: str,
                 on_share: Callable[[], None]) -> ShareQuestion:
    """Ask without blocking (no nested event loop); `on_share` only if the coach shares."""
    box = ShareQuestion(question, details, parent)
    box.finished.connect(lambda _r: on_share() if box.clickedButton() is box.share_button
                         else None)
    box.open()
    box.keep_button.setFocus()
    return box


def share_details(template_name: str | None) -> str:
    text = ("Its text will appear on the printed session summary and in every PDF exported "
            "for the learner, from now on.")
    if template_name:
        text += f" The «{template_name}» template keeps this section private."
    return text + " You can make it private again: Session ▸ Make section private."


class SectionSharing(QObject):
    """The confirmation, the undo and the Session-menu actions for one session editor.

    `current()` is the section being written in; `template()` the open session's template.
    """

    def __init__(self, parent: QWidget, current: Callable[[], SectionEditor | None],
                 template: Callable[[], Template | None]) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.current = current
        self.template = template
        self.last_question: QMessageBox | None = None
        self._undo_target: SectionEditor | None = None
        self.share_action = self._action("&Share section with the learner…", self.ask_current,
                                         "Put this section's notes on the learner's summary "
                                         "(asks first)")
        self.private_action = self._action("&Make section private", self.make_current_private,
                                           "Keep this section's notes off every document")
        self.undo_action = self._action("Undo s&haring", self.undo,
                                        "Make the section just shared private again")
        self.update()

    def template_private(self, key: str) -> str | None:
        """The template's name when it marks the section `key` private."""
        template = self.template()
        if template is not None and any(s.key == key and not s.shared
                                        for s in template.sections):
            return template.name
        return None

    def _action(self, text: str, slot: Callable[[], None], tip: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [self.share_action, self.private_action, self.undo_action]

    def watch(self, editor: SectionEditor) -> None:
        editor.share_requested.connect(self.ask)
        editor.privacy_changed.connect(lambda _e: self.update())
        editor.text_edit.extra_actions = self.actions()

    # -- asking ------------------------------------------------------------------------
    def ask_current(self) -> None:
        editor = self.current()
        if editor is not None and editor.is_private():
            self.ask(editor)

    def ask(self, editor: SectionEditor) -> None:
        """The question; nothing changes unless the coach chooses to share."""
        if self.last_question is not None:
            self.last_question.reject()
        section_id = editor.section_id

        def shared() -> None:
            if self._still_shown(editor, section_id):
                self._share(editor)

        box = ask_to_share(self.parent_widget, share_question(editor.heading_text),
                           share_details(self.template_private(editor.key)), shared)
        box.finished.connect(lambda _r: self._forget(box))
        self.last_question = box

    def _forget(self, box: QMessageBox) -> None:
        if self.last_question is box:
            self.last_question = None

    def _still_shown(self, editor: SectionEditor, section_id: int) -> bool:
        # the session may have been switched, or the workbook locked, while the box was up
        try:
            return editor.section_id == section_id and editor.isVisibleTo(self.parent_widget)
        except RuntimeError:  # the editor's C++ side is gone
            return False

    def _share(self, editor: SectionEditor) -> None:
        editor.apply_shared(True)
        self._undo_target = editor
        editor.show_undo(True)
        self.update()

    # -- making private ----------------------------------------------------------------
    def make_current_private(self) -> None:
        editor = self.current()
        if editor is not None and not editor.is_private():
            editor.apply_shared(False)

    def undo(self) -> None:
        """Make the section shared last private again."""
        editor, self._undo_target = self._undo_target, None
        if editor is not None and self._alive(editor) and not editor.is_private():
            editor.apply_shared(False)
        self.update()

    @staticmethod
    def _alive(editor: SectionEditor) -> bool:
        try:
            editor.objectName()
        except RuntimeError:
            return False
        return True

    def update(self) -> None:
        editor = self.current()
        if editor is not None and not self._alive(editor):
            editor = None
        self.share_action.setEnabled(editor is not None and editor.is_private())
        self.private_action.setEnabled(editor is not None and not editor.is_private())
        target = self._undo_target
        if target is not None and (not self._alive(target) or target.is_private()):
            self._undo_target = target = None
        self.undo_action.setEnabled(target is not None)
        # mnemonics clear of the notes' own menu (Undo, Paste…) and the Session menu
        self.undo_action.setText(f"Undo s&haring «{target.heading_text}»" if target
                                 else "Undo s&haring")

    def clear(self) -> None:
        """Another session, or a lock: no question stays up, nothing is left to undo."""
        if self.last_question is not None:
            box, self.last_question = self.last_question, None
            box.reject()
        self._undo_target = None
        self.update()
