"""Goals: SMART fields, domains, linked values, GAS ladder, milestones and check-ins."""

from __future__ import annotations

import pytest

from workbook import coachees, goals, trash, values
from workbook.changes import Changes
from workbook.dates import today
from workbook.errors import InvalidInput, NotFound
from workbook.seed import builtin_domains

LADDER = {-2: "No study plan", -1: "Plan written, not used", 0: "Plan used most weeks",
          1: "Plan used every week", 2: "Plan used and shared with peers"}


@pytest.fixture
def hoa(db) -> int:
    return coachees.add(db, "Nguyễn Thị Hoa").created


@pytest.fixture
def goal(db, hoa) -> int:
    return goals.add(db, hoa, "Build a study plan").created


def _session(db, coachee_id: int, when: str = "2026-03-01T09:00") -> int:
    cur = db.execute("INSERT INTO sessions(coachee_id, scheduled_at) VALUES (?, ?)",
                     [coachee_id, when])
    return int(cur.lastrowid)


# -- domains -------------------------------------------------------------------------------
def test_domains_are_seeded_in_order(db) -> None:
    found = goals.domains(db)
    assert [d.key for d in found] == [d["key"] for d in builtin_domains()]
    assert [d.position for d in found] == list(range(len(found)))
    assert found[0].name == "Academic performance" and found[0].builtin
    assert "other" in {d.key for d in found}


# -- add, get, update ------------------------------------------------------------------------
def test_add_with_every_field(db, hoa) -> None:
    integrity = values.add(db, hoa, "Integrity").created
    changes = goals.add(
        db, hoa, " Build a study plan ", domain="academic-performance",
        specific="Weekly plan", measurable="Hours logged", achievable="2 h/day",
        relevant="Shelf exam", time_bound="By June", status="draft", progress=10,
        target_date="2026-06-30", weight=2.5, gas_baseline=-1, ladder=LADDER,
        value_ids=[integrity],
    )
    assert changes == Changes("goal", (changes.created,), created=changes.created)
    g = goals.get(db, changes.created)
    assert (g.title, g.domain, g.status, g.progress) == (
        "Build a study plan", "academic-performance", "draft", 10)
    assert (g.specific, g.measurable, g.achievable, g.relevant, g.time_bound) == (
        "Weekly plan", "Hours logged", "2 h/day", "Shelf exam", "By June")
    assert (g.target_date, g.weight, g.gas_baseline) == ("2026-06-30", 2.5, -1)
    assert g.ladder == LADDER and g.has_complete_ladder
    assert g.value_ids == (integrity,) and g.coachee_id == hoa
    assert (g.gas_attained, g.gas_attained_on, g.deleted_at) == (None, None, None)


def test_defaults(db, goal) -> None:
    g = goals.get(db, goal)
    assert (g.domain, g.status, g.progress, g.weight) == ("other", "active", 0, 1.0)
    assert g.ladder == dict.fromkeys((-2, -1, 0, 1, 2), "") and not g.has_complete_ladder
    assert g.value_ids == () and not g.is_closed


def test_domain_accepts_its_name(db, hoa) -> None:
    gid = goals.add(db, hoa, "Lead a team huddle", domain="leadership").created
    assert goals.get(db, gid).domain == "leadership"
    goals.update(db, gid, domain="Professional identity formation")
    assert goals.get(db, gid).domain == "professional-identity"


