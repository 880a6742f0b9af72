"""Temporary files that outlive a crash: recorded before they exist, removed at the next start.

Every temporary file the app writes (an export or a PDF on its way to its name, an encrypted
copy during a backup or a passphrase change) gets a neutral name and its path is recorded in
the per-user settings folder *before* the file is created; the record is dropped once the
file is renamed into place or removed. A process killed in between leaves the path recorded,
and the next start of any command or of the app removes the file and says so (`clean`).

The record holds temporary paths only: a temporary name never holds a learner's name, and its
folder is the one the coach chose. While a process has temporary files recorded it holds an
OS lock on a file of its own (`running/<owner>.lock`); the OS releases it when the process
dies, however it dies. A cleaner that can take that lock knows the owner is gone; one that
cannot leaves the owner's files alone, so a command never deletes the app's backup in
progress. Every change to the record happens under one file lock, so two processes never
lose each other's entries.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.user_folders import config_dir, make_private_folder

if TYPE_CHECKING:  # filelock is imported where a lock is taken: the window starts sooner
    from filelock import FileLock

PLAINTEXT = "plaintext"  # an export or a PDF: the coach is told when one is removed
ENCRYPTED = "encrypted"  # a copy of a workbook: a quieter line
SETTINGS = "settings"  # the app's own settings file: removed without a word

RECORD_FILE = "temp-files.json"
_RUNNING = "running"
_PRIVATE = 0o600
# How long a start waits for another process that is changing the record.
LOCK_WAIT_S = 10.0
# Only files named like this are ever removed, whatever the record says.
_TEMP_NAME = re.compile(r"\.coach-workbook-[0-9a-f]{16}\.tmp")
# SQLite's companions of a file it writes (the journal of a copy attached to be re-keyed).
_COMPANIONS = ("-journal", "-wal", "-shm")

_guard = threading.Lock()
_pid = os.getpid()
_token = f"{_pid}-{secrets.token_hex(6)}"
_held: dict[str, FileLock] = {}  # settings folder → this process's owner lock there
_counts: dict[str, int] = {}  # settings folder → how many of our temp files are recorded


def temp_path(folder: Path) -> Path:
    """A fresh neutral name for a temporary file in `folder` (absolute)."""
    return Path(os.path.abspath(folder)) / f".coach-workbook-{secrets.token_hex(8)}.tmp"


@dataclass(frozen=True)
class Leftover:
    """A temporary file an interrupted run left behind, found at a start."""

    path: Path
    kind: str
    removed: bool

    def sentence(self) -> str:
        """What to tell the coach; empty for the app's own settings file."""
        if self.kind == SETTINGS:
            return ""
        if self.kind == PLAINTEXT:
            if self.removed:
                return ("A plaintext export left by an interrupted run was removed: "
                        f"«{self.path}».")
            return ("A plaintext export left by an interrupted run could not be removed: "
                    f"«{self.path}»; delete it yourself, it is NOT encrypted.")
        if self.removed:
            return ("An encrypted temporary copy left by an interrupted run was removed: "
                    f"«{self.path}».")
        return ("An encrypted temporary copy left by an interrupted run could not be removed: "
                f"«{self.path}»; you may delete it.")


# -- recording ---------------------------------------------------------------------------

def record(path: Path, kind: str) -> None:
    """Note `path` as a temporary file of this process, before it is created.

    Best effort: a settings folder that cannot be written must not stop a backup or an
    export, so a failure to record is ignored (the file is still removed on any error)."""
    with contextlib.suppress(OSError, ValueError), _changing() as folder:
        _hold_owner(folder)
        key = str(folder)
        _counts[key] = _counts.get(key, 0) + 1
        entries = _read(folder)
        entries.append({"path": str(path), "kind": kind, "owner": _token})
        _write(folder, entries)


def drop(path: Path) -> None:
    """Forget `path`: it was renamed into place or removed."""
    with contextlib.suppress(OSError, ValueError), _changing() as folder:
        entries = _read(folder)
        kept = [e for e in entries if not (e["path"] == str(path) and e["owner"] == _token)]
        if len(kept) != len(entries):
            _write(folder, kept)
        key = str(folder)
        _counts[key] = max(0, _counts.get(key, 0) - (len(entries) - len(kept)))
        if _counts[key] == 0:
            _let_go_owner(folder)


def recorded() -> list[Path]:
    """The temporary paths recorded now, by any process (for tests and diagnostics)."""
    try:
        return [Path(e["path"]) for e in _read(config_dir())]
    except (OSError, ValueError):
        return []


# -- cleaning up at a start --------------------------------------------------------------

