"""The templates and question bank editor: templates, their sections, each section's prompts.

Every edit is written at once (no Save button): renames and texts when the field is left (or
after a short pause while typing), moves and additions as they happen. A refused edit shows
the workbook's sentence under the lists and the stored text comes back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.state import WorkbookState
from ui.template_models import (
    OrderedList,
    PrivateBanner,
    ProblemLabel,
    PromptListModel,
    SectionListModel,
    TemplateListModel,
    button_row,
    push_button,
)
from workbook import templates, trash
from workbook.changes import Changes
from workbook.errors import WorkbookError
from workbook.templates import Template, TemplateSection

Trigger = QAbstractItemView.EditTrigger
TEXT_PAUSE_MS = 800  # a description or guidance is written after this pause in typing
_NEW_TEMPLATE = "New template"
_NEW_SECTION = "New section"
_NEW_PROMPT = "New question — type it here"


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _unique_name(wanted: str, taken: list[str]) -> str:
    folded = {t.casefold() for t in taken}
    name, n = wanted, 2
    while name.casefold() in folded:
        name, n = f"{wanted} {n}", n + 1
    return name


class TemplatesEditor(QWidget):
    """Edit, add, duplicate, reorder and trash session templates, sections and prompts."""

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.templates_model = TemplateListModel(self)
        self.sections_model = SectionListModel(self)
        self.prompts_model = PromptListModel(self)
        self.last_question: QMessageBox | None = None  # the open confirmation, if any
        self._own = 0  # our own calls in flight: their Changes are not reloaded twice
        self._updating = False
        self._shown_template: int | None = None
        self._shown_section: int | None = None
        self._build()
        self._wire()
        if state.is_open:
            self.reload()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.templates_list = OrderedList("Templates", "template", self.templates_model)
        self.templates_list.setMinimumWidth(200)
        self.sections_list = OrderedList("Sections", "section", self.sections_model)
        self.prompts_list = OrderedList("Prompts", "prompt", self.prompts_model)
        self.templates_view = self.templates_list.view
        self.sections_view = self.sections_list.view
        self.prompts_view = self.prompts_list.view
        self.prompts_view.setWordWrap(True)
        self.prompts_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.prompts_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.prompts_view.setAlternatingRowColors(True)
        self.prompts_view.setEditTriggers(
            Trigger.DoubleClicked | Trigger.EditKeyPressed | Trigger.SelectedClicked)

        self.add_template_button = push_button("&New template", "Add a template of your own",
                                               self.add_template)
        self.duplicate_button = push_button("&Duplicate", "Copy the selected template",
                                            self.duplicate_template)
        self.trash_button = push_button("Move to t&rash…",
                                        "Move the selected template to the trash",
                                        self.trash_template)
        self.add_section_button = push_button("&Add section", "Add a section to this template",
                                              self.add_section)
        self.remove_section_button = push_button("Remo&ve section…",
                                                 "Delete the selected section (Delete)",
                                                 self.remove_section)
        self.add_prompt_button = push_button("Add pr&ompt",
                                             "Add a prompt question to this section",
                                             self.add_prompt)
        self.delete_prompt_button = push_button("De&lete prompt",
                                                "Delete the selected prompt (Delete)",
                                                self.delete_prompt)
        for view, slot in ((self.sections_view, self.remove_section),
                           (self.prompts_view, self.delete_prompt)):
            shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Template name")
        self.kind_label = QLabel()
        self.kind_label.setWordWrap(True)
        self.description_edit = self._text_box("Template description")
        self.heading_edit = QLineEdit()
        self.heading_edit.setAccessibleName("Section heading")
        self.shared_check = QCheckBox("Shared &with the coachee (printed on the summary)")
        self.shared_check.setAccessibleName("Section shared with the coachee")
        self.guidance_edit = self._text_box("Section guidance")
        self.private_banner = PrivateBanner()
        self.private_banner.hide()
        self.error_label = ProblemLabel()
        self._pending_timer = QTimer(self)
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setInterval(TEXT_PAUSE_MS)
        self._pending_timer.timeout.connect(self.flush_pending)

        left = QVBoxLayout()
        left.addWidget(_buddy("Template&s", self.templates_view))
        left.addWidget(self.templates_list, 1)
        left.addLayout(button_row(self.add_template_button, self.duplicate_button))
        left.addLayout(button_row(self.trash_button))

        head = QFormLayout()
        head.addRow(_buddy("Na&me", self.name_edit), self.name_edit)
        head.addRow("", self.kind_label)
        head.addRow(_buddy("Descr&iption", self.description_edit), self.description_edit)

        sections_box = QGroupBox("Se&ctions, in the order of a session")
        box = QVBoxLayout(sections_box)
        box.addWidget(self.sections_list, 1)
        box.addLayout(button_row(self.add_section_button, self.remove_section_button))

        section_box = QGroupBox("Selected section")
        detail = QVBoxLayout(section_box)
        form = QFormLayout()
        form.addRow(_buddy("&Heading", self.heading_edit), self.heading_edit)
        detail.addLayout(form)
        detail.addWidget(self.shared_check)
        detail.addWidget(self.private_banner)  # a box layout honours its wrapped height
        detail.addWidget(_buddy("G&uidance for the coach", self.guidance_edit))
        detail.addWidget(self.guidance_edit)
        detail.addWidget(_buddy("&Prompts (double-click or F2 to edit)", self.prompts_view))
        detail.addWidget(self.prompts_list, 1)
        detail.addLayout(button_row(self.add_prompt_button, self.delete_prompt_button))

        lower = QHBoxLayout()
        lower.addWidget(sections_box, 2)
        lower.addWidget(section_box, 3)
        right = QVBoxLayout()
        right.addLayout(head)
        right.addLayout(lower, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 5)
        outer = QVBoxLayout(self)
        outer.addLayout(columns, 1)
        outer.addWidget(self.error_label)
        self.sections_model.set_palette(self.palette())
        chain = [self.templates_view, self.templates_list.up_button,
                 self.templates_list.down_button, self.add_template_button,
                 self.duplicate_button, self.trash_button, self.name_edit,
                 self.description_edit, self.sections_view, self.sections_list.up_button,
                 self.sections_list.down_button, self.add_section_button,
                 self.remove_section_button, self.heading_edit, self.shared_check,
                 self.guidance_edit, self.prompts_view, self.prompts_list.up_button,
                 self.prompts_list.down_button, self.add_prompt_button,
                 self.delete_prompt_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self._update_enabled()

    def _text_box(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
        edit.installEventFilter(self)
        edit.textChanged.connect(self._text_typed)
        return edit

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
        self.shared_check.toggled.connect(self._commit_shared)
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
        self._pending_timer.stop()
        self._updating = True
        try:
            for model in (self.templates_model, self.sections_model, self.prompts_model):
                model.clear()
            for edit in (self.name_edit, self.heading_edit):
                edit.clear()
            for box in (self.description_edit, self.guidance_edit):
                box.clear()
            self.kind_label.clear()
            self._shown_template = self._shown_section = None
        finally:
            self._updating = False
        self._say("")
        self._update_enabled()

    def _on_changed(self, changes: Changes) -> None:
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

    def _set_text(self, widget: QLineEdit | QPlainTextEdit, text: str, same: bool) -> None:
        """Show stored text, unless the coach is typing in this very field."""
        if same and widget.hasFocus():
            return
        if isinstance(widget, QLineEdit):
            if widget.text() != text:
                widget.setText(text)
        elif widget.toPlainText() != text:
            widget.setPlainText(text)

    def _show_template(self, template: Template | None, section_id: int | None = None,
                       prompt_id: int | None = None) -> None:
        same = template is not None and template.id == self._shown_template
        old_row = self.sections_view.currentIndex().row()
        self._updating = True
        try:
            self._shown_template = template.id if template else None
            self._set_text(self.name_edit, template.name if template else "", same)
            self._set_text(self.description_edit, template.description if template else "", same)
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
        old_row = self.prompts_view.currentIndex().row()
        self._updating = True
        try:
            self._shown_section = section.id if section else None
            self._set_text(self.heading_edit, section.heading if section else "", same)
            self.shared_check.setChecked(section.shared if section else True)
            self.private_banner.setVisible(section is not None and not section.shared)
            self._set_text(self.guidance_edit, section.guidance if section else "", same)
            self.prompts_model.sync(section.prompts if section else [])
            row = self.prompts_model.row_of(prompt_id)
            if row < 0 and same and old_row >= 0 and self.prompts_model.rowCount():
                row = min(old_row, self.prompts_model.rowCount() - 1)
            self.prompts_list.set_current(row)
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
        has_prompt = self.prompts_view.currentIndex().isValid()
        for widget in (self.duplicate_button, self.trash_button, self.name_edit,
                       self.description_edit, self.add_section_button, self.sections_view):
            widget.setEnabled(has_template)
        for widget in (self.remove_section_button, self.heading_edit, self.shared_check,
                       self.guidance_edit, self.add_prompt_button, self.prompts_view):
            widget.setEnabled(has_section)
        self.delete_prompt_button.setEnabled(has_prompt)
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

    def _text_typed(self) -> None:
        if not self._updating:
            self._pending_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (self.description_edit,
                                                                self.guidance_edit):
            self.flush_pending()
        return super().eventFilter(watched, event)

    def flush_pending(self) -> None:
        """Write a description or guidance still being typed (on pause, leaving, locking)."""
        self._pending_timer.stop()
        template, section = self.current_template(), self.current_section()
        if template is not None and self.description_edit.toPlainText() != template.description:
            self._change(templates.update_template, template.id,
                         description=self.description_edit.toPlainText())
        if section is not None and self.guidance_edit.toPlainText() != section.guidance:
            self._change(templates.update_section, section.id,
                         guidance=self.guidance_edit.toPlainText())

    def _commit_name(self) -> None:
        template = self.current_template()
        if not self._updating and template is not None and self.name_edit.text() != template.name:
            self._change(templates.update_template, template.id, name=self.name_edit.text())

    def _commit_heading(self) -> None:
        section = self.current_section()
        if (not self._updating and section is not None
                and self.heading_edit.text() != section.heading):
            self._change(templates.update_section, section.id, heading=self.heading_edit.text())

    def _commit_shared(self, shared: bool) -> None:
        section = self.current_section()
        if self._updating or section is None:
            return
        self.private_banner.setVisible(not shared)
        if shared != section.shared:
            self._change(templates.update_section, section.id, shared=shared)

    def _focus_field(self, edit: QLineEdit) -> Callable[[], None]:
        def focus() -> None:
            edit.setFocus()
            edit.selectAll()
        return focus

    def add_template(self) -> None:
        name = _unique_name(_NEW_TEMPLATE, [t.name for t in self.templates_model.records()])
        self._change(templates.add_template, name,
                     select=lambda ch: {"template": ch.created},
                     then=self._focus_field(self.name_edit))

    def duplicate_template(self) -> None:
        template = self.current_template()
        if template is not None:
            name = _unique_name(f"{template.name} (copy)",
                                [t.name for t in self.templates_model.records()])
            self._change(templates.duplicate_template, template.id, name,
                         select=lambda ch: {"template": ch.created},
                         then=self._focus_field(self.name_edit))

    def trash_template(self) -> None:
        template = self.current_template()
        if template is not None:
            self._ask(f"Move the template «{template.name}» to the trash?",
                      "Sessions already held keep their notes. You can restore the template "
                      "from the Trash.", "Move to trash",
                      lambda: self._change(trash.trash, "template", template.id))

    def add_section(self) -> None:
        template = self.current_template()
        if template is not None:
            self._change(templates.add_section, template.id, _NEW_SECTION,
                         select=lambda ch: {"template": template.id, "section": ch.created},
                         then=self._focus_field(self.heading_edit))

    def remove_section(self) -> None:
        section, template = self.current_section(), self.current_template()
        if section is not None and template is not None:
            count = len(section.prompts)
            self._ask(f"Delete the section «{section.heading}» from «{template.name}»?",
                      f"Its {count} prompt{'s' if count != 1 else ''} go with it; this cannot "
                      "be undone. Sessions already held keep their notes.", "Delete section",
                      lambda: self._change(templates.delete_section, section.id))

    def add_prompt(self) -> None:
        section = self.current_section()
        if section is not None:
            def edit_new() -> None:
                self.prompts_view.setFocus()
                self.prompts_view.edit(self.prompts_view.currentIndex())

            self._change(templates.add_prompt, section.id, _NEW_PROMPT,
                         select=lambda ch: {"section": section.id, "prompt": ch.created},
                         then=edit_new)

    def delete_prompt(self) -> None:
        prompt = self.prompts_model.record(self.prompts_view.currentIndex().row())
        if prompt is not None:
            self._change(templates.delete_prompt, prompt.id)

    def _ask(self, text: str, detail: str, action: str, on_yes: Callable[[], None]) -> None:
        """A confirmation that does not block (no nested event loop): `on_yes` on the button."""
        box = QMessageBox(QMessageBox.Icon.Question, "Coach Workbook", text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(detail)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: on_yes() if box.clickedButton() is yes else None)
        self.last_question = box
        box.open()
