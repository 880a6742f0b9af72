"""One process at a time, by SQLite's own lock: a workbook reached through a link, or whose
lock file was deleted, is refused as busy; a stray lock file never locks its owner out."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import fails, run_cli
from workbook import vault
from workbook.errors import CannotOpen, WorkbookInUse, WrongPassphrase
from workbook.vault import core, locking

ROOT = Path(__file__).resolve().parent.parent
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and owners")

# Opens the workbook and only reads it: before SQLite's lock was taken at once, a reader
# like this held no lock another process would meet.
_HOLDER = """
import sys, time
from workbook import vault
v = vault.open_vault(sys.argv[1], sys.argv[2])
print("open", flush=True)
time.sleep(120)
"""

IN_USE_HERE = "is already open in another Coach Workbook window or program; close it there first."
BUSY = "is busy in another program; close it there first."


@pytest.fixture
def quick_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "BUSY_TIMEOUT_S", 0.2)


@pytest.fixture
def holder(workbook_path: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(workbook_path), PASSPHRASE],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "open"
        yield proc
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@posix_only
def test_a_link_from_another_folder_meets_the_same_lock_file(
    workbook_path: Path, tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    elsewhere = tmp_path / "shortcuts"
    elsewhere.mkdir()
    link = elsewhere / "my notes.cwb"
    link.symlink_to(workbook_path)
    with fails(WorkbookInUse, f"«my notes.cwb» {IN_USE_HERE}"):
        vault.open_vault(link, PASSPHRASE)
    assert not (elsewhere / "my notes.cwb.lock").exists()


def test_a_deleted_lock_file_lets_no_second_process_in(
    workbook_path: Path, holder: subprocess.Popen[str], quick_busy: None
) -> None:
    (workbook_path.parent / "coach.cwb.lock").unlink()
    with fails(WorkbookInUse, f"«{workbook_path}» {BUSY}"):
        vault.open_vault(workbook_path, PASSPHRASE)
    # Busy is never "wrong passphrase", whatever passphrase is typed.
    with pytest.raises(WorkbookInUse):
        vault.open_vault(workbook_path, PASSPHRASE + "x")


def test_the_command_line_says_busy_with_its_exit_code(
    workbook_path: Path, holder: subprocess.Popen[str], quick_busy: None
) -> None:
    (workbook_path.parent / "coach.cwb.lock").unlink()
    code, out, err = run_cli("list", str(workbook_path), "coachees")
    assert (code, out, err) == (5, "", f"«{workbook_path}» {BUSY}\n")


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o666, 0o755])
def test_the_owners_own_held_lock_file_refuses_whatever_its_mode(
    workbook_path: Path, tmp_path: Path, holder: subprocess.Popen[str], mode: int
) -> None:
    """On a FAT stick or an SMB share every file shows such a mode: the coach's own lock
    file, held by their other window, still means "already open", and a restore, which
    relies on it alone, never replaces the workbook under that window."""
    backup = tmp_path / "backup.cwb"
    shutil.copyfile(workbook_path, backup)
    os.chmod(workbook_path.parent / "coach.cwb.lock", mode)
    with fails(WorkbookInUse, f"«coach.cwb» {IN_USE_HERE}"):
        vault.open_vault(workbook_path, PASSPHRASE)
    before = workbook_path.read_bytes()
    code, _out, err = run_cli("restore", str(backup), str(workbook_path), "--yes")
    assert code == 5 and IN_USE_HERE in err and "delete" not in err, err
    assert workbook_path.read_bytes() == before


def test_a_released_workbook_opens_again(workbook_path: Path,
                                         holder: subprocess.Popen[str]) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    vault.open_vault(workbook_path, PASSPHRASE).close()


def _lock_file_nobody_can_use(workbook_path: Path) -> Path:
    """A lock file beside the workbook that this user cannot open for writing."""
    lock = workbook_path.parent / (workbook_path.name + ".lock")
    lock.write_bytes(b"")
    lock.chmod(0o400)
    return lock


@pytest.fixture
def other_user() -> Iterator[int | None]:
    """Root ignores permission bits: act as an unprivileged user for the test's body."""
    if os.name != "posix" or os.geteuid() != 0:
        yield None
        return
    yield 65533


@posix_only
def test_a_stray_lock_file_never_blocks_its_owner(workbook_path: Path, quick_busy: None,
                                                  other_user: int | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="shared-"))
    try:
        path = folder / "coach.cwb"
        shutil.copyfile(workbook_path, path)
        lock = _lock_file_nobody_can_use(path)
        if other_user is not None:
            # The lock file stays root's (0400); the coach is another, ordinary account.
            os.chown(folder, other_user, other_user)
            os.chown(path, other_user, other_user)
            os.setegid(other_user)
            os.seteuid(other_user)
        try:
            with pytest.raises(PermissionError):
                open(lock, "r+b").close()
            with vault.open_vault(path, PASSPHRASE) as v, v.db.atomic():
                v.db["coachees"].insert({"name": "Ines Okafor"})
                # SQLite's lock keeps a second opener out, lock file or not.
                with pytest.raises(WorkbookInUse, match="busy"):
                    vault.open_vault(path, PASSPHRASE)
            # Replacing the file (a restore) needs the lock file: it says how to clear it.
            with fails(CannotOpen, "«coach.cwb.lock», the lock file beside «coach.cwb», "
                                   "belongs to another user or cannot be written; delete it"):
                locking.acquire(path)
        finally:
            if other_user is not None:
                os.seteuid(0)
                os.setegid(0)
    finally:
        shutil.rmtree(folder)


def test_a_new_workbook_is_held_by_sqlite_from_the_start(tmp_path: Path,
                                                        quick_busy: None) -> None:
    path = tmp_path / "fresh.cwb"
    with vault.create(path, PASSPHRASE):
        (tmp_path / "fresh.cwb.lock").unlink()
        with pytest.raises(WorkbookInUse, match="busy"):
            vault.open_vault(path, PASSPHRASE)


@posix_only
def test_a_passphrase_changed_through_a_link_re_encrypts_the_file(workbook_path: Path,
                                                                  tmp_path: Path) -> None:
    link = tmp_path / "link.cwb"
    link.symlink_to(workbook_path)
    new = "Another fictional passphrase 2027"
    with vault.open_vault(link, PASSPHRASE) as v:
        v.change_passphrase(PASSPHRASE, new)
        assert v.db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 0
    assert link.is_symlink() and link.resolve() == workbook_path.resolve()
    vault.open_vault(workbook_path, new).close()
    with pytest.raises(WrongPassphrase):
        vault.open_vault(workbook_path, PASSPHRASE)
