"""Preview (QtPdf, from memory), print from the preview, and the summaries of several
sessions printed or exported at once — driven through the real dialogs on the demo."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from tests.records import noted_session
from tests.ui.conftest import DEMO_TODAY
from tests.ui.shown import visible_texts
from ui.documents.batch_dialog import BatchSummariesDialog
from ui.documents.document_actions import PRINT_QUESTION, DocumentActions
from ui.documents.pdf_preview import PdfPreview
from ui.kit.state import WorkbookState
from workbook import coachees
from workbook.documents.batch import sessions_between

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SHARED = "Agreed: shadow the night team twice before the OSCE."
PRIVATE = "Coach only: worried about sleep before exams."
DAYS = (DEMO_TODAY - timedelta(days=21), DEMO_TODAY + timedelta(days=4))


class Chosen:
    session: int | None = None
    coachee: int | None = None


def make_actions(state: WorkbookState, qtbot, printer_file: Path | None = None  # type: ignore[no-untyped-def]
                 ) -> tuple[DocumentActions, Chosen]:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    chosen = Chosen()
    actions = DocumentActions(state, parent, lambda: chosen.session, lambda: chosen.coachee)

    def ask(printer: QPrinter, accept: Callable[[], None]) -> None:
        if printer_file is not None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printer_file))
            accept()

    actions.printing.ask_printer = ask
    return actions, chosen


def seeded_session(state: WorkbookState) -> tuple[int, int]:
    assert state.vault is not None
    return noted_session(state.vault.db, SHARED, PRIVATE)


def preview_text(preview: PdfPreview) -> str:
    document = preview.pdf.document
    return " ".join(document.getAllText(page).text() for page in range(document.pageCount()))


# -- preview ----------------------------------------------------------------------------
def test_preview_shows_the_summary_from_memory_and_never_a_private_note(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session_id, coachee_id = seeded_session(demo_state)
    actions, chosen = make_actions(demo_state, qtbot)
    chosen.session = session_id
    before = set(tmp_path.parent.rglob("*.pdf"))

    actions.preview_summary_action.trigger()

    preview = actions.last_preview
    assert preview is not None and preview.isVisible()
    assert preview.windowModality() == Qt.WindowModality.WindowModal
    assert preview.pages >= 1 and preview.page_label.text() == f"Page 1 of {preview.pages}"
    text = preview_text(preview)
    assert "Session summary" in text and "shadow the night team" in text
    assert "worried about sleep" not in text and "Coach only" not in text
    name = coachees.get(demo_state.vault.db, coachee_id).name  # type: ignore[union-attr]
    assert name not in preview.windowTitle()
    assert set(tmp_path.parent.rglob("*.pdf")) == before, "a preview wrote a PDF"


def test_preview_zooms_and_fits_again(demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    actions, chosen = make_actions(demo_state, qtbot)
    chosen.coachee = 1
    actions.preview_portfolio_action.trigger()
    preview = actions.last_preview
    assert preview is not None and preview.pages >= 2
    preview.resize(800, 700)
    qtbot.waitExposed(preview)
    preview.zoom_in()
    first = preview.view.zoomFactor()
    preview.zoom_in()
    assert preview.view.zoomFactor() == pytest.approx(first * 1.25)
    preview.zoom_out()
    assert preview.view.zoomFactor() == pytest.approx(first)
    preview.fit_width()
    assert preview.view.zoomMode() == preview.view.ZoomMode.FitToWidth


def test_print_from_the_preview_prints_what_was_shown(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session_id, _ = seeded_session(demo_state)
    printed = tmp_path / "printer.pdf"
    actions, chosen = make_actions(demo_state, qtbot, printed)
    chosen.session = session_id
    done: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *args: done.append(args))
    actions.preview_summary_action.trigger()
    preview = actions.last_preview
    assert preview is not None
    pages = preview.pages

    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)

    assert not preview.isVisible() and preview.pages == 0  # dropped from memory
    assert len(pypdf.PdfReader(printed).pages) == pages
    assert done == [("print", True, f"Sent {pages} page{'s' if pages > 1 else ''} "
                                     "to the printer.")]


def test_export_from_the_preview_asks_where(demo_state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                            tmp_path: Path) -> None:
    session_id, _ = seeded_session(demo_state)
    actions, chosen = make_actions(demo_state, qtbot)
    chosen.session = session_id
    asked: list[str] = []
    actions.choose_export = lambda title, suggested, noun, accept: (
        asked.append(noun), accept(tmp_path / "from-preview.pdf", "lantern-orchard-9"))
    actions.preview_summary_action.trigger()
    assert actions.last_preview is not None
    qtbot.mouseClick(actions.last_preview.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["summary"]
    reader = pypdf.PdfReader(tmp_path / "from-preview.pdf")
    assert reader.is_encrypted and reader.decrypt("lantern-orchard-9")
    assert "password you chose" in actions.last_message.text()  # type: ignore[union-attr]


def test_ctrl_p_prints_the_open_session_summary(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session_id, _ = seeded_session(demo_state)
    printed = tmp_path / "ctrl-p.pdf"
    actions, chosen = make_actions(demo_state, qtbot, printed)
    assert actions.print_summary_action.shortcut().toString() == "Ctrl+P"
    actions.print_summary_action.trigger()
    assert actions.last_message is not None and actions.last_message.text() == \
        "Open a session first."
    chosen.session = session_id
    actions.print_summary_action.trigger()
    # first what the summary holds, by heading; nothing printed until the coach goes on
    question = actions.last_message
    assert question is not None and question.isVisible() and not printed.exists()
    assert question.text() == PRINT_QUESTION
    assert "Printed for the learner: «" in question.informativeText()
    assert "(private)" in question.informativeText()
    question.defaultButton().click()
    assert printed.exists() and len(pypdf.PdfReader(printed).pages) >= 1


def test_locking_closes_the_preview_and_drops_the_document(
        demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    session_id, coachee_id = seeded_session(demo_state)
    assert demo_state.vault is not None
    name = coachees.get(demo_state.vault.db, coachee_id).name
    actions, chosen = make_actions(demo_state, qtbot)
    chosen.session = session_id
    actions.preview_summary_action.trigger()
    preview = actions.last_preview
    assert preview is not None
    demo_state.close()
    assert not preview.isVisible() and preview.data == b"" and preview.pages == 0
    assert name not in visible_texts(preview) and name.split()[0] not in visible_texts(preview)
    assert not actions.preview_summary_action.isEnabled()


# -- several sessions -------------------------------------------------------------------
def make_batch(state: WorkbookState, qtbot, printer_file: Path | None = None  # type: ignore[no-untyped-def]
               ) -> BatchSummariesDialog:
    actions, _ = make_actions(state, qtbot, printer_file)
    dialog = BatchSummariesDialog(state, actions.printing, actions.parent_widget,
                                  today=DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_days(*DAYS)
    return dialog


def test_the_list_shows_the_days_sessions_ticked(demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make_batch(demo_state, qtbot)
    expected = sessions_between(demo_state.vault.db, *DAYS)  # type: ignore[union-attr]
    assert dialog.list.count() == len(expected) >= 3
    held = [s.id for s in expected if s.status == "held"]
    assert held and any(s.status == "scheduled" for s in expected)
    assert dialog.ticked() == held, "planned meetings still to come start unticked"
    assert dialog.count_label.text() == f"{len(dialog.ticked())} of {len(expected)} ticked"
    assert any("(planned)" in dialog.list.item(i).text() for i in range(dialog.list.count()))
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert dialog.ticked() == [] and not dialog.print_button.isEnabled()
    assert not dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    assert len(dialog.ticked()) == len(expected)
    qtbot.mouseClick(dialog.today_button, Qt.MouseButton.LeftButton)
    assert dialog.days() == (DEMO_TODAY, DEMO_TODAY)
    assert dialog.count_label.text() == "No sessions on these days."


def test_export_writes_one_private_file_per_ticked_session(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = make_batch(demo_state, qtbot)
    ids = dialog.ticked()
    steps: list[int] = []
    dialog._progress.step.connect(lambda done, _total: steps.append(done))
    dialog.choose_export = lambda start, accept: accept(tmp_path, None)
    done: list[tuple[bool, str]] = []
    dialog.finished_work.connect(lambda ok, text: done.append((ok, text)))

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    files = sorted(tmp_path.glob("summary-*.pdf"))
    assert len(files) == len(ids) and steps == list(range(1, len(ids) + 1))
    assert all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)
    assert done[0][0] and f"Saved {len(ids)} summaries" in done[0][1]
    assert "NOT encrypted" in dialog.status.text()
    for f in files:
        assert "Session summary" in pypdf.PdfReader(f).pages[0].extract_text()
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isVisible()


def test_cancel_during_export_writes_nothing(demo_state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                             tmp_path: Path) -> None:
    dialog = make_batch(demo_state, qtbot)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.choose_export = lambda start, accept: accept(folder, None)
    dialog._progress.step.connect(lambda done, _total: dialog.cancel_button.click())
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert list(folder.iterdir()) == []
    assert dialog.status.text().startswith("Cancelled")


def test_print_sends_every_ticked_summary_as_one_job(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printed = tmp_path / "printer" / "job.pdf"
    printed.parent.mkdir()
    dialog = make_batch(demo_state, qtbot, printed)
    ids = dialog.ticked()
    done: list[tuple[bool, str]] = []
    dialog.finished_work.connect(lambda ok, text: done.append((ok, text)))

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    pages = len(pypdf.PdfReader(printed).pages)
    assert pages >= len(ids)
    assert done == [(True, f"Sent {pages} pages to the printer.")]
    assert list(printed.parent.iterdir()) == [printed]


def test_the_print_dialog_cancelled_leaves_the_dialog_ready(
        demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make_batch(demo_state, qtbot, None)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    dialog.printing._dialog_rejected()  # the print dialog's Cancel
    assert dialog.status.text() == "Nothing was printed."
    assert dialog.print_button.isEnabled() and dialog.list.isEnabled()


def test_locking_cancels_and_clears_the_list(demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert demo_state.vault is not None
    names = [c.name for c in coachees.list_coachees(demo_state.vault.db)]
    dialog = make_batch(demo_state, qtbot)
    assert dialog.list.count() > 0
    assert any(n in visible_texts(dialog) for n in names)
    demo_state.close()
    assert dialog.list.count() == 0 and not dialog.isVisible()
    shown = visible_texts(dialog)
    assert [n for n in names if n in shown] == []


def test_export_through_the_folder_dialog_with_a_password(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.documents.export_pdf_dialog import NOT_ENCRYPTED_MANY, ExportPdfDialog

    dialog = make_batch(demo_state, qtbot)
    ids = dialog.ticked()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    [export] = dialog.findChildren(ExportPdfDialog)
    assert export.folder_mode and export.encryption_note.label.text() == NOT_ENCRYPTED_MANY
    export.location.setText(str(tmp_path / "missing"))
    assert not export.export_button.isEnabled()
    assert "does not exist" in export.reason.text()
    export.location.setText(str(tmp_path))
    export.protect.setChecked(True)
    export.first.setText("Aïcha-summaries-9")
    export.second.setText("Aïcha-summaries-9")
    assert export.export_button.isEnabled()

    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)

    files = sorted(tmp_path.glob("summary-*.pdf"))
    assert len(files) == len(ids)
    for f in files:
        reader = pypdf.PdfReader(f)
        assert reader.is_encrypted and reader.decrypt("Aïcha-summaries-9")
    assert "opens only with the password" in dialog.status.text()
    assert "NOT encrypted" not in dialog.status.text()


def test_print_actions_are_disabled_while_a_print_is_under_way(
        demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    session_id, _ = seeded_session(demo_state)
    actions, chosen = make_actions(demo_state, qtbot)
    chosen.session = session_id
    waiting: list[Callable[[], None]] = []
    actions.printing.ask_printer = lambda printer, accept: waiting.append(accept)
    actions.print_summary_action.trigger()
    actions.last_message.defaultButton().click()  # type: ignore[union-attr]  # "Print…"
    assert not actions.print_summary_action.isEnabled()
    assert not actions.print_portfolio_action.isEnabled()
    actions.print_summary()  # a second Ctrl+P: no second dialog
    assert len(waiting) == 1
    batch = BatchSummariesDialog(demo_state, actions.printing, actions.parent_widget,
                                 today=DEMO_TODAY)
    qtbot.addWidget(batch)
    batch.show_days(*DAYS)
    assert not batch.print_button.isEnabled() and batch.export_button.isEnabled()
    actions.printing._dialog_rejected()
    assert actions.print_summary_action.isEnabled() and batch.print_button.isEnabled()
    assert batch.status.text() == "", "another window's print is not the batch's"


def test_closing_the_dialog_while_it_works_cancels_then_closes(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = make_batch(demo_state, qtbot)
    dialog.choose_export = lambda start, accept: accept(tmp_path, None)
    done: list[tuple[bool, str]] = []
    dialog.finished_work.connect(lambda ok, text: done.append((ok, text)))
    dialog._progress.step.connect(lambda _d, _t: dialog.close_button.click())

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert done and not done[0][0] and done[0][1].startswith("Cancelled")
    assert not list(tmp_path.glob("*.pdf"))


def test_a_lock_stops_a_running_export_at_once(demo_template: Path, qtbot,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    """With the real worker thread: the lock cancels the batch before waiting for it, so it
    neither runs to its end behind the lock nor writes anything."""
    import shutil

    from tests.conftest import PASSPHRASE
    from workbook import vault as vault_mod

    path = tmp_path / "demo.cwb"
    shutil.copyfile(demo_template, path)
    state = WorkbookState()  # a real worker thread
    state.adopt(vault_mod.open_vault(path, PASSPHRASE))
    actions, _ = make_actions(state, qtbot)
    dialog = BatchSummariesDialog(state, actions.printing, actions.parent_widget,
                                  today=DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.show_days(DEMO_TODAY - timedelta(days=400), DEMO_TODAY)
    qtbot.waitUntil(lambda: dialog.list.count() > 50, timeout=10000)
    out = tmp_path / "out"
    out.mkdir()
    dialog.choose_export = lambda start, accept: accept(out, None)
    steps: list[int] = []
    dialog._progress.step.connect(lambda done, _t: steps.append(done))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(steps), timeout=10000)

    listed = dialog.list.count()
    state.close()

    # Cancelled, not waited for: nothing written and far from its end (the time a lock
    # takes is not asserted here: a loaded machine is slow, not wrong).
    assert list(out.iterdir()) == [] and not dialog.isVisible()
    assert steps[-1] < listed
