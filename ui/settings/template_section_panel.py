"""The templates editor's lower panels: a template's sections in session order, and the
selected section — its heading, whether it is shared with the coachee or private, the
guidance for the coach and its prompt questions.

The panels only show; the editor (ui.settings.templates_editor) connects their fields and
buttons and writes every edit to the workbook. Sharing a private section is the one choice the panel
confirms itself (`shared_chosen` only after the question): every later session from the
template would print it for the learner, so, as in a session's notes, it is never a stray key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.sessions.section_sharing import (
    ShareQuestion,
    ask_to_share,
    template_share_details,
    template_share_question,
)
from ui.settings.template_models import PromptListModel, SectionListModel
from ui.settings.template_private import PrivateBanner
from ui.settings.template_widgets import (
    OrderedList,
    buddy,
    button_row,
    push_button,
    show_text,
    text_box,
)
from workbook.templates import TemplateSection

Trigger = QAbstractItemView.EditTrigger
MIN_PROMPT_LINES = 5  # the prompts are what a coach reads here: never a sliver of a list


def _delete_key(view: QWidget, button: QPushButton) -> None:
    """Delete in the list does what the button does (nothing while it is disabled)."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(button.click)


class SectionsBox(QGroupBox):
    """A template's sections in the order of a session, with Add and Remove."""

    def __init__(self, model: SectionListModel, parent: QWidget | None = None) -> None:
        super().__init__("Se&ctions, in the order of a session", parent)
        self.sections_list = OrderedList("Sections", "section", model)
        self.view = self.sections_list.view
        self.add_button = push_button("&Add section", "Add a section to this template")
        self.remove_button = push_button("Remo&ve section…",
                                         "Delete the selected section (Delete)")
        _delete_key(self.view, self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections_list, 1)
        layout.addLayout(button_row(self.add_button, self.remove_button))

    def focus_chain(self) -> list[QWidget]:
        return [self.view, self.sections_list.up_button, self.sections_list.down_button,
                self.add_button, self.remove_button]


class SharedBox(QCheckBox):
    """"Shared with the coachee": unticking it makes the section private at once; ticking it
    only asks (`share_requested`). It takes no keyboard focus, so Tab and Space from the
    heading never reach it; the keyboard's way is the button beside it, which asks too."""

    share_requested = Signal()
    private_requested = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def nextCheckState(self) -> None:
        if self.isChecked():
            super().nextCheckState()
            self.private_requested.emit()
        else:
            self.share_requested.emit()  # stays unticked until the coach confirms


