"""What a coach sees before any workbook is open: recent workbooks, Open, New, the demo.

Two ways out, two signals, handled by the main window:
- `workbook_chosen(path)`: an existing file was picked (recent list, Open…); show an
  `UnlockDialog(state, path)` for it.
- `vault_ready(vault)`: an already-open `Vault` — a new workbook (the New dialog ran here)
  or the demo (created the first time, then opened with its public passphrase without
  asking); hand it to `state.adopt(vault)`.
The window shows paths only, never anything read from a workbook.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.kit import recent
from ui.kit.messages import ErrorLabel, alive
from ui.kit.palette import dim
from ui.kit.state import WorkbookState
from ui.start.new_workbook_dialog import NewWorkbookDialog, documents_folder
from ui.start.recent_list import RecentDelegate, RecentModel
from ui.start.unlock_dialog import WORKBOOK_FILTER, heading_font
from workbook import dates, user_folders
from workbook import vault as vault_mod
from workbook.demo import DEMO_PASSPHRASE, create_demo_workbook
from workbook.errors import CannotOpen
from workbook.user_folders import make_private_folder
from workbook.vault import known_error

DEMO_FILE = "demo.cwb"
SECURITY_NOTE = ("Everything stays on this computer (the app never uses "
                 "the network), and the workbook is encrypted with your passphrase. Nobody "
                 "can recover a forgotten passphrase, so write it down somewhere safe and "
                 "make backups.")
DEMO_NOTE = ("Try the demo workbook: it contains only fictional learners and opens without "
             f"asking. Its passphrase is public — “{DEMO_PASSPHRASE}” — so never write "
             "real notes in it.")


def demo_path() -> Path:
    return user_folders.data_dir() / DEMO_FILE


def is_demo(path: Path | None) -> bool:
    """Whether `path` is the demo workbook (which need not go in the recent list)."""
    return path is not None and os.path.normcase(os.path.abspath(path)) == \
        os.path.normcase(os.path.abspath(demo_path()))


def _open_demo(path: Path) -> vault_mod.Vault:
    """Runs on the worker: the key derivation and the demo's rows stay off the UI thread."""
    if path.exists():
        return vault_mod.open_vault(path, DEMO_PASSPHRASE)
    make_private_folder(path.parent)
    return create_demo_workbook(path)


