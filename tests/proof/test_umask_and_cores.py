"""Whatever the umask, every file the app writes is the owner's alone (0600, folders 0700);
and a process holding a passphrase can leave no core dump.

Each command runs in a real process through the console script's entry point, started under
umask 000 (everything world-writable by default) and 022 (the usual one): create a workbook,
import a roster, back up (by command, and automatically into the backups folder), export
JSON, write a PDF summary, a password-protected one (reopened with its password, and refused
without it) and a day's summaries, write a program report (with its folder of CSV tables) and
merge it into a program summary (into a folder the merge makes), restore a backup to a new
file, over an existing workbook (which is kept in its backups folder) and into folders that
do not exist yet (made private, or refused with nothing made), and change a passphrase (the
backups re-encrypted). Every file and folder
under the test's folder that the test did not make itself is then checked, the exports the
coach asked for included: they hold learner data too. The settings folder is reached
through HOME and XDG_CONFIG_HOME, as on a fresh account, so the app creates it and ~/.config
itself.
"""

from __future__ import annotations

import json
import os
import re
import resource
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from pypdf.errors import FileNotDecryptedError

from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]

# The real entry point (`coach-workbook`) under a given umask, set before anything runs.
_UNDER_UMASK = (
    "import os, runpy, sys\n"
    "os.umask(int(sys.argv.pop(1), 8))\n"
    "sys.argv[0] = 'coach-workbook'\n"
    "runpy.run_module('coach_workbook_app', run_name='__main__')\n"
)
# The window's automatic backup, through the domain call the window makes.
_AUTO_BACKUP = (
    "import os, sys\n"
    "os.umask(int(sys.argv[1], 8))\n"
    "from workbook import backups, vault\n"
    "with vault.open_vault(sys.argv[2], sys.stdin.readline().rstrip('\\n')) as v:\n"
    "    backups.make_backup(v)\n"
)
ROSTER = "name,email,level\nIngrid Solberg,ingrid.solberg@example.org,MS2\n"
PDF_PASSWORD = "A learner's own PDF password 2026"
NEW_PASSPHRASE = "Heron lanterns over Bergen quay 58"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_WORKBOOK_", "XDG_"))}
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen"}


def _run(code_or_args: list[str], stdin: str, home: Path,
         codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, *code_or_args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env=_env(home), timeout=120)
    assert done.returncode in codes, (code_or_args, done.stdout, done.stderr)
    return done


