"""The open workbook as the GUI sees it: one vault, one runner, change notifications.

Screens never touch the vault: they call `state.call(fn, *args)` with a workbook function
(`fn(db, *args)`), and refresh from the `changed` signal, which carries the `Changes`
record the domain returned (Anki's OpChanges: a screen refreshes only what changed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui.kit.ops import Executor, Failure, Runner, Success
from workbook import vault as vault_mod
from workbook.changes import Changes
from workbook.errors import WorkbookClosed
from workbook.vault import known_error

if TYPE_CHECKING:
    from workbook.vault import Vault


class WorkbookState(QObject):
    opening = Signal()  # a workbook is about to open: build the screens that will show it
    opened = Signal()  # a workbook was unlocked: screens load
    closing = Signal()  # about to lock/close: editors flush pending edits NOW
    closed = Signal()  # locked or closed: screens must drop every record they show
    changed = Signal(object)  # Changes, after a successful mutation
    error = Signal(str)  # a known error's sentence, for the status bar / a dialog
    # A last edit that could not be saved while locking or closing: said once the screens are
    # cleared, so its sentence never names what the edit held.
    lost_on_close = Signal(str)

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = Runner(executor, self)
        self.vault: Vault | None = None
        self.path: Path | None = None
        self._closing = False

    @property
    def is_open(self) -> bool:
        return self.vault is not None and self.vault.is_open

    @property
    def is_closing(self) -> bool:
        """Locking or closing has begun: last edits are being saved, so nothing new may be
        shown (a preview, a print dialog) and long work should stop."""
        return self._closing

    # -- opening and closing -----------------------------------------------------------
    def unlock(self, path: Path, passphrase: str, *, success: Callable[[], None] | None = None,
               failure: Failure | None = None) -> None:
        """Derive the key off the UI thread; on success the screens are told to load."""

        def done(vault: Vault) -> None:
            self.opening.emit()
            self.vault, self.path = vault, path
            self.opened.emit()
            if success:
                success()

        self.runner.submit(lambda: vault_mod.open_vault(path, passphrase), success=done,
                           failure=failure, label="Unlocking…")

    def adopt(self, vault: Vault) -> None:
        """Take a vault opened elsewhere (a newly created workbook)."""
        self.opening.emit()
        self.vault, self.path = vault, vault.path
        self.opened.emit()

    def close(self) -> None:
        """Save pending edits, close the connection, forget the key, clear every screen."""
        if self.vault is None:
            return
        self._closing = True
        try:
            self.closing.emit()  # editors submit their last edits
            self.runner.wait()  # … and they are written before the connection closes
            vault, self.vault = self.vault, None
            vault.close()
        finally:
            self._closing = False
        self.closed.emit()

    # -- calling the workbook ----------------------------------------------------------
    def call(self, fn: Callable[..., Any], *args: Any, success: Success | None = None,
             failure: Failure | None = None, label: str = "Working…", **kwargs: Any) -> None:
        """Run `fn(db, *args, **kwargs)` on the worker; announce Changes on success."""
        vault = self.vault
        if vault is None:
            if failure:
                failure(WorkbookClosed("The workbook is locked; unlock it to continue."))
            return

        def run() -> Any:
            return fn(vault.db, *args, **kwargs)

        def done(result: Any) -> None:
            if isinstance(result, Changes):
                self.changed.emit(result)
            if success:
                success(result)

        self.runner.submit(run, success=done, failure=failure or self.report, label=label)

    def report(self, exc: BaseException) -> str | None:
        """Show a failed call the usual way: a known error's sentence in the status bar
        (returned), a bug in the bug dialog (None)."""
        known = known_error(exc, self.path or "the workbook")
        if known is None:
            self.runner.failed.emit(exc)
            return None
        self.error.emit(known.sentence)
        return known.sentence
