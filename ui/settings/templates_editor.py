"""The templates and question bank editor: templates, their sections, each section's prompts.

Every edit is written at once (no Save button): renames and texts when the field is left (or
after a short pause while typing), moves and additions as they happen. A refused edit shows
the workbook's sentence under the lists and the stored text comes back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.kit import autosave
from ui.kit.state import WorkbookState
from ui.settings.template_actions import TemplateRecordActions
from ui.settings.template_models import SectionListModel, TemplateListModel
from ui.settings.template_section_panel import SectionPanel, SectionsBox
from ui.settings.template_widgets import (
    OrderedList,
    ProblemLabel,
    buddy,
    button_row,
    dim_label,
    push_button,
    show_text,
    text_box,
)
from workbook import templates
from workbook.changes import Changes
from workbook.errors import WorkbookError
from workbook.templates import Template, TemplateSection


class TemplatesEditor(TemplateRecordActions, QWidget):
    """Edit, add, duplicate, reorder and trash session templates, sections and prompts."""

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.templates_model = TemplateListModel(self)
        self.sections_model = SectionListModel(self)
        self.last_question: QMessageBox | None = None  # the open confirmation, if any
        self._own = 0  # our own calls in flight: their Changes are not reloaded twice
        self._updating = False
        self._shown_template: int | None = None
        self._shown_section: int | None = None
        self.saver = autosave.shared(state)  # descriptions and guidance, saved as typed
        self.saver.saved.connect(self._text_saved)
        self.saver.failed.connect(self._text_failed)
        self._build()
        self._wire()
        if state.is_open:
            self.reload()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.templates_list = OrderedList("Templates", "template", self.templates_model)
        self.templates_view = self.templates_list.view
        self.sections_box = SectionsBox(self.sections_model)
        self.sections_list = self.sections_box.sections_list
        self.sections_view = self.sections_box.view
        self.add_section_button = self.sections_box.add_button
        self.remove_section_button = self.sections_box.remove_button
        self.templates_view.setMinimumWidth(self.fontMetrics().averageCharWidth() * 22)
        self.panel = SectionPanel(lambda: (t.name if (t := self.current_template()) else ""))
        self.prompts_model = self.panel.prompts_model
        self.prompts_view = self.panel.prompts_view
        self.heading_edit = self.panel.heading_edit
        self.shared_check = self.panel.shared_check
        self.guidance_edit = self.panel.guidance_edit
        self.add_prompt_button = self.panel.add_prompt_button

        self.add_template_button = push_button("&New template", "Add a template of your own",
                                               self.add_template)
        self.duplicate_button = push_button("&Duplicate", "Copy the selected template",
                                            self.duplicate_template)
        self.trash_button = push_button("Move to t&rash…",
                                        "Move the selected template to the trash",
                                        self.trash_template)
        for button, slot in ((self.add_section_button, self.add_section),
                             (self.remove_section_button, self.remove_section),
                             (self.add_prompt_button, self.add_prompt),
                             (self.panel.delete_prompt_button, self.delete_prompt)):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Template name")
        self.kind_label = dim_label()
        self.description_edit = text_box("Template description")
        for edit in (self.description_edit, self.guidance_edit):
            edit.installEventFilter(self)
        self.description_edit.textChanged.connect(self._description_typed)
        self.guidance_edit.textChanged.connect(self._guidance_typed)
        self.error_label = ProblemLabel()

        left = QVBoxLayout()
        left.addWidget(buddy("Template&s", self.templates_view))
        left.addWidget(self.templates_list, 1)
        left.addLayout(button_row(self.add_template_button, self.duplicate_button))
        left.addLayout(button_row(self.trash_button))

        head = QFormLayout()
        head.addRow(buddy("Na&me", self.name_edit), self.name_edit)
        head.addRow("", self.kind_label)
        head.addRow(buddy("Descr&iption", self.description_edit), self.description_edit)

        lower = QHBoxLayout()
        lower.addWidget(self.sections_box, 2)
        lower.addWidget(self.panel, 3)
        right = QVBoxLayout()
        right.addLayout(head)
        right.addLayout(lower, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 3)
        outer = QVBoxLayout(self)
        outer.addLayout(columns, 1)
        outer.addWidget(self.error_label)
        self.sections_model.set_palette(self.palette())
        chain = [self.templates_view, self.templates_list.up_button,
                 self.templates_list.down_button, self.add_template_button,
                 self.duplicate_button, self.trash_button, self.name_edit,
                 self.description_edit, *self.sections_box.focus_chain(),
                 *self.panel.focus_chain()]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self._update_enabled()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.sections_model.set_palette(self.palette())
        super().changeEvent(event)

    def _wire(self) -> None:
        self.templates_view.selectionModel().currentChanged.connect(self._template_chosen)
        self.sections_view.selectionModel().currentChanged.connect(self._section_chosen)
        self.prompts_view.selectionModel().currentChanged.connect(self._update_enabled)
        self.name_edit.editingFinished.connect(self._commit_name)
        self.heading_edit.editingFinished.connect(self._commit_heading)
        self.panel.shared_chosen.connect(self._commit_shared)
        self.templates_model.move_requested.connect(
            lambda i, p: self._change(templates.move_template, i, p))
        self.sections_model.move_requested.connect(
            lambda i, p: self._change(templates.move_section, i, p))
        self.prompts_model.move_requested.connect(
            lambda i, p: self._change(templates.move_prompt, i, p))
        self.prompts_model.edit_requested.connect(
            lambda i, text: self._change(templates.update_prompt, i, text))
        self.state.opened.connect(self.reload)
        self.state.closing.connect(self.flush_pending)
        self.state.closed.connect(self.clear)
        self.state.changed.connect(self._on_changed)

    # -- loading -----------------------------------------------------------------------
    def reload(self, select: dict[str, int | None] | None = None,
               then: Callable[[], None] | None = None) -> None:
        """Read the templates again; `select` names the template/section/prompt to show."""
        if self.state.is_open:
            self.state.call(templates.list_templates,
                            success=lambda found: self._apply(found, select or {}, then))

    def clear(self) -> None:
        self._updating = True
        try:
            for model in (self.templates_model, self.sections_model):
                model.clear()
            self.panel.clear()
            self.name_edit.clear()
            self.description_edit.clear()
            self.kind_label.clear()
            self._shown_template = self._shown_section = None
        finally:
            self._updating = False
        self._say("")
        self._update_enabled()

    def _on_changed(self, changes: Changes) -> None:
        if self.saver.own.owns(changes):
            return
        if not self._own and (changes.touches("template") or changes.touches("prompt")):
            self.reload()

    def _apply(self, found: list[Template], select: dict[str, int | None],
               then: Callable[[], None] | None) -> None:
        template_id = select.get("template", self._shown_template)
        old_row = self.templates_view.currentIndex().row()
        self._updating = True
        try:
            self.templates_model.sync(found)
            row = self.templates_model.row_of(template_id)
            if row < 0 and found:
                row = min(max(old_row, 0), len(found) - 1)
            self.templates_list.set_current(row)
        finally:
            self._updating = False
        self._show_template(self.templates_model.record(row), select.get("section"),
                            select.get("prompt"))
        if then is not None:
            then()

    def _show_template(self, template: Template | None, section_id: int | None = None,
                       prompt_id: int | None = None) -> None:
        same = template is not None and template.id == self._shown_template
        old_row = self.sections_view.currentIndex().row()
        self._updating = True
        try:
            self._shown_template = template.id if template else None
            show_text(self.name_edit, template.name if template else "", same)
            show_text(self.description_edit, template.description if template else "", same)
            self.kind_label.setText("" if template is None else (
                "Built-in template: edit it freely; if you trash it, restore it from the Trash."
                if template.builtin else "Your own template."))
            self.sections_model.sync(template.sections if template else [])
            if section_id is None and same:
                section_id = self._shown_section
            row = self.sections_model.row_of(section_id)
            if row < 0 and self.sections_model.rowCount():
                row = min(max(old_row, 0), self.sections_model.rowCount() - 1) if same else 0
            self.sections_list.set_current(row)
        finally:
            self._updating = False
        self._show_section(self.sections_model.record(row), prompt_id)

    def _show_section(self, section: TemplateSection | None, prompt_id: int | None = None) -> None:
        same = section is not None and section.id == self._shown_section
        self._updating = True
        try:
            self._shown_section = section.id if section else None
            self.panel.show_section(section, prompt_id, same)
        finally:
            self._updating = False
        self._update_enabled()

    def _template_chosen(self, *_: Any) -> None:
        if not self._updating:
            self.flush_pending()
            self._show_template(self.templates_model.record(self.templates_view.currentIndex().row()))

    def _section_chosen(self, *_: Any) -> None:
        if not self._updating:
            self.flush_pending()
            self._show_section(self.sections_model.record(self.sections_view.currentIndex().row()))

    def _update_enabled(self, *_: Any) -> None:
        has_template = self._shown_template is not None
        has_section = self._shown_section is not None
        for widget in (self.duplicate_button, self.trash_button, self.name_edit,
                       self.description_edit, self.add_section_button, self.sections_view):
            widget.setEnabled(has_template)
        self.remove_section_button.setEnabled(has_section)
        self.panel.update_enabled(has_section)
        self.add_template_button.setEnabled(self.state.is_open)

    # -- current records -----------------------------------------------------------------
    def current_template(self) -> Template | None:
        return self.templates_model.record(self.templates_model.row_of(self._shown_template))

    def current_section(self) -> TemplateSection | None:
        return self.sections_model.record(self.sections_model.row_of(self._shown_section))

    # -- writing -------------------------------------------------------------------------
    def _change(self, fn: Callable[..., Changes], *args: Any,
                select: Callable[[Changes], dict[str, int | None]] | None = None,
                then: Callable[[], None] | None = None, **kwargs: Any) -> None:
        if not self.state.is_open:
            return
        self._own += 1

        def done(changes: Changes) -> None:
            self._own -= 1
            self._say("")
            self.reload(select(changes) if select else None, then)

        def failed(exc: BaseException) -> None:
            self._own -= 1
            if isinstance(exc, WorkbookError):
                self._say(exc.sentence)
            else:
                self.state.runner.failed.emit(exc)
            self.reload()

        self.state.call(fn, *args, success=done, failure=failed, **kwargs)

    def _say(self, sentence: str) -> None:
        self.error_label.say(sentence)

    def _description_typed(self) -> None:
        if not self._updating and self._shown_template is not None:
            job = partial(templates.update_template, template_id=self._shown_template,
                          description=self.description_edit.toPlainText())
            self.saver.schedule(("template description", self._shown_template), lambda: job)

    def _guidance_typed(self) -> None:
        if not self._updating and self._shown_section is not None:
            job = partial(templates.update_section, section_id=self._shown_section,
                          guidance=self.guidance_edit.toPlainText())
            self.saver.schedule(("section guidance", self._shown_section), lambda: job)

    def _own_key(self, key: Hashable) -> bool:
        return isinstance(key, tuple) and key[:1] in (("template description",),
                                                      ("section guidance",))

    def _text_saved(self, key: Hashable) -> None:
        if self._own_key(key):
            self._say("")
            self.reload()

    def _text_failed(self, key: Hashable, sentence: str) -> None:
        if self._own_key(key):  # the stored text comes back; the save is retried
            self._say(sentence)
            self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still call a filter while Python tears the object down
        edits = (getattr(self, "description_edit", None), getattr(self, "guidance_edit", None))
        if event.type() == QEvent.Type.FocusOut and watched in edits:
            self.flush_pending()
        return super().eventFilter(watched, event)

    def flush_pending(self) -> None:
        """Write a description or guidance still being typed (leaving the field or record)."""
        if self._shown_template is not None:
            self.saver.flush(("template description", self._shown_template))
        if self._shown_section is not None:
            self.saver.flush(("section guidance", self._shown_section))

    def _commit_name(self) -> None:
        template = self.current_template()
        if not self._updating and template is not None and self.name_edit.text() != template.name:
            self._change(templates.update_template, template.id, name=self.name_edit.text())

    def _commit_heading(self) -> None:
        section = self.current_section()
        if (not self._updating and section is not None
                and self.heading_edit.text() != section.heading):
            self._change(templates.update_section, section.id, heading=self.heading_edit.text())

    def _commit_shared(self, section_id: int, shared: bool) -> None:
        self._change(templates.update_section, section_id, shared=shared)
