"""The Today view and reports, with a fixed `today`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.records import coachee, fails, trash
from workbook import actions, queries, sessions
from workbook.errors import InvalidInput, NotFound

TODAY = date(2026, 3, 15)
LONG_AGO = "2025-06-01T09:00:00Z"  # added long before TODAY


def meeting(db, cid: int, when: str, status: str) -> int:  # type: ignore[no-untyped-def]
    return sessions.start(db, cid, None, scheduled_at=when, status=status).id


def test_a_coachee_added_recently_is_not_missed_yet(db) -> None:
    """With no meeting held, "not seen lately" counts from the day the coachee was added."""
    coachee(db, "Added This Morning", created_at="2026-03-15T08:00:00Z")
    coachee(db, "Added Last Month", created_at="2026-02-10T08:00:00Z")
    autumn = coachee(db, "Added Last Autumn", created_at="2025-10-01T08:00:00Z")
    assert [n.coachee_id for n in queries.not_seen(db, weeks=8, today=TODAY)] == [autumn]
    # eight weeks on, last month's coachee is missed too; a meeting held resets the clock
    later = TODAY + timedelta(weeks=8)
    assert len(queries.not_seen(db, weeks=8, today=later)) == 2
    meeting(db, autumn, "2026-03-01T10:00", "held")
    assert [n.name for n in queries.not_seen(db, weeks=8, today=TODAY)] == []


@pytest.mark.parametrize(("last_held", "added", "missed"), [
    (None, "2026-03-15T08:00:00Z", False),  # added today
    (None, "2026-01-19T12:00:00Z", False),  # 8 weeks ago to the day: not yet more than 8
    (None, "2026-01-10T12:00:00Z", True),
    ("2026-03-01T10:00", "2020-01-01T00:00:00Z", False),  # the meeting counts, not the adding
    ("2026-01-10T10:00", "2026-03-14T00:00:00Z", True),
])
def test_the_not_seen_rule(last_held: str | None, added: str, missed: bool) -> None:
    assert queries.not_seen_lately(last_held, added, TODAY, 8) is missed


def test_upcoming_sessions(db) -> None:
    hoa, zoe = coachee(db, "Nguyễn Thị Hoa"), coachee(db, "Zoë Kowalczyk")
    today_early = meeting(db, hoa, "2026-03-15T00:00", "scheduled")
    in_two_weeks = meeting(db, zoe, "2026-03-29T23:59", "scheduled")
    meeting(db, hoa, "2026-03-30T00:00", "scheduled")  # one day too far
    meeting(db, hoa, "2026-03-14T23:59", "scheduled")  # yesterday
    meeting(db, hoa, "2026-03-16T10:00", "cancelled")
    tomorrow = meeting(db, zoe, "2026-03-16T09:00", "scheduled")
    trash(db, "sessions", meeting(db, hoa, "2026-03-17T09:00", "scheduled"))
    gone = coachee(db, "Trashed Person")
    meeting(db, gone, "2026-03-18T09:00", "scheduled")
    trash(db, "coachees", gone)

    upcoming = queries.upcoming_sessions(db, today=TODAY)
    assert [u.session.id for u in upcoming] == [today_early, tomorrow, in_two_weeks]
    assert [u.coachee_name for u in upcoming] == ["Nguyễn Thị Hoa", "Zoë Kowalczyk",
                                                  "Zoë Kowalczyk"]
    assert [u.session.id for u in queries.upcoming_sessions(db, days=1, today=TODAY)] == [
        today_early, tomorrow]
    assert [u.session.id for u in queries.upcoming_sessions(db, days=0, today=TODAY)] == [
        today_early]
    with fails(InvalidInput, "Days must be between 0 and 36500"):
        queries.upcoming_sessions(db, days=-1, today=TODAY)
    with fails(InvalidInput, "Today «2026-03-15» is not a date."):
        queries.upcoming_sessions(db, today="2026-03-15")  # type: ignore[arg-type]


def test_upcoming_defaults_to_the_real_today(db) -> None:
    cid = coachee(db, "Aïcha Benali")
    real = date.today()
    near = sessions.schedule(db, cid, f"{real + timedelta(days=3)}T09:00").id
    far = sessions.schedule(db, cid, f"{real + timedelta(days=20)}T09:00").id
    assert [u.session.id for u in queries.upcoming_sessions(db)] == [near]
    assert [u.session.id for u in queries.upcoming_sessions(db, days=30)] == [near, far]


def test_overdue_actions(db) -> None:
    hoa, zoe = coachee(db, "Nguyễn Thị Hoa"), coachee(db, "Zoë Kowalczyk")
    archived = coachee(db, "Archived Learner", status="archived")
    very = actions.add(db, hoa, "Very late", due_date="2026-01-15").id
    bit = actions.add(db, zoe, "A bit late", due_date="2026-03-14").id
    actions.add(db, hoa, "Due today", due_date="2026-03-15")
    actions.add(db, hoa, "Undated")
    done = actions.add(db, hoa, "Done", due_date="2026-01-01").id
    actions.complete(db, done, "2026-01-02")
    trash(db, "action_items", actions.add(db, hoa, "Trashed", due_date="2026-01-01").id)
    actions.add(db, archived, "Put away", due_date="2026-01-01")
    trashed_meeting = meeting(db, hoa, "2026-01-01T10:00", "held")
    actions.add(db, hoa, "From a trashed meeting", due_date="2026-01-01",
                session_id=trashed_meeting)
    trash(db, "sessions", trashed_meeting)

    overdue = queries.overdue_actions(db, today=TODAY)
    assert [(o.action.id, o.coachee_name, o.days_overdue) for o in overdue] == [
        (very, "Nguyễn Thị Hoa", 59), (bit, "Zoë Kowalczyk", 1)]
    trash(db, "coachees", zoe)
    assert [o.action.id for o in queries.overdue_actions(db, today=TODAY)] == [very]


def test_not_seen(db) -> None:
    recent = coachee(db, "Recent Learner")
    meeting(db, recent, "2026-03-01T10:00", "held")
    stale = coachee(db, "Zoë Kowalczyk")
    meeting(db, stale, "2025-12-01T10:00", "held")
    meeting(db, stale, "2026-03-10T10:00", "cancelled")  # not held: does not count
    meeting(db, stale, "2026-03-20T10:00", "scheduled")
    never = coachee(db, "王小明", created_at=LONG_AGO)
    older_never = coachee(db, "Aïcha Benali", created_at=LONG_AGO)
    paused = coachee(db, "Paused Learner", status="paused")
    future_held = coachee(db, "Odd Data", created_at=LONG_AGO)
    meeting(db, future_held, "2026-04-01T10:00", "held")  # a held meeting in the future
    trash(db, "coachees", coachee(db, "Trashed Learner"))
    trashed_session = coachee(db, "Nguyễn Văn An", created_at=LONG_AGO)
    trash(db, "sessions", meeting(db, trashed_session, "2026-03-10T10:00", "held"))

    result = queries.not_seen(db, weeks=8, today=TODAY)
    assert [n.coachee_id for n in result] == [
        older_never, trashed_session, future_held, never, stale]
    by_id = {n.coachee_id: n for n in result}
    assert by_id[stale].last_held == "2025-12-01T10:00"
    assert by_id[stale].weeks_since == 14  # 104 days
    assert by_id[never].last_held is None and by_id[never].weeks_since is None
    assert recent not in by_id and paused not in by_id
    assert [n.name for n in result][:2] == ["Aïcha Benali", "Nguyễn Văn An"]
    # the setting supplies the default number of weeks
    with db.atomic():
        db.execute("UPDATE settings SET value = '20' WHERE key = 'not_seen_weeks'")
    assert stale not in [n.coachee_id for n in queries.not_seen(db, today=TODAY)]
    assert recent in [n.coachee_id for n in queries.not_seen(db, weeks=0, today=TODAY)]
    with fails(InvalidInput, "Weeks «eight» is not a whole number."):
        queries.not_seen(db, weeks="eight", today=TODAY)  # type: ignore[arg-type]


def test_goals_due_soon(db) -> None:
    hoa = coachee(db, "Nguyễn Thị Hoa")
    with db.atomic():
        def add_goal(title: str, target: str | None, status: str = "active") -> int:
            return int(db["goals"].insert({"coachee_id": hoa, "title": title,
                                           "target_date": target, "status": status}).last_pk)
        passed = add_goal("Passed", "2026-03-01")
        soon = add_goal("Soon", "2026-03-20", status="draft")
        edge = add_goal("Edge", "2026-03-29")
        add_goal("Too far", "2026-03-30")
        add_goal("Achieved", "2026-03-16", status="achieved")
        add_goal("No date", None)
    due = queries.goals_due_soon(db, today=TODAY)
    assert [(g.goal_id, g.days_left) for g in due] == [(passed, -14), (soon, 5), (edge, 14)]
    assert due[0].coachee_name == "Nguyễn Thị Hoa" and due[1].status == "draft"
    trash(db, "goals", passed)
    assert [g.goal_id for g in queries.goals_due_soon(db, days=5, today=TODAY)] == [soon]


def test_attendance(db) -> None:
    cid = coachee(db, "Zoë Kowalczyk")
    for when, status in [("2025-01-01T10:00", "held"), ("2025-02-01T10:00", "held"),
                         ("2025-03-01T10:00", "held"), ("2025-04-01T10:00", "cancelled"),
                         ("2025-05-01T10:00", "no-show"), ("2031-01-01T10:00", "scheduled")]:
        meeting(db, cid, when, status)
    trash(db, "sessions", meeting(db, cid, "2025-06-01T10:00", "no-show"))
    result = queries.attendance(db, cid)
    assert (result.held, result.cancelled, result.no_show, result.scheduled) == (3, 1, 1, 1)
    assert result.attendance_rate == pytest.approx(0.6)
    fresh = coachee(db, "Aïcha Benali")
    assert queries.attendance(db, fresh) == queries.Attendance(0, 0, 0, 0, None)
    everyone = queries.attendance_all(db)
    assert everyone == {cid: result, fresh: queries.Attendance(0, 0, 0, 0, None)}
    trash(db, "coachees", fresh)
    assert fresh not in queries.attendance_all(db)
    with fails(NotFound, f"There is no coachee with id {fresh}."):
        queries.attendance(db, fresh)


def test_coachee_overview_counts(db) -> None:
    hoa, zoe, quiet = (coachee(db, n) for n in ("Nguyễn Thị Hoa", "Zoë Kowalczyk", "王小明"))
    meeting(db, hoa, "2026-01-10T10:00", "held")
    meeting(db, hoa, "2026-02-10T10:00", "held")
    meeting(db, hoa, "2026-03-01T10:00", "no-show")
    meeting(db, hoa, "2026-03-10T10:00", "scheduled")  # in the past: not "next"
    meeting(db, hoa, "2026-04-10T10:00", "scheduled")
    meeting(db, hoa, "2026-03-20T10:00", "scheduled")
    actions.add(db, hoa, "Late", due_date="2026-03-01")
    actions.add(db, hoa, "Later", due_date="2026-03-14")
    actions.add(db, hoa, "Open")
    actions.complete(db, actions.add(db, hoa, "Done", due_date="2026-01-01").id, "2026-01-02")
    actions.add(db, zoe, "Today", due_date="2026-03-15")
    gone_meeting = meeting(db, zoe, "2026-01-01T10:00", "held")
    actions.add(db, zoe, "Hidden with its meeting", due_date="2026-01-01",
                session_id=gone_meeting)
    trash(db, "sessions", gone_meeting)
    trash(db, "coachees", coachee(db, "Gone"))

    counts = queries.coachee_overview_counts(db, today=TODAY)
    assert set(counts) == {hoa, zoe, quiet}
    assert counts[hoa] == queries.OverviewCounts(2, 3, "2026-02-10T10:00", "2026-03-20T10:00")
    assert counts[zoe] == queries.OverviewCounts(0, 1, None, None)
    assert counts[quiet] == queries.OverviewCounts(0, 0, None, None)


def test_overview_counts_for_300_coachees_is_one_query(db) -> None:
    with db.atomic():
        for n in range(300):
            cid = int(db["coachees"].insert({"name": f"Learner {n}"}).last_pk)
            for m in range(4):
                db["sessions"].insert({"coachee_id": cid, "status": "held",
                                       "scheduled_at": f"2025-0{m + 1}-10T10:00"})
                db["action_items"].insert({"coachee_id": cid, "text": f"Item {m}",
                                           "due_date": f"2026-0{m + 1}-01"})
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        counts = queries.coachee_overview_counts(db, today=TODAY)
    finally:
        db.conn.set_trace_callback(None)
    assert len(counts) == 300
    assert all(c.overdue_actions == 3 and c.open_actions == 4 for c in counts.values())
    # The time it takes is a bench row; here, that it is not one query per coachee.
    assert len(statements) <= 3, len(statements)


def test_coachee_of_every_kind(db) -> None:
    from workbook import coachees, goals, notes, sessions, values

    cid = coachees.add(db, "Søren Ødegaard").created
    sid = sessions.start(db, cid, "grow").created
    section = notes.list_sections(db, sid)[0].id
    gid = goals.add(db, cid, "Present a case at grand rounds").created
    vid = values.add(db, cid, "Curiosity").created
    aid = actions.add(db, cid, "Email the program director").created
    for kind, rid in (("coachee", cid), ("session", sid), ("section", section), ("goal", gid),
                      ("value", vid), ("action", aid)):
        assert queries.coachee_of(db, kind, rid) == cid
    assert queries.coachee_of(db, "session", 99_999) is None
    assert queries.coachee_of(db, "nonsense", cid) is None


def test_overdue_actions_in_batches_and_their_count(db) -> None:
    hoa, zoe = coachee(db, "Nguyễn Thị Hoa"), coachee(db, "Zoë Kowalczyk")
    archived = coachee(db, "Archived Learner", status="archived")
    for n in range(7):
        actions.add(db, hoa if n % 2 else zoe, f"Late {n}", due_date=f"2026-02-0{1 + n // 3}")
    actions.add(db, hoa, "Due today", due_date="2026-03-15")
    actions.add(db, archived, "Put away", due_date="2026-01-01")
    trash(db, "action_items", actions.add(db, hoa, "Trashed", due_date="2026-01-01").id)
    trashed_meeting = meeting(db, hoa, "2026-01-01T10:00", "held")
    actions.add(db, hoa, "From a trashed meeting", due_date="2026-01-01",
                session_id=trashed_meeting)
    trash(db, "sessions", trashed_meeting)
    kept_meeting = meeting(db, zoe, "2026-01-02T10:00", "held")
    actions.add(db, zoe, "From a kept meeting", due_date="2026-01-02", session_id=kept_meeting)

    every = queries.overdue_actions(db, today=TODAY)
    assert len(every) == 8
    assert queries.count_overdue_actions(db, today=TODAY) == 8
    read, after = [], None
    while batch := queries.overdue_actions(db, today=TODAY, limit=3, after=after):
        assert len(batch) <= 3
        read += batch
        after = (batch[-1].action.due_date or "", batch[-1].action.id)
    assert read == every  # same items, same order, none twice
    trash(db, "coachees", zoe)
    assert queries.count_overdue_actions(db, today=TODAY) == len(
        queries.overdue_actions(db, today=TODAY)) == 3


def test_the_unlock_reads_use_their_indexes(db) -> None:
    # What the coachee list and Today read on every unlock must not read every action item
    # and every session of a career: each statement is looked up in an index.
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        queries.coachee_overview_counts(db, today=TODAY)
        queries.count_overdue_actions(db, today=TODAY)
    finally:
        db.conn.set_trace_callback(None)
    steps = [row[3] for sql in statements
             for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    plans = " | ".join(steps)
    assert "action_items_open_by_coachee" in plans
    assert "sessions_live_by_status" in plans and "sessions_trashed" in plans
    # a scan is of the open items' or the trashed sessions' index, never of all rows
    whole_tables = [step for step in steps if step.startswith("SCAN ")
                    and step.split()[1] in ("a", "s", "sessions", "action_items")
                    and not step.endswith(("action_items_open_by_coachee", "sessions_trashed"))]
    assert whole_tables == [], plans
