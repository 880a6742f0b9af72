"""The single-writer rule, in two layers.

The safety is SQLite's own lock: the vault opens every workbook in exclusive locking mode
and takes the write lock at once (`core._apply_pragmas`), so while one connection has the
file open no other process can read or write it, whatever path it came by. The lock file
beside the real file (`NAME.lock`) only lets a second window or command say at once, and
in plain words, that the workbook is open elsewhere, instead of waiting for SQLite's busy
timeout. A lock file that cannot be used (read-only, a link) or that another user made
(anyone who can write to the folder can make one, and hold a lock on it) therefore never
blocks opening: it is passed over, and SQLite's lock decides. A lock file of this user's
own, held, is another of their windows or commands and refuses at once as "already
open".
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


def _someone_elses(where: Path) -> bool:
    """Whether the lock file belongs to another user (who can write to the folder, and so
    can make one and hold a lock on it). A file of this user's, held, is another window or
    command of theirs, whatever its mode: on a FAT stick or an SMB share every file shows
    0644 or 0777, and passing over such a lock would let a restore replace a workbook that
    is open. Where owners are not compared (Windows, no `geteuid`), no file is."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return False
    try:
        return os.lstat(where).st_uid != geteuid()
    except OSError:  # gone meanwhile, or unreachable: not known to be another's
        return False


def _unusable(where: Path, path: Path) -> CannotOpen:
    return CannotOpen(f"«{where.name}», the lock file beside «{path.name}», belongs to another "
                      "user or cannot be written; delete it, then try again.")


def acquire(path: Path, *, stray_ok: bool = False) -> Lock:
    """Take the lock file's lock, or raise `WorkbookInUse` when another window or command
    of this user holds it.

    With `stray_ok` (opening, where SQLite's lock follows), a lock file this user cannot
    use, or that another user made (held or not), is passed over: SQLite's lock decides.
    Without it (replacing a workbook's file, where no SQLite lock is held), such a file is
    refused with a sentence that says how to clear it."""
    from filelock import FileLock, Timeout  # here, not at the top: a start takes no lock

    where = lock_path(path)
    lock = FileLock(str(where), timeout=0, mode=PRIVATE_MODE, is_singleton=False,
                    thread_local=False)
    try:
        lock.acquire()
    except Timeout as exc:  # before OSError: a Timeout is one
        if not _someone_elses(where):
            raise WorkbookInUse(
                f"«{path.name}» is already open in another Coach Workbook window or program; "
                "close it there first."
            ) from exc
        # Held by someone else's process: never a reason to keep this user out.
        if stray_ok:
            return _NoFileLock()
        raise _unusable(where, path) from exc
    except OSError as exc:
        if stray_ok:
            return _NoFileLock()
        if isinstance(exc, PermissionError) and os.access(where.parent, os.W_OK):
            raise _unusable(where, path) from exc
        raise os_error_to_known(exc, path) from exc
    return lock
