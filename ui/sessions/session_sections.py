"""The template's sections of notes in the session editor: one `SectionEditor` for each
section of the session shown, which one the coach is writing in, and sharing them.

Apart from the editor because the sections come and go with the session while the rest of
the page stays: they are rebuilt when another session (or another set of sections) is
shown, refreshed in place when the same one is read again, and their last edits are saved
before they go. The section being written in is where a prompt is inserted, what the
prompts panel follows and what Session ▸ Share acts on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.kit.autosave import Autosaver
from ui.sessions.section_editor import SectionEditor
from ui.sessions.section_sharing import SectionSharing
from ui.sessions.session_bundle import SessionBundle
from ui.sessions.session_page import SessionPage
from ui.sessions.who5_panel import Who5Panel
from workbook import wellbeing
from workbook.templates import Template


class SessionSections:
    """The section editors of the session shown, laid out in the page's notes column.

    `template()` is the shown session's template (for its guidance and private sections);
    `parent` is the editor, over which sharing asks its question.
    """

    def __init__(self, parent: QWidget, autosaver: Autosaver, page: SessionPage,
                 template: Callable[[], Template | None],
                 call: Callable[..., None]) -> None:
        self.autosaver = autosaver
        self._call = call
        self.who5_panel: Who5Panel | None = None
        self.box, self.label, self.prompts = page.sections_box, page.notes_label, page.prompts
        self.editors: list[SectionEditor] = []
        self.current: SectionEditor | None = None
        self.sharing = SectionSharing(parent, lambda: self.current, template)

    def show(self, bundle: SessionBundle, *, fresh: bool) -> None:
        """Show the bundle's sections: the same editors refreshed in place when the session
        read again has the same sections, new editors otherwise."""
        sections = bundle.detail.sections
        if not fresh and [s.id for s in sections] == [e.section_id for e in self.editors]:
            for editor, section in zip(self.editors, sections, strict=True):
                editor.set_section(section)
            if self.who5_panel is not None:
                self.who5_panel.show_answers(bundle.who5)
        else:
            self._build(bundle)

    def _build(self, bundle: SessionBundle) -> None:
        self.remove()
        guidance = {s.key: s.guidance for s in bundle.template.sections} \
            if bundle.template else {}
        for section in bundle.detail.sections:
            editor = SectionEditor(self.autosaver, section, guidance.get(section.key, ""))
            editor.activated.connect(self._activated)
            self.sharing.watch(editor)
            self.box.addWidget(editor)
            self.editors.append(editor)
            if section.key == wellbeing.SECTION_KEY:
                self.who5_panel = Who5Panel(bundle.detail.session.id, bundle.who5, self._call)
                self.box.addWidget(self.who5_panel)
        self.label.setVisible(bool(self.editors))
        self.current = self.editors[0] if self.editors else None
        self.sharing.update()

    def remove(self) -> None:
        """Take every section editor away, their pending edits saved first."""
        if self.editors:
            self.autosaver.flush()  # snapshots are taken before the editors go
        for widget in [*self.editors, *([self.who5_panel] if self.who5_panel else [])]:
            if isinstance(widget, SectionEditor):
                widget.clear_contents()
            self.box.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        self.editors = []
        self.who5_panel = None
        self.current = None
        self.sharing.clear()

    def _activated(self, editor: SectionEditor) -> None:
        self.current = editor
        self.prompts.set_current_section(editor.key)
        self.sharing.update()

    def stops(self) -> list[QWidget]:
        """Where Tab goes in the notes: each section's text (never its "Private" box), and
        the WHO-5 panel's answers after its section."""
        found: list[QWidget] = []
        for editor in self.editors:
            found.append(editor.text_edit)
            if editor.key == wellbeing.SECTION_KEY and self.who5_panel is not None:
                found += self.who5_panel.inputs()
        return found

    def target(self) -> SectionEditor | None:
        """Where a prompt goes: the section being written in, else the first."""
        return self.current or (self.editors[0] if self.editors else None)

    def focus_first(self) -> None:
        """The caret at the end of the first section's notes."""
        if self.editors:
            notes = self.editors[0].text_edit
            notes.setFocus(Qt.FocusReason.OtherFocusReason)
            notes.moveCursor(notes.textCursor().MoveOperation.End)  # after what is written
