"""The goal editor, driven like a coach would: a goal with a full GAS ladder, linked values,
milestones and a check-in, every edit saved by itself and read back from the workbook."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.kit.autosave import DELAY_MS as AUTOSAVE_MS
from ui.kit.state import WorkbookState
from ui.portfolio.goal_detail_models import MilestoneModel
from ui.portfolio.goals_tab import GoalsTab
from workbook import coachees, gas, goals, values
from workbook import vault as vault_mod
from workbook.dates import today

# Showing a window on the offscreen platform logs this harmless warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LADDER = {
    -2: "Stays silent on rounds every day",
    -1: "Speaks on one or two days in five",
    0: "Speaks on most days",
    1: "Speaks daily and asks one question a week",
    2: "Speaks daily and teaches one topic to the team",
}


def select_all_and_type(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text:
        type_text(widget, text)


def click(qtbot, tab: GoalsTab, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Scroll the editor to the widget, then click it, as the coach would."""
    tab.editor.scroll.ensureWidgetVisible(widget)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def leave(widget: QWidget) -> None:
    """Focus moves elsewhere (as when the coach tabs out of a field)."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut,
                                               Qt.FocusReason.TabFocusReason))


@pytest.fixture
def coachee(state: WorkbookState) -> int:
    db = state.vault.db  # type: ignore[union-attr]
    cid = coachees.add(db, "Nguyễn Thị Hoa", level="MS3").id
    for name in ("Compassion", "Curiosity", "Balance"):
        values.add(db, cid, name)
    return cid


@pytest.fixture
def tab(qtbot, state: WorkbookState, coachee: int) -> GoalsTab:  # type: ignore[no-untyped-def]
    widget = GoalsTab(state)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.set_coachee(coachee)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def new_goal(qtbot, tab: GoalsTab) -> int:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    goal_id = tab.editor.goal_id
    assert goal_id is not None and tab.selected_goal_id() == goal_id
    return goal_id


def test_a_goal_with_a_full_ladder_values_milestones_and_a_check_in(
    qtbot, tab: GoalsTab, state: WorkbookState, coachee: int, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db  # type: ignore[union-attr]
    editor = tab.editor
    goal_id = new_goal(qtbot, tab)
    assert editor.title.text() == "New goal" and editor.title.selectedText() == "New goal"

    select_all_and_type(qtbot, editor.title, "Speak up on rounds — «ça va»")
    qtbot.keyClick(editor.header.domain, Qt.Key.Key_End)  # the last domain, "Other"…
    qtbot.keyClick(editor.header.domain, Qt.Key.Key_Up)  # … then the one before it
    for level, text in LADDER.items():
        type_text(editor.ladder.edits[level], text)
    editor.flush()
    click(qtbot, tab, editor.ladder.baseline_buttons[-1])

    goal = goals.get(db, goal_id)
    domains = goals.domains(db)
    assert goal.title == "Speak up on rounds — «ça va»"
    assert goal.domain == domains[-2].key and editor.header.domain.currentData() == goal.domain
    assert goal.ladder == LADDER and goal.has_complete_ladder
    assert goal.gas_baseline == -1 and goal.gas_attained is None
    assert "not yet" in editor.ladder.t_score_label.text()
    row = tab.model.row_of(goal_id)
    assert tab.model.index(row, 0).data() == goal.title  # the list follows the editor

    # Link two of the coachee's values (Space ticks the current one).
    editor.values_box.view.setCurrentIndex(editor.values_box.model.index(0, 0))
    qtbot.keyClick(editor.values_box.view, Qt.Key.Key_Space)
    editor.values_box.view.setCurrentIndex(editor.values_box.model.index(2, 0))
    qtbot.keyClick(editor.values_box.view, Qt.Key.Key_Space)
    linked = [v.name for v in values.list_values(db, coachee)
              if v.id in goals.get(db, goal_id).value_ids]
    assert linked == ["Compassion", "Balance"]

    # Milestones: add three, complete one, move one, remove one.
    box = editor.milestones_box
    for title, due in (("First ward round question", "2026-04-01"),
                       ("Present a case at noon conference", ""),
                       ("Teach one topic", "2026-06-30")):
        type_text(box.new_title, title)
        if due:
            type_text(box.new_due, due)
        qtbot.keyClick(box.new_title, Qt.Key.Key_Return)
    assert box.new_title.text() == "" and box.model.rowCount() == 3
    box.view.setCurrentIndex(box.model.index(0, MilestoneModel.DONE))
    qtbot.keyClick(box.view, Qt.Key.Key_Space)
    box.view.setCurrentIndex(box.model.index(2, 0))
    click(qtbot, tab, box.up_button)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    box.view.setCurrentIndex(box.model.index(2, 0))
    click(qtbot, tab, box.remove_button)
    milestones = goals.list_milestones(db, goal_id)
    assert [(m.title, m.due_date) for m in milestones] == [
        ("First ward round question", "2026-04-01"), ("Teach one topic", "2026-06-30")]
    assert milestones[0].done_on == today().isoformat() and milestones[1].done_on is None
    assert box.model.index(1, 0).data() == "Teach one topic"
    assert box.model.index(0, MilestoneModel.DONE).data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    # Check in: progress 60 %, GAS level +1, a note.
    click(qtbot, tab, editor.checkins_box.check_in_button)
    dialog = editor.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.progress, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.progress, "60")
    for _ in range(4):  # "not rated", −2, −1, 0, +1
        qtbot.keyClick(dialog.level, Qt.Key.Key_Down)
    assert dialog.level.currentData() == 1
    type_text(dialog.note, "Asked a question on four of five days; Zoë noticed.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert editor.dialog is None and not dialog.isVisible()

    goal = goals.get(db, goal_id)
    assert goal.progress == 60 and goal.gas_attained == 1
    assert editor.header.progress_spin.value() == 60 and editor.header.progress_slider.value() == 60
    assert editor.ladder.attained_buttons[1].isChecked()
    summary = gas.coachee_t_score(db, coachee)
    assert summary.t_score is not None and round(summary.t_score, 1) == 60.0
    assert "60.0" in editor.ladder.t_score_label.text()
    checkins = goals.list_checkins(db, goal_id)
    assert [(c.progress, c.gas_level, c.note) for c in checkins] == [
        (60, 1, "Asked a question on four of five days; Zoë noticed.")]
    history = editor.checkins_box.model
    assert history.rowCount() == 1 and history.index(0, 2).data() == "+1"
    assert tab.model.index(tab.model.row_of(goal_id), tab.model.GAS).data() == "+1"

    # Attained level chosen on the ladder itself: the T-score label follows.
    click(qtbot, tab, editor.ladder.attained_buttons[2])
    assert goals.get(db, goal_id).gas_attained == 2
    assert "70.0" in editor.ladder.t_score_label.text()
    click(qtbot, tab, editor.ladder.attained_buttons[None])
    assert goals.get(db, goal_id).gas_attained is None
    assert "not yet" in editor.ladder.t_score_label.text()


def test_smart_fields_save_after_the_debounce_and_on_leaving(
    qtbot, tab: GoalsTab, state: WorkbookState
) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db  # type: ignore[union-attr]
    editor = tab.editor
    goal_id = new_goal(qtbot, tab)
    type_text(editor.smart_box.edits["specific"], "Ask one question per ward round")
    assert goals.get(db, goal_id).specific == ""  # not yet: the debounce is running
    assert editor.header.save_label.text() == "Saving…"
    qtbot.waitUntil(lambda: goals.get(db, goal_id).specific == "Ask one question per ward round",
                    timeout=AUTOSAVE_MS + 1_500)
    assert editor.header.save_label.text() == "Saved"

    type_text(editor.smart_box.edits["measurable"], "A tally in his notebook")
    leave(editor.smart_box.edits["measurable"])  # leaving the field saves at once
    assert goals.get(db, goal_id).measurable == "A tally in his notebook"

    qtbot.keyClick(editor.header.progress_spin, Qt.Key.Key_Up)
    qtbot.keyClick(editor.header.weight, Qt.Key.Key_Up)
    click(qtbot, tab, editor.header.has_target)
    editor.flush()
    goal = goals.get(db, goal_id)
    assert goal.progress == 1 and editor.header.progress_slider.value() == 1
    assert goal.weight == 1.5 and goal.target_date == today().isoformat()


def test_an_empty_title_is_refused_inline_and_the_rest_still_saves(
    qtbot, tab: GoalsTab, state: WorkbookState
) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db  # type: ignore[union-attr]
    editor = tab.editor
    goal_id = new_goal(qtbot, tab)
    select_all_and_type(qtbot, editor.title, "   ")
    type_text(editor.smart_box.edits["relevant"], "It matters to her")
    editor.flush()
    error = editor.header.error
    assert error.text() == "A goal needs a title." and error.isVisibleTo(editor)
    assert editor.title.text() == "   "  # what was typed stays
    assert editor.header.save_label.text() == "Not saved"
    goal = goals.get(db, goal_id)
    assert goal.title == "New goal" and goal.relevant == "It matters to her"
    type_text(editor.title, "Finish the QI poster")
    editor.flush()
    assert goals.get(db, goal_id).title == "Finish the QI poster"
    assert editor.header.error.isHidden() and editor.header.save_label.text() == "Saved"


def test_a_refused_milestone_shows_its_sentence(qtbot, tab: GoalsTab, state: WorkbookState
                                                ) -> None:  # type: ignore[no-untyped-def]
    editor = tab.editor
    goal_id = new_goal(qtbot, tab)
    type_text(editor.milestones_box.new_title, "Draft the abstract")
    type_text(editor.milestones_box.new_due, "31/02/2027")
    click(qtbot, tab, editor.milestones_box.add_button)
    assert "31/02/2027" in editor.milestones_box.error.text() and "YYYY-MM-DD" in \
        editor.milestones_box.error.text()
    assert editor.milestones_box.new_title.text() == "Draft the abstract"  # kept for a correction
    assert goals.list_milestones(state.vault.db, goal_id) == []  # type: ignore[union-attr]
    click(qtbot, tab, editor.milestones_box.add_button)
    select_all_and_type(qtbot, editor.milestones_box.new_due, "2027-02-28")
    click(qtbot, tab, editor.milestones_box.add_button)
    assert editor.milestones_box.error.isHidden() and editor.milestones_box.model.rowCount() == 1


def test_locking_saves_pending_edits_and_clears_every_text(
    qtbot, tab: GoalsTab, state: WorkbookState
) -> None:  # type: ignore[no-untyped-def]
    editor = tab.editor
    goal_id = new_goal(qtbot, tab)
    select_all_and_type(qtbot, editor.title, "Nguyễn's résumé for the Match")
    type_text(editor.ladder.edits[0], "王小明 reviews the draft")
    editor.values_box.view.setCurrentIndex(editor.values_box.model.index(1, 0))
    qtbot.keyClick(editor.values_box.view, Qt.Key.Key_Space)
    click(qtbot, tab, editor.checkins_box.check_in_button)
    assert editor.dialog is not None
    path = state.path
    state.close()  # before the debounce: the edits must still be written

    assert editor.dialog is None and editor.goal_id is None
    secrets = ("Nguyễn", "résumé", "王小明", "Curiosity", "Compassion")
    shown = visible_texts(tab)
    assert [s for s in secrets if s in shown] == []
    with vault_mod.open_vault(path, PASSPHRASE) as v:  # type: ignore[arg-type]
        goal = goals.get(v.db, goal_id)
        assert goal.title == "Nguyễn's résumé for the Match"
        assert goal.ladder[0] == "王小明 reviews the draft" and len(goal.value_ids) == 1




def test_what_a_coach_reads_is_shown_in_full(qtbot, tab: GoalsTab, state: WorkbookState
                                             ) -> None:  # type: ignore[no-untyped-def]
    """Nothing cut off: the chosen level's ladder text under the dialog's level box, long
    check-in notes wrapped, a hint in an empty ladder box, and no empty milestone table."""
    db = state.vault.db  # type: ignore[union-attr]
    editor = tab.editor
    goal_id = new_goal(qtbot, tab)
    box = editor.milestones_box
    assert box.empty.isVisibleTo(tab) and not box.view.isVisibleTo(tab)
    assert not box.buttons.isVisibleTo(tab)  # nothing to move or remove yet

    narrow = editor.ladder.edits[-2]
    narrow.setFixedWidth(160)  # the hint wraps onto several lines …
    narrow.resize(160, narrow.height())
    lines = narrow.height() // narrow.fontMetrics().lineSpacing()
    assert lines >= 3  # … and the box grows to show all of them

    long_note = ("Asked a question on four of five days; the attending noticed, and Zoë "
                 "wants to try teaching a short topic next week. ") * 3
    goals.update(db, goal_id, ladder=LADDER)
    goals.add_milestone(db, goal_id, "Ask one question", None)
    goals.add_milestone(db, goal_id, "Teach one topic", None)
    goals.check_in(db, goal_id, progress=10, note="Short.")
    state.call(goals.check_in, goal_id, progress=20, note=long_note)
    assert box.view.isVisibleTo(tab) and box.buttons.isVisibleTo(tab)
    box.view.setCurrentIndex(box.model.index(0, 0))
    assert not box.up_button.isEnabled() and box.down_button.isEnabled()

    history = editor.checkins_box
    history.view.resize(700, history.view.height())
    history.fit()
    short_row, long_row = (history.view.sizeHintForRow(r) for r in (1, 0))
    assert history.model.index(0, 3).data() == " ".join(long_note.split())
    assert long_row > short_row  # the long note wraps instead of being cut off

    click(qtbot, tab, history.check_in_button)
    dialog = editor.dialog
    assert dialog is not None and not dialog.level_text.isVisibleTo(dialog)  # not rated
    dialog.level.setCurrentIndex(dialog.level.findData(2))
    assert dialog.level.currentText() == "+2 much more than expected"
    assert dialog.level_text.text() == f"On the ladder: {LADDER[2]}"
    assert dialog.level_text.isVisibleTo(dialog) and dialog.level_text.wordWrap()
    dialog.forget()
    assert dialog.level_text.text() == "" and dialog.level.count() == 0


def test_check_boxes_stay_visible_on_a_dark_palette(qtbot, state: WorkbookState
                                                    ) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2d30"),
                         (QPalette.ColorRole.Base, "#1e1f22"),
                         (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.WindowText, "#e6e6e6")):
        dark.setColor(role, QColor(colour))
    app = QApplication.instance()
    before = app.palette()  # type: ignore[union-attr]
    app.setPalette(dark)  # type: ignore[union-attr]
    try:
        widget = GoalsTab(state)
        qtbot.addWidget(widget)
        views = (widget.editor.values_box.view, widget.editor.milestones_box.view,
                 widget.editor.ladder.baseline_buttons[0])
        for view in views:
            # The style outlines boxes in a darker shade of Window: it must stand off Base.
            outline = view.palette().color(QPalette.ColorRole.Window).darker(140)
            assert outline.lightness() - QColor("#1e1f22").lightness() > 40, view
    finally:
        app.setPalette(before)  # type: ignore[union-attr]
