"""File → Restore from backup…: choose a backup, see what it holds, then replace the open
workbook with it.

The dialog lists the automatic backups (newest first; "Other file…" takes one from
anywhere), asks for the backup's passphrase and shows its date and counts (coachees,
sessions, goals) before anything is replaced. Restore then asks once more, closes the
workbook (last edits saved), copies the workbook aside into its backups folder, puts the
backup in its place on the worker thread, and offers the unlock dialog for the restored file,
which opens with the backup's passphrase.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ui.kit.messages import ErrorLabel, alive
from ui.kit.state import WorkbookState
from ui.start.new_workbook_dialog import frame
from ui.window.file_tasks import PathChooser, PathRequest, file_dialog
from workbook import backups
from workbook.dates import format_datetime
from workbook.vault import DEFAULT_SUFFIX, known_error
from workbook.wording import count

PATH_ROLE = Qt.ItemDataRole.UserRole


def describe(found: backups.Contents) -> str:
    return (f"Made {format_datetime(found.made)}: {count(found.coachees, 'coachee')}, "
            f"{count(found.sessions, 'session')}, {count(found.goals, 'goal')}.")


class RestoreDialog(QDialog):
    """Pick a backup and check it with its passphrase; `chosen` is set once it is shown."""

    def __init__(self, state: WorkbookState, folder: Path, found: list[backups.Backup],
                 confirm: Callable[[Path, str, backups.Contents], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._confirm = confirm
        self.chosen: tuple[Path, backups.Contents] | None = None
        self.choose_path: PathChooser = lambda request, accept: file_dialog(self, request,
                                                                            accept)
        self._folder = folder
        self.setWindowTitle("Restore from backup")
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        for backup in found:
            item = QListWidgetItem(backup.describe())
            item.setData(PATH_ROLE, str(backup.path))
            item.setToolTip(backup.path.name)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        self.list.setMinimumHeight(self.list.fontMetrics().height() * 8)
        self.other_button = QPushButton("Other &file…")
        self.other_button.clicked.connect(self._other)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Backup's passphrase")
        self.contents = QLabel("")
        self.contents.setAccessibleName("Backup contents")
        self.contents.setWordWrap(True)
        self.busy_label = QLabel("Checking the backup…")
        self.busy_label.hide()
        self.error = ErrorLabel(self)
        self.check_button = QPushButton("&Show contents")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.clicked.connect(self.restore)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(QLabel(f"Backups in «{folder}»:"))
        form.addRow(self.list)
        form.addRow(self.other_button)
        label = QLabel("Backup's &passphrase:")
        label.setBuddy(self.passphrase)
        form.addRow(label, self.passphrase)
        form.addRow(self.contents)
        frame(self, "Restore from backup",
              "The backup replaces the open workbook, which is closed first and kept in its "
              "backups folder. The restored workbook opens with the backup's passphrase.",
              form, self.busy_label, self.error, self.check_button, self.restore_button, cancel)
        self.list.currentItemChanged.connect(lambda *_: self._forget())
        self.passphrase.textChanged.connect(lambda *_: self._forget())
        state.closed.connect(self._workbook_closed)
        self._busy = False
        self._forget()
        self.passphrase.setFocus()

    def selected(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(PATH_ROLE)) if item is not None else None

    def _forget(self) -> None:
        """A different backup or passphrase: what was shown no longer holds."""
        self.chosen = None
        self.contents.setText("")
        self.error.clear_error()
        self._refresh()

    def _refresh(self) -> None:
        ready = self.selected() is not None and bool(self.passphrase.text())
        self.check_button.setEnabled(ready and not self._busy)
        self.restore_button.setEnabled(self.chosen is not None and not self._busy)

    def _other(self) -> None:
        request = PathRequest(False, "Choose a backup", f"Coach workbooks (*{DEFAULT_SUFFIX});;"
                              "All files (*)", self._folder)

        def accept(path: Path) -> None:
            item = QListWidgetItem(path.name)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.list.insertItem(0, item)
            self.list.setCurrentItem(item)

        self.choose_path(request, accept)

    def check(self) -> None:
        path, passphrase = self.selected(), self.passphrase.text()
        if path is None or not passphrase or self._busy:
            return
        self._set_busy(True)
        self._state.runner.submit(lambda: backups.contents(path, passphrase),
                                  success=lambda found: self._shown(path, found),
                                  failure=self._failed, label="Checking the backup…")

    def _shown(self, path: Path, found: backups.Contents) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        self.chosen = (path, found)
        self.contents.setText(describe(found))
        self._refresh()
        self.restore_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        known = known_error(exc, self.selected() or "the backup")
        if known is None:
            self._state.runner.failed.emit(exc)
            return
        self.error.show_error(known.sentence)

    def restore(self) -> None:
        if self.chosen is None or self._busy:
            return
        (path, found), passphrase = self.chosen, self.passphrase.text()
        self.passphrase.clear()
        self.accept()
        self._confirm(path, passphrase, found)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_label.setVisible(busy)
        self._refresh()

    def _workbook_closed(self) -> None:
        self.reject()

    def reject(self) -> None:
        self.passphrase.clear()  # no passphrase lingers in a closed dialog
        super().reject()


class Restorer(QObject):
    """Owns File → Restore from backup… and the restore itself."""

    def __init__(self, state: WorkbookState, parent: QWidget, close_workbook: Callable[[], None],
                 reopen: Callable[[Path], None]) -> None:
        super().__init__(parent)
        self.state = state
        self.parent_widget = parent
        self._close_workbook = close_workbook
        self._reopen = reopen
        self.dialog: RestoreDialog | None = None
        self.last_message: QMessageBox | None = None
        self.action = QAction("&Restore from backup…", self)
        self.action.setStatusTip("Replace this workbook by one of its backups")
        self.action.triggered.connect(self.ask)
        self.action.setEnabled(state.is_open)

    def ask(self) -> None:
        vault = self.state.vault
        if vault is None or not vault.is_open:
            return

        def listing() -> tuple[Path, list[backups.Backup]]:
            folder = backups.configured_folder(vault)
            return folder, backups.list_backups(folder, vault.path.stem)

        self.state.runner.submit(listing, success=self._show, failure=self.state.report,
                                 label="Looking for backups…")

    def _show(self, found: tuple[Path, list[backups.Backup]]) -> None:
        if not self.state.is_open:
            return
        folder, listed = found
        self.dialog = RestoreDialog(self.state, folder, listed,
                                    lambda p, s, c: self._confirm(folder, p, s, c),
                                    self.parent_widget)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    def _confirm(self, folder: Path, backup: Path, passphrase: str,
                 found: backups.Contents) -> None:
        target = self.state.path
        if target is None:
            return
        box = self._message(
            QMessageBox.Icon.Question, "Restore from backup",
            f"Replace «{target.name}» by the backup of {format_datetime(found.made)}?",
            f"{describe(found)}\n\nThe workbook is closed first, and kept in «{folder}» as it "
            "is now. The restored workbook opens with the backup's passphrase.")
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        go = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._run(folder, backup, passphrase, target)
                             if box.clickedButton() is go else None)
        box.open()

    def _run(self, folder: Path, backup: Path, passphrase: str, target: Path) -> None:
        # Never while the workbook is open: close it first (its last edits are saved).
        self._close_workbook()
        self.state.runner.submit(
            lambda: backups.restore(backup, target, passphrase, folder=folder),
            success=lambda done: self._restored(done), failure=lambda exc: self._failed(exc,
                                                                                        target),
            label="Restoring…")

    def _restored(self, done: backups.Restored) -> None:
        kept = f"\n\nThe workbook it replaced is kept as «{done.replaced}»." if done.replaced \
            else ""
        box = self._message(QMessageBox.Icon.Information, "Restored",
                            f"«{done.target.name}» was restored: {describe(done.contents)}"
                            + kept, "Unlock it with the backup's passphrase.")
        box.finished.connect(lambda _r: self._reopen(done.target))
        box.open()

    def _failed(self, exc: BaseException, target: Path) -> None:
        known = known_error(exc, target)
        if known is None:
            self.state.runner.failed.emit(exc)
            return
        box = self._message(QMessageBox.Icon.Warning, "Not restored",
                            known.sentence, "The workbook was not replaced.")
        box.finished.connect(lambda _r: self._reopen(target))
        box.open()

    def _message(self, icon: QMessageBox.Icon, title: str, text: str,
                 detail: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setInformativeText(detail)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        return box
