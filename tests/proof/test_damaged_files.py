"""Proof: 500 damaged or foreign files, each through a command, each with its right sentence
and exit code, and each left byte for byte as it was.

Damage: truncations at page boundaries and inside pages, flipped bytes in the salt, in the
rest of the first page and in later pages, zero-filled pages and files. Foreign files: PDF,
ZIP, PNG, JSON, CSV (UTF-8 and UTF-16), a plain SQLite database, another program's
SQLCipher database, random bytes, an empty file, a named pipe, a workbook whose schema
version was wiped and one written by a newer version. Each file goes through one command,
the commands taking turns: reading it (list, search, verify), writing from it (export,
backup, summary), changing it (passwd, import of an export and of a roster) or restoring
it as a backup. They run in-process (click's runner) with the right passphrase; stderr at
the descriptor is checked too, so nothing SQLCipher might log goes unseen.
"""

from __future__ import annotations

import codecs
import os
import random
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from tests.proof import repeats
from tests.records import run_cli
from workbook import migrations, vault
from workbook.errors import EXIT_CANNOT_OPEN
from workbook.vault import sniff

PAGE = sniff.PAGE_SIZE

# What each kind of file must be told (a fragment of its one sentence).
DAMAGED = "is damaged"
PART_PAGES = "is damaged, or is not a Coach Workbook file: its size is not a whole number"
WRONG_OR_FIRST_PAGE = "the file's first page may be damaged: open your most recent backup"
DAMAGED_PAGES = "pages fail their check); open your most recent backup instead."
VERIFY_DAMAGED = "The workbook is damaged — open your most recent backup."

Make = Callable[[Path, Path, random.Random], str]


def _bytes(path: Path) -> bytearray:
    return bytearray(path.read_bytes())


def truncate_inside_a_page(path: Path, _: Path, rng: random.Random) -> str:
    data = _bytes(path)
    size = rng.randrange(1, len(data))
    size += 1 if size % PAGE == 0 else 0
    path.write_bytes(bytes(data[:size]))
    return PART_PAGES


def truncate_at_a_page(path: Path, _: Path, rng: random.Random) -> str:
    data = _bytes(path)
    path.write_bytes(bytes(data[:rng.randrange(1, len(data) // PAGE) * PAGE]))
    return DAMAGED


def flip_the_salt(path: Path, _: Path, rng: random.Random) -> str:
    data = _bytes(path)
    data[rng.randrange(16)] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))
    return WRONG_OR_FIRST_PAGE


def flip_the_first_page(path: Path, _: Path, rng: random.Random) -> str:
    data = _bytes(path)
    for _i in range(rng.randrange(1, 9)):
        data[rng.randrange(16, PAGE)] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))
    return DAMAGED


def flip_a_later_page(path: Path, _: Path, rng: random.Random) -> str:
    data = _bytes(path)
    page = rng.randrange(1, len(data) // PAGE)
    for _i in range(rng.randrange(1, 5)):
        data[page * PAGE + rng.randrange(PAGE)] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))
    return DAMAGED