class SectionPanel(QGroupBox):
    """Heading, shared/private, guidance and prompts of one template section.

    `template_name()` names the template shown, for the question before sharing.
    """

    shared_chosen = Signal(int, bool)  # section id, shared: the coach's choice, confirmed

    def __init__(self, template_name: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__("Selected section", parent)
        self.template_name = template_name
        self.section: TemplateSection | None = None
        self.last_question: ShareQuestion | None = None
        self.prompts_model = PromptListModel(self)
        self.prompts_list = OrderedList("Prompts", "prompt", self.prompts_model)
        self.prompts_view = view = self.prompts_list.view
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.setAlternatingRowColors(True)
        view.setEditTriggers(Trigger.DoubleClicked | Trigger.EditKeyPressed
                             | Trigger.SelectedClicked)
        view.setMinimumHeight(view.fontMetrics().lineSpacing() * MIN_PROMPT_LINES
                              + 2 * view.frameWidth())

        self.heading_edit = QLineEdit()
        self.heading_edit.setAccessibleName("Section heading")
        self.shared_check = SharedBox("Shared with the coachee (printed on the summary)")
        self.shared_check.setAccessibleName("Section shared with the coachee")
        self.shared_check.share_requested.connect(self.ask_to_share)
        self.shared_check.private_requested.connect(lambda: self._choose(False))
        self.share_button = push_button("", "")
        self.share_button.clicked.connect(self._share_button_clicked)
        self.private_banner = PrivateBanner(detail="Stays in the workbook only.")
        self.private_banner.hide()
        self.shared_check.toggled.connect(lambda shared: self.private_banner.setVisible(not shared))
        self.guidance_edit = text_box("Section guidance")
        self.add_prompt_button = push_button("Add pr&ompt",
                                             "Add a prompt question to this section")
        self.delete_prompt_button = push_button("De&lete prompt",
                                                "Delete the selected prompt (Delete)")
        _delete_key(view, self.delete_prompt_button)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(buddy("&Heading", self.heading_edit), self.heading_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(button_row(self.shared_check, self.share_button))
        layout.addWidget(self.private_banner)  # a box layout honours its wrapped height
        layout.addWidget(buddy("G&uidance for the coach", self.guidance_edit))
        layout.addWidget(self.guidance_edit)
        layout.addWidget(buddy("&Prompts (double-click or F2 to edit)", self.prompts_view))
        layout.addWidget(self.prompts_list, 1)
        layout.addLayout(button_row(self.add_prompt_button, self.delete_prompt_button))
        self._show_shared(True, has_section=False)

    def focus_chain(self) -> list[QWidget]:
        # sharing comes last, not between the heading and the guidance: a deliberate stop
        return [self.heading_edit, self.guidance_edit, self.prompts_view,
                self.prompts_list.up_button, self.prompts_list.down_button,
                self.add_prompt_button, self.delete_prompt_button, self.share_button]

    def show_section(self, section: TemplateSection | None, prompt_id: int | None,
                     same: bool) -> None:
        """Show `section` (None: nothing); `same` when it is the one already shown, so a
        field being typed in keeps its text and the current prompt stays."""
        old_row = self.prompts_view.currentIndex().row()
        if not same:
            self._dismiss_question()
        self.section = section
        show_text(self.heading_edit, section.heading if section else "", same)
        self._show_shared(section.shared if section else True, section is not None)
        show_text(self.guidance_edit, section.guidance if section else "", same)
        self.prompts_model.sync(section.prompts if section else [])
        row = self.prompts_model.row_of(prompt_id)
        if row < 0 and same and old_row >= 0 and self.prompts_model.rowCount():
            row = min(old_row, self.prompts_model.rowCount() - 1)
        self.prompts_list.set_current(row)

    def _show_shared(self, shared: bool, has_section: bool = True) -> None:
        self.shared_check.setChecked(shared)
        self.private_banner.setVisible(has_section and not shared)
        if shared:
            self.share_button.setText("Ma&ke it private")
            tip = "Keep this section off the learner's summary in new sessions"
        else:
            self.share_button.setText("Share &with the coachee…")
            tip = "Print this section for the learner in new sessions (asks first)"
        self.share_button.setToolTip(tip)
        self.share_button.setAccessibleName(tip.split(" (")[0])

    def _share_button_clicked(self) -> None:
        # what is shown, not the stored record: a write may still be on its way
        if self.shared_check.isChecked():
            self._choose(False)
        else:
            self.ask_to_share()

    def _choose(self, shared: bool) -> None:
        if self.section is not None:
            self._show_shared(shared)
            self.shared_chosen.emit(self.section.id, shared)

    def ask_to_share(self) -> None:
        """The question naming the section and the template; nothing changes unless the
        coach chooses Share."""
        section = self.section
        if section is None or self.shared_check.isChecked():
            return
        self._dismiss_question()
        name = self.template_name()

        def shared() -> None:
            if (self.section is not None and self.section.id == section.id
                    and not self.shared_check.isChecked()):
                self._choose(True)

        box = ask_to_share(self, template_share_question(section.heading, name),
                           template_share_details(section.heading, name), shared)
        box.finished.connect(lambda _r: self._forget(box))
        self.last_question = box

    def _forget(self, box: ShareQuestion) -> None:
        if self.last_question is box:
            self.last_question = None

    def _dismiss_question(self) -> None:
        if self.last_question is not None:
            box, self.last_question = self.last_question, None
            box.reject()

    def update_enabled(self, has_section: bool) -> None:
        for widget in (self.heading_edit, self.shared_check, self.share_button,
                       self.guidance_edit, self.add_prompt_button, self.prompts_view):
            widget.setEnabled(has_section)
        self.delete_prompt_button.setEnabled(self.prompts_view.currentIndex().isValid())

    def clear(self) -> None:
        self._dismiss_question()
        self.section = None
        self.prompts_model.clear()
        self.heading_edit.clear()
        self.guidance_edit.clear()
