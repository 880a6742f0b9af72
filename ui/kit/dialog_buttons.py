"""The two buttons that end a dialog: the default one that does its work, and Cancel.

Every dialog words Cancel's tooltip for what is kept (and names Esc), and both buttons carry
an accessible name without the mnemonic's ampersand, so a screen reader says the word.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton


def default_button(text: str, slot: Callable[[], object]) -> QPushButton:
    """The dialog's default button (Enter presses it), e.g. "&Export"."""
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", ""))
    button.setDefault(True)
    button.clicked.connect(slot)
    return button


def cancel_button(tip: str, slot: Callable[[], object]) -> QPushButton:
    """Cancel, with a tooltip that says what is kept, e.g. "Keep the current passphrase"."""
    button = QPushButton("Cancel")
    button.setAccessibleName("Cancel")
    button.setToolTip(f"{tip} (Esc)")
    button.clicked.connect(slot)
    return button
