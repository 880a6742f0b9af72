"""While a workbook on a network drive is open, the status bar says that a copy on this
computer's own disk is safer (`workbook.network_drive`); it goes when the workbook closes."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar

from ui.kit.messages import StatusLabel
from ui.kit.state import WorkbookState
from workbook import network_drive

SHORT = "On a network drive: a local copy is safer"


class NetworkNotice(QObject):
    def __init__(self, state: WorkbookState, status_bar: QStatusBar,
                 parent: QObject | None = None,
                 lookup: network_drive.Lookup | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.lookup = lookup  # tests name the drive's kind; the app asks the system
        self.label = StatusLabel()
        self.label.setAccessibleName("Network drive")
        self.label.hide()
        status_bar.addPermanentWidget(self.label)
        state.opened.connect(self._opened)
        state.closed.connect(self._closed)

    def _opened(self) -> None:
        text = network_drive.warning(self.state.path, self.lookup) if self.state.path else None
        if text is None:
            self._closed()
            return
        # One line in the status bar (the whole sentence wrapped there took a small
        # screen's status bar to seven lines); the sentence is its tooltip and description.
        self.label.show_message(SHORT, "error")
        self.label.setToolTip(text)
        self.label.setAccessibleDescription(text)
        self.label.show()

    def _closed(self) -> None:
        self.label.hide()
        self.label.setText("")
        self.label.setToolTip("")
        self.label.setAccessibleDescription("")
