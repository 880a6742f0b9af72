"""Killed while writing, a command leaves the old file or the new one, never half of one, and
no temporary file survives the next start.

Each command that writes a file (`passwd`, `backup`, `export`, `summary -o`, `portfolio -o`)
runs in a real process on a small workbook and is killed (SIGKILL); the next run of the
command is the "next start" that must clean up. Full counts: 100 kills per command. Every
other kill lands at a random moment within the time the command takes uninterrupted; a random
moment seldom falls inside the milliseconds the temporary file exists (a re-keyed copy or a
backup takes a few, an export tens, a PDF well under one: it is rendered in memory first), so
the others wait until the command's temporary file appears and land then. At both counts
some kills must have left a temporary file that the next start removed, and after every kill
the target is the old file or a whole new one: a copy opens with one passphrase and
verifies, an export parses and holds what an uninterrupted run exports, a PDF parses and
holds the text of an uninterrupted run's.
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


def _temporary(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.startswith(".")}


def _killed(args: list[str], stdin: str, delay: float, watch: Path | None = None) -> str:
    """Start the command, kill it after `delay` seconds (if still running) or, with `watch`,
    as soon as a new temporary (dot) file appears in that folder; its stderr. (A temporary
    file an earlier kill left there is not new: this start is to remove it.)"""
    there = _temporary(watch) if watch is not None else set()
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=_env())
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    proc.stdin = None  # written and closed: nothing for communicate() to flush
    if watch is None:
        time.sleep(delay)
    else:
        while proc.poll() is None and not _temporary(watch) - there:
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
    whole: list[dict[str, object]] = []  # what an uninterrupted run exports

    def command(_i: int) -> tuple[list[str], str]:
        old[:] = [target.read_bytes()] if target.exists() else []
        return _cli("export", str(workbook), "-o", str(target), "--force"), PASSPHRASE + "\n"

    def check(_i: int) -> None:
        now = target.read_bytes()
        if [now] != old:  # a new export: the whole of one, or the kill left the old one
            doc = json.loads(now)
            doc.pop("exported_at")
            if not whole:
                whole.append(doc)
            assert doc == whole[0], "a new export differs from an uninterrupted one"
        assert _digest(workbook) == before

    cleaned = _kill_repeatedly(folder, command, check, "export", watch=folder)
    assert whole[0]["format"] == "coach-workbook" and whole[0]["coachees"]
    assert cleaned, "no kill landed while the export was being written"


def _pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path, strict=True).pages]


def _killed_pdf_leaves_old_or_new(folder: Path, kind: str, record: str) -> None:
    """`kind` (summary or portfolio) of `record` written over and over to one PDF, killed."""
    workbook, target = folder / "coach.cwb", folder / f"{kind}.pdf"
    before = _digest(workbook)
    old: list[bytes] = []
    whole: list[list[str]] = []  # the pages' text of an uninterrupted run's PDF

    def writing(to: Path) -> tuple[list[str], str]:
        return _cli(kind, str(workbook), record, "-o", str(to), "--force"), PASSPHRASE + "\n"

    def command(_i: int) -> tuple[list[str], str]:
        old[:] = [target.read_bytes()] if target.exists() else []
        return writing(target)

    def uninterrupted() -> list[str]:
        """The text of the PDF a run writes now (it prints the day it was made)."""
        (folder / "reference").mkdir(exist_ok=True)
        done = _run(*writing(folder / "reference" / target.name))
        assert done.returncode == 0, done.stderr
        return _pdf_text(folder / "reference" / target.name)

    def check(_i: int) -> None:
        now = target.read_bytes()
        if [now] != old:  # a new PDF: the whole of one, or the kill left the old one
            assert now.rstrip().endswith(b"%%EOF"), "a new PDF is cut short"
            text = _pdf_text(target)
            if not whole or text != whole[0]:
                whole[:] = [uninterrupted()]
            assert text == whole[0], "a new PDF differs from an uninterrupted one"
        assert _digest(workbook) == before

    cleaned = _kill_repeatedly(folder, command, check, kind, watch=folder)
    pages = len(whole[0])
    assert all(f"Page {n} of {pages}" in text for n, text in enumerate(whole[0], 1))
    assert cleaned, f"no kill landed while the {kind} PDF was being written"


def test_killed_summary_leaves_the_old_pdf_or_the_new_one(folder: Path) -> None:
    _killed_pdf_leaves_old_or_new(folder, "summary", "1")


def test_killed_portfolio_leaves_the_old_pdf_or_the_new_one(folder: Path) -> None:
    _killed_pdf_leaves_old_or_new(folder, "portfolio", "1")
