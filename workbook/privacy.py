"""What a learner's document will hold, section by section, before it is written or printed.

A session summary prints the shared sections that have notes, and leaves out the private
ones (and shared ones with nothing written). Preview, print and export show this list first,
so the coach sees by heading what the learner will get. A section made shared after the
session began (`notes.set_shared` records every change of the flag, who and when) is named
with the day it happened: the one place a private note could otherwise slip onto paper.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import sqlite_utils

from workbook import validate
from workbook.errors import InvalidInput, NotFound
from workbook.records import Converters, FromRow, record_from_row


@dataclass(frozen=True)
class PrivacyChange(FromRow):
    """One change of a section's flag: made shared (`shared`) or made private."""

    section_id: int
    shared: bool
    changed_at: str  # UTC, "YYYY-MM-DDTHH:MM:SSZ"
    changed_by: str

    CONVERT: ClassVar[Converters] = {"shared": bool}


@dataclass(frozen=True)
class SectionInDocument:
    heading: str
    shared: bool
    written: bool  # has notes; an empty shared section prints nothing
    made_shared: PrivacyChange | None  # shared since the session began: when, by whom

    @property
    def printed(self) -> bool:
        return self.shared and self.written


@dataclass(frozen=True)
class DocumentContents:
    """The sections of one session as its summary will treat them, in the session's order."""

    session_id: int
    scheduled_at: str
    coachee_name: str
    sections: tuple[SectionInDocument, ...]

    @property
    def included(self) -> tuple[str, ...]:
        return tuple(s.heading for s in self.sections if s.printed)

    @property
    def private(self) -> tuple[str, ...]:
        return tuple(s.heading for s in self.sections if not s.shared)

    @property
    def empty(self) -> tuple[str, ...]:
        return tuple(s.heading for s in self.sections if s.shared and not s.written)

    @property
    def made_shared(self) -> tuple[SectionInDocument, ...]:
        """Printed sections that have been made shared since the session began."""
        return tuple(s for s in self.sections if s.printed and s.made_shared is not None)


def history(db: sqlite_utils.Database, section_id: int) -> list[PrivacyChange]:
    """Every change of one section's flag, oldest first."""
    section_id = validate.record_id(section_id, "section")
    return [PrivacyChange.from_row(r) for r in db.query(
        "SELECT * FROM section_privacy_changes WHERE section_id = ? ORDER BY id",
        [section_id])]


_SESSION = """
SELECT s.scheduled_at, c.name AS coachee_name FROM sessions s JOIN coachees c ON c.id = s.coachee_id
WHERE s.id = ? AND s.deleted_at IS NULL AND c.deleted_at IS NULL
"""
# The last change of each section decides: shared now and last made shared means "made
# shared since the session began" (a section that started shared has no such change).
_SECTIONS = """
SELECT ss.id, ss.heading, ss.shared, ss.body,
       p.section_id, p.shared AS p_shared, p.changed_at, p.changed_by
FROM session_sections ss
LEFT JOIN section_privacy_changes p ON p.id = (
    SELECT max(id) FROM section_privacy_changes WHERE section_id = ss.id)
WHERE ss.session_id = ?
ORDER BY ss.position, ss.id
"""


def document_contents(db: sqlite_utils.Database, session_id: int) -> DocumentContents:
    """Which sections of `session_id` its summary prints and which it leaves out."""
    session_id = validate.record_id(session_id, "session")
    rows = list(db.query(_SESSION, [session_id]))
    if not rows:
        raise NotFound(f"There is no session with id {session_id}.")
    sections = []
    for row in db.query(_SECTIONS, [session_id]):
        change = None
        if row["shared"] and row["p_shared"]:
            change = PrivacyChange.from_row(row)
        # the summary's own test of "written" (workbook.documents.summary)
        sections.append(record_from_row(SectionInDocument, row, convert={"shared": bool},
                                        written=bool(row["body"].strip()), made_shared=change))
    return record_from_row(DocumentContents, rows[0], session_id=session_id,
                           sections=tuple(sections))


def documents_contents(db: sqlite_utils.Database,
                       session_ids: Sequence[int]) -> list[DocumentContents]:
    """`document_contents` of each session, duplicates once, in the order given."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        raise InvalidInput("Choose at least one session.")
    return [document_contents(db, session_id) for session_id in ids]


# -- what is said before a summary is written (the window and the command line) -----------
def _iso_day(stamp: str) -> str:
    return stamp[:10]


def quoted(headings: Sequence[str]) -> str:
    return ", ".join(f"«{h}»" for h in headings)


def included_sentence(contents: DocumentContents) -> str:
    if not contents.included:
        return "No notes are printed: no shared section has notes yet."
    return f"Printed for the learner: {quoted(contents.included)}."


def made_shared_sentence(section: SectionInDocument, whose: str = "",
                         day: Callable[[str], str] = _iso_day) -> str:
    """The warning for a section made shared since its session began; `day` words the
    stored UTC stamp (the window shows "Tue 3 Mar 2026", the command line 2026-03-03)."""
    assert section.made_shared is not None
    where = f" in {whose}" if whose else ""
    return (f"«{section.heading}»{where} was made shared on "
            f"{day(section.made_shared.changed_at)} — it will be printed.")
