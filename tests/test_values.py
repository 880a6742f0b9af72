"""Personal values: the catalog, a coachee's ranked values, and the values ↔ goals map."""

from __future__ import annotations

import pytest

from workbook import coachees, goals, trash, validate, values
from workbook.changes import Changes
from workbook.errors import InvalidInput, NotFound
from workbook.seed import builtin_values


@pytest.fixture
def aicha(db) -> int:
    return coachees.add(db, "Aïcha Benali").created


def _names(db, coachee_id: int) -> list[str]:
    return [v.name for v in values.list_values(db, coachee_id)]


# -- catalog -------------------------------------------------------------------------------
def test_catalog_holds_the_builtin_values_sorted(db) -> None:
    items = values.catalog(db)
    assert len(items) == len(builtin_values()) > 10
    assert all(v.builtin for v in items)
    folded = [validate.fold(v.name) for v in items]
    assert folded == sorted(folded)
    assert all(v.description for v in items)


def test_add_catalog_value(db) -> None:
    changes = values.add_catalog_value(db, " Équité ", "Fairness in how care is shared.")
    assert changes.kind == "catalog" and changes.created is not None
    added = next(v for v in values.catalog(db) if v.id == changes.created)
    assert (added.name, added.description, added.builtin) == (
        "Équité", "Fairness in how care is shared.", False)
    with pytest.raises(InvalidInput, match=r"^The values list already has «Équité»\.$"):
        values.add_catalog_value(db, "équité")
    with pytest.raises(InvalidInput, match=r"The values list already has «Integrity»\."):
        values.add_catalog_value(db, "INTEGRITY")
    with pytest.raises(InvalidInput, match=r"^A value needs a name\.$"):
        values.add_catalog_value(db, "  ")
    with pytest.raises(InvalidInput, match="Value description is too long"):
        values.add_catalog_value(db, "Brevity", "x" * 2_001)


# -- a coachee's values ------------------------------------------------------------------------
def test_add_ranks_each_value_after_the_last(db, aicha) -> None:
    ids = [values.add(db, aicha, name).created for name in ("Integrity", "Curiosity", "家族")]
    listed = values.list_values(db, aicha)
    assert [v.id for v in listed] == ids
    assert [v.rank for v in listed] == [0, 1, 2]
    assert listed[2].name == "家族" and listed[0].coachee_id == aicha


def test_add_stores_reflection_and_returns_changes(db, aicha) -> None:
    changes = values.add(db, aicha, "Compassion", reflection="Why I chose medicine.")
    assert changes == Changes("value", (changes.created,), created=changes.created)
    value = values.list_values(db, aicha)[0]
    assert value.reflection == "Why I chose medicine." and value.deleted_at is None


def test_add_refuses_a_name_the_coachee_already_chose(db, aicha) -> None:
    values.add(db, aicha, "Integrity")
    with pytest.raises(InvalidInput,
                       match=r"^Value «integrity» is already one of this coachee's values\.$"):
        values.add(db, aicha, " integrity ")
    other = coachees.add(db, "Zoë Kowalczyk").created
    values.add(db, other, "Integrity")  # another coachee may choose it
    assert _names(db, aicha) == ["Integrity"]


def test_a_trashed_value_frees_its_name(db, aicha) -> None:
    first = values.add(db, aicha, "Integrity").created
    trash.trash(db, "value", first)
    values.add(db, aicha, "Integrity")
    assert _names(db, aicha) == ["Integrity"]


@pytest.mark.parametrize(("name", "reflection", "sentence"), [
    ("", "", "A value needs a name."),
    ("x" * 101, "", "Value name is too long (101 characters; at most 100)."),
    ("Integrity", "r" * 20_001, "Reflection is too long (20001 characters; at most 20000)."),
    ("Integrity", 5, "Reflection must be text, not «5»."),
])
def test_add_validates(db, aicha, name, reflection, sentence) -> None:
    with pytest.raises(InvalidInput) as info:
        values.add(db, aicha, name, reflection)
    assert info.value.sentence == sentence


def test_add_to_missing_or_trashed_coachee_is_not_found(db, aicha) -> None:
    with pytest.raises(NotFound, match=r"There is no coachee with id 999\."):
        values.add(db, 999, "Integrity")
    trash.trash(db, "coachee", aicha)
    with pytest.raises(NotFound):
        values.add(db, aicha, "Integrity")


def test_update_name_and_reflection(db, aicha) -> None:
    vid = values.add(db, aicha, "Integrity").created
    db.execute("UPDATE coachee_values SET updated_at = '2000-01-01T00:00:00Z'")
    assert values.update(db, vid, reflection="Honest with patients.") == Changes("value", (vid,))
    values.update(db, vid, name="INTEGRITY")  # its own name in another case is fine
    value = values.get(db, vid)
    assert (value.name, value.reflection) == ("INTEGRITY", "Honest with patients.")
    assert value.updated_at > "2000-01-01T00:00:00Z"