def clean() -> list[Leftover]:
    """Remove the temporary files of runs that ended without removing them; say which.

    Files of a process still running are left alone. Never raises for a file problem: a
    start must not fail because of a leftover."""
    folder = config_dir()
    if not (folder / RECORD_FILE).exists() and not (folder / _RUNNING).is_dir():
        return []
    found: list[Leftover] = []
    with contextlib.suppress(OSError, ValueError), _changing() as folder:
        entries = _read(folder)
        alive: dict[str, bool] = {}
        kept = []
        for entry in entries:
            owner = entry["owner"]
            if owner == _token or alive.setdefault(owner, _alive(folder, owner)):
                kept.append(entry)
                continue
            existed, removed = _remove(Path(entry["path"]))
            if existed:
                found.append(Leftover(path=Path(entry["path"]), kind=entry["kind"],
                                      removed=removed))
            if not removed:
                kept.append(entry)  # said again at the next start
        if kept != entries:
            _write(folder, kept)
        _forget_dead_owners(folder, {e["owner"] for e in kept})
        for stray in folder.glob(".temp-files-*.tmp"):  # a record write that was cut short
            with contextlib.suppress(OSError):
                stray.unlink()
    return found


def _remove(path: Path) -> tuple[bool, bool]:
    """(whether anything was there, whether all of it is gone)."""
    if not _TEMP_NAME.fullmatch(path.name):
        return False, True  # not a name we give: never delete it on the record's word
    existed, removed = False, True
    for candidate in (path, *(Path(str(path) + c) for c in _COMPANIONS)):
        try:
            candidate.unlink()
            existed = True
        except FileNotFoundError:
            continue
        except OSError:
            existed, removed = True, False
    return existed, removed


# -- the record and the owner locks ------------------------------------------------------

@contextlib.contextmanager
def _changing() -> Iterator[Path]:
    """This thread, then this process, alone with the record of the settings folder
    (filelock's `Timeout` is an `OSError`: the callers suppress it with the others)."""
    from filelock import FileLock

    with _guard:
        _forked()
        folder = config_dir()
        make_private_folder(folder)
        lock = FileLock(str(folder / (RECORD_FILE + ".lock")), timeout=LOCK_WAIT_S,
                        mode=_PRIVATE, is_singleton=False, thread_local=False)
        with lock:
            yield folder


def _forked() -> None:
    # A child made by fork inherits the parent's state but not its identity.
    global _pid, _token
    if os.getpid() != _pid:
        _pid, _token = os.getpid(), f"{os.getpid()}-{secrets.token_hex(6)}"
        _held.clear()
        _counts.clear()


def _read(folder: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except ValueError:
        return []  # a garbled record cannot name anything safely
    items = data.get("temporary_files") if isinstance(data, dict) else None
    return [e for e in items or [] if isinstance(e, dict)
            and all(isinstance(e.get(k), str) for k in ("path", "kind", "owner"))]


def _write(folder: Path, entries: list[dict[str, Any]]) -> None:
    text = json.dumps({"temporary_files": entries}, ensure_ascii=False, indent=1)
    fd, name = tempfile.mkstemp(prefix=".temp-files-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, _PRIVATE)
        os.replace(name, folder / RECORD_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _owner_lock(folder: Path, owner: str) -> FileLock:
    from filelock import FileLock

    return FileLock(str(folder / _RUNNING / f"{owner}.lock"), timeout=0, mode=_PRIVATE,
                    is_singleton=False, thread_local=False)


def _hold_owner(folder: Path) -> None:
    if str(folder) in _held:
        return
    (folder / _RUNNING).mkdir(exist_ok=True, mode=0o700)
    lock = _owner_lock(folder, _token)
    lock.acquire()
    _held[str(folder)] = lock


def _let_go_owner(folder: Path) -> None:
    lock = _held.pop(str(folder), None)
    if lock is not None:
        lock.release(force=True)
        with contextlib.suppress(OSError):
            Path(lock.lock_file).unlink()


def _alive(folder: Path, owner: str) -> bool:
    """Whether the process that recorded as `owner` still runs (holds its lock)."""
    path = folder / _RUNNING / f"{owner}.lock"
    if not path.exists():
        return False
    from filelock import Timeout

    lock = _owner_lock(folder, owner)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release(force=True)
    return False


def _forget_dead_owners(folder: Path, keep: set[str]) -> None:
    running = folder / _RUNNING
    if not running.is_dir():
        return
    for path in running.glob("*.lock"):
        owner = path.name.removesuffix(".lock")
        if owner == _token or owner in keep or _alive(folder, owner):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
