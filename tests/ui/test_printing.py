"""Printing the PDFs the app makes: real pages painted on a real QPrinter (PDF output stands
in for the printer), on the main thread and on a thread of its own, with page ranges, cancel,
and nothing written to disk but what the printer receives."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QColor, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import DEMO_TODAY
from ui.documents.pdf_print import MemoryPdf, PrintFailed, opaque, print_pdfs
from ui.documents.print_jobs import JOB_NAME, PrintJobs
from ui.kit.ops import Runner, ThreadExecutor
from ui.kit.state import WorkbookState
from workbook import sessions
from workbook.documents.batch import Cancelled
from workbook.documents.portfolio import portfolio_pdf
from workbook.documents.summary import session_summary_pdf

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def pdf_printer(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def pages_of(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def _dark(path: Path, page: int) -> tuple[list[tuple[int, int]], int, int]:
    """The dark points of a printed page (read back through QtPdf at 1 px per point, every
    other row), and the page's width and height."""
    pdf = MemoryPdf(path.read_bytes())
    try:
        size = pdf.document.pagePointSize(page).toSize()
        image = opaque(pdf.document.render(page, size))
    finally:
        pdf.close()
    points = [(x, y) for y in range(0, image.height(), 2) for x in range(image.width())
              if QColor(image.pixel(x, y)).lightness() < 160]
    return points, image.width(), image.height()


