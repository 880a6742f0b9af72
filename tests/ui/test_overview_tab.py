"""The overview tab on the demo workbook: what it shows, ticking action items done, refreshing
on changes, and forgetting everything on lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from tests.ui.conftest import DEMO_TODAY
from tests.ui.shown import visible_texts
from ui.coachees.coachee_rows import ID_ROLE
from ui.kit.state import WorkbookState
from ui.portfolio.overview_actions import OpenActionsModel
from ui.portfolio.overview_data import GAS_EXPLAINED
from ui.portfolio.overview_tab import OverviewTab
from workbook import actions, coachees, sessions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def coachee_id(state: WorkbookState, name: str) -> int:
    return next(c.id for c in coachees.list_coachees(state.vault.db) if c.name == name)


@pytest.fixture
def tab(qtbot, demo_state: WorkbookState) -> OverviewTab:  # type: ignore[no-untyped-def]
    widget = OverviewTab(demo_state, today=lambda: DEMO_TODAY)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    return widget


def action_texts(tab: OverviewTab) -> list[str]:
    m = tab.actions_model
    return [m.index(r).data().replace("\u00a0", " ") for r in range(m.rowCount())]


def test_actions_model_passes_qtmodeltester(qtmodeltester, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    model = OpenActionsModel(today=lambda: DEMO_TODAY)
    items = actions.list_actions(demo_state.vault.db, open_only=True)
    model.set_items(items)
    assert model.rowCount() == len(items) > 10
    qtmodeltester.check(model)


def test_shows_profile_agreement_meeting_actions_gas_and_attendance(
        tab: OverviewTab, demo_state: WorkbookState) -> None:
    assert tab.stack.currentIndex() == 0  # nothing chosen yet
    tab.set_coachee(coachee_id(demo_state, "Zoë Kowalczyk"))
    assert tab.stack.currentIndex() == 1
    assert tab.heading.text() == "Zoë Kowalczyk"
    assert tab.subheading.text().startswith("Goes by Zoë · she/her · MS2 · MD program")
    assert tab.profile["email"].text() == "zoe.kowalczyk@example.edu"
    assert tab.profile["start"].text() == "Sun 19 Jan 2025"
    assert tab.agreement["cadence"].text().startswith("Every 6–8 weeks")
    assert tab.agreement["date"].text() == "Fri 24 Jan 2025"
    assert tab.next_label.text() == "Sat 21 Mar 2026, 16:30 (scheduled)"
    assert not tab.open_session_button.isHidden()
    assert action_texts(tab) == [
        "Book the first self-assessment  —  OVERDUE since Thu 12 Mar 2026"]
    assert tab.actions_model.index(0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert tab.gas_label.text() == "54.6  (3 goals scored, of 3 with a ladder)"
    assert tab.gas_label.toolTip() == GAS_EXPLAINED
    assert tab.attendance_label.text() == \
        "8 held · 0 cancelled · 0 no-show · 1 scheduled — attendance 100%"


def test_next_meeting_falls_back_to_the_one_planned_last_time(tab: OverviewTab,
                                                              demo_state: WorkbookState) -> None:
    tab.set_coachee(coachee_id(demo_state, "Marisol Quispe"))
    assert tab.next_label.text().startswith("Thu 16 Apr 2026, 13:00 — planned at the last")
    assert tab.open_session_button.isHidden()
    tab.set_coachee(coachee_id(demo_state, "Søren Ødegaard"))
    assert tab.next_label.text() == "Nothing planned yet."
    assert tab.actions_view.isHidden() and not tab.actions_empty.isHidden()


def test_new_coachee_without_goals_or_meetings(tab: OverviewTab, state: WorkbookState,
                                               qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = OverviewTab(state, today=lambda: DEMO_TODAY)
    qtbot.addWidget(widget)
    state.call(coachees.add, "Aïcha Benali")
    widget.set_coachee(coachee_id(state, "Aïcha Benali"))
    assert widget.gas_label.text() == "No goal scored yet."
    assert widget.attendance_label.text().endswith("no meetings settled yet")
    assert widget.agreement["date"].text() == "Not recorded yet"


def test_ticking_an_item_completes_it_and_unticking_reopens(tab: OverviewTab,
                                                            demo_state: WorkbookState) -> None:
    db = demo_state.vault.db
    hoa = coachee_id(demo_state, "Nguyễn Thị Hoa")
    tab.set_coachee(hoa)
    assert len(action_texts(tab)) == 2 and "OVERDUE" in action_texts(tab)[0]
    index = tab.actions_model.index(0)
    action_id = index.data(ID_ROLE)
    assert tab.actions_model.setData(index, Qt.CheckState.Checked.value,
                                     Qt.ItemDataRole.CheckStateRole)
    assert actions.get(db, action_id).done_on is not None
    # Still listed, ticked and struck through, so a wrong tick can be undone.
    assert tab.actions_model.index(0).data(Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Checked
    assert tab.actions_model.index(0).data(Qt.ItemDataRole.FontRole).strikeOut()
    tab.actions_model.setData(tab.actions_model.index(0), Qt.CheckState.Unchecked.value,
                              Qt.ItemDataRole.CheckStateRole)
    assert actions.get(db, action_id).done_on is None
    tab.set_coachee(hoa)
    assert len(action_texts(tab)) == 2


def test_double_click_opens_the_action_item(tab: OverviewTab, demo_state: WorkbookState,
                                            qtbot) -> None:  # type: ignore[no-untyped-def]
    tab.set_coachee(coachee_id(demo_state, "José Muñoz"))
    tab.show()
    qtbot.waitExposed(tab)
    view = tab.actions_view
    index = tab.actions_model.index(1)
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(tab.open_record) as got:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert got.args == ["action", index.data(ID_ROLE)]
    assert actions.get(demo_state.vault.db, index.data(ID_ROLE)).done_on is None
    view.setCurrentIndex(tab.actions_model.index(0))
    with qtbot.waitSignal(tab.open_record) as got:
        tab.open_action.trigger()  # Enter
    assert got.args == ["action", tab.actions_model.index(0).data(ID_ROLE)]


def test_refreshes_when_the_workbook_changes(tab: OverviewTab, demo_state: WorkbookState) -> None:
    zoe = coachee_id(demo_state, "Zoë Kowalczyk")
    tab.set_coachee(zoe)
    demo_state.call(coachees.update, zoe, program="MD/PhD program")
    assert tab.profile["program"].text() == "MD/PhD program"
    demo_state.call(actions.add, zoe, "Email the learning specialist", due_date="2026-03-20")
    assert "Email the learning specialist  —  due Fri 20 Mar 2026" in action_texts(tab)
    demo_state.call(sessions.start, zoe, scheduled_at="2026-03-16T09:00", status="scheduled")
    assert tab.next_label.text() == "Mon 16 Mar 2026, 09:00 (scheduled)"
    reloads: list[object] = []
    tab.reload = lambda: reloads.append(1)  # type: ignore[method-assign]
    demo_state.call(coachees.update, coachee_id(demo_state, "王小明"), program="MD program B")
    assert reloads == []  # another coachee's profile: nothing to redo
    demo_state.call(coachees.update, zoe, cohort="Class of 2029")
    assert reloads == [1]


def test_edit_profile_opens_the_dialog(tab: OverviewTab, demo_state: WorkbookState,
                                       qtbot) -> None:  # type: ignore[no-untyped-def]
    tab.set_coachee(coachee_id(demo_state, "Priya Raghunathan"))
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert dialog.isVisible() and dialog.name.text() == "Priya Raghunathan"
    dialog.cohort.setText("Fellowship entry 2024")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tab.profile["cohort"].text() == "Fellowship entry 2024"


def test_lock_leaves_no_name_behind(tab: OverviewTab, demo_state: WorkbookState) -> None:
    tab.set_coachee(coachee_id(demo_state, "ليلى حداد"))
    assert tab.heading.text() == "ليلى حداد"
    demo_state.close()
    assert tab.stack.currentIndex() == 0 and tab.coachee_id is None
    for view in tab.findChildren(QAbstractItemView):
        assert view.model().rowCount() == 0
    shown = visible_texts(tab)
    assert [s for s in ("حداد", "Layla", "example") if s in shown] == []
    assert all(isinstance(w, QWidget) for w in tab.findChildren(QWidget))


def test_long_action_items_are_shown_in_full(tab: OverviewTab, demo_state: WorkbookState,
                                             qtbot) -> None:  # type: ignore[no-untyped-def]
    zoe = coachee_id(demo_state, "Zoë Kowalczyk")
    for i in range(4):
        demo_state.call(actions.add, zoe, f"Read the chapter on shared decision making with "
                        f"families and write three questions, part {i}", due_date="2026-04-01")
    tab.set_coachee(zoe)
    tab.show()
    qtbot.waitExposed(tab)
    view = tab.actions_view
    qtbot.waitUntil(lambda: view.visualRect(tab.actions_model.index(1)).height()
                    > view.fontMetrics().height() * 1.5)  # the long ones wrap…
    rows = tab.actions_model.rowCount()
    assert rows == 5
    bottom = view.visualRect(tab.actions_model.index(rows - 1)).bottom()
    assert bottom <= view.viewport().height()  # …and every row shows in full, no scrolling
    assert view.verticalScrollBar().maximum() == 0
    assert view.horizontalScrollBar().maximum() == 0
    # The due phrase is never split across lines.
    assert "OVERDUE\u00a0since\u00a0Thu\u00a012\u00a0Mar\u00a02026" in \
        tab.actions_model.index(0).data()


def test_tick_boxes_stay_visible_on_a_dark_palette(tab: OverviewTab, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QStyleOptionViewItem

    def outline_contrast() -> int:
        """Fusion outlines a tick box in Window.darker(140), drawn on Base."""
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        outline = option.palette.color(QPalette.ColorRole.Window).darker(140)
        return abs(outline.lightness() - option.palette.color(QPalette.ColorRole.Base)
                   .lightness())

    view = tab.actions_view
    light = QApplication.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2d30"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    assert outline_contrast() > 40
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(lambda: view.palette().color(QPalette.ColorRole.Base).lightness() < 60)
        assert outline_contrast() > 40
    finally:
        QApplication.setPalette(light)


def test_a_long_list_of_open_items_measures_only_the_rows_it_shows(
        qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from PySide6.QtWidgets import QStyledItemDelegate

    from ui.portfolio.overview_actions import ActionsList

    class Counting(QStyledItemDelegate):
        asked = 0

        def sizeHint(self, option, index):  # type: ignore[no-untyped-def]
            Counting.asked += 1
            return super().sizeHint(option, index)

    item = actions.list_actions(demo_state.vault.db, open_only=True)[0]
    model = OpenActionsModel(today=lambda: DEMO_TODAY)
    model.set_items([replace(item, id=item.id + i) for i in range(400)])
    view = ActionsList()
    qtbot.addWidget(view)
    view.setItemDelegate(Counting(view))
    view.setModel(model)
    short = OpenActionsModel(today=lambda: DEMO_TODAY)
    short.set_items([item] * ActionsList.MAX_ROWS)
    other = ActionsList()
    qtbot.addWidget(other)
    other.setModel(short)
    bar = view.style().pixelMetric(view.style().PixelMetric.PM_ScrollBarExtent, None, view)

    height = view.heightForWidth(600)

    assert Counting.asked <= ActionsList.MAX_ROWS  # not 400 rows for 8 shown
    assert height == other.heightForWidth(600 - bar)  # eight rows, beside the scroll bar
