"""Every mutation of coachees, values, goals, trash and settings is one transaction: none is
left open after success or bad input, and one that fails part-way changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlcipher3 import dbapi2

from workbook import coachees, goals, settings, trash, values
from workbook.errors import InvalidInput, NotFound


@dataclass
class World:
    aicha: int
    zoe: int
    integrity: int
    curiosity: int
    foreign_value: int
    goal: int
    milestone: int
    milestone2: int
    session: int
    trashed_goal: int


@pytest.fixture
def world(db) -> World:
    aicha = coachees.add(db, "Aïcha Benali", email="aicha@example.edu").created
    zoe = coachees.add(db, "Zoë Kowalczyk").created
    integrity = values.add(db, aicha, "Integrity").created
    curiosity = values.add(db, aicha, "Curiosity").created
    foreign_value = values.add(db, zoe, "Family").created
    goal = goals.add(db, aicha, "Pass the shelf exam", value_ids=[integrity]).created
    milestone = goals.add_milestone(db, goal, "Draft a plan").created
    milestone2 = goals.add_milestone(db, goal, "Share the plan").created
    session = int(db.execute("INSERT INTO sessions(coachee_id, scheduled_at) VALUES (?, ?)",
                             [aicha, "2026-03-01T09:00"]).lastrowid)
    trashed_goal = goals.add(db, aicha, "Old goal").created
    trash.trash(db, "goal", trashed_goal)
    return World(aicha, zoe, integrity, curiosity, foreign_value, goal, milestone, milestone2,
                 session, trashed_goal)


def snapshot(db) -> dict[str, list[str]]:
    """Every row of every table (search index shadow tables included), order-free."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: sorted(repr(row) for row in db.execute(f'SELECT * FROM "{t}"').fetchall())
            for t in tables}


Op = Callable[[Any, World], object]