@pytest.mark.parametrize(("fields", "sentence"), [
    ({"title": " "}, "A goal needs a title."),
    ({"title": "t" * 301}, "Title is too long (301 characters; at most 300)."),
    ({"domain": "astrology"}, "Domain «astrology» is not one of the goal domains."),
    ({"domain": ""}, "A goal needs a domain."),
    ({"status": "done"}, "Status «done» is not one of: draft, active, achieved, revised, dropped."),
    ({"progress": 101}, "Progress must be between 0 and 100 (got 101)."),
    ({"progress": "half"}, "Progress «half» is not a whole number."),
    ({"target_date": "next June"}, "Target date «next June» is not a date; use YYYY-MM-DD."),
    ({"weight": 0}, "Weight must be more than 0 (got 0)."),
    ({"weight": "heavy"}, "Weight «heavy» is not a number."),
    ({"gas_baseline": 3}, "GAS baseline must be between -2 and 2 (got 3)."),
    ({"ladder": {3: "x"}}, "GAS ladder level «3» is not one of −2, −1, 0, +1, +2."),
    ({"ladder": "steps"}, "The GAS ladder must map levels −2…+2 to text, not «steps»."),
    ({"ladder": {1: "x" * 2001}},
     "GAS ladder level +1 is too long (2001 characters; at most 2000)."),
    ({"time_bound": 5}, "Time-bound must be text, not «5»."),
    ({"value_ids": "1"}, "The value ids must be a list, not «1»."),
    ({"priority": "high"}, "Goals have no field «priority»."),
    ({"id": 2}, "Goals have no field «id»."),
])
def test_add_refuses_bad_input(db, hoa, fields, sentence) -> None:
    title = fields.pop("title", "Build a study plan")
    with pytest.raises(InvalidInput) as info:
        goals.add(db, hoa, title, **fields)
    assert info.value.sentence == sentence
    assert db.execute("SELECT count(*) FROM goals").fetchone()[0] == 0


def test_add_refuses_values_of_another_coachee(db, hoa) -> None:
    other = coachees.add(db, "Zoë Kowalczyk").created
    foreign = values.add(db, other, "Integrity").created
    with pytest.raises(InvalidInput, match=rf"^Value {foreign} is not one of this coachee's"):
        goals.add(db, hoa, "Build a study plan", value_ids=[foreign])
    assert goals.list_goals(db) == []


def test_add_to_missing_or_trashed_coachee(db, hoa) -> None:
    with pytest.raises(NotFound, match=r"There is no coachee with id 999\."):
        goals.add(db, 999, "x")
    trash.trash(db, "coachee", hoa)
    with pytest.raises(NotFound):
        goals.add(db, hoa, "x")


def test_update_fields_and_stamp(db, goal) -> None:
    db.execute("UPDATE goals SET updated_at = '2000-01-01T00:00:00Z'")
    assert goals.update(db, goal, status="achieved", progress=100) == Changes("goal", (goal,))
    g = goals.get(db, goal)
    assert (g.status, g.progress, g.title, g.is_closed) == ("achieved", 100, "Build a study plan",
                                                            True)
    assert g.updated_at > "2000-01-01T00:00:00Z"
    with pytest.raises(InvalidInput, match=r"A goal needs a title\."):
        goals.update(db, goal, title="")
    assert goals.update(db, goal, value_ids=[]).touches("value")


def test_get_missing_trashed_and_of_trashed_coachee(db, hoa, goal) -> None:
    with pytest.raises(NotFound, match=r"^There is no goal with id 4242\.$"):
        goals.get(db, 4242)
    trash.trash(db, "goal", goal)
    with pytest.raises(NotFound, match="in the trash"):
        goals.get(db, goal)
    assert goals.get(db, goal, include_deleted=True).id == goal
    trash.restore(db, "goal", goal)
    trash.trash(db, "coachee", hoa)
    with pytest.raises(NotFound):
        goals.update(db, goal, progress=5)
    assert goals.get(db, goal, include_deleted=True).progress == 0


def test_list_goals_order_filters_and_trash(db, hoa) -> None:
    zoe = coachees.add(db, "Zoë Kowalczyk").created
    aicha = coachees.add(db, "Aïcha Benali").created
    z1 = goals.add(db, zoe, "Zoë's goal").created
    h1 = goals.add(db, hoa, "Hoa first").created
    h2 = goals.add(db, hoa, "Hoa second", status="achieved").created
    h3 = goals.add(db, hoa, "Hoa third", status="dropped").created
    h4 = goals.add(db, hoa, "Hoa fourth", status="revised").created
    h5 = goals.add(db, hoa, "Hoa draft", status="draft").created
    a1 = goals.add(db, aicha, "Aïcha's goal").created
    assert [g.id for g in goals.list_goals(db)] == [a1, h1, h2, h3, h4, h5, z1]
    assert [g.id for g in goals.list_goals(db, hoa)] == [h1, h2, h3, h4, h5]
    assert [g.id for g in goals.list_goals(db, hoa, include_closed=False)] == [h1, h5]
    trash.trash(db, "goal", h1)
    trash.trash(db, "coachee", aicha)
    assert [g.id for g in goals.list_goals(db)] == [h2, h3, h4, h5, z1]
    assert goals.list_goals(db, aicha) == []