class StartWindow(QWidget):
    """The page shown before any workbook is open: `StartWindow(state)`.

    QActions: `open_action` (Ctrl+O), `new_action` (Ctrl+Shift+N), `demo_action`, and
    `remove_action` (Delete or Backspace in the list: drops the entry, never the file;
    the key is handled by the list, the action's shortcut is only shown). The first three
    are bound to their keys only with `shortcuts=True` (a start window on its own); inside
    the main window its menu actions own those keys and call `choose_file()`,
    `new_workbook()` and `try_demo()` — two actions on one key would be ambiguous."""

    workbook_chosen = Signal(Path)  # an existing file was picked: ask its passphrase
    vault_ready = Signal(object)  # an open Vault (new workbook or the demo): adopt it

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 shortcuts: bool = False) -> None:
        super().__init__(parent)
        self._state = state
        self.busy = False
        self.new_dialog: NewWorkbookDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle("Coach Workbook")

        self.open_action = self._action("&Open…", QKeySequence.StandardKey.Open,
                                        "Open a workbook file", self.choose_file)
        self.new_action = self._action("&New workbook…", QKeySequence("Ctrl+Shift+N"),
                                       "Create a new encrypted workbook", self.new_workbook)
        self.demo_action = self._action("Try the &demo workbook", None,
                                        "Open a workbook of fictional learners",
                                        self.try_demo)
        if shortcuts:  # off inside the main window, whose menu owns Ctrl+O / Ctrl+Shift+N
            for action in (self.open_action, self.new_action, self.demo_action):
                self.addAction(action)
        self.remove_action = self._action("&Remove from list", QKeySequence.StandardKey.Delete,
                                          "Remove the selected workbook from this list "
                                          "(the file is not touched)", self.remove_selected)

        title = QLabel("Coach Workbook")
        title.setFont(heading_font(self, 2.0))
        subtitle = QLabel("Your coaching notes — private, offline, encrypted.")
        subtitle.setWordWrap(True)
        dim(subtitle)

        self.model = RecentModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(RecentDelegate(self.list))
        self.list.setAccessibleName("Recent workbooks")
        self.list.setToolTip("Double-click or press Enter to open")
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        row = RecentDelegate().sizeHint(QStyleOptionViewItem(), QModelIndex()).height()
        self.list.setMaximumHeight(row * recent.MAX_RECENT + 2 * self.list.frameWidth() + 4)
        self.list.activated.connect(self._activated)
        self.list.installEventFilter(self)
        self.empty = QLabel("No workbooks opened yet. Create a new one, open an existing "
                            "file, or try the demo.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setFrameShape(QFrame.Shape.StyledPanel)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        recent_label = QLabel("Recent &workbooks")
        recent_label.setBuddy(self.list)
        recent_label.setFont(heading_font(self, 1.05))

        self.open_button = self._button(self.open_action, "Open… (Ctrl+O)")
        self.new_button = self._button(self.new_action, "New workbook… (Ctrl+Shift+N)")
        self.remove_button = self._button(self.remove_action, "Remove the selected entry "
                                          "from the list (Delete); the file is not touched")
        self.demo_button = self._button(self.demo_action, "Open a workbook of fictional "
                                        "learners; it is created the first time")
        self.rebuild_button = QPushButton("Re&build the demo")
        self.rebuild_button.setAccessibleName("Rebuild the demo")
        self.rebuild_button.setToolTip("Put the unreadable demo file aside and make a new one")
        self.rebuild_button.clicked.connect(self.rebuild_demo)
        self.rebuild_button.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        self.error = ErrorLabel(self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        demo_box = QFrame()
        demo_box.setFrameShape(QFrame.Shape.StyledPanel)
        demo_layout = QVBoxLayout(demo_box)
        demo_layout.setContentsMargins(14, 12, 14, 12)
        demo_row = QHBoxLayout()
        demo_words = QVBoxLayout()
        demo_title = QLabel("Just looking?")
        demo_title.setFont(heading_font(self, 1.05))
        demo_text = QLabel(DEMO_NOTE)
        demo_text.setWordWrap(True)
        demo_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        demo_words.addWidget(demo_title)
        demo_words.addWidget(demo_text)
        demo_row.addLayout(demo_words, 1)
        demo_row.addSpacing(12)
        demo_row.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignVCenter)
        demo_layout.addLayout(demo_row)
        self.demo_text = demo_text

        security = QLabel(f"<b>About security.</b> {html.escape(SECURITY_NOTE)}")
        security.setTextFormat(Qt.TextFormat.RichText)
        security.setWordWrap(True)
        security.setAccessibleName("About security")
        dim(security)
        self.security = security

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(10)
        column.addWidget(recent_label)
        column.addWidget(self.stack)
        column.addLayout(buttons)
        column.addSpacing(6)
        column.addWidget(demo_box)
        column.addWidget(self.status)
        column.addWidget(self.error)
        column.addWidget(self.rebuild_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(6)
        column.addWidget(security)
        column.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(780)
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(holder, 6)
        outer.addStretch(1)

        self.setTabOrder(self.list, self.open_button)
        self.setTabOrder(self.open_button, self.new_button)
        self.setTabOrder(self.new_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.rebuild_button)
        self.list.selectionModel().currentChanged.connect(self._update_buttons)
        self.refresh()

    # -- construction helpers ---------------------------------------------------------
    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None,
                tip: str, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _button(self, action: QAction, tip: str) -> QPushButton:
        button = QPushButton(action.text())
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        button.setToolTip(tip)
        button.clicked.connect(action.trigger)
        return button

    # -- the recent list --------------------------------------------------------------
    def refresh(self, select: Path | None = None) -> None:
        """Reload the recent list from the settings file (also done each time it shows);
        the current entry is `select` when listed, else the most recent."""
        entries = recent.recent()
        self.model.load(entries)
        self.stack.setCurrentWidget(self.list if entries else self.empty)
        rows = [i for i, e in enumerate(entries) if select is not None and e.path == select]
        if entries:
            self.list.setCurrentIndex(self.model.index(rows[0] if rows else 0, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.list.currentIndex().isValid() and self.model.rowCount() > 0
        self.remove_action.setEnabled(has and not self.busy)
        self.remove_button.setEnabled(has and not self.busy)
        for widget in (self.open_button, self.new_button, self.demo_button):
            widget.setEnabled(not self.busy)
        for action in (self.open_action, self.new_action, self.demo_action):
            action.setEnabled(not self.busy)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        (self.list if self.model.rowCount() else self.open_button).setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Keys of the list itself. Enter opens on every platform (macOS list views do not
        # "activate" on Return); Delete is handled here rather than as a shortcut, so it
        # acts on the list only and never competes with a main-window shortcut.
        # getattr: Qt may still call a filter while Python tears the object down
        if watched is getattr(self, "list", None) and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activated(self.list.currentIndex())
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self.busy:
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_path(Path(self.model.entry(index.row()).path))

    def remove_selected(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        row = index.row()
        recent.forget(self.model.entry(row).path)
        self.refresh()
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self.error.clear_error()

    # -- opening ----------------------------------------------------------------------
    def open_path(self, path: Path) -> None:
        """Ask for the passphrase of `path` (an existing workbook) and open it."""
        if self.busy:
            return
        self.error.clear_error()
        self.rebuild_button.hide()
        if not path.exists():
            self.error.show_error(
                f"«{path}» is not there any more: it may have been moved or renamed, or be "
                "on a drive that is not connected. Open it from its new place, or remove it "
                "from the list.")
            self.refresh(select=path)  # so Delete / "Remove from list" removes this one
            return
        self.workbook_chosen.emit(path)

    def choose_file(self) -> None:
        """A file dialog (window-modal, no nested loop); the chosen file is `open_path`ed."""
        if self.busy:
            return
        folder = recent.last_folder() or documents_folder()
        dialog = QFileDialog(self, "Open a workbook", str(folder), WORKBOOK_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda chosen: chosen and self.open_path(Path(chosen)))
        self.file_dialog = dialog
        dialog.open()

    def new_workbook(self) -> None:
        if self.busy:
            return
        self.error.clear_error()
        dialog = NewWorkbookDialog(self._state, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self.vault_ready)
        self.new_dialog = dialog
        dialog.open()

    # -- the demo ---------------------------------------------------------------------
    def try_demo(self) -> None:
        """Open the demo workbook without asking, creating it the first time."""
        if self.busy:
            return
        self.error.clear_error()
        self.rebuild_button.hide()
        path = demo_path()
        self._set_busy(True, "Opening the demo workbook…" if path.exists()
                       else "Preparing the demo workbook…")
        self._state.runner.submit(lambda: _open_demo(path), success=self._demo_ready,
                                  failure=self._demo_failed, label="Opening the demo…")

    def _demo_ready(self, vault: vault_mod.Vault) -> None:
        if not alive(self):
            vault.close()
            return
        self._set_busy(False)
        self.vault_ready.emit(vault)

    def _demo_failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        known = known_error(exc, demo_path())
        if known is None:
            self._state.runner.failed.emit(exc)
            return
        self.error.show_error(known.sentence)
        # An unreadable demo holds nothing of value (its passphrase is public): offer a new one.
        self.rebuild_button.setVisible(isinstance(known, CannotOpen))

    def rebuild_demo(self) -> None:
        """Put the unreadable demo file aside (never delete it) and make a fresh one."""
        path = demo_path()
        if path.exists():
            stamp = dates.file_stamp()
            try:
                path.rename(path.with_name(f"demo-unreadable-{stamp}.cwb"))
            except OSError as exc:
                self._demo_failed(exc)
                return
        self.try_demo()

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.status.setText(message)
        self.status.setVisible(busy)
        self._update_buttons()
