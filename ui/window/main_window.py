"""The one window: start page, the workspace (coachee list + portfolio), the lock screen.

This module only composes screens and routes between them; each screen lives in its own
module and talks to the workbook through `WorkbookState`. The coachee list and the tabs are
laid out in `ui.window.panes`, the menu bar and the window's actions in `ui.window.menus`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QStackedWidget

from ui.documents.document_actions import DocumentActions
from ui.kit import collector, recent
from ui.kit.errors_dialog import show_bug, show_known
from ui.kit.idle_lock import IdleLock
from ui.kit.ops import Executor
from ui.kit.state import WorkbookState
from ui.settings.settings_dialog import SettingsDialog
from ui.start.change_passphrase_dialog import ChangePassphraseDialog
from ui.start.new_workbook_dialog import NewWorkbookDialog
from ui.start.start_window import StartWindow, is_demo
from ui.start.unlock_dialog import LockScreen, UnlockDialog
from ui.window import window_fit
from ui.window.auto_backup import AutoBackup
from ui.window.file_actions import FileActions
from ui.window.menus import build_actions, build_menus
from ui.window.panes import SESSIONS, TODAY, Panes
from ui.window.restore_dialog import Restorer
from ui.window.search_dialog import SearchDialog
from ui.window.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from ui.window.trash_dialog import TrashDialog
from ui.window.versions_dialog import VersionsDialog
from ui.window.welcome import WelcomeOrWork
from workbook import queries
from workbook import settings as settings_mod
from workbook.changes import Changes
from workbook.seed import DEFAULT_SETTINGS


@dataclass
class Place:
    """Where the coach was, so unlocking returns there."""

    coachee_id: int | None = None
    tab: int = TODAY
    session_id: int | None = None


class MainWindow(QMainWindow):
    def __init__(self, executor: Executor | None = None) -> None:
        super().__init__()
        collector.install(QApplication.instance())  # before any worker thread runs
        self.setWindowTitle("Coach Workbook")
        self.state = WorkbookState(executor, self)
        self.place = Place()
        self._coachee_id: int | None = None
        self._dialogs: list[QDialog] = []

        self.pages = QStackedWidget()
        self.start = StartWindow(self.state)
        self.workspace = self._build_workspace()
        self.lock_screen = LockScreen(self.state)
        for page in (self.start, self.workspace, self.lock_screen):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)

        self.file_actions = FileActions(self.state, self)
        self.auto_backup = AutoBackup(self.state, self.statusBar(), self)
        self.restorer = Restorer(self.state, self, self.close_workbook, self.ask_unlock)
        self.document_actions = DocumentActions(
            self.state, self, self._session_for_export, self.coachee_list.current_coachee)
        build_actions(self)
        self.workbook_actions = build_menus(self)
        self._wire()
        steps = self.workspace.first_steps
        steps.add_step("&Add a coachee…", self.coachee_list.add_action)
        steps.add_step("&Import a roster…", self.file_actions.import_roster_action)
        self.idle = IdleLock(DEFAULT_SETTINGS["idle_lock_minutes"],
                             busy=lambda: self.state.runner.pending > 0, parent=self)
        self.idle.lock_now.connect(self.lock)
        self._show_start()
        self.fit_to_screen()

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """First start (no size remembered): fill the free part of the screen up to the size
        the window was designed for, frame included, centred."""
        if available is None:
            available = self.screen().availableGeometry()
        self.setGeometry(window_fit.first_geometry(available, window_fit.frame_margins(self)))

    # -- construction ------------------------------------------------------------------
    def _build_workspace(self) -> WelcomeOrWork:
        self.panes = panes = Panes(self.state)
        self.coachee_list, self.tabs = panes.coachee_list, panes.tabs
        self.today, self.overview, self.values = panes.today, panes.overview, panes.values
        self.goals, self.sessions = panes.goals, panes.sessions
        return WelcomeOrWork(panes, self.coachee_list.model)

    def _wire(self) -> None:
        s = self.state
        s.opened.connect(self._on_opened)
        s.closed.connect(self._on_closed)
        s.changed.connect(self._on_changed)
        s.error.connect(lambda sentence: show_known(self, "Coach Workbook", sentence))
        s.runner.failed.connect(lambda exc: show_bug(self, exc))
        s.runner.busy_changed.connect(self._on_busy)
        self.document_actions.finished.connect(self._document_done)
        docs = self.document_actions
        self.sessions.editor.header.add_buttons(
            [("Preview", docs.preview_summary_action), ("Print…", docs.print_summary_action),
             ("Export PDF…", docs.export_summary_action)])
        self.overview.add_buttons(
            [("Preview portfolio", docs.preview_portfolio_action),
             ("Print…", docs.print_portfolio_action),
             ("Export PDF…", docs.export_portfolio_action)])
        self.start.workbook_chosen.connect(self.ask_unlock)
        self.start.vault_ready.connect(self.state.adopt)
        self.lock_screen.close_requested.connect(self.close_workbook)
        self.coachee_list.coachee_selected.connect(self.set_coachee)
        self.coachee_list.wants_showing.connect(lambda: self.set_coachee_list_shown(True))
        # Ctrl+N from any tab: the coach goes on to write in the session it started or opened.
        self.sessions.editor.session_chosen.connect(lambda _id: self.show_tab(SESSIONS))
        for screen in (self.today, self.overview, self.values, self.goals, self.sessions,
                       self.coachee_list):
            if hasattr(screen, "open_record"):
                screen.open_record.connect(self.open_record)

    # -- navigation --------------------------------------------------------------------
    def set_coachee(self, coachee_id: int | None) -> None:
        self._coachee_id = coachee_id
        self.panes.set_coachee(coachee_id)

    def set_coachee_list_shown(self, shown: bool) -> None:
        """Hide the coachee list to write with the whole width, or bring it back."""
        if self.coachee_list_action.isChecked() != shown:
            self.coachee_list_action.setChecked(shown)
        self.panes.show_list(shown)

    def show_tab(self, index: int) -> None:
        if self.state.is_open:
            self.tabs.setCurrentIndex(index)

    def open_record(self, kind: str, record_id: int) -> None:
        """Open a record chosen in search, Today or a list (kind, id)."""
        self.state.call(queries.coachee_of, kind, record_id,
                        success=lambda cid: self._open_record(kind, record_id, cid))

    def _open_record(self, kind: str, record_id: int, coachee_id: int | None) -> None:
        if coachee_id is None:
            return
        if self.coachee_list.current_coachee() != coachee_id:
            # another learner (perhaps behind the filter): the list shows the change; a record
            # of the same one leaves a folded-away list folded
            self.set_coachee_list_shown(True)
        self.coachee_list.select_coachee(coachee_id)
        self.set_coachee(coachee_id)
        self.panes.show_record(kind, record_id)

    # -- state changes -----------------------------------------------------------------
    def _on_opened(self) -> None:
        assert self.state.path is not None
        if not is_demo(self.state.path):
            recent.remember(self.state.path)
        self.setWindowTitle(f"Coach Workbook — {self.state.path.name}")
        for action in self.workbook_actions:
            action.setEnabled(True)
        self.pages.setCurrentWidget(self.workspace)
        self.state.call(settings_mod.get_settings, success=self._apply_settings)
        place = self.place
        if place.coachee_id is not None:
            self.coachee_list.select_coachee(place.coachee_id)
            self.set_coachee(place.coachee_id)
        self.tabs.setCurrentIndex(place.tab)
        if place.session_id is not None:
            self.sessions.open_session(place.session_id)

    def _apply_settings(self, current: settings_mod.Settings) -> None:
        self.idle.set_minutes(current.idle_lock_minutes)
        self.idle.start()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("settings"):
            self.state.call(settings_mod.get_settings, success=self._apply_settings)

    def _on_closed(self) -> None:
        self.idle.stop()
        self.set_coachee(None)
        self.setWindowTitle("Coach Workbook")
        for action in self.workbook_actions:
            action.setEnabled(False)

    def _document_done(self, what: str, ok: bool, sentence: str) -> None:
        if what in ("print", "batch") and ok:
            self.statusBar().showMessage(sentence.split("\n")[0], 8000)

    def _on_busy(self, busy: bool, label: str) -> None:
        self.busy_label.setText(label if busy else "")
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    # -- workbook lifecycle ------------------------------------------------------------
    def _show_start(self) -> None:
        self.pages.setCurrentWidget(self.start)
        for action in self.workbook_actions:
            action.setEnabled(False)
        self.start.refresh()

    def ask_unlock(self, path: Path) -> None:
        if self.state.is_open:  # one workbook per window: the open one is saved and closed
            self.close_workbook()
        self.place = Place()
        dialog = UnlockDialog(self.state, path, self)
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _r: self._dialogs.remove(dialog))
        dialog.open()

    def new_workbook(self) -> None:
        dialog = NewWorkbookDialog(self.state, self)
        dialog.created.connect(self._adopt_new)
        dialog.open()

    def _adopt_new(self, vault: object) -> None:
        if self.state.is_open:
            self.place = Place()
            self.state.close()
        self.state.adopt(vault)  # type: ignore[arg-type]

    def _session_for_export(self) -> int | None:
        # The summary must hold the last words typed: their saves are queued on the worker
        # before the export that follows.
        self.sessions.editor.autosaver.flush()
        return self.sessions.current_session_id()

    def remember_place(self) -> None:
        self.place = Place(self._coachee_id, self.tabs.currentIndex(),
                           self.sessions.current_session_id())

    def _commit_open_editors(self) -> None:
        # A table cell being typed in commits when it loses focus; clearing focus here makes
        # its text part of the last saves instead of being dropped with the models.
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()

    def lock(self) -> None:
        """Save pending edits, close the connection, clear every screen and dialog."""
        if not self.state.is_open:
            return
        self._commit_open_editors()
        self.remember_place()
        path = self.state.path
        self.state.close()  # dialogs with typed input save it on `closing`, then close
        self._close_dialogs()
        QApplication.clipboard().clear()
        self.lock_screen.set_path(path)
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.focus_passphrase()

    def close_workbook(self) -> None:
        self._commit_open_editors()
        self.place = Place()
        self.state.close()
        self._close_dialogs()
        QApplication.clipboard().clear()
        self._show_start()

    def _close_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._commit_open_editors()
        if self.state.is_open:
            QApplication.clipboard().clear()
        self.state.close()
        self._close_dialogs()
        super().closeEvent(event)

    # -- dialogs -----------------------------------------------------------------------
    def _modeless(self, dialog: QDialog) -> QDialog:
        if hasattr(dialog, "open_record"):
            dialog.open_record.connect(self.open_record)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_search(self) -> None:
        if self.state.is_open:
            self._modeless(SearchDialog(self.state, self))

    def open_settings(self) -> None:
        if self.state.is_open:
            self._modeless(SettingsDialog(self.state, self))

    def open_trash(self) -> None:
        if self.state.is_open:
            self._modeless(TrashDialog(self.state, self))

    def open_versions(self) -> None:
        section_id = self.sessions.editor.current_section_id()
        if self.state.is_open and section_id is not None:
            self._modeless(VersionsDialog(self.state, section_id, self))

    def change_passphrase(self) -> None:
        if self.state.is_open:
            dialog = ChangePassphraseDialog(self.state, self)
            dialog.passphrase_changed.connect(self.auto_backup.passphrase_changed)
            self._modeless(dialog)

    def show_shortcuts(self) -> None:
        menus = [a.menu() for a in self.menuBar().actions() if a.menu() is not None]
        seen = [a for menu in menus for a in menu.actions()] + self.actions()
        self._modeless(ShortcutsDialog(shortcut_rows(seen), self))

    def show_about(self) -> None:
        show_known(self, "About Coach Workbook",
                   "Coach Workbook keeps your coaching notes in one encrypted file on this "
                   "computer. It never uses the network. A forgotten passphrase cannot be "
                   "recovered: keep backups.")
