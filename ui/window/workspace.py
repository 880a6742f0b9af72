"""The workspace: what the window shows once a workbook is open (the panes, the welcome for an
empty workbook) and the commands that act on an open workbook (file, document and restore
actions, the daily backup).

Apart from the main window because it is built later than the window: after the start page
has painted, or when something first needs it (`MainWindow.ensure_workspace`). None of these
modules is imported before then, so a launch waits only for the start page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.documents.document_actions import DocumentActions
from ui.window.auto_backup import AutoBackup
from ui.window.file_actions import FileActions
from ui.window.network_notice import NetworkNotice
from ui.window.panes import Panes
from ui.window.restore_dialog import Restorer
from ui.window.welcome import WelcomeOrWork

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow


def build_workspace(window: MainWindow) -> None:
    """The workspace's screens and commands, as attributes of `window` (`window.coachee_list`,
    `window.file_actions` …), its page added after the start page."""
    w, state = window, window.state
    w.panes = panes = Panes(state)
    w.coachee_list, w.tabs = panes.coachee_list, panes.tabs
    w.today, w.overview, w.values = panes.today, panes.overview, panes.values
    w.goals, w.sessions = panes.goals, panes.sessions
    w.workspace = WelcomeOrWork(panes, w.coachee_list.model)
    w.pages.insertWidget(1, w.workspace)
    w.file_actions = FileActions(state, w)
    w.auto_backup = AutoBackup(state, w.statusBar(), w)
    w.network_notice = NetworkNotice(state, w.statusBar(), w)
    w.restorer = Restorer(state, w, w.close_workbook, w.ask_unlock)
    w.document_actions = DocumentActions(state, w, w.session_for_export,
                                         w.coachee_list.current_coachee)
    w.coachee_list.setVisible(w.coachee_list_action.isChecked())
    steps = w.workspace.first_steps
    steps.add_step("&Add a coachee…", w.coachee_list.add_action)
    steps.add_step("&Import a roster…", w.file_actions.import_roster_action)
