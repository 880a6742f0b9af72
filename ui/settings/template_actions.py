"""The templates editor's record actions: add, duplicate and trash a template, add and remove
a section, add and delete a prompt.

Apart from the editing (fields that save themselves) because these make and remove records:
each names what it makes, selects it, and asks first when something goes away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.settings.template_models import unique_name
from ui.settings.template_widgets import ask, select_all
from workbook import templates, trash, wording

_NEW_TEMPLATE = "New template"
_NEW_SECTION = "New section"
_NEW_PROMPT = "New question — type it here"


class TemplateRecordActions:
    """Mixed into TemplatesEditor, whose lists, fields and `_change` these use."""

    templates_model: Any
    prompts_model: Any
    prompts_view: Any
    name_edit: Any
    heading_edit: Any
    last_question: Any
    current_template: Callable[[], Any]
    current_section: Callable[[], Any]
    _change: Callable[..., None]

    def add_template(self) -> None:
        name = unique_name(_NEW_TEMPLATE, [t.name for t in self.templates_model.records()])
        self._change(templates.add_template, name,
                     select=lambda ch: {"template": ch.created},
                     then=lambda: select_all(self.name_edit))

    def duplicate_template(self) -> None:
        template = self.current_template()
        if template is not None:
            name = unique_name(f"{template.name} (copy)",
                                [t.name for t in self.templates_model.records()])
            self._change(templates.duplicate_template, template.id, name,
                         select=lambda ch: {"template": ch.created},
                         then=lambda: select_all(self.name_edit))

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
                         then=lambda: select_all(self.heading_edit))

    def remove_section(self) -> None:
        section, template = self.current_section(), self.current_template()
        if section is not None and template is not None:
            count = len(section.prompts)
            self._ask(f"Delete the section «{section.heading}» from «{template.name}»?",
                      f"Its {wording.count(count, 'prompt')} go with it; this cannot "
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
        self.last_question = ask(self, text, detail, action, on_yes)
