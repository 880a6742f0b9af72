"""The Today view on the demo workbook: what it lists, ticking items done, opening records,
refreshing, and forgetting every name when the workbook locks."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyleFactory,
    QStyleOptionViewItem,
)

from tests.ui.conftest import DEMO_TODAY
from tests.ui.shown import visible_texts
from ui.window.today_models import BATCH, ID_ROLE, KIND_ROLE, TodayModel, TodayRow
from ui.window.today_view import TodayList, TodayView, _ms_to_midnight
from workbook import actions, coachees, queries

# the offscreen platform says so for every shown window with a fixed-height child
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _ids(view: TodayList) -> list[int]:
    model = view.model()
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def _check_box_point(view: TodayList, row: int) -> QPoint:
    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    view.itemDelegate().initStyleOption(option, index)
    option.rect = view.visualRect(index)
    rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator,
                                       option, view)
    return rect.center()


def _view(qtbot, state) -> TodayView:  # type: ignore[no-untyped-def]
    view = TodayView(state, today=DEMO_TODAY)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    return view


def test_lists_the_demo_day(qtbot, qtmodeltester, demo_state) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    view = _view(qtbot, demo_state)
    assert view.date_label.text() == "Today — Sun 15 Mar 2026"

    upcoming = queries.upcoming_sessions(db, today=DEMO_TODAY)
    overdue = queries.overdue_actions(db, today=DEMO_TODAY)
    not_seen = queries.not_seen(db, today=DEMO_TODAY)
    goals = queries.goals_due_soon(db, days=30, today=DEMO_TODAY)
    assert upcoming and overdue and not_seen and goals  # the demo has some of each
    assert _ids(view.upcoming.view) == [u.session.id for u in upcoming]
    assert _ids(view.overdue.view) == [o.action.id for o in overdue]
    assert _ids(view.not_seen.view) == [n.coachee_id for n in not_seen]
    assert _ids(view.goals.view) == [g.goal_id for g in goals]
    assert view.overdue.heading.text() == f"Overdue action items ({len(overdue)})"

    first = view.upcoming.model.index(0, 0)
    assert first.data(KIND_ROLE) == "session"
    assert first.data() == "Tue 17 Mar 2026, 17:00"
    assert view.upcoming.model.index(0, 1).data() == "in 2 days"
    assert view.upcoming.model.index(0, 2).data() == upcoming[0].coachee_name
    worst = view.overdue_model
    assert worst.index(0, 0).data() == overdue[0].action.text
    assert worst.index(0, 4).data() == "overdue by 5 weeks"  # 38 days
    assert worst.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    tavita = view.not_seen.model
    assert tavita.index(0, 0).data() == "Tavita Faleolo"
    assert tavita.index(0, 1).data() == "Thu 8 Jan 2026"
    assert tavita.index(0, 2).data() == "9 weeks ago"
    assert view.not_seen.heading.text() == "Not seen for 8 weeks or more (1)"
    names = {view.upcoming.model.index(r, 2).data()
             for r in range(view.upcoming.model.rowCount())}
    assert {"Aïcha Benali", "王小明", "ليلى حداد"} <= names  # names in any script show as is
    for section in view.sections:
        assert section.view.isVisible() and not section.empty.isVisible()
        qtmodeltester.check(section.model)


def test_long_lists_are_handed_over_in_batches(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = TodayModel(("Coachee", "Last meeting held", "How long ago"))
    model.set_rows([TodayRow("coachee", i, (f"Learner {i}", "", "")) for i in range(1, 451)])
    assert model.total() == 450 and model.rowCount() == BATCH
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * BATCH
    qtmodeltester.check(model)  # fetches the rest itself
    assert model.rowCount() == 450 and not model.canFetchMore(QModelIndex())
    assert model.index(449, 0).data() == "Learner 450"


def test_ticking_an_item_done_completes_it_in_the_workbook(  # type: ignore[no-untyped-def]
        qtbot, demo_state) -> None:
    db = demo_state.vault.db
    view = _view(qtbot, demo_state)
    before = _ids(view.overdue.view)
    first, second = before[0], before[1]

    qtbot.mouseClick(view.overdue.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=_check_box_point(view.overdue.view, 0))
    qtbot.waitUntil(lambda: first not in _ids(view.overdue.view))
    assert actions.get(db, first).done_on == DEMO_TODAY.isoformat()
    assert _ids(view.overdue.view) == before[1:]
    assert view.overdue.heading.text() == f"Overdue action items ({len(before) - 1})"

    # the keyboard way: Space on the current row
    overdue_view = view.overdue.view
    overdue_view.setFocus()
    overdue_view.setCurrentIndex(view.overdue_model.index(0, 0))
    qtbot.keyClick(overdue_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: second not in _ids(view.overdue.view))
    assert actions.get(db, second).done_on == DEMO_TODAY.isoformat()


def test_a_failed_completion_shows_the_sentence_and_unticks(  # type: ignore[no-untyped-def]
        qtbot, demo_state) -> None:
    db = demo_state.vault.db
    view = _view(qtbot, demo_state)
    action_id = _ids(view.overdue.view)[0]
    db.execute("UPDATE action_items SET deleted_at = '2026-03-15T09:00:00Z' WHERE id = ?",
               [action_id])  # trashed behind the view's back (no change signal)
    errors: list[str] = []
    demo_state.error.connect(errors.append)
    model = view.overdue_model
    assert model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == [f"There is no action item with id {action_id}."]
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_rows_open_their_record(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, demo_state)
    opened: list[tuple[str, int]] = []
    view.open_record.connect(lambda kind, rid: opened.append((kind, rid)))

    upcoming = view.upcoming.view
    upcoming.setFocus()
    upcoming.setCurrentIndex(upcoming.model().index(1, 0))
    qtbot.keyClick(upcoming, Qt.Key.Key_Return)
    assert opened == [("session", _ids(upcoming)[1])]

    not_seen = view.not_seen.view
    point = not_seen.visualRect(not_seen.model().index(0, 0)).center()
    qtbot.mouseClick(not_seen.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(not_seen.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened[-1] == ("coachee", 14)

    goals = view.goals.view
    goals.setFocus()
    goals.setCurrentIndex(goals.model().index(0, 2))
    qtbot.keyClick(goals, Qt.Key.Key_Enter)
    assert opened[-1] == ("goal", _ids(goals)[0])


def test_follows_changes_and_the_turn_of_the_day(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    view = _view(qtbot, demo_state)
    zoe = next(c for c in coachees.list_coachees(db) if c.name == "Zoë Kowalczyk")
    done: list[object] = []
    demo_state.call(actions.add, zoe.id, "Send the rota swap request", due_date="2026-03-01",
                    success=done.append)
    created = done[0].created  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: created in _ids(view.overdue.view), timeout=1_000)

    # hidden, it does not query; shown again, it catches up
    view.hide()
    demo_state.call(actions.complete, created)
    assert created in _ids(view.overdue.view)
    view.show()
    assert created not in _ids(view.overdue.view)

    # a change behind the view's back shows after the midnight reload
    assert view.midnight.isActive() and 0 < view.midnight.remainingTime() <= 86_402_000
    first = _ids(view.overdue.view)[0]
    actions.complete(db, first)
    assert first in _ids(view.overdue.view)
    view.midnight.timeout.emit()
    assert first not in _ids(view.overdue.view) and view.midnight.isActive()
    assert _ms_to_midnight(datetime(2026, 3, 15, 23, 59, 58)) == 4_000


def test_an_empty_workbook_says_so_plainly(qtbot, state) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, state)
    for section in view.sections:
        assert not section.view.isVisible() and section.empty.isVisible()
        assert section.model.rowCount() == 0
    assert view.overdue.empty.text() == "No overdue action items."
    assert view.upcoming.empty.text() == "No meetings scheduled in the next 14 days."
    assert view.goals.empty.text() == "No goals due in the next 30 days."


def test_nothing_remains_after_the_workbook_locks(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    names = [c.name for c in coachees.list_coachees(demo_state.vault.db)]
    view = _view(qtbot, demo_state)
    shown = visible_texts(view)
    assert any(name in shown for name in names)
    demo_state.close()
    shown = visible_texts(view)
    assert not [name for name in names if name in shown]
    assert not view.midnight.isActive()
    for section in view.sections:
        assert section.model.rowCount() == 0
    view.refresh()  # a reload after the lock is refused quietly and shows nothing
    assert all(section.model.rowCount() == 0 for section in view.sections)


def test_done_boxes_show_on_a_dark_palette(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    """On a dark palette the box outline is not drawn in (almost) the colour of the list."""
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2d30"),
                         (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1f22"),
                         (QPalette.ColorRole.AlternateBase, "#1e1f22"),
                         (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#35373b")):
        dark.setColor(role, QColor(colour))
    view = _view(qtbot, demo_state)
    overdue = view.overdue.view
    overdue.setStyle(QStyleFactory.create("Fusion"))  # whose outline follows Window
    overdue.setPalette(dark)
    overdue.clearSelection()
    overdue.setCurrentIndex(QModelIndex())
    image = overdue.viewport().grab().toImage()
    centre = _check_box_point(overdue, 1)
    base = dark.color(QPalette.ColorRole.Base).lightness()
    ring = [image.pixelColor(centre.x() + dx, centre.y() + dy).lightness()
            for dx in range(-8, 9) for dy in range(-8, 9)]
    assert max(ring) - base > 40  # an outline that shows against the list
