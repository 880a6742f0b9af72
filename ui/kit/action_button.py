"""A push button standing for a window action: short text of its own, the action's tooltip
(with its shortcut), enabled when the action is, and a click triggers it."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton


def action_button(text: str, action: QAction) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setAccessibleName(action.text().replace("&", "").rstrip("…"))

    def follow() -> None:
        button.setEnabled(action.isEnabled())
        button.setToolTip(action.toolTip())

    action.changed.connect(follow)
    follow()
    button.clicked.connect(action.trigger)
    return button
