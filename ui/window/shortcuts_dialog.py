"""F1: every keyboard shortcut of the window, as a two-column table (keys, what they do)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

HEADERS = ("Keys", "Action")


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(keys, action) for each action with a shortcut, in the order given, once each."""
    native = QKeySequence.SequenceFormat.NativeText
    rows: dict[tuple[str, str], None] = {}
    for action in actions:
        keys = ", ".join(k.toString(native) for k in action.shortcuts() if not k.isEmpty())
        name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if keys and name:
            rows[(keys, name.rstrip("…").rstrip("."))] = None
    return list(rows)


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(rows), len(HEADERS), self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for r, (keys, name) in enumerate(rows):
            for c, text in enumerate((keys, name)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # Wide enough for both columns without a sideways scroll bar, as tall as the screen
        # allows.
        fm = self.fontMetrics()
        keys = max((fm.horizontalAdvance(k) for k, _ in rows), default=0)
        names = max((fm.horizontalAdvance(n) for _, n in rows), default=0)
        width = keys + names + 6 * fm.averageCharWidth() + self.table.verticalScrollBar(
            ).sizeHint().width()
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth() \
            + sum(self.table.rowHeight(r) for r in range(len(rows)))
        self.resize(width + 40, min(height + 80, 40 * fm.height()))
        self.table.setFocus()
