"""A lock file made by another user never locks the workbook's owner out.

Anyone who can write to the folder can create `NAME.lock` and hold a lock on it. The lock
file is only there to make a second window's refusal immediate and worded; the safety is
SQLite's own exclusive lock. So a lock file of another user, held or not, writable by the
owner or not, is passed over on opening, and SQLite decides: the owner's workbook opens
(and a second opener is still refused as busy, by SQLite). Replacing the file (a restore),
which holds no SQLite lock, names the lock file to delete instead of "already open".

Reproduced as reported: another uid creates `shared.cwb.lock` mode 0666 and holds a flock
on it; the owner got "already open in another Coach Workbook window" (exit 5). Creating a
file as another user needs root: the other user is a forked child that drops to its uid,
and the owner is a third, ordinary account (the test's process takes its uid for the
body)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import fails, run_cli
from workbook import vault
from workbook.errors import CannotOpen, WorkbookInUse
from workbook.vault import core, locking

COACH, INTRUDER = 65533, 65532  # two ordinary accounts, neither of them root

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="POSIX owners and flock"),
    pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0,
                       reason="making a file as another user (setuid) needs root"),
]


@dataclass
class Shared:
    folder: Path
    workbook: Path
    lock: Path


@pytest.fixture
def quick_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "BUSY_TIMEOUT_S", 0.2)


@pytest.fixture
def shared(workbook_path: Path) -> Iterator[Shared]:
    """The coach's workbook in a folder everyone may write to (as a shared drive often is)."""
    folder = Path(tempfile.mkdtemp(prefix="shared-"))
    try:
        path = folder / "shared.cwb"
        shutil.copyfile(workbook_path, path)
        os.chown(path, COACH, COACH)
        os.chown(folder, COACH, COACH)
        folder.chmod(0o777)
        yield Shared(folder, path, folder / "shared.cwb.lock")
    finally:
        shutil.rmtree(folder)


@contextlib.contextmanager
def held_by_another_user(lock: Path, mode: int, *, hold: bool = True) -> Iterator[int]:
    """`lock` created by INTRUDER with `mode` (and, with `hold`, flocked by INTRUDER's
    process until the block ends); yields that process's id."""
    ready_r, ready_w = os.pipe()
    stop_r, stop_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other user: only system calls, then out without Python's cleanup
        code = 1
        try:
            import fcntl  # POSIX only, as is this test
            os.close(ready_r)
            os.close(stop_w)
            os.setgroups([])
            os.setgid(INTRUDER)
            os.setuid(INTRUDER)
            fd = os.open(lock, os.O_RDONLY | os.O_CREAT, 0o600)
            os.fchmod(fd, mode)
            if hold:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(ready_w, b"1")
            os.read(stop_r, 1)  # until the test is done
            code = 0
        finally:
            os._exit(code)
    os.close(ready_w)
    os.close(stop_r)
    try:
        assert os.read(ready_r, 1) == b"1", "the other user could not make the lock file"
        info = os.stat(lock)
        assert (info.st_uid, info.st_mode & 0o777) == (INTRUDER, mode)
        yield pid
    finally:
        os.close(stop_w)  # the other user's process reads the end of the pipe, and exits
        os.close(ready_r)
        os.waitpid(pid, 0)


