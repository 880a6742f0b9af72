"""No two keyboard shortcuts can be active at once with the same keys (Qt then calls the key
"ambiguous" and neither works), and no shortcut takes a standard editing key away from the
text being typed. Checked on the real window with the demo workbook, every screen and
lazily made dialog opened."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.conftest import PASSPHRASE
from tests.ui.test_main_window import unlock
from ui.window.main_window import MainWindow
from ui.window.panes import GOALS, SESSIONS
from workbook import coachees, goals, sessions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

Context = Qt.ShortcutContext
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
# The keys text fields need for themselves: a shortcut reachable from a text field must not
# take one of them.
EDITING = [getattr(QKeySequence.StandardKey, name) for name in (
    "Copy", "Cut", "Paste", "Undo", "Redo", "SelectAll", "Deselect", "Delete",
    "MoveToNextWord", "MoveToPreviousWord", "SelectNextWord", "SelectPreviousWord",
    "MoveToStartOfLine", "MoveToEndOfLine", "MoveToStartOfDocument", "MoveToEndOfDocument",
    "SelectStartOfLine", "SelectEndOfLine", "SelectStartOfDocument", "SelectEndOfDocument",
    "DeleteStartOfWord", "DeleteEndOfWord", "DeleteEndOfLine", "InsertLineSeparator",
    "InsertParagraphSeparator", "MoveToNextPage", "MoveToPreviousPage")]


def _window(widget: QWidget) -> QWidget:
    """A menu fires its actions' shortcuts for the window whose menu bar holds it."""
    while isinstance(widget, QMenu | QMenuBar) and widget.parentWidget() is not None:
        widget = widget.parentWidget()
    return widget.window()


@dataclass(frozen=True)
class Binding:
    """One key sequence of one action or shortcut, and the widgets it is attached to."""

    keys: str
    name: str
    context: Context
    hosts: tuple[QWidget, ...]
    owner: int  # one action in a menu and a toolbar is still one shortcut

    @property
    def windows(self) -> set[QWidget]:
        return {_window(w) for w in self.hosts}

    def reaches(self, focus: QWidget) -> bool:
        """Whether the keys fire for this binding while `focus` has the keyboard."""
        if self.context in (Context.WindowShortcut, Context.ApplicationShortcut):
            return focus.window() in self.windows
        if self.context == Context.WidgetShortcut:
            return focus in self.hosts
        return any(w is focus or w.isAncestorOf(focus) for w in self.hosts)


def _bindings(item: QObject) -> list[Binding]:
    if isinstance(item, QShortcut):
        keys, context, name = item.keys(), item.context(), item.whatsThis() or "shortcut"
        parent = item.parent()
        hosts = (parent,) if isinstance(parent, QWidget) and item.isEnabled() else ()
    else:
        assert isinstance(item, QAction)
        keys, context, name = item.shortcuts(), item.shortcutContext(), item.text()
        hosts = tuple(dict.fromkeys(w for w in item.associatedObjects()
                                    if isinstance(w, QWidget)))
    portable = QKeySequence.SequenceFormat.PortableText
    return [Binding(key.toString(portable), name.replace("&", ""), context, hosts, id(item))
            for key in keys if not key.isEmpty() and hosts]


def every_binding() -> list[Binding]:
    items: set[QObject] = set()
    for window in QApplication.topLevelWidgets():
        items |= set(window.findChildren(QAction)) | set(window.findChildren(QShortcut))
        for widget in [window, *window.findChildren(QWidget)]:
            items |= set(widget.actions())
    return [binding for item in items for binding in _bindings(item)]


def _focusable(binding: Binding) -> list[QWidget]:
    return [w for window in binding.windows for w in (window, *window.findChildren(QWidget))]


def clash(a: Binding, b: Binding) -> bool:
    """Whether some focus widget lets both fire (Qt's "Ambiguous shortcut")."""
    if a.keys != b.keys or a.owner == b.owner:
        return False
    return any(a.reaches(w) and b.reaches(w) for w in _focusable(a))


def _text_inputs_reached(binding: Binding) -> list[QWidget]:
    return [w for w in _focusable(binding) if isinstance(w, TEXT_INPUTS) and binding.reaches(w)]


@pytest.fixture
def everything_open(window: MainWindow, qtbot, demo_template: Path,  # type: ignore[no-untyped-def]
                    tmp_path: Path) -> MainWindow:
    """The window on the demo workbook with a coachee, a session, a goal, the preview, the
    summaries of several sessions, search, trash, settings and note versions open."""
    path = tmp_path / "demo.cwb"
    shutil.copyfile(demo_template, path)
    unlock(window, qtbot, path, PASSPHRASE)
    db = window.state.vault.db  # type: ignore[union-attr]
    cid = next(c.id for c in coachees.list_coachees(db)
               if sessions.list_sessions(db, c.id) and goals.list_goals(db, c.id))
    window.coachee_list.select_coachee(cid)
    window.show_tab(GOALS)
    window.goals.select_goal(goals.list_goals(db, cid)[0].id)
    window.show_tab(SESSIONS)
    window.sessions.open_session(sessions.list_sessions(db, cid)[0].id)
    qtbot.waitUntil(lambda: window.sessions.editor.session_id is not None)
    docs = window.document_actions
    docs.preview_summary()
    qtbot.waitUntil(lambda: docs.last_preview is not None)
    docs.last_preview.reject()  # type: ignore[union-attr]
    docs.open_batch()
    for opener in (window.open_search, window.open_trash, window.open_settings,
                   window.open_versions):
        opener()
    docs.preview_summary()  # its zoom and print keys are checked in their own window
    qtbot.waitUntil(lambda: docs.last_preview is not None)
    return window


def test_no_two_shortcuts_share_keys_where_both_could_fire(everything_open: MainWindow
                                                            ) -> None:
    found = every_binding()
    assert any(everything_open in b.windows for b in found)
    clashes = [(a.keys, a.name, b.name) for a, b in itertools.combinations(found, 2)
               if clash(a, b)]
    assert clashes == []


def test_back_up_and_the_summaries_of_several_sessions_have_keys_of_their_own(
        everything_open: MainWindow) -> None:
    backup = everything_open.file_actions.backup_action.shortcut()
    batch = everything_open.document_actions.batch_action.shortcut()
    assert not backup.isEmpty() and not batch.isEmpty() and backup != batch


def test_no_shortcut_takes_a_standard_editing_key_from_a_text_field(
        everything_open: MainWindow) -> None:
    editing = {key.toString(QKeySequence.SequenceFormat.PortableText)
               for standard in EDITING for key in QKeySequence.keyBindings(standard)}
    shadowing = [(b.keys, b.name) for b in every_binding()
                 if b.keys in editing and _text_inputs_reached(b)]
    assert shadowing == []