def test_update_refuses_duplicate_and_empty_names(db, aicha) -> None:
    values.add(db, aicha, "Integrity")
    vid = values.add(db, aicha, "Curiosity").created
    with pytest.raises(InvalidInput, match="Value «integrity» is already one"):
        values.update(db, vid, name="integrity")
    with pytest.raises(InvalidInput, match=r"A value needs a name\."):
        values.update(db, vid, name=" ")
    assert _names(db, aicha) == ["Integrity", "Curiosity"]


def test_update_missing_or_trashed_value_is_not_found(db, aicha) -> None:
    with pytest.raises(NotFound, match=r"There is no value with id 77\."):
        values.update(db, 77, name="x")
    vid = values.add(db, aicha, "Integrity").created
    trash.trash(db, "value", vid)
    with pytest.raises(NotFound, match="is in the trash"):
        values.update(db, vid, name="x")
    assert values.get(db, vid, include_deleted=True).name == "Integrity"


def test_reorder_sets_ranks_in_the_given_order(db, aicha) -> None:
    a, b, c = (values.add(db, aicha, n).created for n in ("Integrity", "Curiosity", "Balance"))
    changes = values.reorder(db, aicha, [c, a, b])
    assert changes == Changes("value", (c, a, b))
    listed = values.list_values(db, aicha)
    assert [v.id for v in listed] == [c, a, b] and [v.rank for v in listed] == [0, 1, 2]


@pytest.mark.parametrize("bad", ["missing", "foreign", "duplicate", "unknown", "trashed"])
def test_reorder_must_list_exactly_the_current_values(db, aicha, bad) -> None:
    a, b = (values.add(db, aicha, n).created for n in ("Integrity", "Curiosity"))
    t = values.add(db, aicha, "Balance").created
    trash.trash(db, "value", t)
    foreign = values.add(db, coachees.add(db, "王小明").created, "Family").created
    order = {"missing": [b], "foreign": [b, a, foreign], "duplicate": [b, a, a],
             "unknown": [b, a, 9999], "trashed": [b, a, t]}[bad]
    with pytest.raises(InvalidInput, match="The new order of values"):
        values.reorder(db, aicha, order)
    assert [v.id for v in values.list_values(db, aicha)] == [a, b]


def test_reorder_refuses_a_non_list(db, aicha) -> None:
    with pytest.raises(InvalidInput, match="The value ids must be a list"):
        values.reorder(db, aicha, "1,2")  # type: ignore[arg-type]


def test_list_values_excludes_trashed_values_and_trashed_coachees(db, aicha) -> None:
    a = values.add(db, aicha, "Integrity").created
    b = values.add(db, aicha, "Curiosity").created
    trash.trash(db, "value", a)
    assert [v.id for v in values.list_values(db, aicha)] == [b]
    trash.trash(db, "coachee", aicha)
    assert values.list_values(db, aicha) == []
    with pytest.raises(NotFound):
        values.get(db, b)


# -- values ↔ goals ------------------------------------------------------------------------
def test_values_goals_map(db, aicha) -> None:
    integrity = values.add(db, aicha, "Integrity").created
    curiosity = values.add(db, aicha, "Curiosity").created
    balance = values.add(db, aicha, "Balance").created
    exam = goals.add(db, aicha, "Pass the shelf exam", value_ids=[integrity, curiosity]).created
    research = goals.add(db, aicha, "Start a research project", value_ids=[curiosity]).created
    sleep = goals.add(db, aicha, "Sleep seven hours").created
    vmap = values.values_goals_map(db, aicha)
    assert vmap.links == [(integrity, exam), (curiosity, exam), (curiosity, research)]
    assert [v.id for v in vmap.values_without_goals] == [balance]
    assert [(g.id, g.title) for g in vmap.goals_without_values] == [(sleep, "Sleep seven hours")]
    assert [v.id for v in vmap.values] == [integrity, curiosity, balance]
    assert [g.id for g in vmap.goals] == [exam, research, sleep]


def test_values_goals_map_ignores_dropped_and_trashed(db, aicha) -> None:
    integrity = values.add(db, aicha, "Integrity").created
    curiosity = values.add(db, aicha, "Curiosity").created
    dropped = goals.add(db, aicha, "Dropped goal", value_ids=[integrity]).created
    goals.update(db, dropped, status="dropped")
    trashed = goals.add(db, aicha, "Trashed goal", value_ids=[curiosity]).created
    trash.trash(db, "goal", trashed)
    achieved = goals.add(db, aicha, "Achieved goal", value_ids=[integrity, curiosity]).created
    goals.update(db, achieved, status="achieved")
    trash.trash(db, "value", curiosity)
    vmap = values.values_goals_map(db, aicha)
    assert vmap.links == [(integrity, achieved)]
    assert vmap.values_without_goals == [] and vmap.goals_without_values == []
    assert [g.id for g in vmap.goals] == [achieved]
    trash.trash(db, "coachee", aicha)
    empty = values.values_goals_map(db, aicha)
    assert (empty.links, empty.values, empty.goals) == ([], [], [])
