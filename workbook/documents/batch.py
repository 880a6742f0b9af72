"""Several session summaries at once: the day's meetings printed or exported together.

Rendering happens before anything is written or printed, with a progress callback and a
cancel check between sessions, so a cancelled or failed batch leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from workbook import coachees, sessions
from workbook.documents.output import file_name, write_all
from workbook.documents.summary_data import SummaryContent, load_summary
from workbook.errors import InvalidInput, WorkbookError

Progress = Callable[[int, int], None]  # done, total


class Cancelled(WorkbookError):
    """The coach cancelled a batch; nothing was written or printed."""


@dataclass(frozen=True)
class BatchSession:
    """One row of the batch dialog's list."""

    id: int
    scheduled_at: str
    coachee: str
    template_name: str
    title: str
    status: str


@dataclass(frozen=True)
class RenderedSummary:
    session_id: int
    file_name: str
    data: bytes


def sessions_between(db: sqlite_utils.Database, first: date | str,
                     last: date | str) -> list[BatchSession]:
    """Sessions from `first` to `last` (inclusive dates), earliest first, with the coachee's
    full name (two learners may go by the same first name)."""
    found = sessions.list_sessions(db, since=first, until=last)
    names = {c.id: c.name for c in coachees.list_coachees(db, include_archived=True)}
    return [BatchSession(s.id, s.scheduled_at, names.get(s.coachee_id, ""), s.template_name,
                         s.title, s.status) for s in reversed(found)]


def worth_summarising(session: BatchSession, today: date) -> bool:
    """Held, or planned for a day already here (its status not updated yet); a cancelled,
    no-show or future meeting has nothing to hand over."""
    return session.status == "held" or (session.status == "scheduled"
                                        and session.scheduled_at[:10] <= today.isoformat())


def load_summaries(db: sqlite_utils.Database,
                   session_ids: Sequence[int]) -> list[SummaryContent]:
    """What each summary shows (shared content only), duplicates once, in the order given."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        raise InvalidInput("Choose at least one session.")
    return [load_summary(db, session_id) for session_id in ids]


def render_loaded(contents: Sequence[SummaryContent], *, password: str | None = None,
                  progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                  printed: date | None = None) -> list[RenderedSummary]:
    """The PDF of each loaded summary (no database needed). Raises `Cancelled` as soon as
    `cancelled()` is true (checked before each one)."""
    from workbook.documents.summary import render_summary

    rendered: list[RenderedSummary] = []
    for done, content in enumerate(contents):
        if cancelled is not None and cancelled():
            raise Cancelled("Cancelled: no summary was written or printed.")
        data = render_summary(content, password=password, printed=printed)
        name = file_name("summary", content.coachee_name, content.scheduled_at[:10])
        rendered.append(RenderedSummary(content.session_id, name, data))
        if progress is not None:
            progress(done + 1, len(contents))
    return rendered


def render_summaries(db: sqlite_utils.Database, session_ids: Sequence[int], *,
                     password: str | None = None, progress: Progress | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     printed: date | None = None) -> list[RenderedSummary]:
    """The summary PDF of each session, in the order given (see `render_loaded`)."""
    return render_loaded(load_summaries(db, session_ids), password=password,
                         progress=progress, cancelled=cancelled, printed=printed)


def write_summaries(rendered: Iterable[RenderedSummary], folder: Path | str) -> list[Path]:
    """Write the rendered summaries into `folder`, all or none, never overwriting a file."""
    return write_all(folder, ((r.file_name, r.data) for r in rendered))


def export_summaries(db: sqlite_utils.Database, session_ids: Sequence[int],
                     folder: Path | str, *, password: str | None = None,
                     progress: Progress | None = None,
                     cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Render, then write: a cancel or a failure at any point writes nothing."""
    if not Path(folder).is_dir():
        raise InvalidInput(f"The folder «{folder}» does not exist; choose another.")
    rendered = render_summaries(db, session_ids, password=password, progress=progress,
                                cancelled=cancelled)
    if cancelled is not None and cancelled():
        raise Cancelled("Cancelled: no summary was written.")
    return write_summaries(rendered, folder)
