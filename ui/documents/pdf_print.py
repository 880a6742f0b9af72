"""PDF bytes held in memory for QtPdf, and printing them page by page.

Nothing here writes a file: the document is read from a QBuffer, each page is rendered to
an image in memory and painted on the printer. `print_pdfs` touches no widget, so it runs
on a worker thread (Qt allows painting on a QPrinter outside the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from workbook.documents.batch import Cancelled
from workbook.errors import WorkbookError

# Sharp enough for text on paper; 600 dpi would quadruple memory (≈130 MB a page) and time.
PRINT_DPI = 300
POINTS_PER_INCH = 72.0


NOT_ACCEPTED = ("The printer did not accept the job; check that it is switched on and "
                "connected, then try again.")


class PrintFailed(WorkbookError):
    """The printer could not take the job."""


class MemoryPdf:
    """A QPdfDocument reading from bytes in memory; `close()` drops both."""

    def __init__(self, data: bytes) -> None:
        self.buffer = QBuffer()
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            self.close()
            raise PrintFailed("The document could not be read back for printing.")

    @property
    def pages(self) -> int:
        return self.document.pageCount()

    def close(self) -> None:
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray())


def _chosen(printer: QPrinter, total: int) -> list[int]:
    """The 0-based pages to print: those picked in the print dialog ("1,3", "2-4"), else
    all of them."""
    ranges = printer.pageRanges()
    if ranges.isEmpty():
        return list(range(total))
    return [page for page in range(total) if ranges.contains(page + 1)]


def opaque(image: QImage) -> QImage:
    """The page on white: QtPdf renders a transparent background, which some printer
    drivers (and any RGB conversion) turn black."""
    page = QImage(image.size(), QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, image)
    painter.end()
    return page


def _paint_page(painter: QPainter, printer: QPrinter, document: QPdfDocument,
                page: int) -> None:
    points = document.pagePointSize(page)
    paper = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
    if points.width() <= 0 or points.height() <= 0 or paper.isEmpty():
        return
    dpi = min(PRINT_DPI, printer.resolution())
    image = opaque(document.render(page, QSize(round(points.width() * dpi / POINTS_PER_INCH),
                                               round(points.height() * dpi / POINTS_PER_INCH))))
    # Letter on A4 paper (or the reverse): scale to fit, centred, never cropped.
    scale = min(paper.width() / points.width(), paper.height() / points.height())
    width, height = points.width() * scale, points.height() * scale
    target = QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)
    painter.drawImage(target, image)


def print_pdfs(documents: Sequence[bytes | MemoryPdf], printer: QPrinter, *,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> int:
    """Print every page of every document, in order, as one job; returns the pages sent.

    Documents given as `MemoryPdf` stay open (their owner closes them): a print thread is
    handed documents loaded on the GUI thread, so every QObject is made and deleted there
    (QtPdf's own renderer calls `render` from a worker thread the same way).
    Raises `Cancelled` (the job is aborted, nothing more reaches the printer) or
    `PrintFailed`."""
    loaded: list[MemoryPdf] = []  # the ones opened here, closed here
    pdfs: list[MemoryPdf] = []
    try:
        for item in documents:
            if isinstance(item, MemoryPdf):
                pdfs.append(item)
            else:
                loaded.append(MemoryPdf(item))
                pdfs.append(loaded[-1])
        plan = [(pdf, page) for pdf in pdfs for page in range(pdf.pages)]
        plan = [plan[i] for i in _chosen(printer, len(plan))]
        if not plan:
            raise PrintFailed("There is nothing to print in the pages chosen.")
        printer.setFullPage(True)  # our PDFs carry their own margins
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed("The printer could not start the job; check that it is "
                              "switched on and connected, then try again.")
        try:
            for done, (pdf, page) in enumerate(plan):
                if cancelled is not None and cancelled():
                    raise Cancelled("Printing cancelled; the pages already sent may still "
                                    "come out of the printer.")
                if done and not printer.newPage():
                    raise PrintFailed(NOT_ACCEPTED)
                _paint_page(painter, printer, pdf.document, page)
                if progress is not None:
                    progress(done + 1, len(plan))
        except BaseException:
            printer.abort()  # nothing more reaches the printer
            painter.end()
            raise
        if not painter.end():  # the job is handed to the print system here
            raise PrintFailed(NOT_ACCEPTED)
        return len(plan)
    finally:
        for pdf in loaded:
            pdf.close()
