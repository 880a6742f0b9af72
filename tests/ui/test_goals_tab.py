"""The Goals tab on the demo workbook: the list, its models, sorting and filtering, trashing
a goal, refreshing from changes made elsewhere, and forgetting everything on lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QMessageBox,
)

from tests.conftest import PASSPHRASE
from tests.ui.shown import visible_texts
from ui.kit.state import WorkbookState
from ui.portfolio.goal_detail_models import (
    CheckinModel,
    MilestoneModel,
    SessionLink,
    ValueLinkModel,
)
from ui.portfolio.goal_models import (
    GoalFilterProxy,
    GoalListModel,
    load_goal_detail,
    load_goal_rows,
)
from ui.portfolio.goals_tab import GoalsTab
from workbook import coachees, goals, sessions, trash
from workbook import vault as vault_mod
from workbook.dates import format_date as format_day
from workbook.goal_records import GOAL_STATUSES

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _coachee(state: WorkbookState, name: str) -> int:
    db = state.vault.db  # type: ignore[union-attr]
    return next(c.id for c in coachees.list_coachees(db) if c.name == name)


def _shown_tab(qtbot, state: WorkbookState) -> GoalsTab:  # type: ignore[no-untyped-def]
    widget = GoalsTab(state)
    qtbot.addWidget(widget)
    widget.resize(1000, 680)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def tab(qtbot, demo_state: WorkbookState) -> GoalsTab:  # type: ignore[no-untyped-def]
    return _shown_tab(qtbot, demo_state)


def _column(tab: GoalsTab, column: int) -> list[str]:
    return [tab.proxy.index(r, column).data() for r in range(tab.proxy.rowCount())]


def test_every_model_passes_qtmodeltester(qtmodeltester, demo_state: WorkbookState
                                          ) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db  # type: ignore[union-attr]
    cid = _coachee(demo_state, "José Muñoz")
    rows = load_goal_rows(db, cid)
    goal_model = GoalListModel()
    goal_model.set_domains(rows.domains)
    goal_model.load(rows.goals)
    assert goal_model.rowCount() == 4
    qtmodeltester.check(goal_model)
    detail = next(d for d in (load_goal_detail(db, g.id) for g in rows.goals)
                  if d.milestones and d.checkins)
    milestones, checkins, links = MilestoneModel(), CheckinModel(), ValueLinkModel()
    milestones.load(detail.milestones)
    checkins.set_checkins(detail.checkins, detail.session_labels)
    links.load(detail.values, detail.goal.value_ids)
    assert milestones.rowCount() and checkins.rowCount() and links.rowCount()
    for model in (milestones, checkins, links):
        qtmodeltester.check(model)
    goal_model.load(rows.goals)  # the same goals again: repainted in place
    qtmodeltester.check(goal_model)
    proxy = GoalFilterProxy()
    proxy.setSourceModel(goal_model)
    proxy.sort(GoalListModel.DOMAIN)
    proxy.set_show_closed(False)
    assert proxy.rowCount() == sum(1 for g in rows.goals if not g.is_closed)
    qtmodeltester.check(proxy)


def test_a_session_reads_as_its_kind_on_the_check_in_day_else_with_its_date() -> None:
    link = SessionLink("2026-03-03", "GROW")
    assert link.text("2026-03-03") == "GROW"
    assert link.text("2026-03-05") == "Tue 3 Mar 2026 · GROW"
    assert SessionLink(None, "(in the trash)").text("2026-03-05") == "(in the trash)"


def test_the_list_shows_the_coachees_goals_sorted_and_filtered(
    qtbot, tab: GoalsTab, demo_state: WorkbookState
) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db  # type: ignore[union-attr]
    assert tab.empty.isVisible() and not tab.splitter.isVisible()
    cid = _coachee(demo_state, "王小明")
    tab.set_coachee(cid)
    expected = goals.list_goals(db, cid)
    assert _column(tab, GoalListModel.TITLE) == [g.title for g in expected]
    assert _column(tab, GoalListModel.TARGET) == [format_day(g.target_date) or "—"
                                                  for g in expected]
    assert tab.editor.title.text() == expected[0].title  # the first goal is open
    assert tab.summary.text().startswith(f"{len(expected)} goals")

    header = tab.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(GoalListModel.STATUS) + 5, 5))
    order = [GOAL_STATUSES.index(s.lower()) for s in _column(tab, GoalListModel.STATUS)]
    assert order == sorted(order) or order == sorted(order, reverse=True)

    closed = [g for g in expected if g.is_closed]
    assert closed, "the demo coachee has achieved goals"
    tab.show_closed.setChecked(False)
    assert tab.proxy.rowCount() == len(expected) - len(closed)
    tab.select_goal(closed[0].id)  # opening a hidden goal shows closed goals again
    assert tab.show_closed.isChecked() and tab.editor.goal_id == closed[0].id
    assert tab.editor.title.text() == closed[0].title


def test_trash_a_goal_after_confirming(qtbot, tab: GoalsTab, demo_state: WorkbookState,
                                       monkeypatch: pytest.MonkeyPatch
                                       ) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db  # type: ignore[union-attr]
    cid = _coachee(demo_state, "Aïcha Benali")
    tab.set_coachee(cid)
    first, second = goals.list_goals(db, cid)[:2]
    tab.select_goal(first.id)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(tab.trash_button, Qt.MouseButton.LeftButton)
    assert goals.get(db, first.id).title == first.title  # "No" keeps it
    qtbot.mouseClick(tab.trash_button, Qt.MouseButton.LeftButton)
    assert first.title in asked[1]
    assert (("goal", first.id) in {(t.kind, t.id) for t in trash.list_trash(db)})
    assert first.id not in [g.id for g in goals.list_goals(db, cid)]
    assert first.title not in _column(tab, GoalListModel.TITLE)
    assert tab.editor.goal_id == second.id and tab.editor.title.text() == second.title


def test_new_goal_shortcut_and_changes_made_elsewhere(
    qtbot, tab: GoalsTab, demo_state: WorkbookState
) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db  # type: ignore[union-attr]
    cid = _coachee(demo_state, "Zoë Kowalczyk")
    tab.set_coachee(cid)
    before = len(goals.list_goals(db, cid))
    assert tab.new_goal_action.shortcut().toString() == "Ctrl+Shift+G"
    tab.activateWindow()
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_G,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    now = goals.list_goals(db, cid)
    assert len(now) == before + 1 and now[-1].title == "New goal"
    assert tab.editor.goal_id == now[-1].id

    # Another screen checks in on the goal: the list and the editor follow.
    demo_state.call(goals.check_in, now[-1].id, progress=45, note="From the session editor")
    row = tab.proxy.mapFromSource(tab.model.index(tab.model.row_of(now[-1].id), 0)).row()
    assert tab.proxy.index(row, GoalListModel.PROGRESS).data() == "45 %"
    assert tab.editor.header.progress_spin.value() == 45
    assert tab.editor.checkins_box.model.rowCount() == 1


def test_a_linked_session_opens_from_the_check_in_history(
    qtbot, tab: GoalsTab, demo_state: WorkbookState
) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db  # type: ignore[union-attr]
    cid = _coachee(demo_state, "José Muñoz")
    goal = next(g for g in goals.list_goals(db, cid)
                if any(c.session_id for c in goals.list_checkins(db, g.id)))
    tab.set_coachee(cid)
    tab.select_goal(goal.id)
    view = tab.editor.checkins_box.view
    index = tab.editor.checkins_box.model.index(0, CheckinModel.SESSION)
    newest = max(goals.list_checkins(db, goal.id), key=lambda c: (c.checked_on, c.id))
    session = sessions.get(db, newest.session_id)
    # Held on the check-in's own day: the session's kind alone; its date is in the tooltip.
    assert session.scheduled_at[:10] == newest.checked_on
    assert index.data() == session.template_name
    assert format_day(newest.checked_on) in index.data(Qt.ItemDataRole.ToolTipRole)
    tab.editor.scroll.ensureWidgetVisible(view)
    view.setCurrentIndex(index)
    with qtbot.waitSignal(tab.open_record, timeout=1_000) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == ["session", newest.session_id]


def test_lock_forgets_every_text_and_unlock_returns_to_the_goal(
    tab: GoalsTab, demo_state: WorkbookState
) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db  # type: ignore[union-attr]
    cid = _coachee(demo_state, "Søren Ødegaard")
    goal = goals.list_goals(db, cid)[1]
    tab.set_coachee(cid)
    tab.select_goal(goal.id)
    secrets = {goal.title, goal.specific, goal.gas_zero, "Søren", "Ødegaard"}
    secrets |= {m.title for m in goals.list_milestones(db, goal.id)}
    secrets |= {c.note for c in goals.list_checkins(db, goal.id) if c.note}
    assert goal.title in visible_texts(tab)
    path = demo_state.path

    demo_state.close()
    shown = visible_texts(tab)
    leaked = [s for s in secrets if s and s in shown]
    assert leaked == []
    assert tab.model.rowCount() == 0 and tab.editor.goal_id is None

    tab.set_coachee(None)  # the main window forgets the coachee while locked …
    demo_state.adopt(vault_mod.open_vault(path, PASSPHRASE))  # type: ignore[arg-type]
    tab.set_coachee(cid)  # … and chooses them again after unlocking
    assert tab.editor.goal_id == goal.id and tab.editor.title.text() == goal.title

    tab.set_coachee(None)
    assert tab.empty.isVisible() and tab.model.rowCount() == 0




def test_a_switch_paints_the_next_coachees_goals_once_they_have_landed(  # type: ignore[no-untyped-def]
        qtbot, slow_state: WorkbookState) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from ui.portfolio.goals_tab import HOLD_PAINT_MS

    # Inside a window, as in the app: a top-level widget whose own updates are held can
    # lose the repaint asked for when they come back (Qt keeps the region dirty with no
    # update request pending), which no tab in the app is.
    window = QWidget()
    qtbot.addWidget(window)
    tab = GoalsTab(slow_state, window)
    QVBoxLayout(window).addWidget(tab)
    window.resize(1000, 680)
    window.show()
    qtbot.waitExposed(window)
    executor = slow_state.runner.executor
    jose, aicha, zoe = (_coachee(slow_state, n)
                        for n in ("José Muñoz", "Aïcha Benali", "Zoë Kowalczyk"))
    tab.set_coachee(jose)
    executor.wait()
    qtbot.waitUntil(lambda: tab.editor.goal_id is not None and tab.updatesEnabled())

    paints: list[str] = []

    class Paints(QObject):
        def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
            if (event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                    and (obj is tab or tab.isAncestorOf(obj))):
                paints.append(type(obj).__name__)
            return False

    watcher = Paints()
    QApplication.instance().installEventFilter(watcher)
    his_goal = tab.editor.title.text()
    assert his_goal
    try:
        tab.set_coachee(aicha)
        # At once, nothing of José's is left to click or type into: only pixels wait. His
        # goal's form keeps its layout for hers, but takes no key.
        assert tab.model.rowCount() == 0 and tab.editor.goal_id is None
        assert not tab.trash_goal_action.isEnabled()
        assert not tab.editor.check_in_action.isEnabled()
        assert tab.editor.form_held and not tab.editor.title.isEnabled()
        qtbot.keyClicks(tab.editor.title, "typed into nothing")
        assert tab.editor.title.text() == his_goal
        qtbot.wait(HOLD_PAINT_MS // 3)  # the event loop runs; her list is still on its way
        assert paints == [] and not tab.updatesEnabled()
        executor.wait()  # her goals land: painted once, with them
        qtbot.waitUntil(lambda: bool(paints))
        assert tab.updatesEnabled() and tab.model.rowCount() > 0
        assert tab.editor.goal_id == tab.selected_goal_id() is not None
        her_goal = tab.view.currentIndex().data()
        assert tab.editor.title.isEnabled() and tab.editor.title.text() == her_goal != his_goal
        assert his_goal not in visible_texts(window)
        assert slow_state.vault is not None
        assert not any(g.title.endswith("typed into nothing")
                       for g in goals.list_goals(slow_state.vault.db, jose))

        # A worker busy for longer (a backup): the emptied tab shows after HOLD_PAINT_MS.
        paints.clear()
        tab.set_coachee(zoe)
        assert tab.editor.form_held
        qtbot.waitUntil(tab.updatesEnabled, timeout=HOLD_PAINT_MS * 10)
        qtbot.waitUntil(lambda: bool(paints))
        assert tab.model.rowCount() == 0 and tab.editor.goal_id is None
        # Emptied before it was painted: Aïcha's goal never shows under Zoë's name.
        assert not tab.editor.form_held and not tab.editor.scroll.isVisible()
        assert her_goal not in visible_texts(window)
        executor.wait()
        qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    finally:
        QApplication.instance().removeEventFilter(watcher)
        executor.wait()
