"""The session editor: the screen a coach lives in during a meeting.

Top to bottom: the meeting's header, what is still open from last time (accountability),
the agenda, the template's sections of notes (shared or private), the goals discussed with a
quick check-in, the action items, and the next meeting; the template's prompts sit beside.
There is no Save button: every edit goes through the `Autosaver`, and the status in the
header says whether everything is saved.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.action_items_model import ENGLISH, ActionItemsModel, ActionItemsView, owner_label
from ui.autosave import Autosaver, SaveStatus, report_failure
from ui.dates import format_date, format_datetime
from ui.new_session_dialog import NewSessionDialog, from_qdatetime, to_qdatetime
from ui.prompt_panel import PromptPanel
from ui.section_editor import NotesEdit, SectionEditor
from ui.state import WorkbookState
from workbook import actions, coachees, goals, sessions, templates
from workbook.changes import Changes
from workbook.errors import NotFound
from workbook.goal_records import Goal
from workbook.sessions import MODALITIES, STATUSES, Accountability, SessionDetail
from workbook.templates import Template

PLACEHOLDER = "Choose a session, or press Ctrl+N to start one with the selected coachee."
DATETIME_FORMAT = "ddd d MMM yyyy  HH:mm"
_REFRESH_KINDS = ("session", "section", "action", "goal", "checkin", "trash", "template",
                  "prompt", "coachee")


@dataclass(frozen=True)
class SessionBundle:
    """Everything the editor shows, read in one worker call."""

    detail: SessionDetail
    coachee_name: str
    template: Template | None
    goals: tuple[Goal, ...]  # the active ones and any already discussed
    accountability: Accountability
    checked_in: dict[int, int | None]  # goal id -> progress at this session's check-in


def load_bundle(db: Any, session_id: int) -> SessionBundle:
    detail = sessions.detail(db, session_id)
    session = detail.session
    template = None
    if session.template_id is not None:
        try:
            template = templates.get_template(db, session.template_id, include_deleted=True)
        except NotFound:
            template = None
    every = goals.list_goals(db, session.coachee_id)
    shown = tuple(g for g in every if g.status == "active" or g.id in detail.goal_ids)
    checked_in = {k.goal_id: k.progress for g in shown for k in goals.list_checkins(db, g.id)
                  if k.session_id == session.id}
    return SessionBundle(detail, coachees.get(db, session.coachee_id).name, template, shown,
                         sessions.accountability(db, session.coachee_id,
                                                 before_session_id=session.id), checked_in)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    label.setWordWrap(True)  # long session titles must wrap, never widen the editor
    return label


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class _ClickLabel(QLabel):
    """A goal's title that wraps instead of being cut, and ticks its box when clicked."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mousePressEvent(self, event: Any) -> None:
        self._box.click()