def zero_a_later_page(path: Path, _: Path, rng: random.Random) -> str:
    data = _bytes(path)
    page = rng.randrange(1, len(data) // PAGE)
    data[page * PAGE:(page + 1) * PAGE] = bytes(PAGE)
    path.write_bytes(bytes(data))
    return DAMAGED


def zero_the_first_page(path: Path, _: Path, rng: random.Random) -> str:
    data = _bytes(path)
    data[:PAGE] = bytes(PAGE)
    path.write_bytes(bytes(data))
    return WRONG_OR_FIRST_PAGE


def zero_everything(path: Path, _: Path, rng: random.Random) -> str:
    path.write_bytes(bytes(path.stat().st_size))
    return WRONG_OR_FIRST_PAGE


def random_whole_pages(path: Path, _: Path, rng: random.Random) -> str:
    path.write_bytes(rng.randbytes(rng.randrange(1, 64) * PAGE))
    return WRONG_OR_FIRST_PAGE


def random_bytes(path: Path, _: Path, rng: random.Random) -> str:
    size = rng.randrange(1, 40_000)
    path.write_bytes(rng.randbytes(size + (1 if size % PAGE == 0 else 0)))
    return PART_PAGES


def a_pdf(path: Path, _: Path, rng: random.Random) -> str:
    path.write_bytes(b"%PDF-1.7\n" + rng.randbytes(rng.randrange(0, 9000)))
    return "is a PDF document, not a Coach Workbook file."


def a_zip(path: Path, _: Path, rng: random.Random) -> str:
    path.write_bytes(b"PK\x03\x04" + rng.randbytes(rng.randrange(0, 9000)))
    return "is a ZIP archive or an Office document, not a Coach Workbook file."


def a_png(path: Path, _: Path, rng: random.Random) -> str:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(PAGE * 2 - 8))
    return "is a PNG image, not a Coach Workbook file."


def a_json_export(path: Path, _: Path, rng: random.Random) -> str:
    body = '{"format": "coach-workbook", "coachees": [' + ", ".join(
        f'{{"name": "Learner {i}"}}' for i in range(rng.randrange(0, 400))) + "]}"
    path.write_text(body, encoding="utf-8")
    return "is a text file (such as CSV or JSON), not a Coach Workbook file."


def a_roster(path: Path, _: Path, rng: random.Random) -> str:
    rows = "".join(f"Léa Dubois {i};lea{i}@example.org\r\n" for i in range(rng.randrange(1, 300)))
    text = "Name;E-mail\r\n" + rows
    if rng.random() < 0.5:
        path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    else:
        path.write_text(text, encoding="utf-8")
    return "is a text file (such as CSV or JSON), not a Coach Workbook file."


def plain_sqlite(path: Path, _: Path, rng: random.Random) -> str:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE coachees(name TEXT)")
    conn.commit()
    conn.close()
    return "is an unencrypted SQLite database, not a Coach Workbook file."


def other_sqlcipher(path: Path, _: Path, rng: random.Random) -> str:
    path.unlink()
    conn = sqlcipher3.connect(str(path))
    vault.key_connection(conn, PASSPHRASE)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    return "is an encrypted database, but not a Coach Workbook file."


def empty(path: Path, _: Path, rng: random.Random) -> str:
    path.write_bytes(b"")
    return "is empty; it is not a Coach Workbook file."


def a_named_pipe(path: Path, _: Path, rng: random.Random) -> str:
    path.unlink()
    os.mkfifo(path)
    return "is a named pipe, not a Coach Workbook file."


def _set_version(path: Path, version: int) -> None:
    with vault.open_vault(path, PASSPHRASE) as v:
        v.db.execute(f"PRAGMA user_version = {version}")


def version_wiped(path: Path, _: Path, rng: random.Random) -> str:
    _set_version(path, 0)
    return "is damaged: it holds tables but no schema version"


def too_new(path: Path, _: Path, rng: random.Random) -> str:
    _set_version(path, migrations.SCHEMA_VERSION + rng.randrange(1, 50))
    return "was saved by a newer version of Coach Workbook"


KINDS: list[Make] = [
    truncate_inside_a_page, truncate_at_a_page, flip_the_salt, flip_the_first_page,
    flip_a_later_page, zero_a_later_page, zero_the_first_page, zero_everything,
    random_whole_pages, random_bytes, a_pdf, a_zip, a_png, a_json_export, a_roster,
    plain_sqlite, other_sqlcipher, empty, version_wiped, too_new,
    flip_a_later_page, truncate_inside_a_page, truncate_at_a_page, flip_the_first_page,
] + ([a_named_pipe] if hasattr(os, "mkfifo") else [])

NEW_PASSPHRASE = "Another fictional passphrase 2027"

