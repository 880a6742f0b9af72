"""Time printing the app's PDFs: pages rendered by QtPdf and painted on a QPrinter.

Ours is `ui.documents.pdf_print.print_pdfs`, what Print… runs on its thread, into a printer whose
output is a PDF file in the working folder (a real printer's driver is not ours to time).
The floor is the least any PDF printing must do: render the same pages with QtPdf at the
same 300 dpi into images, painted nowhere. Run by bench/documents.py after its own table.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import Row, abab


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication, not a QGuiApplication: whoever comes next in this process (the test
    # suite's widgets) needs one, and Qt allows one application object per process.
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["bench"])


def measure(documents: dict[str, bytes], workdir: Path, repeat: int) -> list[Row]:
    """One row per named document: print it, against rendering its pages."""
    _app()
    from PySide6.QtCore import QSize
    from PySide6.QtPrintSupport import QPrinter

    from ui.documents.pdf_print import PRINT_DPI, MemoryPdf, print_pdfs

    def printing(data: bytes, name: str) -> Callable[[], Any]:
        def run() -> int:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(workdir / f"printed-{name}.pdf"))
            return print_pdfs([data], printer)
        return run

    def rendering(data: bytes) -> Callable[[], Any]:
        def run() -> int:
            pdf = MemoryPdf(data)
            try:
                for page in range(pdf.pages):
                    points = pdf.document.pagePointSize(page)
                    pdf.document.render(page, QSize(round(points.width() * PRINT_DPI / 72),
                                                    round(points.height() * PRINT_DPI / 72)))
                return pdf.pages
            finally:
                pdf.close()
        return run

    rows = []
    for index, (name, data) in enumerate(documents.items()):
        row = Row(f"print {name}")
        abab(row, [(printing(data, str(index)), rendering(data))] * repeat)
        rows.append(row)
    return rows


def markdown(rows: list[Row], pages: dict[str, int]) -> list[str]:
    lines = ["", "## Printing (Print… without the dialog; the printer writes a PDF file)", "",
             "Floor: the same pages rendered by QtPdf at 300 dpi into images, painted "
             "nowhere. Median of n.", "",
             "| document | n | ours (ms) | floor (ms) | ratio (ours/floor, p50) | pages |",
             "|---|---:|---:|---:|---:|---:|"]
    for row in rows:
        name = row.operation.removeprefix("print ")
        lines.append(f"| {row.operation} | {len(row.ours_ms)} | {row.p(row.ours_ms, 0.5):.1f} |"
                     f" {row.p(row.floor_ms, 0.5):.1f} | {row.ratio:.2f}× | {pages[name]} |")
    return lines
