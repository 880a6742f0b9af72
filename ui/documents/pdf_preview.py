"""The document as the learner will get it, shown in the window (QtPdf) from memory.

The preview is window-modal: it is a snapshot of the notes when it was opened, so the coach
prints or exports exactly what was looked at, or closes it and goes on typing. Closing (or
locking) drops the document from memory. Under the pages it says which sections a summary
prints and which it leaves out, and warns of a section made shared since the session began.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.documents.document_contents import ContentsNote
from ui.documents.pdf_print import MemoryPdf
from workbook.privacy import DocumentContents

ZOOM_STEP = 1.25
NO_NOTES = "What the learner receives: no session notes, shared or private."


class PdfPreview(QDialog):
    print_requested = Signal(bytes)
    export_requested = Signal()

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None, *,
                 contents: DocumentContents | None = None) -> None:
        """`contents`: the sections of the session a summary is made of (None: no notes)."""
        super().__init__(parent)
        self.setWindowTitle(f"Preview — {title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.data = data
        self.pdf = MemoryPdf(data)
        self.view = QPdfView(self)
        self.view.setAccessibleName(f"{title}, preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.pdf.document)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)

        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page")
        tools = QHBoxLayout()
        tools.addWidget(self.page_label)
        tools.addStretch(1)
        self.zoom_actions: list[QAction] = []
        for text, keys, slot in (("Zoom out", QKeySequence.StandardKey.ZoomOut, self.zoom_out),
                                 ("Zoom in", QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                                 ("Fit width", "Ctrl+0", self.fit_width)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({native})")
            self.addAction(action)
            self.zoom_actions.append(action)
            button = QToolButton()
            button.setDefaultAction(action)
            tools.addWidget(button)

        self.contents_note = note = ContentsNote(self)
        if contents is None:
            note.show_plain(NO_NOTES)
        else:
            note.show_contents(contents)
        self.print_button = QPushButton("&Print…")
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_button.setToolTip("Print this document (Ctrl+P); no file is written")
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.data))
        self.export_button = QPushButton("&Export PDF…")
        self.export_button.setToolTip("Save this document as a PDF file")
        self.export_button.clicked.connect(self.export_requested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.finished.connect(self._drop)
        self._show_page(0)
        # A page and a half tall where the screen allows; never taller than the screen
        # (1280×720 laptops, 150 % scaling).
        room = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(860, int(room.width() * 0.9)), min(900, int(room.height() * 0.9)))

    @property
    def pages(self) -> int:
        return self.pdf.pages

    def _show_page(self, page: int) -> None:
        total = self.pages
        self.page_label.setText(f"Page {page + 1} of {total}" if total else "")

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            # what "fit width" shows now, as a factor, so the first step is from there
            size = self.pdf.document.pagePointSize(0)
            if size.width() > 0:
                viewport = self.view.viewport().width() - 2 * self.view.documentMargins().left()
                current = viewport / (size.width() * self.logicalDpiX() / 72.0)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, current * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _drop(self) -> None:
        # Closing the document empties the view too (setDocument(None) makes Qt warn).
        self.pdf.close()
        self.data = b""
