"""Which meeting a coach most likely means when starting a session: today's, or an earlier
one never marked held (so a new session does not duplicate it)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from workbook import coachees, sessions, trash
from workbook.errors import NotFound

TODAY = date(2026, 3, 15)


@pytest.fixture
def zoe(db: Any) -> int:
    return coachees.add(db, "Zoë Kowalczyk").created


def _meeting(db: Any, coachee: int, when: str, status: str) -> int:
    return sessions.start(db, coachee, None, scheduled_at=when, status=status).id


def test_none_without_a_meeting_today_or_one_left_scheduled(db: Any, zoe: int) -> None:
    _meeting(db, zoe, "2026-03-01T09:00", "held")
    _meeting(db, zoe, "2026-03-14T09:00", "cancelled")
    _meeting(db, zoe, "2026-03-10T09:00", "no-show")
    _meeting(db, zoe, "2026-03-15T08:00", "cancelled")
    _meeting(db, zoe, "2026-03-16T09:00", "scheduled")  # tomorrow: not this meeting
    assert sessions.meeting_to_open(db, zoe, TODAY) is None


def test_today_s_meeting_comes_before_an_older_one_left_scheduled(db: Any, zoe: int) -> None:
    old = _meeting(db, zoe, "2026-02-01T09:00", "scheduled")
    older = _meeting(db, zoe, "2026-01-01T09:00", "scheduled")
    assert sessions.meeting_to_open(db, zoe, TODAY).id == old
    assert sessions.meeting_to_open(db, zoe, "2026-01-20").id == older
    later_today = _meeting(db, zoe, "2026-03-15T16:30", "scheduled")
    assert sessions.meeting_to_open(db, zoe, TODAY).id == later_today
    held_today = _meeting(db, zoe, "2026-03-15T18:00", "held")
    assert sessions.meeting_to_open(db, zoe, TODAY).id == held_today
    trash.trash(db, "session", held_today)
    trash.trash(db, "session", later_today)
    assert sessions.meeting_to_open(db, zoe, TODAY).id == old


def test_another_coachee_s_meeting_is_never_offered(db: Any, zoe: int) -> None:
    hoa = coachees.add(db, "Nguyễn Thị Hoa").created
    _meeting(db, hoa, "2026-03-15T10:00", "scheduled")
    assert sessions.meeting_to_open(db, zoe, TODAY) is None
    trash.trash(db, "coachee", hoa)
    with pytest.raises(NotFound):
        sessions.meeting_to_open(db, hoa, TODAY)
