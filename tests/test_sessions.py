"""Sessions: started from any template, scheduled, edited, listed, goals discussed,
and the accountability review at the start of a meeting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.records import fails, trash
from workbook import actions, notes, sessions, templates
from workbook.errors import InvalidInput, NotFound


def coachee(db, name: str = "Nguyễn Thị Hoa") -> int:  # type: ignore[no-untyped-def]
    with db.atomic():
        return int(db["coachees"].insert({"name": name}).last_pk)


def goal(db, coachee_id: int, title: str = "Pass the shelf exam", **extra: Any) -> int:  # type: ignore[no-untyped-def]
    with db.atomic():
        return int(db["goals"].insert({"coachee_id": coachee_id, "title": title, **extra}).last_pk)


def test_session_from_every_builtin_template_copies_its_sections(db) -> None:
    cid = coachee(db)
    for template in templates.list_templates(db):
        detail = sessions.detail(db, sessions.start(db, cid, template.key).id)
        assert detail.session.template_id == template.id
        assert detail.session.template_name == template.name
        assert [(s.key, s.heading, s.shared, s.position) for s in detail.sections] == [
            (t.key, t.heading, t.shared, t.position) for t in template.sections]
        assert all(s.body == "" for s in detail.sections)
        assert any(not s.shared for s in detail.sections), template.key  # each has a private one


def test_start_defaults(db) -> None:
    cid = coachee(db, "Zoë Kowalczyk")
    changes = sessions.start(db, cid)
    assert changes.kind == "session" and changes.created == changes.id
    assert changes.touches("section")
    session = sessions.get(db, changes.id)
    assert session.template_name == "Free-form"
    assert session.status == "held"
    assert session.duration_min == 30
    assert session.modality == "in-person"
    assert abs(datetime.fromisoformat(session.scheduled_at) - datetime.now()) < timedelta(minutes=2)
    assert session.created_at.endswith("Z") and session.deleted_at is None


def test_start_with_fields_and_without_template(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid, None, scheduled_at="2025-03-04 09:30", title="Kick-off",
                         agenda="Introductions", duration_min="45", modality="Video",
                         next_meeting_at="2025-04-01T09:30").id
    session = sessions.get(db, sid)
    assert (session.template_id, session.template_name) == (None, "")
    assert session.scheduled_at == "2025-03-04T09:30"
    assert (session.title, session.agenda, session.duration_min, session.modality) == (
        "Kick-off", "Introductions", 45, "video")
    assert session.next_meeting_at == "2025-04-01T09:30"
    assert session.status == "held"  # in the past
    assert sessions.detail(db, sid).sections == ()


def test_future_start_is_scheduled_and_status_can_be_forced(db) -> None:
    cid = coachee(db)
    future = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert sessions.get(db, sessions.start(db, cid, scheduled_at=future).id).status == "scheduled"
    sid = sessions.start(db, cid, scheduled_at="2024-01-01T10:00", status="cancelled").id
    assert sessions.get(db, sid).status == "cancelled"


def test_default_duration_comes_from_settings(db) -> None:
    with db.atomic():
        db.execute("UPDATE settings SET value = '50' WHERE key = 'default_duration_min'")
    cid = coachee(db)
    assert sessions.get(db, sessions.start(db, cid).id).duration_min == 50
    with db.atomic():
        db.execute("UPDATE settings SET value = '\"lots\"' WHERE key = 'default_duration_min'")
    assert sessions.get(db, sessions.start(db, cid).id).duration_min == 30


def test_schedule_a_future_meeting(db) -> None:
    cid = coachee(db)
    sid = sessions.schedule(db, cid, "2031-05-06 14:00", title="Check-in").id
    session = sessions.get(db, sid)
    assert (session.status, session.scheduled_at, session.template_id) == (
        "scheduled", "2031-05-06T14:00", None)
    with_template = sessions.schedule(db, cid, "2031-06-06T14:00", "grow").id
    assert len(sessions.detail(db, with_template).sections) == 5
    with fails(InvalidInput, "A scheduled meeting needs a date and time."):
        sessions.schedule(db, cid, "")
    with fails(InvalidInput, "Meeting time «tomorrow» is not a date and time"):
        sessions.schedule(db, cid, "tomorrow")


def test_start_validation(db) -> None:
    cid = coachee(db)
    with fails(NotFound, "There is no coachee with id 999."):
        sessions.start(db, 999)
    with fails(NotFound, "There is no template «nope»."):
        sessions.start(db, cid, "nope")
    with fails(InvalidInput, "Meeting time «31/02/2027» is not a date and time"):
        sessions.start(db, cid, scheduled_at="31/02/2027")
    with fails(InvalidInput, "Session status «done» is not one of"):
        sessions.start(db, cid, status="done")
    with fails(InvalidInput, "Modality «fax» is not one of: in-person, video, phone, other."):
        sessions.start(db, cid, modality="fax")
    with fails(InvalidInput, "Duration in minutes must be between 0 and 1440"):
        sessions.start(db, cid, duration_min=2000)
    with fails(InvalidInput, "Sessions have no field «colour»."):
        sessions.start(db, cid, colour="red")
    with fails(InvalidInput, "Session title is too long"):
        sessions.start(db, cid, title="t" * 201)
    with fails(InvalidInput, "Next meeting «soon» is not a date and time"):
        sessions.start(db, cid, next_meeting_at="soon")
    trash(db, "coachees", cid)
    with fails(NotFound, f"There is no coachee with id {cid}."):
        sessions.start(db, cid)
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_update(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid, scheduled_at="2025-01-01T10:00").id
    with db.atomic():
        db.execute("UPDATE sessions SET updated_at = '2000-01-01T00:00:00Z' WHERE id = ?", [sid])
    changes = sessions.update(db, sid, status="no-show", title="Missed", agenda="",
                              scheduled_at="2025-01-02 11:15", duration_min=0,
                              modality="phone", next_meeting_at=None)
    assert changes.ids == (sid,)
    session = sessions.get(db, sid)
    assert (session.status, session.title, session.scheduled_at, session.duration_min,
            session.modality) == ("no-show", "Missed", "2025-01-02T11:15", 0, "phone")
    assert session.updated_at > "2000-01-01T00:00:00Z"
    with fails(InvalidInput, "A session needs a meeting time."):
        sessions.update(db, sid, scheduled_at=" ")
    with fails(InvalidInput, "Sessions have no field «coachee_id»."):
        sessions.update(db, sid, coachee_id=2)
    with fails(NotFound, "There is no session with id 404."):
        sessions.update(db, 404, title="x")
    assert sessions.get(db, sid).title == "Missed"


def test_get_trashed_and_of_trashed_coachee(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid).id
    trash(db, "sessions", sid)
    with fails(NotFound, f"There is no session with id {sid}."):
        sessions.get(db, sid)
    assert sessions.get(db, sid, include_deleted=True).deleted_at is not None
    with pytest.raises(NotFound):
        sessions.update(db, sid, title="x")
    other = sessions.start(db, cid).id
    trash(db, "coachees", cid)
    with pytest.raises(NotFound):
        sessions.get(db, other)
    assert sessions.get(db, other, include_deleted=True).id == other


def test_set_template_only_while_empty(db) -> None:
    cid = coachee(db)
    sid = sessions.schedule(db, cid, "2031-01-01T09:00").id
    changes = sessions.set_template(db, sid, "appreciative-inquiry")
    assert changes.touches("section")
    detail = sessions.detail(db, sid)
    assert detail.session.template_name == "Appreciative Inquiry (5D)"
    assert [s.key for s in detail.sections][:5] == ["define", "discover", "dream", "design",
                                                    "deliver"]
    notes.save_note(db, detail.sections[0].id, "Dream big")
    with fails(InvalidInput, "This session already has notes, so its template cannot change"):
        sessions.set_template(db, sid, "grow")
    assert sessions.detail(db, sid).session.template_name == "Appreciative Inquiry (5D)"
    notes.save_note(db, detail.sections[0].id, "")
    sessions.set_template(db, sid, None)
    assert sessions.detail(db, sid).sections == ()
    assert sessions.get(db, sid).template_id is None


def test_list_sessions_filters_and_order(db) -> None:
    hoa, zoe = coachee(db), coachee(db, "Zoë Kowalczyk")
    a = sessions.start(db, hoa, scheduled_at="2025-01-10T09:00").id
    b = sessions.start(db, hoa, scheduled_at="2025-02-10T09:00", status="cancelled").id
    c = sessions.start(db, zoe, scheduled_at="2025-03-10T23:30").id
    d = sessions.schedule(db, hoa, "2031-01-01T09:00").id
    gone = sessions.start(db, hoa, scheduled_at="2025-01-20T09:00").id
    trash(db, "sessions", gone)

    def ids(**kw: Any) -> list[int]:
        return [s.id for s in sessions.list_sessions(db, **kw)]

    assert ids() == [d, c, b, a]
    assert ids(coachee_id=hoa) == [d, b, a]
    assert ids(status="held") == [c, a]
    assert ids(since="2025-02-10", until="2025-03-10") == [c, b]  # inclusive days
    assert ids(since="2025-02-10T09:01") == [d, c]
    assert ids(until=datetime(2025, 1, 10).date()) == [a]
    assert ids(limit=2) == [d, c]
    with fails(InvalidInput, "Session status «done» is not one of"):
        sessions.list_sessions(db, status="done")
    with fails(InvalidInput, "Since «2025-13-01» is not a date"):
        sessions.list_sessions(db, since="2025-13-01")
    with fails(InvalidInput, "Limit must be at least 1"):
        sessions.list_sessions(db, limit=0)


def test_discuss_goal(db) -> None:
    hoa, zoe = coachee(db), coachee(db, "Zoë Kowalczyk")
    sid = sessions.start(db, hoa).id
    g1, g2 = goal(db, hoa), goal(db, hoa, "Sleep seven hours")
    theirs = goal(db, zoe, "Lead rounds")
    changes = sessions.discuss_goal(db, sid, g2)
    assert changes.touches("goal")
    sessions.discuss_goal(db, sid, g1)
    sessions.discuss_goal(db, sid, g1)  # twice is once
    assert sessions.detail(db, sid).goal_ids == (g1, g2)
    with fails(InvalidInput, "That goal belongs to another coachee"):
        sessions.discuss_goal(db, sid, theirs)
    with pytest.raises(NotFound):
        sessions.discuss_goal(db, sid, 999)
    with pytest.raises(NotFound):
        sessions.discuss_goal(db, 999, g1)
    sessions.undiscuss_goal(db, sid, g2)
    assert sessions.detail(db, sid).goal_ids == (g1,)
    trash(db, "goals", g1)
    assert sessions.detail(db, sid).goal_ids == ()


def test_detail_includes_sections_and_actions(db) -> None:
    cid = coachee(db, "王小明")
    sid = sessions.start(db, cid, "grow").id
    first = actions.add(db, cid, "Draft a study plan", session_id=sid).id
    second = actions.add(db, cid, "Email the clerkship director", session_id=sid,
                         owner="coach").id
    actions.add(db, cid, "Not from this meeting")
    detail = sessions.detail(db, sid)
    assert [a.id for a in detail.actions] == [first, second]
    assert detail.sections[0].heading == "Goal"
    with pytest.raises(NotFound):
        sessions.detail(db, 999)


def test_accountability(db) -> None:
    cid = coachee(db, "Aïcha Benali")
    other = coachee(db, "Zoë Kowalczyk")
    first = sessions.start(db, cid, scheduled_at="2025-01-10T09:00").id
    sessions.start(db, cid, scheduled_at="2025-02-10T09:00", status="cancelled")
    second = sessions.start(db, cid, scheduled_at="2025-03-10T09:00").id
    now = sessions.start(db, cid, scheduled_at="2025-04-10T09:00").id
    later = sessions.schedule(db, cid, "2031-01-01T09:00").id
    open_old = actions.add(db, cid, "Read the chapter", session_id=first, due_date="2025-02-01").id
    done = actions.add(db, cid, "Book the exam", session_id=second).id
    actions.complete(db, done, "2025-03-20")
    from_now = actions.add(db, cid, "New today", session_id=now).id
    actions.add(db, other, "Someone else's")
    active = goal(db, cid, "Pass Step 1")
    goal(db, cid, "Old goal", status="achieved")
    goal(db, cid, "Still a draft", status="draft")

    review = sessions.accountability(db, cid, before_session_id=now)
    assert review.last_session is not None and review.last_session.id == second
    assert [a.id for a in review.open_actions] == [open_old]
    assert [g.id for g in review.active_goals] == [active]

    overall = sessions.accountability(db, cid)
    assert overall.last_session is not None and overall.last_session.id == now
    assert sorted(a.id for a in overall.open_actions) == sorted([open_old, from_now])

    assert sessions.accountability(db, cid, before_session_id=first).last_session is None
    assert sessions.accountability(db, cid, before_session_id=later).last_session.id == now  # type: ignore[union-attr]
    fresh = coachee(db, "Nguyễn Văn An")
    empty = sessions.accountability(db, fresh)
    assert (empty.last_session, empty.open_actions, empty.active_goals) == (None, [], [])
    with fails(InvalidInput, "That session belongs to another coachee."):
        sessions.accountability(db, other, before_session_id=now)
    with pytest.raises(NotFound):
        sessions.accountability(db, 999)


def test_constants() -> None:
    assert sessions.STATUSES == ("scheduled", "held", "cancelled", "no-show")
    assert sessions.MODALITIES == ("in-person", "video", "phone", "other")
