"""What every File-menu task shares: a file dialog that does not block (replaceable in tests
by `choose_path`), the work on the workbook's worker thread, a busy cursor, one message box
at a time, and the actions disabled while the workbook is locked or a task runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.kit import recent
from ui.kit.state import WorkbookState
from workbook.errors import WorkbookError
from workbook.vault import known_error, outputs

Icon = QMessageBox.Icon


@dataclass(frozen=True)
class PathRequest:
    """What the file dialog should ask for."""

    save: bool  # a file to write (else one to read)
    title: str
    name_filter: str
    suggested: Path
    default_suffix: str = ""
    folder: bool = False  # a folder to write into (save) rather than a file


def file_dialog(parent: QWidget, request: PathRequest, accept: Callable[[Path], None],
                native: bool = True) -> None:
    """The system's file (or folder) dialog, shown with `open()`: no nested event loop."""
    dialog = QFileDialog(parent, request.title, str(request.suggested), request.name_filter)
    if request.folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if request.save
                             else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if request.save
                           else QFileDialog.FileMode.ExistingFile)
    if request.default_suffix:
        dialog.setDefaultSuffix(request.default_suffix)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not native)
    # The dialog's own "replace it?" question is the confirmation an existing file needs.
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, False)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda chosen: accept(Path(chosen)))
    dialog.open()


# `choose_path(request, accept)` calls `accept(path)` once the coach chose one (or never).
PathChooser = Callable[[PathRequest, Callable[[Path], None]], None]


class FileTasks(QObject):
    """Base of the objects owning File-menu QActions; subclasses fill `all_actions`."""

    finished = Signal(str, bool, str)  # what ("import_roster", "export_summary"…), ok, message

    def __init__(self, state: WorkbookState, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.state = state
        self.parent_widget = parent_widget
        self.choose_path: PathChooser = self._file_dialog
        self.native_dialogs = True
        self.last_message: QMessageBox | None = None
        self.all_actions: list[QAction] = []
        self._folder: Path | None = None
        self._running = False
        state.opened.connect(self._update_enabled)
        state.closed.connect(self._on_closed)
        state.runner.busy_changed.connect(self._busy_changed)

    def _action(self, text: str, slot: Callable[[], None], tip: str, keys: str = "") -> QAction:
        act = QAction(text, self)
        if keys:
            act.setShortcut(QKeySequence(keys))
            tip += f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        act.setToolTip(tip)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.all_actions.append(act)
        act.setEnabled(self.state.is_open)
        return act

    # -- asking for files ------------------------------------------------------------------
    def _start_folder(self) -> Path:
        return self._folder if self._folder is not None else recent.export_folder()

    def _chosen(self, path: Path) -> None:
        """The folder of a file the coach chose is where the next one is offered."""
        self._folder = path.parent
        recent.remember_export_folder(path.parent)

    def _file_dialog(self, request: PathRequest, accept: Callable[[Path], None]) -> None:
        file_dialog(self.parent_widget, request, accept, self.native_dialogs)

    def _ask(self, request: PathRequest, then: Callable[[Path], None]) -> None:
        def accept(path: Path) -> None:
            self._chosen(path)
            then(path)

        self.choose_path(request, accept)

    # -- running and reporting -------------------------------------------------------------
    def _may_write(self, path: Path, what: str, title: str, kind: str = outputs.EXPORT) -> bool:
        """Whether a chosen file may be written: never over a workbook (the open one, or
        any file that may be one); another existing file was confirmed in the file dialog
        or the export dialog. Otherwise the sentence is shown and False returned."""
        own = [self.state.path] if self.state.path is not None else []
        try:
            outputs.check_output(path, force=True, sources=own, what=kind)
        except WorkbookError as exc:
            self._report(what, False, Icon.Warning, title, exc.sentence)
            return False
        return True

    def _begin(self) -> bool:
        if self._running:
            return False
        self._running = True
        self._update_enabled()
        return True

    def _call(self, what: str, title: str, path: Path, done: Callable[[Any], None],
              fn: Callable[..., Any], label: str, *args: Any, nothing: bool = False) -> None:
        """Run `fn(db, *args)` on the worker; `done(result)` or the failure's sentence."""
        if not self.state.is_open or not self._begin():
            return
        self.state.call(fn, *args, success=done, label=label,
                        failure=lambda exc: self._failed(what, title, exc, path, nothing))

    def _failed(self, what: str, title: str, exc: BaseException, path: Path,
                nothing: bool = False) -> None:
        known = exc if isinstance(exc, WorkbookError) else known_error(exc, path)
        if known is None:
            self._end()
            self.state.runner.failed.emit(exc)  # a bug: the main window's bug dialog
            return
        text = known.sentence
        if nothing and "nothing was" not in text.casefold():
            text += "\n\nNothing was imported; the workbook is unchanged."
        self._report(what, False, Icon.Warning, title, text)

    def _report(self, what: str, ok: bool, icon: Icon, title: str, text: str) -> None:
        self._end()
        self._message(icon, title, text).open()
        self.finished.emit(what, ok, text)

    def _message(self, icon: Icon, title: str, text: str, detail: str = "") -> QMessageBox:
        if self.last_message is not None:
            self.last_message.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.parent_widget)
        if detail:
            box.setInformativeText(detail)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: self._forget(box))
        self.last_message = box
        return box

    def _forget(self, box: QMessageBox) -> None:
        if self.last_message is box:
            self.last_message = None

    def _end(self) -> None:
        self._running = False
        self.parent_widget.unsetCursor()
        self._update_enabled()

    def _busy_changed(self, busy: bool, _label: str) -> None:
        if busy and self._running:
            self.parent_widget.setCursor(Qt.CursorShape.BusyCursor)

    def _update_enabled(self) -> None:
        for act in self.all_actions:
            act.setEnabled(self.state.is_open and not self._running)

    def _on_closed(self) -> None:
        if self.last_message is not None:
            # Its text names a file, which may name the coachee. Closing only schedules the
            # deletion, which a nested event loop (a modal dialog) can postpone: empty it now.
            self.last_message.setText("")
            self.last_message.setInformativeText("")
            self.last_message.close()
        self._end()
