"""The one window: start page, the workspace (coachee list + portfolio), the lock screen.

This module only composes screens and routes between them; each screen lives in its own
module and talks to the workbook through `WorkbookState`. The coachee list and the tabs are
laid out in `ui.window.panes`, the menu bar and the window's actions in `ui.window.menus`.

The start page comes first and alone: the workspace (`ui.window.workspace`) and every dialog
are imported and built only after it has painted, or as soon as something needs them
(`ensure_workspace`), so a launch waits only for what the start page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QStackedWidget

from ui.kit import collector, recent
from ui.kit.errors_dialog import show_bug, show_known
from ui.kit.idle_lock import IdleLock
from ui.kit.ops import Executor
from ui.kit.state import WorkbookState
from ui.start.start_window import StartWindow, is_demo
from ui.start.unlock_dialog import LockScreen, UnlockDialog
from ui.window import window_fit
from ui.window.menus import build_actions, build_menus
from ui.window.panes import SESSIONS, TODAY
from workbook.changes import Changes
from workbook.seed import DEFAULT_SETTINGS

if TYPE_CHECKING:
    from workbook.settings import Settings

# Once the start page has painted, the workspace is built this much later: the launch's other
# first paints (an unlock dialog's) are over, and the coach has not yet typed or clicked.
WORKSPACE_DELAY_MS = 250
# Built by `ensure_workspace`; reading one of them first builds it.
WORKSPACE = frozenset({"workspace", "panes", "coachee_list", "tabs", "today", "overview",
                       "values", "goals", "sessions", "file_actions", "auto_backup",
                       "network_notice", "restorer", "document_actions"})


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
        self.lock_screen = LockScreen(self.state)
        for page in (self.start, self.lock_screen):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)

        self.has_workspace = self._building = False
        self._lost: list[str] = []  # said once locked or closed (`state.lost_on_close`)
        build_actions(self)
        self.workbook_actions = build_menus(self)
        self._wire()
        self.idle = IdleLock(DEFAULT_SETTINGS["idle_lock_minutes"],
                             busy=lambda: self.state.runner.pending > 0, parent=self)
        self.idle.lock_now.connect(self.lock)
        self._show_start()
        self.fit_to_screen()
        self.start.installEventFilter(self)  # its first paint starts building the rest

    def __getattr__(self, name: str) -> Any:
        """A part of the workspace asked for before it was built: build it now."""
        if name in WORKSPACE and not self._building:
            self.ensure_workspace()
            return self.__dict__[name]
        raise AttributeError(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.start and event.type() == QEvent.Type.Paint:
            self.start.removeEventFilter(self)
            QTimer.singleShot(WORKSPACE_DELAY_MS, self.ensure_workspace)
        return False

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """First start (no size remembered): fill the free part of the screen up to the size
        the window was designed for, frame included, centred."""
        if available is None:
            available = self.screen().availableGeometry()
        self.setGeometry(window_fit.first_geometry(available, window_fit.frame_margins(self)))

    # -- construction ------------------------------------------------------------------
    def ensure_workspace(self) -> None:
        """Build what the window shows once a workbook is open (at the latest when one is
        opening: `state.opening`), and fill the menus with its commands."""
        if self.has_workspace or self._building:
            return
        self._building = True
        from ui.window.workspace import build_workspace

        build_workspace(self)
        self.has_workspace, self._building = True, False
        self.workbook_actions = build_menus(self)
        self._wire_workspace()
        if not self.state.is_open:
            for action in self.workbook_actions:
                action.setEnabled(False)

    def _wire(self) -> None:
        s = self.state
        s.opening.connect(self.ensure_workspace)
        s.error.connect(lambda sentence: show_known(self, "Coach Workbook", sentence))
        s.lost_on_close.connect(self._lost.append)
        s.runner.failed.connect(lambda exc: show_bug(self, exc))
        s.runner.busy_changed.connect(self._on_busy)
        self.start.workbook_chosen.connect(self.ask_unlock)
        self.start.vault_ready.connect(self.state.adopt)
        self.lock_screen.close_requested.connect(self.close_workbook)

    def _wire_workspace(self) -> None:
        s = self.state
        # after the screens' own slots, as when they were built first
        s.opened.connect(self._on_opened)
        s.closed.connect(self._on_closed)
        s.changed.connect(self._on_changed)
        self.document_actions.finished.connect(self._document_done)
        docs = self.document_actions
        self.sessions.editor.header.add_buttons(
            [("Preview", docs.preview_summary_action), ("Print…", docs.print_summary_action),
             ("Export PDF…", docs.export_summary_action)])
        self.overview.add_buttons(
            [("Preview portfolio", docs.preview_portfolio_action),
             ("Print…", docs.print_portfolio_action),
             ("Export PDF…", docs.export_portfolio_action)])
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
        from workbook import queries

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
        self._read_settings()
        place = self.place
        if place.coachee_id is not None:
            self.coachee_list.select_coachee(place.coachee_id)
            self.set_coachee(place.coachee_id)
        self.tabs.setCurrentIndex(place.tab)
        if place.session_id is not None:
            self.sessions.open_session(place.session_id)

    def _read_settings(self) -> None:
        from workbook.settings import get_settings

        self.state.call(get_settings, success=self._apply_settings)

    def _apply_settings(self, current: Settings) -> None:
        self.idle.set_minutes(current.idle_lock_minutes)
        self.idle.start()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("settings"):
            self._read_settings()

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
        from ui.start.new_workbook_dialog import NewWorkbookDialog

        dialog = NewWorkbookDialog(self.state, self)
        dialog.created.connect(self._adopt_new)
        dialog.open()

    def _adopt_new(self, vault: object) -> None:
        if self.state.is_open:
            self.place = Place()
            self.state.close()
        self.state.adopt(vault)  # type: ignore[arg-type]

    def session_for_export(self) -> int | None:
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
        self.remember_place()
        path = self.state.path
        lost = self._shut()
        self.lock_screen.set_path(path)
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.focus_passphrase()
        self._say_lost(lost)

    def close_workbook(self) -> None:
        self.place = Place()
        lost = self._shut()
        self._show_start()
        self._say_lost(lost)

    def _shut(self) -> list[str]:
        """Save what can be saved, close the workbook, every dialog and the clipboard; return
        what could not be saved, to be said only now that nothing shows a record."""
        self._commit_open_editors()
        was_open = self.state.is_open
        self.state.close()  # dialogs with typed input save it on `closing`, then close
        self._close_dialogs()
        if was_open:
            QApplication.clipboard().clear()
        lost, self._lost = self._lost, []
        return [*dict.fromkeys(lost)]

    def _say_lost(self, lost: list[str], *, wait: bool = False) -> None:
        if lost:
            box = show_known(self, "Coach Workbook", "\n\n".join(lost))
            if wait:  # the window is about to close: the coach reads it first
                box.exec()

    def _close_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._say_lost(self._shut(), wait=True)
        super().closeEvent(event)

    # -- dialogs -----------------------------------------------------------------------
    def _modeless(self, dialog: QDialog) -> QDialog:
        if hasattr(dialog, "open_record"):
            dialog.open_record.connect(self.open_record)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _open_on_workbook(self, module: str, name: str) -> None:
        """A dialog over the open workbook, its module loaded when first asked for."""
        if self.state.is_open:
            self._modeless(getattr(import_module(module), name)(self.state, self))

    def open_search(self) -> None:
        self._open_on_workbook("ui.window.search_dialog", "SearchDialog")

    def open_settings(self) -> None:
        self._open_on_workbook("ui.settings.settings_dialog", "SettingsDialog")

    def open_trash(self) -> None:
        self._open_on_workbook("ui.window.trash_dialog", "TrashDialog")

    def open_versions(self) -> None:
        from ui.window.versions_dialog import VersionsDialog

        if not self.state.is_open:
            return
        section_id = self.sessions.editor.current_section_id()
        if section_id is not None:
            self._modeless(VersionsDialog(self.state, section_id, self))

    def change_passphrase(self) -> None:
        from ui.start.change_passphrase_dialog import ChangePassphraseDialog

        if self.state.is_open:
            dialog = ChangePassphraseDialog(self.state, self)
            dialog.passphrase_changed.connect(self.auto_backup.passphrase_changed)
            self._modeless(dialog)

    def show_shortcuts(self) -> None:
        from ui.window.shortcuts_dialog import ShortcutsDialog, shortcut_rows

        self.ensure_workspace()  # its commands are listed before a workbook is open too
        menus = [a.menu() for a in self.menuBar().actions() if a.menu() is not None]
        seen = [a for menu in menus for a in menu.actions()] + self.actions()
        self._modeless(ShortcutsDialog(shortcut_rows(seen), self))

    def show_about(self) -> None:
        from ui.window.about_dialog import AboutDialog  # loaded when asked for

        self.about_dialog = AboutDialog(self.state, self)
        self.about_dialog.open()

    def open_program_report(self) -> None:
        from ui.program.coach_report_dialog import ProgramReportDialog

        if self.state.is_open:
            self.program_report = self._modeless(ProgramReportDialog(self.state, self))

    def open_program_summary(self) -> None:
        """The director's merge: no workbook needed, so it opens from the start page too."""
        from ui.program.summary_window import open_program_summary

        self.program_summary = open_program_summary(self, runner=self.state.runner)
