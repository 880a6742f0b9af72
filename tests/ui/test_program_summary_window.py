"""The program director's window: coaches' report files (real JSON written by the domain)
are added, chosen or dropped, merged and previewed at the chosen threshold, and saved as the
program summary (a real PDF and CSV tables), asking once before an earlier summary is
replaced; a file that cannot be merged is said in the domain's one sentence."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from tests.ui.executors import ManualExecutor
from ui.kit.ops import Runner
from ui.program.preview import HEADERS
from ui.program.summary_window import (
    EMPTY,
    READING,
    TITLE,
    ProgramSummaryWindow,
    open_program_summary,
)
from workbook.errors import InvalidInput
from workbook.program import tables as t
from workbook.program.document import Report, to_document
from workbook.program.merge import MIN_SOURCES, merge, publish, read_reports
from workbook.program.output import headlines
from workbook.program.period import period
from workbook.program.report import domain_rows
from workbook.program.suppress import OFFICE_THRESHOLD, PUBLISHED_THRESHOLD

ROOT = Path(__file__).resolve().parents[2]
PERIOD = period("2026-07", "2027-06")
LABEL = "2026-Q3 to 2027-Q2"
_ids = itertools.count(1)


def coach_report(fill: int = 2, **tables: dict[tuple[str, str], int]) -> Report:
    """A coach's report holding `fill` in every cell, except the tables given by key, which
    hold exactly their cells (an empty dict: a table with no counts)."""
    made = []
    for spec in t.SPECS:
        rows = {"attendance": tuple(PERIOD.quarters()), "goals": domain_rows()}.get(
            spec.key, spec.rows)
        cells = tables.get(spec.key, {(r, c): fill for r in rows for c in spec.columns})
        made.append(t.Table(spec, rows, cells))
    return Report(f"{next(_ids):032x}", PERIOD, made, "Coach Workbook tests")


def write(folder: Path, reports: list[Report], stem: str = "coach") -> list[Path]:
    paths = []
    for n, report in enumerate(reports, 1):
        path = folder / f"{stem} {n}.json"
        path.write_text(json.dumps(to_document(report), ensure_ascii=False), "utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def make(qtbot):  # type: ignore[no-untyped-def]
    def made(runner: Runner | None = None) -> ProgramSummaryWindow:
        window = ProgramSummaryWindow(runner=runner)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()  # keys go where a person's would: Enter, Tab, Esc
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return made


def test_three_reports_show_their_count_period_and_headlines(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    assert window.windowTitle() == TITLE and window.preview.summary.text() == EMPTY
    assert not window.save_button.isEnabled()
    paths = write(tmp_path, [coach_report() for _ in range(3)])
    assert window.add_paths(paths) == 3
    assert [window.list.item(r).text() for r in range(3)] == ["coach 1.json", "coach 2.json",
                                                               "coach 3.json"]
    assert window.preview.summary.text() == f"3 coaches' reports, {LABEL}"
    published = publish(merge(read_reports(paths)), PUBLISHED_THRESHOLD)
    expected = [(h.label, h.value, h.measures)
                for h in headlines(published, PUBLISHED_THRESHOLD)]
    assert window.preview.headline_rows() == expected
    rows = dict((label, value) for label, value, _ in window.preview.headline_rows())
    # 3 reports × 2 held meetings in each of the 4 quarters: 24 held
    assert rows["Meetings held"] == "24"
    assert [window.preview.table.horizontalHeaderItem(c).text() for c in range(3)] == \
        list(HEADERS)
    assert window.preview.table.isVisible() and window.preview.withheld.text().startswith(
        "No table is withheld")
    assert window.save_button.isEnabled() and not window.error.isVisible()


def test_two_reports_have_every_table_withheld(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    window.add_paths(write(tmp_path, [coach_report(), coach_report()]))
    assert window.preview.summary.text() == f"2 coaches' reports, {LABEL}"
    assert window.preview.withheld.text().startswith("Every table is withheld: fewer than 3")
    assert {value for _, value, _ in window.preview.headline_rows()} == {"suppressed"}
    assert all(item.shown is None for item in window.published)


def test_a_table_too_few_reports_hold_is_named_as_withheld(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    window.add_paths(write(tmp_path, [coach_report(), coach_report(wellbeing={}),
                                      coach_report(wellbeing={})]))
    text = window.preview.withheld.text()
    assert text.startswith("Withheld, as fewer than 3 coaches' reports hold counts for it: ")
    assert t.SPEC["wellbeing"].title in text and t.SPEC["dose"].title not in text
    assert MIN_SOURCES == 3  # the number the sentences say


def test_a_damaged_file_shows_the_domains_sentence_and_disables_save(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    paths = write(tmp_path, [coach_report() for _ in range(3)])
    damaged = tmp_path / "coach 2.json"
    doc = json.loads(damaged.read_text("utf-8"))
    doc["tables"][0]["cells"][0][0] += 1  # a count changed, the digest left as it was
    damaged.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(InvalidInput) as raised:
        read_reports([damaged])
    window.add_paths(paths)
    assert window.error.isVisible() and window.error.text() == raised.value.sentence
    assert "«coach 2.json» is damaged" in window.error.text()
    assert not window.save_button.isEnabled() and window.merged is None
    assert not window.preview.table.isVisible()
    window.list.setCurrentRow(1)
    window.remove_button.click()
    assert not window.error.isVisible() and window.save_button.isEnabled()
    assert window.preview.summary.text() == f"2 coaches' reports, {LABEL}"


def test_the_same_file_added_twice_counts_once(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    paths = write(tmp_path, [coach_report() for _ in range(3)])
    window.add_paths(paths)
    (tmp_path / "sub").mkdir()
    again = [paths[0], tmp_path / "sub" / ".." / paths[1].name]
    assert window.add_paths(again) == 0
    assert window.list.count() == 3 and window.reports.paths() == paths
    assert window.preview.summary.text() == f"3 coaches' reports, {LABEL}"


def test_removing_files_updates_the_preview(make, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    paths = write(tmp_path, [coach_report() for _ in range(4)])
    window.add_paths(paths)
    assert window.preview.summary.text() == f"4 coaches' reports, {LABEL}"
    window.list.setCurrentRow(0)
    qtbot.keyClick(window.list, Qt.Key.Key_Delete)
    assert window.reports.paths() == paths[1:]
    assert window.preview.summary.text() == f"3 coaches' reports, {LABEL}"
    window.list.setCurrentRow(0)
    qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    assert window.preview.summary.text() == f"2 coaches' reports, {LABEL}"
    assert window.preview.withheld.text().startswith("Every table is withheld")
    window.list.selectAll()
    window.remove_button.click()
    assert window.list.count() == 0 and window.preview.summary.text() == EMPTY
    assert not window.save_button.isEnabled() and not window.remove_button.isEnabled()


def test_the_threshold_changes_the_preview(make, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Each coach has 2 learners, both residents with 3 held meetings: 6 learners in all,
    # below 11 (suppressed) but not below 5 (published).
    window = make()
    window.add_paths(write(tmp_path, [coach_report(dose={("resident", "3"): 2})
                                      for _ in range(3)]))
    caseload = "Learners with a meeting in the period"
    assert window.threshold.value() == PUBLISHED_THRESHOLD
    assert (window.threshold.minimum(), window.threshold.maximum()) == (2, 100)
    assert dict(r[:2] for r in window.preview.headline_rows())[caseload] == "suppressed"
    window.threshold.setValue(OFFICE_THRESHOLD)
    assert dict(r[:2] for r in window.preview.headline_rows())[caseload] == "6"
    assert "counts below 5 suppressed" in window.preview.caption.text()
    window.threshold.setValue(7)
    assert dict(r[:2] for r in window.preview.headline_rows())[caseload] == "suppressed"
    # Enter applies a typed threshold, and does not press Save (the default button)
    window.threshold.setFocus()
    window.threshold.lineEdit().selectAll()
    qtbot.keyClicks(window.threshold.lineEdit(), "5")
    qtbot.keyClick(window.threshold.lineEdit(), Qt.Key.Key_Return)
    assert window.threshold.value() == 5 and window.folder_dialog is None
    assert window.reports.add_dialog is None
    assert dict(r[:2] for r in window.preview.headline_rows())[caseload] == "6"


def _summary_files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_save_writes_the_pdf_and_the_csv_tables(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    paths = write(tmp_path, [coach_report() for _ in range(3)])
    window.add_paths(paths)
    out = tmp_path / "Program summary 2026-27"
    window.save_button.click()
    dialog = window.folder_dialog
    assert dialog is not None and dialog.isVisible()  # opened without blocking
    assert dialog.fileMode() == QFileDialog.FileMode.Directory
    dialog.fileSelected.emit(str(out))
    dialog.reject()
    pdf = out / "program-summary.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Coaching program summary" in text
    assert json.loads((out / "program-summary.json").read_text("utf-8"))[
        "coaches_reports"] == 3
    published = publish(merge(read_reports(paths)), PUBLISHED_THRESHOLD)
    csvs = {p.name for p in (out / "program-summary tables").iterdir()}
    assert csvs == {f"{i.table.spec.key}.csv" for i in published if i.shown is not None}
    assert "dose.csv" in csvs
    assert window.status.kind == "ok" and str(pdf) in window.status.text()
    assert window.saved[1] == pdf and window.save_button.isEnabled()


def test_saving_over_a_summary_asks_and_cancel_keeps_the_old_files(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    window.add_paths(write(tmp_path, [coach_report() for _ in range(3)]))
    out = tmp_path / "out"
    window.save_to(out)
    assert window.replace_question is None
    before = _summary_files(out)
    assert len(before) > 2
    window.threshold.setValue(OFFICE_THRESHOLD)  # this summary would differ
    window.save_to(out)
    box = window.replace_question
    assert box is not None and box.isVisible()
    assert box.text() == f"Replace the program summary in «{out}»?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert _summary_files(out) == before
    window.save_to(out)
    box = window.replace_question
    next(b for b in box.buttons() if "Replace" in b.text()).click()
    assert json.loads((out / "program-summary.json").read_text("utf-8"))[
        "suppression_threshold"] == OFFICE_THRESHOLD
    assert window.status.kind == "ok"


def test_a_folder_that_cannot_be_written_is_said_in_a_sentence(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    window.add_paths(write(tmp_path, [coach_report() for _ in range(3)]))
    out = tmp_path / "out"
    out.mkdir()
    (out / "program-summary tables").write_text("a file where the tables' folder goes")
    window.save_to(out)
    assert window.status.kind == "error" and window.status.text().startswith("Not saved: ")
    assert "program-summary tables" in window.status.text()
    assert window.save_button.isEnabled()


def _drag(window: QWidget, files: list[Path]) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    centre = window.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    return enter, drop, mime


def test_a_dropped_report_is_added_and_other_files_are_not(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    (report,) = write(tmp_path, [coach_report()])
    notes = tmp_path / "notes.txt"
    notes.write_text("not a report")
    enter, _drop, _mime = _drag(window, [notes])
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    enter, drop, _mime = _drag(window, [report, notes])
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted() and window.reports.paths() == [report]
    assert window.preview.summary.text() == f"1 coach's report, {LABEL}"


def test_add_reports_opens_a_file_dialog_for_several_json_files(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    paths = write(tmp_path, [coach_report() for _ in range(3)])
    window.add_button.click()
    dialog = window.reports.add_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.fileMode() == QFileDialog.FileMode.ExistingFiles
    assert any("*.json" in f for f in dialog.nameFilters())
    dialog.filesSelected.emit([str(p) for p in paths])
    dialog.reject()
    assert window.reports.paths() == paths
    assert window.preview.summary.text() == f"3 coaches' reports, {LABEL}"


def test_tab_walks_add_list_remove_threshold_preview_save_close(make, qtbot,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    window = make()
    window.add_paths(write(tmp_path, [coach_report() for _ in range(3)]))
    chain = [window.add_button, window.list, window.remove_button, window.threshold,
             window.preview_button, window.save_button, window.close_button]

    def focused() -> QWidget:
        widget = window.focusWidget()
        return next((w for w in chain if w is widget or w.isAncestorOf(widget)), widget)

    window.add_button.setFocus()
    walked = [focused()]
    for _ in chain:
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        walked.append(focused())
    assert walked == [*chain, window.add_button]
    assert [w for w in chain if not w.accessibleName()] == []


def test_enter_on_a_focused_button_and_esc(make, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make()
    window.add_paths(write(tmp_path, [coach_report() for _ in range(3)]))
    window.remove_button.setFocus()
    qtbot.keyClick(window.remove_button, Qt.Key.Key_Return)
    assert window.list.count() == 2
    window.list.setFocus()  # Enter elsewhere is Save's, the default; never Remove's
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert window.list.count() == 2
    assert window.folder_dialog is not None and window.folder_dialog.isVisible()
    window.folder_dialog.reject()
    window.close_button.setFocus()
    qtbot.keyClick(window.close_button, Qt.Key.Key_Return)
    assert not window.isVisible()
    window.show()
    qtbot.keyClick(window.list, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_a_late_merge_of_an_older_list_is_dropped(make, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    executor = ManualExecutor()
    window = make(Runner(executor))
    paths = write(tmp_path, [coach_report() for _ in range(4)])
    window.add_paths(paths)
    assert window.preview.summary.text() == READING and not window.save_button.isEnabled()
    window.list.setCurrentRow(3)
    window.remove_button.click()
    assert len(executor.jobs) == 2
    executor.run_next()  # the read of the four files ends after the list changed: dropped
    qtbot.wait(10)
    assert window.merged is None and window.preview.summary.text() == READING
    executor.run_next()
    qtbot.waitUntil(lambda: window.merged is not None)
    assert window.merged.sources == 3
    assert window.preview.summary.text() == f"3 coaches' reports, {LABEL}"
    assert window.save_button.isEnabled()


def test_open_program_summary_shows_a_window_that_goes_when_closed(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    window = open_program_summary(parent)
    assert window.isVisible() and window.parent() is parent
    assert window.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert window.focusWidget() is window.add_button
    with qtbot.waitSignal(window.destroyed):
        window.close_button.click()


def test_importing_the_window_loads_neither_pydantic_nor_reportlab() -> None:
    """The integrator may import it with the menus, at launch (see test_architecture)."""
    code = ("import sys\nimport ui.program.summary_window\n"
            "print(sorted(k for k in sys.modules if k.startswith(('reportlab', 'pydantic'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_preview_shows_the_summary_s_pages_and_saves_from_there(make, qtbot,  # type: ignore[no-untyped-def]
                                                                    tmp_path: Path) -> None:
    window = make()
    assert not window.preview_button.isEnabled()  # nothing merged yet
    window.add_paths(write(tmp_path, [coach_report() for _ in range(3)]))
    qtbot.waitUntil(lambda: window.preview_button.isEnabled())
    window.preview_button.click()
    qtbot.waitUntil(lambda: window.pdf_preview is not None and window.pdf_preview.isVisible())
    preview = window.pdf_preview
    assert preview.pages >= 2 and not preview.print_button.isVisible()
    assert "Counts only" in preview.contents_note.text()
    asked: list[bool] = []
    window.choose_folder = lambda: asked.append(True)  # type: ignore[method-assign]
    preview.export_button.click()
    assert asked == [True] and not preview.isVisible()
