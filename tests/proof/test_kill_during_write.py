"""Killed while writing, a command leaves the old file or the new one, never half of one, and
no temporary file survives the next start.

Each command that writes a file (`passwd`, `backup`, `export`, `summary -o`) runs in a real
process on a small workbook and is killed (SIGKILL) after a random delay within the time it
takes uninterrupted; the next run of the command is the "next start" that must clean up.
Full counts: 100 kills per command. A random moment seldom falls inside the few
milliseconds a small copy takes to write, so for a re-keyed or backed-up copy every other kill
waits until the command's temporary file exists and lands then: at full counts some kills
must have left a temporary file for the next start. An export or a PDF is made in memory and
written in milliseconds, so its kills land at random moments only (tests/test_leftovers.py
kills a process that holds one).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from tests.conftest import PASSPHRASE
from tests.proof import repeats
from workbook import leftovers
from workbook import vault as vault_mod
from workbook.errors import WrongPassphrase
from workbook.user_folders import config_dir

# At full counts a passphrase change killed 100 times takes minutes (each run fsyncs a
# re-keyed copy of the whole file): more than the suite's per-test limit.
pytestmark = pytest.mark.timeout(1800)

ROOT = Path(__file__).resolve().parents[2]
OTHER_PASSPHRASE = "Quartz lanterns drift over Tromsø harbour 7"
LEFT = "left by an interrupted run was removed"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "workbook.cli", *args]


def _env() -> dict[str, str]:
    # The settings folder is the test's own (tests/conftest.py sets it in os.environ).
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, input=stdin, text=True, capture_output=True, cwd=ROOT,
                          env=_env(), timeout=120)


def _killed(args: list[str], stdin: str, delay: float, watch: Path | None = None) -> str:
    """Start the command, kill it after `delay` seconds (if still running) or, with `watch`,
    as soon as a temporary (dot) file appears in that folder; its stderr."""
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=_env())
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    proc.stdin = None  # written and closed: nothing for communicate() to flush
    if watch is None:
        time.sleep(delay)
    else:
        while proc.poll() is None and not any(p.name.startswith(".") for p in watch.iterdir()):
            time.sleep(0.0005)
    proc.kill()
    _, err = proc.communicate(timeout=60)
    return err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _opens(path: Path, passphrase: str) -> bool:
    try:
        with vault_mod.open_vault(path, passphrase) as v:
            assert v.verify().ok, f"{path.name} opens but does not verify"
    except WrongPassphrase:
        return False
    return True


@pytest.fixture(scope="module")
def small_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill-source") / "demo.cwb"
    done = _run(_cli("demo", str(path)), f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def folder(small_workbook: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "coach.cwb"
    copy.write_bytes(small_workbook.read_bytes())
    os.chmod(copy, 0o600)
    return tmp_path


def _no_leftovers(folder: Path) -> None:
    assert sorted(p.name for p in folder.rglob(".*")) == []  # any temporary name, any era
    assert leftovers.recorded() == []
    running = config_dir() / "running"
    assert not running.is_dir() or list(running.iterdir()) == []


def _kill_repeatedly(folder: Path, command: Callable[[int], tuple[list[str], str]],
                     check: Callable[[int], None], name: str, watch: Path | None = None) -> int:
    """Measure one whole run, then kill `repeats(100)` runs at random moments within it (with
    `watch`, every other one as soon as a temporary file appears there), checking the target
    after each; then one more start must leave nothing behind.
    Returns how many kills left a temporary file for the next start to remove."""
    args, stdin = command(-1)
    started = time.perf_counter()
    done = _run(args, stdin)
    duration = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    check(-1)
    rng = random.Random(name)
    cleaned = 0
    for i in range(repeats(100)):
        args, stdin = command(i)
        err = _killed(args, stdin, rng.uniform(0, duration), watch if i % 2 else None)
        cleaned += err.count(LEFT)
        check(i)
    final = _run(_cli("verify", str(folder / "coach.cwb")), _current[0] + "\n")
    assert final.returncode == 0, final.stderr
    cleaned += final.stderr.count(LEFT)
    _no_leftovers(folder)
    return cleaned


_current = [PASSPHRASE]  # the passphrase that opens coach.cwb now


@pytest.fixture(autouse=True)
def _reset_passphrase() -> None:
    _current[0] = PASSPHRASE


def test_killed_passwd_leaves_exactly_one_passphrase_that_opens(folder: Path) -> None:
    workbook = folder / "coach.cwb"

    def command(_i: int) -> tuple[list[str], str]:
        new = OTHER_PASSPHRASE if _current[0] == PASSPHRASE else PASSPHRASE
        return _cli("passwd", str(workbook)), f"{_current[0]}\n{new}\n"

    def check(_i: int) -> None:
        other = OTHER_PASSPHRASE if _current[0] == PASSPHRASE else PASSPHRASE
        old_opens, new_opens = _opens(workbook, _current[0]), _opens(workbook, other)
        assert old_opens != new_opens, "exactly one of the two passphrases opens it"
        _current[0] = _current[0] if old_opens else other

    cleaned = _kill_repeatedly(folder, command, check, "passwd", watch=folder)
    assert cleaned, "no kill landed while the re-keyed copy was being written"


def test_killed_backup_leaves_no_copy_or_a_whole_one(folder: Path) -> None:
    workbook = folder / "coach.cwb"
    before = _digest(workbook)

    def target(i: int) -> Path:
        return folder / "backups" / f"copy-{i + 1}.cwb"  # a backup never replaces a workbook

    def command(i: int) -> tuple[list[str], str]:
        target(i).parent.mkdir(exist_ok=True)
        return _cli("backup", str(workbook), str(target(i))), PASSPHRASE + "\n"

    def check(i: int) -> None:
        assert not target(i).exists() or _opens(target(i), PASSPHRASE)
        assert _digest(workbook) == before

    cleaned = _kill_repeatedly(folder, command, check, "backup", watch=folder / "backups")
    assert cleaned, "no kill landed while the copy was being written"


def test_killed_export_leaves_the_old_export_or_the_new_one(folder: Path) -> None:
    workbook, target = folder / "coach.cwb", folder / "export.json"
    before = _digest(workbook)
    old: list[bytes] = []

    def command(_i: int) -> tuple[list[str], str]:
        old[:] = [target.read_bytes()] if target.exists() else []
        return _cli("export", str(workbook), "-o", str(target), "--force"), PASSPHRASE + "\n"

    def check(_i: int) -> None:
        now = target.read_bytes()
        if [now] != old:
            assert json.loads(now)["format"] == "coach-workbook"
        assert _digest(workbook) == before

    _kill_repeatedly(folder, command, check, "export")


def test_killed_summary_leaves_the_old_pdf_or_the_new_one(folder: Path) -> None:
    workbook, target = folder / "coach.cwb", folder / "summary.pdf"
    before = _digest(workbook)
    old: list[bytes] = []

    def command(_i: int) -> tuple[list[str], str]:
        old[:] = [target.read_bytes()] if target.exists() else []
        return (_cli("summary", str(workbook), "1", "-o", str(target), "--force"),
                PASSPHRASE + "\n")

    def check(_i: int) -> None:
        now = target.read_bytes()
        if [now] != old:
            assert len(pypdf.PdfReader(target).pages) >= 1
        assert _digest(workbook) == before

    _kill_repeatedly(folder, command, check, "summary")