# -- values and ladder ---------------------------------------------------------------------------
def test_set_values_replaces_links(db, hoa, goal) -> None:
    a, b, c = (values.add(db, hoa, n).created for n in ("Integrity", "Curiosity", "Balance"))
    changes = goals.set_values(db, goal, [c, a, c])
    assert changes == Changes("goal", (goal,), also=frozenset({"value"}))
    assert set(goals.get(db, goal).value_ids) == {a, c}
    goals.set_values(db, goal, [b])
    assert goals.get(db, goal).value_ids == (b,)
    goals.set_values(db, goal, [])
    assert goals.get(db, goal).value_ids == ()


def test_value_ids_follow_value_rank(db, hoa, goal) -> None:
    a, b = (values.add(db, hoa, n).created for n in ("Integrity", "Curiosity"))
    goals.set_values(db, goal, [a, b])
    values.reorder(db, hoa, [b, a])
    assert goals.get(db, goal).value_ids == (b, a)
    assert goals.list_goals(db, hoa)[0].value_ids == (b, a)


def test_set_values_refuses_foreign_or_trashed_values(db, hoa, goal) -> None:
    mine = values.add(db, hoa, "Integrity").created
    goals.set_values(db, goal, [mine])
    foreign = values.add(db, coachees.add(db, "王小明").created, "Family").created
    with pytest.raises(InvalidInput, match=f"Value {foreign} is not one of this coachee's values"):
        goals.set_values(db, goal, [mine, foreign])
    gone = values.add(db, hoa, "Balance").created
    trash.trash(db, "value", gone)
    with pytest.raises(InvalidInput, match=f"Value {gone} is not"):
        goals.set_values(db, goal, [gone])
    assert goals.get(db, goal).value_ids == (mine,)


def test_links_to_a_trashed_value_come_back_with_it(db, hoa, goal) -> None:
    a, b = (values.add(db, hoa, n).created for n in ("Integrity", "Curiosity"))
    goals.set_values(db, goal, [a, b])
    trash.trash(db, "value", a)
    assert goals.get(db, goal).value_ids == (b,)
    goals.set_values(db, goal, [b])  # editing while a is in the trash keeps a's link
    trash.restore(db, "value", a)
    assert set(goals.get(db, goal).value_ids) == {a, b}


def test_set_ladder_replaces_the_whole_ladder(db, goal) -> None:
    goals.set_ladder(db, goal, LADDER)
    assert goals.get(db, goal).ladder == LADDER
    assert goals.set_ladder(db, goal, {"0": "Expected", 2: " Best "}) == Changes("goal", (goal,))
    assert goals.get(db, goal).ladder == {-2: "", -1: "", 0: "Expected", 1: "", 2: "Best"}
    with pytest.raises(InvalidInput, match="GAS ladder level «top» is not one of"):
        goals.set_ladder(db, goal, {"top": "x"})


def test_record_attainment(db, goal) -> None:
    goals.record_attainment(db, goal, 1, on="2026-05-01")
    g = goals.get(db, goal)
    assert (g.gas_attained, g.gas_attained_on) == (1, "2026-05-01")
    goals.record_attainment(db, goal, -2)
    assert goals.get(db, goal).gas_attained_on == today().isoformat()
    assert goals.record_attainment(db, goal, None) == Changes("goal", (goal,))
    g = goals.get(db, goal)
    assert (g.gas_attained, g.gas_attained_on) == (None, None)
    with pytest.raises(InvalidInput, match=r"GAS attained level must be between -2 and 2 \("):
        goals.record_attainment(db, goal, 3)
    with pytest.raises(InvalidInput, match="Attainment date «May» is not a date"):
        goals.record_attainment(db, goal, 0, on="May")


