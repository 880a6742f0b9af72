"""File ▸ Program report… as a coach uses it: whole quarters to choose from (the last year
by default), a preview of exactly what the file will hold — counts, never a name — with the
publishable variant's suppressed counts, and a save that writes the JSON and its CSV
tables; the keyboard alone gets there, and locking closes it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.shown import visible_texts
from ui.kit.state import WorkbookState
from ui.program.coach_report_dialog import ProgramReportDialog, quarter_choices
from workbook import coachees
from workbook.program.document import parse_report

DEMO_DAY = date(2026, 3, 1)


def test_the_quarters_offered_end_with_today_s(qapp) -> None:  # type: ignore[no-untyped-def]
    choices = quarter_choices(date(2027, 2, 10))
    assert choices[-1] == ("2027-Q1 (Jan–Mar 2027)", date(2027, 1, 1))
    assert choices[-2] == ("2026-Q4 (Oct–Dec 2026)", date(2026, 10, 1))
    assert choices[-5][1] == date(2026, 1, 1) and len(choices) == 20


@pytest.fixture
def dialog(qtbot, demo_state: WorkbookState) -> ProgramReportDialog:  # type: ignore[no-untyped-def]
    d = ProgramReportDialog(demo_state, today=lambda: DEMO_DAY)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.report is not None)
    return d


def test_the_preview_is_the_last_year_in_counts_and_never_a_name(
        dialog: ProgramReportDialog, demo_state: WorkbookState) -> None:
    assert dialog.first.currentText().startswith("2025-Q1")
    assert dialog.last.currentText().startswith("2025-Q4")
    text = dialog.preview.toPlainText()
    assert "2025-Q1 to 2025-Q4" in text and "For the program office only." in text
    assert "Learners coached, by learner group and held meetings" in text
    assert "demo workbook of fictional learners" in text  # a program office will not merge it
    names = [c.name for c in coachees.list_coachees(demo_state.vault.db)]  # type: ignore[union-attr]
    shown = visible_texts(dialog)
    assert names and not any(name in shown for name in names)
    assert dialog.save_button.isEnabled()


def test_the_publishable_variant_shows_suppressed_counts(dialog: ProgramReportDialog,
                                                         qtbot) -> None:  # type: ignore[no-untyped-def]
    before = dialog.preview.toPlainText()
    dialog.publishable.setChecked(True)
    after = dialog.preview.toPlainText()
    assert after != before and "Publishable: counts below 11" in after
    assert "\ns\n" in "\n" + after.replace("\t", "\n") + "\n"  # a small demo count hidden


def test_a_later_period_is_counted_again(dialog: ProgramReportDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog.first.setCurrentIndex(dialog.first.count() - 1)
    dialog.last.setCurrentIndex(dialog.last.count() - 1)
    qtbot.waitUntil(lambda: dialog.report is not None
                    and dialog.report.period.label == "2026-Q1")
    assert "2026-Q1" in dialog.preview.toPlainText()
    dialog.last.setCurrentIndex(0)  # ends before it starts
    assert "before it starts" in dialog.problem.text()
    assert not dialog.save_button.isEnabled()


def test_save_writes_the_report_and_its_tables(dialog: ProgramReportDialog, qtbot,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    asked = []
    dialog.choose_path = lambda request, accept: (asked.append(request), accept(
        tmp_path / "Bericht 2025.json"))
    dialog.publishable.setChecked(False)
    dialog.save_button.click()
    assert asked and asked[0].suggested.name == "program report 2025-Q1 to 2025-Q4.json"
    qtbot.waitUntil(lambda: "Saved to" in dialog.status.text())
    target = tmp_path / "Bericht 2025.json"
    report = parse_report(target, target.read_text("utf-8"))
    assert report.period.label == "2025-Q1 to 2025-Q4" and report.demo
    assert (tmp_path / "Bericht 2025 tables" / "dose.csv").is_file()
    assert json.loads(target.read_text("utf-8"))["tables"][0]["key"] == "dose"


def test_save_refuses_a_workbook_name_in_words(dialog: ProgramReportDialog, qtbot,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    dialog.choose_path = lambda request, accept: accept(tmp_path / "mine.cwb")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "ending of a workbook" in dialog.problem.text())
    assert not (tmp_path / "mine.cwb").exists()


def test_the_keyboard_reaches_everything_and_enter_in_a_list_saves_nothing(
        dialog: ProgramReportDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    saved = []
    dialog.choose_path = lambda request, accept: saved.append(request)
    dialog.first.setFocus()
    order = [dialog.first]
    for _ in range(5):
        order.append(order[-1].nextInFocusChain())
        while not order[-1].focusPolicy() & Qt.FocusPolicy.TabFocus:
            order[-1] = order[-1].nextInFocusChain()
    assert order == [dialog.first, dialog.last, dialog.publishable, dialog.preview,
                     dialog.save_button, dialog.close_button]
    qtbot.keyClick(dialog.first, Qt.Key.Key_Return)
    assert saved == [] and dialog.isVisible()


def test_locking_closes_it(dialog: ProgramReportDialog, demo_state: WorkbookState,
                           qtbot) -> None:  # type: ignore[no-untyped-def]
    demo_state.close()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_file_menu_offers_both_sides_and_the_summary_needs_no_workbook(
        window, qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PASSPHRASE
    from tests.ui.test_main_window import unlock

    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "Pro&gram report…" in texts and "Program s&ummary from reports…" in texts
    assert not window.program_report_action.isEnabled()  # no workbook open: nothing to count
    window.program_summary_action.trigger()  # a director may have no workbook at all
    qtbot.waitUntil(lambda: window.program_summary.isVisible())
    window.program_summary.close()
    unlock(window, qtbot, workbook_path, PASSPHRASE)
    assert window.program_report_action.isEnabled()
    window.program_report_action.trigger()
    qtbot.waitUntil(lambda: window.program_report.report is not None)
    assert window.program_report.isVisible()


def test_a_count_that_lands_late_is_dropped(slow_state, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Found by review: closing while counting, or choosing another period and ticking
    Publishable before the count lands, showed or saved the old period's report."""
    from tests.ui.executors import ManualExecutor

    executor = slow_state.runner.executor
    assert isinstance(executor, ManualExecutor)
    d = ProgramReportDialog(slow_state, today=lambda: DEMO_DAY)  # deleted below, not by qtbot
    d.show()
    d.first.setCurrentIndex(d.first.count() - 1)
    d.last.setCurrentIndex(d.last.count() - 1)
    d.publishable.setChecked(True)
    executor.wait()
    qtbot.waitUntil(lambda: d.report is not None)
    assert d.report.period.label == "2026-Q1"
    assert d.save_button.isEnabled()
    d.first.setCurrentIndex(0)  # another count asked for, not landed
    d.publishable.setChecked(False)
    assert d.report is None and not d.save_button.isEnabled()
    d.close()
    d.deleteLater()
    qtbot.wait(10)
    executor.wait()  # lands on a deleted dialog: nothing happens
    qtbot.wait(20)


def test_it_fits_the_screen(dialog: ProgramReportDialog) -> None:
    """At 1024×600 the buttons were below the screen's edge."""
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
