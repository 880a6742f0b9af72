"""What a widget tree shows a person, for tests that check no name survives a lock."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def visible_texts(root: QWidget) -> str:
    """Every text a widget tree shows: labels, fields, editors and item views' data."""
    parts: list[str] = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QLineEdit):
            parts.append(w.text())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            parts.append(w.toPlainText())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            stack = [QModelIndex()]
            while stack:
                parent = stack.pop()
                try:
                    columns = model.columnCount(parent)
                except TypeError:  # list models keep columnCount private in PySide6
                    columns = 1
                for r in range(model.rowCount(parent)):
                    for c in range(columns):
                        idx = model.index(r, c, parent)
                        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                            value = idx.data(role)
                            if isinstance(value, str):
                                parts.append(value)
                        if c == 0 and model.rowCount(idx) > 0:
                            stack.append(idx)
    return "\n".join(parts)