# -- milestones --------------------------------------------------------------------------------
def test_milestones_add_update_list(db, goal) -> None:
    changes = goals.add_milestone(db, goal, "Draft the plan", due_date="2026-04-01")
    assert changes.kind == "milestone" and changes.touches("goal")
    second = goals.add_milestone(db, goal, "Share it with the coach").created
    listed = goals.list_milestones(db, goal)
    assert [(m.id, m.position, m.title, m.due_date) for m in listed] == [
        (changes.created, 0, "Draft the plan", "2026-04-01"),
        (second, 1, "Share it with the coach", None)]
    goals.update_milestone(db, second, done_on="2026-04-10", title="Shared it")
    m = goals.list_milestones(db, goal)[1]
    assert (m.title, m.done_on, m.done) == ("Shared it", "2026-04-10", True)
    goals.update_milestone(db, second, done_on=None)
    assert not goals.list_milestones(db, goal)[1].done


@pytest.mark.parametrize(("fields", "sentence"), [
    ({"title": ""}, "A milestone needs a title."),
    ({"due_date": "tomorrow"}, "Due date «tomorrow» is not a date; use YYYY-MM-DD."),
    ({"done_on": "2026-13-01"}, "Done date «2026-13-01» is not a date; use YYYY-MM-DD."),
    ({"position": 3}, "Milestones have no field «position»."),
])
def test_update_milestone_validates(db, goal, fields, sentence) -> None:
    mid = goals.add_milestone(db, goal, "Draft the plan").created
    with pytest.raises(InvalidInput) as info:
        goals.update_milestone(db, mid, **fields)
    assert info.value.sentence == sentence
    assert goals.list_milestones(db, goal)[0].title == "Draft the plan"


def test_add_milestone_validates(db, goal) -> None:
    with pytest.raises(InvalidInput, match=r"A milestone needs a title\."):
        goals.add_milestone(db, goal, " ")
    with pytest.raises(InvalidInput, match="Due date «1/4/26» is not a date"):
        goals.add_milestone(db, goal, "Plan", due_date="1/4/26")
    with pytest.raises(NotFound, match=r"There is no goal with id 999\."):
        goals.add_milestone(db, 999, "Plan")
    assert goals.list_milestones(db, goal) == []


def test_delete_and_move_milestones_keep_positions_dense(db, goal) -> None:
    a, b, c, d = (goals.add_milestone(db, goal, t).created for t in "ABCD")
    goals.move_milestone(db, d, 0)
    assert [m.id for m in goals.list_milestones(db, goal)] == [d, a, b, c]
    goals.move_milestone(db, d, 3)
    assert [m.id for m in goals.list_milestones(db, goal)] == [a, b, c, d]
    assert goals.delete_milestone(db, b).ids == (b,)
    listed = goals.list_milestones(db, goal)
    assert [(m.id, m.position) for m in listed] == [(a, 0), (c, 1), (d, 2)]
    assert db.execute("SELECT count(*) FROM milestones WHERE id = ?", [b]).fetchone()[0] == 0
    with pytest.raises(InvalidInput, match=r"Milestone position must be between 0 and 2 \(got 3\)"):
        goals.move_milestone(db, a, 3)
    with pytest.raises(InvalidInput, match=r"Milestone position must be at least 0 \(got -1\)"):
        goals.move_milestone(db, a, -1)
    with pytest.raises(NotFound, match=r"There is no milestone with id 999\."):
        goals.delete_milestone(db, 999)


def test_milestones_of_a_trashed_goal_are_hidden(db, goal) -> None:
    mid = goals.add_milestone(db, goal, "Draft").created
    trash.trash(db, "goal", goal)
    assert goals.list_milestones(db, goal) == []
    with pytest.raises(NotFound):
        goals.update_milestone(db, mid, title="x")


