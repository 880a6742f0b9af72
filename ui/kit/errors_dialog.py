"""Two kinds of error (qutebrowser's split): known ones show their sentence; bugs get details.

A bug dialog shows what went wrong in the program with a Copy button for reporting. The
details hold the traceback's code locations only: exception messages can quote database
values, so they are left out to keep coachee data out of bug reports.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from shiboken6 import isValid


def bug_details(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join([f"{type(exc).__module__}.{type(exc).__qualname__}", *lines,
                      f"Python {sys.version.split()[0]}"])


def show_bug(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Coach Workbook — unexpected problem")
    box.setText("Something went wrong inside Coach Workbook. Your saved notes are safe; the "
                "last action may not have completed.")
    box.setInformativeText("If it happens again, copy the details below into a report.")
    box.setDetailedText(bug_details(exc))
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(bug_details(exc)))
    box.open()
    return box


def show_known(parent: QWidget | None, title: str, sentence: str) -> QMessageBox:
    back = parent.window().focusWidget() if parent is not None else None
    box = QMessageBox(QMessageBox.Icon.Warning, title, sentence,
                      QMessageBox.StandardButton.Ok, parent)
    box.finished.connect(lambda _result: _give_back(back))
    box.open()
    return box


def _give_back(widget: QWidget | None) -> None:
    """Closing a box gives the keyboard back to where it was (the lock screen's passphrase
    field, say), also where no window manager reactivates the window."""
    if widget is not None and isValid(widget) and widget.isVisible():
        widget.window().activateWindow()
        widget.setFocus()


def install_excepthook(parent_getter: callable) -> None:  # type: ignore[valid-type]
    """Route uncaught exceptions in Qt callbacks to the bug dialog instead of stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        show_bug(parent_getter(), exc)

    sys.excepthook = hook
