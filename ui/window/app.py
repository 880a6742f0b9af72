"""Application entry: one QApplication, the main window, errors routed to dialogs."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


def run_app(path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Coach Workbook")
    app.setOrganizationName("Coach Workbook")
    from ui.kit.errors_dialog import install_excepthook
    from ui.window.main_window import MainWindow

    window = MainWindow()
    install_excepthook(lambda: window)
    window.show()
    if path is not None:
        window.ask_unlock(path)
    return int(app.exec())
