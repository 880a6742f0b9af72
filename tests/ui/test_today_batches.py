"""A long overdue list on the Today view: the first batch comes with the other lists, the
next ones only when the coach scrolls to them, a batch read for lists since reloaded is
dropped, and each column is as wide as its widest cell read so far."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics

from tests.ui.conftest import _state
from tests.ui.executors import ManualExecutor
from ui.kit.state import WorkbookState
from ui.window.today_models import BATCH, ID_ROLE
from ui.window.today_view import TodayList, TodayView
from workbook import queries

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DAY = date(2026, 3, 15)
ITEMS = 2 * BATCH + 50
LONG_NAME = "Maximiliana Wolkenstein-Oberhausen de la Fuente y Santisteban"
COACHEE = 1  # column


def _fill(db) -> list[int]:  # type: ignore[no-untyped-def]
    """ITEMS overdue items; the ones past the first batch belong to a long-named learner."""
    with db.atomic():
        short = int(db["coachees"].insert({"name": "Ana Fictional"}).last_pk)
        long = int(db["coachees"].insert({"name": LONG_NAME}).last_pk)
        for n in range(ITEMS):
            db["action_items"].insert({
                "coachee_id": short if n < BATCH else long, "text": f"Item {n}",
                "due_date": f"2026-01-{1 + n // 20:02d}"})
    return [o.action.id for o in queries.overdue_actions(db, today=DAY)]


def _ids(view: TodayList) -> list[int]:
    model = view.model()
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def _scroll_to_end(qtbot, view: TodayList) -> None:  # type: ignore[no-untyped-def]
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > bar.value())  # laid out with the rows it has
    bar.setValue(bar.maximum())


def _today(qtbot, state: WorkbookState) -> TodayView:  # type: ignore[no-untyped-def]
    view = TodayView(state, today=DAY)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    return view


def test_the_overdue_list_is_read_a_batch_at_a_time(qtbot, state) -> None:  # type: ignore[no-untyped-def]
    expected = _fill(state.vault.db)
    view = _today(qtbot, state)
    overdue = view.overdue.view
    qtbot.waitUntil(lambda: bool(_ids(overdue)))
    assert view.overdue.heading.text() == f"Overdue action items ({ITEMS})"
    assert _ids(overdue) == expected[:BATCH]  # the rest is not read before it is wanted
    metrics = QFontMetrics(overdue.font())
    width = overdue.header().sectionSize(COACHEE)
    assert width >= metrics.horizontalAdvance("Ana Fictional")
    assert width < metrics.horizontalAdvance(LONG_NAME)

    _scroll_to_end(qtbot, overdue)
    qtbot.waitUntil(lambda: len(_ids(overdue)) == 2 * BATCH)
    # a column grows with the widest cell of a new batch
    assert overdue.header().sectionSize(COACHEE) >= metrics.horizontalAdvance(LONG_NAME)
    _scroll_to_end(qtbot, overdue)
    qtbot.waitUntil(lambda: len(_ids(overdue)) == ITEMS)
    assert _ids(overdue) == expected
    assert view.overdue.heading.text() == f"Overdue action items ({ITEMS})"


@pytest.fixture
def slow_state(workbook_path: Path, qapp) -> Iterator[WorkbookState]:  # type: ignore[no-untyped-def]
    """An empty workbook (not the demo of tests/ui/conftest.py's `slow_state`) whose calls
    wait until the test runs them, in order."""
    yield from _state(workbook_path, qapp, ManualExecutor())


def test_a_batch_read_for_lists_since_reloaded_is_dropped(qtbot, slow_state) -> None:  # type: ignore[no-untyped-def]
    db = slow_state.vault.db
    executor = slow_state.runner.executor
    before = _fill(db)
    view = _today(qtbot, slow_state)
    overdue = view.overdue.view
    qtbot.waitUntil(lambda: bool(executor.jobs))
    executor.wait()
    assert _ids(overdue) == before[:BATCH]

    view.refresh()  # a reload is on its way …
    _scroll_to_end(qtbot, overdue)  # … when the coach scrolls to the end of the old lists
    assert len(executor.jobs) == 2
    # meanwhile the first items were done: the fresh lists start further on
    db.execute("UPDATE action_items SET done_on = '2026-03-15' WHERE id IN (?, ?, ?)",
               before[:3])
    executor.wait()
    ids = _ids(overdue)
    assert ids == before[3:BATCH + 3]  # the fresh first batch, and no batch of the old lists
    assert view.overdue.heading.text() == f"Overdue action items ({ITEMS - 3})"

    overdue.verticalScrollBar().setValue(0)
    _scroll_to_end(qtbot, overdue)
    qtbot.waitUntil(lambda: bool(executor.jobs))
    executor.wait()
    ids = _ids(overdue)
    assert ids == before[3:2 * BATCH + 3] and len(set(ids)) == len(ids)


def test_a_batch_that_lands_after_the_lock_shows_nothing(qtbot, slow_state) -> None:  # type: ignore[no-untyped-def]
    executor = slow_state.runner.executor
    _fill(slow_state.vault.db)
    view = _today(qtbot, slow_state)
    overdue = view.overdue.view
    qtbot.waitUntil(lambda: bool(executor.jobs))
    executor.wait()
    _scroll_to_end(qtbot, overdue)
    assert len(executor.jobs) == 1
    slow_state.close()  # the batch is read while locking, then every list is cleared
    assert _ids(overdue) == [] and view.overdue.heading.text() == "Overdue action items"
