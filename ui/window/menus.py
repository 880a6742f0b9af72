"""The window's menu bar and its own actions (File, Edit, Coachee, Session, View, Help).

Apart from the main window because the menus are a table, not behaviour: which command sits
in which menu, under which shortcut, and which commands need an open workbook. Each action
calls a method of the window (or of the screen that owns it); the window keeps the actions
as its attributes (`window.lock_action` …), as a form built by Qt Designer does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.kit import recent
from ui.window.panes import COACHEE_LIST_SHOWN, TAB_NAMES

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow


def fill(menu: QMenu, items: Iterable[QAction | None]) -> None:
    """Add `items` to `menu`, a separator for each None (never two in a row, none first)."""
    for item in items:
        if item is not None:
            menu.addAction(item)
        elif menu.actions() and not menu.actions()[-1].isSeparator():
            menu.addSeparator()


def build_actions(window: MainWindow) -> None:
    """The window's own actions, each with its shortcut, as attributes of `window`."""

    def a(text: str, shortcut: str | None, slot: Callable[..., object],
          tip: str = "") -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        window.addAction(action)
        return action

    w = window
    w.new_workbook_action = a("&New workbook…", "Ctrl+Shift+N", w.new_workbook)
    w.open_action = a("&Open workbook…", "Ctrl+O", w.start.choose_file)
    w.lock_action = a("&Lock", "Ctrl+L", w.lock, "Lock now; every name is hidden")
    w.close_action = a("&Close workbook", "Ctrl+W", w.close_workbook)
    w.quit_action = a("&Quit", "Ctrl+Q", w.close)
    w.passphrase_action = a("Change &passphrase…", None, w.change_passphrase)
    w.search_action = a("&Find…", "Ctrl+F", w.open_search,
                        "Search names, goals, reflections, notes and action items")
    w.settings_action = a("&Settings…", "Ctrl+,", w.open_settings)
    w.trash_action = a("&Trash…", "Ctrl+Shift+T", w.open_trash)
    w.versions_action = a("Note &versions…", "Ctrl+Shift+H", w.open_versions)
    w.tab_actions = [a(f"Show {name}", f"Ctrl+{i + 1}", lambda _=False, i=i: w.show_tab(i))
                     for i, name in enumerate(TAB_NAMES)]
    w.shortcuts_action = a("&Keyboard shortcuts", "F1", w.show_shortcuts)
    # Writing mode: the notes take the coachee list's room too; remembered between starts.
    w.coachee_list_action = a("&Coachee list", "F9", w.set_coachee_list_shown,
                              "Show or hide the coachee list (F9)")
    w.coachee_list_action.setCheckable(True)
    w.coachee_list_action.setChecked(recent.layout_flag(COACHEE_LIST_SHOWN, True))
    w.about_action = a("&About Coach Workbook", None, w.show_about)
    w.program_report_action = a("Pro&gram report…", None, w.open_program_report,
                                "A de-identified report of a period for the program office")
    w.program_summary_action = a("Program s&ummary from reports…", None,
                                 w.open_program_summary,
                                 "Merge coaches' program reports into one summary")


def build_menus(window: MainWindow) -> list[QAction]:
    """Fill the menu bar; return the actions that need an open workbook.

    On the start page the window has no workspace yet (`MainWindow.ensure_workspace`): the
    menus hold the window's own commands, and are filled again, whole, once it has one.
    """
    w, bar = window, window.menuBar()
    for old in bar.actions():
        old.menu().deleteLater()
    bar.clear()

    def ws(items: Callable[[], Iterable[QAction | None]]) -> Iterable[QAction | None]:
        return items() if w.has_workspace else ()

    fill(bar.addMenu("&File"), (
        w.new_workbook_action, w.open_action, None,
        *ws(lambda: (w.file_actions.import_roster_action, w.file_actions.import_json_action,
                     w.file_actions.export_json_action, w.document_actions.batch_action, None,
                     w.file_actions.backup_action, w.restorer.action,
                     w.file_actions.verify_action)),
        w.passphrase_action, None, w.program_report_action, w.program_summary_action, None,
        w.lock_action, w.close_action, w.quit_action))
    fill(bar.addMenu("&Edit"), (w.search_action, w.trash_action, w.versions_action, None,
                                w.settings_action))
    fill(bar.addMenu("&Coachee"), ws(lambda: (
        w.coachee_list.add_action, w.coachee_list.edit_action, w.coachee_list.archive_action,
        w.coachee_list.trash_action, None, w.sessions.editor.new_session_action,
        w.goals.new_goal_action, None, w.document_actions.preview_portfolio_action,
        w.document_actions.print_portfolio_action, w.document_actions.export_portfolio_action)))
    fill(bar.addMenu("&Session"), ws(lambda: (
        w.sessions.editor.insert_prompt_action, w.versions_action, None,
        *w.sessions.editor.sharing.actions(), None, w.document_actions.preview_summary_action,
        w.document_actions.print_summary_action, w.document_actions.export_summary_action)))
    fill(bar.addMenu("&View"), (
        *w.tab_actions, *ws(lambda: (w.coachee_list.focus_filter_action,)),
        w.coachee_list_action, *ws(lambda: (w.sessions.toggle_list_action,))))
    fill(bar.addMenu("&Help"), (w.shortcuts_action, w.about_action))
    for menu in bar.actions():
        menu.setEnabled(not menu.menu().isEmpty())
    return [
        w.lock_action, w.close_action, w.passphrase_action, w.program_report_action,
        w.search_action,
        w.settings_action, w.trash_action, w.versions_action, *w.tab_actions,
        *ws(lambda: (
            w.file_actions.import_roster_action, w.file_actions.import_json_action,
            w.file_actions.export_json_action, w.file_actions.backup_action, w.restorer.action,
            w.file_actions.verify_action, w.coachee_list.add_action, w.coachee_list.edit_action,
            w.coachee_list.archive_action, w.coachee_list.trash_action,
            w.sessions.editor.new_session_action, w.sessions.editor.insert_prompt_action,
            w.goals.new_goal_action, w.coachee_list.focus_filter_action,
            w.sessions.toggle_list_action, *w.document_actions.all_actions)),
    ]