class AccountabilityStrip(QFrame):
    """What is still open from earlier meetings, ticked off in one click."""

    MAX_SHOWN = 8

    def __init__(self, call: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Since last time")
        self.title = _heading("Since last time")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        self.goals_line = _label("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        layout.addWidget(self.goals_line)
        self.boxes: dict[int, QCheckBox] = {}
        self.hide()

    def show_for(self, acc: Accountability, session_id: int, today: date) -> None:
        self.clear()
        last = acc.last_session
        if last is None and not acc.open_actions and not acc.active_goals:
            return
        what = (last.title or last.template_name or "meeting") if last else ""
        self.title.setText(f"Since last time — {format_date(last.scheduled_at)}, {what}"
                           if last else "Before this meeting")
        for item in acc.open_actions[:self.MAX_SHOWN]:
            due = ""
            if item.due_date:
                late = " (overdue)" if item.due_date < today.isoformat() else ""
                due = f", due {format_date(item.due_date)}{late}"
            box = QCheckBox(f"{item.text} — {owner_label(item.owner)}{due}")
            box.setToolTip(item.text)
            box.setAccessibleName(f"Done: {item.text}")
            box.toggled.connect(lambda done, i=item.id: self._call(
                actions.complete if done else actions.reopen, i))
            self.rows.addWidget(box)
            self.boxes[item.id] = box
        more = len(acc.open_actions) - self.MAX_SHOWN
        if more > 0:
            self.rows.addWidget(_label(f"… and {more} more open action items."))
        if not acc.open_actions:
            self.rows.addWidget(_label("No open action items from earlier meetings."))
        self.goals_line.setText(
            "Active goals: " + " · ".join(f"{g.title} ({g.progress} %)" for g in acc.active_goals)
            if acc.active_goals else "No active goals yet.")
        self.show()

    def clear(self) -> None:
        self.boxes.clear()
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.title.setText("Since last time")
        self.goals_line.clear()
        self.hide()


class GoalsDiscussed(QWidget):
    """The coachee's active goals: tick the ones discussed, record progress in two keys."""

    def __init__(self, call: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.boxes: dict[int, QCheckBox] = {}
        self.spins: dict[int, QSpinBox] = {}
        self.results: dict[int, QLabel] = {}
        self.buttons: dict[int, QPushButton] = {}
        self._session_id: int | None = None
        self._checked_on: str | None = None

    def show_for(self, shown: tuple[Goal, ...], detail: SessionDetail, today: date,
                 checked_in: dict[int, int | None] | None = None) -> None:
        self.clear()
        session = detail.session
        self._session_id = session.id
        day = session.scheduled_at[:10]
        self._checked_on = day if day <= today.isoformat() else None
        if not shown:
            self.grid.addWidget(_label("No active goals yet; set them in the Goals tab."),
                                0, 0, 1, 5)
            return
        for row, goal in enumerate(shown):
            box = QCheckBox()
            box.setToolTip("Discussed in this meeting")
            box.setAccessibleName(f"Discussed: {goal.title}")
            box.setChecked(goal.id in detail.goal_ids)
            title = _ClickLabel(goal.title, box)
            box.toggled.connect(lambda on, g=goal.id: self._discussed(g, on))
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSingleStep(10)
            spin.setSuffix(" %")
            spin.setValue(goal.progress)
            spin.setAccessibleName(f"Progress: {goal.title}")
            spin.setToolTip("Progress now; Enter or “Check in” records it")
            spin.lineEdit().returnPressed.connect(lambda g=goal.id: self.check_in(g))
            button = QPushButton("Check in")
            button.setAccessibleName(f"Check in: {goal.title}")
            button.clicked.connect(lambda _c=False, g=goal.id: self.check_in(g))
            result = QLabel()
            if checked_in and goal.id in checked_in:
                result.setText(f"✓ {checked_in[goal.id]} %" if checked_in[goal.id] is not None
                               else "✓")
            self.grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(title, row, 1)
            self.grid.addWidget(spin, row, 2, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(button, row, 3, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(result, row, 4, Qt.AlignmentFlag.AlignTop)
            self.boxes[goal.id], self.spins[goal.id] = box, spin
            self.buttons[goal.id], self.results[goal.id] = button, result

    def check_in(self, goal_id: int) -> None:
        """Record the progress as a check-in of this session; the goal counts as discussed."""
        if self._session_id is None or goal_id not in self.spins:
            return
        progress = self.spins[goal_id].value()
        self.boxes[goal_id].setChecked(True)
        label = self.results[goal_id]
        def shown(_changes: Any) -> None:
            with contextlib.suppress(RuntimeError):  # the row went (locked, another session)
                label.setText(f"✓ {progress} %")

        self._call(goals.check_in, goal_id, progress=progress, session_id=self._session_id,
                   checked_on=self._checked_on, success=shown)

    def _discussed(self, goal_id: int, on: bool) -> None:
        if self._session_id is not None:
            self._call(sessions.discuss_goal if on else sessions.undiscuss_goal,
                       self._session_id, goal_id)

    def clear(self) -> None:
        self._session_id = None
        for table in (self.boxes, self.spins, self.results, self.buttons):
            table.clear()
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()


class SessionEditor(QWidget):
    open_record = Signal(str, int)
    session_opened = Signal(int)  # a session is shown (after loading)
    session_created = Signal(int)  # started with Ctrl+N

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 autosave_ms: int | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.autosaver = (Autosaver(state, self) if autosave_ms is None
                          else Autosaver(state, self, delay_ms=autosave_ms))
        self.autosaver.status_changed.connect(self._show_status)
        self.today = date.today
        self.coachee_id: int | None = None
        self.bundle: SessionBundle | None = None
        self._loading: int | None = None
        self._sections: list[SectionEditor] = []
        self._current: SectionEditor | None = None
        self._dialog: NewSessionDialog | None = None
        self._build()
        self._build_actions()
        state.changed.connect(self._on_changed)
        state.closed.connect(self.clear)
        state.opened.connect(lambda: self.new_session_action.setEnabled(
            self.coachee_id is not None))
        self.clear()

    # -- building the screen -----------------------------------------------------------
    def _build(self) -> None:
        self.stack = QStackedWidget()
        self.placeholder = _label(PLACEHOLDER)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        page = QWidget()
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        # the header: title, who and which template, saved state, when/how/status
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title of this meeting (optional)")
        self.title.setAccessibleName("Session title")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.title.setFont(title_font)
        self.title.setFrame(False)
        self.title.textEdited.connect(lambda text: self._save_field("title", text))
        self.title.editingFinished.connect(self.autosaver.flush)  # focus left: save now
        self.subtitle = _label("")
        self.save_status = QLabel(SaveStatus.SAVED.value)
        self.save_status.setAccessibleName("Save status")
        self.save_status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.save_status.setWordWrap(True)
        self.when = QDateTimeEdit()
        self.when.setLocale(ENGLISH)
        self.when.setDisplayFormat(DATETIME_FORMAT)
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName("Meeting date and time")
        self.when.dateTimeChanged.connect(
            lambda value: self._save_field("scheduled_at", from_qdatetime(value)))
        self.duration = QSpinBox()
        self.duration.setRange(0, 1440)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setAccessibleName("Duration in minutes")
        self.duration.valueChanged.connect(lambda v: self._save_field("duration_min", v))
        self.modality = QComboBox()
        for value in MODALITIES:
            self.modality.addItem(value.replace("-", " ").capitalize(), value)
        self.modality.setAccessibleName("Modality")
        self.modality.activated.connect(
            lambda _i: self._save_field("modality", self.modality.currentData(), now=True))
        self.status = QComboBox()
        for value in STATUSES:
            self.status.addItem(value.capitalize(), value)
        self.status.setAccessibleName("Session status")
        self.status.activated.connect(
            lambda _i: self._save_field("status", self.status.currentData(), now=True))

        head = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.save_status)
        head.addLayout(top)
        head.addWidget(self.subtitle)
        fields = QHBoxLayout()
        for text, widget in (("&When", self.when), ("D&uration", self.duration),
                             ("&Modality", self.modality), ("S&tatus", self.status)):
            label = QLabel(text)
            label.setBuddy(widget)
            fields.addWidget(label)
            fields.addWidget(widget)
            fields.addSpacing(8)
        fields.addStretch(1)
        head.addLayout(fields)

        # the body: a scrolling page of notes, the prompts beside it
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(4, 4, 12, 12)
        self.body.setSpacing(10)
        self.accountability = AccountabilityStrip(self._call)
        self.body.addWidget(self.accountability)
        self.agenda_label = _heading("&Agenda")
        self.agenda = NotesEdit()
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setPlaceholderText("What the coachee wants to talk about today")
        self.agenda.textChanged.connect(
            lambda: self._save_field("agenda", None, read=self.agenda.toPlainText))
        self.agenda_label.setBuddy(self.agenda)
        self.agenda.installEventFilter(self)
        self.body.addWidget(self.agenda_label)
        self.body.addWidget(self.agenda)
        self.notes_label = _heading("Notes")
        self.body.addWidget(self.notes_label)
        self.sections_box = QVBoxLayout()
        self.sections_box.setSpacing(10)
        self.body.addLayout(self.sections_box)

        self.goals = GoalsDiscussed(self._call)
        self.body.addWidget(_heading("Goals discussed"))
        self.body.addWidget(self.goals)

        self.actions_label = _heading("Action items")
        self.body.addWidget(self.actions_label)
        self.action_model = ActionItemsModel(self.state, self, call=self._call)
        self.action_model.today = lambda: self.today()
        self.action_table = ActionItemsView()
        self.action_table.setModel(self.action_model)
        self.actions_label.setBuddy(self.action_table)
        self.body.addWidget(self.action_table)
        buttons = QHBoxLayout()
        self.add_action_button = QPushButton("Add action item")
        self.add_action_button.setToolTip("Add an action item (Ctrl+Shift+A)")
        self.add_action_button.setAccessibleName("Add action item")
        self.add_action_button.clicked.connect(self.add_action_item)
        self.remove_action_button = QPushButton("🗑 Remove")
        self.remove_action_button.setAccessibleName("Remove action item")
        self.remove_action_button.setToolTip("Move the chosen action item to the trash")
        self.remove_action_button.clicked.connect(self.remove_action_item)
        buttons.addWidget(self.add_action_button)
        buttons.addWidget(self.remove_action_button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)

        next_row = QHBoxLayout()
        self.has_next = QCheckBox("&Next meeting")
        self.has_next.setAccessibleName("Next meeting planned")
        self.has_next.toggled.connect(self._next_toggled)
        self.next_meeting = QDateTimeEdit()
        self.next_meeting.setLocale(ENGLISH)
        self.next_meeting.setDisplayFormat(DATETIME_FORMAT)
        self.next_meeting.setCalendarPopup(True)
        self.next_meeting.setAccessibleName("Next meeting date and time")
        self.next_meeting.dateTimeChanged.connect(lambda _v: self._save_next())
        next_row.addWidget(self.has_next)
        next_row.addWidget(self.next_meeting)
        next_row.addStretch(1)
        self.body.addLayout(next_row)
        self.body.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        # Notes wrap to the width available; sideways scrolling while typing loses the text.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        self.prompts = PromptPanel()
        self.prompts.prompt_chosen.connect(self.insert_prompt)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.prompts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 260])
        self.splitter.setChildrenCollapsible(True)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.addLayout(head)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)

    def _build_actions(self) -> None:
        def action(text: str, shortcut: str, slot: Any, context: Qt.ShortcutContext
                   ) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(context)
            act.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        inside = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.new_session_action = action("&New session…", "Ctrl+N", self.ask_new_session,
                                         Qt.ShortcutContext.WindowShortcut)
        self.new_session_action.setEnabled(False)
        self.insert_prompt_action = action("&Insert prompt", "Ctrl+Shift+I",
                                           lambda: self.insert_prompt(None), inside)
        self.next_prompt_action = action("Next prompt", "Alt+Down",
                                         lambda: self.prompts.move_selection(1), inside)
        self.previous_prompt_action = action("Previous prompt", "Alt+Up",
                                             lambda: self.prompts.move_selection(-1), inside)
        self.add_action_action = action("Add &action item", "Ctrl+Shift+A",
                                        self.add_action_item, inside)

    # -- public --------------------------------------------------------------------------
    @property
    def session_id(self) -> int | None:
        return self.bundle.detail.session.id if self.bundle else None

    def current_section_id(self) -> int | None:
        """The section being written in (for "Note versions…")."""
        return self._current.section_id if self._current else None

    def section_editors(self) -> list[SectionEditor]:
        return list(self._sections)

    def set_coachee(self, coachee_id: int | None) -> None:
        self.coachee_id = coachee_id
        self.new_session_action.setEnabled(coachee_id is not None and self.state.is_open)
        if self.bundle and self.bundle.detail.session.coachee_id != coachee_id:
            self.autosaver.flush()
            self.clear()

    def open_session(self, session_id: int) -> None:
        if session_id == self.session_id:
            self._reload()
            return
        self.autosaver.flush()  # switching: the last edits of the old session go first
        self._loading = session_id
        self.state.call(load_bundle, session_id, label="Opening the session…",
                        success=lambda b: self._loaded(session_id, b, fresh=True),
                        failure=lambda exc: self._load_failed(session_id, exc))

    def new_session(self, coachee_id: int, template: int | str | None = "free-form",
                    **fields: Any) -> None:
        """Start a session (sessions.start) and open it with the cursor in its first notes."""
        self.autosaver.flush()

        def started(changes: Changes) -> None:
            assert changes.created is not None
            self._focus_notes = True
            self.session_created.emit(changes.created)
            self.open_session(changes.created)

        self._call(sessions.start, coachee_id, template, success=started, **fields)

    def ask_new_session(self) -> None:
        """Ctrl+N: choose a template and a time, then start."""
        if not self.state.is_open:
            return
        if self.coachee_id is None:
            self.state.error.emit("Choose a coachee first, then start a session (Ctrl+N).")
            return
        coachee_id = self.coachee_id
        dialog = NewSessionDialog(self.state, self, coachee_id=coachee_id)
        dialog.chosen.connect(lambda template_id, when, status: self.new_session(
            coachee_id, template_id, scheduled_at=when, status=status))
        self._dialog = dialog
        dialog.open()

    def insert_prompt(self, prompt: str | None = None) -> None:
        """Insert `prompt` (or the chosen one) into the section being written; pick the next."""
        text = prompt or self.prompts.current_prompt()
        target = self._current or (self._sections[0] if self._sections else None)
        if not text or target is None:
            return
        target.insert_prompt(text)
        if prompt is None or prompt == self.prompts.current_prompt():
            self.prompts.move_selection(1)

    def add_action_item(self) -> None:
        if self.bundle is None:
            return
        index = self.action_model.add_row()
        self.action_table.setCurrentIndex(index)
        self.action_table.setFocus()
        self.action_table.edit(index)

    def remove_action_item(self) -> None:
        index = self.action_table.currentIndex()
        if index.isValid():
            self.action_model.remove_row(index.row())

    def clear(self) -> None:
        """Drop every record shown (after lock no note or name may remain in a widget)."""
        self._loading = None
        self.bundle = None
        self._focus_notes = False
        self._remove_sections()
        for edit in (self.title, self.when, self.duration, self.modality, self.status,
                     self.agenda, self.next_meeting, self.has_next):
            edit.blockSignals(True)
        self.title.clear()
        self.title.setToolTip("")
        self.subtitle.clear()
        self.agenda.setPlainText("")
        self.agenda.document().clearUndoRedoStacks()
        self.has_next.setChecked(False)
        for edit in (self.title, self.when, self.duration, self.modality, self.status,
                     self.agenda, self.next_meeting, self.has_next):
            edit.blockSignals(False)
        self.title.setModified(False)
        self.accountability.clear()
        self.goals.clear()
        self.action_model.clear()
        self.prompts.clear()
        self.stack.setCurrentIndex(0)
        self.new_session_action.setEnabled(self.coachee_id is not None and self.state.is_open)

    # -- loading -------------------------------------------------------------------------
    def _reload(self) -> None:
        session_id = self.session_id
        if session_id is None:
            return
        self.state.call(load_bundle, session_id,
                        success=lambda b: self._loaded(session_id, b, fresh=False),
                        failure=lambda exc: self._load_failed(session_id, exc))

    def _load_failed(self, session_id: int, exc: BaseException) -> None:
        if isinstance(exc, NotFound) and session_id == self.session_id:
            self.clear()  # trashed elsewhere
        elif not isinstance(exc, NotFound):
            report_failure(self.state, exc)

    def _loaded(self, session_id: int, bundle: SessionBundle, *, fresh: bool) -> None:
        if fresh and self._loading != session_id:
            return  # another session was chosen meanwhile
        if not fresh and session_id != self.session_id:
            return
        self._loading = None
        if fresh:
            # Snapshots read the widgets: take them all before the widgets show another
            # session (the agenda of the old one must not be saved with the new one's text).
            self.autosaver.flush()
        same_sections = (not fresh and [s.id for s in bundle.detail.sections]
                         == [e.section_id for e in self._sections])
        self.bundle = bundle
        self._fill_header(bundle, fresh)
        if same_sections:
            for editor, section in zip(self._sections, bundle.detail.sections, strict=True):
                editor.set_section(section)
        else:
            self._build_sections(bundle)
        self.prompts.set_template(bundle.template)
        self.prompts.set_current_section(self._current.key if self._current else None)
        self.accountability.show_for(bundle.accountability, bundle.detail.session.id,
                                     self.today())
        self.goals.show_for(bundle.goals, bundle.detail, self.today(), bundle.checked_in)
        if self.action_table.state() != ActionItemsView.State.EditingState:
            self.action_model.set_scope(bundle.detail.session.coachee_id,
                                        bundle.detail.session.id)
            self.action_model.set_items(bundle.detail.actions)
        self.stack.setCurrentIndex(1)
        self._chain_tab_order()
        if fresh:
            self.scroll.verticalScrollBar().setValue(0)
            self.session_opened.emit(session_id)
            if self._focus_notes and self._sections:
                self._sections[0].text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus_notes = False

    def _fill_header(self, bundle: SessionBundle, fresh: bool) -> None:
        session = bundle.detail.session

        def idle(field: str) -> bool:
            return fresh or self.autosaver.is_idle(("session", session.id, field))

        widgets = (self.title, self.when, self.duration, self.modality, self.status,
                   self.agenda, self.next_meeting, self.has_next)
        for widget in widgets:
            widget.blockSignals(True)
        if idle("title") and self.title.text() != session.title:
            self.title.setText(session.title)
        if idle("scheduled_at"):
            self.when.setDateTime(to_qdatetime(session.scheduled_at))
        if idle("duration_min"):
            self.duration.setValue(session.duration_min)
        if idle("modality"):
            self.modality.setCurrentIndex(max(0, self.modality.findData(session.modality)))
        if idle("status"):
            self.status.setCurrentIndex(max(0, self.status.findData(session.status)))
        if idle("agenda") and self.agenda.toPlainText() != session.agenda:
            self.agenda.setPlainText(session.agenda)
        if idle("next_meeting_at"):
            planned = session.next_meeting_at is not None
            self.has_next.setChecked(planned)
            self.next_meeting.setEnabled(planned)
            self.next_meeting.setDateTime(to_qdatetime(session.next_meeting_at)
                                          if planned else self.when.dateTime().addDays(28))
        for widget in widgets:
            widget.blockSignals(False)
        template = session.template_name or "No template"
        self.subtitle.setText(f"{bundle.coachee_name} · {template} · "
                              f"{format_datetime(session.scheduled_at)}")
        self.title.setToolTip(session.title)

    def _build_sections(self, bundle: SessionBundle) -> None:
        self._remove_sections()
        guidance = {s.key: s.guidance for s in bundle.template.sections} \
            if bundle.template else {}
        for section in bundle.detail.sections:
            editor = SectionEditor(self.autosaver, section, guidance.get(section.key, ""))
            editor.activated.connect(self._section_activated)
            self.sections_box.addWidget(editor)
            self._sections.append(editor)
        self.notes_label.setVisible(bool(self._sections))
        self._current = self._sections[0] if self._sections else None

    def focus_chain(self) -> list[QWidget]:
        """The order Tab visits the meeting's fields: top to bottom, then the prompts."""
        chain: list[QWidget] = [self.title, self.when, self.duration, self.modality,
                                self.status, *self.accountability.boxes.values(), self.agenda]
        for editor in self._sections:
            chain += [editor.private_box, editor.text_edit]
        for goal_id in self.goals.boxes:
            chain += [self.goals.boxes[goal_id], self.goals.spins[goal_id],
                      self.goals.buttons[goal_id]]
        chain += [self.action_table, self.add_action_button, self.remove_action_button,
                  self.has_next, self.next_meeting, self.prompts.list,
                  self.prompts.all_sections]
        return chain

    def _chain_tab_order(self) -> None:
        chain = self.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _remove_sections(self) -> None:
        if self._sections:
            self.autosaver.flush()  # snapshots are taken before the editors go
        for editor in self._sections:
            editor.clear_contents()
            self.sections_box.removeWidget(editor)
            editor.setParent(None)
            editor.deleteLater()
        self._sections = []
        self._current = None

    def _section_activated(self, editor: SectionEditor) -> None:
        self._current = editor
        self.prompts.set_current_section(editor.key)

    # -- saving --------------------------------------------------------------------------
    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        """`state.call`, remembering the result as ours (no refresh from our own edits)."""
        self.state.call(self.autosaver.own.wrap(fn), *args, **kwargs)

    def _save_field(self, field: str, value: Any, *, now: bool = False,
                    read: Any = None) -> None:
        if self.bundle is None:
            return
        session_id = self.bundle.detail.session.id

        def snapshot() -> Any:
            return partial(sessions.update, session_id=session_id,
                           **{field: read() if read else value})

        key = ("session", session_id, field)  # per session: a switch never mixes them up
        if now:
            self.autosaver.save_now(key, snapshot)
        else:
            self.autosaver.schedule(key, snapshot)

    def _next_toggled(self, planned: bool) -> None:
        self.next_meeting.setEnabled(planned)
        self._save_next(now=True)

    def _save_next(self, now: bool = False) -> None:
        value = from_qdatetime(self.next_meeting.dateTime()) if self.has_next.isChecked() \
            else None
        self._save_field("next_meeting_at", value, now=now)

    def _show_status(self, status: SaveStatus, sentence: str) -> None:
        text = f"{status.value}: {sentence}" if sentence else status.value
        self.save_status.setText(text)
        self.save_status.setToolTip(text)
        palette = self.palette()
        if status is SaveStatus.FAILED:
            palette.setColor(QPalette.ColorRole.WindowText, palette.color(
                QPalette.ColorRole.Text))
        else:
            palette.setColor(QPalette.ColorRole.WindowText, palette.color(
                QPalette.ColorRole.PlaceholderText))
        self.save_status.setPalette(palette)
        font = QFont(self.save_status.font())
        font.setBold(status is SaveStatus.FAILED)
        self.save_status.setFont(font)

    def _on_changed(self, changes: Changes) -> None:
        if self.bundle is None or self.autosaver.own.owns(changes):
            return
        if any(changes.touches(kind) for kind in _REFRESH_KINDS):
            self._reload()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.agenda and event.type() == event.Type.FocusOut:
            self.autosaver.flush()
        return super().eventFilter(watched, event)

    def closeEvent(self, event: Any) -> None:
        self.autosaver.flush()
        super().closeEvent(event)


