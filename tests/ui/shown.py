"""What a widget tree shows a person, for tests that check no name survives a lock.

One scanner for every lock and leak test, so that none of them can claim "every name" while
looking at labels only. It reads the texts a person can see or hear: labels, buttons, fields
and their placeholders, combo items, tab and group titles, tooltips, status tips, accessible
names, window titles (of the tree and of every top-level window), menu actions, the status
bar, and every item view's model: its headers and each cell's display, tooltip and edit data
plus the custom roles a delegate paints from. Hidden widgets count too: a hidden label that
still holds a name is one show() away from showing it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

_ROLE = Qt.ItemDataRole
# Roles with text a view paints or reads aloud; DecorationRole and the like hold no words.
_TEXT_ROLES = (_ROLE.DisplayRole, _ROLE.EditRole, _ROLE.ToolTipRole, _ROLE.StatusTipRole,
               _ROLE.WhatsThisRole, _ROLE.AccessibleTextRole,
               _ROLE.AccessibleDescriptionRole)
# Delegates paint from custom roles (markers, due dates, owners): the first 33 are read.
_CUSTOM_ROLES = tuple(int(_ROLE.UserRole) + n for n in range(33))
_MAX_DEPTH = 16  # deeper than any tree the app shows; stops a model that nests itself


def visible_texts(root: QWidget) -> str:
    """Every text `root`'s tree shows or tells, one per line, for substring checks."""
    return "\n".join(t for t in _texts(root) if t)


def _texts(root: QWidget) -> list[str]:
    found: list[str] = [root.window().windowTitle()]
    found += [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]
    models: list[QAbstractItemModel] = []
    for w in [root, *root.findChildren(QWidget)]:
        found += [w.windowTitle(), w.toolTip(), w.statusTip(), w.whatsThis(),
                  w.accessibleName(), w.accessibleDescription()]
        for action in w.actions():
            found += [action.text(), action.toolTip(), action.statusTip()]
        found += _own_texts(w)
        model = w.model() if isinstance(w, QAbstractItemView) else None
        if model is not None and not any(model is m for m in models):
            models.append(model)
    for model in models:
        found += _model_texts(model)
    return found


def _own_texts(w: QWidget) -> list[str]:
    if isinstance(w, QLabel | QAbstractButton):
        return [w.text()]
    if isinstance(w, QLineEdit):
        return [w.text(), w.placeholderText()]
    if isinstance(w, QPlainTextEdit | QTextEdit):
        return [w.toPlainText(), w.placeholderText()]
    if isinstance(w, QComboBox):
        return [w.currentText(), w.placeholderText(),
                *(w.itemText(i) for i in range(w.count()))]
    if isinstance(w, QTabBar):
        return [t for i in range(w.count()) for t in (w.tabText(i), w.tabToolTip(i))]
    if isinstance(w, QGroupBox):
        return [w.title()]
    if isinstance(w, QMenu):
        return [w.title()]
    if isinstance(w, QStatusBar):
        return [w.currentMessage()]
    return []


def _model_texts(model: QAbstractItemModel) -> list[str]:
    found: list[str] = []
    flat = isinstance(model, QAbstractListModel | QAbstractTableModel)
    columns = _columns(model, QModelIndex())
    for orientation, count in ((Qt.Orientation.Horizontal, columns),
                               (Qt.Orientation.Vertical, model.rowCount(QModelIndex()))):
        for section in range(count):
            for role in (_ROLE.DisplayRole, _ROLE.ToolTipRole):
                found += _strings(model.headerData(section, orientation, role))
    roles = (*_TEXT_ROLES, *_CUSTOM_ROLES, *model.roleNames().keys())
    stack = [(QModelIndex(), 0)]
    while stack:
        parent, depth = stack.pop()
        for r in range(model.rowCount(parent)):
            for c in range(_columns(model, parent)):
                index = model.index(r, c, parent)
                for role in dict.fromkeys(int(x) for x in roles):
                    found += _strings(model.data(index, role))
                if c == 0 and not flat and depth < _MAX_DEPTH and model.hasChildren(index):
                    stack.append((index, depth + 1))
    return found


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # PySide6 keeps a list model's columnCount private: one column
        return 1


def _strings(value: object) -> list[str]:
    """The words in a role's value: a string, or strings inside lists, dicts and records."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _strings(list(value.values()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _strings([getattr(value, f.name) for f in dataclasses.fields(value)])
    if isinstance(value, Iterable) and not isinstance(value, bytes | bytearray):
        return [s for item in value for s in _strings(item)]
    return []
