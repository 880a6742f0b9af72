"""Application entry: one QApplication, the main window, errors routed to dialogs."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox


def run_app(path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Coach Workbook")
    app.setOrganizationName("Coach Workbook")
    from ui.kit.errors_dialog import install_excepthook
    from ui.window.main_window import MainWindow

    window = MainWindow()
    install_excepthook(lambda: window)
    window.show()
    QTimer.singleShot(0, lambda: clean_leftovers(window))  # once the window is painted
    if path is not None:
        window.ask_unlock(path)
    return int(app.exec())


def clean_leftovers(window: QMainWindow) -> QMessageBox | None:
    """Remove the temporary files a killed run left behind (`workbook.leftovers`): a
    plaintext export is said in a message, an encrypted copy in the status line."""
    from workbook import leftovers

    found = [f for f in leftovers.clean() if f.sentence()]
    quiet = [f.sentence() for f in found if f.kind != leftovers.PLAINTEXT]
    loud = [f.sentence() for f in found if f.kind == leftovers.PLAINTEXT]
    if quiet:
        window.statusBar().showMessage(" ".join(quiet), 15000)
    if not loud:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, "Left by an interrupted run",
                      "\n\n".join(loud), QMessageBox.StandardButton.Ok, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
