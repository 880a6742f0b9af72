"""The single-writer rule, in two layers.

The safety is SQLite's own lock: the vault opens every workbook in exclusive locking mode
and takes the write lock at once (`core._apply_pragmas`), so while one connection has the
file open no other process can read or write it, whatever path it came by. The lock file
beside the real file (`NAME.lock`) only lets a second window or command say at once, and
in plain words, that the workbook is open elsewhere, instead of waiting for SQLite's busy
timeout. A lock file that cannot be used (made by another user who can write to the
folder, read-only, a link) therefore never blocks opening: it is passed over.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from workbook.errors import CannotOpen, WorkbookInUse
from workbook.vault.files import PRIVATE_MODE, os_error_to_known


class Lock(Protocol):
    def release(self, force: bool = False) -> None: ...


class _NoFileLock:
    """Stands in for a lock file that cannot be used; SQLite's lock still keeps others out."""

    def release(self, force: bool = False) -> None:
        del force


def lock_path(path: Path) -> Path:
    """The lock file of the workbook at `path`: beside the real file, so a workbook reached
    through a symbolic link, or by another name for its folder, has the same one."""
    real = path.resolve()
    return real.with_name(real.name + ".lock")


def acquire(path: Path, *, stray_ok: bool = False) -> Lock:
    """Take the lock file's lock, or raise `WorkbookInUse` when another holds it.

    With `stray_ok` (opening, where SQLite's lock follows), a lock file this user cannot
    use is passed over; without it (replacing a workbook's file, where no SQLite lock is
    held), it is refused with a sentence that says how to clear it."""
    from filelock import FileLock, Timeout  # here, not at the top: a start takes no lock

    where = lock_path(path)
    lock = FileLock(str(where), timeout=0, mode=PRIVATE_MODE, is_singleton=False,
                    thread_local=False)
    try:
        lock.acquire()
    except Timeout as exc:
        raise WorkbookInUse(
            f"«{path.name}» is already open in another Coach Workbook window or program; "
            "close it there first."
        ) from exc
    except OSError as exc:
        if stray_ok:
            return _NoFileLock()
        if isinstance(exc, PermissionError) and os.access(where.parent, os.W_OK):
            raise CannotOpen(
                f"«{where.name}», the lock file beside «{path.name}», belongs to another "
                "user or cannot be written; delete it, then try again.") from exc
        raise os_error_to_known(exc, path) from exc
    return lock