# name: (a call that succeeds, a call refused for bad input or a missing record)
MUTATIONS: dict[str, tuple[Op, Op]] = {
    "coachees.add": (lambda db, w: coachees.add(db, "王小明", level="MS2"),
                     lambda db, w: coachees.add(db, "王小明", level="MS9")),
    "coachees.update": (lambda db, w: coachees.update(db, w.aicha, program="Surgery"),
                        lambda db, w: coachees.update(db, w.aicha, program="Surgery",
                                                      email="nope")),
    "coachees.archive": (lambda db, w: coachees.archive(db, w.aicha),
                         lambda db, w: coachees.archive(db, 999)),
    "values.add_catalog_value": (lambda db, w: values.add_catalog_value(db, "Équité"),
                                 lambda db, w: values.add_catalog_value(db, "integrity")),
    "values.add": (lambda db, w: values.add(db, w.aicha, "Balance"),
                   lambda db, w: values.add(db, w.aicha, "CURIOSITY")),
    "values.update": (lambda db, w: values.update(db, w.integrity, reflection="Honesty"),
                      lambda db, w: values.update(db, w.integrity, name="Curiosity")),
    "values.reorder": (lambda db, w: values.reorder(db, w.aicha, [w.curiosity, w.integrity]),
                       lambda db, w: values.reorder(db, w.aicha, [w.curiosity,
                                                                  w.foreign_value])),
    "goals.add": (lambda db, w: goals.add(db, w.aicha, "Sleep more", value_ids=[w.curiosity]),
                  lambda db, w: goals.add(db, w.aicha, "Sleep more",
                                          value_ids=[w.foreign_value])),
    "goals.update": (lambda db, w: goals.update(db, w.goal, progress=50, value_ids=[]),
                     lambda db, w: goals.update(db, w.goal, progress=50, domain="astrology")),
    "goals.set_values": (lambda db, w: goals.set_values(db, w.goal, [w.curiosity]),
                         lambda db, w: goals.set_values(db, w.goal, [w.curiosity,
                                                                     w.foreign_value])),
    "goals.set_ladder": (lambda db, w: goals.set_ladder(db, w.goal, {0: "Expected"}),
                         lambda db, w: goals.set_ladder(db, w.goal, {0: "ok", 5: "no"})),
    "goals.record_attainment": (lambda db, w: goals.record_attainment(db, w.goal, 1),
                                lambda db, w: goals.record_attainment(db, w.goal, 1, on="x")),
    "goals.add_milestone": (lambda db, w: goals.add_milestone(db, w.goal, "Book the exam"),
                            lambda db, w: goals.add_milestone(db, w.trashed_goal, "Book")),
    "goals.update_milestone": (lambda db, w: goals.update_milestone(db, w.milestone,
                                                                    done_on="2026-03-02"),
                               lambda db, w: goals.update_milestone(db, w.milestone,
                                                                    title="")),
    "goals.delete_milestone": (lambda db, w: goals.delete_milestone(db, w.milestone),
                               lambda db, w: goals.delete_milestone(db, 999)),
    "goals.move_milestone": (lambda db, w: goals.move_milestone(db, w.milestone2, 0),
                             lambda db, w: goals.move_milestone(db, w.milestone2, 5)),
    "goals.check_in": (lambda db, w: goals.check_in(db, w.goal, progress=40, gas_level=0,
                                                    session_id=w.session),
                       lambda db, w: goals.check_in(db, w.goal, progress=40, gas_level=7)),
    "trash.trash": (lambda db, w: trash.trash(db, "coachee", w.aicha),
                    lambda db, w: trash.trash(db, "coachee", 999)),
    "trash.restore": (lambda db, w: trash.restore(db, "goal", w.trashed_goal),
                      lambda db, w: trash.restore(db, "notebook", w.trashed_goal)),
    "trash.purge": (lambda db, w: trash.purge(db, "goal", w.trashed_goal),
                    lambda db, w: trash.purge(db, "goal", w.goal)),
    "trash.empty_trash": (lambda db, w: trash.empty_trash(db),
                          lambda db, w: trash.purge(db, "value", w.integrity)),
    "settings.update_settings": (lambda db, w: settings.update_settings(db, page_size="A4"),
                                 lambda db, w: settings.update_settings(db, page_size="A4",
                                                                        gas_rho=2)),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_no_transaction_left_open_after_success(db, world, name) -> None:
    ok, _ = MUTATIONS[name]
    before = snapshot(db)
    ok(db, world)
    assert not db.conn.in_transaction
    assert snapshot(db) != before  # it really changed something


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_refused_input_leaves_no_transaction_and_changes_nothing(db, world, name) -> None:
    _, bad = MUTATIONS[name]
    before = snapshot(db)
    with pytest.raises((InvalidInput, NotFound)):
        bad(db, world)
    assert not db.conn.in_transaction
    assert snapshot(db) == before


# -- failures part-way through -------------------------------------------------------------
# A temporary trigger makes one statement fail after others of the same operation ran.
@pytest.fixture
def fail_when(db):
    created: list[str] = []

    def install(event_and_table: str, condition: str = "1") -> None:
        name = f"fail_{len(created)}"
        db.execute(f"CREATE TEMP TRIGGER {name} {event_and_table} WHEN {condition} "
                   "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        created.append(name)

    yield install
    for name in created:
        db.execute(f"DROP TRIGGER temp.{name}")


def _nothing(db, w: World) -> None:
    return None


def _trash_aicha(db, w: World) -> None:
    trash.trash(db, "coachee", w.aicha)


def _trash_zoe_and_a_template(db, w: World) -> None:
    trash.trash(db, "coachee", w.zoe)
    trash.trash(db, "template", 1)


def _trash_curiosity(db, w: World) -> None:
    trash.trash(db, "value", w.curiosity)


# name: (trigger event, trigger condition, setup committed first, the operation that fails)
PARTWAY: dict[str, tuple[str, str, Op, Op]] = {
    "reorder after the first rank": (
        "BEFORE UPDATE OF rank ON main.coachee_values", "NEW.rank = 1", _nothing,
        lambda db, w: values.reorder(db, w.aicha, [w.curiosity, w.integrity])),
    "set_values after unlinking": (
        "BEFORE INSERT ON main.goal_values", "1", _nothing,
        lambda db, w: goals.set_values(db, w.goal, [w.curiosity])),
    "goals.add while linking values": (
        "BEFORE INSERT ON main.goal_values", "1", _nothing,
        lambda db, w: goals.add(db, w.aicha, "Sleep more", value_ids=[w.curiosity])),
    "goals.update after the columns": (
        "BEFORE INSERT ON main.goal_values", "1", _nothing,
        lambda db, w: goals.update(db, w.goal, title="New title", value_ids=[w.curiosity])),
    "check_in while updating the goal": (
        "BEFORE UPDATE ON main.goals", "1", _nothing,
        lambda db, w: goals.check_in(db, w.goal, progress=60)),
    "delete_milestone while renumbering": (
        "BEFORE UPDATE OF position ON main.milestones", "1", _nothing,
        lambda db, w: goals.delete_milestone(db, w.milestone)),
    "move_milestone after the first position": (
        "BEFORE UPDATE OF position ON main.milestones", "NEW.position = 1", _nothing,
        lambda db, w: goals.move_milestone(db, w.milestone2, 0)),
    "purge of a coachee in the cascade": (
        "BEFORE DELETE ON main.milestones", "1", _trash_aicha,
        lambda db, w: trash.purge(db, "coachee", w.aicha)),
    "empty_trash after purging a coachee": (
        "BEFORE DELETE ON main.templates", "1", _trash_zoe_and_a_template,
        lambda db, w: trash.empty_trash(db)),
    "restore of a value while ranking it": (
        "BEFORE UPDATE ON main.coachee_values", "NEW.deleted_at IS NULL", _trash_curiosity,
        lambda db, w: trash.restore(db, "value", w.curiosity)),
    "update_settings on the second key": (
        "BEFORE UPDATE ON main.settings", "NEW.key = 'page_size'", _nothing,
        lambda db, w: settings.update_settings(db, coach_name="Dr. Hoa", page_size="A4")),
}


@pytest.mark.parametrize("name", list(PARTWAY))
def test_failure_part_way_changes_nothing(db, world, fail_when, name) -> None:
    event, condition, setup, operation = PARTWAY[name]
    setup(db, world)
    fail_when(event, condition)
    before = snapshot(db)
    with pytest.raises(dbapi2.IntegrityError, match="injected failure"):
        operation(db, world)
    assert not db.conn.in_transaction
    assert snapshot(db) == before
