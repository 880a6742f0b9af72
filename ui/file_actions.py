"""Import, export, back up and check the open workbook: the File menu's actions.

Each action asks for a file (a dialog that does not block), runs the work on the workbook's
worker thread (progress after ~0.5 s comes from the runner), then says what happened in a
message box. Imports are all-or-nothing: a bad row or record shows its sentence (file, line,
field) and nothing is changed. An export is NOT encrypted, and the coach is told so before
the file is written and again after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.state import WorkbookState
from workbook.errors import WorkbookError
from workbook.vault import DEFAULT_SUFFIX, VerifyReport, known_error

Icon = QMessageBox.Icon

EXPORT_WARNING = ("The export is NOT encrypted: the JSON file holds every coachee's name and "
                  "every note in plain text, and anyone who gets the file can read it.")
EXPORT_AFTER = ("This file is NOT encrypted: it holds every note in plain text. Store it "
                "somewhere safe and delete it when you no longer need it.")
BACKUP_AFTER = ("The copy is encrypted with the same passphrase as this workbook; keep it "
                "somewhere safe, away from this computer.")


@dataclass(frozen=True)
class PathRequest:
    """What the file dialog should ask for."""

    save: bool  # a file to write (else one to read)
    title: str
    name_filter: str
    suggested: Path
    default_suffix: str = ""


# `choose_path(request, accept)` calls `accept(path)` once the coach chose one (or never).
PathChooser = Callable[[PathRequest, Callable[[Path], None]], None]


if TYPE_CHECKING:  # the importers load pydantic (~0.1 s): only when a file is imported
    from workbook.exchange.json_format import ImportResult
    from workbook.exchange.roster import RosterResult


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def roster_summary(name: str, result: RosterResult) -> str:
    text = (f"Imported {name}: {_plural(result.added, 'coachee')} added, "
            f"{result.skipped_existing} already in the workbook, "
            f"{_plural(result.duplicates_in_file, 'duplicate row')} skipped.")
    if result.unknown_columns:
        text += ("\n\nColumns not recognised (ignored): "
                 + ", ".join(result.unknown_columns) + ".")
    return text


def import_summary(name: str, result: ImportResult) -> str:
    counts = [_plural(result.coachees, "coachee"), _plural(result.values, "value"),
              _plural(result.goals, "goal"), _plural(result.sessions, "session"),
              _plural(result.actions, "action item"), _plural(result.templates, "template")]
    text = f"Imported {name}: " + ", ".join(counts) + "."
    for warning in result.warnings:
        text += f"\n\nNote: {warning}"
    return text


class FileActions(QObject):
    """Owns the QActions; the main window puts them in its File menu."""

    finished = Signal(str, bool, str)  # what ("import_roster", "export_json"…), ok, message

    def __init__(self, state: WorkbookState, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.state = state
        self.parent_widget = parent_widget
        self.choose_path: PathChooser = self._file_dialog
        self.native_dialogs = True
        self.last_message: QMessageBox | None = None
        self._folder: Path | None = None
        self._running = False

        def action(text: str, slot: Callable[[], None], tip: str, keys: str = "") -> QAction:
            act = QAction(text, self)
            if keys:
                act.setShortcut(QKeySequence(keys))
                tip += f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            return act

        self.import_roster_action = action(
            "Import roster (CSV)…", self.ask_import_roster,
            "Add coachees from a roster exported from a spreadsheet")
        self.import_json_action = action(
            "Import workbook export (JSON)…", self.ask_import_json,
            "Add everything from a workbook export (JSON)")
        self.export_json_action = action(
            "Export everything (JSON)…", self.ask_export_json,
            "Write the whole workbook to a JSON file that is NOT encrypted", "Ctrl+Shift+E")
        self.backup_action = action(
            "Back up…", self.ask_backup,
            "Write an encrypted copy of the workbook (same passphrase)", "Ctrl+Shift+B")
        self.verify_action = action(
            "Check workbook integrity", self.verify,
            "Check every page of the encrypted file and the links between records")
        self.all_actions = [self.import_roster_action, self.import_json_action,
                        self.export_json_action, self.backup_action, self.verify_action]
        state.opened.connect(self._update_enabled)
        state.closed.connect(self._on_closed)
        state.runner.busy_changed.connect(self._busy_changed)
        self._update_enabled()

    # -- asking for files ------------------------------------------------------------------
    def _start_folder(self) -> Path:
        if self._folder is not None:
            return self._folder
        return self.state.path.parent if self.state.path is not None else Path.home()

    def _stem(self) -> str:
        return self.state.path.stem if self.state.path is not None else "workbook"

    def _file_dialog(self, request: PathRequest, accept: Callable[[Path], None]) -> None:
        dialog = QFileDialog(self.parent_widget, request.title, str(request.suggested),
                             request.name_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if request.save
                             else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if request.save
                           else QFileDialog.FileMode.ExistingFile)
        if request.default_suffix:
            dialog.setDefaultSuffix(request.default_suffix)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.native_dialogs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: accept(Path(chosen)))
        dialog.open()

    def _ask(self, request: PathRequest, then: Callable[[Path], None]) -> None:
        def accept(path: Path) -> None:
            self._folder = path.parent
            then(path)

        self.choose_path(request, accept)

    def ask_import_roster(self) -> None:
        self._ask(PathRequest(False, "Import roster (CSV)", "Roster (*.csv *.txt);;All files (*)",
                              self._start_folder()), self.import_roster)

    def ask_import_json(self) -> None:
        self._ask(PathRequest(False, "Import workbook export (JSON)",
                              "Workbook export (*.json);;All files (*)", self._start_folder()),
                  self.import_json)

    def ask_export_json(self) -> None:
        """Warn first (before any file is chosen or written), then ask where to write."""
        box = self._message(Icon.Warning, "Export everything (JSON)", EXPORT_WARNING,
                            "Export it only to a place you control, and delete it when done.")
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        go = box.addButton("Choose file…", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        suggested = self._start_folder() / f"{self._stem()}-export-{date.today():%Y-%m-%d}.json"
        request = PathRequest(True, "Export everything (JSON) — NOT encrypted",
                              "Workbook export (*.json)", suggested, "json")
        box.finished.connect(
            lambda _r: self._ask(request, self.export_json) if box.clickedButton() is go
            else None)
        box.open()

    def ask_backup(self) -> None:
        suggested = (self._start_folder()
                     / f"{self._stem()}-backup-{date.today():%Y-%m-%d}{DEFAULT_SUFFIX}")
        self._ask(PathRequest(True, "Back up the workbook",
                              f"Coach workbooks (*{DEFAULT_SUFFIX})", suggested,
                              DEFAULT_SUFFIX.lstrip(".")), self.backup)

    # -- the work ----------------------------------------------------------------------------
    def import_roster(self, path: Path | str) -> None:
        path = Path(path)

        def done(result: RosterResult) -> None:
            self.state.changed.emit(result.changes)
            self._report("import_roster", True, Icon.Information, "Roster imported",
                         roster_summary(path.name, result))

        self._call("import_roster", "Roster not imported", path, done,
                   lambda db: _exchange().roster.import_roster(db, path), "Importing roster…",
                   nothing=True)

    def import_json(self, path: Path | str) -> None:
        path = Path(path)

        def done(result: ImportResult) -> None:
            self.state.changed.emit(result.changes)
            self._report("import_json", True, Icon.Information, "Export imported",
                         import_summary(path.name, result))

        self._call("import_json", "Nothing imported", path, done,
                   lambda db: _exchange().json_format.import_json(db, path), "Importing…",
                   nothing=True)

    def export_json(self, path: Path | str) -> None:
        path = Path(path)
        if self._is_workbook(path):
            self._report("export_json", False, Icon.Warning, "Not exported",
                         "The export cannot overwrite the workbook itself; choose another name.")
            return

        def done(written: Path) -> None:
            self._report("export_json", True, Icon.Warning, "Exported — NOT encrypted",
                         f"Exported everything to {written}.\n\n{EXPORT_AFTER}")

        self._call("export_json", "Not exported", path, done,
                   lambda db: _exchange().json_format.write_export(db, path), "Exporting…")

    def backup(self, path: Path | str) -> None:
        dest = Path(path)
        vault = self.state.vault
        if vault is None or not self._begin():
            return
        self.state.runner.submit(
            lambda: vault.backup(dest),
            success=lambda written: self._report(
                "backup", True, Icon.Information, "Backed up",
                f"Backed up to {written}.\n\n{BACKUP_AFTER}"),
            failure=lambda exc: self._failed("backup", "Not backed up", exc, dest),
            label="Backing up…")

    def verify(self) -> None:
        vault = self.state.vault
        if vault is None or not self._begin():
            return

        def done(report: VerifyReport) -> None:
            if report.ok:
                self._report("verify", True, Icon.Information, "Workbook checked",
                             report.sentence())
            else:
                self._report("verify", False, Icon.Critical, "Workbook has problems",
                             report.sentence() + "\n\nKeep your backups: the most recent one "
                             "is the way back. Make no further changes until you have "
                             "compared it with this workbook.")

        self.state.runner.submit(
            vault.verify, success=done, label="Checking the workbook…",
            failure=lambda exc: self._failed("verify", "Check failed", exc, vault.path))

    # -- running and reporting -------------------------------------------------------------
    def _is_workbook(self, path: Path) -> bool:
        own = self.state.path
        try:
            return own is not None and path.exists() and path.resolve() == own.resolve()
        except OSError:
            return False

    def _begin(self) -> bool:
        if self._running:
            return False
        self._running = True
        self._update_enabled()
        return True

    def _call(self, what: str, title: str, path: Path, done: Callable[[Any], None],
              fn: Callable[[Any], Any], label: str, *, nothing: bool = False) -> None:
        if not self.state.is_open or not self._begin():
            return
        self.state.call(fn, success=done, label=label,
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
            self.last_message.close()
        self._end()


def _exchange():  # type: ignore[no-untyped-def]
    import workbook.exchange.json_format
    import workbook.exchange.roster

    return workbook.exchange
