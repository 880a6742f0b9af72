"""The session editor: the screen a coach lives in during a meeting.

Top to bottom: the meeting's header, what is still open from last time (accountability),
the agenda, the template's sections of notes (shared or private), the goals discussed with a
quick check-in, the action items, and the next meeting; the template's prompts sit beside.
There is no Save button: every edit goes through the `Autosaver`, and the status in the
header says whether everything is saved.

This module decides which session is shown: opening, starting, reloading after a change
elsewhere, clearing on lock. The page's widgets are laid out in `ui.sessions.session_page`,
the meeting's fields are bound in `ui.sessions.session_fields`, the sections of notes come
and go in `ui.sessions.session_sections`.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.kit.autosave import Autosaver, SaveStatus
from ui.kit.state import WorkbookState
from ui.sessions.action_items_view import ActionItemsView
from ui.sessions.new_session_dialog import NewSessionDialog
from ui.sessions.section_editor import SectionEditor
from ui.sessions.session_bundle import SessionBundle, load_bundle
from ui.sessions.session_fields import SessionFields
from ui.sessions.session_page import SessionPage
from ui.sessions.session_parts import plain_label
from ui.sessions.session_sections import SessionSections
from workbook import dates, sessions
from workbook.changes import Changes
from workbook.errors import NotFound

PLACEHOLDER = "Choose a session, or press Ctrl+N to start one with the selected coachee."
_REFRESH_KINDS = ("session", "section", "action", "goal", "checkin", "trash", "template",
                  "prompt", "coachee")


class SessionEditor(QWidget):
    open_record = Signal(str, int)
    session_opened = Signal(int)  # a session is shown (after loading)
    session_created = Signal(int)  # started with Ctrl+N
    session_chosen = Signal(int)  # started or reopened from Ctrl+N: the coach writes in it

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        # Its own instance of the one autosaver (same delay, same retry) because the editor
        # has a status line of its own, and tells its own saves from others' by `own`.
        self.autosaver = Autosaver(state, self)
        self.autosaver.status_changed.connect(self._show_status)
        self.today = dates.today
        self.coachee_id: int | None = None
        self.bundle: SessionBundle | None = None
        self._loading: int | None = None
        self._dialog: NewSessionDialog | None = None
        self._build()
        self._build_actions()
        self.sections = SessionSections(self, self.autosaver, self.page, lambda: (
            self.bundle.template if self.bundle else None), self._call)
        self.sharing = self.sections.sharing
        state.changed.connect(self._on_changed)
        state.closed.connect(self.clear)
        state.opened.connect(lambda: self.new_session_action.setEnabled(
            self.coachee_id is not None))
        self.clear()

    # -- building the screen -----------------------------------------------------------
    def _build(self) -> None:
        self.stack = QStackedWidget()
        self.placeholder = plain_label(PLACEHOLDER)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        self.page = page = SessionPage(self.state, self._call, lambda: self.today())
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        # the header: title, who and which template, saved state, when/how/status
        self.header = page.header
        self.title, self.subtitle = self.header.title, self.header.subtitle
        self.save_status = self.header.save_status
        self.when, self.duration = self.header.when, self.header.duration
        self.modality, self.status = self.header.modality, self.header.status

        # the page: notes top to bottom, the prompts beside
        self.body, self.scroll, self.splitter = page.body, page.scroll, page.splitter
        self.accountability, self.goals = page.accountability, page.goals
        self.agenda_label, self.agenda = page.agenda_label, page.agenda
        self.notes_label, self.sections_box = page.notes_label, page.sections_box
        self.actions_label, self.action_panel = page.actions_label, page.action_panel
        self.action_model, self.action_table = (self.action_panel.model,
                                                self.action_panel.table)
        self.add_action_button = self.action_panel.add_button
        self.remove_action_button = self.action_panel.remove_button
        self.has_next, self.next_meeting = page.has_next, page.next_meeting
        self.prompts = page.prompts
        self.prompts.prompt_chosen.connect(self.insert_prompt)
        self.fields = SessionFields(page, self.autosaver, lambda: self.session_id, self)

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
        current = self.sections.current
        return current.section_id if current else None

    def section_editors(self) -> list[SectionEditor]:
        return list(self.sections.editors)

    def set_coachee(self, coachee_id: int | None) -> None:
        self.coachee_id = coachee_id
        self.new_session_action.setEnabled(coachee_id is not None and self.state.is_open)
        if self.bundle and self.bundle.detail.session.coachee_id != coachee_id:
            self.autosaver.flush()
            self.clear()

    def _commit_action_cell(self) -> None:
        """An action item being typed belongs to the session it was typed in: save it there
        before another session's items replace the table."""
        if self.action_table.state() == ActionItemsView.State.EditingState:
            editor = QApplication.focusWidget()
            if editor is not None and self.action_table.isAncestorOf(editor):
                self.action_table.commitData(editor)
                self.action_table.closeEditor(
                    editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def open_session(self, session_id: int) -> None:
        if session_id == self.session_id:
            self._reload()
            return
        self.autosaver.flush()  # switching: the last edits of the old session go first
        self._commit_action_cell()
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
            self.session_chosen.emit(changes.created)
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
        dialog = NewSessionDialog(self.state, self, coachee_id=coachee_id,
                                  today=lambda: self.today())
        dialog.chosen.connect(lambda template_id, when, status: self.new_session(
            coachee_id, template_id, scheduled_at=when, status=status))
        dialog.reopen.connect(self.resume_session)
        self._dialog = dialog
        dialog.open()

    def resume_session(self, session_id: int) -> None:
        """Open a meeting the coachee already has, with the caret in its first notes."""
        self.session_chosen.emit(session_id)
        if session_id == self.session_id:
            self.sections.focus_first()
            return
        self._focus_notes = True
        self.open_session(session_id)

    def insert_prompt(self, prompt: str | None = None) -> None:
        """Insert `prompt` (or the chosen one) into the section being written; pick the next."""
        text = prompt or self.prompts.current_prompt()
        target = self.sections.target()
        if not text or target is None:
            return
        target.insert_prompt(text)
        if prompt is None or prompt == self.prompts.current_prompt():
            self.prompts.move_selection(1)

    def add_action_item(self) -> None:
        if self.bundle is not None:
            self.action_panel.add_item()

    def clear(self) -> None:
        """Drop every record shown (after lock no note or name may remain in a widget)."""
        self._loading = None
        self.bundle = None
        self._focus_notes = False
        self.sections.remove()
        self.fields.clear()
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
            self.state.report(exc)

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
        self.bundle = bundle
        self.fields.fill(bundle, fresh)
        self.sections.show(bundle, fresh=fresh)
        current = self.sections.current
        self.prompts.set_template(bundle.template, current.key if current else None)
        self.accountability.show_for(bundle.accountability, bundle.detail.session.id,
                                     self.today())
        self.goals.show_for(bundle.goals, bundle.detail, self.today(), bundle.checked_in)
        if fresh:
            self._commit_action_cell()
        if self.action_table.state() != ActionItemsView.State.EditingState:
            self.action_model.set_scope(bundle.detail.session.coachee_id,
                                        bundle.detail.session.id)
            self.action_model.set_items(bundle.detail.actions)
        self.stack.setCurrentIndex(1)
        self._chain_tab_order()
        if fresh:
            self.scroll.verticalScrollBar().setValue(0)
            self.session_opened.emit(session_id)
            if self._focus_notes:
                self.sections.focus_first()
            self._focus_notes = False

    def focus_chain(self) -> list[QWidget]:
        """The order Tab visits the meeting's fields: top to bottom, then the prompts."""
        chain: list[QWidget] = [*self.header.inputs(), *self.accountability.boxes.values(),
                                self.agenda]
        # Notes to notes: the "Private" box is not on the way (a stray Tab and Space must
        # never share a section; see ui.sessions.section_sharing).
        chain += self.sections.stops()
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

    # -- edits and changes elsewhere ----------------------------------------------------
    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        """`state.call`, remembering the result as ours (no refresh from our own edits)."""
        self.state.call(self.autosaver.own.wrap(fn), *args, **kwargs)

    def _show_status(self, status: SaveStatus, sentence: str) -> None:
        self.header.show_status(status, sentence)

    def _on_changed(self, changes: Changes) -> None:
        if self.bundle is None or self.autosaver.own.owns(changes):
            return
        if any(changes.touches(kind) for kind in _REFRESH_KINDS):
            self._reload()

    def closeEvent(self, event: Any) -> None:
        self.autosaver.flush()
        super().closeEvent(event)