@contextlib.contextmanager
def as_the_coach() -> Iterator[None]:
    os.setegid(COACH)
    os.seteuid(COACH)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def _opens_and_keeps_others_out(path: Path) -> None:
    with vault.open_vault(path, PASSPHRASE) as v, v.db.atomic():
        v.db["coachees"].insert({"name": "Ines Okafor"})
        # SQLite's lock still keeps a second opener out, whatever the lock file.
        with pytest.raises(WorkbookInUse, match="is busy in another program"):
            vault.open_vault(path, PASSPHRASE)
    with vault.open_vault(path, PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 1


@pytest.mark.parametrize("mode", [0o666, 0o444, 0o600], ids=["0666", "0444", "0600"])
def test_a_lock_file_held_by_another_user_never_locks_the_owner_out(
        shared: Shared, quick_busy: None, mode: int) -> None:
    """0666: the owner can open it but not lock it; 0444: the owner cannot write it;
    0600: the owner cannot open it at all."""
    with held_by_another_user(shared.lock, mode), as_the_coach():
        _opens_and_keeps_others_out(shared.workbook)


@pytest.mark.parametrize("mode", [0o666, 0o444], ids=["0666", "0444"])
def test_a_lock_file_left_by_another_user_never_locks_the_owner_out(
        shared: Shared, quick_busy: None, mode: int) -> None:
    with held_by_another_user(shared.lock, mode, hold=False), as_the_coach():
        _opens_and_keeps_others_out(shared.workbook)


@pytest.fixture
def coach_app_dirs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings and data folders the coach's account can write (the tests' own are root's)."""
    base = Path(tempfile.mkdtemp(prefix="coach-dirs-"))
    try:
        os.chown(base, COACH, COACH)
        monkeypatch.setenv("COACH_WORKBOOK_CONFIG_DIR", str(base / "config"))
        monkeypatch.setenv("COACH_WORKBOOK_DATA_DIR", str(base / "data"))
        yield
    finally:
        shutil.rmtree(base)


def test_the_command_line_opens_past_a_lock_held_by_another_user(
        shared: Shared, workbook_path: Path, coach_app_dirs: None) -> None:
    # The interpreter's own files are root's here: load what the command needs first.
    assert run_cli("list", str(workbook_path), "coachees", "--json")[0] == 0
    with held_by_another_user(shared.lock, 0o666), as_the_coach():
        code, out, err = run_cli("list", str(shared.workbook), "coachees", "--json")
    assert (code, out, err) == (0, "[]\n", "")


def test_root_is_not_locked_out_by_another_users_lock_file_either(shared: Shared,
                                                                   quick_busy: None) -> None:
    # The administrator can open anyone's file, so the lock file opens: its lock is held.
    with held_by_another_user(shared.lock, 0o666):
        _opens_and_keeps_others_out(shared.workbook)


def test_a_restore_names_the_lock_file_another_user_holds(shared: Shared) -> None:
    """Replacing the file holds no SQLite lock: it needs the lock file, and says which file
    to delete rather than "already open"."""
    with held_by_another_user(shared.lock, 0o666), as_the_coach(), \
            fails(CannotOpen, "«shared.cwb.lock», the lock file beside «shared.cwb», belongs to "
                              "another user or cannot be written; delete it, then try again."):
        locking.acquire(shared.workbook)


def test_a_second_window_of_the_owner_is_still_refused_at_once(shared: Shared) -> None:
    """What the lock file is for: the owner's own lock file, held by the owner's other
    window, still says "already open" at once (no wait for SQLite's busy timeout)."""
    with as_the_coach(), vault.open_vault(shared.workbook, PASSPHRASE):
        info = os.stat(shared.lock)
        assert (info.st_uid, info.st_mode & 0o777) == (COACH, 0o600)
        with fails(WorkbookInUse, "«shared.cwb» is already open in another Coach Workbook "
                                  "window or program; close it there first."):
            locking.acquire(shared.workbook, stray_ok=True)


def test_a_hard_link_to_another_of_the_owners_held_lock_files_says_already_open(
        shared: Shared) -> None:
    """Someone who can write to the folder links `shared.cwb.lock` to the lock file of
    another workbook the coach has open: it is the coach's own file, held by the coach's own
    window, and nothing tells it apart from this workbook's, so the coach is told "already
    open" (and can delete the link); it is never passed over, which could let a restore
    replace a workbook that is open."""
    other = shared.folder / "other.cwb"
    shutil.copyfile(shared.workbook, other)
    os.chown(other, COACH, COACH)
    with as_the_coach(), vault.open_vault(other, PASSPHRASE):
        os.seteuid(0)  # the link is made as root: protected_hardlinks would stop others
        try:
            os.link(shared.folder / "other.cwb.lock", shared.lock)
        finally:
            os.seteuid(COACH)
        with fails(WorkbookInUse, "«shared.cwb» is already open"):
            vault.open_vault(shared.workbook, PASSPHRASE)
