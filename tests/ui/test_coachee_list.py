"""The coachee list on the demo workbook: filters, markers, add/archive/trash, live refresh."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import DEMO_TODAY
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.coachees.coachee_filter import CoacheeFilter
from ui.coachees.coachee_list import CoacheeList
from ui.coachees.coachee_model import CoacheeModel
from ui.coachees.coachee_rows import LEVEL, MARKERS, MARKERS_ROLE, NAME, PROGRAM
from ui.kit.state import WorkbookState
from workbook import coachees, sessions, trash
from workbook.changes import Changes
from workbook.errors import NotFound

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

OVERDUE = {"Aïcha Benali", "Ama Owusu", "Declan Ashworth-Reyes", "José Muñoz",
           "Nguyễn Thị Hoa", "Zoë Kowalczyk"}


def names(state: WorkbookState) -> list[str]:
    people = coachees.list_coachees(state.vault.db)
    return [c.name for c in people] + [c.preferred_name for c in people if c.preferred_name]


def visible_names(widget: CoacheeList) -> set[str]:
    p = widget.proxy
    return {widget.model.row_at(p.mapToSource(p.index(r, 0)).row()).coachee.name
            for r in range(p.rowCount())}


@pytest.fixture
def listing(qtbot, demo_state: WorkbookState) -> CoacheeList:  # type: ignore[no-untyped-def]
    widget = CoacheeList(demo_state, today=lambda: DEMO_TODAY)
    qtbot.addWidget(widget)
    widget.resize(640, 600)
    return widget


def select(widget: CoacheeList, name: str) -> int:
    coachee_id = next(r.id for r in widget.model.rows() if r.coachee.name == name)
    widget.select_coachee(coachee_id)
    return coachee_id


def test_models_pass_qtmodeltester(qtmodeltester, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    model = CoacheeModel(demo_state, today=lambda: DEMO_TODAY)
    assert model.rowCount() == 15
    qtmodeltester.check(model)
    proxy = CoacheeFilter()
    proxy.setSourceModel(model)
    proxy.sort(NAME)
    proxy.set_text("md program")
    qtmodeltester.check(proxy)


def test_text_filter_ignores_accents_and_case(listing: CoacheeList) -> None:
    assert listing.proxy.rowCount() == 15
    type_text(listing.filter_edit, "zoe")
    assert visible_names(listing) == {"Zoë Kowalczyk"}
    listing.filter_edit.clear()
    type_text(listing.filter_edit, "NGUYEN hoa")
    assert visible_names(listing) == {"Nguyễn Thị Hoa"}
    listing.filter_edit.clear()
    type_text(listing.filter_edit, "ليلى")
    assert visible_names(listing) == {"ليلى حداد"}
    assert listing.count_label.text().startswith("1 of 15 coachees")
    listing.filter_edit.clear()
    type_text(listing.filter_edit, "spanish speaker")  # a tag
    assert visible_names(listing) == {"José Muñoz", "Marisol Quispe"}


def test_status_and_level_filters(listing: CoacheeList) -> None:
    combo = listing.status_combo
    combo.setCurrentIndex(combo.findData("paused"))
    assert visible_names(listing) == {"Hana Yoshida"}
    combo.setCurrentIndex(combo.findData("graduated"))
    assert visible_names(listing) == {"Søren Ødegaard"}
    combo.setCurrentIndex(combo.findData("all"))
    listing.level_combo.setCurrentIndex(listing.level_combo.findData("MS1"))
    assert visible_names(listing) == {"Élodie Marchand", "ليلى حداد"}
    listing.level_combo.setCurrentIndex(listing.level_combo.findData("Fellow"))
    assert visible_names(listing) == {"Priya Raghunathan"}


def test_markers_for_overdue_and_not_seen(listing: CoacheeList) -> None:
    rows = {r.coachee.name: r for r in listing.model.rows()}
    assert {name for name, r in rows.items() if r.markers.overdue} == OVERDUE
    tavita = rows["Tavita Faleolo"].markers
    assert tavita.not_seen_weeks == 9 and not tavita.overdue
    assert [n for n, r in rows.items() if r.markers.not_seen_weeks is not None] == \
        ["Tavita Faleolo"]
    row = listing.model.row_for(rows["Tavita Faleolo"].id)
    index = listing.model.index(row, MARKERS)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Not seen for 9 weeks"
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Not seen for 9 weeks"
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data(MARKERS_ROLE) == tavita
    zoe = listing.model.index(listing.model.row_for(rows["Zoë Kowalczyk"].id), MARKERS)
    assert zoe.data(Qt.ItemDataRole.ToolTipRole) == "Overdue action items (1)"
    assert zoe.data() == ""  # the count is drawn inside the badge
    assert index.data() == "9 wk"
    calm = listing.model.index(listing.model.row_for(rows["王小明"].id), MARKERS)
    assert calm.data(Qt.ItemDataRole.DecorationRole) is None
    assert listing.count_label.text() == \
        "15 coachees · 6 with overdue items · 1 not seen lately"
    # The graduated and paused coachees are never "not seen": they are not expected.
    assert rows["Hana Yoshida"].markers.not_seen_weeks is None


def test_not_seen_follows_the_setting(listing: CoacheeList, demo_state: WorkbookState,
                                      qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbook import settings

    demo_state.call(settings.update_settings, not_seen_weeks=4)
    qtbot.waitUntil(lambda: sum(r.markers.not_seen_weeks is not None
                                for r in listing.model.rows()) > 1, timeout=3000)
    weeks = {r.coachee.name for r in listing.model.rows()
             if r.markers.not_seen_weeks is not None}
    assert {"Tavita Faleolo", "Ama Owusu", "Declan Ashworth-Reyes"} <= weeks


def test_sorting_by_column(listing: CoacheeList) -> None:
    listing.view.sortByColumn(MARKERS, Qt.SortOrder.AscendingOrder)
    first = listing.proxy.index(0, NAME).data()
    assert first in OVERDUE
    listing.view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    shown = [listing.proxy.index(r, NAME).data() for r in range(listing.proxy.rowCount())]
    assert shown[:3] == ["Aïcha Benali", "Ama Owusu", "Daniel Achterberg"]
    assert shown[5] == "Hana Yoshida"
    # By the name shown, accents sorting with their letter.
    assert shown.index("Élodie Marchand") < shown.index("Hana Yoshida")


def test_names_are_full_with_the_name_they_go_by_when_it_differs(listing: CoacheeList,
                                                                 demo_state: WorkbookState) -> None:
    shown = {listing.model.row_at(r).coachee.name: listing.model.index(r, NAME).data()
             for r in range(listing.model.rowCount())}
    assert shown["José Muñoz"] == "José Muñoz"  # goes by "José": already in the name
    assert shown["Nguyễn Thị Hoa"] == "Nguyễn Thị Hoa"  # "Hoa" is the last word
    assert shown["王小明"] == "王小明 (Xiaoming)"
    assert shown["ليلى حداد"] == "ليلى حداد (Layla)"
    # Two coachees with one first name are told apart.
    demo_state.call(coachees.add, "José Ramírez", preferred_name="José", level="MS1")
    names_shown = [listing.model.index(r, NAME).data() for r in range(listing.model.rowCount())]
    assert {"José Muñoz", "José Ramírez"} <= set(names_shown)
    tip = listing.model.index(listing.model.row_for(
        next(r.id for r in listing.model.rows() if r.coachee.name == "José Muñoz")), NAME
    ).data(Qt.ItemDataRole.ToolTipRole)
    assert "Goes by José" in tip and "Last seen " in tip


@pytest.mark.parametrize("width", [320, 480])
def test_full_names_fit_in_a_narrow_pane(qtbot, listing: CoacheeList, width: int) -> None:  # type: ignore[no-untyped-def]
    listing.resize(width, 600)
    listing.show()
    qtbot.waitExposed(listing)
    view = listing.view
    fm = view.fontMetrics()
    name_width = view.columnWidth(NAME)
    assert name_width >= fm.horizontalAdvance("Declan Ashworth-Reyes") + 8
    shown = [c for c in range(listing.model.columnCount()) if not view.isColumnHidden(c)]
    assert NAME in shown and MARKERS in shown
    if LEVEL not in shown:  # Level gives way to names only when it would not fit beside them
        level = max(view.sizeHintForColumn(LEVEL), view.horizontalHeader().sectionSizeHint(LEVEL))
        used = sum(view.columnWidth(c) for c in shown)
        assert used + level > view.viewport().width(), (used, level, view.viewport().width())
    assert view.horizontalScrollBar().maximum() == 0  # never sideways
    listing.resize(1000, 600)
    qtbot.waitUntil(lambda: not view.isColumnHidden(PROGRAM))
    assert all(not view.isColumnHidden(c) for c in range(listing.model.columnCount()))


def test_selection_signal_and_select_coachee_widens_filters(listing: CoacheeList,
                                                            qtbot) -> None:  # type: ignore[no-untyped-def]
    type_text(listing.filter_edit, "zoe")
    with qtbot.waitSignal(listing.coachee_selected) as got:
        hana = select(listing, "Hana Yoshida")
    assert got.args == [hana]
    assert listing.filter_edit.text() == "" and listing.current_coachee() == hana
    listing.status_combo.setCurrentIndex(listing.status_combo.findData("graduated"))
    with qtbot.waitSignal(listing.coachee_selected) as got:
        listing.view.setCurrentIndex(listing.proxy.index(0, NAME))  # a click, in effect
    assert listing.model.record(got.args[0]).coachee.name == "Søren Ødegaard"
    with qtbot.waitSignal(listing.coachee_selected) as got:
        listing.select_coachee(None)
    assert got.args == [None]


def test_a_filter_that_hides_the_chosen_coachee_leaves_nobody_chosen(
        listing: CoacheeList) -> None:
    announced: list[object] = []
    hana = select(listing, "Hana Yoshida")
    listing.coachee_selected.connect(announced.append)
    type_text(listing.filter_edit, "zo")
    assert visible_names(listing) == {"Zoë Kowalczyk"}
    assert announced == [None] and listing.current_coachee() is None
    assert not listing.view.currentIndex().isValid()  # no unchosen row under the keyboard
    assert not listing.trash_action.isEnabled()  # nothing hidden can be trashed by accident
    assert not listing.edit_action.isEnabled()
    type_text(listing.filter_edit, "ë")  # still hidden: still nobody
    assert announced == [None]
    listing.filter_edit.clear()  # shown again, and nobody else was chosen: she is again
    assert listing.current_coachee() == hana and announced == [None, hana]
    assert listing.trash_action.isEnabled()


def test_choosing_another_coachee_while_filtered_forgets_the_hidden_one(
        listing: CoacheeList) -> None:
    select(listing, "Hana Yoshida")
    type_text(listing.filter_edit, "zo")
    zoe = select(listing, "Zoë Kowalczyk")
    listing.filter_edit.clear()
    assert listing.current_coachee() == zoe


def test_archiving_under_the_not_archived_filter_leaves_nobody_chosen(
        listing: CoacheeList, demo_state: WorkbookState) -> None:
    announced: list[object] = []
    hana = select(listing, "Hana Yoshida")
    listing.coachee_selected.connect(announced.append)
    listing.archive_action.trigger()
    assert coachees.get(demo_state.vault.db, hana).status == "archived"
    assert "Hana Yoshida" not in visible_names(listing)
    assert listing.current_coachee() is None and announced == [None]


def test_add_coachee_through_the_dialog(listing: CoacheeList, demo_state: WorkbookState,
                                        qtbot) -> None:  # type: ignore[no-untyped-def]
    assert listing.add_action.shortcut() == QKeySequence("Ctrl+Shift+C")
    listing.add_action.trigger()
    dialog = listing.last_dialog
    assert dialog.isVisible()
    type_text(dialog.name, "Nguyễn Văn An")
    dialog.email.setText("an.nguyen@example.edu")
    with qtbot.waitSignal(listing.coachee_selected) as got:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    added = coachees.get(demo_state.vault.db, got.args[0])
    assert added.name == "Nguyễn Văn An" and added.email == "an.nguyen@example.edu"
    assert listing.model.rowCount() == 16
    assert listing.count_label.text().startswith("16 coachees")
    # Just added, not met yet, but not missed either: no "not seen" marker.
    assert not listing.model.record(added.id).markers.any


def test_archive_and_reactivate(listing: CoacheeList, demo_state: WorkbookState) -> None:
    zoe = select(listing, "Zoë Kowalczyk")
    listing.archive_action.trigger()
    assert coachees.get(demo_state.vault.db, zoe).status == "archived"
    assert "Zoë Kowalczyk" not in visible_names(listing)
    listing.status_combo.setCurrentIndex(listing.status_combo.findData("archived"))
    assert visible_names(listing) == {"Zoë Kowalczyk"}
    listing.select_coachee(zoe)
    assert "active again" in listing.archive_action.text()
    listing.archive_action.trigger()
    assert coachees.get(demo_state.vault.db, zoe).status == "active"


def test_trash_asks_first_and_can_be_cancelled(listing: CoacheeList, demo_state: WorkbookState,
                                               monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *_a: asked.append(text) or answer[0])
    zoe = select(listing, "Zoë Kowalczyk")
    listing.show()
    qtbot.waitExposed(listing)
    listing.activateWindow()
    listing.view.setFocus()
    qtbot.waitUntil(listing.view.hasFocus)
    qtbot.keyClick(listing.view, Qt.Key.Key_Delete)
    assert len(asked) == 1
    assert "Zoë Kowalczyk" in asked[0] and "restore them from the Trash" in asked[0]
    assert coachees.get(demo_state.vault.db, zoe).name == "Zoë Kowalczyk"
    answer[0] = QMessageBox.StandardButton.Yes
    listing.select_coachee(zoe)
    listing.trash_action.trigger()
    with pytest.raises(NotFound):
        coachees.get(demo_state.vault.db, zoe)
    assert any(t.kind == "coachee" and t.id == zoe for t in trash.list_trash(demo_state.vault.db))
    assert listing.model.row_for(zoe) is None and listing.model.rowCount() == 14
    assert listing.current_coachee() != zoe
    demo_state.call(trash.restore, "coachee", zoe)
    assert listing.model.row_for(zoe) is not None
    qtbot.waitUntil(lambda: listing.model.record(zoe).markers.overdue == 1, timeout=3000)


def test_refreshes_in_place_and_ignores_note_autosaves(listing: CoacheeList,
                                                       demo_state: WorkbookState,
                                                       qtbot) -> None:  # type: ignore[no-untyped-def]
    resets: list[int] = []
    listing.model.modelReset.connect(lambda: resets.append(1))
    tavita = select(listing, "Tavita Faleolo")
    demo_state.call(coachees.update, tavita, preferred_name="Tavi")
    row = listing.model.row_for(tavita)
    assert listing.model.index(row, NAME).data() == "Tavita Faleolo (Tavi)"
    demo_state.changed.emit(Changes("section", (1,)))
    assert not listing.model._timer.isActive()
    demo_state.call(sessions.start, tavita, scheduled_at="2026-03-14T10:00", status="held")
    qtbot.waitUntil(lambda: listing.model.record(tavita).markers.not_seen_weeks is None,
                    timeout=3000)
    assert resets == [] and listing.current_coachee() == tavita
    assert listing.count_label.text() == "15 coachees · 6 with overdue items"


def test_lock_leaves_no_name_behind(listing: CoacheeList, demo_state: WorkbookState,
                                    qtbot) -> None:  # type: ignore[no-untyped-def]
    everyone = names(demo_state)
    type_text(listing.filter_edit, "Zoë")
    select(listing, "Zoë Kowalczyk")
    assert "Zoë" in visible_texts(listing)
    with qtbot.waitSignal(listing.coachee_selected) as got:
        demo_state.close()
    assert got.args == [None]
    shown = visible_texts(listing)
    assert not [n for n in everyone if n in shown]
    assert listing.model.rowCount() == 0 and listing.count_label.text() == ""
    assert not listing.edit_action.isEnabled() and not listing.add_action.isEnabled()
