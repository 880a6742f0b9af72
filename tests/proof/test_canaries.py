"""Nothing confidential reaches disk in plaintext except the exports the coach asked for, no
code reaches the network, and a locked window shows no name.

Fifty unique canary strings (fictional) go into every kind of field, through the command line
(a roster import, a JSON import) and through the real window offscreen (a value and its
reflection, a goal, a session's title, shared and private sections, the clipboard); then the
workbook is exported to JSON, its summary and a portfolio printed to PDF, backed up (by
command, and automatically by the window), locked and closed. Every process has its own HOME,
XDG folders and TMPDIR under the test's folder; every file written there, and beside the
workbook, is then scanned for each canary as UTF-8, UTF-16-LE and UTF-16-BE, also inside
every zlib stream of a PDF, ignoring case. The only hits allowed are the deliberate exports
(which must hold them: the canaries really went in). Each process also runs under an audit
hook that ends it if it opens a network socket or resolves a name.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import PASSPHRASE
from workbook import actions, coachees, goals, notes, sessions, values
from workbook.exchange.json_export import export_json
from workbook.vault import create, open_vault

ROOT = Path(__file__).resolve().parents[2]
CANARIES = [f"Qzv{i:02d}canarywren" for i in range(50)]
# Run first in every child: a network call ends the process with this code and a line.
OFFLINE = 97
_NO_NETWORK = (
    "import os, sys\n"
    "def _offline(event, args):\n"
    "    if event in ('socket.getaddrinfo', 'socket.gethostbyname', 'socket.gethostbyaddr')"
    " or (event in ('socket.connect', 'socket.bind', 'socket.sendto')"
    " and getattr(args[0], 'family', None) != getattr(__import__('socket'), 'AF_UNIX', 0)):\n"
    "        sys.stderr.write(f'NETWORK {event} {args!r}\\n'); sys.stderr.flush()"
    f"; os._exit({OFFLINE})\n"
    "sys.addaudithook(_offline)\n"
)
_CLI = _NO_NETWORK + (
    "import runpy\n"
    "sys.argv[0] = 'coach-workbook'\n"
    "runpy.run_module('coach_workbook_app', run_name='__main__')\n"
)
_WINDOW = _NO_NETWORK + (
    "import runpy\n"
    f"sys.argv[0] = {str(Path(__file__).with_name('canary_window.py'))!r}\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def test_no_test_can_reach_the_network() -> None:
    """tests/conftest.py's audit hook: a connection, a bound port or a name lookup raises in
    any test (and fails it, even when caught); a local socket (AF_UNIX) is allowed."""
    seen = len(conftest._network_calls)
    with pytest.raises(PermissionError):
        socket.getaddrinfo("coach-workbook.invalid", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(PermissionError):
        s.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing would answer anyway
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(PermissionError):
        s.bind(("127.0.0.1", 0))
    if hasattr(socket, "AF_UNIX"):
        a, b = socket.socketpair(socket.AF_UNIX)
        a.close(), b.close()
    assert len(conftest._network_calls) == seen + 3
    del conftest._network_calls[seen:]  # this test meant it


def test_the_scanner_sees_through_case_utf16_and_pdf_streams() -> None:
    canary = CANARIES[7]
    assert _hits(canary.upper().encode("utf-16-be")) == {canary}
    pdf = (b"%PDF-1.7\n4 0 obj <</Filter /FlateDecode>> stream\n"
           + zlib.compress(f"BT ({canary}) Tj ET".encode()) + b"\nendstream")
    assert _hits(pdf) == {canary}
    assert _hits(b"%PDF-1.7\n" + canary.encode("utf-16-le")[:-2]) == set()


# -- the scenario ----------------------------------------------------------------------
def _env(base: Path) -> dict[str, str]:
    home = base / "home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COACH_WORKBOOK_", "XDG_")) and k != "TMPDIR"}
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(home / "run"),
            "TMPDIR": str(base / "tmp"), "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen"}


def _run(base: Path, script: str, *args: str, stdin: str = PASSPHRASE + "\n") -> str:
    done = subprocess.run([sys.executable, "-c", script, *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env=_env(base), timeout=300)
    assert done.returncode != OFFLINE, done.stderr
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def _roster(path: Path, canaries: list[str]) -> None:
    rows = ["name,email,program,cohort,tags"]
    for a, b, c, d, e in zip(*[iter(canaries)] * 5, strict=True):
        rows.append(f"{a} {b},{c.lower()}@example.org,{d},{e},mentored")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _json_document(folder: Path, canaries: list[str]) -> Path:
    """A workbook export holding `canaries` in names, values, goals, milestones, sessions,
    shared and private sections and action items (made by the domain, written by the test)."""
    left = list(canaries)
    with create(folder / "scratch.cwb", PASSPHRASE) as v:
        db = v.db
        cid = coachees.add(db, f"{left.pop()} {left.pop()}", program=left.pop()).id
        values.add(db, cid, left.pop(), reflection=left.pop())
        gid = goals.add(db, cid, left.pop(), specific=left.pop(), measurable=left.pop()).id
        goals.add_milestone(db, gid, left.pop())
        sid = sessions.start(db, cid, "grow").id
        sessions.update(db, sid, title=left.pop(), agenda=left.pop())
        for section in notes.list_sections(db, sid):
            notes.save_note(db, section.id, f"{left.pop()} said the week went well.")
        actions.add(db, cid, left.pop(), session_id=sid, owner_note=left.pop())
        while left:
            values.add(db, cid, left.pop())
        doc = export_json(db)
    path = folder / "import.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _streams(data: bytes) -> list[bytes]:
    """The inflated contents of every zlib stream of a PDF."""
    found = []
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            found.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    return found


def _hits(data: bytes) -> set[str]:
    views = [data.lower(), *(s.lower() for s in (_streams(data) if data[:4] == b"%PDF" else []))]
    return {c for c in CANARIES for enc in ("utf-8", "utf-16-le", "utf-16-be")
            if any(c.lower().encode(enc) in view for view in views)}


def test_fifty_canaries_reach_no_file_but_the_exports(tmp_path: Path) -> None:
    base, inputs = tmp_path / "run", tmp_path / "inputs"
    work, home = base / "work", base / "home"
    for folder in (work, home, home / "run", base / "tmp", inputs):
        folder.mkdir(parents=True, mode=0o700)
    book = str(work / "coach.cwb")
    roster, rest = CANARIES[:20], CANARIES[20:]
    from_json, in_window = rest[:20], rest[20:]
    _roster(inputs / "roster.csv", roster)
    document = _json_document(inputs, from_json)

    # the command line: a workbook, a roster and a JSON document imported
    _run(base, _CLI, "new", book, stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    _run(base, _CLI, "import", book, str(inputs / "roster.csv"))
    _run(base, _CLI, "import", book, str(document))
    with open_vault(book, PASSPHRASE) as v:
        first = next(c for c in coachees.list_coachees(v.db) if roster[0] in c.name)
    # the window: typing, the automatic backup, the clipboard, the lock
    report = json.loads(_run(base, _WINDOW, book, str(first.id), *in_window).splitlines()[-1])
    assert report["typed"] == len(in_window)
    assert report["shown_after_lock"] == [] and report["clipboard_after_lock"] == []
    # the deliberate exports, and a backup by command
    exports = {work / "export.json", work / "summary.pdf", work / "portfolio.pdf"}
    _run(base, _CLI, "export", book, "-o", str(work / "export.json"))
    with open_vault(book, PASSPHRASE) as v:
        session_id = max(s.id for s in sessions.list_sessions(v.db, first.id))
    _run(base, _CLI, "summary", book, str(session_id), "-o", str(work / "summary.pdf"))
    _run(base, _CLI, "portfolio", book, str(first.id), "-o", str(work / "portfolio.pdf"))
    (work / "copies").mkdir(mode=0o700)
    _run(base, _CLI, "backup", book, str(work / "copies"))

    exported = (work / "export.json").read_text(encoding="utf-8").lower()
    clipboard_only = in_window[0]  # the window puts its last canary on the clipboard only
    assert [c for c in CANARIES if c.lower() not in exported] == [clipboard_only], \
        "a canary never went in"
    printed = _hits((work / "summary.pdf").read_bytes())
    assert printed, "the summary printed no canary"
    # the GROW template's last section (private notes) took in_window[1]
    assert in_window[1] not in printed, "the private section reached the learner's summary"
    written = sorted(p for p in base.rglob("*") if p.is_file() and p not in exports)
    assert any(p.suffix == ".cwb" and "backups" in p.parent.name for p in written)
    leaks = {str(p.relative_to(base)): sorted(_hits(p.read_bytes())) for p in written}
    assert {k: v for k, v in leaks.items() if v} == {}
    assert len(written) >= 5, written
