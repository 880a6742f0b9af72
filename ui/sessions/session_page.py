"""The session editor's page, laid out: the header on top, then a scrolling column of notes
(accountability, agenda, the template's sections, goals discussed, action items, next
meeting) with the template's prompts beside it.

Only the widgets and their layout live here; the session editor fills them and saves what
the coach types.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.kit.date_time_field import DateTimeField
from ui.kit.state import WorkbookState
from ui.sessions.prompt_panel import PromptPanel
from ui.sessions.section_editor import NotesEdit
from ui.sessions.session_header import SessionHeader
from ui.sessions.session_parts import AccountabilityStrip, ActionItemsPanel, GoalsDiscussed, heading


class NotesScroll(QScrollArea):
    """Scrolls up and down only; never narrower than its page can wrap to.

    Without a sideways scroll bar, a page wider than the view would be cut off at the right
    (a "Private" box reading "Priva"); asking for the page's minimum width lets the splitter
    give the room instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        # Notes wrap to the width available; sideways scrolling while typing loses the text.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        page = self.widget()
        if page is None:
            return hint
        width = (page.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                 + 2 * self.frameWidth())
        return QSize(max(hint.width(), width), hint.height())


class SessionPage(QWidget):
    def __init__(self, state: WorkbookState, call: Any, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = SessionHeader()

        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(4, 4, 12, 12)
        self.body.setSpacing(10)
        self.accountability = AccountabilityStrip(call)
        self.body.addWidget(self.accountability)
        self.agenda_label = heading("&Agenda")
        self.agenda = NotesEdit()
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setPlaceholderText("What the coachee wants to talk about today")
        self.agenda_label.setBuddy(self.agenda)
        self.body.addWidget(self.agenda_label)
        self.body.addWidget(self.agenda)
        self.notes_label = heading("Notes")
        self.body.addWidget(self.notes_label)
        self.sections_box = QVBoxLayout()
        self.sections_box.setSpacing(10)
        self.body.addLayout(self.sections_box)

        self.goals = GoalsDiscussed(call)
        self.body.addWidget(heading("Goals discussed"))
        self.body.addWidget(self.goals)

        self.actions_label = heading("Action items")
        self.body.addWidget(self.actions_label)
        self.action_panel = ActionItemsPanel(state, call, today)
        self.actions_label.setBuddy(self.action_panel.table)
        self.body.addWidget(self.action_panel)

        next_row = QHBoxLayout()
        self.has_next = QCheckBox("&Next meeting")
        self.has_next.setAccessibleName("Next meeting planned")
        self.next_meeting = DateTimeField()
        self.next_meeting.setAccessibleName("Next meeting date and time")
        next_row.addWidget(self.has_next, 0, Qt.AlignmentFlag.AlignTop)
        next_row.addWidget(self.next_meeting)
        next_row.addStretch(1)
        self.body.addLayout(next_row)
        self.body.addStretch(1)

        self.scroll = NotesScroll()
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the notes, not the frame
        self.scroll.setWidget(content)
        self.prompts = PromptPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.prompts)
        # the notes take any spare width; the prompts keep a readable column (and can be
        # dragged away entirely)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        prompts = self.prompts.fontMetrics().horizontalAdvance("x") * 30
        self.splitter.setSizes([4 * prompts, prompts])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.addWidget(self.header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)
