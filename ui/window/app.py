"""Application entry: one QApplication, the main window, errors routed to dialogs."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

# The name of the `.desktop` file shipped in the Linux zip: Wayland compositors and docks
# find the taskbar icon through it.
DESKTOP_FILE = "coach-workbook"


def app_icon() -> QIcon:
    """The application's icon at every size it ships in (resources/icons/); without them
    (a half-copied folder) the system's default, since an icon is no reason to keep a coach
    from her notes."""
    from workbook import bundled
    from workbook.errors import IncompleteInstall

    icon = QIcon()
    try:
        pngs = sorted(bundled.folder("icons").glob("coach-workbook-*.png"))
    except IncompleteInstall:
        return icon
    for png in pngs:
        size = int(png.stem.rsplit("-", 1)[1])
        icon.addFile(str(png), QSize(size, size))
    return icon


def make_application(argv: list[str]) -> QApplication:
    """The one QApplication, named and with its icon (every window and the taskbar show it)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Coach Workbook")
    app.setOrganizationName("Coach Workbook")
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    return app


def run_app(path: Path | None = None) -> int:
    app = make_application(sys.argv)
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
