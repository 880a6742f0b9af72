"""Proof: 100 wrong passphrases, each through a command: one line on stderr, nothing on
stdout or behind click at the descriptor, the workbook byte for byte as it was, nothing
written beside it, and the right passphrase still opens it.

The wrong passphrases are the near misses a coach types (one letter's case, a letter
dropped, doubled or swapped, a space before or after, a look-alike letter from another
script) and passphrases that would break naive quoting (quotes, backslashes, semicolons,
SQL), in many scripts and lengths.
"""

from __future__ import annotations

import random
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.proof import repeats
from tests.records import run_cli
from workbook import vault
from workbook.errors import EXIT_CANNOT_OPEN

SENTENCE = ("That passphrase does not open «coach.cwb». Passphrases are case-sensitive: check "
            "Caps Lock and the keyboard layout, then try again. If you are sure it is right, "
            "the file's first page may be damaged: open your most recent backup.\n")

_ALPHABETS = ["abcdefghijklmnopqrstuvwxyz ", "ÄÖÜäöüßéèêçñ", "абвгдежзийклмн", "αβγδεζηθ",
              "的一是不了人我在有他", "ابتثجحخدذرزسش", "אבגדהוזחטי", "'\"\\;`%_*-– ", "🙂🔒📓✓"]


def _case(p: str, rng: random.Random) -> str:
    i = rng.choice([i for i, c in enumerate(p) if c.isalpha()])
    return p[:i] + p[i].swapcase() + p[i + 1:]


def _drop(p: str, rng: random.Random) -> str:
    i = rng.randrange(len(p))
    return p[:i] + p[i + 1:]


def _double(p: str, rng: random.Random) -> str:
    i = rng.randrange(len(p))
    return p[:i] + p[i] + p[i:]


def _swap(p: str, rng: random.Random) -> str:
    i = rng.choice([i for i in range(len(p) - 1) if p[i] != p[i + 1]])
    return p[:i] + p[i + 1] + p[i] + p[i + 2:]


def _spaced(p: str, rng: random.Random) -> str:
    return rng.choice([" " + p, p + " ", p + "\t"])


def _look_alike(p: str, rng: random.Random) -> str:
    return p.replace("a", "а", 1).replace("o", "ο", 1)  # Cyrillic a, Greek omicron


def _quoted(p: str, rng: random.Random) -> str:
    return rng.choice(["'", "''", "' OR '1'='1", "'; PRAGMA key = ''; --", "\\'"]) + p


def _another(p: str, rng: random.Random) -> str:
    letters = "".join(rng.sample(_ALPHABETS, rng.randrange(1, 4)))
    return "".join(rng.choice(letters) for _ in range(rng.choice([1, 12, 30, 200, 1000])))


MISTAKES: list[Callable[[str, random.Random], str]] = [
    _case, _drop, _double, _swap, _spaced, _look_alike, _quoted, _another]

COMMANDS: list[Callable[[Path, Path], list[str]]] = [
    lambda wb, out: ["list", str(wb), "coachees"],
    lambda wb, out: ["export", str(wb), "-o", str(out / "export.json")],
    lambda wb, out: ["verify", str(wb)],
    lambda wb, out: ["search", str(wb), "goal"],
    lambda wb, out: ["passwd", str(wb)],
    lambda wb, out: ["backup", str(wb), str(out / "copy.cwb")],
]


def wrong_passphrase(case: int) -> str:
    rng = random.Random(case)
    candidate = MISTAKES[case % len(MISTAKES)](PASSPHRASE, rng)
    # A passphrase typed in another Unicode form is the same passphrase: not a wrong one.
    assert unicodedata.normalize("NFC", candidate) != PASSPHRASE
    return candidate


def test_a_wrong_passphrase_changes_nothing_and_says_one_line(
    demo_file: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "coach.cwb"
    shutil.copyfile(demo_file, path)
    before = path.read_bytes()
    capfd.readouterr()
    for case in range(repeats(100)):
        wrong = wrong_passphrase(case)
        args = COMMANDS[case % len(COMMANDS)](path, folder)
        stdin = wrong + "\n" + ("A new fictional passphrase 2027\n" * 2 if args[0] == "passwd"
                                else "")

        code, out, err = run_cli(*args, stdin=stdin)

        assert (code, out, err) == (EXIT_CANNOT_OPEN, "", SENTENCE), (case, args[0], wrong)
        assert path.read_bytes() == before, (case, args[0])
        assert sorted(p.name for p in folder.iterdir()) == ["coach.cwb", "coach.cwb.lock"]
        assert capfd.readouterr() == ("", ""), "nothing may reach the terminal behind click"
    with vault.open_vault(path, PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM coachees").fetchone()[0] > 0
