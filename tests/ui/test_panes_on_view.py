"""Only the tab on view loads: a coachee switch reads what is shown, a tab off view loads
when it is shown, and then with the current coachee's records and the latest edits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ui.kit.state import WorkbookState
from ui.portfolio.goal_models import load_goal_detail, load_goal_rows
from ui.portfolio.overview_data import load_overview
from ui.portfolio.values_model import load_values
from ui.window.panes import GOALS, OVERVIEW, SESSIONS, VALUES, Panes
from workbook import coachees, goals, sessions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panes(qtbot, demo_state: WorkbookState) -> Panes:  # type: ignore[no-untyped-def]
    widget = Panes(demo_state)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def calls(demo_state: WorkbookState, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every function the screens send to the worker, in order."""
    sent: list[Callable[..., Any]] = []
    real = demo_state.call

    def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        sent.append(fn)
        real(fn, *args, **kwargs)

    monkeypatch.setattr(demo_state, "call", call)
    yield sent


def _with_goals(state: WorkbookState) -> list[int]:
    db = state.vault.db  # type: ignore[union-attr]
    return [c.id for c in coachees.list_coachees(db) if goals.list_goals(db, c.id)]


def _goal_titles(panes: Panes) -> set[str]:
    model = panes.goals.model
    return {model.record(r).title for r in range(model.rowCount())}


def test_a_switch_loads_only_the_tab_on_view(panes: Panes, demo_state: WorkbookState,
                                             calls: list[Any]) -> None:
    first, second = _with_goals(demo_state)[:2]
    panes.set_coachee(first)
    assert panes.tabs.currentIndex() == OVERVIEW
    calls.clear()
    panes.set_coachee(second)
    assert calls == [load_overview]
    panes.tabs.setCurrentIndex(GOALS)
    # the list and the first goal's detail come in one call
    assert calls == [load_overview, load_goal_rows]
    assert panes.goals.editor.goal_id is not None
    calls.clear()
    panes.set_coachee(first)
    assert calls == [load_goal_rows]
    assert load_goal_detail not in calls


def test_a_tab_shown_after_a_switch_shows_the_current_coachee(
        panes: Panes, demo_state: WorkbookState, calls: list[Any]) -> None:
    db = demo_state.vault.db  # type: ignore[union-attr]
    first, second = _with_goals(demo_state)[:2]
    panes.set_coachee(first)
    for tab in (GOALS, VALUES, SESSIONS, OVERVIEW):
        panes.tabs.setCurrentIndex(tab)  # every tab has shown the first coachee
    panes.set_coachee(second)
    second_goals = {g.title for g in goals.list_goals(db, second)}
    panes.tabs.setCurrentIndex(GOALS)
    assert _goal_titles(panes) == second_goals
    assert panes.goals.editor._goal.coachee_id == second  # type: ignore[union-attr]
    panes.tabs.setCurrentIndex(VALUES)
    assert panes.values.coachee_id == second
    assert load_values in calls
    panes.tabs.setCurrentIndex(SESSIONS)
    listed = {panes.sessions.model.session_id(r)
              for r in range(panes.sessions.model.rowCount())}
    assert listed and all(sessions.get(db, s).coachee_id == second for s in listed)


def test_an_edit_off_view_shows_when_the_tab_is_shown(
        panes: Panes, demo_state: WorkbookState, calls: list[Any]) -> None:
    cid = _with_goals(demo_state)[0]
    panes.set_coachee(cid)
    panes.tabs.setCurrentIndex(GOALS)
    goal_id = panes.goals.selected_goal_id()
    assert goal_id is not None
    panes.tabs.setCurrentIndex(OVERVIEW)
    calls.clear()
    demo_state.call(goals.update, goal_id, title="Chair the spring review")
    assert calls == [goals.update, load_overview]  # the Goals tab off view stays quiet
    panes.tabs.setCurrentIndex(GOALS)
    assert "Chair the spring review" in _goal_titles(panes)
    assert panes.goals.editor.title.text() == "Chair the spring review"
    calls.clear()
    panes.tabs.setCurrentIndex(OVERVIEW)
    panes.tabs.setCurrentIndex(GOALS)
    assert calls == []  # nothing changed meanwhile: shown again, nothing is read again
