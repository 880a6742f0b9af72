"""Action items: adding, editing, completing, listing and ordering who-does-what-by-when."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.records import fails
from workbook import actions, sessions
from workbook.dates import today
from workbook.errors import InvalidInput, NotFound


def coachee(db, name: str = "Aïcha Benali") -> int:  # type: ignore[no-untyped-def]
    with db.atomic():
        return int(db["coachees"].insert({"name": name}).last_pk)


def goal(db, coachee_id: int, title: str = "Present at morning report") -> int:  # type: ignore[no-untyped-def]
    with db.atomic():
        return int(db["goals"].insert({"coachee_id": coachee_id, "title": title}).last_pk)


def test_add_with_everything(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid).id
    gid = goal(db, cid)
    changes = actions.add(db, cid, "  Ask Dr. Ortiz for feedback  ", session_id=sid,
                          goal_id=gid, owner="Both", owner_note="with the chief resident",
                          due_date="2026-03-01")
    assert changes.kind == "action" and changes.created == changes.id
    item = actions.get(db, changes.id)
    assert (item.coachee_id, item.session_id, item.goal_id, item.text, item.owner,
            item.owner_note, item.due_date, item.done_on, item.position) == (
        cid, sid, gid, "Ask Dr. Ortiz for feedback", "both", "with the chief resident",
        "2026-03-01", None, 0)
    assert item.created_at.endswith("Z") and item.deleted_at is None
    assert item.is_open


def test_add_defaults_and_positions(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid).id
    first = actions.get(db, actions.add(db, cid, "Loose one").id)
    assert (first.owner, first.session_id, first.position, first.due_date) == (
        "coachee", None, 0, None)
    assert actions.get(db, actions.add(db, cid, "Loose two").id).position == 1
    assert actions.get(db, actions.add(db, cid, "In session", session_id=sid).id).position == 0
    assert actions.get(db, actions.add(db, cid, "Dated", due_date=date(2026, 1, 2)).id
                       ).due_date == "2026-01-02"


def test_add_validation(db) -> None:
    cid, other = coachee(db), coachee(db, "Zoë Kowalczyk")
    theirs = sessions.start(db, other).id
    their_goal = goal(db, other)
    with fails(InvalidInput, "An action item needs some text."):
        actions.add(db, cid, "   ")
    with fails(InvalidInput, "Action item is too long"):
        actions.add(db, cid, "x" * 2001)
    with fails(InvalidInput, "Owner «boss» is not one of: coachee, coach, both, other."):
        actions.add(db, cid, "Do it", owner="boss")
    with fails(InvalidInput, "Due date «31/02/2027» is not a date; use YYYY-MM-DD."):
        actions.add(db, cid, "Do it", due_date="31/02/2027")
    with fails(InvalidInput, "Owner note is too long"):
        actions.add(db, cid, "Do it", owner_note="n" * 201)
    with fails(InvalidInput, "That session belongs to another coachee."):
        actions.add(db, cid, "Do it", session_id=theirs)
    with fails(InvalidInput, "That goal belongs to another coachee."):
        actions.add(db, cid, "Do it", goal_id=their_goal)
    with fails(NotFound, "There is no session with id 999."):
        actions.add(db, cid, "Do it", session_id=999)
    with fails(NotFound, "There is no goal with id 999."):
        actions.add(db, cid, "Do it", goal_id=999)
    with fails(NotFound, "There is no coachee with id 999."):
        actions.add(db, 999, "Do it")
    with fails(InvalidInput, "«x» is not a valid coachee id."):
        actions.add(db, "x", "Do it")  # type: ignore[arg-type]
    assert actions.list_actions(db) == []


def test_update(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid).id
    gid = goal(db, cid)
    aid = actions.add(db, cid, "Draft", due_date="2026-01-01").id
    actions.add(db, cid, "Already there", session_id=sid)
    with db.atomic():
        db.execute("UPDATE action_items SET updated_at = '2000-01-01T00:00:00Z'")
    changes = actions.update(db, aid, text="Final", owner="coach", owner_note="me",
                             due_date=None, goal_id=gid, session_id=sid)
    assert changes.ids == (aid,)
    item = actions.get(db, aid)
    assert (item.text, item.owner, item.owner_note, item.due_date, item.goal_id,
            item.session_id, item.position) == ("Final", "coach", "me", None, gid, sid, 1)
    assert item.updated_at > "2000-01-01T00:00:00Z"
    actions.update(db, aid, goal_id=None, session_id=None)
    assert (actions.get(db, aid).goal_id, actions.get(db, aid).session_id) == (None, None)
    with fails(InvalidInput, "Action items have no field «done_on»."):
        actions.update(db, aid, done_on="2026-01-01")
    with fails(InvalidInput, "An action item needs some text."):
        actions.update(db, aid, text="")
    with fails(NotFound, "There is no action item with id 999."):
        actions.update(db, 999, text="x")
    assert actions.get(db, aid).text == "Final"


def test_complete_and_reopen(db) -> None:
    cid = coachee(db)
    aid = actions.add(db, cid, "Book the exam", due_date="2026-01-01").id
    actions.complete(db, aid, "2026-01-05")
    item = actions.get(db, aid)
    assert item.done_on == "2026-01-05" and not item.is_open
    assert not item.is_overdue(date(2030, 1, 1))
    actions.reopen(db, aid)
    assert actions.get(db, aid).is_open
    actions.complete(db, aid)
    assert actions.get(db, aid).done_on == today().isoformat()
    with fails(InvalidInput, "Done date «yesterday» is not a date"):
        actions.complete(db, aid, "yesterday")
    with pytest.raises(NotFound):
        actions.reopen(db, 999)


def test_is_overdue() -> None:
    item = actions.ActionItem(1, 1, None, None, "x", "coachee", "", "2026-01-10", None, 0,
                              "", "", None)
    assert not item.is_overdue(date(2026, 1, 10))
    assert item.is_overdue(date(2026, 1, 11))
    undated = actions.ActionItem(1, 1, None, None, "x", "coachee", "", None, None, 0, "", "",
                                 None)
    assert not undated.is_overdue(date(2099, 1, 1))


def test_list_actions(db) -> None:
    hoa, zoe = coachee(db, "Nguyễn Thị Hoa"), coachee(db, "Zoë Kowalczyk")
    sid = sessions.start(db, hoa).id
    late = actions.add(db, hoa, "Late", due_date="2026-02-01", session_id=sid).id
    soon = actions.add(db, hoa, "Soon", due_date="2026-01-15").id
    undated = actions.add(db, hoa, "Whenever", session_id=sid).id
    done_early = actions.add(db, hoa, "Done early").id
    done_late = actions.add(db, hoa, "Done late").id
    actions.complete(db, done_early, "2026-01-01")
    actions.complete(db, done_late, "2026-01-09")
    theirs = actions.add(db, zoe, "Zoë's").id
    trashed = actions.add(db, hoa, "Trashed").id
    with db.atomic():
        db.execute("UPDATE action_items SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?",
                   [trashed])

    def ids(**kw: Any) -> list[int]:
        return [a.id for a in actions.list_actions(db, **kw)]

    assert ids(coachee_id=hoa) == [soon, late, undated, done_late, done_early]
    assert ids(coachee_id=hoa, open_only=True) == [soon, late, undated]
    assert ids(session_id=sid) == [late, undated]  # the session's own order
    assert set(ids()) == {soon, late, undated, done_early, done_late, theirs}
    with db.atomic():
        db.execute("UPDATE coachees SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?", [zoe])
    assert theirs not in ids()
    with pytest.raises(NotFound):
        actions.get(db, theirs)
    assert actions.get(db, theirs, include_deleted=True).text == "Zoë's"
    with pytest.raises(NotFound):
        actions.get(db, trashed)


def test_items_of_a_trashed_session_go_with_it(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid).id
    agreed = actions.add(db, cid, "Agreed in the meeting", session_id=sid).id
    loose = actions.add(db, cid, "Between meetings").id
    with db.atomic():
        db.execute("UPDATE sessions SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?", [sid])
    assert [a.id for a in actions.list_actions(db, coachee_id=cid)] == [loose]
    with fails(NotFound, f"There is no action item with id {agreed}."):
        actions.complete(db, agreed)
    assert actions.get(db, agreed, include_deleted=True).is_open
    with db.atomic():
        db.execute("UPDATE sessions SET deleted_at = NULL WHERE id = ?", [sid])
    assert {a.id for a in actions.list_actions(db, coachee_id=cid)} == {agreed, loose}


def test_move_within_siblings(db) -> None:
    cid = coachee(db)
    sid = sessions.start(db, cid).id
    a, b, c = (actions.add(db, cid, t, session_id=sid).id for t in ("A", "B", "C"))
    loose = actions.add(db, cid, "Loose").id
    actions.move(db, c, 0)
    assert [x.id for x in actions.list_actions(db, session_id=sid)] == [c, a, b]
    assert [x.position for x in actions.list_actions(db, session_id=sid)] == [0, 1, 2]
    actions.move(db, c, 99)
    assert [x.id for x in actions.list_actions(db, session_id=sid)] == [a, b, c]
    assert actions.get(db, loose).position == 0  # another list, untouched
    with fails(InvalidInput, "New position «first» is not a whole number."):
        actions.move(db, a, "first")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        actions.move(db, 999, 0)


def test_owners() -> None:
    assert actions.OWNERS == ("coachee", "coach", "both", "other")
