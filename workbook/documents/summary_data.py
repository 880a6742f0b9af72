"""Everything a session summary shows, and nothing else, in one read.

Only what the learner may take home is selected: the session's SHARED sections
(`shared = 1` in the query itself), the goals discussed with their linked values, the action
items agreed and the next meeting. Private sections, check-in notes, the agenda and the
coachee's agreement notes are never loaded, so they cannot reach the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from workbook import validate
from workbook.errors import NotFound
from workbook.records import FromRow, record_from_row
from workbook.settings import Settings, get_settings


def name_with_preferred(name: str, preferred: str) -> str:
    """The full name, with the name they go by when it is not already part of it: how
    every document names the coachee ("王小明 (Xiaoming)", but "Zoë Kowalczyk")."""
    preferred = preferred.strip()
    if not preferred or preferred.casefold() in name.casefold().split():
        return name
    return f"{name} ({preferred})"


@dataclass(frozen=True)
class SharedSection(FromRow):
    heading: str
    body: str


@dataclass(frozen=True)
class DiscussedGoal:
    id: int
    title: str
    domain: str  # the domain's display name
    status: str
    progress: int  # now, like the status: a reprint shows where the goal stands today
    values: tuple[str, ...]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DiscussedGoal:
        return record_from_row(cls, row, convert={"progress": lambda p: int(p or 0)},
                               domain=row["domain_name"] or row["domain"],
                               values=tuple(row.get("values", ())))


@dataclass(frozen=True)
class AgreedAction(FromRow):
    text: str
    owner: str  # coachee | coach | both | other
    owner_note: str
    due_date: str | None
    done_on: str | None


@dataclass(frozen=True)
class SummaryContent:
    session_id: int
    coachee_name: str
    preferred_name: str
    scheduled_at: str
    duration_min: int
    modality: str
    status: str
    template_name: str
    title: str
    next_meeting_at: str | None
    sections: tuple[SharedSection, ...]
    goals: tuple[DiscussedGoal, ...]
    actions: tuple[AgreedAction, ...]
    settings: Settings

    @property
    def coachee_label(self) -> str:
        return name_with_preferred(self.coachee_name, self.preferred_name)

    @property
    def display_name(self) -> str:
        return self.preferred_name.strip() or self.coachee_name


_SESSION = """
SELECT s.id, s.scheduled_at, s.duration_min, s.modality, s.status, s.template_name, s.title,
       s.next_meeting_at, c.name AS coachee_name, c.preferred_name
FROM sessions s JOIN coachees c ON c.id = s.coachee_id
WHERE s.id = ? AND s.deleted_at IS NULL AND c.deleted_at IS NULL
"""
_SHARED_SECTIONS = """
SELECT heading, body FROM session_sections
WHERE session_id = ? AND shared = 1
ORDER BY position, id
"""
_GOALS = """
SELECT g.id, g.title, g.domain, d.name AS domain_name, g.status, g.progress
FROM session_goals sg
JOIN goals g ON g.id = sg.goal_id
LEFT JOIN goal_domains d ON d.key = g.domain
WHERE sg.session_id = ? AND g.deleted_at IS NULL
ORDER BY d.position, g.id
"""
_VALUES = """
SELECT gv.goal_id, v.name FROM goal_values gv
JOIN coachee_values v ON v.id = gv.value_id
JOIN session_goals sg ON sg.goal_id = gv.goal_id
WHERE sg.session_id = ? AND v.deleted_at IS NULL
ORDER BY v.rank, v.id
"""
_ACTIONS = """
SELECT text, owner, owner_note, due_date, done_on FROM action_items
WHERE session_id = ? AND deleted_at IS NULL
ORDER BY position, id
"""


def load_summary(db: sqlite_utils.Database, session_id: int) -> SummaryContent:
    """The shared content of one session; NotFound for a missing or trashed session."""
    session_id = validate.record_id(session_id, "session")
    rows = list(db.query(_SESSION, [session_id]))
    if not rows:
        raise NotFound(f"There is no session with id {session_id}.")
    s = rows[0]
    values: dict[int, list[str]] = {}
    for row in db.query(_VALUES, [session_id]):
        values.setdefault(row["goal_id"], []).append(row["name"])
    goals = tuple(DiscussedGoal.from_row({**g, "values": values.get(g["id"], [])})
                  for g in db.query(_GOALS, [session_id]))
    return SummaryContent(
        session_id=session_id, coachee_name=s["coachee_name"],
        preferred_name=s["preferred_name"], scheduled_at=s["scheduled_at"],
        duration_min=s["duration_min"], modality=s["modality"], status=s["status"],
        template_name=s["template_name"], title=s["title"],
        next_meeting_at=s["next_meeting_at"],
        sections=tuple(SharedSection.from_row(r)
                       for r in db.query(_SHARED_SECTIONS, [session_id])),
        goals=goals,
        actions=tuple(AgreedAction.from_row(r) for r in db.query(_ACTIONS, [session_id])),
        settings=get_settings(db),
    )
