"""The meeting's own fields in the session editor, bound to the workbook: the header's title,
when, duration, modality and status, the agenda, and the next meeting.

Apart from the editor because binding fields is its own job with its own rules: a session
shown again after a change elsewhere never overwrites an edit the autosaver still holds (nor
a date typed that could not be read), and each edit is saved under its session and field, so
switching sessions never mixes two meetings' words. The editor decides which session is
shown; these fields show it and save what the coach types.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject

from ui.kit.autosave import Autosaver
from ui.kit.dates import from_qdatetime, to_qdatetime
from ui.sessions.session_bundle import SessionBundle
from ui.sessions.session_page import SessionPage
from workbook import sessions


class SessionFields(QObject):
    """Fills the page's meeting fields from a session and saves their edits.

    `session_id()` is the session shown, None while there is none (edits then save nothing).
    """

    def __init__(self, page: SessionPage, autosaver: Autosaver,
                 session_id: Callable[[], int | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.autosaver = autosaver
        self._session_id = session_id
        self.header = header = page.header
        self.agenda, self.has_next, self.next_meeting = (page.agenda, page.has_next,
                                                         page.next_meeting)
        header.title.textEdited.connect(lambda text: self.save("title", text))
        header.title.editingFinished.connect(autosaver.flush)  # focus left: save now
        header.when.dateTimeChanged.connect(
            lambda value: self.save("scheduled_at", from_qdatetime(value)))
        header.duration.valueChanged.connect(lambda v: self.save("duration_min", v))
        header.modality.activated.connect(
            lambda _i: self.save("modality", header.modality.currentData(), now=True))
        header.status.activated.connect(
            lambda _i: self.save("status", header.status.currentData(), now=True))
        self.agenda.textChanged.connect(
            lambda: self.save("agenda", None, read=self.agenda.toPlainText))
        self.agenda.installEventFilter(self)
        self.has_next.toggled.connect(self._next_toggled)
        self.next_meeting.dateTimeChanged.connect(lambda _v: self._save_next())

    # -- showing -------------------------------------------------------------------------
    def fill(self, bundle: SessionBundle, fresh: bool) -> None:
        """Show the bundle's session; `fresh` when it was not the one shown before."""
        session = bundle.detail.session

        def idle(field: str) -> bool:
            return fresh or self.autosaver.is_idle(("session", session.id, field))

        widgets = (self.agenda, self.next_meeting, self.has_next, self.header.title,
                   self.header.when)
        for widget in widgets:
            widget.blockSignals(True)
        if fresh:
            # Another session: its fields start with an empty undo history, so Ctrl+Z can
            # never bring the previous session's text into this one; a date typed for the
            # last one that could not be read is not carried over either.
            self.header.title.setText(session.title)
            self.header.when.setDateTime(to_qdatetime(session.scheduled_at))
            self.agenda.setPlainText(session.agenda)
            self.agenda.document().clearUndoRedoStacks()
        self.header.fill(session, bundle.coachee_name, idle)
        if idle("agenda") and self.agenda.toPlainText() != session.agenda:
            self.agenda.setPlainText(session.agenda)
        # never drop a date typed for this session that could not be read
        if idle("next_meeting_at") and (fresh or not self.next_meeting.text_problem()):
            planned = session.next_meeting_at is not None
            self.has_next.setChecked(planned)
            self.next_meeting.setEnabled(planned)
            self.next_meeting.setDateTime(to_qdatetime(session.next_meeting_at)
                                          if planned else self.header.when.dateTime().addDays(28))
        for widget in widgets:
            widget.blockSignals(False)

    def clear(self) -> None:
        """Empty every field, leaving nothing to undo and saving nothing."""
        self.header.clear()
        for edit in (self.agenda, self.next_meeting, self.has_next):
            edit.blockSignals(True)
        self.agenda.setPlainText("")
        self.agenda.document().clearUndoRedoStacks()
        self.has_next.setChecked(False)
        for edit in (self.agenda, self.next_meeting, self.has_next):
            edit.blockSignals(False)

    # -- saving --------------------------------------------------------------------------
    def save(self, field: str, value: Any, *, now: bool = False, read: Any = None) -> None:
        """Save `field` of the session shown: `value`, or what `read()` returns when the
        autosaver takes its snapshot; `now` skips the autosave delay."""
        session_id = self._session_id()
        if session_id is None:
            return

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
        self.save("next_meeting_at", value, now=now)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still call a filter while Python tears the object down
        if watched is getattr(self, "agenda", None) and event.type() == QEvent.Type.FocusOut:
            self.autosaver.flush()
        return super().eventFilter(watched, event)