@pytest.mark.parametrize("umask", ["000", "022"])
def test_every_file_and_folder_the_app_writes_is_private(tmp_path: Path, umask: str) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir(mode=0o700)  # a fresh account: a home folder without ~/.config yet
    work.mkdir(mode=0o700)
    ours = {tmp_path, home, work, work / "roster.csv"}
    (work / "roster.csv").write_text(ROSTER, encoding="utf-8")
    book = str(work / "coach.cwb")

    def cli(*args: str, stdin: str = PASSPHRASE + "\n",
            codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        return _run(["-c", _UNDER_UMASK, umask, *args], stdin, home, codes)

    cli("demo", book, stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    cli("new", str(work / "empty.cwb"), stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    cli("import", book, str(work / "roster.csv"))
    (work / "copies").mkdir(mode=0o700)
    ours.add(work / "copies")
    cli("backup", book, str(work / "copies"))
    _run(["-c", _AUTO_BACKUP, umask, book], PASSPHRASE + "\n", home)
    cli("export", book, "-o", str(work / "export.json"))
    cli("summary", book, "1", "-o", str(work / "summary.pdf"))
    cli("summary", book, "1", "-o", str(work / "protected.pdf"), "--password-protect",
        stdin=f"{PASSPHRASE}\n{PDF_PASSWORD}\n")
    (work / "summaries").mkdir(mode=0o700)  # the command writes into a folder that exists
    ours.add(work / "summaries")
    today = date.today()
    cli("summaries", book, "--from", str(today - timedelta(days=30)), "--to", str(today),
        "-o", str(work / "summaries"))
    # a report of a workbook that is not the demo, so that the merge takes it
    cli("program", "report", str(work / "empty.cwb"), "--from", "2026-01", "--to", "2026-12",
        "-o", str(work / "report.json"))
    cli("program", "merge", str(work / "report.json"), "-o", str(work / "program summary"))
    copy = next((work / "copies").iterdir())
    cli("restore", str(copy), str(work / "restored.cwb"))
    cli("restore", str(copy), str(work / "empty.cwb"), "--yes")
    # Into folders that do not exist: made private, or refused (exit 2) with nothing made.
    deep = work / "missing" / "sub" / "restored.cwb"
    refused = cli("restore", str(copy), str(deep), codes=(0, 2))
    if refused.returncode:
        assert refused.stderr.count("\n") == 1 and "missing" in refused.stderr, refused.stderr
        assert not (work / "missing").exists()
    else:
        assert deep.is_file()
    cli("passwd", book, "--backups", "reencrypt",
        stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n")

    written = {p for p in tmp_path.rglob("*") if p not in ours}
    names = {p.name for p in written}
    assert {"coach.cwb", "empty.cwb", "export.json", "summary.pdf", "protected.pdf",
            "report.json", "report tables", "dose.csv", "program summary",
            "program-summary.pdf", "program-summary.json", "restored.cwb"} <= names
    assert any(p.parent.name == "copies" for p in written), "the command's backup is missing"
    assert any(p.parent.parent == work and p.parent.is_dir() and p.suffix == ".cwb"
               and p.parent.name != "copies" for p in written), "the automatic backup is missing"
    assert any(p.parent.name.startswith("empty") and p.parent.parent == work
               and p.parent.is_dir() and p.suffix == ".cwb" for p in written), \
        "the workbook a restore replaced was not kept"
    assert len(list((work / "summaries").glob("summary-*.pdf"))) >= 1
    assert any(home in p.parents for p in written), "the settings folder was not made"
    wrong = sorted(f"{oct(stat.S_IMODE(p.lstat().st_mode))} {p.relative_to(tmp_path)}"
                   for p in written
                   if stat.S_IMODE(p.lstat().st_mode) != (0o700 if p.is_dir() else 0o600))
    assert wrong == []
    _opens_with_its_password_only(work / "protected.pdf", work / "summary.pdf")


def _text(reader: pypdf.PdfReader) -> list[str]:
    """Each page's text, the day it was prepared left out (midnight may fall between two
    runs)."""
    return [re.sub(r"Prepared \d{1,2} \w+ \d{4}", "Prepared", page.extract_text())
            for page in reader.pages]


def _opens_with_its_password_only(protected: Path, plain: Path) -> None:
    """The protected PDF is encrypted: no page can be read without its password or with
    another; with it, it holds what the unprotected one does."""
    expected = _text(pypdf.PdfReader(plain))
    assert any("Prepared" in text for text in expected)
    locked = pypdf.PdfReader(protected)
    assert locked.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        locked.pages[0].extract_text()
    assert locked.decrypt("Not the learner's password 2026") == pypdf.PasswordType.NOT_DECRYPTED
    opened = pypdf.PdfReader(protected)
    assert opened.decrypt(PDF_PASSWORD) != pypdf.PasswordType.NOT_DECRYPTED
    assert _text(opened) == expected


# -- core dumps --------------------------------------------------------------------------
# Prints, as the process ends, what a crash of it could leave: its core-file limits and
# whether it is dumpable (PR_GET_DUMPABLE = 3). `--entry` picks the real entry point run.
_REPORT = r"""
import atexit, ctypes, json, resource, sys
def report():
    dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) if sys.platform.startswith("linux") else 0
    print("LIMITS " + json.dumps([*resource.getrlimit(resource.RLIMIT_CORE), dumpable]))
atexit.register(report)
entry, args = sys.argv[1], sys.argv[2:]
if entry == "none":
    sys.exit(0)
if entry == "window":
    import ui.window.app
    ui.window.app.run_app = lambda path: 0  # the window would open here: stop before it
    from coach_workbook_app.launch import main
elif entry == "app":
    from coach_workbook_app.launch import main
else:
    from workbook.cli import main
main(args, prog_name="coach-workbook")
"""


def _limits(entry: str, *args: str) -> tuple[int, int, int]:
    """(soft, hard, dumpable) in a child started through `entry`, its core limit raised
    first to the most this test process may grant, so the entry point must lower it."""
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    done = subprocess.run(
        [sys.executable, "-c", _REPORT, entry, *args], input=PASSPHRASE + "\n", text=True,
        capture_output=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (hard, hard)))
    line = [x for x in done.stdout.splitlines() if x.startswith("LIMITS ")]
    assert line, done.stdout + done.stderr
    soft_limit, hard_limit, dumpable = json.loads(line[-1].removeprefix("LIMITS "))
    return soft_limit, hard_limit, dumpable


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_plain_child_could_dump_core() -> None:
    """The control: without the entry points a child is dumpable, so the test below is not
    satisfied by the environment."""
    assert _limits("none")[2] == 1


@pytest.mark.parametrize(("entry", "args"), [
    ("cli", ("verify", "missing.cwb")),
    ("app", ("list", "missing.cwb")),
    ("window", ("gui",)),
])
def test_core_dumps_are_off_in_every_entry_point(entry: str, args: tuple[str, ...]) -> None:
    soft_limit, hard_limit, dumpable = _limits(entry, *args)
    assert (soft_limit, hard_limit) == (0, 0)
    if sys.platform.startswith("linux"):
        assert dumpable == 0