def ink(path: Path, page: int = 0) -> float:
    """The share of a printed page that is not white."""
    points, width, height = _dark(path, page)
    return len(points) / ((height // 2 + 1) * width)


def margins(path: Path, page: int = 0) -> tuple[int, int]:
    """Blank points left and right of everything printed."""
    points, width, _ = _dark(path, page)
    xs = [x for x, _ in points]
    return min(xs), width - max(xs)


@pytest.fixture
def portfolio(demo_state: WorkbookState) -> bytes:
    """A multi-page document: the portfolio of the demo's first coachee."""
    assert demo_state.vault is not None
    data = portfolio_pdf(demo_state.vault.db, 1, today=DEMO_TODAY)
    assert MemoryPdf(data).pages >= 2
    return data


def test_every_page_is_printed_with_its_content(portfolio: bytes, tmp_path: Path) -> None:
    target = tmp_path / "printer.pdf"
    steps: list[tuple[int, int]] = []
    total = MemoryPdf(portfolio).pages

    sent = print_pdfs([portfolio], pdf_printer(target), progress=lambda d, t: steps.append((d, t)))

    assert sent == total == pages_of(target)
    assert steps == [(n, total) for n in range(1, total + 1)]
    assert all(ink(target, page) > 0.005 for page in range(total)), "a page came out blank"


def test_several_documents_make_one_job_and_a_page_range_is_honoured(
        portfolio: bytes, demo_state: WorkbookState, tmp_path: Path) -> None:
    assert demo_state.vault is not None
    summary = session_summary_pdf(demo_state.vault.db,
                                  sessions.list_sessions(demo_state.vault.db, limit=1)[0].id)
    both = MemoryPdf(portfolio).pages + MemoryPdf(summary).pages
    target = tmp_path / "all.pdf"
    assert print_pdfs([portfolio, summary], pdf_printer(target)) == both == pages_of(target)

    ranged = pdf_printer(tmp_path / "range.pdf")
    ranged.setFromTo(2, 2)
    assert print_pdfs([portfolio, summary], ranged) == 1 == pages_of(tmp_path / "range.pdf")


def test_a_letter_page_fits_on_a4_paper_without_cropping(portfolio: bytes,
                                                          tmp_path: Path) -> None:
    letter = pdf_printer(tmp_path / "letter.pdf")
    letter.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    print_pdfs([portfolio], letter)
    a4 = pdf_printer(tmp_path / "a4.pdf")
    a4.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    print_pdfs([portfolio], a4)
    assert round(float(pypdf.PdfReader(tmp_path / "a4.pdf").pages[0].mediabox.width)) == 595
    # scaled by 595/612 to the narrower paper (drawn at its own size, the right margin
    # would lose 17 points and the right edge of the header could be cut)
    (left, right), (a4_left, a4_right) = margins(tmp_path / "letter.pdf"), margins(
        tmp_path / "a4.pdf")
    scale = 595 / 612
    assert abs(a4_left - left * scale) <= 4 and abs(a4_right - right * scale) <= 4, (
        (left, right), (a4_left, a4_right))


def test_cancel_stops_before_the_next_page(portfolio: bytes, tmp_path: Path) -> None:
    steps: list[int] = []
    with pytest.raises(Cancelled, match="Printing cancelled"):
        print_pdfs([portfolio], pdf_printer(tmp_path / "c.pdf"),
                   progress=lambda done, _t: steps.append(done), cancelled=lambda: bool(steps))
    assert steps == [1]


def test_unreadable_bytes_and_an_empty_range_say_so() -> None:
    with pytest.raises(PrintFailed, match="could not be read back"):
        MemoryPdf(b"%PDF-1.4 not really")
    printer = QPrinter()
    printer.setFromTo(7, 9)
    with pytest.raises(PrintFailed, match="nothing to print"):
        print_pdfs([_one_page_pdf()], printer)  # pages 7–9 of a one-page document


def _one_page_pdf() -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Fictional page")
    canvas.save()
    return buffer.getvalue()


# -- the print job: dialog, thread, progress, lock ------------------------------------------
def make_jobs(state: WorkbookState, qtbot, target: Path | None  # type: ignore[no-untyped-def]
              ) -> tuple[PrintJobs, list[tuple[bool, str]]]:
    parent = QWidget()
    qtbot.addWidget(parent)
    jobs = PrintJobs(state, parent)
    done: list[tuple[bool, str]] = []
    jobs.finished.connect(lambda ok, text: done.append((ok, text)))

    def ask(printer: QPrinter, accept: Callable[[], None]) -> None:
        if target is None:
            jobs._dialog_rejected()  # as the real dialog's Cancel does
            return
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        accept()

    jobs.ask_printer = ask
    return jobs, done


def _files_under(*folders: Path) -> set[Path]:
    """Every file in the app's folders and the working folder, and what lies directly in
    the temporary folder (where a temporary file would go; not other tests' own folders)."""
    found = {p for folder in folders if folder.exists() for p in folder.rglob("*")}
    return found | set(Path(tempfile.gettempdir()).iterdir())


def test_a_print_job_on_its_own_thread_leaves_only_the_printed_pages(
        demo_state: WorkbookState, portfolio: bytes, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "printer" / "job.pdf"
    target.parent.mkdir()
    jobs, done = make_jobs(demo_state, qtbot, target)
    jobs.runner = Runner(ThreadExecutor(), jobs)  # a real thread, as in the app
    watched = [Path(os.environ["COACH_WORKBOOK_DATA_DIR"]),
               Path(os.environ["COACH_WORKBOOK_CONFIG_DIR"]), Path.cwd()]
    before = _files_under(*watched)

    with qtbot.waitSignal(jobs.finished, timeout=20000):
        jobs.print_documents([portfolio])

    pages = MemoryPdf(portfolio).pages
    assert done == [(True, f"Sent {pages} pages to the printer.")]
    assert pages_of(target) == pages and not jobs.running
    assert jobs.last_printer is not None and jobs.last_printer.docName() == JOB_NAME
    new = _files_under(*watched) - before
    assert not {p for p in new if p.suffix.lower() == ".pdf" and p != target}, new
    jobs.runner.executor.wait()


def test_the_print_dialog_proposes_the_documents_paper(
        demo_state: WorkbookState, portfolio: bytes, qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs, done = make_jobs(demo_state, qtbot, None)
    jobs.print_documents([portfolio])
    assert done == [(False, "")]
    assert jobs.last_printer is not None
    size = jobs.last_printer.pageLayout().pageSize()
    assert size.id() in (QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4)


def test_locked_while_the_print_dialog_is_open_prints_nothing(
        demo_state: WorkbookState, portfolio: bytes, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    jobs, done = make_jobs(demo_state, qtbot, tmp_path / "late.pdf")
    waiting: list[Callable[[], None]] = []
    jobs.ask_printer = lambda printer, accept: waiting.append(accept)
    jobs.print_documents([portfolio])
    demo_state.close()
    waiting[0]()  # the dialog's OK after the lock
    assert done == [(False, "")] and not (tmp_path / "late.pdf").exists()
    assert not jobs.busy


def test_cancel_from_the_progress_stops_the_job(
        demo_state: WorkbookState, portfolio: bytes, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    jobs, done = make_jobs(demo_state, qtbot, tmp_path / "stopped.pdf")
    jobs.progressed.connect(lambda _done, _total: jobs.cancel())
    jobs.print_documents([portfolio])
    assert done and done[0][0] is False and "Printing cancelled" in done[0][1]
    assert not jobs.running


def test_the_system_print_dialog_opens_and_cancel_prints_nothing(
        demo_state: WorkbookState, portfolio: bytes, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr("ui.documents.print_jobs.printers_available", lambda: True)

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    jobs = PrintJobs(demo_state, parent)  # the real chooser: Qt's print dialog
    done: list[tuple[bool, str]] = []
    jobs.finished.connect(lambda ok, text: done.append((ok, text)))
    jobs.print_documents([portfolio])
    [dialog] = parent.findChildren(QPrintDialog)
    assert dialog.isVisible() and dialog.printer() is jobs.last_printer
    dialog.reject()
    assert done == [(False, "")] and not jobs.running


def test_pages_one_and_three_print_only_those(portfolio: bytes, tmp_path: Path) -> None:
    from PySide6.QtGui import QPageRanges

    printer = pdf_printer(tmp_path / "1-3.pdf")
    ranges = QPageRanges()
    ranges.addPage(1)
    ranges.addPage(3)
    printer.setPageRanges(ranges)
    assert print_pdfs([portfolio], printer) == 2 == pages_of(tmp_path / "1-3.pdf")


def test_a_second_print_while_one_is_asked_for_is_refused(
        demo_state: WorkbookState, portfolio: bytes, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.documents.print_jobs import ALREADY

    jobs, _ = make_jobs(demo_state, qtbot, tmp_path / "once.pdf")
    waiting: list[Callable[[], None]] = []

    def hold(printer: QPrinter, accept: Callable[[], None]) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "once.pdf"))
        waiting.append(accept)

    jobs.ask_printer = hold
    first: list[tuple[bool, str]] = []
    second: list[tuple[bool, str]] = []
    busy: list[bool] = []
    jobs.busy_changed.connect(busy.append)

    jobs.print_documents([portfolio], done=lambda ok, text: first.append((ok, text)))
    jobs.print_documents([portfolio], done=lambda ok, text: second.append((ok, text)))

    assert len(waiting) == 1 and second == [(False, ALREADY)] and jobs.busy
    waiting[0]()
    waiting[0]()  # a second OK of the same dialog prints nothing more
    assert first == [(True, f"Sent {MemoryPdf(portfolio).pages} pages to the printer.")]
    assert busy == [True, False] and not jobs.busy


def test_print_to_file_is_not_offered(demo_state: WorkbookState, portfolio: bytes,  # type: ignore[no-untyped-def]
                                      qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    monkeypatch.setattr("ui.documents.print_jobs.printers_available", lambda: True)

    parent = QWidget()
    qtbot.addWidget(parent)
    jobs = PrintJobs(demo_state, parent)
    jobs.print_documents([portfolio])
    [dialog] = parent.findChildren(QPrintDialog)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile)
    dialog.reject()
