"""Making a section of notes shared with the learner, or private again.

Sharing is the one edit that can put a private note on paper, so it is never a stray key:
the "Private" box is out of the Tab order, and unticking it (or Session ▸ Share section…)
only asks — in words that name the section, with "Keep private" as the default and on Esc.
Once shared, "Make private again" undoes it (on the section, in the Session menu and in the
notes' context menu). Making a section private needs no question. Each change is recorded
in the workbook with who and when (`notes.set_shared`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.section_editor import SectionEditor
from workbook.templates import Template

SHARE_TITLE = "Share with the learner?"
SHARE_BUTTON = "&Share with the learner"
KEEP_BUTTON = "&Keep private"


def share_question(heading: str) -> str:
    return f"Share «{heading}» with the learner?"


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
        box = QMessageBox(QMessageBox.Icon.Warning, SHARE_TITLE,
                          share_question(editor.heading_text),
                          QMessageBox.StandardButton.NoButton, self.parent_widget)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(share_details(self.template_private(editor.key)))
        share = box.addButton(SHARE_BUTTON, QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(KEEP_BUTTON, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        section_id = editor.section_id

        def answered(_result: int) -> None:
            if self.last_question is box:
                self.last_question = None
            if box.clickedButton() is share and self._still_shown(editor, section_id):
                self._share(editor)

        box.finished.connect(answered)
        self.last_question = box
        box.open()
        keep.setFocus()

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