# Each command reads the damaged file WB (restore: as the backup to restore), writes only
# into its folder OUT and reads its other input from IN, which an intact workbook would take.
Command = Callable[[Path, Path, Path], list[str]]
COMMANDS: list[Command] = [
    lambda wb, out, src: ["list", str(wb), "coachees"],
    lambda wb, out, src: ["export", str(wb), "-o", str(out / "export.json")],
    lambda wb, out, src: ["verify", str(wb)],
    lambda wb, out, src: ["search", str(wb), "goal"],
    lambda wb, out, src: ["list", str(wb), "sessions", "--json"],
    lambda wb, out, src: ["passwd", str(wb)],
    lambda wb, out, src: ["backup", str(wb), str(out / "copy.cwb")],
    lambda wb, out, src: ["import", str(wb), str(src / "learners.json")],
    lambda wb, out, src: ["import", str(wb), str(src / "roster.csv")],
    lambda wb, out, src: ["restore", str(wb), str(out / "restored.cwb")],
    lambda wb, out, src: ["summary", str(wb), "1", "-o", str(out / "summary.pdf")],
]
# What each command reads from standard input (the passphrase, unless said here).
STDIN = {"passwd": f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n"}


def command_for(case: int) -> Command:
    """The command of a case: the next one for each case, shifted by one each round of
    KINDS, so the tenth run tries every command and the full run every kind with each
    (len(COMMANDS) is prime, so no shift repeats a pairing)."""
    return COMMANDS[(case + case // len(KINDS)) % len(COMMANDS)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export and a roster an intact workbook imports (one new learner each)."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "learners.json").write_text(
        '{"format": "coach-workbook", "format_version": 1, '
        '"coachees": [{"id": 1, "name": "Proof Learner"}]}', encoding="utf-8")
    (folder / "roster.csv").write_text("Name;E-mail\r\nLéa Proof;lea.proof@example.org\r\n",
                                       encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """What is in `folder`, the lock file left aside (it holds nothing and is reused)."""
    found: dict[str, bytes | str] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".lock"):
            continue
        found[entry.name] = entry.read_bytes() if entry.is_file() else "not a regular file"
    return found


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", range(repeats(500)))
def test_a_damaged_or_foreign_file_gets_its_sentence_and_stays_as_it_was(
    case: int, demo_file: Path, inputs: Path, tmp_path: Path,
    capfd: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(case)
    make = KINDS[case % len(KINDS)]
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "coach.cwb"
    shutil.copyfile(demo_file, path)
    expected = make(path, folder, rng)
    args = command_for(case)(path, folder, inputs)
    before = _snapshot(folder)
    capfd.readouterr()

    code, out, err = run_cli(*args, stdin=STDIN.get(args[0], PASSPHRASE + "\n"))

    told = out + err
    assert code == EXIT_CANNOT_OPEN, (make.__name__, args[0], told)
    assert told.count("\n") == 1 and told.endswith("\n"), (make.__name__, told)
    if expected == DAMAGED:
        # The first read finds the damage, or the check of every page does; `verify`
        # reports it in full.
        assert (DAMAGED in told or VERIFY_DAMAGED in told) and "backup" in told, told
    else:
        assert expected in told, (make.__name__, args[0], told)
    assert "does not open" not in told or expected == WRONG_OR_FIRST_PAGE
    assert _snapshot(folder) == before, make.__name__
    assert capfd.readouterr() == ("", ""), "nothing may reach the terminal behind click"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX named pipes")
def test_every_kind_is_in_the_tenth_run() -> None:
    assert repeats(500) >= len(KINDS)


def test_every_command_is_in_the_tenth_run_and_meets_every_kind_in_the_full_one() -> None:
    assert {id(command_for(case)) for case in range(repeats(500))} == {id(c) for c in COMMANDS}
    pairs = {(KINDS[case % len(KINDS)].__name__, id(command_for(case))) for case in range(500)}
    assert pairs == {(k.__name__, id(c)) for k in KINDS for c in COMMANDS}
