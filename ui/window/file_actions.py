"""Import, export, back up and check the open workbook: the File menu's actions.

Each action asks for a file (a dialog that does not block), runs the work on the workbook's
worker thread (progress after ~0.5 s comes from the runner), then says what happened in a
message box. Imports are all-or-nothing: a bad row or record shows its sentence (file, line,
field) and nothing is changed. An export is NOT encrypted, and the coach is told so before
the file is written and again after.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.kit.state import WorkbookState
from ui.window.file_tasks import FileTasks, Icon, PathRequest
from workbook import dates
from workbook.documents.output import free_path
from workbook.errors import AmbiguousDateOrder
from workbook.vault import DEFAULT_SUFFIX, VerifyReport, copies, outputs
from workbook.wording import count

EXPORT_WARNING = ("The export is NOT encrypted: the JSON file holds every coachee's name and "
                  "every note in plain text, and anyone who gets the file can read it.")
EXPORT_AFTER = ("This file is NOT encrypted: it holds every note in plain text. Store it "
                "somewhere safe and delete it when you no longer need it.")
BACKUP_AFTER = ("The copy is encrypted with the same passphrase as this workbook; keep it "
                "somewhere safe, away from this computer.")


if TYPE_CHECKING:  # the importers load pydantic (~0.1 s): only when a file is imported
    from workbook.exchange.json_format import ImportResult
    from workbook.exchange.roster import RosterResult


def roster_summary(name: str, result: RosterResult) -> str:
    return "\n\n".join(result.report(name))


def import_summary(name: str, result: ImportResult) -> str:
    counts = [count(result.coachees, "coachee"), count(result.values, "value"),
              count(result.goals, "goal"), count(result.sessions, "session"),
              count(result.actions, "action item"), count(result.templates, "template")]
    text = f"Imported {name}: " + ", ".join(counts) + "."
    for warning in result.warnings:
        text += f"\n\nNote: {warning}"
    return text


class FileActions(FileTasks):
    """Owns the QActions; the main window puts them in its File menu."""

    def __init__(self, state: WorkbookState, parent_widget: QWidget) -> None:
        super().__init__(state, parent_widget)
        action = self._action
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
            "Write an encrypted copy of the workbook (same passphrase)", "Ctrl+Shift+S")
        self.verify_action = action(
            "Check workbook integrity", self.verify,
            "Check every page of the encrypted file and the links between records")

    # -- asking for files ------------------------------------------------------------------
    def _stem(self) -> str:
        return self.state.path.stem if self.state.path is not None else "workbook"

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
        suggested = self._start_folder() / f"{self._stem()}-export-{dates.today()}.json"
        request = PathRequest(True, "Export everything (JSON) — NOT encrypted",
                              "Workbook export (*.json)", suggested, "json")
        box.finished.connect(
            lambda _r: self._ask(request, self.export_json) if box.clickedButton() is go
            else None)
        box.open()

    def ask_backup(self) -> None:
        # A free name: a backup never replaces a workbook, not even today's earlier backup.
        suggested = free_path(self._start_folder(),
                              f"{self._stem()}-backup-{dates.today()}{DEFAULT_SUFFIX}",
                              set())
        self._ask(PathRequest(True, "Back up the workbook",
                              f"Coach workbooks (*{DEFAULT_SUFFIX})", suggested,
                              DEFAULT_SUFFIX.lstrip(".")), self.backup)

    # -- the work ----------------------------------------------------------------------------
    def import_roster(self, path: Path | str, date_order: str | None = None) -> None:
        """Import the roster; when its dates read both ways, ask the coach which order the
        file uses (showing what one of its dates means in each) and import again."""
        path = Path(path)
        if not self.state.is_open or not self._begin():
            return

        def done(result: RosterResult) -> None:
            self.state.changed.emit(result.changes)
            self._report("import_roster", True, Icon.Information, "Roster imported",
                         roster_summary(path.name, result))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AmbiguousDateOrder):
                self._end()
                self._ask_date_order(exc, lambda order: self.import_roster(path, order))
            else:
                self._failed("import_roster", "Roster not imported", exc, path, nothing=True)

        self.state.call(
            lambda db, p: _exchange().roster.import_roster(db, p, date_order=date_order),
            path, success=done, failure=failed, label="Importing roster…")

    def _ask_date_order(self, exc: AmbiguousDateOrder, then: Callable[[str], None]) -> None:
        box = self._message(
            Icon.Question, "Which date order?",
            f'The dates in the column "{exc.column}" can be read two ways, and none of them '
            f'tells which. What does "{exc.example}" mean in this file?',
            "Nothing is imported until you choose.")
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        choices = {box.addButton(f"{exc.readings[order]} ({words})",
                                 QMessageBox.ButtonRole.AcceptRole): order
                   for order, words in (("dmy", "day first"), ("mdy", "month first"))}
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            order = choices.get(box.clickedButton())  # type: ignore[call-overload]
            if order is not None:
                then(order)
            else:
                self.finished.emit("import_roster", False,
                                   "Nothing was imported; the workbook is unchanged.")

        box.finished.connect(answered)
        box.open()

    def import_json(self, path: Path | str) -> None:
        self._import("import_json", Path(path), "Export imported", "Nothing imported",
                     import_summary, lambda db, p: _exchange().json_format.import_json(db, p),
                     "Importing…")

    def _import(self, what: str, path: Path, title: str, failed_title: str,
                summary: Callable[[str, Any], str], fn: Callable[[Any, Path], Any],
                label: str) -> None:
        """Run the import `fn(db, path)` on the worker; report its `summary` or why nothing
        was imported."""
        def done(result: RosterResult | ImportResult) -> None:
            self.state.changed.emit(result.changes)
            self._report(what, True, Icon.Information, title, summary(path.name, result))

        self._call(what, failed_title, path, done, fn, label, path, nothing=True)

    def export_json(self, path: Path | str) -> None:
        path = Path(path)
        if not self._may_write(path, "export_json", "Not exported", outputs.EXPORT):
            return

        def done(written: Path) -> None:
            self._report("export_json", True, Icon.Warning, "Exported — NOT encrypted",
                         f"Exported everything to {written}.\n\n{EXPORT_AFTER}")

        self._call("export_json", "Not exported", path, done,
                   lambda db: _exchange().json_format.write_export(db, path), "Exporting…")

    def backup(self, path: Path | str) -> None:
        dest = Path(path)
        vault = self.state.vault
        if not dest.is_dir() and not self._may_write(dest, "backup", "Not backed up",
                                                     outputs.BACKUP):
            return
        if vault is None or not self._begin():
            return
        self.state.runner.submit(
            lambda: copies.backup(vault, dest),
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


def _exchange():  # type: ignore[no-untyped-def]
    import workbook.exchange.json_format
    import workbook.exchange.roster

    return workbook.exchange
