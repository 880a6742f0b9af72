"""The template's prompts beside the notes: the focused section's first, or all of them.

The coach keeps typing in a section while choosing a prompt: Alt+Up / Alt+Down move the
choice (the session editor owns those shortcuts) and Ctrl+Shift+I inserts it; Enter or a
double click in the list does the same.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.kit.wrap_check import WrapCheckBox
from workbook.templates import Template, TemplateSection

PROMPT_ROLE = Qt.ItemDataRole.UserRole + 1


def _mute(label: QLabel) -> None:
    """Secondary text in the palette's placeholder colour (right in light and dark palettes)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


class _PromptList(QListWidget):
    chosen = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None and item.data(PROMPT_ROLE):
                self.chosen.emit(item.data(PROMPT_ROLE))
                return
        super().keyPressEvent(event)


class PromptPanel(QWidget):
    prompt_chosen = Signal(str)  # insert this prompt into the current section

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._template: Template | None = None
        self._section_key: str | None = None
        self.title = QLabel("Prompts")
        self.title.setWordWrap(True)  # "Prompts — <a long heading>" must not widen the page
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.PlainText)
        guidance_font = QFont(self.guidance.font())
        guidance_font.setItalic(True)
        self.guidance.setFont(guidance_font)
        _mute(self.guidance)
        self.list = _PromptList()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.setAccessibleName("Prompts")
        self.list.setToolTip("Enter, a double click or Ctrl+Shift+I inserts the prompt into "
                             "the section you are writing in; Alt+Up and Alt+Down choose "
                             "another without leaving it.")
        self.list.chosen.connect(self.prompt_chosen)
        self.list.itemDoubleClicked.connect(self._double_clicked)
        self.all_sections = WrapCheckBox("&Prompts of every section")
        self.all_sections.setAccessibleName("Show the prompts of every section")
        self.all_sections.toggled.connect(self._rebuild)
        self.hint = QLabel("Ctrl+Shift+I inserts · Alt+↑/↓ chooses")
        self.hint.setWordWrap(True)
        _mute(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.guidance)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.all_sections)
        layout.addWidget(self.hint)
        self._rebuild()

    # -- public ------------------------------------------------------------------------
    def set_template(self, template: Template | None, section_key: str | None = None) -> None:
        """The template's prompts, those of `section_key` first, the first one chosen; the
        list is rebuilt only if either changed (the next session of the same template
        keeps it)."""
        if template == self._template and section_key == self._section_key:
            self.list.setCurrentRow(-1)
            self.move_selection(1)  # a meeting opened starts at the first prompt
            return
        self._template = template
        self._section_key = section_key
        self._rebuild()

    def set_current_section(self, key: str | None) -> None:
        if key != self._section_key:
            self._section_key = key
            self._rebuild()

    def current_prompt(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(PROMPT_ROLE)

    def prompts(self) -> list[str]:
        """The prompts listed now, in order."""
        return [t for i in range(self.list.count())
                if (t := self.list.item(i).data(PROMPT_ROLE))]

    def move_selection(self, step: int) -> None:
        """Next (+1) or previous (-1) prompt, skipping section headings; stops at the ends."""
        row = self.list.currentRow()
        candidate = row + step if row >= 0 else (0 if step > 0 else self.list.count() - 1)
        while 0 <= candidate < self.list.count():
            if self.list.item(candidate).data(PROMPT_ROLE):
                self.list.setCurrentRow(candidate)
                self.list.scrollToItem(self.list.item(candidate))
                return
            candidate += step

    def clear(self) -> None:
        self._template = None
        self._section_key = None
        self._rebuild()

    # -- building the list -------------------------------------------------------------
    def _sections(self) -> list[TemplateSection]:
        return list(self._template.sections) if self._template else []

    def _rebuild(self) -> None:
        self.list.clear()
        sections = self._sections()
        current = next((s for s in sections if s.key == self._section_key), None)
        # the section's guidance is its placeholder text already; once is calmer than twice
        self.guidance.setText(current.guidance if current else "")
        self.guidance.setVisible(False)
        if self.all_sections.isChecked() or current is None:
            # the focused section's prompts first, then the others under their headings
            ordered = ([current] if current else []) + [s for s in sections if s is not current]
            for section in ordered:
                if section.prompts:
                    self._add_heading(section.heading)
                    self._add_prompts(section)
            self.title.setText("Prompts" if not current else f"Prompts — {current.heading}")
        else:
            self._add_prompts(current)
            self.title.setText(f"Prompts — {current.heading}")
        if not self.prompts():
            empty = QListWidgetItem("This template has no prompts for this section."
                                    if self._template else "No template, so no prompts.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        self.list.setAccessibleDescription(self.title.text())
        self.move_selection(1)

    def _add_heading(self, heading: str) -> None:
        item = QListWidgetItem(heading)
        font = QFont(self.list.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.list.addItem(item)

    def _add_prompts(self, section: TemplateSection) -> None:
        for prompt in section.prompts:
            item = QListWidgetItem(prompt.text)
            item.setData(PROMPT_ROLE, prompt.text)
            item.setToolTip(prompt.text)
            self.list.addItem(item)

    def _double_clicked(self, item: QListWidgetItem) -> None:
        if item.data(PROMPT_ROLE):
            self.prompt_chosen.emit(item.data(PROMPT_ROLE))