# -- check-ins ---------------------------------------------------------------------------------
def test_check_in_updates_goal_progress_and_gas(db, goal) -> None:
    changes = goals.check_in(db, goal, checked_on="2026-03-01", progress=40, gas_level=-1,
                             note="Plan drafted.")
    assert changes == Changes("checkin", (changes.created,), created=changes.created,
                              also=frozenset({"goal"}))
    g = goals.get(db, goal)
    assert (g.progress, g.gas_attained, g.gas_attained_on) == (40, -1, "2026-03-01")
    goals.check_in(db, goal, checked_on="2026-04-01", note="Only a note.")
    assert goals.get(db, goal).progress == 40
    k = goals.list_checkins(db, goal)
    assert [(c.checked_on, c.progress, c.gas_level, c.note) for c in k] == [
        ("2026-03-01", 40, -1, "Plan drafted."), ("2026-04-01", None, None, "Only a note.")]


def test_back_dated_check_in_does_not_overwrite_newer(db, goal) -> None:
    goals.check_in(db, goal, checked_on="2026-05-01", progress=70, gas_level=1)
    goals.check_in(db, goal, checked_on="2026-02-01", progress=20, gas_level=-2)
    g = goals.get(db, goal)
    assert (g.progress, g.gas_attained, g.gas_attained_on) == (70, 1, "2026-05-01")
    assert [c.checked_on for c in goals.list_checkins(db, goal)] == ["2026-02-01", "2026-05-01"]


def test_check_in_defaults_to_today(db, goal) -> None:
    goals.check_in(db, goal, progress=5)
    assert goals.list_checkins(db, goal)[0].checked_on == today().isoformat()


def test_check_in_links_a_session_of_the_same_coachee(db, hoa, goal) -> None:
    sid = _session(db, hoa)
    goals.check_in(db, goal, progress=10, session_id=sid)
    assert goals.list_checkins(db, goal)[0].session_id == sid
    other = _session(db, coachees.add(db, "Zoë Kowalczyk").created)
    with pytest.raises(InvalidInput, match=f"Session {other} is not one of this coachee's"):
        goals.check_in(db, goal, progress=20, session_id=other)
    with pytest.raises(NotFound, match=r"There is no session with id 999\."):
        goals.check_in(db, goal, session_id=999)
    assert len(goals.list_checkins(db, goal)) == 1 and goals.get(db, goal).progress == 10


@pytest.mark.parametrize(("kwargs", "sentence"), [
    ({"progress": -5}, "Progress must be between 0 and 100 (got -5)."),
    ({"gas_level": 5}, "GAS level must be between -2 and 2 (got 5)."),
    ({"checked_on": "01.03.2026"}, "Check-in date «01.03.2026» is not a date; use YYYY-MM-DD."),
    ({"note": None, "session_id": "one"}, "«one» is not a valid session id."),
])
def test_check_in_validates(db, goal, kwargs, sentence) -> None:
    with pytest.raises(InvalidInput) as info:
        goals.check_in(db, goal, **kwargs)
    assert info.value.sentence == sentence
    assert goals.list_checkins(db, goal) == []


def test_check_ins_of_trashed_goal_are_hidden(db, hoa, goal) -> None:
    goals.check_in(db, goal, progress=10)
    trash.trash(db, "coachee", hoa)
    assert goals.list_checkins(db, goal) == []
    with pytest.raises(NotFound):
        goals.check_in(db, goal, progress=20)


def test_list_goals_links_values_for_many_goals(db, hoa) -> None:
    vid = values.add(db, hoa, "Integrity").created
    with db.atomic():
        for n in range(600):
            db.execute("INSERT INTO goals(coachee_id, title) VALUES (?, ?)", [hoa, f"Goal {n}"])
    last = goals.list_goals(db, hoa)[-1].id
    goals.set_values(db, last, [vid])
    listed = goals.list_goals(db)
    assert len(listed) == 600
    assert [g.id for g in listed if g.value_ids] == [last]
    assert listed[-1].value_ids == (vid,)
