"""Typing into widgets as a keyboard would, in any script."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """One key event per character, accents and every script included (qtbot.keyClicks
    aborts on non-ASCII text in PySide6); a newline is the Return key."""
    for ch in text:
        if ch == "\n":
            event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                              Qt.KeyboardModifier.NoModifier, "\r")
        else:
            event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                              Qt.KeyboardModifier.NoModifier, ch)
        QApplication.sendEvent(widget, event)
