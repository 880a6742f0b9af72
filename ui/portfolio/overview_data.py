"""What the overview shows for one coachee, gathered in one worker call (no widget here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from workbook import actions, coachees, gas, queries, sessions
from workbook.actions import ActionItem
from workbook.coachees import Coachee
from workbook.gas import GasSummary
from workbook.queries import Attendance

GAS_EXPLAINED = (
    "Goal Attainment Scaling T-score over the goals with a full −2…+2 ladder and an attained "
    "level: 50 means goals were reached at the expected level on average; each 10 points is "
    "about one standard deviation better (above 50) or worse (below 50) than expected."
)


@dataclass(frozen=True)
class OverviewData:
    coachee: Coachee
    next_meeting: str | None  # local date-time
    next_session_id: int | None  # set when the next meeting is a scheduled session
    open_actions: list[ActionItem]
    gas: GasSummary
    attendance: Attendance


def load_overview(db: Any, coachee_id: int, today: date) -> OverviewData:
    """Runs on the worker; touches no widget."""
    coachee = coachees.get(db, coachee_id)
    upcoming = sessions.list_sessions(db, coachee.id, status="scheduled", since=today)
    next_meeting, next_id = None, None
    if upcoming:
        soonest = upcoming[-1]  # newest first, so the soonest is last
        next_meeting, next_id = soonest.scheduled_at, soonest.id
    else:
        held = sessions.list_sessions(db, coachee.id, status="held", limit=1)
        if held and held[0].next_meeting_at:
            next_meeting = held[0].next_meeting_at
    return OverviewData(
        coachee=coachee, next_meeting=next_meeting, next_session_id=next_id,
        open_actions=actions.list_actions(db, coachee_id=coachee.id, open_only=True),
        gas=gas.coachee_t_score(db, coachee.id),
        attendance=queries.attendance(db, coachee.id),
    )
