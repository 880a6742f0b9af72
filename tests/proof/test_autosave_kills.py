"""Killed while autosaving, the workbook loses no acknowledged edit and is never damaged.

A real process (tests/proof/autosave_child.py) opens a real workbook and saves one section's
notes in a loop, saying `ACK n` only after save n returned from its commit; it is SIGKILLed at
a random moment while saving. The workbook is then reopened: the section holds the last
acknowledged text or the one after it (committed, not yet acknowledged), never anything
else; the file passes `verify` (every page's HMAC, SQLite's integrity, foreign keys); and
nothing is left beside it or in the record of temporary files (but a dead journal, see
`_nothing_beside`, gone after the next write). An acknowledged edit is one
whose commit returned before the kill.

Two ways in: the domain call the autosaver makes (`workbook.notes.save_note`, full count
300), and the real session editor offscreen, typed into, its autosaver on the app's worker
thread (full count 50: each start costs a window).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.proof import FULL, repeats
from tests.proof.autosave_child import body, burst
from workbook import coachees, leftovers, notes, sessions
from workbook.vault import open_vault

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("autosave_child.py")
# The kill lands this long after the child said READY (its loop is running by then).
MAX_DELAY_S = {"domain": 0.3, "window": 1.0}
KILLS = {"domain": repeats(300), "window": repeats(50)}
# Each run starts a process (the window's, a window) and reopens and verifies the workbook:
# about 0.75 s through the domain and 1.6 s through the window on a 2-core machine. The
# per-test limit (pytest-timeout, 300 s in pyproject.toml) is too short for 300 runs: each
# test gets about four times its measured time, plus room for a slow start.
SECONDS_PER_RUN = {"domain": 3, "window": 6}


def _limit(way: str) -> int:
    return 120 + SECONDS_PER_RUN[way] * KILLS[way]


@pytest.fixture
def section(workbook_path: Path) -> tuple[Path, int, int, int]:
    """(workbook, section id, session id, coachee id): one session's first section."""
    with open_vault(workbook_path, PASSPHRASE) as v:
        coachee_id = coachees.add(v.db, "Aurelio Fenwick").id
        session_id = sessions.start(v.db, coachee_id, "grow").id
        section_id = notes.list_sections(v.db, session_id)[0].id
    return workbook_path, section_id, session_id, coachee_id


def _kill_while_saving(args: list[str], delay: float) -> tuple[int, bool]:
    """Run the child, SIGKILL it `delay` s after it is READY: (last ACK or 0, whether the
    kill found a transaction half-committed: SQLite's rollback journal beside the file)."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    watchdog = threading.Timer(120, proc.kill)  # a child that hangs fails, never blocks
    watchdog.start()
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PASSPHRASE + "\n")
        proc.stdin.close()
        proc.stdin = None  # written and closed: nothing for communicate() to flush
        ready = proc.stdout.readline()
        if ready.strip() == "READY":
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        watchdog.cancel()
    assert ready.strip() == "READY", ready + err
    assert proc.returncode != 0 and "Traceback" not in err, err  # killed, not failed
    journal = Path(args[1] + "-journal").exists()
    # A line cut by the kill is not an acknowledgement: only whole lines count.
    acks = [int(line.split()[1]) for line in out.split("\n")[:-1] if line.startswith("ACK ")]
    return (acks[-1] if acks else 0), journal


def _reopen(path: Path, section_id: int) -> str:
    """The section's text after the kill, once the file has passed its checks."""
    with open_vault(path, PASSPHRASE) as v:
        report = v.verify()
        assert report.ok, report.problems
        text = notes.get_section(v.db, section_id).body
    _nothing_beside(path, dead_journal_ok=True)
    return text


def _nothing_beside(path: Path, *, dead_journal_ok: bool = False) -> None:
    """Nothing but the workbook and its lock file; with `dead_journal_ok`, a rollback
    journal whose header is zeroed may remain: in exclusive locking mode a commit zeroes the
    header instead of deleting the file, so a kill right after a commit leaves one. SQLite
    never replays it, and deletes it when the workbook is next written and closed."""
    journal = Path(f"{path}-journal")
    if dead_journal_ok and journal.exists():
        assert journal.read_bytes()[:8] == bytes(8), "a live journal survived the reopening"
    left = sorted(p.name for p in path.parent.iterdir() if p.name != path.name
                  and not p.name.endswith(".lock") and not (dead_journal_ok and p == journal))
    assert left == [], "files left beside the workbook"
    assert leftovers.recorded() == []


def _written_and_closed(path: Path, section_id: int, text: str) -> None:
    """The next session of work: after it, nothing at all is left beside the workbook."""
    with open_vault(path, PASSPHRASE) as v:
        notes.save_note(v.db, section_id, text + " Next meeting in May.")
    _nothing_beside(path)


@pytest.mark.timeout(_limit("domain"))
def test_killed_domain_autosaves_lose_no_acknowledged_note(
        section: tuple[Path, int, int, int]) -> None:
    path, section_id, _, _ = section
    rng = random.Random("domain autosave kills")
    text, mid_commit, acknowledged = "", 0, 0
    for run in range(1, KILLS["domain"] + 1):
        ack, journal = _kill_while_saving(
            ["domain", str(path), str(section_id), str(run)],
            rng.uniform(0, MAX_DELAY_S["domain"]))
        mid_commit += journal
        acknowledged += ack
        before, text = text, _reopen(path, section_id)
        allowed = {body(run, ack), body(run, ack + 1)} if ack else {before, body(run, 1)}
        assert text in allowed, f"run {run}: ACK {ack}, the section holds {text[:12]!r}"
    assert acknowledged > KILLS["domain"], "the child barely saved before each kill"
    _written_and_closed(path, section_id, text)
    assert mid_commit or not FULL, "no kill landed inside a commit"


@pytest.mark.timeout(_limit("window"))
def test_killed_window_autosaves_lose_no_acknowledged_note(
        section: tuple[Path, int, int, int]) -> None:
    path, section_id, session_id, coachee_id = section
    rng = random.Random("window autosave kills")
    text, acknowledged = "", 0
    for run in range(1, KILLS["window"] + 1):
        ack, _ = _kill_while_saving(
            ["window", str(path), str(section_id), str(run), str(session_id), str(coachee_id)],
            rng.uniform(0, MAX_DELAY_S["window"]))
        acknowledged += ack
        before, text = text, _reopen(path, section_id)
        typed = [before + "".join(burst(run, k) for k in range(1, m + 1))
                 for m in (ack, ack + 1)]
        assert text in typed, f"run {run}: ACK {ack}, the section ends {text[-40:]!r}"
    assert acknowledged >= KILLS["window"], "the editor barely saved before each kill"
    _written_and_closed(path, section_id, text)
