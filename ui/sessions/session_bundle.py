"""What the session editor shows, read in one worker call (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbook import coachees, goals, sessions, templates, wellbeing
from workbook.errors import NotFound
from workbook.goal_records import Goal
from workbook.sessions import Accountability, SessionDetail
from workbook.templates import Template


@dataclass(frozen=True)
class SessionBundle:
    """Everything the editor shows, read in one worker call."""

    detail: SessionDetail
    coachee_name: str
    template: Template | None
    goals: tuple[Goal, ...]  # the active ones and any already discussed
    accountability: Accountability
    checked_in: dict[int, int | None]  # goal id -> progress at this session's check-in
    who5: wellbeing.Who5 | None = None  # the WHO-5 answers, once recording has started


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
                                                 before_session_id=session.id), checked_in,
                         wellbeing.get(db, session.id))
